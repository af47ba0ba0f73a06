"""The quick part of the hostile-file fuzz: one file of every kind, small limits.

The full corpus (320 files, with the ~50 MB and 1 GB ones) runs in `make hardening`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from benchmarks.hardening.fuzz import passed, run_fuzz
from benchmarks.hardening.hostile import generate


def test_every_hostile_file_ingests_or_fails_with_a_reason(tmp_path: Path):
    """No crash, no file without an outcome, a consistent store, no XXE leak, controls ingest."""
    result = run_fuzz(tmp_path, files=40, seed=7, heavy=False, timeout_s=3, memory_mb=512)
    assert result["ingest_exit_code"] == 0, result
    assert result["tried"] == 40 and result["kinds"] >= 30
    assert result["crashed"] == 0 and result["unclear_reasons"] == 0
    assert result["ingested"] >= 8 and result["rejected_with_reason"] >= 20
    assert result["store_consistent"] and result["store_documents"] == result["ingested"]
    assert result["xxe_canary_in_store"] == 0
    assert not result["expected_to_ingest_but_rejected"], result
    assert not result["expected_to_reject_but_ingested"], result
    assert result["slowest_file_s"] < 3 + 2, "a file ran past the parse timeout"
    assert {"EncryptedFile", "FileTooComplex", "CorruptFile", "EmptyFile"} <= set(
        result["rejected_by_reason"]
    )
    assert passed(result)


def test_the_corpus_is_the_same_for_the_same_seed(tmp_path: Path):
    """Deterministic: a failure can be reproduced from its seed."""

    def digests(folder: Path) -> list[tuple[str, str]]:
        files = generate(folder, 40, seed=3, heavy=False)
        return [(f.path.name, hashlib.sha256(f.path.read_bytes()).hexdigest()) for f in files]

    assert digests(tmp_path / "a" / "c") == digests(tmp_path / "b" / "c")


def test_word_entities_are_never_resolved(tmp_path: Path):
    """XXE: an external entity naming a local file does not pull that file's text in."""
    from benchmarks.hardening.hostile import XXE_CANARY, docx_external_entity
    from ingest.pipeline import ChunkingOptions, parse_file

    canary = tmp_path / "secret.txt"
    canary.write_text(XXE_CANARY, encoding="utf-8")
    path = tmp_path / "xxe.docx"
    path.write_bytes(docx_external_entity(canary.resolve().as_uri()))
    document = parse_file(path, "records", ChunkingOptions(min_tokens=20, max_tokens=60))
    text = " ".join(chunk.text for chunk in document.chunks)
    assert "Klager fra elever" in text and XXE_CANARY not in text
