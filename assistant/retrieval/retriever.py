"""The one retriever the CLI, API and bots call: explicit references first, then dense search."""

from __future__ import annotations

from assistant.embedding.embedder import Embedder
from assistant.retrieval.dense import DenseRetriever
from assistant.retrieval.expansion import DiacriticRestorer, SpellingCorrector
from assistant.retrieval.explicit import explicit_nodes
from assistant.retrieval.glossary import GlossaryLinker
from assistant.retrieval.lexical import LexicalRetriever
from assistant.retrieval.models import NodeHit, PassageHit, RetrievalResult
from assistant.retrieval.rerank import named_standards, structural_adjustment
from assistant.store import Store
from ingest.catalogue import Catalogue

CATALOGUE_COLLECTIONS = ("standards", "frameworks")


# A node a glossary concept in the question points at gets this much added to its score.
GLOSSARY_BOOST = 0.01
# A node inside a container the question names ("TT18", "skollagen", "21001 kapittel 7").
SCOPE_BOOST = 0.03
# BM25's best node for the question (in its language) gets this much (evals/README.md).
LEXICAL_BOOST = 0.005
LEXICAL_TOP = 1


class Retriever:
    """Finds catalogue nodes and document passages for a question."""

    def __init__(
        self, store: Store, embedder: Embedder, catalogue: Catalogue, *, depth: int = 60
    ) -> None:
        self.catalogue = catalogue
        self.dense = DenseRetriever(store, embedder)
        self.restorer = DiacriticRestorer(catalogue.glossary)
        self.linker = GlossaryLinker(catalogue.glossary)
        self.depth = depth
        self.lexical = LexicalRetriever(catalogue) if LEXICAL_BOOST else None
        self.speller = SpellingCorrector(
            catalogue.glossary, piece_count=getattr(embedder, "piece_count", None)
        )
        # Switchable pieces, for ablations (evals/README.md).
        self.structure = True
        self.spelling = True

    def retrieve(
        self,
        question: str,
        collections: list[str],
        *,
        language: str | None = None,
        max_nodes: int = 8,
        max_passages: int = 5,
    ) -> RetrievalResult:
        named = explicit_nodes(question, self.catalogue)
        # A named clause is the answer; a named container (a law, a whole clause) is a scope:
        # its sub-clauses compete, helped by SCOPE_BOOST, and it competes with them.
        explicit = [node_id for node_id in named if not self.catalogue.children.get(node_id)]
        scopes = [node_id for node_id in named if self.catalogue.children.get(node_id)]
        if language == "vi":
            question = self.restorer.restore(question)
        if self.spelling:
            question = self.speller.correct(question)
        vector = self.dense.embed(question)
        catalogue_collections = [c for c in collections if c in CATALOGUE_COLLECTIONS]
        document_collections = [c for c in collections if c not in CATALOGUE_COLLECTIONS]
        linked = self.linker.clauses_in(question)
        lexical = set(
            self.lexical.search(question, language or "en", LEXICAL_TOP) if self.lexical else []
        )
        standards = named_standards(question)
        node_scores: dict[str, float] = {}
        similarity: dict[str, float] = {}
        for hit in self.dense.search(vector, self.depth, catalogue_collections):
            node_id = hit.chunk.node_id
            if node_id and node_id in self.catalogue.nodes:
                similarity[node_id] = max(similarity.get(node_id, 0.0), hit.score)
                score = hit.score + (GLOSSARY_BOOST if node_id in linked else 0.0)
                if node_id in lexical:
                    score += LEXICAL_BOOST
                if any(self._within(node_id, scope) for scope in scopes):
                    score += SCOPE_BOOST
                if self.structure:
                    score += structural_adjustment(node_id, standards, self.catalogue)
                node_scores[node_id] = max(node_scores.get(node_id, 0.0), score)
        passages = [
            PassageHit(hit.chunk, hit.score)
            for hit in self.dense.search(vector, max_passages, document_collections)
        ]
        nodes = [NodeHit(node_id, 1.0, "explicit") for node_id in explicit]
        ranked = sorted(node_scores.items(), key=lambda item: item[1], reverse=True)
        nodes += [
            NodeHit(node_id, score, "dense", similarity[node_id], glossary=node_id in linked)
            for node_id, score in ranked
            if node_id not in explicit
        ]
        return RetrievalResult(
            nodes=nodes[:max_nodes], passages=passages, explicit=explicit, scoped=bool(scopes)
        )

    def _within(self, node_id: str, scope: str) -> bool:
        """Whether node_id is scope itself or one of its descendants."""
        current: str | None = node_id
        while current is not None:
            if current == scope:
                return True
            current = self.catalogue.nodes[current].parent
        return False
