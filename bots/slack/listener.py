"""Bolt listeners: Slack events, the slash command and the feedback buttons, each handed to
the bot core. Everything the user sees is posted in the thread of the message it answers."""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from assistant.errors import MissingSetting
from assistant.settings import Settings
from bots.common.access import collections_for
from bots.common.core import BotCore, GapReply, Origin, Reply
from bots.common.journal import ThreadContext
from bots.common.texts import text
from bots.slack.blocks import render
from bots.slack.constants import (
    ACTION_VOTE_DOWN,
    ACTION_VOTE_UP,
    COMMAND,
    NOT_IN_CHANNEL_ERRORS,
    PLATFORM,
)
from bots.slack.formatting import message_text

log = logging.getLogger("clausewise.slack")


class SlackBot:
    """The listeners, bound to one bot core (fetched lazily: the API builds it at start-up)."""

    def __init__(self, settings: Settings, core: Callable[[], BotCore]) -> None:
        self.settings = settings
        self._core = core

    @property
    def core(self) -> BotCore:
        return self._core()

    def collections(self, channel: str | None, team: str | None) -> list[str]:
        return collections_for(
            self.settings.bot_channel_collections, self.settings.bot_default_collections,
            channel, team,
        )  # fmt: skip

    # --- events -------------------------------------------------------------------------------

    def on_mention(self, body: dict, event: dict, client: WebClient) -> None:
        """An @mention in a channel: answer in its thread."""
        self._answer_event(body, event, client)

    def on_message(self, body: dict, event: dict, client: WebClient) -> None:
        """A direct message to the bot: answer in its thread. Other messages are not ours."""
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            return
        self._answer_event(body, event, client)

    def _answer_event(self, body: dict, event: dict, client: WebClient) -> None:
        event_id = body.get("event_id") or f"{event.get('channel')}:{event.get('ts')}"
        if not self.core.journal.first_delivery(PLATFORM, event_id):
            log.info("skipped a redelivered event %s", event_id)  # a retry: answered already
            return
        channel = event["channel"]
        thread = event.get("thread_ts") or event["ts"]
        origin = Origin(PLATFORM, channel, thread, event.get("user"), body.get("team_id"))
        question = message_text(event.get("text", ""))
        collections = self.collections(channel, origin.workspace)
        try:
            if note := self.core.working_note(question, collections):
                client.chat_postMessage(channel=channel, thread_ts=thread, text=note)
            reply = self.core.handle(question, origin, collections)
            self._post(client, channel, thread, reply)
        except Exception:
            self._apologise(client, channel, thread, origin, question)

    # --- the slash command --------------------------------------------------------------------

    def on_command(self, ack: Ack, command: dict, client: WebClient, respond: Respond) -> None:
        """`/clausewise …`: acknowledged at once (Slack allows 3 s), answered afterwards."""
        channel, team = command["channel_id"], command.get("team_id")
        origin = Origin(PLATFORM, channel, None, command.get("user_id"), team)
        message = message_text(command.get("text", ""))
        collections = self.collections(channel, team)
        if note := self.core.working_note(message, collections):
            ack(text=note)  # shown at once, only to the user who asked
        else:
            ack()
        try:
            reply = self.core.handle(message, origin, collections)
            posted = self._post(client, channel, None, reply, respond=respond)
        except Exception:
            self._apologise(client, channel, None, origin, message, respond=respond)
            return
        # A thread under the answer continues the conversation like a mention would.
        question = getattr(getattr(reply, "answer", None), "question", None)
        if posted and question:
            self.core.journal.remember_thread(
                PLATFORM, channel, posted, ThreadContext(question, reply.answer.language)
            )

    # --- feedback buttons ---------------------------------------------------------------------

    def on_vote(self, ack: Ack, body: dict, action: dict, respond: Respond) -> None:
        """👍 / 👎 on an answer: stored with the user; an ephemeral thank-you."""
        ack()
        answer_id, _, language = action.get("value", "").partition(":")
        user = body.get("user", {}).get("id", "")
        if self.core.journal.vote(answer_id, user, action["action_id"] == ACTION_VOTE_UP):
            respond(text=text("thanks", language or "en"), response_type="ephemeral",
                    replace_original=False)  # fmt: skip
        else:
            log.warning("vote for an unknown answer id %r", answer_id)

    # --- posting ------------------------------------------------------------------------------

    def _post(
        self,
        client: WebClient,
        channel: str,
        thread: str | None,
        reply: Reply,
        respond: Respond | None = None,
    ) -> str | None:
        """Post a reply (and upload a gap checklist); the posted message's ts when known."""
        message = render(reply)
        if isinstance(reply, GapReply):
            self._upload(client, channel, thread, reply, respond)
            return None
        try:
            response = client.chat_postMessage(
                channel=channel, thread_ts=thread, text=message.text, blocks=message.blocks,
                unfurl_links=False, unfurl_media=False,
            )  # fmt: skip
            return response.get("ts")
        except SlackApiError as exc:
            # A slash command in a channel the bot has not joined: answer through response_url.
            if respond is None or exc.response.get("error") not in NOT_IN_CHANNEL_ERRORS:
                raise
            respond(text=message.text, blocks=message.blocks, response_type="in_channel")
            return None

    def _upload(
        self,
        client: WebClient,
        channel: str,
        thread: str | None,
        reply: GapReply,
        respond: Respond | None,
    ) -> None:
        try:
            client.files_upload_v2(
                channel=channel, thread_ts=thread, content=reply.content,
                filename=reply.filename, title=reply.filename, initial_comment=reply.summary,
            )  # fmt: skip
        except SlackApiError as exc:
            if respond is None or exc.response.get("error") not in NOT_IN_CHANNEL_ERRORS:
                raise
            respond(text=f"{reply.summary}\n(/invite the app to this channel to get the XLSX.)",
                    response_type="ephemeral")  # fmt: skip

    def _apologise(
        self,
        client: WebClient,
        channel: str,
        thread: str | None,
        origin: Origin,
        message: str,
        respond: Respond | None = None,
    ) -> None:
        """Never silence: log the failure (no message text) and say sorry where it was asked."""
        log.exception("answering in %s failed (user %s)", channel, origin.user)
        try:
            language = self.core.language_of(message)
        except Exception:
            language = "en"
        sorry = text("apology", language)
        try:
            if respond is not None:
                respond(text=sorry, response_type="ephemeral")
            else:
                client.chat_postMessage(channel=channel, thread_ts=thread, text=sorry)
        except Exception:
            log.exception("could not post the apology in %s", channel)


def build_slack_app(
    settings: Settings,
    core: Callable[[], BotCore],
    *,
    socket_mode: bool = False,
    client: WebClient | None = None,
) -> App:
    """The Bolt app with Clausewise's listeners, for HTTP mode (signed requests) or Socket Mode."""
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    secret = settings.slack_signing_secret
    if not token:
        raise MissingSetting("Set CLAUSEWISE_SLACK_BOT_TOKEN (or SLACK_BOT_TOKEN).")
    if not socket_mode and secret is None:
        raise MissingSetting(
            "Set CLAUSEWISE_SLACK_SIGNING_SECRET (or SLACK_SIGNING_SECRET) for POST /slack/events."
        )
    app = App(
        client=client or WebClient(token=token, base_url=settings.slack_api_url),
        signing_secret=secret.get_secret_value() if secret else None,
        # Socket Mode has no HTTP requests to verify; HTTP mode always verifies.
        request_verification_enabled=not socket_mode,
        # No call to Slack while the process starts; auth.test runs on the first event.
        token_verification_enabled=False,
        logger=logging.getLogger("clausewise.slack.bolt"),
    )
    bot = SlackBot(settings, core)
    app.event("app_mention")(bot.on_mention)
    app.event("message")(bot.on_message)
    app.command(COMMAND)(bot.on_command)
    app.action(ACTION_VOTE_UP)(bot.on_vote)
    app.action(ACTION_VOTE_DOWN)(bot.on_vote)
    return app
