"""Dense retrieval: the question's embedding (with e5's `query: ` prompt) against FAISS."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.embedding.embedder import Embedder
from assistant.store import Store, StoredChunk


@dataclass(frozen=True)
class DenseHit:
    chunk: StoredChunk
    score: float


class DenseRetriever:
    """Top-k chunks by cosine similarity within the allowed collections."""

    def __init__(self, store: Store, embedder: Embedder) -> None:
        self.store = store
        self.embedder = embedder

    def embed(self, question: str):
        return self.embedder.embed_queries([question])

    def search(self, vector, k: int, collections: list[str]) -> list[DenseHit]:
        """Top-k chunks for an embedded question (see `embed`) within the collections."""
        if not collections:
            return []
        hits = self.store.search(vector, k=k, collections=collections)[0]
        chunks = self.store.chunks([hit.chunk_id for hit in hits])
        return [DenseHit(chunks[hit.chunk_id], hit.score) for hit in hits if hit.chunk_id in chunks]
