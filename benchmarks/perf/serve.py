"""Figures 2b and 4: `clausewise serve` over a 50k-chunk data folder, on loopback.

- start-up: from spawning `clausewise serve` to the first answered POST /v1/ask;
- HTTP: requests/s, p50 and p95 at concurrency 1, 4 and 8 (a bounded number of requests each);
- memory: the server's peak RSS (VmHWM) after all of it. Target ≤ 1.5 GB.

The 50k folder is the ~22k one from the ingest benchmark plus copies of its record chunks (with
stand-in vectors), so the server holds 50k chunks of realistic text.

    python -m benchmarks.perf.serve [--chunks 50000] [--requests 48]
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from assistant.store import Store
from assistant.store.database import count_rows
from benchmarks.perf.common import (
    WORK,
    StandInEmbedder,
    bench_env,
    copy_home,
    latency_summary,
    log,
    print_json,
    proc_status_mb,
    questions,
)
from ingest.models import Chunk, ParsedDocument
from ingest.pipeline import text_hash

TARGET_PEAK_RSS_MB = 1536
CONCURRENCY = (1, 4, 8)
STARTUP_LIMIT_S = 300


def grow_store(home: Path, chunks: int) -> int:
    """Add copies of the folder's record chunks (marked, so their hashes differ) up to `chunks`."""
    with Store(home) as store:
        have = count_rows(store.connection)["chunks"]
        texts = [row[0] for row in store.connection.execute(
            "SELECT c.text FROM chunks c JOIN documents d ON d.id = c.document_id "
            "WHERE d.collection = 'records' ORDER BY c.id"
        )]  # fmt: skip
        stand_in = StandInEmbedder(store.embedding_model() or "", store.dimension() or 384)
        copy = 0
        with store.writing():
            while have < chunks:
                batch = []
                for _ in range(40):  # documents per commit
                    size = min(11, chunks - have)
                    if size <= 0:
                        break
                    body = [
                        f"{texts[(copy * 11 + i) % len(texts)]} (copy {copy})" for i in range(size)
                    ]
                    document = ParsedDocument(
                        document_id=f"copy{copy:06d}", collection="records",
                        source_path=f"/bench/copies/{copy:06d}.md", title=f"Copy {copy}",
                        language="multi", file_type="md", content_hash=f"copy-{copy}",
                        chunks=[Chunk(ordinal=i, text=t, page=None, heading_path=(), language="en",
                                      clause_refs=(), content_hash=text_hash(t))
                                for i, t in enumerate(body)],
                    )  # fmt: skip
                    batch.append((document, stand_in.embed_passages(body)))
                    have += size
                    copy += 1
                store.commit(batch, embedding_model=stand_in.name)
        return have


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _ask(client: httpx.Client, question: str) -> float:
    started = time.perf_counter()
    response = client.post("/v1/ask", json={"question": question}, timeout=120)
    response.raise_for_status()
    return (time.perf_counter() - started) * 1000


def _level(base: str, concurrency: int, asked: list[str]) -> dict:
    clients = [httpx.Client(base_url=base) for _ in range(concurrency)]
    try:
        with ThreadPoolExecutor(concurrency) as pool:
            started = time.perf_counter()
            timings = list(pool.map(lambda item: _ask(clients[item[0] % concurrency], item[1]),
                                    enumerate(asked)))  # fmt: skip
            wall = time.perf_counter() - started
    finally:
        for client in clients:
            client.close()
    summary = latency_summary(timings)
    return {"concurrency": concurrency, "requests_per_s": round(len(asked) / wall, 2),
            "p50_ms": summary["p50_ms"], "p95_ms": summary["p95_ms"], "n": len(asked)}  # fmt: skip


def run_serve(home: Path, requests: int = 48) -> dict:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = bench_env(home, CLAUSEWISE_RATE_LIMIT_PER_MINUTE="0")
    command = [sys.executable, "-m", "assistant.cli", "serve", "--port", str(port)]
    asked = questions(requests + 1)
    started = time.perf_counter()
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        first_answer_s = None
        with httpx.Client(base_url=base) as client:
            while time.perf_counter() - started < STARTUP_LIMIT_S and server.poll() is None:
                try:
                    if (
                        client.post("/v1/ask", json={"question": asked[0]}, timeout=120).status_code
                        == 200
                    ):
                        first_answer_s = time.perf_counter() - started
                        break
                except httpx.TransportError:
                    pass
                time.sleep(0.05)
        if first_answer_s is None:
            raise RuntimeError(f"the server did not answer: {server.stderr.read().decode()[-2000:] if server.poll() is not None else 'timeout'}")  # fmt: skip
        after_start = proc_status_mb(server.pid)
        levels = []
        for concurrency in CONCURRENCY:
            log(f"serve: {requests} requests at concurrency {concurrency}")
            levels.append(_level(base, concurrency, asked[1:]))
        memory = proc_status_mb(server.pid)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    with Store(home) as store:
        chunks = count_rows(store.connection)["chunks"]
    return {
        "chunks": chunks,
        "startup_to_first_answer_s": round(first_answer_s, 2),
        "http": levels,
        "rss_after_first_answer_mb": after_start.get("VmRSS"),
        "peak_rss_mb": memory.get("VmHWM"),
        "target_peak_rss_mb": TARGET_PEAK_RSS_MB,
        "meets_target": (memory.get("VmHWM") or 0) <= TARGET_PEAK_RSS_MB,
        "note": "the server process only; the parse worker (forked on the first upload) is apart",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--chunks", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=48)
    parser.add_argument("--source", type=Path, default=WORK / "run" / "store-20k")
    args = parser.parse_args()
    home = copy_home(args.source, WORK / "run" / "store-50k")
    grow_store(home, args.chunks)
    print_json(run_serve(home, args.requests))


if __name__ == "__main__":
    main()
