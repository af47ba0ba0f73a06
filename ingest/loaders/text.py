"""Plain-text files: decode safely, split into paragraphs, list items and likely headings."""

from __future__ import annotations

import re
from pathlib import Path

from ingest.cleaning import strip_markup
from ingest.errors import CorruptFile, EmptyFile
from ingest.models import Block, LoadedDocument

_BULLET = re.compile(r"^\s*(?:[•·▪‣◦*\-–]|\d{1,2}[.)])\s+")
_NUMBERED_HEADING = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2}){0,3})\s+\S")
_SENTENCE_END = re.compile(r"[.:;,!…]$")


def decode_text(data: bytes) -> str:
    """Bytes → text; rejects binary data instead of producing mojibake."""
    if b"\x00" in data[:8192]:
        raise CorruptFile("this looks like a binary file, not text (it contains NUL bytes)")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = data.decode("latin-1")
    sample = text[:20000]
    control = sum(1 for char in sample if ord(char) < 32 and char not in "\n\r\t\f")
    if sample and control / len(sample) > 0.05:
        raise CorruptFile("this looks like a binary file, not text (too many control characters)")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _is_heading(lines: list[str], followed_by_text: bool) -> bool:
    if len(lines) != 1 or not followed_by_text:
        return False
    line = lines[0].strip()
    words = line.split()
    if _NUMBERED_HEADING.match(line) and len(words) <= 14:
        return True
    if line.endswith("?"):
        return len(words) <= 8
    return 0 < len(words) <= 14 and not _SENTENCE_END.search(line)


def blocks_from_text(text: str, page: int | None = None) -> list[Block]:
    """Split text into blocks: blank lines separate groups; bullets are their own items."""
    groups: list[list[str]] = [[]]
    for line in text.split("\n"):
        line = strip_markup(line) if "<" in line else line
        if line.strip():
            groups[-1].append(line.rstrip())
        elif groups[-1]:
            groups.append([])
    groups = [group for group in groups if group]
    blocks: list[Block] = []
    for index, group in enumerate(groups):
        if _is_heading(group, followed_by_text=index + 1 < len(groups)):
            blocks.append(Block("heading", group[0].strip(), page, level=2))
            continue
        if len(group) > 1 and all(len(line.split()) <= 6 for line in group):
            # Stacked short lines (bylines, menus, breadcrumbs) are not one wrapped paragraph.
            blocks.extend(Block("paragraph", line.strip(), page) for line in group)
            continue
        paragraph: list[str] = []
        for line in group:
            if _BULLET.match(line):
                if paragraph:
                    blocks.append(Block("paragraph", " ".join(paragraph), page))
                    paragraph = []
                blocks.append(Block("list_item", _BULLET.sub("", line).strip(), page))
            else:
                paragraph.append(line.strip())
        if paragraph:
            blocks.append(Block("paragraph", " ".join(paragraph), page))
    return blocks


def load_text(path: Path) -> LoadedDocument:
    text = decode_text(path.read_bytes())
    if not text.strip():
        raise EmptyFile("the file is empty")
    blocks = blocks_from_text(text)
    title = next((b.text for b in blocks if b.kind in ("heading", "paragraph")), path.stem)
    return LoadedDocument(title=title[:200], blocks=blocks, file_type="txt")
