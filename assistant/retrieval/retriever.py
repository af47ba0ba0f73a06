"""The one retriever the CLI, API and bots call: explicit references first, then dense search."""

from __future__ import annotations

from assistant.embedding.embedder import Embedder
from assistant.retrieval.dense import DenseRetriever
from assistant.retrieval.explicit import explicit_nodes
from assistant.retrieval.models import NodeHit, PassageHit, RetrievalResult
from assistant.store import Store
from ingest.catalogue import Catalogue

CATALOGUE_COLLECTIONS = ("standards", "frameworks")


class Retriever:
    """Finds catalogue nodes and document passages for a question."""

    def __init__(
        self, store: Store, embedder: Embedder, catalogue: Catalogue, *, depth: int = 60
    ) -> None:
        self.catalogue = catalogue
        self.dense = DenseRetriever(store, embedder)
        self.depth = depth

    def retrieve(
        self, question: str, collections: list[str], *, max_nodes: int = 8, max_passages: int = 5
    ) -> RetrievalResult:
        explicit = explicit_nodes(question, self.catalogue)
        node_scores: dict[str, float] = {}
        passages: list[PassageHit] = []
        for hit in self.dense.search(question, self.depth, collections):
            node_id = hit.chunk.node_id
            if node_id and node_id in self.catalogue.nodes:
                node_scores[node_id] = max(node_scores.get(node_id, 0.0), hit.score)
            elif not node_id and len(passages) < max_passages:
                passages.append(PassageHit(hit.chunk, hit.score))
        nodes = [NodeHit(node_id, 1.0, "explicit") for node_id in explicit]
        ranked = sorted(node_scores.items(), key=lambda item: item[1], reverse=True)
        nodes += [
            NodeHit(node_id, score, "dense") for node_id, score in ranked if node_id not in explicit
        ]
        return RetrievalResult(nodes=nodes[:max_nodes], passages=passages, explicit=explicit)
