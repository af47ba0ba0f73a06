"""The store keeps SQLite rows and FAISS vectors in step, incrementally."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.errors import DocumentNotFound, StoreBusy
from assistant.indexer import ingest_paths
from assistant.store import Store
from assistant.store.vectors import index_ids
from ingest.pipeline import ChunkingOptions

OPTIONS = ChunkingOptions(min_tokens=20, max_tokens=60)


def _write_docs(folder: Path, count: int, tag: str = "") -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        path = folder / f"doc{number}.md"
        path.write_text(
            f"# Rutine {number}{tag}\n\nSkolen behandler klager innen {number + 2} uker. "
            f"Rektor svarer skriftlig og arkiverer saken {tag}.\n\n## Oppfølging\n\n"
            f"Internrevisjon kontrollerer rutinen hvert år. Avvik {number} følges opp.\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


def _ids_agree(store: Store) -> bool:
    rows = {row[0] for row in store.connection.execute("SELECT id FROM chunks")}
    index = store.index()
    return rows == set(index_ids(index).tolist()) if index is not None else not rows


def test_ingest_then_search_finds_the_matching_chunk(tmp_path, hashing_embedder):
    """A stored chunk comes back first for a query with its own words, with a cosine score."""
    paths = _write_docs(tmp_path / "docs", 3)
    with Store(tmp_path / "home") as store:
        report = ingest_paths(store, hashing_embedder, paths, "records", OPTIONS)
        assert report.documents_added == 3 and report.chunks_added > 0
        chunk = next(iter(store.chunks([1]).values()))
        query = hashing_embedder.embed_queries([chunk.text])
        hits = store.search(query, k=3)[0]
        assert hits[0].chunk_id == chunk.id
        assert hits[0].score == pytest.approx(1.0, abs=1e-5)
        assert _ids_agree(store)


def test_reingest_unchanged_computes_no_embeddings(tmp_path, hashing_embedder):
    """A second ingest of the same files embeds nothing and writes nothing."""
    paths = _write_docs(tmp_path / "docs", 4)
    with Store(tmp_path / "home") as store:
        ingest_paths(store, hashing_embedder, paths, "records", OPTIONS)
        embedded_before = hashing_embedder.texts_embedded
        generation = store.generation()
        again = ingest_paths(store, hashing_embedder, paths, "records", OPTIONS)
        assert store.generation() == generation
    assert again.documents_unchanged == 4 and again.chunks_added == 0
    assert hashing_embedder.texts_embedded == embedded_before
    assert again.embeddings_computed == 0


def test_changed_file_replaces_its_chunks(tmp_path, hashing_embedder):
    """Editing a file swaps its chunks: old text gone, new text present, ids in step."""
    paths = _write_docs(tmp_path / "docs", 2)
    with Store(tmp_path / "home") as store:
        ingest_paths(store, hashing_embedder, paths, "records", OPTIONS)
        paths[0].write_text(
            "# Ny rutine\n\nKlager besvares nå innen tre dager.\n", encoding="utf-8"
        )
        report = ingest_paths(store, hashing_embedder, paths, "records", OPTIONS)
        assert report.documents_updated == 1 and report.documents_unchanged == 1
        texts = [row[0] for row in store.connection.execute("SELECT text FROM chunks")]
        assert any("tre dager" in text for text in texts)
        assert not any("innen 2 uker" in text for text in texts)
        assert _ids_agree(store)


def test_unchanged_text_in_a_changed_file_reuses_vectors(tmp_path, hashing_embedder):
    """Only the chunks whose text changed are embedded again."""
    folder = tmp_path / "docs"
    folder.mkdir()
    path = folder / "long.md"
    sections = [
        f"## Del {i}\n\nAvsnitt {i} om internrevisjon og avvik nummer {i}." for i in range(6)
    ]
    path.write_text("# Håndbok\n\n" + "\n\n".join(sections), encoding="utf-8")
    with Store(tmp_path / "home") as store:
        first = ingest_paths(store, hashing_embedder, [path], "records", OPTIONS)
        sections[5] = "## Del 5\n\nHelt ny tekst om ledelsens gjennomgåelse."
        path.write_text("# Håndbok\n\n" + "\n\n".join(sections), encoding="utf-8")
        second = ingest_paths(store, hashing_embedder, [path], "records", OPTIONS)
    assert first.embeddings_computed > 2
    assert 1 <= second.embeddings_computed < first.embeddings_computed


def test_remove_deletes_rows_and_vectors(tmp_path, hashing_embedder):
    """Removing a document takes its chunks out of SQLite and FAISS alike."""
    paths = _write_docs(tmp_path / "docs", 3)
    with Store(tmp_path / "home") as store:
        ingest_paths(store, hashing_embedder, paths, "records", OPTIONS)
        target = store.resolve_document(str(paths[1]))[0]
        removed = store.remove([target.id])
        assert removed == target.chunk_count > 0
        assert store.document(target.id) is None
        assert _ids_agree(store)
        with pytest.raises(DocumentNotFound):
            store.resolve_document(str(tmp_path / "nope.md"))


def test_collections_filter_search(tmp_path, hashing_embedder):
    """A search restricted to one collection never returns another collection's chunks."""
    records = _write_docs(tmp_path / "records", 2, tag=" records")
    guidance = _write_docs(tmp_path / "guidance", 2, tag=" guidance")
    with Store(tmp_path / "home") as store:
        ingest_paths(store, hashing_embedder, records, "records", OPTIONS)
        ingest_paths(store, hashing_embedder, guidance, "guidance", OPTIONS)
        query = hashing_embedder.embed_queries(["klager rektor records internrevisjon"])
        hits = store.search(query, k=50, collections=["guidance"])[0]
        chunks = store.chunks([hit.chunk_id for hit in hits])
        assert hits and {chunk.collection for chunk in chunks.values()} == {"guidance"}


def test_second_writer_is_told_busy(tmp_path, hashing_embedder):
    """While one writer holds the lock, another gets StoreBusy at once."""
    home = tmp_path / "home"
    docs = _write_docs(tmp_path / "d", 1)
    with (
        Store(home) as first,
        Store(home) as second,
        first.writing(),
        pytest.raises(StoreBusy, match="Another Clausewise process"),
    ):
        ingest_paths(second, hashing_embedder, docs, "records", OPTIONS)


def test_damaged_index_file_is_rebuilt_from_sqlite(tmp_path, hashing_embedder):
    """A corrupt FAISS file is not fatal: the store rebuilds the index from stored vectors."""
    home = tmp_path / "home"
    with Store(home) as store:
        ingest_paths(store, hashing_embedder, _write_docs(tmp_path / "d", 2), "records", OPTIONS)
        generation = store.generation()
        total = store.index().ntotal
    (home / f"index-{generation}.faiss").write_bytes(b"garbage")
    with Store(home) as reopened:
        assert reopened.index().ntotal == total
        assert not reopened.check().consistent
        assert reopened.check(repair=True).repaired
        assert reopened.check().consistent
        assert (home / f"index-{reopened.generation()}.faiss").stat().st_size > 100


def test_store_refuses_vectors_of_another_model(tmp_path, hashing_embedder):
    """Mixing embedding models in one data folder is refused, not silently corrupting search."""
    from assistant.embedding.embedder import HashingEmbedder
    from assistant.errors import StoreCorrupt

    with Store(tmp_path / "home") as store:
        ingest_paths(store, hashing_embedder, _write_docs(tmp_path / "a", 1), "records", OPTIONS)
        other = HashingEmbedder(dimension=32)
        with pytest.raises(StoreCorrupt, match="cannot take vectors"):
            ingest_paths(store, other, _write_docs(tmp_path / "b", 1, tag="x"), "records", OPTIONS)
        assert np.isfinite(store.index().ntotal)


def test_check_reports_a_damaged_database_that_repair_cannot_fix(tmp_path, hashing_embedder):
    """A page of the SQLite file overwritten on disk: `check` says the database is damaged and
    points at restore (an index can be rebuilt from SQLite, SQLite itself cannot)."""
    from typer.testing import CliRunner

    from assistant.cli import app

    home = tmp_path / "home"
    folder = tmp_path / "docs"
    folder.mkdir()
    for number in range(40):
        (folder / f"d{number}.md").write_text(
            f"# Dokument {number}\n\n" + f"Klage nummer {number} ble behandlet av rektor. " * 60,
            encoding="utf-8",
        )
    with Store(home) as store:
        ingest_paths(store, hashing_embedder, [folder], "records",
                     ChunkingOptions(min_tokens=20, max_tokens=60))  # fmt: skip
        assert store.check().database_ok
    database = home / "clausewise.sqlite3"
    with database.open("r+b") as handle:
        handle.seek(database.stat().st_size // 2)
        handle.write(b"\xff" * 4096)
    with Store(home) as store:
        result = store.check(repair=True)
    assert not result.database_ok and not result.consistent
    output = CliRunner().invoke(app, ["check"], env={"CLAUSEWISE_HOME": str(home)})
    assert output.exit_code == 1
    assert "DATABASE DAMAGED" in output.stdout and "clausewise restore" in output.stdout
