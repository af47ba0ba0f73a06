"""Query rewriting with the glossary: Vietnamese typed without diacritics gets its marks back.

The model splits "danh gia noi bo" into pieces unrelated to "đánh giá nội bộ", so such a
question scores low against everything. Glossary terms found in the question (compared without
marks, longest first) are put back in their accented form.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.language import strip_diacritics
from ingest.catalogue import Glossary

_VI_MARKS = re.compile(
    r"[ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]", re.I
)


class DiacriticRestorer:
    """Puts Vietnamese glossary terms back into a question typed without diacritics."""

    def __init__(self, glossary: Glossary) -> None:
        terms: dict[str, str] = {}
        for concept in glossary.concepts:
            for term in concept.terms.get("vi", []):
                plain = strip_diacritics(term).casefold()
                if plain != term.casefold() and len(plain) >= 4:
                    terms.setdefault(plain, term)
        # Longest first, so "danh gia noi bo" wins over "danh gia".
        self._terms = sorted(terms.items(), key=lambda item: len(item[0]), reverse=True)

    def restore(self, question: str) -> str:
        """The question with known terms accented; unchanged if it already has Vietnamese marks."""
        if _VI_MARKS.search(question):
            return question
        text = question.casefold()
        for plain, accented in self._terms:
            text = re.sub(rf"(?<!\w){re.escape(plain)}(?!\w)", accented, text)
        return text


_QUESTION_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


class SpellingCorrector:
    """Mends typos in domain words ("managment reveiw") against the glossary's vocabulary.

    With a `piece_count` (the model tokenizer's), a word is only replaced when the replacement
    splits into at least `min_gain` fewer pieces: correctly spelled words ("clause",
    "section") are whole pieces already, typos shatter into many.
    """

    def __init__(
        self,
        glossary: Glossary,
        *,
        piece_count: Callable[[str], int] | None = None,
        cutoff: float = 0.85,
        min_length: int = 5,
        min_gain: int = 1,
    ) -> None:
        vocabulary: set[str] = set()
        for concept in glossary.concepts:
            for terms in concept.terms.values():
                for term in terms:
                    vocabulary.update(
                        w for w in _QUESTION_WORD.findall(term.casefold()) if len(w) >= 4
                    )
        self.vocabulary = vocabulary
        self._by_initial: dict[str, list[str]] = {}
        for word in sorted(vocabulary):
            self._by_initial.setdefault(word[0], []).append(word)
        self.cutoff = cutoff
        self.min_length = min_length
        self.piece_count = piece_count
        self.min_gain = min_gain

    def correct(self, question: str) -> str:
        """The question with unknown words replaced by a very close glossary word, if any."""
        import difflib

        def mend(match: re.Match[str]) -> str:
            word = match.group(0)
            lowered = word.casefold()
            if len(lowered) < self.min_length or lowered in self.vocabulary:
                return word
            candidates = self._by_initial.get(lowered[0], [])
            close = difflib.get_close_matches(lowered, candidates, n=1, cutoff=self.cutoff)
            if not close:
                return word
            if self.piece_count is not None:
                gain = self.piece_count(lowered) - self.piece_count(close[0])
                if gain < self.min_gain:
                    return word
            return close[0]

        return _QUESTION_WORD.sub(mend, question)
