"""Slack pieces without a network: Block Kit limits, mrkdwn escaping, the manifest, Socket Mode
wiring (the real Bolt app dispatching a Socket Mode envelope, posting to a local fake Web API)."""

from __future__ import annotations

import time
from pathlib import Path

import yaml
from fake_slack import FakeSlack
from slack_bolt.adapter.socket_mode.internals import run_bolt_app
from slack_sdk.socket_mode.request import SocketModeRequest

from assistant.answer import Answer, Reference
from assistant.service import Clausewise
from assistant.settings import load_settings
from bots.common.core import AnswerReply, BotCore, TextReply
from bots.common.journal import BotJournal
from bots.slack.blocks import render
from bots.slack.constants import COMMAND, MAX_BLOCKS, MAX_MESSAGE_CHARS, MAX_SECTION_CHARS
from bots.slack.formatting import message_text
from bots.slack.socket_mode import socket_mode_handler

MANIFEST = Path(__file__).resolve().parents[3] / "bots" / "slack" / "manifest.yaml"


def test_a_very_long_answer_stays_within_block_kit_limits():
    """200 long key points: at most 50 blocks, no section over 3,000 characters, at most
    12,000 characters in all, a 'shortened' note, and the feedback buttons still last."""
    answer = Answer(
        question="q", language="nb", found=True, answer="Svar. " * 1000,
        key_points=[f"Punkt {i}: " + "ord " * 120 for i in range(200)],
        references=[Reference(id="ISO21001:8.5.5", title="Støttetjenester", score=0.9)],
        sources=[],
    )  # fmt: skip
    blocks = render(AnswerReply(answer, "a1")).blocks
    assert len(blocks) <= MAX_BLOCKS
    assert all(len(b.get("text", {}).get("text", "")) <= MAX_SECTION_CHARS for b in blocks)
    assert sum(len(b.get("text", {}).get("text", "")) for b in blocks) <= MAX_MESSAGE_CHARS
    assert blocks[-1]["type"] == "actions"
    assert any("forkortet" in e.get("text", "") for b in blocks for e in b.get("elements", []))


def test_user_text_cannot_ping_the_channel():
    """An error that quotes '<!channel>' is escaped, so Slack shows it instead of notifying."""
    reply = TextReply("'<!channel>' is not a clause & more", "en", "error")
    [block] = render(reply).blocks
    assert "<!channel>" not in block["text"]["text"]
    assert "&lt;!channel&gt;" in block["text"]["text"] and "&amp;" in block["text"]["text"]


def test_message_text_strips_mentions_and_decodes_entities():
    raw = "<@U0BOT> Hva krever <https://iso.org|ISO 21001> om &lt;klager&gt; &amp; avvik?"
    assert message_text(raw) == "Hva krever ISO 21001 om <klager> & avvik?"


def test_manifest_declares_exactly_what_the_bot_uses():
    """The manifest's scopes and events match the listeners and API calls in bots/slack."""
    manifest = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert scopes == {"app_mentions:read", "chat:write", "commands", "files:write", "im:history"}
    assert set(manifest["settings"]["event_subscriptions"]["bot_events"]) == {
        "app_mention", "message.im"}  # fmt: skip
    assert [c["command"] for c in manifest["features"]["slash_commands"]] == [COMMAND]
    assert manifest["settings"]["interactivity"]["is_enabled"] is True


def test_socket_mode_envelopes_reach_the_same_listeners(tmp_path, hashing_embedder):
    """A Socket Mode events_api envelope dispatched through Bolt's own Socket Mode runner is
    answered in the thread via the Web API, like an HTTP event."""
    with FakeSlack() as fake:
        settings = load_settings(
            home=tmp_path / "home", slack_bot_token="xoxb-socket", slack_app_token="xapp-1",
            slack_api_url=fake.api_url,
        )  # fmt: skip
        with Clausewise(settings, embedder=hashing_embedder) as assistant:
            core = BotCore(assistant, BotJournal(settings.bots_database_path))
            handler = socket_mode_handler(settings, lambda: core)
            assert handler.client.web_client.base_url == fake.api_url
            event = {"type": "app_mention", "user": "U1", "channel": "C1", "ts": "5.1",
                     "text": "<@UBOT> help", "event_ts": "5.1"}  # fmt: skip
            payload = {"type": "event_callback", "team_id": "T1", "event_id": "EvS1",
                       "event": event, "authorizations": [{"user_id": "UBOT", "is_bot": True}]}  # fmt: skip
            request = SocketModeRequest(type="events_api", envelope_id="env-1", payload=payload)
            assert run_bolt_app(handler.app, request).status == 200
            [post] = fake.wait(lambda: fake.of("chat.postMessage"))
            assert post.arg("thread_ts") == "5.1"
            assert "clause ISO21001:8.5.5" in post.arg("text")
            # Socket Mode redelivers an unacknowledged envelope: still one answer.
            retry = SocketModeRequest(type="events_api", envelope_id="env-2", payload=payload,
                                      retry_attempt=1, retry_reason="timeout")  # fmt: skip
            run_bolt_app(handler.app, retry)
            time.sleep(0.5)
            assert len(fake.of("chat.postMessage")) == 1
