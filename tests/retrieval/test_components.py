"""Retrieval components on their own: glossary linking, diacritics, spelling, structure."""

from __future__ import annotations

import pytest

from assistant.retrieval.expansion import DiacriticRestorer, SpellingCorrector
from assistant.retrieval.glossary import GlossaryLinker
from assistant.retrieval.rerank import named_standards, structural_adjustment
from ingest.catalogue import Catalogue


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return Catalogue.load()


def test_vietnamese_without_marks_gets_them_back(catalogue):
    """Known glossary terms typed without diacritics are restored; accented text is untouched."""
    restorer = DiacriticRestorer(catalogue.glossary)
    assert "đánh giá nội bộ" in restorer.restore("quy trinh danh gia noi bo")
    accented = "Đánh giá nội bộ là gì?"
    assert restorer.restore(accented) == accented


def test_spelling_mends_domain_typos_but_not_ordinary_words(catalogue):
    """'managment' → 'management'; with a tokenizer guard, 'clause' stays 'clause'."""
    pieces = {"clause": 1, "cause": 1, "managment": 3, "management": 1}
    speller = SpellingCorrector(catalogue.glossary, piece_count=lambda w: pieces.get(w, 2))
    assert speller.correct("managment review") == "management review"
    assert speller.correct("which clause") == "which clause"
    unguarded = SpellingCorrector(catalogue.glossary)
    assert unguarded.correct("corective action") == "corrective action"


def test_glossary_terms_point_at_their_clauses(catalogue):
    """A Swedish and a Norwegian term for internal audit both link to the internal-audit clause."""
    linker = GlossaryLinker(catalogue.glossary)
    assert "ISO21001:9.2" in linker.clauses_in("Hur planerar vi internrevision?")
    assert "ISO21001:9.2" in linker.clauses_in("krav til internrevisjon")
    assert linker.clauses_in("the weather tomorrow") == set()


def test_structure_prefers_the_named_standard_and_specific_clauses(catalogue):
    """Naming 21001 favours its clauses over 9001 twins; level-1 headings give way to sub-clauses."""
    standards = named_standards("Hva sier 21001 om dokumentstyring?")
    assert standards == {"ISO21001"}
    twin_21001 = structural_adjustment("ISO21001:7.5.3", standards, catalogue)
    twin_9001 = structural_adjustment("ISO9001:7.5.3", standards, catalogue)
    assert twin_21001 > twin_9001
    assert named_standards("ISO 9001 vs 21001") == {"ISO9001", "ISO21001"}
    heading = structural_adjustment("ISO21001:8", set(), catalogue)
    specific = structural_adjustment("ISO21001:8.5.5", set(), catalogue)
    assert heading < specific


def test_bm25_finds_the_clause_by_its_stemmed_words(catalogue):
    """Per-language BM25 with stemming: inflected Swedish and Dutch words reach their clause."""
    from assistant.retrieval.lexical import LexicalRetriever

    lexical = LexicalRetriever(catalogue)
    assert "ISO21001:9.2" in lexical.search("internrevisionerna och revisionsprogrammet", "sv", k=3)
    assert "ISO21001:9.3" in lexical.search("directiebeoordelingen", "nl", k=3)
    assert lexical.search("zzzz qqqq", "en") == []


def test_glossary_prefilter_finds_what_every_pattern_would(catalogue):
    """Linking through the word index gives exactly the clauses that trying every pattern gives."""
    from assistant.language import strip_diacritics

    linker = GlossaryLinker(catalogue.glossary)

    def every_pattern(question: str) -> set[str]:
        text = question.casefold()
        plain = strip_diacritics(text)
        found: set[str] = set()
        for pattern, clauses, _words in linker._patterns:
            if pattern.search(text) or pattern.search(plain):
                found |= clauses
        return found

    questions = ["Hva krever ISO 21001 om klagebehandling?", "danh gia noi bo la gi",
                 "How do we run the management review?", "ledningens genomgång och internrevision"]  # fmt: skip
    for concept in catalogue.glossary.concepts:
        for terms in concept.terms.values():
            questions += [f"Om {term.upper()}!" for term in terms]
    assert all(linker.clauses_in(q) == every_pattern(q) for q in questions)
