"""What retrieval returns: catalogue nodes and passages from the user's documents."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.store import StoredChunk


@dataclass(frozen=True)
class NodeHit:
    """A catalogue node found for a question, with how it was found."""

    node_id: str
    score: float  # ranking score: similarity plus glossary, scope and structure adjustments
    via: str  # "explicit" | "dense"
    similarity: float = 1.0  # the raw cosine, which decides whether anything was found
    glossary: bool = False  # a glossary concept in the question points at this node


@dataclass(frozen=True)
class PassageHit:
    """A passage from a non-catalogue document (records, guidance)."""

    chunk: StoredChunk
    score: float


@dataclass(frozen=True)
class RetrievalResult:
    nodes: list[NodeHit] = field(default_factory=list)
    passages: list[PassageHit] = field(default_factory=list)
    explicit: list[str] = field(default_factory=list)
    scoped: bool = False  # the question named a law, standard part or clause group
