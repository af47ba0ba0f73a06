"""Killing an ingest at any moment, or racing two writers, never damages the store."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.indexer import ingest_paths
from assistant.store import Store
from ingest.pipeline import ChunkingOptions

OPTIONS = ChunkingOptions(min_tokens=20, max_tokens=60)

WRITER = """
import sys, time
from pathlib import Path
from assistant import indexer
from assistant.embedding.embedder import HashingEmbedder
from assistant.errors import StoreBusy
from assistant.store import Store
from ingest.pipeline import ChunkingOptions

indexer.BATCH_CHUNKS = 4  # many small commits: many moments to be killed in


class SlowEmbedder(HashingEmbedder):
    def embed_passages(self, texts):
        time.sleep(0.01)
        return super().embed_passages(texts)


home, folder = Path(sys.argv[1]), Path(sys.argv[2])
with Store(home) as store:
    print("ready", flush=True)
    try:
        indexer.ingest_paths(store, SlowEmbedder(64), [folder], "records",
                             ChunkingOptions(min_tokens=20, max_tokens=60))
    except StoreBusy:
        sys.exit(3)
print("done", flush=True)
"""


def _corpus(folder: Path, count: int, tag: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        (folder / f"{tag}{number:03}.md").write_text(
            f"# {tag} {number}\n\nKlagen nummer {number} ble behandlet av rektor. "
            f"Tiltak {number} ble fulgt opp av {tag}.\n\n## Evaluering\n\n"
            f"Internrevisjonen i {tag} fant avvik {number} og lukket det.\n",
            encoding="utf-8",
        )
    return folder


def _writer(home: Path, folder: Path) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(home), str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout.readline().strip() == "ready"
    return process


def _consistent(home: Path) -> tuple[bool, dict[str, str]]:
    with Store(home) as store:
        check = store.check()
        texts = {
            doc.source_path: "".join(
                row[0]
                for row in store.connection.execute(
                    "SELECT text FROM chunks WHERE document_id = ? ORDER BY ordinal", (doc.id,)
                )
            )
            for doc in store.documents()
        }
        return check.consistent and check.chunks == check.vectors, texts


@pytest.mark.slow
def test_kill_9_at_many_moments_leaves_a_usable_consistent_store(tmp_path, hashing_embedder):
    """After SIGKILL at several points, SQLite and FAISS agree and earlier documents are intact."""
    home = tmp_path / "home"
    baseline = _corpus(tmp_path / "baseline", 5, "base")
    with Store(home) as store:
        ingest_paths(store, hashing_embedder, [baseline], "records", OPTIONS)
    _, before = _consistent(home)
    assert len(before) == 5
    incoming = _corpus(tmp_path / "incoming", 60, "new")
    seen_partial = False
    for delay in (0.0, 0.05, 0.1, 0.2, 0.35, 0.5, 0.8, 1.2):
        process = _writer(home, incoming)
        time.sleep(delay)
        process.kill()
        process.wait()
        consistent, after = _consistent(home)
        assert consistent, f"inconsistent after a kill at {delay}s"
        assert {path: after[path] for path in before} == before, "a baseline document changed"
        seen_partial |= 5 < len(after) < 65
    assert seen_partial, "no kill landed mid-ingest; the test did not test anything"
    finisher = _writer(home, incoming)
    assert finisher.wait(timeout=120) == 0, finisher.stderr.read()
    consistent, final = _consistent(home)
    assert consistent and len(final) == 65


@pytest.mark.slow
def test_two_concurrent_writers_never_corrupt_the_store(tmp_path):
    """Two writers at once: each finishes or is told busy; the store stays consistent."""
    home = tmp_path / "home"
    first = _writer(home, _corpus(tmp_path / "a", 25, "alpha"))
    second = _writer(home, _corpus(tmp_path / "b", 25, "beta"))
    codes = {first.wait(timeout=120), second.wait(timeout=120)}
    assert codes <= {0, 3} and 0 in codes
    consistent, documents = _consistent(home)
    assert consistent
    expected = 50 if codes == {0} else 25
    assert len(documents) == expected
