"""Figure 5, gap: a full ISO 21001 checklist (depth 2, every assessable clause) over 50 and over
500 records, in a data folder that also holds the rest of the ~22k-chunk corpus. Target: 50
records in under 60 s on 2 cores.

Records are the first 50 / 500 generated documents, ingested into their own collections; their
vectors are reused by content hash from the ingest benchmark's folder (no model time), so the
timing is the checklist's alone. Each run is timed cold (a new Clausewise, so no cached query
vectors) and then warm (the same instance again).

    python -m benchmarks.perf.gap [--records 50,500]   (needs the folder benchmarks.perf.ingest leaves)
"""

from __future__ import annotations

import argparse
from pathlib import Path

from assistant.indexer import chunking_options, ingest_paths
from assistant.service import Clausewise
from benchmarks.perf.common import (
    WORK,
    StandInEmbedder,
    bench_settings,
    copy_home,
    log,
    print_json,
    stopwatch,
)
from benchmarks.perf.corpus import generate_corpus

TARGET_50_S = 60.0


def run_gap(home: Path, corpus_dir: Path, embedder, sizes: tuple[int, ...] = (50, 500)) -> dict:
    settings = bench_settings(home)
    paths = generate_corpus(corpus_dir, max(sizes))
    rows = []
    for size in sizes:
        collection = f"gap-{size}"
        with Clausewise(settings, embedder=embedder) as assistant:
            stand_in = StandInEmbedder(embedder.name, embedder.dimension)
            report = ingest_paths(assistant.store, stand_in, paths[:size], collection,
                                  chunking_options(settings), parser=assistant.parser)  # fmt: skip
        log(f"gap: ISO 21001 over {size} records")
        with Clausewise(settings, embedder=embedder) as assistant:
            assistant.ensure_ready()
            with stopwatch() as cold:
                checklist = assistant.gap("ISO21001", language="en", collections=[collection])
            with stopwatch() as warm:
                assistant.gap("ISO21001", language="en", collections=[collection])
        statuses: dict[str, int] = {}
        for item in checklist.items:
            statuses[item.status] = statuses.get(item.status, 0) + 1
        rows.append({
            "records": size,
            "chunks": report.chunks_added,
            "clauses": len(checklist.items),
            "requirement_points": sum(len(item.requirements) for item in checklist.items),
            "cold_s": round(cold[0], 2),
            "warm_s": round(warm[0], 2),
            "statuses": statuses,
        })  # fmt: skip
    first = rows[0]
    return {
        "runs": rows,
        "target_50_records_s": TARGET_50_S,
        "meets_target": first["records"] == 50 and first["cold_s"] < TARGET_50_S,
        "stand_in_embedded": 0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", default="50,500")
    parser.add_argument("--source", type=Path, default=WORK / "run" / "store-20k")
    args = parser.parse_args()
    from assistant.embedding.model import load_embedder

    home = copy_home(args.source, WORK / "run" / "store-gap")
    embedder = load_embedder(bench_settings(home))
    sizes = tuple(int(size) for size in args.records.split(","))
    print_json(run_gap(home, WORK / "run" / "corpus", embedder, sizes))


if __name__ == "__main__":
    main()
