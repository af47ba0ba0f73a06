"""Query rewriting with the glossary: Vietnamese typed without diacritics gets its marks back.

The model splits "danh gia noi bo" into pieces unrelated to "đánh giá nội bộ", so such a
question scores low against everything. Glossary terms found in the question (compared without
marks, longest first) are put back in their accented form.
"""

from __future__ import annotations

import re

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
