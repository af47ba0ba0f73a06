"""Figure 2a, query: in-process `ask` latency over the ~22k-chunk data folder, and the bare model
encode of the same questions in the same run (each question: ask, then encode, so both see the
same machine load). Target: ask p50 ≤ 1.5 × encode p50.

    python -m benchmarks.perf.query [--questions 100]   (needs the folder benchmarks.perf.ingest leaves)
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from assistant.service import Clausewise
from assistant.store.database import count_rows
from benchmarks.perf.common import WORK, bench_settings, latency_summary, print_json, questions

TARGET_RATIO = 1.5


def run_query(home: Path, embedder, count: int = 100) -> dict:
    asked = questions(count)
    ask_ms: list[float] = []
    encode_ms: list[float] = []
    with Clausewise(bench_settings(home), embedder=embedder) as assistant:
        assistant.ensure_ready()
        chunks = count_rows(assistant.store.connection)["chunks"]
        for question in asked[:5]:  # warm-up: model, index, scopes, BM25
            assistant.ask(question)
        for question in asked:
            started = time.perf_counter()
            assistant.ask(question)
            ask_ms.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            embedder.embed_queries([question])
            encode_ms.append((time.perf_counter() - started) * 1000)
    ratio = statistics.median(ask_ms) / statistics.median(encode_ms)
    return {
        "chunks": chunks,
        "ask": latency_summary(ask_ms),
        "bare_encode": latency_summary(encode_ms),
        "ratio_p50": round(ratio, 2),
        "target_ratio": TARGET_RATIO,
        "meets_target": ratio <= TARGET_RATIO,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=int, default=100)
    parser.add_argument("--home", type=Path, default=WORK / "run" / "store-20k")
    args = parser.parse_args()
    from assistant.embedding.model import load_embedder

    embedder = load_embedder(bench_settings(args.home))
    print_json(run_query(args.home, embedder, args.questions))


if __name__ == "__main__":
    main()
