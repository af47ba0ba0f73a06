"""Shared by both Teams faces: which language to apologise in, and running the core off-loop."""

from __future__ import annotations

import asyncio

from bots.common.core import BotCore, Origin, Reply
from ingest.catalogue import LANGUAGES

_LOCALE_LANGUAGES = {"no": "nb", "nn": "nb", "se": "sv"}


def language_from_locale(locale: str | None, fallback: str = "en") -> str:
    """Teams sends the client's locale ("nb-NO", "nl-nl"): one of our languages, or `fallback`."""
    prefix = (locale or "").split("-")[0].lower()
    prefix = _LOCALE_LANGUAGES.get(prefix, prefix)
    return prefix if prefix in LANGUAGES else fallback


def reply_language(core: BotCore, origin: Origin, locale: str | None) -> str:
    """For fixed sentences (thanks, apology): the thread's language, else the client's."""
    context = (
        core.journal.thread(origin.platform, origin.conversation, origin.thread)
        if origin.thread
        else None
    )
    return context.language if context else language_from_locale(locale)


def question_language(core: BotCore, message: str, origin: Origin, locale: str | None) -> str:
    """The language a message is written in, for a reply sent before the answer is ready."""
    fallback = reply_language(core, origin, locale)
    return core.language_of(message, fallback) if len(message.split()) >= 3 else fallback


async def handle_off_loop(
    core: BotCore, message: str, origin: Origin, collections: list[str]
) -> Reply:
    """BotCore.handle is CPU work under a lock: keep it off the event loop."""
    return await asyncio.to_thread(core.handle, message, origin, collections)
