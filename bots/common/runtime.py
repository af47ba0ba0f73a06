"""The bot core of a running API app, made on first use: the app's assistant exists only once
the app has started, and the bots share its lock (one SQLite connection, one request at a time)."""

from __future__ import annotations

from fastapi import FastAPI

from bots.common.core import BotCore
from bots.common.journal import BotJournal


def bot_core(app: FastAPI) -> BotCore:
    """The app's BotCore over `app.state.assistant`, created once per assistant."""
    core = getattr(app.state, "bot_core", None)
    if core is None or core.assistant is not app.state.assistant:
        journal = BotJournal(app.state.settings.bots_database_path)
        core = BotCore(app.state.assistant, journal, app.state.lock)
        app.state.bot_core = core
    return core
