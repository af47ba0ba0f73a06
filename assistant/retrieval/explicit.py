"""Explicit references in a question go straight to their catalogue nodes."""

from __future__ import annotations

from assistant.retrieval.rerank import named_standards
from ingest.catalogue import Catalogue
from ingest.references import find_references


def default_standard(question: str) -> str:
    """Bare clause numbers ("punkt 7.1.4") belong to the standard the question names, else 21001."""
    return "ISO9001" if named_standards(question) == {"ISO9001"} else "ISO21001"


def explicit_nodes(question: str, catalogue: Catalogue) -> list[str]:
    """Catalogue ids the question names, in order; unknown references are dropped, never guessed."""
    found: list[str] = []
    for reference in find_references(question, default_standard=default_standard(question)):
        node = catalogue.nearest_existing(reference)
        if node is not None and node.id not in found:
            found.append(node.id)
    return found
