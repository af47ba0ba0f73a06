"""Lexical retrieval over the catalogue: BM25 (bm25s) per language with Snowball stemming.

One index per language over the catalogue passages in that language; a question is searched
in its own language. Vietnamese has no Snowball stemmer and is matched on whole syllables.
"""

from __future__ import annotations

import bm25s
import Stemmer
from bm25s import stopwords

from ingest.catalogue import LANGUAGES, Catalogue, node_passage

# Snowball stemmer per language; Vietnamese has none (whole syllables are matched).
SNOWBALL = {"en": "english", "nb": "norwegian", "nl": "dutch", "sv": "swedish"}
_STOPWORDS = {
    "en": stopwords.STOPWORDS_EN,
    "nb": stopwords.STOPWORDS_NORWEGIAN,
    "nl": stopwords.STOPWORDS_DUTCH,
    "sv": stopwords.STOPWORDS_SWEDISH,
}


class LexicalRetriever:
    """Top catalogue nodes for a question by BM25, in the question's language."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.node_ids = list(catalogue.nodes)
        self._indexes: dict[str, tuple[bm25s.BM25, Stemmer.Stemmer | None]] = {}
        for language in LANGUAGES:
            stemmer = Stemmer.Stemmer(SNOWBALL[language]) if language in SNOWBALL else None
            texts = [node_passage(catalogue.nodes[i], language) for i in self.node_ids]
            tokens = bm25s.tokenize(
                texts, stopwords=_STOPWORDS.get(language), stemmer=stemmer, show_progress=False
            )
            index = bm25s.BM25()
            index.index(tokens, show_progress=False)
            self._indexes[language] = (index, stemmer)

    def search(self, question: str, language: str, k: int = 5) -> list[str]:
        """Node ids, best first (empty when no query word is in the vocabulary)."""
        index, stemmer = self._indexes.get(language, self._indexes["en"])
        tokens = bm25s.tokenize(
            [question], stopwords=_STOPWORDS.get(language), stemmer=stemmer, show_progress=False
        )
        if not tokens.ids or not tokens.ids[0]:
            return []
        results, scores = index.retrieve(tokens, k=min(k, len(self.node_ids)), show_progress=False)
        return [self.node_ids[int(i)] for i, s in zip(results[0], scores[0], strict=True) if s > 0]
