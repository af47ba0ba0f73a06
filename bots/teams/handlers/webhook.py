"""The Teams outgoing webhook: for tenants that allow no bot registration.

Teams POSTs the @mention as an activity, signed `Authorization: HMAC <base64>` (HMAC-SHA256 of
the raw body with the base64-decoded security token), and shows whatever message activity the
response carries, if it comes within 5 seconds. No cards with buttons, no files: text only.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import hmac
import json
import logging
from typing import TYPE_CHECKING

from fastapi import Request
from fastapi.responses import JSONResponse
from microsoft_agents.activity import Activity

from bots.common.core import AnswerReply, ClauseReply, GapReply, Reply, TextReply
from bots.common.texts import text
from bots.teams import cards
from bots.teams.handlers.replies import handle_off_loop, question_language
from bots.teams.inbound import read_activity

if TYPE_CHECKING:
    from bots.teams.listener import TeamsBot

log = logging.getLogger("clausewise.teams")


def webhook_signature(secret_base64: str, body: bytes) -> str:
    """base64(HMAC-SHA256(key=base64decode(secret), msg=body)), as Teams computes it."""
    key = base64.b64decode(secret_base64, validate=True)
    return base64.b64encode(hmac.new(key, body, hashlib.sha256).digest()).decode()


def signature_matches(secret_base64: str, body: bytes, header: str | None) -> bool:
    scheme, _, signature = (header or "").partition(" ")
    if scheme != "HMAC" or not signature:
        return False
    try:
        expected = webhook_signature(secret_base64, body)
    except (binascii.Error, ValueError):
        log.error("teams webhook: CLAUSEWISE_TEAMS_WEBHOOK_SECRET is not valid base64")
        return False
    return hmac.compare_digest(signature.strip().encode(), expected.encode())


def _message(content: str) -> JSONResponse:
    return JSONResponse({"type": "message", "text": content})


def render(reply: Reply, bot: TeamsBot) -> str:
    if isinstance(reply, AnswerReply):
        return cards.answer_markdown(reply)
    if isinstance(reply, ClauseReply):
        return cards.clause_markdown(reply)
    if isinstance(reply, GapReply):
        file_id = bot.files.store(reply.filename, reply.content)
        return cards.gap_markdown(
            reply, bot.file_link(file_id), bot.settings.teams_file_link_minutes
        )
    assert isinstance(reply, TextReply)
    return reply.text


def _log_late_failure(task: asyncio.Future) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("teams webhook: late answer failed (%s)", type(task.exception()).__name__)


async def handle_webhook(request: Request, bot: TeamsBot) -> JSONResponse:
    secret = bot.settings.teams_webhook_secret
    if secret is None:
        return JSONResponse({"detail": "The outgoing webhook is not configured."}, 404)
    if not getattr(request.app.state, "ready", False):
        return JSONResponse({"detail": "Not ready yet."}, 503)
    body = await request.body()
    if not signature_matches(secret.get_secret_value(), body, request.headers.get("authorization")):
        log.warning("teams webhook: refused a request with a missing or wrong HMAC signature")
        return JSONResponse({"detail": "Missing or wrong HMAC signature."}, 401)
    try:
        activity = Activity.model_validate(json.loads(body))
    except (ValueError, TypeError):
        return JSONResponse({"detail": "Not a Teams activity."}, 400)
    core = bot.core
    inbound = read_activity(activity, webhook=True)
    language = "en"
    try:
        language = question_language(core, inbound.text, inbound.origin, activity.locale)
        collections = inbound.collections(
            bot.settings.bot_channel_collections, bot.settings.bot_default_collections
        )
        log.info("teams webhook: message %s, %d collections", activity.id, len(collections))
        task = asyncio.ensure_future(
            handle_off_loop(core, inbound.text, inbound.origin, collections)
        )
        try:
            reply = await asyncio.wait_for(
                asyncio.shield(task), timeout=bot.settings.teams_webhook_timeout
            )
        except TimeoutError:
            task.add_done_callback(_log_late_failure)
            log.warning("teams webhook: answer not ready in time; replied 'still working'")
            return _message(text("still_working", language))
        return _message(render(reply, bot))
    except Exception as exc:
        log.error("teams webhook: failed on activity %s (%s)", activity.id, type(exc).__name__,
                  exc_info=log.isEnabledFor(logging.DEBUG))  # fmt: skip
        return _message(text("apology", language))
