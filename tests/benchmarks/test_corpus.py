"""The benchmark corpus generator: deterministic, five languages, realistic chunk counts."""

from __future__ import annotations

import hashlib
from pathlib import Path

from benchmarks.perf.corpus import LANGUAGES, generate_corpus, generate_document
from ingest.pipeline import ChunkingOptions, parse_file


def _digests(paths: list[Path]) -> list[str]:
    return [hashlib.sha256(path.read_bytes()).hexdigest() for path in paths]


def test_the_same_seed_gives_the_same_bytes(tmp_path):
    """Two runs with one seed write identical files; another seed writes different ones."""
    first = generate_corpus(tmp_path / "a", documents=25)
    second = generate_corpus(tmp_path / "b", documents=25)
    other = generate_corpus(tmp_path / "c", documents=25, seed=7)
    assert [p.name for p in first] == [p.name for p in second]
    assert _digests(first) == _digests(second)
    assert _digests(first) != _digests(other)


def test_a_smaller_corpus_is_a_prefix_of_a_larger_one(tmp_path):
    """Document i does not depend on the corpus size."""
    small = generate_corpus(tmp_path / "small", documents=5)
    large = generate_corpus(tmp_path / "large", documents=12)
    assert _digests(small) == _digests(large[:5])


def test_all_five_languages_kinds_and_some_mixed_documents():
    documents = [generate_document(index) for index in range(40)]
    assert {d.language for d in documents} == set(LANGUAGES)
    assert {d.kind for d in documents} == {"policy", "minutes", "survey", "procedure"}
    assert any(d.mixed for d in documents)


def test_documents_chunk_into_about_ten_chunks_in_their_language(tmp_path):
    """Each document becomes ~11 chunks; a mixed one has an English chunk among its own."""
    paths = generate_corpus(tmp_path, documents=20)
    for index, path in enumerate(paths):
        document = generate_document(index)
        parsed = parse_file(path, "records", ChunkingOptions())
        assert 8 <= len(parsed.chunks) <= 16
        assert parsed.language == document.language
        languages = {chunk.language for chunk in parsed.chunks}
        assert languages == ({document.language, "en"} if document.mixed else {document.language})
