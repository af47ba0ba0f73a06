"""Asking questions end to end with the real model over the indexed catalogue."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.service import Clausewise

pytestmark = pytest.mark.model
runner = CliRunner()
COMPLAINT_CLAUSES = {"ISO21001:10.1", "ISO21001:9.1.2", "ISO21001:8.5.1", "ISO21001:7.4.2"}


@pytest.fixture
def assistant(indexed_settings, real_embedder):
    with Clausewise(indexed_settings, embedder=real_embedder) as app_:
        yield app_


def test_norwegian_complaints_question_gets_a_norwegian_answer(indexed_settings, real_model_path):
    """The README's question: Norwegian answer citing complaints-related clauses (CLI, JSON)."""
    result = runner.invoke(app, ["ask", "Hva krever ISO 21001 om klagebehandling?", "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["language"] == "nb" and payload["found"] is True
    assert {ref["id"] for ref in payload["references"][:3]} & COMPLAINT_CLAUSES
    assert "klage" in payload["answer"].lower()
    scores = [ref["score"] for ref in payload["references"]]
    assert scores == sorted(scores, reverse=True) or payload["references"][0]["score"] == 1.0
    assert set(payload) == {"question", "language", "found", "answer", "references", "sources"}


@pytest.mark.parametrize(
    ("question", "language", "expected"),
    [
        ("Wat eist ISO 21001 van de interne audit?", "nl", "ISO21001:9.2"),
        ("Vad kräver skollagen om klagomålsrutiner?", "sv", "SE:Skollagen:4:8"),
        ("yeu cau ve bao ve du lieu nguoi hoc", "vi", "ISO21001:8.5.5"),
        ("What must the management review consider?", "en", "ISO21001:9.3"),
    ],
)
def test_answers_come_in_the_question_language_with_the_right_clause(
    assistant, question, language, expected
):
    """Each language's question is answered in that language and cites the clause it is about."""
    answer = assistant.ask(question)
    assert answer.language == language and answer.found
    cited = [reference.id for reference in answer.references]
    assert any(ref == expected or ref.startswith(expected + ".") for ref in cited[:3]), cited


def test_explicit_clause_goes_straight_to_the_node(assistant):
    """A question naming a clause cites that clause first, with full confidence."""
    answer = assistant.ask("Hva sier punkt 7.1.4 i 21001?")
    assert answer.references[0].id == "ISO21001:7.1.4" and answer.references[0].score == 1.0


def test_difference_question_uses_the_mappings(assistant):
    """'21001 vs 9001' answers list the related ISO 9001 clause with the note on the difference."""
    answer = assistant.ask("ISO 21001 vs ISO 9001 8.5.5, what is the difference?", language="en")
    assert answer.found
    assert answer.references[0].id == "ISO9001:8.5.5"
    assert any(point.startswith("ISO21001:8.5.5") for point in answer.key_points)


def test_off_topic_question_is_not_found_in_its_language(assistant):
    """Nothing relevant: a plain 'not found' in the user's language, and no clause cited."""
    answer = assistant.ask("Hvem vant fotball-VM i 2018?")
    assert not answer.found and answer.references == []
    assert answer.language == "nb" and "fant ikke" in answer.answer


def test_unknown_standard_is_not_answered_from_another(assistant):
    """A question about ISO 27001 is not answered with ISO 21001 clauses."""
    answer = assistant.ask("What does ISO 27001 Annex A say about cryptography?")
    assert not answer.found and answer.references == []


def test_language_override(assistant):
    """--lang / language= forces the answer language."""
    answer = assistant.ask("Hva krever ISO 21001 om internrevisjon?", language="vi")
    assert answer.language == "vi" and answer.references[0].title == "Đánh giá nội bộ"


def test_records_show_up_as_sources_with_document_and_page(
    indexed_settings, real_embedder, tmp_path
):
    """A school's own procedure is cited as a source (document, page, snippet) next to the clauses."""
    from assistant.indexer import ingest_paths
    from ingest.pipeline import ChunkingOptions

    record = tmp_path / "klagerutine.md"
    record.write_text(
        "# Rutine for klagebehandling ved Eksempelskolen\n\n"
        "Klager fra elever og foresatte registreres i klageloggen samme dag. Rektor undersøker "
        "saken, gir skriftlig svar innen tre uker og informerer om klagemuligheten videre.\n",
        encoding="utf-8",
    )
    with Clausewise(indexed_settings, embedder=real_embedder) as app_:
        ingest_paths(app_.store, real_embedder, [record], "records", ChunkingOptions())
        answer = app_.ask("Hva krever ISO 21001 om klagebehandling?")
        hidden = app_.ask("Hva krever ISO 21001 om klagebehandling?", collections=["standards"])
    assert any(
        source.document.startswith("Rutine for klagebehandling") for source in answer.sources
    )
    assert answer.sources[0].collection == "records"
    assert hidden.sources == []


def test_a_named_law_is_a_scope_not_the_answer(assistant):
    """'…theo TT18' points into Circular 18: its article on national-standard schools comes first."""
    answer = assistant.ask("Điều kiện công nhận trường đạt chuẩn quốc gia theo TT18")
    assert answer.found and answer.references[0].id.startswith("VN:TT18-2018-BGDDT:")
