"""The before/after probe: a few figures measured only through APIs that every version of
Clausewise since the hardening merge has (parse_file, Store.search, Clausewise.ask and gap), so
`before_after.py` can run it against an older checkout too. Prints one JSON object.

    python benchmarks/perf/probe.py HOME CORPUS_DIR   (run by file, with the code under test on PYTHONPATH)
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np


def _median_ms(run, repeats: int) -> float:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        timings.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(timings), 3)


def main() -> None:
    from assistant.embedding.model import load_embedder
    from assistant.service import Clausewise
    from assistant.settings import load_settings
    from assistant.store import Store
    from evals.runner import load_gold
    from ingest.pipeline import ChunkingOptions, parse_file

    home, corpus = Path(sys.argv[1]), Path(sys.argv[2])
    result: dict = {}
    files = sorted(corpus.glob("*.md"))[:100]
    started = time.perf_counter()
    chunks = sum(len(parse_file(path, "records", ChunkingOptions()).chunks) for path in files)
    seconds = time.perf_counter() - started
    result["parse_100_documents_s"] = round(seconds, 2)
    result["parse_chunks_per_s"] = round(chunks / seconds, 1)

    rng = np.random.default_rng(7)
    queries = rng.standard_normal((20, 384)).astype(np.float32)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    with Store(home) as store:
        store.index()
        rows = iter(range(10**9))

        def searches() -> None:
            row = queries[next(rows) % len(queries)][None, :]
            store.search(row, 60, ["standards", "frameworks"])
            store.search(row, 5, ["records"])

        result["ask_vector_searches_ms"] = _median_ms(searches, 40)
        result["chunks"] = store.index().ntotal

    settings = load_settings(home=home)
    embedder = load_embedder(settings)
    asked = [q["text"] for lang in ("en", "nb", "nl", "vi", "sv") for q in load_gold(lang)[:8]]
    with Clausewise(settings, embedder=embedder) as assistant:
        assistant.ensure_ready()
        for question in asked[:3]:
            assistant.ask(question)
        ask_ms, encode_ms = [], []
        for question in asked:
            started = time.perf_counter()
            assistant.ask(question)
            ask_ms.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            embedder.embed_queries([question])
            encode_ms.append((time.perf_counter() - started) * 1000)
        result["ask_p50_ms"] = round(statistics.median(ask_ms), 1)
        result["bare_encode_p50_ms"] = round(statistics.median(encode_ms), 1)
        result["ask_over_encode"] = round(
            statistics.median(ask_ms) / statistics.median(encode_ms), 2
        )
        collections = [name for (name,) in assistant.store.connection.execute(
            "SELECT DISTINCT collection FROM documents WHERE collection = 'gap-50'")]  # fmt: skip
        if collections:
            started = time.perf_counter()
            assistant.gap("ISO21001", language="en", collections=collections)
            result["gap_50_records_cold_s"] = round(time.perf_counter() - started, 2)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
