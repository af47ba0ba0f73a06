"""From files to chunks: discover, load, clean, detect language, chunk, find references, hash.

Pure with respect to storage: it never embeds or writes. The assistant's indexer decides what
is new, embeds it and stores it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ingest.chunking import chunk_blocks
from ingest.cleaning import clean_blocks, clean_text
from ingest.errors import EmptyFile, FileTooLarge, IngestError
from ingest.language import chunk_language, detect_language
from ingest.loaders import load_file
from ingest.models import Chunk, ParsedDocument
from ingest.references import dominant_standard, find_references

IGNORED_NAMES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})
# Files that describe a folder rather than belong to it; still ingested when named explicitly.
FOLDER_META = frozenset({"readme", "license", "licence", "changelog"})


@dataclass(frozen=True)
class ChunkingOptions:
    min_tokens: int = 150
    max_tokens: int = 350
    overlap_sentences: int = 1
    max_file_bytes: int = 50 * 1024 * 1024
    # Limits for reading one file (see ingest/sandbox.py): a hostile file fails, nothing else.
    parse_timeout_s: float = 30.0
    parse_memory_mb: int = 1024


def discover_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files under the given paths (folders recursively, sorted), hidden files skipped."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
                meta = child.name in IGNORED_NAMES or child.stem.lower() in FOLDER_META
                if child.is_file() and not hidden and not meta:
                    yield child
        else:
            yield path


def file_hash(path: Path) -> str:
    """sha256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def document_id_for(collection: str, source_path: str) -> str:
    """Stable id of a document: the same file in the same collection keeps its id."""
    return hashlib.sha1(f"{collection}\x00{source_path}".encode()).hexdigest()[:12]


def parse_file(
    path: Path, collection: str, options: ChunkingOptions, content_hash: str | None = None
) -> ParsedDocument:
    """Turn one file into a ParsedDocument; raises IngestError with a plain reason."""
    size = path.stat().st_size
    if size == 0:
        raise EmptyFile("the file is empty")
    if size > options.max_file_bytes:
        limit = options.max_file_bytes / (1024 * 1024)
        raise FileTooLarge(
            f"the file is {size / (1024 * 1024):.1f} MB, above the {limit:.0f} MB limit"
        )
    loaded = load_file(path)
    blocks = clean_blocks(loaded.blocks)
    if not blocks:
        raise EmptyFile("no text is left once page furniture is removed")
    full_text = "\n".join(block.text for block in blocks)
    language = detect_language(full_text)
    standard = dominant_standard(full_text)
    drafts = chunk_blocks(
        blocks,
        min_tokens=options.min_tokens,
        max_tokens=options.max_tokens,
        overlap_sentences=options.overlap_sentences,
    )
    chunks = []
    for ordinal, draft in enumerate(drafts):
        chunks.append(
            Chunk(
                ordinal=ordinal,
                text=draft.text,
                page=draft.page,
                heading_path=draft.heading_path,
                language=chunk_language(draft.text, language),
                clause_refs=tuple(find_references(draft.text, default_standard=standard)),
                content_hash=text_hash(draft.text),
            )
        )
    if not chunks:
        raise EmptyFile("the file holds no text to index")
    source = str(path.resolve())
    return ParsedDocument(
        document_id=document_id_for(collection, source),
        collection=collection,
        source_path=source,
        title=clean_text(loaded.title) or path.stem,
        language=language,
        file_type=loaded.file_type,
        content_hash=content_hash or file_hash(path),
        chunks=chunks,
    )


__all__ = [
    "ChunkingOptions",
    "IngestError",
    "discover_files",
    "document_id_for",
    "file_hash",
    "parse_file",
    "text_hash",
]
