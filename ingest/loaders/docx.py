"""Word documents with python-docx: heading styles kept, tables read row by row, page breaks counted."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from ingest.errors import CorruptFile, EmptyFile, EncryptedFile, FileTooComplex
from ingest.models import Block, LoadedDocument

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# python-docx reads each part whole: refuse packages that would unpack to far more than any
# real document before they reach it (zip bombs). Python's zipfile never inflates a member
# past its declared size, so the declared sizes are a safe bound.
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
MAX_RATIO = 100  # unpacked / packed; real .docx files are around 3-10
# Encrypted .docx files (and old .doc files) are OLE compound files, not zips.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _check_package(path: Path) -> None:
    """Reject password-protected, old-format and zip-bomb files with a plain reason."""
    with path.open("rb") as handle:
        if handle.read(8) == _OLE_MAGIC:
            raise EncryptedFile(
                "the Word file is password-protected (or in the old .doc format); "
                "save it as an unprotected .docx"
            )
    try:
        with zipfile.ZipFile(path) as package:
            members = package.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError) as exc:
        raise CorruptFile("the Word file is damaged or is not a .docx file") from exc
    unpacked = sum(member.file_size for member in members)
    packed = max(sum(member.compress_size for member in members), 1)
    if unpacked > MAX_UNPACKED_BYTES or (unpacked > 1 << 20 and unpacked / packed > MAX_RATIO):
        raise FileTooComplex(
            f"the Word file would unpack to {unpacked / (1 << 20):.0f} MB from "
            f"{packed / (1 << 20):.1f} MB (a zip bomb?)"
        )


def _heading_level(style_name: str) -> int | None:
    name = style_name.lower()
    if name == "title":
        return 1
    if name.startswith("heading"):
        digits = "".join(char for char in name if char.isdigit())
        return int(digits) if digits else 1
    return None


def _segments(paragraph) -> list[str]:
    """The paragraph's text split at its hard page breaks: one string per page it touches."""
    segments = [""]
    for element in paragraph._p.iter(f"{_W}t", f"{_W}br", f"{_W}tab"):
        if element.tag == f"{_W}br" and element.get(f"{_W}type") == "page":
            segments.append("")
        elif element.tag == f"{_W}t":
            segments[-1] += element.text or ""
        else:
            segments[-1] += " "
    return segments


def load_docx(path: Path) -> LoadedDocument:
    _check_package(path)
    try:
        # python-docx parses XML with resolve_entities=False: no external entities (XXE).
        document = docx.Document(str(path))
    except (
        PackageNotFoundError,
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        etree.XMLSyntaxError,
    ) as exc:
        raise CorruptFile("the Word file is damaged or is not a .docx file") from exc
    blocks: list[Block] = []
    page = 1
    body = document.element.body
    paragraphs = {id(p._p): p for p in document.paragraphs}
    tables = {id(t._tbl): t for t in document.tables}
    for element in body.iterchildren():
        if id(element) in paragraphs:
            paragraph = paragraphs[id(element)]
            style = paragraph.style.name if paragraph.style is not None else ""
            level = _heading_level(style)
            for offset, segment in enumerate(_segments(paragraph)):
                text = " ".join(segment.split())
                if not text:
                    continue
                if level is not None:
                    blocks.append(Block("heading", text, page + offset, level=level))
                elif "list" in style.lower():
                    blocks.append(Block("list_item", text, page + offset))
                else:
                    blocks.append(Block("paragraph", text, page + offset))
            page += len(_segments(paragraph)) - 1
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
