"""The bots' commands, added to `clausewise` through the clausewise.cli entry point:
`clausewise slack` (Socket Mode) and `clausewise feedback export`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from assistant.cli import err, handle_errors, progress_bar
from assistant.settings import load_settings


@handle_errors
def slack() -> None:
    """Run the Slack bot in Socket Mode (needs the bot token and the app-level token)."""
    from assistant.service import Clausewise
    from bots.common.core import BotCore
    from bots.common.journal import BotJournal
    from bots.slack.socket_mode import socket_mode_handler

    settings = load_settings()
    with Clausewise(settings, model_progress=lambda m: err.print(f"[dim]{m}[/dim]")) as assistant:
        core = BotCore(assistant, BotJournal(settings.bots_database_path))
        handler = socket_mode_handler(settings, lambda: core)
        with progress_bar("Indexing the standards catalogue", True) as update:
            assistant.ensure_ready(update)
        err.print("Clausewise is connected to Slack in Socket Mode; Ctrl+C stops it.")
        handler.start()


@handle_errors
def feedback_export(
    fmt: Annotated[str, typer.Option("--format", help="csv (UTF-8 with BOM) or json.")] = "csv",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
) -> None:
    """Every vote with its question, answer, references, user and time."""
    from bots.common.journal import BotJournal, export_feedback

    if fmt not in ("csv", "json"):
        raise typer.BadParameter("use csv or json", param_hint="--format")
    settings = load_settings()
    rows = BotJournal(settings.bots_database_path).feedback()
    payload = export_feedback(rows, fmt)
    if output is None:
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
        return
    output.write_bytes(payload)
    err.print(f"{len(rows)} votes written to {output}")


def register(app: typer.Typer) -> None:
    """Add the bot commands to the `clausewise` command line."""
    app.command("slack")(slack)
    feedback = typer.Typer(help="👍 / 👎 votes given to answers in Slack and Teams.")
    feedback.command("export")(feedback_export)
    app.add_typer(feedback, name="feedback")
