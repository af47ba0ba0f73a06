"""Glossary evidence: concepts named in a question point at the clauses they belong to.

"management review", "klagebehandling", "kwaliteitszorg" are concepts the glossary links to
clauses; a retrieved clause that such a concept points at is more likely the right one.
"""

from __future__ import annotations

import re

from assistant.language import strip_diacritics
from ingest.catalogue import Glossary


class GlossaryLinker:
    """Maps the glossary terms a question contains to catalogue clause ids."""

    def __init__(self, glossary: Glossary) -> None:
        terms: dict[str, set[str]] = {}
        for concept in glossary.concepts:
            if not concept.clauses:
                continue
            for language_terms in concept.terms.values():
                for term in language_terms:
                    for form in {term.casefold(), strip_diacritics(term).casefold()}:
                        if len(form) >= 4:
                            terms.setdefault(form, set()).update(concept.clauses)
        self._patterns = [
            (re.compile(rf"(?<!\w){re.escape(form)}(?!\w)"), clauses)
            for form, clauses in sorted(terms.items(), key=lambda item: -len(item[0]))
        ]

    def clauses_in(self, question: str) -> set[str]:
        """Clause ids linked to any glossary term in the question."""
        text = question.casefold()
        plain = strip_diacritics(text)
        found: set[str] = set()
        for pattern, clauses in self._patterns:
            if pattern.search(text) or pattern.search(plain):
                found |= clauses
        return found
