"""The answer composer on hand-made retrieval results (no model needed)."""

from __future__ import annotations

import pytest

from assistant.answer import compose_answer, is_difference_question, names_unknown_standard
from assistant.retrieval import NodeHit, RetrievalResult
from ingest.catalogue import Catalogue


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return Catalogue.load()


def test_found_is_decided_on_raw_similarity_not_on_ranking_nudges(catalogue):
    """A node pushed up by reranking but with a low cosine is still 'not found'."""
    nudged = RetrievalResult(nodes=[NodeHit("ISO21001:9.2", 0.90, "dense", similarity=0.80)])
    assert not compose_answer("q", "en", nudged, catalogue).found
    genuine = RetrievalResult(nodes=[NodeHit("ISO21001:9.2", 0.87, "dense", similarity=0.87)])
    assert compose_answer("q", "en", genuine, catalogue).found


def test_glossary_evidence_lowers_the_bar_a_little(catalogue):
    """With a glossary concept pointing at the node, a slightly lower cosine counts as found."""
    hit = NodeHit("ISO21001:9.2", 0.845, "dense", similarity=0.845, glossary=True)
    assert compose_answer("q", "en", RetrievalResult(nodes=[hit]), catalogue).found
    plain = NodeHit("ISO21001:9.2", 0.845, "dense", similarity=0.845)
    assert not compose_answer("q", "en", RetrievalResult(nodes=[plain]), catalogue).found


def test_answer_is_in_the_requested_language_and_cites_only_catalogue_ids(catalogue):
    """Lead, key points and reference titles come from the node in that language."""
    result = RetrievalResult(
        nodes=[
            NodeHit("ISO21001:9.2", 1.0, "explicit"),
            NodeHit("ISO21001:9.3", 0.88, "dense", 0.88),
        ],
        explicit=["ISO21001:9.2"],
    )
    answer = compose_answer("Hur går internrevision till?", "sv", result, catalogue)
    assert answer.found and answer.references[0].title == catalogue.nodes["ISO21001:9.2"].title.sv
    assert answer.answer.startswith("Detta omfattas av ISO21001:9.2")
    assert 2 <= len(answer.key_points) <= 5
    assert all(ref.id in catalogue.nodes for ref in answer.references)


def test_not_found_message_per_language(catalogue):
    """An empty retrieval gives the plain 'not found' text in each language, no references."""
    for language, phrase in (("nb", "fant ikke"), ("nl", "niet gevonden"), ("vi", "không tìm thấy"),
                             ("sv", "hittade inte"), ("en", "could not find")):  # fmt: skip
        answer = compose_answer("q", language, RetrievalResult(), catalogue)
        assert not answer.found and phrase in answer.answer and answer.references == []


def test_question_classifiers():
    """Difference questions and questions about standards we do not hold are recognised."""
    assert is_difference_question("Hva er forskjellen på 21001 og 9001?")
    assert is_difference_question("ISO 21001 vs ISO 9001 on communication")
    assert not is_difference_question("Hva krever ISO 21001 om klager?")
    assert names_unknown_standard("What does ISO 27001 say about access control?")
    assert not names_unknown_standard("ISO 27001 and ISO 21001 on data protection")
    assert not names_unknown_standard("internal audit")
