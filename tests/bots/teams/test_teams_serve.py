"""`clausewise serve` opens to the network only with API keys; without a Teams app id the
Teams endpoint answers only this machine (the Emulator), wherever the server listens."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from assistant.api import create_app
from assistant.cli import app as cli
from assistant.service import Clausewise

APP_ID = "8f0c2b6e-0000-4000-8000-00000000a11d"


@pytest.mark.parametrize(
    ("env", "bound"),
    [
        ({}, "127.0.0.1"),
        ({"MicrosoftAppId": APP_ID}, "127.0.0.1"),
        ({"CLAUSEWISE_API_KEYS": '{"k": ["standards"]}'}, "0.0.0.0"),
        ({"CLAUSEWISE_API_KEYS": '{"k": ["standards"]}', "MicrosoftAppId": APP_ID}, "0.0.0.0"),
    ],
)
def test_non_loopback_needs_api_keys(env, bound, settings, monkeypatch):
    import uvicorn

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: calls.append(kwargs))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 0, result.output
    assert calls[0]["host"] == bound
    assert ("Teams app id" in result.output) == ("MicrosoftAppId" not in env)


def test_without_an_app_id_only_this_machine_may_post_activities(settings, hashing_embedder):
    """An unauthenticated activity from another host is refused (403) before it is read."""
    activity = {"type": "message", "id": "a1", "text": "help", "channelId": "msteams",
                "serviceUrl": "http://127.0.0.1:9/", "conversation": {"id": "c1"},
                "from": {"id": "u1"}, "recipient": {"id": "b1"}}  # fmt: skip
    app = create_app(settings, Clausewise(settings, embedder=hashing_embedder))
    with TestClient(app, client=("203.0.113.7", 50000)) as remote:
        response = remote.post("/api/messages", json=activity)
    assert response.status_code == 403
    assert "CLAUSEWISE_TEAMS_APP_ID" in response.json()["detail"]
