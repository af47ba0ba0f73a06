"""POST /v1/ask latency once warm, over loopback, plus the bare query-encode time.

Prints one JSON report. Target (issue 4): p50 under 100 ms on 2 CPU cores.
Usage: python benchmarks/ask_latency.py [--requests 100]   (uses CLAUSEWISE_HOME / _CACHE)
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from fastapi.testclient import TestClient

from assistant.api import create_app
from assistant.service import Clausewise
from assistant.settings import load_settings
from evals.runner import load_gold

TARGET_P50_MS = 100.0


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    settings = load_settings()
    questions = [q["text"] for lang in ("en", "nb", "nl", "vi", "sv") for q in load_gold(lang)]
    questions = (questions * (args.requests // len(questions) + 1))[: args.requests]
    assistant = Clausewise(settings)
    with TestClient(create_app(settings, assistant)) as client:
        for question in questions[:5]:  # warm-up: model, FAISS, caches
            client.post("/v1/ask", json={"question": question})
        http_ms = []
        for question in questions:
            started = time.perf_counter()
            response = client.post("/v1/ask", json={"question": question})
            http_ms.append((time.perf_counter() - started) * 1000)
            response.raise_for_status()
        encode_ms = []
        for question in questions:
            started = time.perf_counter()
            assistant.embedder.embed_queries([question])
            encode_ms.append((time.perf_counter() - started) * 1000)
    p50 = statistics.median(http_ms)
    report = {
        "benchmark": "POST /v1/ask (in-process ASGI client, warm)",
        "requests": len(http_ms),
        "p50_ms": round(p50, 1),
        "p95_ms": round(percentile(http_ms, 0.95), 1),
        "p99_ms": round(percentile(http_ms, 0.99), 1),
        "encode_p50_ms": round(statistics.median(encode_ms), 1),
        "target_p50_ms": TARGET_P50_MS,
        "meets_target": p50 < TARGET_P50_MS,
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
