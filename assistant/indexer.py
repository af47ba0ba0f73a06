"""Incremental ingest: parse what changed, embed only new text, commit in crash-safe batches."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from assistant.embedding.embedder import Embedder
from assistant.settings import Settings
from assistant.store import Store
from ingest.errors import IngestError
from ingest.models import ParsedDocument
from ingest.pipeline import ChunkingOptions, discover_files, document_id_for, file_hash
from ingest.sandbox import ParseLimits, ParseSandbox

# Commit after this many chunks: bounds the work a crash can lose and the memory held.
BATCH_CHUNKS = 512

ProgressCallback = Callable[[int, int, str], None]


def chunking_options(settings: Settings) -> ChunkingOptions:
    """Chunk sizes and the file-size limit from the settings."""
    return ChunkingOptions(
        min_tokens=settings.chunk_min_tokens,
        max_tokens=settings.chunk_max_tokens,
        overlap_sentences=settings.chunk_overlap_sentences,
        max_file_bytes=int(settings.max_file_mb * 1024 * 1024),
        parse_timeout_s=settings.parse_timeout_s,
        parse_memory_mb=settings.parse_memory_mb,
    )


@dataclass
class FailedFile:
    path: str
    error: str
    kind: str = "IngestError"  # the IngestError subclass: CorruptFile, EncryptedFile, ...


@dataclass
class IngestReport:
    files: int = 0
    documents_added: int = 0
    documents_updated: int = 0
    documents_unchanged: int = 0
    chunks_added: int = 0
    embeddings_computed: int = 0
    failed: list[FailedFile] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


# Texts embedded per call when progress is reported.
EMBED_BATCH = 64


def embed_document_chunks(
    store: Store,
    embedder: Embedder,
    documents: list[ParsedDocument],
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[np.ndarray], int]:
    """One vector array per document; text already in the store reuses its stored vector.

    `progress(done, total)` counts all chunks, those reused included.
    """
    hashes = [chunk.content_hash for doc in documents for chunk in doc.chunks]
    known = store.known_vectors(hashes) if store.embedding_model() == embedder.name else {}
    todo = sorted({h for h in hashes if h not in known})
    texts = {chunk.content_hash: chunk.text for doc in documents for chunk in doc.chunks}
    step = EMBED_BATCH if progress else max(len(todo), 1)
    for start in range(0, len(todo), step):
        part = todo[start : start + step]
        known.update(zip(part, embedder.embed_passages([texts[h] for h in part]), strict=True))
        if progress:
            progress(len(hashes) - len(todo) + start + len(part), len(hashes))
    arrays = []
    for document in documents:
        rows = [known[chunk.content_hash] for chunk in document.chunks]
        arrays.append(np.stack(rows) if rows else np.zeros((0, embedder.dimension), np.float32))
    return arrays, len(todo)


def _commit(
    store: Store, embedder: Embedder, batch: list[ParsedDocument], report: IngestReport
) -> None:
    if not batch:
        return
    vectors, computed = embed_document_chunks(store, embedder, batch)
    report.chunks_added += store.commit(
        list(zip(batch, vectors, strict=True)), embedding_model=embedder.name
    )
    report.embeddings_computed += computed
    batch.clear()


def ingest_paths(
    store: Store,
    embedder: Embedder,
    paths: Iterable[Path],
    collection: str,
    options: ChunkingOptions,
    progress: ProgressCallback | None = None,
    parser: ParseSandbox | None = None,
) -> IngestReport:
    """Ingest files and folders into a collection; bad files are reported, never fatal.

    Files are read in `parser`'s worker process (one is started for this call when none is
    given), so a file that hangs the reader or blows up its memory fails alone.
    """
    if parser is None:
        with ParseSandbox(ParseLimits.from_options(options)) as own_parser:
            return ingest_paths(store, embedder, paths, collection, options, progress, own_parser)
    report = IngestReport()
    started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    files: list[Path] = []
    for path in paths:
        if not path.exists():
            report.failed.append(FailedFile(str(path), "no such file or folder"))
            continue
        files.extend(discover_files([path]))
    report.files = len(files) + len(report.failed)
    batch: list[ParsedDocument] = []
    batch_chunks = 0
    with store.writing():
        for position, path in enumerate(files, start=1):
            if progress:
                progress(position - 1, len(files), path.name)
            try:
                digest = file_hash(path)
                existing = store.document(document_id_for(collection, str(path.resolve())))
                if existing is not None and existing.content_hash == digest:
                    report.documents_unchanged += 1
                    continue
                parsed = parser.parse(path, collection, options, content_hash=digest)
            except IngestError as exc:
                report.failed.append(FailedFile(str(path), str(exc), exc.__class__.__name__))
                continue
            except OSError as exc:
                report.failed.append(
                    FailedFile(str(path), f"cannot read the file ({exc.strerror})", "OSError")
                )
                continue
            except Exception as exc:  # a parser bug must not sink the other files
                report.failed.append(
                    FailedFile(str(path), f"unexpected error while reading: {exc}", "Unexpected")
                )
                continue
            if existing is None:
                report.documents_added += 1
            else:
                report.documents_updated += 1
            batch.append(parsed)
            batch_chunks += len(parsed.chunks)
            if batch_chunks >= BATCH_CHUNKS:
                _commit(store, embedder, batch, report)
                batch_chunks = 0
        _commit(store, embedder, batch, report)
        if progress:
            progress(len(files), len(files), "")
        finished = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        store.record_run(started, finished, report.to_dict())
    return report


def commit_documents(store: Store, embedder: Embedder, documents: list[ParsedDocument]) -> int:
    """Store already-parsed documents (the catalogue uses this); returns chunks written."""
    report = IngestReport()
    with store.writing():
        _commit(store, embedder, list(documents), report)
    return report.chunks_added
