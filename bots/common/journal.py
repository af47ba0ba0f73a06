"""The bots' own SQLite file: answered events (retry dedupe), thread context, answers, votes.

Kept apart from the index database so chat traffic never waits on the ingest writer lock.
A connection per call keeps it safe from the threads Bolt and FastAPI run listeners in.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS seen_events (
    platform TEXT NOT NULL, event_id TEXT NOT NULL, seen_at TEXT NOT NULL,
    PRIMARY KEY (platform, event_id));
CREATE TABLE IF NOT EXISTS threads (
    platform TEXT NOT NULL, conversation TEXT NOT NULL, thread TEXT NOT NULL,
    question TEXT NOT NULL, language TEXT NOT NULL, updated_at TEXT NOT NULL,
    PRIMARY KEY (platform, conversation, thread));
CREATE TABLE IF NOT EXISTS answers (
    id TEXT PRIMARY KEY, platform TEXT NOT NULL, workspace TEXT, conversation TEXT,
    thread TEXT, user TEXT, question TEXT NOT NULL, language TEXT NOT NULL,
    answer TEXT NOT NULL, refs TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS votes (
    answer_id TEXT NOT NULL REFERENCES answers(id), user TEXT NOT NULL, vote INTEGER NOT NULL,
    created_at TEXT NOT NULL, PRIMARY KEY (answer_id, user));
"""
# Slack retries for up to about an hour; a day of event ids is plenty.
SEEN_EVENTS_KEPT = timedelta(days=1)
FEEDBACK_FIELDS = ("voted_at", "platform", "workspace", "conversation", "user", "vote",
                   "question", "language", "answer", "references")  # fmt: skip


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class ThreadContext:
    question: str
    language: str


@dataclass(frozen=True)
class FeedbackRow:
    voted_at: str
    platform: str
    workspace: str | None
    conversation: str | None
    user: str
    vote: str  # "up" or "down"
    question: str
    language: str
    answer: str
    references: list[str]


class BotJournal:
    """What the bots must remember between messages and across restarts."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=10)
        try:
            with db:
                yield db
        finally:
            db.close()

    def first_delivery(self, platform: str, event_id: str) -> bool:
        """Record an event id; False when it was seen before (a retry or a redelivery)."""
        cutoff = (datetime.now(UTC) - SEEN_EVENTS_KEPT).isoformat(timespec="seconds")
        with self._connect() as db:
            db.execute("DELETE FROM seen_events WHERE seen_at < ?", (cutoff,))
            inserted = db.execute(
                "INSERT OR IGNORE INTO seen_events VALUES (?, ?, ?)", (platform, event_id, _now())
            )
            return inserted.rowcount == 1

    def thread(self, platform: str, conversation: str, thread: str) -> ThreadContext | None:
        with self._connect() as db:
            row = db.execute(
                "SELECT question, language FROM threads "
                "WHERE platform = ? AND conversation = ? AND thread = ?",
                (platform, conversation, thread),
            ).fetchone()
        return ThreadContext(*row) if row else None

    def remember_thread(
        self, platform: str, conversation: str, thread: str, context: ThreadContext
    ) -> None:
        with self._connect() as db:
            db.execute(
                "INSERT OR REPLACE INTO threads VALUES (?, ?, ?, ?, ?, ?)",
                (platform, conversation, thread, context.question, context.language, _now()),
            )

    def record_answer(
        self,
        *,
        platform: str,
        workspace: str | None,
        conversation: str | None,
        thread: str | None,
        user: str | None,
        question: str,
        language: str,
        answer: str,
        references: list[str],
    ) -> str:
        """Keep what was answered, so a vote on it can be exported with its context."""
        answer_id = uuid.uuid4().hex
        with self._connect() as db:
            db.execute(
                "INSERT INTO answers VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (answer_id, platform, workspace, conversation, thread, user, question, language,
                 answer, json.dumps(references), _now()),
            )  # fmt: skip
        return answer_id

    def vote(self, answer_id: str, user: str, up: bool) -> bool:
        """Store (or change) a user's vote on an answer; False for an unknown answer id."""
        with self._connect() as db:
            if db.execute("SELECT 1 FROM answers WHERE id = ?", (answer_id,)).fetchone() is None:
                return False
            db.execute(
                "INSERT OR REPLACE INTO votes VALUES (?, ?, ?, ?)",
                (answer_id, user, 1 if up else -1, _now()),
            )
        return True

    def feedback(self) -> list[FeedbackRow]:
        """Every vote with the question, answer and references it was about, oldest first."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT v.created_at, a.platform, a.workspace, a.conversation, v.user, v.vote, "
                "a.question, a.language, a.answer, a.refs FROM votes v "
                "JOIN answers a ON a.id = v.answer_id ORDER BY v.created_at, v.rowid"
            ).fetchall()
        return [
            FeedbackRow(at, platform, workspace, conversation, user,
                        "up" if vote > 0 else "down", question, language, answer, json.loads(refs))
            for at, platform, workspace, conversation, user, vote, question, language, answer, refs
            in rows
        ]  # fmt: skip


def export_feedback(rows: list[FeedbackRow], fmt: str) -> bytes:
    """Feedback as CSV (UTF-8 with BOM, for Excel) or JSON."""
    if fmt == "json":
        return json.dumps([asdict(row) for row in rows], ensure_ascii=False, indent=2).encode()
    if fmt != "csv":
        raise ValueError(f"Unknown feedback format '{fmt}': use csv or json.")
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(FEEDBACK_FIELDS)
    for row in rows:
        values = asdict(row)
        values["references"] = " ".join(row.references)
        writer.writerow([values[name] for name in FEEDBACK_FIELDS])
    return buffer.getvalue().encode("utf-8-sig")
