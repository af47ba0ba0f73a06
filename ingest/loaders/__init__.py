"""Loaders turn a file into blocks of text; `load_file` picks one by content and extension."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ingest.errors import EmptyFile, UnsupportedFile
from ingest.loaders.docx import load_docx
from ingest.loaders.html import load_html
from ingest.loaders.markdown import load_markdown
from ingest.loaders.pdf import load_pdf
from ingest.loaders.text import load_text
from ingest.models import LoadedDocument

LOADERS: dict[str, Callable[[Path], LoadedDocument]] = {
    ".pdf": load_pdf,
    ".docx": load_docx,
    ".html": load_html,
    ".htm": load_html,
    ".md": load_markdown,
    ".markdown": load_markdown,
    ".txt": load_text,
    ".text": load_text,
}
SUPPORTED_SUFFIXES = frozenset(LOADERS)


def _sniff(head: bytes) -> str | None:
    """The type the bytes say the file is, whatever its name."""
    if head.startswith(b"%PDF"):
        return ".pdf"
    if head.startswith(b"PK\x03\x04"):
        return ".docx"
    return None


def load_file(path: Path) -> LoadedDocument:
    """Load one file; raises an IngestError subclass with a plain-language reason."""
    suffix = path.suffix.lower()
    if suffix not in LOADERS:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise UnsupportedFile(f"'{suffix or 'no extension'}' files are not supported ({supported})")
    with path.open("rb") as handle:
        head = handle.read(8)
    if not head:
        raise EmptyFile("the file is empty")
    sniffed = _sniff(head)
    if sniffed and sniffed != suffix and suffix not in (".docx",):
        # A PDF saved as .txt is still a PDF; read it as what it is.
        return LOADERS[sniffed](path)
    return LOADERS[suffix](path)
