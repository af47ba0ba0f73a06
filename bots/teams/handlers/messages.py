"""The Teams bot proper: messages (questions, commands, 👍 / 👎 submits) and file consent."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import aiohttp
from microsoft_agents.activity import Activity, ActivityTypes, Attachment
from microsoft_agents.activity.teams import FileConsentCardResponse
from microsoft_agents.hosting.core import TurnContext
from microsoft_agents.hosting.teams import TeamsActivityHandler

from bots.common.core import AnswerReply, ClauseReply, GapReply, Reply, TextReply
from bots.common.texts import text
from bots.teams import cards
from bots.teams.constants import (
    ACTION_KEY,
    ADAPTIVE_CARD,
    FILE_CONSENT_CARD,
    FILE_INFO_CARD,
    PLATFORM,
    VOTE_ACTION,
)
from bots.teams.handlers.replies import handle_off_loop, reply_language
from bots.teams.inbound import Inbound, read_activity

if TYPE_CHECKING:
    from bots.teams.listener import TeamsBot

log = logging.getLogger("clausewise.teams")


def card_activity(card: dict, summary: str = "") -> Activity:
    """A message with one Adaptive Card (`summary` shows in notifications)."""
    message = Activity(
        type=ActivityTypes.message,
        attachments=[Attachment(content_type=ADAPTIVE_CARD, content=card)],
    )
    if summary:
        message.summary = summary
    return message


class ClausewiseTeamsHandler(TeamsActivityHandler):
    """Parse, call the bot core, render: nothing here knows about retrieval."""

    def __init__(self, bot: TeamsBot) -> None:
        super().__init__()
        self.bot = bot

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        core = self.bot.core
        if activity.id and not core.journal.first_delivery(PLATFORM, activity.id):
            log.info("teams: activity %s redelivered; already answered", activity.id)
            return
        inbound = read_activity(activity)
        try:
            value = activity.value
            if isinstance(value, Mapping) and value.get(ACTION_KEY) == VOTE_ACTION:
                await self._vote(turn_context, inbound, value)
                return
            if not inbound.personal and not inbound.mentions_bot:
                return  # channel chatter not addressed to us
            await self._answer(turn_context, inbound)
        except Exception as exc:
            await self.apologise(turn_context, exc)

    async def _answer(self, turn_context: TurnContext, inbound: Inbound) -> None:
        core = self.bot.core
        settings = self.bot.settings
        collections = inbound.collections(
            settings.bot_channel_collections, settings.bot_default_collections
        )
        log.info(
            "teams: message %s in %s (%s), %d collections",
            turn_context.activity.id, "personal chat" if inbound.personal else "channel",
            inbound.origin.conversation[:24], len(collections),
        )  # fmt: skip
        language = reply_language(core, inbound.origin, turn_context.activity.locale)
        if working := core.working_note(inbound.text, collections, language):
            await turn_context.send_activity(working)
        reply = await handle_off_loop(core, inbound.text, inbound.origin, collections)
        await self.send_reply(turn_context, reply, inbound)

    async def send_reply(self, turn_context: TurnContext, reply: Reply, inbound: Inbound) -> None:
        if isinstance(reply, AnswerReply):
            summary = reply.answer.answer[:120]
            await turn_context.send_activity(card_activity(cards.answer_card(reply), summary))
        elif isinstance(reply, ClauseReply):
            await turn_context.send_activity(card_activity(cards.clause_card(reply)))
        elif isinstance(reply, GapReply):
            await self._send_gap(turn_context, reply, inbound)
        elif isinstance(reply, TextReply):
            await turn_context.send_activity(card_activity(cards.text_card(reply)))

    async def _send_gap(self, turn_context: TurnContext, reply: GapReply, inbound: Inbound) -> None:
        files = self.bot.files
        file_id = files.store(reply.filename, reply.content)
        minutes = self.bot.settings.teams_file_link_minutes
        if inbound.personal:
            # File consent: Teams asks the user, then gives us an upload URL in their OneDrive.
            await turn_context.send_activity(card_activity(cards.gap_card(reply, None, minutes)))
            context = {"file_id": file_id, "language": reply.language}
            consent = Attachment(
                content_type=FILE_CONSENT_CARD,
                name=reply.filename,
                content={"description": reply.summary, "sizeInBytes": len(reply.content),
                         "acceptContext": context, "declineContext": context},
            )  # fmt: skip
            await turn_context.send_activity(
                Activity(type=ActivityTypes.message, attachments=[consent])
            )
        else:
            link = self.bot.file_link(file_id)
            await turn_context.send_activity(card_activity(cards.gap_card(reply, link, minutes)))

    async def _vote(
        self, turn_context: TurnContext, inbound: Inbound, value: Mapping[str, Any]
    ) -> None:
        core = self.bot.core
        user = inbound.origin.user or "unknown"
        stored = core.journal.vote(str(value.get("answer_id", "")), user, bool(value.get("up")))
        log.info("teams: vote %s on %s (stored: %s)", "up" if value.get("up") else "down",
                 value.get("answer_id"), stored)  # fmt: skip
        language = reply_language(core, inbound.origin, turn_context.activity.locale)
        await turn_context.send_activity(text("thanks", language))

    async def on_teams_file_consent(self, turn_context: TurnContext, response: Any) -> None:
        # SDK 0.9.1 passes the raw invoke value (a dict) where it expects the model.
        if not isinstance(response, FileConsentCardResponse):
            response = FileConsentCardResponse.model_validate(response or {})
        if turn_context.activity.id and not self.bot.core.journal.first_delivery(
            PLATFORM, turn_context.activity.id
        ):
            return None
        try:
            return await super().on_teams_file_consent(turn_context, response)
        except Exception as exc:
            await self.apologise(turn_context, exc)
            return None

    async def on_teams_file_consent_accept(
        self, turn_context: TurnContext, response: FileConsentCardResponse
    ) -> None:
        context = response.context if isinstance(response.context, Mapping) else {}
        language = context.get("language", "en")
        stored = self.bot.files.load(str(context.get("file_id", "")))
        if stored is None:
            await turn_context.send_activity(text("file_gone", language))
            return
        upload = response.upload_info
        upload = upload if isinstance(upload, Mapping) else upload.model_dump(by_alias=True)
        size = len(stored.content)
        headers = {"Content-Length": str(size), "Content-Range": f"bytes 0-{size - 1}/{size}"}
        async with (
            aiohttp.ClientSession() as session,
            session.put(upload["uploadUrl"], data=stored.content, headers=headers) as answer,
        ):
            answer.raise_for_status()
        info = Attachment(
            content_type=FILE_INFO_CARD,
            name=upload.get("name") or stored.filename,
            content_url=upload["contentUrl"],
            content={"uniqueId": upload.get("uniqueId"), "fileType": upload.get("fileType")},
        )
        await turn_context.send_activity(Activity(type=ActivityTypes.message, attachments=[info]))

    async def on_teams_file_consent_decline(
        self, turn_context: TurnContext, response: FileConsentCardResponse
    ) -> None:
        context = response.context if isinstance(response.context, Mapping) else {}
        await turn_context.send_activity(text("file_declined", context.get("language", "en")))

    async def apologise(self, turn_context: TurnContext, exc: BaseException) -> None:
        """An internal error: a log line (no message text, no secrets) and a short apology."""
        activity = turn_context.activity
        log.error(
            "teams: failed on activity %s (%s): %s", activity.id, activity.type,
            type(exc).__name__, exc_info=log.isEnabledFor(logging.DEBUG),
        )  # fmt: skip
        try:
            inbound = read_activity(activity)
            language = reply_language(self.bot.core, inbound.origin, activity.locale)
        except Exception:
            language = "en"
        try:
            await turn_context.send_activity(text("apology", language))
        except Exception as send_error:  # the connector itself is down: the log line stays
            log.error("teams: could not send the apology (%s)", type(send_error).__name__)
