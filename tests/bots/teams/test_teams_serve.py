"""`clausewise serve` opens to the network only when the API and the Teams bot both
authenticate (no app id: /api/messages would take unauthenticated activities)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from assistant.cli import app as cli


@pytest.mark.parametrize(
    ("env", "bound"),
    [
        ({}, "127.0.0.1"),
        ({"CLAUSEWISE_API_KEYS": '{"k": ["standards"]}'}, "127.0.0.1"),
        ({"MicrosoftAppId": "8f0c2b6e-0000-4000-8000-00000000a11d"}, "127.0.0.1"),
        ({"CLAUSEWISE_API_KEYS": '{"k": ["standards"]}',
          "MicrosoftAppId": "8f0c2b6e-0000-4000-8000-00000000a11d"}, "0.0.0.0"),
    ],
)  # fmt: skip
def test_non_loopback_needs_api_keys_and_a_teams_app_id(env, bound, settings, monkeypatch):
    import uvicorn

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: calls.append(kwargs))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 0, result.output
    assert calls[0]["host"] == bound
    if bound == "127.0.0.1" and "MicrosoftAppId" not in env:
        assert "Teams app id" in result.output
