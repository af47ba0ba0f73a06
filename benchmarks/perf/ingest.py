"""Figure 1, ingest: documents/s and chunks/s end to end, against the model's raw encode
throughput on the same chunks in the same run; re-ingest of an unchanged corpus.

Three passes over the generated corpus:
1. a sample (default 30 documents) with the real model: the pipeline's throughput, then the bare
   `embed_passages` on exactly the chunks it stored; their ratio is the pipeline efficiency;
2. the same sample again, unchanged: the re-ingest time against the first ingest;
3. the whole corpus (2,000 documents, ~22k chunks) with stand-in vectors (embedding 22k chunks
   with the real model takes about an hour on 2 cores): everything the pipeline does besides the
   model, at full size, and the data folder the query benchmarks then use.

    python -m benchmarks.perf.ingest [--sample 30] [--documents 2000]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from assistant.indexer import chunking_options, ingest_paths
from assistant.service import index_options
from assistant.store import Store
from benchmarks.perf.common import (
    WORK,
    StandInEmbedder,
    bench_settings,
    copy_home,
    log,
    print_json,
    seed_home,
    stopwatch,
)
from benchmarks.perf.corpus import generate_corpus

TARGET_EFFICIENCY = 0.8
TARGET_REINGEST_SHARE = 0.05


def _ingest(home: Path, embedder, paths: list[Path]) -> tuple[dict, float]:
    settings = bench_settings(home)
    with Store(home, index_options(settings)) as store, stopwatch() as elapsed:
        report = ingest_paths(store, embedder, paths, "records", chunking_options(settings))
    return report.to_dict(), elapsed[0]


def _record_texts(home: Path) -> list[str]:
    with Store(home) as store:
        rows = store.connection.execute(
            "SELECT c.text FROM chunks c JOIN documents d ON d.id = c.document_id "
            "WHERE d.collection = 'records' ORDER BY c.id"
        )
        return [text for (text,) in rows]


def run_ingest(work: Path, embedder, *, sample: int = 30, documents: int = 2000) -> dict:
    """Run the three passes; leaves the full-corpus data folder in work/'store-20k'."""
    corpus = generate_corpus(work / "corpus", documents)
    corpus_bytes = sum(path.stat().st_size for path in corpus)
    home = copy_home(seed_home(embedder), work / "store-20k")
    embedder.embed_passages(["warm-up: the model is loaded once per process"] * 4)

    log(f"ingest: {sample} documents with the real model")
    first, first_s = _ingest(home, embedder, corpus[:sample])
    texts = _record_texts(home)
    with stopwatch() as encode:
        embedder.embed_passages(texts)
    chunks = first["chunks_added"]
    pipeline_rate = chunks / first_s
    encode_rate = len(texts) / encode[0]
    again, again_s = _ingest(home, embedder, corpus[:sample])

    log(f"ingest: the whole corpus ({documents} documents) with stand-in vectors")
    stand_in = StandInEmbedder(embedder.name, embedder.dimension)
    full, full_s = _ingest(home, stand_in, corpus)
    full_again, full_again_s = _ingest(home, stand_in, corpus)
    full_chunks = chunks + full["chunks_added"]
    projected_s = full_chunks / pipeline_rate  # the whole corpus at the measured real-model rate
    return {
        "corpus": {
            "documents": documents,
            "chunks": full_chunks,
            "megabytes": round(corpus_bytes / 1e6, 1),
        },
        "real_model_sample": {
            "documents": first["documents_added"],
            "chunks": chunks,
            "seconds": round(first_s, 2),
            "documents_per_s": round(first["documents_added"] / first_s, 2),
            "chunks_per_s": round(pipeline_rate, 2),
            "raw_encode_chunks_per_s": round(encode_rate, 2),
            "raw_encode_seconds": round(encode[0], 2),
            "efficiency": round(pipeline_rate / encode_rate, 3),
            "target_efficiency": TARGET_EFFICIENCY,
            "meets_target": pipeline_rate / encode_rate >= TARGET_EFFICIENCY,
        },
        "reingest_sample": {
            "seconds": round(again_s, 3),
            "unchanged": again["documents_unchanged"],
            "share_of_first": round(again_s / first_s, 4),
            "target_share": TARGET_REINGEST_SHARE,
            "meets_target": again_s / first_s < TARGET_REINGEST_SHARE,
        },
        "full_corpus_without_model": {
            "documents": full["documents_added"],
            "chunks": full["chunks_added"],
            "seconds": round(full_s, 1),
            "documents_per_s": round(full["documents_added"] / full_s, 1),
            "chunks_per_s": round(full["chunks_added"] / full_s, 1),
            "note": "stand-in vectors: parsing (sandboxed), cleaning, language, chunking, "
            "references, hashing, SQLite and FAISS commits",
        },
        "reingest_full_corpus": {
            "seconds": round(full_again_s, 2),
            "unchanged": full_again["documents_unchanged"],
            "projected_first_ingest_s": round(projected_s, 0),
            "share_of_projected_first": round(full_again_s / projected_s, 6),
            "share_of_first_without_model": round(full_again_s / full_s, 4),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sample", type=int, default=30)
    parser.add_argument("--documents", type=int, default=2000)
    args = parser.parse_args()
    from assistant.embedding.model import load_embedder

    embedder = load_embedder(bench_settings(WORK / "seed-home"))
    print_json(run_ingest(WORK / "run", embedder, sample=args.sample, documents=args.documents))


if __name__ == "__main__":
    main()
