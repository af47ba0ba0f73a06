"""Plain data that crosses ingest's boundaries: loaded blocks, chunks, parsed documents."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "paragraph", "list_item", "table"]


@dataclass(frozen=True)
class Block:
    """One unit of a loaded file: a heading, a paragraph, a list item or a table row."""

    kind: BlockKind
    text: str
    page: int | None = None
    level: int = 1  # heading level; ignored for other kinds


@dataclass(frozen=True)
class LoadedDocument:
    """What a loader returns: the file's title and its blocks in reading order."""

    title: str
    blocks: list[Block]
    file_type: str


@dataclass(frozen=True)
class Chunk:
    """A searchable passage with everything needed to cite it."""

    ordinal: int
    text: str
    page: int | None
    heading_path: tuple[str, ...]
    language: str
    clause_refs: tuple[str, ...]
    content_hash: str
    node_id: str | None = None  # set for catalogue chunks: the clause the chunk describes


@dataclass(frozen=True)
class ParsedDocument:
    """A file turned into chunks, ready to embed and store."""

    document_id: str
    collection: str
    source_path: str
    title: str
    language: str
    file_type: str
    content_hash: str
    chunks: list[Chunk] = field(default_factory=list)
