"""The store: SQLite rows and a FAISS index that always agree, written by one process at a time.

A write (1) builds the next index generation in memory, (2) writes it to its own file by atomic
rename, (3) commits the chunk rows and the new generation number in one SQLite transaction,
and (4) deletes the old file. A kill at any moment leaves SQLite pointing at a complete index
file that matches its rows: before (3) the old generation, after it the new one.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import faiss
import numpy as np
from filelock import FileLock, Timeout

from assistant.errors import DocumentNotFound, StoreBusy, StoreCorrupt
from assistant.store import database as db
from assistant.store import vectors as vec
from ingest.models import ParsedDocument


@dataclass(frozen=True)
class VectorHit:
    chunk_id: int
    score: float


@dataclass
class _Scope:
    """The chunk ids of a set of collections at one index generation, ready to filter with.

    Built once per generation and reused: reading the ids back from SQLite and building the
    FAISS selector cost more than the search itself in large stores.
    """

    ids: np.ndarray
    selector: faiss.IDSelector | None
    exact: faiss.Index | None = None  # a small scope's own exact index (see _SMALL_SCOPE_SHARE)
    keep: list[faiss.IDSelector] = field(default_factory=list)  # selectors `selector` points at


# Scopes kept per generation (collection sets in use are few: per API key, per bot channel).
_MAX_SCOPES = 32
# A scope under this share of all chunks (the catalogue collections beside many records) is
# searched in its own small exact index instead of filtering a scan of the whole index: faster,
# with the same results (same vectors, same order, same FAISS kernel), and in an approximate
# store it keeps the scope exact (IVF cells probed would hold too few of its chunks to fill k).
_SMALL_SCOPE_SHARE = 0.2


@dataclass(frozen=True)
class StoreCheck:
    """What `check` found: row and vector counts, and ids present on one side only."""

    documents: int
    chunks: int
    vectors: int
    missing_vectors: int
    orphan_vectors: int
    index_file_ok: bool
    repaired: bool
    database_ok: bool = True  # SQLite's quick_check; an index can be rebuilt, SQLite cannot

    @property
    def consistent(self) -> bool:
        return (
            self.missing_vectors == 0
            and self.orphan_vectors == 0
            and self.index_file_ok
            and self.database_ok
        )


class Store:
    """One data folder: open it, read from it, and write to it under the writer lock."""

    def __init__(self, home: Path, index_options: vec.IndexOptions | None = None) -> None:
        self.home = home
        self.index_options = index_options or vec.IndexOptions()
        home.mkdir(parents=True, exist_ok=True)
        self._connection = db.connect(home / "clausewise.sqlite3")
        self._lock = FileLock(str(home / "write.lock"), timeout=0)
        self._mutex = threading.RLock()
        self._index: faiss.Index | None = None
        self._generation = -1
        self._index_from_file = True
        self._scopes: dict[tuple[str, ...], _Scope] = {}

    # -- lifecycle -------------------------------------------------------------------------
    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextmanager
    def writing(self, wait_s: float = 0) -> Iterator[None]:
        """Hold the writer lock; a second writer gets StoreBusy (at once, or after `wait_s`)."""
        try:
            self._lock.acquire(timeout=wait_s)
        except Timeout as exc:
            raise StoreBusy(
                f"Another Clausewise process is writing to {self.home}. "
                "Try again when it has finished."
            ) from exc
        try:
            yield
        finally:
            self._lock.release()

    # -- reading ---------------------------------------------------------------------------
    @property
    def connection(self) -> sqlite3.Connection:
        return self._connection

    def generation(self) -> int:
        return int(db.get_meta(self._connection, "index_generation", "0") or 0)

    def dimension(self) -> int | None:
        value = db.get_meta(self._connection, "dimension")
        return int(value) if value else None

    def embedding_model(self) -> str | None:
        return db.get_meta(self._connection, "embedding_model")

    def index(self) -> faiss.Index | None:
        """The current FAISS index, reloaded when another process has written a new generation."""
        with self._mutex:
            generation = self.generation()
            if self._index is None or generation != self._generation:
                self._set_index(self._load_index(generation), generation)
            return self._index

    def _set_index(self, index: faiss.Index | None, generation: int) -> None:
        self._index, self._generation = index, generation
        self._scopes.clear()  # chunk ids per collection belong to one generation

    def _load_index(self, generation: int) -> faiss.Index | None:
        dimension = self.dimension()
        self._index_from_file = True
        if dimension is None:
            return None
        path = vec.index_file(self.home, generation)
        if path.is_file():
            try:
                return vec.read_index(path)
            except RuntimeError:
                pass  # a damaged file: rebuild below from the vectors SQLite keeps
        self._index_from_file = False
        ids, vectors = db.all_vectors(self._connection)
        return vec.build_index(dimension, ids, vectors, self.index_options)

    def search(
        self, queries: np.ndarray, k: int, collections: list[str] | None = None
    ) -> list[list[VectorHit]]:
        """Top-k chunks per query vector, restricted to the given collections."""
        with self._mutex:
            index = self.index()
            if index is None or index.ntotal == 0 or k <= 0:
                return [[] for _ in range(len(queries))]
            scope = self._scope(collections, index) if collections is not None else None
        if scope is not None and not len(scope.ids):
            return [[] for _ in range(len(queries))]
        queries = np.ascontiguousarray(queries, dtype=np.float32)
        if scope is not None and scope.exact is not None:
            searched, params = scope.exact, None
        elif vec.is_approximate(index):
            searched = index
            params = faiss.SearchParametersIVF(nprobe=self.index_options.nprobe)
            if scope is not None and scope.selector is not None:
                params.sel = scope.selector
        else:
            searched = index
            selector = scope.selector if scope is not None else None
            params = faiss.SearchParameters(sel=selector) if selector is not None else None
        limit = min(k, searched.ntotal)
        scores, ids = searched.search(queries, limit, params=params)
        return [
            [
                VectorHit(int(i), float(s))
                for i, s in zip(row_ids, row_scores, strict=True)
                if i >= 0
            ]
            for row_ids, row_scores in zip(ids, scores, strict=True)
        ]

    def _scope(self, collections: list[str], index: faiss.Index) -> _Scope:
        """The (cached) chunk ids and selector of these collections for the current index."""
        key = tuple(sorted(set(collections)))
        scope = self._scopes.get(key)
        if scope is not None:
            return scope
        ids = self._chunk_ids_in(list(key))
        selector = None
        exact = None
        keep: list[faiss.IDSelector] = []
        if len(ids) < index.ntotal:
            selector = faiss.IDSelectorBatch(ids)
            if 2 * len(ids) > index.ntotal:
                # Most of the store (records beside the catalogue): "not in the few others" is
                # the same filter with a much smaller set to test each candidate against.
                others = faiss.IDSelectorBatch(self._chunk_ids_in(list(key), negate=True))
                selector, keep = faiss.IDSelectorNot(others), [others]
        if len(ids) and len(ids) < _SMALL_SCOPE_SHARE * index.ntotal:
            exact = vec.build_index(index.d, *self._vectors_in(list(key)))
        if len(self._scopes) >= _MAX_SCOPES:
            self._scopes.clear()
        scope = self._scopes[key] = _Scope(ids, selector, exact, keep)
        return scope

    def _chunk_ids_in(self, collections: list[str], negate: bool = False) -> np.ndarray:
        rows = self._connection.execute(
            "SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document_id "
            f"WHERE d.collection {'NOT ' if negate else ''}IN "
            f"({','.join('?' * len(collections))}) ORDER BY c.id",
            collections,
        )
        return np.fromiter((row[0] for row in rows), dtype=np.int64)

    def _vectors_in(self, collections: list[str]) -> tuple[np.ndarray, np.ndarray]:
        rows = self._connection.execute(
            "SELECT c.id, c.vector FROM chunks c JOIN documents d ON d.id = c.document_id "
            f"WHERE d.collection IN ({','.join('?' * len(collections))}) ORDER BY c.id",
            collections,
        ).fetchall()
        ids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
        vectors = np.frombuffer(b"".join(row[1] for row in rows), dtype=np.float32)
        return ids, vectors.reshape(len(rows), -1)

    def chunks(self, chunk_ids: list[int]) -> dict[int, db.StoredChunk]:
        return db.get_chunks(self._connection, chunk_ids)

    def documents(self, collections: list[str] | None = None) -> list[db.StoredDocument]:
        return db.list_documents(self._connection, collections)

    def document(self, document_id: str) -> db.StoredDocument | None:
        return db.get_document(self._connection, document_id)

    def resolve_document(self, reference: str) -> list[db.StoredDocument]:
        """Documents named by an id, or by a file path (which may be in several collections)."""
        found = self.document(reference)
        if found:
            return [found]
        by_path = db.find_documents_by_path(self._connection, str(Path(reference).resolve()))
        if not by_path:
            raise DocumentNotFound(f"No document with id or path '{reference}' in the store.")
        return by_path

    def known_vectors(self, hashes: list[str]) -> dict[str, np.ndarray]:
        raw = db.vectors_by_hash(self._connection, hashes)
        return {key: np.frombuffer(blob, dtype=np.float32) for key, blob in raw.items()}

    # -- writing (call inside `writing()`) --------------------------------------------------
    def commit(
        self,
        documents: list[tuple[ParsedDocument, np.ndarray]],
        *,
        remove_ids: Sequence[str] = (),
        embedding_model: str,
    ) -> int:
        """Add or replace documents (with one vector per chunk) and remove others, atomically.

        Returns the number of chunks written.
        """
        with self._mutex:
            dimension = self._check_dimension(documents, embedding_model)
            index = self.index()
            index = faiss.clone_index(index) if index is not None else vec.new_index(dimension)
            replaced = {doc.document_id for doc, _ in documents} | set(remove_ids)
            old_ids = [
                chunk_id
                for doc_id in replaced
                for chunk_id in db.chunk_ids_of(self._connection, doc_id)
            ]
            if old_ids:
                index.remove_ids(faiss.IDSelectorBatch(np.asarray(old_ids, dtype=np.int64)))
            # Ids only grow, even after the newest chunks are deleted: a reader holding an older
            # index must never find one of its ids pointing at a different chunk's row.
            next_id = 1 + max(
                int(
                    self._connection.execute("SELECT COALESCE(MAX(id), 0) FROM chunks").fetchone()[
                        0
                    ]
                ),
                int(db.get_meta(self._connection, "last_chunk_id", "0") or 0),
            )
            rows: list[tuple] = []
            for document, vectors in documents:
                ids = np.arange(next_id, next_id + len(document.chunks), dtype=np.int64)
                next_id += len(document.chunks)
                if len(ids):
                    index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), ids)
                rows.append((document, ids, vectors))
            # Past the threshold the index turns approximate (and back below half of it).
            index = vec.fit(index, self.index_options)
            generation = self.generation() + 1
            vec.write_index(index, vec.index_file(self.home, generation))
            written = self._commit_rows(
                rows, replaced, generation, dimension, embedding_model, last_id=next_id - 1
            )
            self._set_index(index, generation)
            vec.remove_stale_files(self.home, generation)
            return written

    def _check_dimension(
        self, documents: list[tuple[ParsedDocument, np.ndarray]], embedding_model: str
    ) -> int:
        stored = self.dimension()
        shapes = {vectors.shape[1] for _, vectors in documents if len(vectors)}
        dimension = stored or (shapes.pop() if shapes else 0)
        if shapes - {dimension} or (
            stored and self.embedding_model() not in (None, embedding_model)
        ):
            raise StoreCorrupt(
                f"This data folder was indexed with {self.embedding_model()} ({stored} dimensions); "
                f"it cannot take vectors from {embedding_model}. Use a new CLAUSEWISE_HOME."
            )
        return dimension

    def _commit_rows(
        self,
        rows: list[tuple],
        replaced: set[str],
        generation: int,
        dimension: int,
        model: str,
        last_id: int,
    ) -> int:
        written = 0
        connection = self._connection
        with connection:  # one transaction: rows and generation land together or not at all
            for document_id in replaced:
                connection.execute("DELETE FROM documents WHERE id = ?", (document_id,))
            for document, ids, vectors in rows:
                connection.execute(
                    "INSERT INTO documents(id, collection, source_path, title, language, file_type,"
                    " content_hash, chunk_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (document.document_id, document.collection, document.source_path, document.title,
                     document.language, document.file_type, document.content_hash, len(document.chunks)),
                )  # fmt: skip
                connection.executemany(
                    "INSERT INTO chunks(id, document_id, ordinal, text, page, heading_path, language,"
                    " clause_refs, node_id, content_hash, vector) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    [
                        (int(chunk_id), document.document_id, chunk.ordinal, chunk.text, chunk.page,
                         json.dumps(list(chunk.heading_path), ensure_ascii=False), chunk.language,
                         json.dumps(list(chunk.clause_refs)), chunk.node_id, chunk.content_hash,
                         np.asarray(vector, dtype=np.float32).tobytes())
                        for chunk_id, chunk, vector in zip(ids, document.chunks, vectors, strict=True)
                    ],
                )  # fmt: skip
                written += len(document.chunks)
            db.set_meta(connection, "index_generation", str(generation))
            db.set_meta(connection, "last_chunk_id", str(last_id))
            if dimension:
                db.set_meta(connection, "dimension", str(dimension))
                db.set_meta(connection, "embedding_model", model)
        return written

    def remove(self, document_ids: list[str]) -> int:
        """Delete documents and their vectors; returns how many chunks went."""
        with self._mutex:
            before = db.count_rows(self._connection)["chunks"]
            self.commit(
                [], remove_ids=list(document_ids), embedding_model=self.embedding_model() or ""
            )
            return before - db.count_rows(self._connection)["chunks"]

    def record_run(self, started_at: str, finished_at: str, report: dict) -> None:
        with self._connection:
            self._connection.execute(
                "INSERT INTO ingest_runs(started_at, finished_at, report) VALUES (?, ?, ?)",
                (started_at, finished_at, json.dumps(report, ensure_ascii=False)),
            )

    def _kind_mismatch(self, index: faiss.Index) -> bool:
        approximate = vec.is_approximate(index)
        return self.index_options.wants_approximate(index.ntotal, approximate) != approximate

    def reindex(self) -> None:
        """Rebuild the index from SQLite's vectors, of the kind the options ask for (a settings
        change between exact and approximate applies here, or at the next write)."""
        with self.writing():
            ids, vectors = db.all_vectors(self._connection)
            rebuilt = vec.build_index(self.dimension() or 0, ids, vectors, self.index_options)
            generation = self.generation() + 1
            vec.write_index(rebuilt, vec.index_file(self.home, generation))
            with self._connection:
                db.set_meta(self._connection, "index_generation", str(generation))
            vec.remove_stale_files(self.home, generation)
            with self._mutex:
                self._set_index(rebuilt, generation)
                self._index_from_file = True

    # -- checking --------------------------------------------------------------------------
    def check(self, repair: bool = False) -> StoreCheck:
        """Compare SQLite's chunk ids with the index's; with repair, rebuild the index from SQLite."""
        counts = db.count_rows(self._connection)
        index = self.index()
        index_ids = set(vec.index_ids(index).tolist()) if index is not None else set()
        row_ids = {row[0] for row in self._connection.execute("SELECT id FROM chunks")}
        missing, orphans = len(row_ids - index_ids), len(index_ids - row_ids)
        file_ok = self._index_from_file or not self.dimension()
        repaired = False
        mismatched = index is not None and self._kind_mismatch(index)
        if repair and (missing or orphans or not file_ok or mismatched) and self.dimension():
            self.reindex()
            file_ok = True
            missing = orphans = 0
            repaired = True
        vectors = self.index().ntotal if self.index() is not None else 0
        try:
            database_ok = self._connection.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        except sqlite3.DatabaseError:
            database_ok = False
        return StoreCheck(counts["documents"], counts["chunks"], vectors, missing, orphans,
                          file_ok, repaired, database_ok)  # fmt: skip
