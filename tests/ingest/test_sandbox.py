"""The parse worker: hangs, memory blow-ups and crashes fail one file; the worker is reused."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from ingest.errors import CorruptFile, FileTooComplex, ParserCrashed
from ingest.pipeline import ChunkingOptions, parse_file
from ingest.sandbox import ParseLimits, ParseSandbox

OPTIONS = ChunkingOptions(min_tokens=20, max_tokens=60)


# Readers the worker runs instead of parse_file (module level: sent by reference).
def hang(path, collection, options, content_hash):
    while True:
        time.sleep(0.1)


def eat_memory(path, collection, options, content_hash):
    hoard = []
    while True:
        hoard.append(bytearray(64 << 20))


def segfault(path, collection, options, content_hash):
    os.kill(os.getpid(), signal.SIGSEGV)


def buggy(path, collection, options, content_hash):
    raise IndexError("list index out of range")


@pytest.fixture
def record(tmp_path: Path) -> Path:
    path = tmp_path / "klage.md"
    path.write_text("# Klager\n\nRektor svarer skriftlig innen tre uker.\n", encoding="utf-8")
    return path


def test_one_worker_parses_file_after_file(tmp_path: Path, record: Path):
    """Normal files reuse one long-lived worker and give what parse_file gives."""
    with ParseSandbox() as sandbox:
        documents = [sandbox.parse(record, "records", OPTIONS) for _ in range(5)]
        assert sandbox.workers_started == 1
    assert documents[0] == parse_file(record, "records", OPTIONS)


@pytest.mark.parametrize(
    ("reader", "error", "words"),
    [
        (hang, FileTooComplex, "longer than 1 s"),
        (eat_memory, FileTooComplex, "more than 300 MB"),
        (segfault, ParserCrashed, "SIGSEGV"),
        (buggy, CorruptFile, "IndexError"),
    ],
)
def test_a_bad_file_fails_alone_and_the_next_file_still_parses(record, reader, error, words):
    """Hang → timeout, blow-up → memory limit, crash → reported; a fresh worker goes on."""
    with ParseSandbox(ParseLimits(timeout_s=1, memory_mb=300), reader=reader) as sandbox:
        started = time.monotonic()
        with pytest.raises(error) as failure:
            sandbox.parse(record, "records", OPTIONS)
        assert time.monotonic() - started < 8
        assert words in str(failure.value)
        sandbox.reader = parse_file
        assert sandbox.parse(record, "records", OPTIONS).chunks
        # A worker that only raised is kept; one that hung, blew up or died is replaced.
        assert sandbox.workers_started == (1 if reader is buggy else 2)
