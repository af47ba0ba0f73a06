"""Glossary evidence: concepts named in a question point at the clauses they belong to.

"management review", "klagebehandling", "kwaliteitszorg" are concepts the glossary links to
clauses; a retrieved clause that such a concept points at is more likely the right one.
"""

from __future__ import annotations

import re

from assistant.language import strip_diacritics
from ingest.catalogue import Glossary

_WORDS = re.compile(r"\w+")


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
            (
                re.compile(rf"(?<!\w){re.escape(form)}(?!\w)"),
                clauses,
                frozenset(_WORDS.findall(form)),
            )
            for form, clauses in sorted(terms.items(), key=lambda item: -len(item[0]))
        ]
        # A form can only match where all of its words occur as whole words: index the forms by
        # one of their words, so a question is tried against a handful of patterns, not all
        # thousands (which took longer than the question's embedding). The regex still decides.
        self._by_word: dict[str, list[int]] = {}
        self._wordless: list[int] = []
        for position, (_pattern, _clauses, words) in enumerate(self._patterns):
            if words:
                self._by_word.setdefault(max(words, key=len), []).append(position)
            else:
                self._wordless.append(position)

    def clauses_in(self, question: str) -> set[str]:
        """Clause ids linked to any glossary term in the question."""
        text = question.casefold()
        plain = strip_diacritics(text)
        text_words = set(_WORDS.findall(text))
        plain_words = set(_WORDS.findall(plain))
        candidates = set(self._wordless)
        for word in text_words | plain_words:
            candidates.update(self._by_word.get(word, ()))
        found: set[str] = set()
        for position in candidates:
            pattern, clauses, words = self._patterns[position]
            if (words <= text_words and pattern.search(text)) or (
                words <= plain_words and pattern.search(plain)
            ):
                found |= clauses
        return found
