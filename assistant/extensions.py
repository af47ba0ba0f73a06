"""Faces that plug into the API and the CLI (the Slack and Teams bots) without the core
importing them: they register under entry-point groups in pyproject.toml."""

from __future__ import annotations

import logging
from collections.abc import Callable
from importlib.metadata import entry_points
from typing import Any

API_GROUP = "clausewise.api"  # callables (app: FastAPI, settings: Settings) -> None
CLI_GROUP = "clausewise.cli"  # callables (app: typer.Typer) -> None

log = logging.getLogger("clausewise.extensions")


def load_extensions(group: str) -> list[Callable[..., Any]]:
    """Every installed extension of `group`, by name; one that fails to load is logged, skipped."""
    loaded = []
    for entry in sorted(entry_points(group=group), key=lambda entry: entry.name):
        try:
            loaded.append(entry.load())
        except Exception:
            log.exception("extension %s (%s) could not be loaded", entry.name, entry.value)
    return loaded
