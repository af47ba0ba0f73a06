"""The approximate (IVF) index: when the store switches to it, and that search, collection
filtering, removal and checks keep working with it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.store import Store
from assistant.store.vectors import MIN_APPROXIMATE, IndexOptions, index_ids, is_approximate
from ingest.models import Chunk, ParsedDocument

DIMENSION = 16
PER_DOCUMENT = 100


def _documents(start: int, count: int, collection: str, seed: int):
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((20, DIMENSION)).astype(np.float32)
    batch = []
    for number in range(start, start + count):
        vectors = centres[rng.integers(0, 20, PER_DOCUMENT)]
        vectors = vectors + rng.normal(0, 0.3, vectors.shape).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        chunks = [
            Chunk(ordinal=i, text=f"{collection} {number}.{i}", page=None, heading_path=(),
                  language="en", clause_refs=(), content_hash=f"{collection}-{number}-{i}")
            for i in range(PER_DOCUMENT)
        ]  # fmt: skip
        document = ParsedDocument(
            document_id=f"{collection}{number}", collection=collection,
            source_path=f"/{collection}/{number}", title="t", language="en", file_type="md",
            content_hash=f"h{number}", chunks=chunks,
        )  # fmt: skip
        batch.append((document, vectors))
    return batch


def _fill(store: Store, small: int = 3, big: int = 57) -> None:
    with store.writing():
        store.commit(_documents(0, small, "standards", 1), embedding_model="m")
        store.commit(_documents(small, big, "records", 2), embedding_model="m")


def _collection_ids(store: Store, collection: str) -> set[int]:
    rows = store.connection.execute(
        "SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document_id WHERE d.collection = ?",
        (collection,),
    )
    return {row[0] for row in rows}


@pytest.mark.parametrize(
    ("mode", "count", "currently", "expected"),
    [
        ("auto", 99_999, False, False),
        ("auto", 100_000, False, True),
        ("auto", 60_000, True, True),  # stays approximate down to half the threshold
        ("auto", 49_999, True, False),
        ("exact", 500_000, False, False),
        ("approximate", MIN_APPROXIMATE, False, True),
        ("approximate", MIN_APPROXIMATE - 1, False, False),  # too few vectors to train
    ],
)
def test_which_kind_the_options_ask_for(mode, count, currently, expected):
    options = IndexOptions(mode=mode, threshold=100_000)
    assert options.wants_approximate(count, currently) is expected


def test_exact_is_the_default_below_the_threshold(tmp_path: Path):
    store = Store(tmp_path)
    _fill(store)
    assert not is_approximate(store.index())


def test_auto_switches_when_a_commit_passes_the_threshold_and_back(tmp_path: Path):
    store = Store(tmp_path, IndexOptions(mode="auto", threshold=5_000, nprobe=8))
    with store.writing():
        store.commit(_documents(0, 40, "records", 1), embedding_model="m")
        assert not is_approximate(store.index())
        store.commit(_documents(40, 20, "records", 2), embedding_model="m")
        assert is_approximate(store.index())
        store.remove([f"records{n}" for n in range(20, 60)])  # 2,000 left: below half
    assert not is_approximate(store.index())
    assert store.check().consistent
    reopened = Store(tmp_path, IndexOptions(mode="auto", threshold=5_000))
    assert reopened.index().ntotal == 2_000


def test_collection_filtering_with_the_approximate_index(tmp_path: Path):
    """Only allowed collections come back; the small one is searched exactly."""
    store = Store(tmp_path, IndexOptions(mode="approximate", nprobe=8))
    _fill(store)
    assert is_approximate(store.index())
    standards, records = _collection_ids(store, "standards"), _collection_ids(store, "records")
    rng = np.random.default_rng(9)
    queries = rng.standard_normal((12, DIMENSION)).astype(np.float32)
    for row in store.search(queries, 10, ["records"]):
        assert len(row) == 10 and {hit.chunk_id for hit in row} <= records
    exact = Store(tmp_path / "exact")
    _fill(exact)
    for approximate_row, exact_row in zip(
        store.search(queries, 10, ["standards"]),
        exact.search(queries, 10, ["standards"]),
        strict=True,
    ):
        assert {hit.chunk_id for hit in approximate_row} <= standards
        assert [h.chunk_id for h in approximate_row] == [h.chunk_id for h in exact_row]
    assert store.search(queries, 10, ["nothing-here"]) == [[] for _ in range(12)]


def test_approximate_recall_against_exact(tmp_path: Path):
    store = Store(tmp_path, IndexOptions(mode="approximate", nprobe=16))
    _fill(store)
    exact = Store(tmp_path / "exact")
    _fill(exact)
    queries = np.random.default_rng(3).standard_normal((20, DIMENSION)).astype(np.float32)
    found = store.search(queries, 10)
    truth = exact.search(queries, 10)
    recall = np.mean([
        len({h.chunk_id for h in a} & {h.chunk_id for h in b}) / 10
        for a, b in zip(found, truth, strict=True)
    ])  # fmt: skip
    assert recall >= 0.9


def test_replacing_and_removing_documents_in_an_approximate_store(tmp_path: Path):
    store = Store(tmp_path, IndexOptions(mode="approximate", nprobe=8))
    _fill(store)
    with store.writing():
        store.commit(_documents(5, 1, "records", 5), embedding_model="m")  # replaces records5
        store.remove(["records6"])
    rows = {row[0] for row in store.connection.execute("SELECT id FROM chunks")}
    assert set(index_ids(store.index()).tolist()) == rows
    assert store.check().consistent
    assert Store(tmp_path, IndexOptions(mode="approximate")).check().consistent


def test_check_repair_applies_a_changed_setting(tmp_path: Path):
    _fill(Store(tmp_path))
    store = Store(tmp_path, IndexOptions(mode="approximate"))
    assert not is_approximate(store.index())  # the file on disk is still exact
    result = store.check(repair=True)
    assert result.repaired and result.consistent
    assert is_approximate(store.index())
    assert is_approximate(Store(tmp_path, IndexOptions(mode="approximate")).index())
    back = Store(tmp_path, IndexOptions(mode="exact"))
    assert back.check(repair=True).repaired
    assert not is_approximate(back.index())


def test_collection_scope_follows_new_writes(tmp_path: Path):
    """A cached collection scope is dropped when a commit makes a new index generation."""
    store = Store(tmp_path)
    _fill(store, small=1, big=5)
    query = np.ones((1, DIMENSION), dtype=np.float32)
    before = {hit.chunk_id for hit in store.search(query, 1000, ["standards"])[0]}
    with store.writing():
        store.commit(_documents(10, 1, "standards", 4), embedding_model="m")
    after = {hit.chunk_id for hit in store.search(query, 1000, ["standards"])[0]}
    assert before < after and after == _collection_ids(store, "standards")
