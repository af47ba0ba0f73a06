"""Soak the HTTP API: concurrent askers while documents are uploaded and deleted.

Starts `uvicorn` on a free loopback port in a child process (stand-in embedder by default,
`--real-model` for the real one), runs N clients asking questions and one uploader adding
and deleting marked documents, for a bounded time and number of requests. Prints JSON:
requests by status, 5xx count, p50/p95/p99 latency, and answers that were inconsistent with
both the old and the new index (a source from a document that was not stored at any moment
of the request, or a snippet and title from different documents).

    python -m benchmarks.hardening.soak [--seconds 60] [--clients 12] [--max-requests 20000]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from benchmarks.hardening.fuzz import ROOT, child_env

MARK = re.compile(r"SOAKMARK(\d{4})")
QUESTIONS = [
    "Hva krever ISO 21001 om klagebehandling?",
    "Wat eist ISO 21001 van de interne audit?",
    "What does ISO 21001 say about learners' data?",
    "Vad säger ISO 21001 om ledningens genomgång?",
    "yeu cau ve bao ve du lieu nguoi hoc",
    "ISO 21001 8.2.1",
    "klageloggen rektor skriftlig svar innen tre uker",
]


def _document(number: int) -> bytes:
    return (
        f"# SOAKMARK{number:04} klagerutine\n\nSOAKMARK{number:04}: klager fra elever og "
        "foresatte registreres i klageloggen samme dag. Rektor gir skriftlig svar innen tre "
        f"uker. Avvik {number} ble lukket etter internrevisjonen.\n"
    ).encode()


def serve(home: Path, port: int, real_model: bool) -> None:
    """The child: the real app on 127.0.0.1:port."""
    import uvicorn

    from assistant.api import create_app
    from assistant.service import Clausewise
    from assistant.settings import load_settings

    settings = load_settings(home=home, rate_limit_per_minute=0)
    embedder = None
    if not real_model:
        from assistant.embedding.embedder import HashingEmbedder

        embedder = HashingEmbedder(64)
    app = create_app(settings, Clausewise(settings, embedder=embedder))
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Lifetimes:
    """When each marked document could have been visible: from upload start to delete end."""

    born: dict[int, float] = field(default_factory=dict)
    gone: dict[int, float] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def visible_during(self, number: int, start: float, end: float) -> bool:
        with self.lock:
            born, gone = self.born.get(number), self.gone.get(number)
        return born is not None and born < end and (gone is None or gone > start)


@dataclass
class Tally:
    statuses: Counter = field(default_factory=Counter)
    ask_ms: list[float] = field(default_factory=list)
    write_ms: list[float] = field(default_factory=list)
    inconsistent: list[str] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    marked_answers: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def _asker(base: str, seed: int, until: float, budget: list[int], lives: Lifetimes, tally: Tally) -> None:  # fmt: skip
    rng = random.Random(seed)
    with httpx.Client(base_url=base, timeout=60) as client:
        while time.monotonic() < until:
            with tally.lock:
                if budget[0] <= 0:
                    return
                budget[0] -= 1
            question = rng.choice(QUESTIONS)
            if rng.random() < 0.5:
                with lives.lock:  # recent documents: some alive, some just deleted
                    recent = sorted(lives.born)[-6:] or [0]
                number = rng.choice(recent)
                question = (
                    f"SOAKMARK{number:04} klagerutine SOAKMARK{number:04}: klager fra elever og "
                    "foresatte registreres i klageloggen samme dag"
                )
            start = time.monotonic()
            try:
                response = client.post("/v1/ask", json={"question": question})
            except httpx.HTTPError as exc:
                with tally.lock:
                    tally.errors[exc.__class__.__name__] += 1
                continue
            end = time.monotonic()
            problems = []
            if response.status_code == 200:
                for source in response.json()["sources"]:
                    in_snippet = set(MARK.findall(source["snippet"]))
                    in_title = set(MARK.findall(source["document"]))
                    if in_snippet and in_title and in_snippet != in_title:
                        problems.append(f"snippet {in_snippet} under title {in_title}")
                    for number in in_snippet | in_title:
                        if not lives.visible_during(int(number), start, end):
                            problems.append(f"SOAKMARK{number} was not stored during the request")
            with tally.lock:
                tally.statuses[response.status_code] += 1
                tally.ask_ms.append((end - start) * 1000)
                tally.marked_answers += any(
                    MARK.search(s["snippet"]) for s in response.json().get("sources", [])
                ) if response.status_code == 200 else 0  # fmt: skip
                tally.inconsistent.extend(problems)


def _uploader(base: str, until: float, lives: Lifetimes, tally: Tally) -> None:
    """Upload marked documents and delete the older ones, keeping a few alive at a time."""
    alive: list[tuple[int, str]] = []
    number = 0
    with httpx.Client(base_url=base, timeout=120) as client:
        while time.monotonic() < until:
            number = (number + 1) % 10000
            with lives.lock:
                lives.born[number] = time.monotonic()
                lives.gone.pop(number, None)
            start = time.monotonic()
            files = [("files", (f"soak-{number:04}.md", _document(number), "text/markdown"))]
            response = client.post("/v1/documents", files=files, data={"collection": "records"})
            with tally.lock:
                tally.statuses[response.status_code] += 1
                tally.write_ms.append((time.monotonic() - start) * 1000)
            if response.status_code == 200:
                listed = client.get("/v1/documents").json()
                ids = [d["id"] for d in listed if f"SOAKMARK{number:04}" in d["title"]]
                alive.extend((number, document_id) for document_id in ids)
            while len(alive) > 3:
                old_number, document_id = alive.pop(0)
                start = time.monotonic()
                deleted = client.delete(f"/v1/documents/{document_id}")
                with lives.lock:
                    lives.gone[old_number] = time.monotonic()
                with tally.lock:
                    tally.statuses[deleted.status_code] += 1
                    tally.write_ms.append((time.monotonic() - start) * 1000)
            time.sleep(0.05)


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 1)


def run_soak(
    work: Path,
    *,
    seconds: float = 60,
    clients: int = 12,
    max_requests: int = 20_000,
    seed: int = 8,
    real_model: bool = False,
) -> dict:
    """Start the server, soak it, stop it; the figures as a dict."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "benchmarks.hardening.soak", "--serve", str(work / "home"),
               str(port)] + (["--real-model"] if real_model else [])  # fmt: skip
    server = subprocess.Popen(command, env=child_env(), cwd=ROOT, stderr=subprocess.PIPE, text=True)
    try:
        ready_by = time.monotonic() + 300
        while True:
            try:
                if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.monotonic() > ready_by:
                raise RuntimeError(f"the server did not start: {server.stderr.read()[-2000:]}")  # type: ignore[union-attr]
            time.sleep(0.2)
        lives, tally = Lifetimes(), Tally()
        until = time.monotonic() + seconds
        budget = [max_requests]
        threads = [
            threading.Thread(target=_asker, args=(base, seed + n, until, budget, lives, tally))
            for n in range(clients)
        ] + [threading.Thread(target=_uploader, args=(base, until, lives, tally))]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    total = sum(tally.statuses.values())
    return {
        "seconds": round(elapsed, 1),
        "clients": clients,
        "model": "real" if real_model else "stand-in (hashing)",
        "requests": total,
        "requests_per_s": round(total / elapsed, 1) if elapsed else 0.0,
        "by_status": {str(code): count for code, count in sorted(tally.statuses.items())},
        "server_errors_5xx": sum(c for code, c in tally.statuses.items() if code >= 500),
        "client_errors": dict(tally.errors),
        "inconsistent_answers": len(tally.inconsistent),
        "inconsistent_examples": tally.inconsistent[:5],
        "answers_with_uploaded_sources": tally.marked_answers,
        "ask_latency_ms": {"p50": percentile(tally.ask_ms, 0.5), "p95": percentile(tally.ask_ms, 0.95),
                           "p99": percentile(tally.ask_ms, 0.99), "max": percentile(tally.ask_ms, 1.0)},
        "write_latency_ms": {"p50": percentile(tally.write_ms, 0.5), "p95": percentile(tally.write_ms, 0.95)},
    }  # fmt: skip


def passed(result: dict) -> bool:
    return (
        result["server_errors_5xx"] == 0
        and result["inconsistent_answers"] == 0
        and not result["client_errors"]
        and result["answers_with_uploaded_sources"] > 0
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--serve", nargs=2, metavar=("HOME", "PORT"), help=argparse.SUPPRESS)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=12)
    parser.add_argument("--max-requests", type=int, default=20_000)
    parser.add_argument("--real-model", action="store_true")
    args = parser.parse_args()
    if args.serve:
        serve(Path(args.serve[0]), int(args.serve[1]), args.real_model)
        return
    with tempfile.TemporaryDirectory(prefix="clausewise-soak-") as work:
        result = run_soak(
            Path(work), seconds=args.seconds, clients=args.clients,
            max_requests=args.max_requests, real_model=args.real_model,
        )  # fmt: skip
    print(json.dumps(result, indent=2))
    sys.exit(0 if passed(result) else 1)


if __name__ == "__main__":
    main()
