"""What a file's bytes say it is, whatever its name: PDF, Word (.docx), text, or something else.

Used to refuse uploads whose content is not a type Clausewise reads, before they are stored.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

ContentKind = Literal["pdf", "docx", "text"]

# Magic numbers of common files that are not documents we read (for a precise reason).
_OTHER_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old-format or password-protected Office file"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x7fELF", "a program (ELF)"),
    (b"MZ", "a Windows program"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
)
# Which contents each extension may hold (a PDF saved as .txt is still read as a PDF).
ACCEPTED: dict[str, frozenset[ContentKind]] = {
    ".pdf": frozenset({"pdf"}),
    ".docx": frozenset({"docx"}),
    **{
        suffix: frozenset({"text", "pdf", "docx"})
        for suffix in (".html", ".htm", ".md", ".markdown", ".txt", ".text")
    },
}


@dataclass(frozen=True)
class Sniffed:
    """The content's kind (None when it is none we read) and a description for messages."""

    kind: ContentKind | None
    description: str


def sniff(path: Path) -> Sniffed:
    """Look at the first bytes (and a zip's member names) to tell what the file holds."""
    with path.open("rb") as handle:
        head = handle.read(64 * 1024)
    if not head:
        return Sniffed(None, "an empty file")
    if b"%PDF-" in head[:1024]:  # the PDF header may follow up to 1 KB of junk
        return Sniffed("pdf", "a PDF document")
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as package:
                names = set(package.namelist())
        except (zipfile.BadZipFile, ValueError):
            return Sniffed(None, "a damaged zip archive")
        if "word/document.xml" in names:
            return Sniffed("docx", "a Word document")
        return Sniffed(None, "a zip archive that is not a Word document")
    for magic, description in _OTHER_MAGIC:
        if head.startswith(magic):
            return Sniffed(None, description)
    if b"\x00" in head:
        return Sniffed(None, "binary data")
    text = head.decode("utf-8", errors="replace")
    control = sum(1 for char in text if ord(char) < 32 and char not in "\n\r\t\f")
    if control / len(text) > 0.05:
        return Sniffed(None, "binary data")
    return Sniffed("text", "text")


def content_matches(path: Path) -> tuple[bool, Sniffed]:
    """Whether the file's content is one its extension may hold, and what it was found to be."""
    found = sniff(path)
    accepted = ACCEPTED.get(path.suffix.lower(), frozenset())
    return found.kind is not None and found.kind in accepted, found
