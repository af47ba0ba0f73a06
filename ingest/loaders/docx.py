"""Word documents with python-docx: heading styles kept, tables read row by row, page breaks counted."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError

from ingest.errors import CorruptFile, EmptyFile
from ingest.models import Block, LoadedDocument

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _heading_level(style_name: str) -> int | None:
    name = style_name.lower()
    if name == "title":
        return 1
    if name.startswith("heading"):
        digits = "".join(char for char in name if char.isdigit())
        return int(digits) if digits else 1
    return None


def _page_breaks(paragraph) -> int:
    breaks = 0
    for element in paragraph._p.iter(f"{_W}br"):
        if element.get(f"{_W}type") == "page":
            breaks += 1
    return breaks


def load_docx(path: Path) -> LoadedDocument:
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise CorruptFile("the Word file is damaged or is not a .docx file") from exc
    blocks: list[Block] = []
    page = 1
    body = document.element.body
    paragraphs = {id(p._p): p for p in document.paragraphs}
    tables = {id(t._tbl): t for t in document.tables}
    for element in body.iterchildren():
        if id(element) in paragraphs:
            paragraph = paragraphs[id(element)]
            text = " ".join(paragraph.text.split())
            if text:
                level = _heading_level(paragraph.style.name if paragraph.style else "")
                if level is not None:
                    blocks.append(Block("heading", text, page, level=level))
                elif paragraph.style is not None and "list" in paragraph.style.name.lower():
                    blocks.append(Block("list_item", text, page))
                else:
                    blocks.append(Block("paragraph", text, page))
            page += _page_breaks(paragraph)
        elif id(element) in tables:
            for row in tables[id(element)].rows:
                cells = [" ".join(cell.text.split()) for cell in row.cells]
                unique = list(dict.fromkeys(cell for cell in cells if cell))
                if unique:
                    blocks.append(Block("table", " | ".join(unique), page))
    if not blocks:
        raise EmptyFile("the Word file holds no text")
    title = (document.core_properties.title or "").strip()
    title = title or next((b.text for b in blocks if b.kind == "heading"), path.stem)
    return LoadedDocument(title=title[:200], blocks=blocks, file_type="docx")
