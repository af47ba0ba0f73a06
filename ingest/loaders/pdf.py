"""PDF files with pypdf: text per page (page numbers kept), repeated headers and footers dropped."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError, PdfReadError, PyPdfError

from ingest.errors import CorruptFile, EmptyFile, EncryptedFile
from ingest.loaders.text import _NUMBERED_HEADING
from ingest.models import Block, LoadedDocument

_DIGITS = re.compile(r"\d+")
_ENDS_SENTENCE = re.compile(r"[.:;,!?…]$")


def _edge_lines(pages: list[list[str]]) -> set[str]:
    """Lines at the top or bottom of most pages (running headers, footers, page numbers)."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        edges = {_DIGITS.sub("#", line) for line in lines[:2] + lines[-2:]}
        counts.update(edges)
    return {line for line, count in counts.items() if count >= max(3, len(pages) // 2)}


def _page_blocks(lines: list[str], page: int) -> list[Block]:
    blocks: list[Block] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(Block("paragraph", " ".join(paragraph), page))
            paragraph.clear()

    for index, line in enumerate(lines):
        words = line.split()
        previous_ended = index == 0 or bool(_ENDS_SENTENCE.search(lines[index - 1]))
        heading = (_NUMBERED_HEADING.match(line) and len(words) <= 14) or (
            previous_ended and 0 < len(words) <= 10 and not _ENDS_SENTENCE.search(line)
            and index + 1 < len(lines)
        )  # fmt: skip
        if heading:
            flush()
            blocks.append(Block("heading", line, page, level=2))
        else:
            paragraph.append(line)
            if _ENDS_SENTENCE.search(line) and len(words) < 8:
                flush()
    flush()
    return blocks


def load_pdf(path: Path) -> LoadedDocument:
    try:
        reader = PdfReader(str(path), strict=False)
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise EncryptedFile("the PDF is password-protected")
            except (FileNotDecryptedError, NotImplementedError) as exc:
                raise EncryptedFile("the PDF is password-protected") from exc
        pages = [
            [line.strip() for line in (page.extract_text() or "").split("\n") if line.strip()]
            for page in reader.pages
        ]
        title = (reader.metadata.title if reader.metadata else None) or ""
    except EncryptedFile:
        raise
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise CorruptFile(
            f"the PDF is damaged and cannot be read ({exc.__class__.__name__})"
        ) from exc
    except RecursionError as exc:
        raise CorruptFile("the PDF's structure is malformed (endless nesting)") from exc
    edges = _edge_lines(pages)
    blocks: list[Block] = []
    for number, lines in enumerate(pages, start=1):
        kept = [line for line in lines if _DIGITS.sub("#", line) not in edges]
        blocks.extend(_page_blocks(kept, number))
    if not blocks:
        raise EmptyFile("the PDF holds no extractable text (is it a scan without OCR?)")
    title = str(title).strip() or next((b.text for b in blocks if b.kind == "heading"), path.stem)
    return LoadedDocument(title=title[:200], blocks=blocks, file_type="pdf")
