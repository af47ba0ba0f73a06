"""The Teams outgoing webhook (POST /teams/webhook): real activity JSON as Teams posts it,
signed with HMAC-SHA256 exactly as Teams signs it, against the app with the real model."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time

import pytest
from fastapi.testclient import TestClient
from teams_wire import CANARY, GENERAL_CHANNEL, QUALITY_CHANNEL, RECORD, activity, build_app

from bots.common.runtime import bot_core
from bots.common.texts import text

pytestmark = pytest.mark.model
SECRET = base64.b64encode(b"teams-shows-this-token-once-32by").decode()
RECORDS = ["standards", "frameworks", "records"]


@pytest.fixture(scope="module")
def client(tmp_path_factory, indexed_home, real_embedder):
    app, _ = build_app(
        indexed_home, tmp_path_factory.mktemp("teams-webhook"), real_embedder,
        teams_webhook_secret=SECRET, bot_channel_collections={QUALITY_CHANNEL: RECORDS},
    )  # fmt: skip
    with TestClient(app, client=("127.0.0.1", 50000)) as test_client:
        files = [("files", ("internrevisjon.md", RECORD.encode(), "text/markdown"))]
        assert test_client.post("/v1/documents", files=files).status_code == 200
        yield test_client


def signed(body: dict, secret: str = SECRET) -> tuple[bytes, dict]:
    raw = json.dumps(body, ensure_ascii=False).encode()
    digest = hmac.new(base64.b64decode(secret), raw, hashlib.sha256).digest()
    return raw, {"Authorization": f"HMAC {base64.b64encode(digest).decode()}",
                 "Content-Type": "application/json"}  # fmt: skip


def webhook_activity(question: str, connector, channel: str = GENERAL_CHANNEL) -> dict:
    body = activity(question, connector, channel=channel)
    body["entities"] = [e for e in body["entities"] if e["type"] != "mention"]  # as webhooks send
    return body


def test_a_correctly_signed_message_is_answered_in_its_language(client, connector):
    """Real wire format: a Dutch question with a valid HMAC gets a Dutch message activity with
    clause references, at once (no connector involved)."""
    raw, headers = signed(webhook_activity("Wat eist ISO 21001 van de interne audit?", connector))
    response = client.post("/teams/webhook", content=raw, headers=headers)
    assert response.status_code == 200
    reply = response.json()
    assert reply["type"] == "message"
    assert "**Verwijzingen**" in reply["text"] and "ISO21001:9.2" in reply["text"]
    assert "<at>" not in reply["text"]


def test_channel_access_applies_to_the_webhook(client, connector):
    """Real wire format: records show only in the channel mapped to them."""
    question = "Hvordan gjennomføres internrevisjon etter revisjonsprogrammet hver høst?"
    raw, headers = signed(webhook_activity(question, connector, channel=QUALITY_CHANNEL))
    assert CANARY in client.post("/teams/webhook", content=raw, headers=headers).json()["text"]
    raw, headers = signed(webhook_activity(question, connector))
    assert CANARY not in client.post("/teams/webhook", content=raw, headers=headers).json()["text"]


def test_wrong_or_missing_signatures_are_401(client, connector):
    """Real wire format: no header, another secret, a tampered body: 401, nothing answered."""
    raw, headers = signed(webhook_activity("help", connector))
    assert client.post("/teams/webhook", content=raw).status_code == 401
    _, other = signed(webhook_activity("help", connector),
                      base64.b64encode(b"another-secret-of-32-bytes-long!").decode())  # fmt: skip
    assert client.post("/teams/webhook", content=raw, headers=other).status_code == 401
    tampered = raw.replace(b"help", b"hulp")
    assert client.post("/teams/webhook", content=tampered, headers=headers).status_code == 401
    headers["Authorization"] = headers["Authorization"].replace("HMAC", "Bearer")
    assert client.post("/teams/webhook", content=raw, headers=headers).status_code == 401


def test_a_slow_answer_degrades_to_still_working(client, connector, monkeypatch):
    """Real wire format, a deliberately slow core: past the webhook timeout Teams gets a short
    'still working' message in the question's language instead of a timeout."""
    core = bot_core(client.app)
    real_handle = core.handle

    def slow(*args, **kwargs):
        time.sleep(1.5)
        return real_handle(*args, **kwargs)

    monkeypatch.setattr(core, "handle", slow)
    monkeypatch.setattr(client.app.state.settings, "teams_webhook_timeout", 0.3)
    raw, headers = signed(webhook_activity("Wat eist ISO 21001 van de interne audit?", connector))
    started = time.monotonic()
    response = client.post("/teams/webhook", content=raw, headers=headers)
    assert time.monotonic() - started < 1.2
    assert response.status_code == 200
    assert response.json() == {"type": "message", "text": text("still_working", "nl")}
    time.sleep(1.5)  # let the late answer finish before the module's app closes
