"""Bad input: each kind of unreadable file raises its own IngestError with a plain-language reason."""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from ingest.errors import CorruptFile, EmptyFile, EncryptedFile, FileTooLarge, UnsupportedFile
from ingest.loaders import load_file
from ingest.pipeline import ChunkingOptions, parse_file


@pytest.fixture
def real_pdf(make_pdf) -> bytes:
    pages = [(f"{n} Kapittel", ["Rektor følger opp kvalitetsarbeidet hver måned."]) for n in (1, 2)]
    return make_pdf(pages).read_bytes()


def _encrypted(pdf: bytes) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _random_binary() -> bytes:
    noise = random.Random(7).randbytes(4000)
    return noise[:100] + b"\x00\x00" + noise[100:]


# name → (file name, bytes from the real PDF's bytes, expected error)
BAD_FILES: dict[str, tuple[str, Callable[[bytes], bytes], type[Exception]]] = {
    "truncated pdf": ("report.pdf", lambda pdf: pdf[: len(pdf) // 3], CorruptFile),
    "garbage pdf": ("report.pdf", lambda pdf: b"%PDF-1.4 garbage", CorruptFile),
    "encrypted pdf": ("report.pdf", _encrypted, EncryptedFile),
    "empty txt": ("notes.txt", lambda pdf: b"", EmptyFile),
    "empty pdf": ("report.pdf", lambda pdf: b"", EmptyFile),
    "whitespace txt": ("notes.txt", lambda pdf: b"  \n\n\t \n", EmptyFile),
    "binary txt": ("notes.txt", lambda pdf: _random_binary(), CorruptFile),
    "damaged docx": ("plan.docx", lambda pdf: b"PK\x03\x04 not really a zip", CorruptFile),
    "exe": ("setup.exe", lambda pdf: b"MZ\x90\x00\x03\x00\x00\x00", UnsupportedFile),
    "pptx": ("slides.pptx", lambda pdf: b"PK\x03\x04\x14\x00\x06\x00", UnsupportedFile),
}
ENTRY_POINTS = {
    "load_file": load_file,
    "parse_file": lambda path: parse_file(path, "docs", ChunkingOptions()),
}


@pytest.mark.parametrize("entry", ENTRY_POINTS.values(), ids=ENTRY_POINTS.keys())
@pytest.mark.parametrize("case", BAD_FILES.keys())
def test_bad_file_raises_its_specific_error(case: str, entry, real_pdf: bytes, tmp_path: Path):
    """The file raises the IngestError subclass for its problem, with a readable sentence."""
    name, make_bytes, expected = BAD_FILES[case]
    path = tmp_path / name
    path.write_bytes(make_bytes(real_pdf))
    with pytest.raises(expected) as caught:
        entry(path)
    assert type(caught.value) is expected
    message = str(caught.value)
    assert len(message.split()) >= 3 and "Traceback" not in message and "\n" not in message


def test_pdf_with_only_an_owner_password_is_read(real_pdf: bytes, tmp_path: Path) -> None:
    """A PDF that opens without a password (owner password only) is loaded, not refused."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(real_pdf)))
    writer.encrypt(user_password="", owner_password="owner")
    path = tmp_path / "restricted.pdf"
    writer.write(path)
    assert "Rektor følger opp kvalitetsarbeidet hver måned." in {
        block.text for block in load_file(path).blocks
    }


def test_file_above_the_size_limit_is_refused(real_pdf: bytes, tmp_path: Path) -> None:
    """parse_file raises FileTooLarge, naming the limit, for a file above max_file_bytes."""
    path = tmp_path / "big.pdf"
    path.write_bytes(real_pdf)
    too_small = ChunkingOptions(max_file_bytes=len(real_pdf) - 1)
    with pytest.raises(FileTooLarge, match="limit"):
        parse_file(path, "docs", too_small)


def test_the_same_page_reads_the_same_every_time_in_one_process(tmp_path):
    """trafilatura's cross-call deduplication must not empty a page seen before."""
    page = tmp_path / "klage.html"
    paragraphs = "".join(
        f"<p>Klager fra elever registreres i klageloggen samme dag, og rektor svarer {n}.</p>"
        for n in range(4)
    )
    page.write_text(f"<html><body><main><h1>Klager</h1>{paragraphs}</main></body></html>")
    texts = [" ".join(block.text for block in load_file(page).blocks) for _ in range(8)]
    assert len(set(texts)) == 1 and "rektor svarer 3" in texts[0]
