"""The platform-free bot layer: command language, channel access, follow-ups, the journal."""

from __future__ import annotations

import csv
import io
import json

import pytest

from assistant.errors import InvalidQuestion
from bots.common.access import collections_for, record_collections
from bots.common.commands import parse_clause_spec, parse_command
from bots.common.followup import contextual_question, is_follow_up
from bots.common.journal import BotJournal, ThreadContext, export_feedback


@pytest.mark.parametrize(
    ("message", "kind", "language", "standard", "clauses"),
    [
        ("gap ISO21001 7-8 sv", "gap", "sv", "ISO21001", ["7", "8"]),
        ("gap iso 9001", "gap", None, "ISO9001", []),
        ("gap 21001 8.5, 9 nl", "gap", "nl", "ISO21001", ["8.5", "9"]),
        ("hjälp", "help", "sv", None, []),
        ("", "help", "en", None, []),
        ("Hva krever ISO 21001?", "ask", None, None, []),
    ],
)
def test_commands(message, kind, language, standard, clauses):
    command = parse_command(message)
    assert (command.kind, command.language, command.standard, command.clauses) == (
        kind, language, standard, clauses)  # fmt: skip


def test_ask_and_clause_keep_their_text():
    assert parse_command("ask  what is   8.5?").text == "what is 8.5?"
    clause = parse_command("clause ISO21001:8.5.5 nb")
    assert (clause.kind, clause.text, clause.language) == ("clause", "ISO21001:8.5.5", "nb")


@pytest.mark.parametrize("message", ["gap", "gap ISO27001 8", "gap ISO21001 x7", "gap 21001 9-3",
                                     "clause", "ask"])  # fmt: skip
def test_bad_commands_say_what_is_wrong(message):
    with pytest.raises(InvalidQuestion) as error:
        parse_command(message)
    assert str(error.value)


def test_clause_ranges_expand():
    assert parse_clause_spec("4-6 A") == ["4", "5", "6", "A"]


def test_the_most_specific_mapping_wins_and_the_default_holds_no_records():
    mapping = {"C1": ["standards", "records"], "T1": ["standards"], "T1/C2": ["hr"]}
    default = ["standards", "frameworks"]
    assert collections_for(mapping, default, "C1", "T9") == ["standards", "records"]
    assert collections_for(mapping, default, "C2", "T1") == ["hr"]
    assert collections_for(mapping, default, "C3", "T1") == ["standards"]
    assert collections_for(mapping, default, "C3", "T3") == default
    assert record_collections(default) == []
    assert record_collections(["standards", "records", "hr"]) == ["records", "hr"]


def test_follow_ups_swap_the_standard_or_extend_the_question():
    first = "Hva krever ISO 21001 om klagebehandling?"
    assert contextual_question(first, "og hva med ISO 9001?") == (
        "Hva krever ISO 9001 om klagebehandling?")  # fmt: skip
    assert contextual_question(first, "og dokumentasjon?") == f"{first} dokumentasjon"
    standalone = "Vad säger skollagen om klagomål på utbildningen?"
    assert not is_follow_up(standalone)
    assert contextual_question(first, standalone) == standalone
    assert contextual_question(None, "og ISO 9001?") == "og ISO 9001?"


def test_journal_dedupes_remembers_threads_and_exports_votes(tmp_path):
    """Retried event ids are refused, thread context survives a reopen, votes are replaced not
    duplicated, and the CSV opens in Excel (UTF-8 BOM) with Vietnamese text intact."""
    journal = BotJournal(tmp_path / "bots.sqlite3")
    assert journal.first_delivery("slack", "Ev1")
    assert not journal.first_delivery("slack", "Ev1")
    assert journal.first_delivery("teams", "Ev1")
    journal.remember_thread("slack", "C1", "1.0", ThreadContext("Câu hỏi về 8.5?", "vi"))
    reopened = BotJournal(tmp_path / "bots.sqlite3")
    assert reopened.thread("slack", "C1", "1.0") == ThreadContext("Câu hỏi về 8.5?", "vi")
    assert reopened.thread("slack", "C1", "2.0") is None

    answer_id = reopened.record_answer(
        platform="slack", workspace="T1", conversation="C1", thread="1.0", user="U1",
        question="Câu hỏi về 8.5?", language="vi", answer="Trả lời", references=["ISO21001:8.5"],
    )  # fmt: skip
    assert reopened.vote(answer_id, "U1", up=True)
    assert reopened.vote(answer_id, "U1", up=False)  # changed their mind
    assert not reopened.vote("no-such-answer", "U1", up=True)
    [row] = reopened.feedback()
    assert (row.vote, row.user, row.references) == ("down", "U1", ["ISO21001:8.5"])

    data = export_feedback(reopened.feedback(), "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    records = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert records[0]["question"] == "Câu hỏi về 8.5?" and records[0]["vote"] == "down"
    assert json.loads(export_feedback(reopened.feedback(), "json"))[0]["answer"] == "Trả lời"
