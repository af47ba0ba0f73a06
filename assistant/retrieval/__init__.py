"""Retrieval: explicit references, dense search and fusion, each a separate, swappable piece."""

from assistant.retrieval.models import NodeHit, PassageHit, RetrievalResult
from assistant.retrieval.retriever import Retriever

__all__ = ["NodeHit", "PassageHit", "RetrievalResult", "Retriever"]
