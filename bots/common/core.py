"""What a chat message becomes: the same assistant calls as the CLI and API, as plain replies.

Platform layers (Slack, Teams) turn events into `handle` calls and replies into their own
rendering; nothing here knows about either platform.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from assistant.answer import Answer
from assistant.clauses import clause_view
from assistant.errors import ClausewiseError, UnknownClause
from assistant.gaps import Checklist, render, select_clauses
from assistant.i18n import label
from assistant.service import Clausewise
from bots.common.access import record_collections
from bots.common.commands import Command, parse_command
from bots.common.followup import contextual_question, is_follow_up, topic_words
from bots.common.journal import BotJournal, ThreadContext
from bots.common.texts import status_counts, text

DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class Origin:
    """Where a message came from; `thread` is the thread the reply goes to."""

    platform: str
    conversation: str
    thread: str | None = None
    user: str | None = None
    workspace: str | None = None


@dataclass(frozen=True)
class AnswerReply:
    answer: Answer
    answer_id: str  # what a 👍 / 👎 refers to


@dataclass(frozen=True)
class ClauseReply:
    view: dict  # assistant.clauses.clause_view
    language: str


@dataclass(frozen=True)
class GapReply:
    checklist: Checklist
    language: str
    filename: str
    content: bytes  # the XLSX workbook
    summary: str  # one line: standard, counts by status


@dataclass(frozen=True)
class TextReply:
    text: str
    language: str
    kind: str  # "help", "error" or "refused"


Reply = AnswerReply | ClauseReply | GapReply | TextReply


class BotCore:
    """One assistant, one journal, one lock shared with the HTTP API when mounted in it."""

    def __init__(
        self, assistant: Clausewise, journal: BotJournal, lock: threading.Lock | None = None
    ) -> None:
        self.assistant = assistant
        self.journal = journal
        self.lock = lock or threading.Lock()

    def handle(self, message: str, origin: Origin, collections: list[str]) -> Reply:
        """Answer one message from `origin`, seeing only `collections`."""
        context = self._context(origin)
        fallback_language = context.language if context else DEFAULT_LANGUAGE
        try:
            command = parse_command(message)
        except ClausewiseError as exc:
            language = self.language_of(message, fallback_language)
            return TextReply(text("not_understood", language, error=str(exc)), language, "error")
        try:
            return self._run(command, origin, collections, context)
        except ClausewiseError as exc:
            language = command.language or fallback_language
            return TextReply(text("not_understood", language, error=str(exc)), language, "error")

    def working_note(
        self, message: str, collections: list[str], fallback_language: str | None = None
    ) -> str | None:
        """'Working on the gap analysis…' when `message` is a gap request that will run."""
        try:
            command = parse_command(message)
        except ClausewiseError:
            return None  # `handle` explains the mistake
        if command.kind != "gap" or not record_collections(collections):
            return None
        language = command.language or fallback_language or DEFAULT_LANGUAGE
        return text("working", language, standard=command.standard or "ISO21001")

    def _context(self, origin: Origin) -> ThreadContext | None:
        if origin.thread is None:
            return None
        return self.journal.thread(origin.platform, origin.conversation, origin.thread)

    def language_of(self, message: str, fallback: str = DEFAULT_LANGUAGE) -> str:
        """The message's language, or `fallback` when it cannot be told."""
        try:
            return self.assistant.detect_language(message) if message.strip() else fallback
        except ClausewiseError:
            return fallback

    def _run(
        self,
        command: Command,
        origin: Origin,
        collections: list[str],
        context: ThreadContext | None,
    ) -> Reply:
        fallback_language = context.language if context else DEFAULT_LANGUAGE
        if command.kind == "help":
            language = command.language or fallback_language
            return TextReply(text("help", language), language, "help")
        if command.kind == "clause":
            return self._clause(command, command.language or fallback_language)
        if command.kind == "gap":
            return self._gap(command, collections, command.language or fallback_language)
        return self._ask(command.text, origin, collections, context)

    def _ask(
        self,
        message: str,
        origin: Origin,
        collections: list[str],
        context: ThreadContext | None,
    ) -> AnswerReply:
        question = contextual_question(context.question if context else None, message)
        leans_on_thread = context is not None and is_follow_up(message)
        if leans_on_thread and topic_words(message) < 2:
            language = context.language
        else:
            language = self.assistant.detect_language(message)
        with self.lock:
            answer = self.assistant.ask(question, language=language, collections=collections)
        if origin.thread is not None:
            self.journal.remember_thread(
                origin.platform, origin.conversation, origin.thread,
                ThreadContext(question, answer.language),
            )  # fmt: skip
        answer_id = self.journal.record_answer(
            platform=origin.platform, workspace=origin.workspace,
            conversation=origin.conversation, thread=origin.thread, user=origin.user,
            question=question, language=answer.language,
            answer=answer.public_json()["answer"],
            references=[reference.id for reference in answer.references],
        )  # fmt: skip
        return AnswerReply(answer, answer_id)

    def _clause(self, command: Command, language: str) -> ClauseReply:
        catalogue = self.assistant.catalogue
        node = catalogue.resolve(command.text)
        if node is None:
            raise UnknownClause(command.text, catalogue.suggestions(command.text))
        return ClauseReply(clause_view(node, language, catalogue), language)

    def _gap(self, command: Command, collections: list[str], language: str) -> Reply:
        records = record_collections(collections)
        if not records:
            return TextReply(text("records_not_allowed", language), language, "refused")
        standard = command.standard or "ISO21001"
        if not select_clauses(self.assistant.catalogue, standard, command.clauses or None):
            clauses = ", ".join(command.clauses)
            reason = text("no_clauses", language, standard=standard, clauses=clauses)
            return TextReply(reason, language, "error")
        with self.lock:
            checklist = self.assistant.gap(
                standard, language=language, collections=records,
                clauses=command.clauses or None,
            )  # fmt: skip
        counts = status_counts(checklist.summary()["by_status"], language)
        scope = f" ({', '.join(command.clauses)})" if command.clauses else ""
        summary = f"{label('gap_analysis', language)} {standard}{scope}: {counts}"
        if checklist.note:
            summary += f"\n{checklist.note}"
        return GapReply(
            checklist=checklist,
            language=language,
            filename=f"gap-{standard.lower()}-{language}.xlsx",
            content=render(checklist, "xlsx"),
            summary=summary,
        )
