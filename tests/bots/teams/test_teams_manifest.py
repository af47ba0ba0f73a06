"""The Teams app package: the shipped manifest and icons pass the checks, and the zip holds
the app id in both places Teams reads it."""

from __future__ import annotations

import json
import zipfile

from bots.teams.package import MANIFEST_DIR, build, problems

APP_ID = "8f0c2b6e-0000-4000-8000-00000000a11d"


def test_the_manifest_has_every_required_field_and_icon():
    """manifest.json as shipped: required fields, GUIDs, lengths, 192x192 and 32x32 icons."""
    assert problems(json.loads((MANIFEST_DIR / "manifest.json").read_text())) == []


def test_the_checks_catch_a_broken_manifest():
    manifest = json.loads((MANIFEST_DIR / "manifest.json").read_text())
    manifest.pop("developer")
    assert problems(manifest) == ["missing 'developer'"]
    manifest = json.loads((MANIFEST_DIR / "manifest.json").read_text())
    manifest["bots"][0]["botId"] = APP_ID
    manifest["icons"]["color"] = "outline.png"
    assert {"bots[0].botId must equal 'id' (both are the Entra app id)",
            "icon 'color' must be 192x192 pixels"} <= set(problems(manifest))  # fmt: skip


def test_the_package_carries_the_app_id(tmp_path):
    output = tmp_path / "clausewise-teams.zip"
    build(APP_ID, output)
    with zipfile.ZipFile(output) as package:
        assert sorted(package.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(package.read("manifest.json"))
    assert manifest["id"] == APP_ID and manifest["bots"][0]["botId"] == APP_ID
