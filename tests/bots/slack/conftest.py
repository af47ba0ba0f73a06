"""Fixtures for the Slack bot: a fake Slack Web API and an app that signs like Slack does."""

from __future__ import annotations

import hashlib
import hmac
import json
import sys
import time
import urllib.parse
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).parent))

from fake_slack import CANARY, QUALITY_CHANNEL, SIGNING_SECRET, FakeSlack  # noqa: E402

from assistant.api import create_app  # noqa: E402
from assistant.indexer import chunking_options, ingest_paths  # noqa: E402
from assistant.service import Clausewise  # noqa: E402
from assistant.settings import load_settings  # noqa: E402

RECORDS = {
    "klagerutine.md": (
        "# Rutine for klagebehandling\n\nKlager fra elever og foresatte registreres i "
        f"klageloggen samme dag ({CANARY}). Rektor undersøker saken og gir skriftlig svar "
        "innen tre uker. Klagene gjennomgås hvert halvår i kvalitetsutvalget.\n"
    ),
    "ledningens-genomgang.md": (
        "# Ledningens genomgång 2026\n\nRektor och kvalitetsgruppen gick igenom resultaten "
        "från internrevisionen, elevenkäten och klagomålen. Beslut: nya mål för elevernas "
        "trygghet och en plan för kompetensutveckling av lärarna.\n"
    ),
}


def sign(body: bytes, timestamp: int | None = None, secret: str = SIGNING_SECRET) -> dict:
    """Headers exactly as Slack sends them: v0 HMAC-SHA256 over 'v0:{timestamp}:{body}'."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    base = b"v0:" + stamp.encode() + b":" + body
    digest = hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": f"v0={digest}"}


class SlackSender:
    """Posts events, slash commands and button clicks to /slack/events, signed."""

    def __init__(self, client: TestClient, fake: FakeSlack) -> None:
        self.client = client
        self.fake = fake
        self._event = 0

    def post(self, body: bytes, content_type: str, headers: dict | None = None, **sign_args):
        all_headers = {"Content-Type": content_type, **sign(body, **sign_args), **(headers or {})}
        return self.client.post("/slack/events", content=body, headers=all_headers)

    def event(self, event: dict, *, event_id: str | None = None, headers=None, **sign_args):
        self._event += 1
        payload = {
            "token": "legacy", "team_id": "T1", "api_app_id": "A1", "type": "event_callback",
            "event": event, "event_id": event_id or f"Ev{self._event:04d}",
            "event_time": int(time.time()),
            "authorizations": [{"team_id": "T1", "user_id": "UBOT", "is_bot": True}],
        }  # fmt: skip
        return self.post(json.dumps(payload).encode(), "application/json", headers, **sign_args)

    def mention(self, text: str, *, channel: str = "CGENERAL", ts: str, thread_ts=None, **kw):
        event = {"type": "app_mention", "user": "U1", "text": f"<@UBOT> {text}", "ts": ts,
                 "channel": channel, "event_ts": ts}  # fmt: skip
        if thread_ts:
            event["thread_ts"] = thread_ts
        return self.event(event, **kw)

    def command(self, text: str, *, channel: str = "CGENERAL"):
        form = {"token": "legacy", "team_id": "T1", "team_domain": "school",
                "channel_id": channel, "channel_name": "quality", "user_id": "U1",
                "user_name": "kari", "command": "/clausewise", "text": text,
                "api_app_id": "A1", "response_url": self.fake.response_url("cmd"),
                "trigger_id": "13345224609.738474920.8088930838d88f008e0"}  # fmt: skip
        body = urllib.parse.urlencode(form).encode()
        return self.post(body, "application/x-www-form-urlencoded")

    def click(self, action: dict, *, channel: str = "CGENERAL", user: str = "U1"):
        payload = {
            "type": "block_actions", "user": {"id": user, "username": "kari", "team_id": "T1"},
            "api_app_id": "A1", "token": "legacy", "team": {"id": "T1", "domain": "school"},
            "container": {"type": "message", "channel_id": channel, "message_ts": "1.1"},
            "trigger_id": "123.456.abc", "channel": {"id": channel, "name": "general"},
            "response_url": self.fake.response_url("click"),
            "actions": [{**action, "type": "button", "action_ts": str(time.time())}],
        }  # fmt: skip
        body = urllib.parse.urlencode({"payload": json.dumps(payload)}).encode()
        return self.post(body, "application/x-www-form-urlencoded")


@pytest.fixture(scope="module")
def fake_slack():
    with FakeSlack() as fake:
        yield fake


@pytest.fixture(scope="module")
def slack_home(tmp_path_factory, indexed_home, real_embedder, model_cache) -> Path:
    """An indexed data folder with two records (Norwegian and Swedish) in `records`."""
    import shutil

    home = tmp_path_factory.mktemp("slack") / "home"
    shutil.copytree(indexed_home, home)
    folder = home.parent / "records"
    folder.mkdir()
    for name, content in RECORDS.items():
        (folder / name).write_text(content, encoding="utf-8")
    settings = load_settings(home=home, cache=model_cache)
    with Clausewise(settings, embedder=real_embedder) as assistant:
        ingest_paths(assistant.store, real_embedder, [folder], "records",
                     chunking_options(settings))  # fmt: skip
    return home


@pytest.fixture(scope="module")
def slack(slack_home, fake_slack, real_embedder, model_cache):
    """The real API app with the Bolt app mounted, posting to the fake Slack."""
    settings = load_settings(
        home=slack_home, cache=model_cache, slack_bot_token="xoxb-test-token",
        slack_signing_secret=SIGNING_SECRET, slack_api_url=fake_slack.api_url,
        bot_channel_collections={QUALITY_CHANNEL: ["standards", "frameworks", "records"]},
    )  # fmt: skip
    with TestClient(create_app(settings, Clausewise(settings, embedder=real_embedder))) as client:
        yield SlackSender(client, fake_slack)
