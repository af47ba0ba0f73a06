"""DESIGN.md's dependency rule: bots → assistant → ingest/corpus, never back."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = {"assistant": ("bots",), "ingest": ("assistant", "bots")}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_dependencies_point_one_way(package):
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in sorted((ROOT / package).rglob("*.py"))
        for name in _imports(path) & set(FORBIDDEN[package])
    ]
    assert offenders == []


def test_the_bots_plug_in_through_entry_points():
    """The API mounts the Slack and Teams routes and the CLI has the bot commands, found by name."""
    from assistant.extensions import API_GROUP, CLI_GROUP, load_extensions

    mounts = {f"{f.__module__}.{f.__name__}" for f in load_extensions(API_GROUP)}
    assert mounts == {"bots.slack.http.mount_slack", "bots.teams.listener.mount_teams"}
    assert [f.__module__ for f in load_extensions(CLI_GROUP)] == ["bots.cli"]
