"""SQLite side of the store: documents, chunks (with their vectors), runs and metadata."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import numpy as np

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    collection TEXT NOT NULL,
    source_path TEXT NOT NULL,
    title TEXT NOT NULL,
    language TEXT NOT NULL,
    file_type TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    chunk_count INTEGER NOT NULL,
    ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX IF NOT EXISTS documents_collection ON documents(collection);
CREATE TABLE IF NOT EXISTS chunks (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    text TEXT NOT NULL,
    page INTEGER,
    heading_path TEXT NOT NULL,
    language TEXT NOT NULL,
    clause_refs TEXT NOT NULL,
    node_id TEXT,
    content_hash TEXT NOT NULL,
    vector BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_document ON chunks(document_id);
CREATE INDEX IF NOT EXISTS chunks_hash ON chunks(content_hash);
CREATE INDEX IF NOT EXISTS chunks_node ON chunks(node_id);
CREATE TABLE IF NOT EXISTS ingest_runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    report TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class StoredDocument:
    id: str
    collection: str
    source_path: str
    title: str
    language: str
    file_type: str
    content_hash: str
    chunk_count: int
    ingested_at: str


@dataclass(frozen=True)
class StoredChunk:
    id: int
    document_id: str
    collection: str
    source_path: str
    title: str
    ordinal: int
    text: str
    page: int | None
    heading_path: tuple[str, ...]
    language: str
    clause_refs: tuple[str, ...]
    node_id: str | None


def connect(path: Path) -> sqlite3.Connection:
    """Open (and create) the database; WAL keeps readers going while one writer commits."""
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute("PRAGMA foreign_keys=ON")
    connection.executescript(SCHEMA)
    return connection


def get_meta(connection: sqlite3.Connection, key: str, default: str | None = None) -> str | None:
    row = connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else default


def set_meta(connection: sqlite3.Connection, key: str, value: str) -> None:
    connection.execute(
        "INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


_DOCUMENT_COLUMNS = "id, collection, source_path, title, language, file_type, content_hash, chunk_count, ingested_at"


def list_documents(
    connection: sqlite3.Connection, collections: list[str] | None = None
) -> list[StoredDocument]:
    query = f"SELECT {_DOCUMENT_COLUMNS} FROM documents"
    params: list[str] = []
    if collections is not None:
        query += f" WHERE collection IN ({','.join('?' * len(collections))})"
        params = list(collections)
    query += " ORDER BY collection, source_path"
    return [StoredDocument(*row) for row in connection.execute(query, params)]


def get_document(connection: sqlite3.Connection, document_id: str) -> StoredDocument | None:
    row = connection.execute(
        f"SELECT {_DOCUMENT_COLUMNS} FROM documents WHERE id = ?", (document_id,)
    ).fetchone()
    return StoredDocument(*row) if row else None


def find_documents_by_path(
    connection: sqlite3.Connection, source_path: str
) -> list[StoredDocument]:
    rows = connection.execute(
        f"SELECT {_DOCUMENT_COLUMNS} FROM documents WHERE source_path = ?", (source_path,)
    )
    return [StoredDocument(*row) for row in rows]


def chunk_ids_of(connection: sqlite3.Connection, document_id: str) -> list[int]:
    rows = connection.execute("SELECT id FROM chunks WHERE document_id = ?", (document_id,))
    return [row[0] for row in rows]


def vectors_by_hash(connection: sqlite3.Connection, hashes: list[str]) -> dict[str, bytes]:
    """Stored vectors of chunks with these content hashes, so unchanged text is not re-embedded."""
    found: dict[str, bytes] = {}
    for start in range(0, len(hashes), 500):
        part = hashes[start : start + 500]
        rows = connection.execute(
            f"SELECT content_hash, vector FROM chunks WHERE content_hash IN ({','.join('?' * len(part))})",
            part,
        )
        found.update({content_hash: vector for content_hash, vector in rows})
    return found


def all_vectors(connection: sqlite3.Connection) -> tuple[np.ndarray, np.ndarray]:
    """Every chunk id and vector, for rebuilding the FAISS index."""
    ids: list[int] = []
    vectors: list[np.ndarray] = []
    for chunk_id, blob in connection.execute("SELECT id, vector FROM chunks ORDER BY id"):
        ids.append(chunk_id)
        vectors.append(np.frombuffer(blob, dtype=np.float32))
    if not ids:
        return np.zeros(0, dtype=np.int64), np.zeros((0, 0), dtype=np.float32)
    return np.asarray(ids, dtype=np.int64), np.stack(vectors)


_CHUNK_SELECT = """
SELECT c.id, c.document_id, d.collection, d.source_path, d.title, c.ordinal, c.text, c.page,
       c.heading_path, c.language, c.clause_refs, c.node_id
FROM chunks c JOIN documents d ON d.id = c.document_id
"""


def _chunk(row: tuple) -> StoredChunk:
    return StoredChunk(
        id=row[0],
        document_id=row[1],
        collection=row[2],
        source_path=row[3],
        title=row[4],
        ordinal=row[5],
        text=row[6],
        page=row[7],
        heading_path=tuple(json.loads(row[8])),
        language=row[9],
        clause_refs=tuple(json.loads(row[10])),
        node_id=row[11],
    )


def get_chunks(connection: sqlite3.Connection, chunk_ids: list[int]) -> dict[int, StoredChunk]:
    found: dict[int, StoredChunk] = {}
    for start in range(0, len(chunk_ids), 500):
        part = [int(value) for value in chunk_ids[start : start + 500]]
        rows = connection.execute(
            _CHUNK_SELECT + f" WHERE c.id IN ({','.join('?' * len(part))})", part
        )
        found.update({row[0]: _chunk(row) for row in rows})
    return found


def chunks_of_document(connection: sqlite3.Connection, document_id: str) -> list[StoredChunk]:
    rows = connection.execute(
        _CHUNK_SELECT + " WHERE c.document_id = ? ORDER BY c.ordinal", (document_id,)
    )
    return [_chunk(row) for row in rows]


def count_rows(connection: sqlite3.Connection) -> dict[str, int]:
    documents = connection.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    chunks = connection.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]
    return {"documents": documents, "chunks": chunks}


def collection_counts(connection: sqlite3.Connection) -> dict[str, dict[str, int]]:
    rows = connection.execute(
        "SELECT collection, COUNT(*), COALESCE(SUM(chunk_count), 0) FROM documents GROUP BY collection"
    )
    return {name: {"documents": docs, "chunks": chunks} for name, docs, chunks in rows}
