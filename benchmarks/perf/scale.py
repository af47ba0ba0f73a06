"""Figure 3, scale: vector-search latency and memory at 1k, 10k, 50k and 200k chunks, exact and
approximate (IVF), with the approximate index's recall@10 against exact.

The stores hold the real catalogue vectors (collection `standards`) plus synthetic `records`
vectors: real passage vectors with Gaussian noise (cosine ~0.85 to their origin), so they
cluster as real embeddings do (uniform random vectors have no clusters and would understate
IVF's recall). Queries are the real model's vectors of the gold questions.

Each (size, kind) is measured in a fresh process: resident memory after loading the index,
then per query the two searches `ask` makes (catalogue collections k=60, records k=5), and an
unfiltered k=10. The stores are built through Store.commit with the default settings, so the
200k one turns approximate on its own when it passes the threshold.

    python -m benchmarks.perf.scale [--sizes 1000,10000,50000,200000]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from assistant.settings import load_settings
from assistant.store import Store
from assistant.store import database as db
from assistant.store import vectors as vec
from benchmarks.perf.common import WORK, bench_env, copy_home, latency_summary, log, print_json
from ingest.models import Chunk, ParsedDocument

SIZES = (1_000, 10_000, 50_000, 200_000)
NOISE = 0.03  # per dimension; for 384 dimensions a noise norm of ~0.6
CHUNKS_PER_DOCUMENT = 50
CATALOGUE = ["standards", "frameworks"]


def _synthetic_documents(start: int, count: int, base: np.ndarray, seed: int):
    rng = np.random.default_rng(seed)
    origins = rng.integers(0, len(base), count)
    vectors = base[origins] + rng.normal(0, NOISE, (count, base.shape[1])).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    for offset in range(0, count, CHUNKS_PER_DOCUMENT):
        number = (start + offset) // CHUNKS_PER_DOCUMENT
        size = min(CHUNKS_PER_DOCUMENT, count - offset)
        chunks = [
            Chunk(ordinal=i, text=f"synthetic record {number}.{i}", page=None, heading_path=(),
                  language="en", clause_refs=(), content_hash=f"synthetic-{number}-{i}")
            for i in range(size)
        ]  # fmt: skip
        document = ParsedDocument(
            document_id=f"syn{number:07d}", collection="records",
            source_path=f"/bench/synthetic/{number}.md", title=f"Synthetic {number}",
            language="en", file_type="md", content_hash=f"syn-{number}", chunks=chunks,
        )  # fmt: skip
        yield document, vectors[offset : offset + size]


def build_stores(seed_home: Path, target: Path, sizes: tuple[int, ...]) -> dict[int, Path]:
    """One folder per size, grown in turn from the catalogue-indexed seed; returns them."""
    from assistant.service import index_options

    home = copy_home(seed_home, target / "grow")
    folders: dict[int, Path] = {}
    with Store(home, index_options(load_settings(home=home))) as store:
        base = db.all_vectors(store.connection)[1]
        have = db.count_rows(store.connection)["chunks"]
        for size in sorted(sizes):
            log(f"scale: growing the store to {size} chunks")
            with store.writing():
                while have < size:
                    step = min(20_000, size - have)
                    store.commit(list(_synthetic_documents(have, step, base, seed=have)),
                                 embedding_model=store.embedding_model() or "")  # fmt: skip
                    have += step
            folders[size] = copy_home(home, target / f"scale-{size}")
    return folders


def measure(home: Path, mode: str, queries: np.ndarray) -> dict:
    """In this process: load the index of the given kind, then time the searches."""
    from benchmarks.perf.common import proc_status_mb

    options = vec.IndexOptions(mode=mode, nprobe=load_settings().ivf_nprobe)
    before = proc_status_mb()
    started = time.perf_counter()
    store = Store(home, options)
    index = store.index()
    if store.check().vectors and vec.is_approximate(index) != (mode == "approximate"):
        store.reindex()  # the other kind than the folder holds: rebuilt (and timed) here
        index = store.index()
    load_s = time.perf_counter() - started
    loaded = proc_status_mb()
    first = time.perf_counter()
    store.search(queries[:1], 60, CATALOGUE)
    store.search(queries[:1], 5, ["records"])
    first_ms = (time.perf_counter() - first) * 1000
    ask_ms, plain_ms = [], []
    found_records, found_plain = [], []
    for query in queries:
        row = query[None, :]
        started = time.perf_counter()
        store.search(row, 60, CATALOGUE)
        found_records.append([hit.chunk_id for hit in store.search(row, 10, ["records"])[0]])
        ask_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        found_plain.append([hit.chunk_id for hit in store.search(row, 10)[0]])
        plain_ms.append((time.perf_counter() - started) * 1000)
    result = {
        "kind": "approximate (IVF)" if vec.is_approximate(index) else "exact (flat)",
        "chunks": index.ntotal,
        "index_load_or_build_s": round(load_s, 2),
        "rss_mb": loaded["VmRSS"],
        "index_rss_mb": round(loaded["VmRSS"] - before["VmRSS"], 1),
        "peak_rss_mb": proc_status_mb()["VmHWM"],
        "first_filtered_search_ms": round(first_ms, 2),
        "ask_searches_p50_ms": round(statistics.median(ask_ms), 3),
        "ask_searches_p95_ms": latency_summary(ask_ms)["p95_ms"],
        "unfiltered_k10_p50_ms": round(statistics.median(plain_ms), 3),
    }
    if vec.is_approximate(index):
        ids, vectors = vec.contents(index)
        records = set(store._chunk_ids_in(["records"]).tolist())
        in_records = np.fromiter((i in records for i in ids), dtype=bool, count=len(ids))
        scores = queries @ vectors.T
        recall_plain, recall_records = [], []
        for row, plain, filtered in zip(scores, found_plain, found_records, strict=True):
            truth = set(ids[np.argsort(-row)[:10]].tolist())
            recall_plain.append(len(truth & set(plain)) / 10)
            masked = np.where(in_records, row, -np.inf)
            truth = set(ids[np.argsort(-masked)[:10]].tolist())
            recall_records.append(len(truth & set(filtered)) / 10)
        result["recall_at_10"] = round(float(np.mean(recall_plain)), 4)
        result["recall_at_10_records_filter"] = round(float(np.mean(recall_records)), 4)
        result["nprobe"] = options.nprobe
        result["cells"] = faiss_cells(index)
    store.close()
    return result


def faiss_cells(index) -> int:
    import faiss

    return int(faiss.extract_index_ivf(index).nlist)


def run_scale(work: Path, seed_home: Path, queries: np.ndarray, sizes=SIZES) -> dict:
    folders = build_stores(seed_home, work, sizes)
    query_file = work / "queries.npy"
    np.save(query_file, queries)
    rows = []
    for size, home in folders.items():
        for mode in ("exact", "approximate"):
            if mode == "approximate" and size < vec.MIN_APPROXIMATE:
                continue
            log(f"scale: measuring {size} chunks, {mode}")
            output = subprocess.run(
                [sys.executable, "-m", "benchmarks.perf.scale", "--measure", str(home),
                 "--mode", mode, "--queries", str(query_file)],
                env=bench_env(home), capture_output=True, text=True, check=True,
            ).stdout  # fmt: skip
            rows.append({"size": size, **json.loads(output)})
    settings = load_settings()
    return {
        "rows": rows,
        "settings": {
            "vector_index": settings.vector_index,
            "approximate_threshold": settings.approximate_threshold,
            "ivf_nprobe": settings.ivf_nprobe,
        },  # fmt: skip
        "queries": len(queries),
    }


def query_vectors(count: int = 50) -> np.ndarray:
    from assistant.embedding.model import load_embedder
    from benchmarks.perf.common import questions

    return load_embedder(load_settings()).embed_queries(questions(count))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--mode", default="exact", help=argparse.SUPPRESS)
    parser.add_argument("--queries", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.mode, np.load(args.queries))))
        return
    sizes = tuple(int(size) for size in args.sizes.split(","))
    print_json(run_scale(WORK / "run" / "scale", WORK / "seed-home", query_vectors(), sizes))


if __name__ == "__main__":
    main()
