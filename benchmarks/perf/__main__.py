"""`make bench`: every performance figure of issue #9, printed as one JSON object and written to
benchmarks/REPORT.md.

    python -m benchmarks.perf [--sample 20] [--documents 2000] [--questions 100]
                              [--requests 48] [--sizes 1000,10000,50000,200000]

Bounded: about 10–13 minutes on 2 shared CPU cores (plus ~2.5 minutes the first time, to index
the catalogue into benchmarks/.work/seed-home, which later runs reuse).
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import time
from pathlib import Path

from benchmarks.perf import gap, ingest, query, scale, serve
from benchmarks.perf.common import WORK, bench_settings, copy_home, log, print_json, stopwatch
from benchmarks.perf.report import REPORT, render


def machine() -> dict:
    import os

    load = os.getloadavg()
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
        "load_average_at_start": [round(value, 2) for value in load],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sample", type=int, default=20)
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--questions", type=int, default=100)
    parser.add_argument("--requests", type=int, default=48)
    parser.add_argument("--sizes", default=",".join(map(str, scale.SIZES)))
    parser.add_argument("--no-report", action="store_true", help="print only, keep REPORT.md")
    parser.add_argument(
        "--render", action="store_true", help="rewrite REPORT.md from the last run (no measuring)"
    )
    args = parser.parse_args()
    if args.render:
        write_report(json.loads((WORK / "last-run.json").read_text(encoding="utf-8")))
        return
    started = time.monotonic()
    run = WORK / "run"
    shutil.rmtree(run, ignore_errors=True)
    run.mkdir(parents=True)
    results: dict = {"machine": machine()}

    from assistant.embedding.model import load_embedder

    with stopwatch() as load:
        embedder = load_embedder(bench_settings(WORK / "seed-home"))
        embedder.embed_queries(["warm-up"])
    results["model_load_s"] = round(load[0], 2)

    log("ingest …")
    results["ingest"] = ingest.run_ingest(
        run, embedder, sample=args.sample, documents=args.documents
    )
    store_20k = run / "store-20k"
    log("query …")
    results["query"] = query.run_query(store_20k, embedder, args.questions)
    log("gap …")
    results["gap"] = gap.run_gap(copy_home(store_20k, run / "store-gap"), run / "corpus", embedder)
    log("serve …")
    store_50k = copy_home(store_20k, run / "store-50k")
    serve.grow_store(store_50k, 50_000)
    results["serve"] = serve.run_serve(store_50k, args.requests)
    shutil.rmtree(store_50k, ignore_errors=True)
    log("scale …")
    queries = embedder.embed_queries(query.questions(50))
    sizes = tuple(int(size) for size in args.sizes.split(","))
    results["scale"] = scale.run_scale(run / "scale", WORK / "seed-home", queries, sizes)
    shutil.rmtree(run / "scale", ignore_errors=True)
    results["seconds"] = round(time.monotonic() - started, 1)
    print_json(results)
    (WORK / "last-run.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    if not args.no_report:
        write_report(results)


def write_report(results: dict) -> None:
    """REPORT.md from these results and the last before/after comparison, if any."""
    before_after = Path(__file__).resolve().parents[1] / "before_after.json"
    previous = json.loads(before_after.read_text()) if before_after.is_file() else None
    REPORT.write_text(render(results, previous), encoding="utf-8")
    log(f"wrote {REPORT}")


if __name__ == "__main__":
    main()
