"""The Teams app package: check manifest/manifest.json and zip it with the app id filled in.

python -m bots.teams.package --app-id <Entra app id> --output clausewise-teams.zip
python -m bots.teams.package --check        # only validate the manifest
"""

from __future__ import annotations

import argparse
import json
import re
import struct
import sys
import zipfile
from pathlib import Path

MANIFEST_DIR = Path(__file__).parent / "manifest"
PLACEHOLDER_ID = "00000000-0000-0000-0000-000000000000"
_GUID = re.compile(r"^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
_VERSION = re.compile(r"^\d+\.\d+\.\d+$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
REQUIRED = ("manifestVersion", "version", "id", "developer", "name", "description", "icons",
            "accentColor")  # fmt: skip
ICON_SIZES = {"color": (192, 192), "outline": (32, 32)}
BOT_SCOPES = {"personal", "team", "groupChat"}


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    if header[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path.name} is not a PNG")
    return struct.unpack(">II", header[16:24])


def problems(manifest: dict, folder: Path = MANIFEST_DIR) -> list[str]:
    """What the Teams admin centre would reject, as sentences (empty when all is well)."""
    found = [f"missing '{key}'" for key in REQUIRED if key not in manifest]
    if found:
        return found
    if not _VERSION.match(manifest["version"]):
        found.append("'version' must be MAJOR.MINOR.PATCH")
    if not _GUID.match(manifest["id"]):
        found.append("'id' must be a GUID (the bot's Entra app id)")
    if not _COLOUR.match(manifest["accentColor"]):
        found.append("'accentColor' must be #RRGGBB")
    for key in ("name", "websiteUrl", "privacyUrl", "termsOfUseUrl"):
        value = manifest["developer"].get(key, "")
        if not value or (key != "name" and not value.startswith("https://")):
            found.append(f"developer.{key} is missing or not https")
    if not manifest["name"].get("short") or len(manifest["name"]["short"]) > 30:
        found.append("name.short is missing or longer than 30 characters")
    if len(manifest["name"].get("full", "")) > 100:
        found.append("name.full is longer than 100 characters")
    if not 0 < len(manifest["description"].get("short", "")) <= 80:
        found.append("description.short must be 1-80 characters")
    if not 0 < len(manifest["description"].get("full", "")) <= 4000:
        found.append("description.full must be 1-4000 characters")
    for icon, size in ICON_SIZES.items():
        path = folder / manifest["icons"].get(icon, "")
        if not path.is_file():
            found.append(f"icon '{icon}' file is missing")
        elif png_size(path) != size:
            found.append(f"icon '{icon}' must be {size[0]}x{size[1]} pixels")
    bots = manifest.get("bots") or []
    if len(bots) != 1:
        found.append("exactly one bot is expected")
    for bot in bots:
        if bot.get("botId") != manifest["id"]:
            found.append("bots[0].botId must equal 'id' (both are the Entra app id)")
        if not bot.get("scopes") or not set(bot["scopes"]) <= BOT_SCOPES:
            found.append("bots[0].scopes must be personal, team and/or groupChat")
        for command_list in bot.get("commandLists", []):
            for command in command_list.get("commands", []):
                if len(command.get("title", "")) > 32 or len(command.get("description", "")) > 128:
                    found.append(f"command '{command.get('title')}' is too long")
    return found


def build(app_id: str, output: Path) -> None:
    manifest = json.loads((MANIFEST_DIR / "manifest.json").read_text())
    manifest["id"] = app_id
    for bot in manifest["bots"]:
        bot["botId"] = app_id
    issues = problems(manifest)
    if issues:
        raise ValueError("; ".join(issues))
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
        for icon in ICON_SIZES:
            name = manifest["icons"][icon]
            package.write(MANIFEST_DIR / name, name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app-id", help="The bot's Microsoft Entra app (client) id.")
    parser.add_argument("--output", type=Path, default=Path("clausewise-teams.zip"))
    parser.add_argument("--check", action="store_true", help="Only validate the manifest.")
    args = parser.parse_args(argv)
    if args.check or not args.app_id:
        issues = problems(json.loads((MANIFEST_DIR / "manifest.json").read_text()))
        print("\n".join(issues) or "manifest.json is valid")
        return 1 if issues else 0
    build(args.app_id, args.output)
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
