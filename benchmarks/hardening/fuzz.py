"""Ingest a hostile corpus and count what happened to every file.

The ingest runs in a child process (`--ingest`), so if it ever crashed the run would still
report it (as `crashed` files) instead of dying. Every file must end up ingested or rejected
with a reason; the store must stay consistent; the XXE canary must not be in it.

    python -m benchmarks.hardening.fuzz [--files 320] [--seed 21001] [--light]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from benchmarks.hardening.hostile import XXE_CANARY, generate

ROOT = Path(__file__).resolve().parents[2]


def child_env() -> dict[str, str]:
    """The environment for child processes: this checkout first on the path."""
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path}


def ingest_child(corpus: Path, home: Path, timeout_s: float, memory_mb: int) -> dict:
    """Run inside the child: ingest the corpus with a stand-in embedder, time every file."""
    import resource

    from assistant.embedding.embedder import HashingEmbedder
    from assistant.indexer import ingest_paths
    from assistant.store import Store
    from ingest.pipeline import ChunkingOptions
    from ingest.sandbox import ParseLimits, ParseSandbox

    options = ChunkingOptions(parse_timeout_s=timeout_s, parse_memory_mb=memory_mb)
    seconds: list[float] = []
    last = [time.monotonic()]

    def progress(done: int, _total: int, _name: str) -> None:
        now = time.monotonic()
        if done:
            seconds.append(now - last[0])
        last[0] = now

    started = time.monotonic()
    with Store(home) as store, ParseSandbox(ParseLimits(timeout_s, memory_mb)) as parser:
        report = ingest_paths(
            store, HashingEmbedder(64), [corpus], "records", options, progress, parser
        )
        check = store.check()
        leaked = store.connection.execute(
            "SELECT COUNT(*) FROM chunks WHERE text LIKE ?", (f"%{XXE_CANARY}%",)
        ).fetchone()[0]
        documents = len(store.documents())
        workers = parser.workers_started
        worker_peak = parser.peak_rss_mb
    return {
        "report": report.to_dict(),
        "seconds": round(time.monotonic() - started, 1),
        "slowest_file_s": round(max(seconds, default=0.0), 2),
        "parser_workers_started": workers,
        "parser_peak_rss_mb": round(worker_peak, 1),
        "ingest_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "store_consistent": check.consistent and check.chunks == check.vectors,
        "store_documents": documents,
        "xxe_canary_in_store": int(leaked),
    }


def run_fuzz(
    work: Path,
    *,
    files: int = 320,
    seed: int = 21001,
    heavy: bool = True,
    timeout_s: float = 30.0,
    memory_mb: int = 1024,
) -> dict:
    """Generate the corpus, ingest it in a child process and summarise the outcome."""
    corpus = work / "corpus"
    generated_at = time.monotonic()
    hostile = generate(corpus, files, seed, heavy=heavy)
    generation_s = time.monotonic() - generated_at
    command = [sys.executable, "-m", "benchmarks.hardening.fuzz", "--ingest", str(corpus),
               str(work / "home"), str(timeout_s), str(memory_mb)]  # fmt: skip
    child = subprocess.run(
        command, capture_output=True, text=True, env=child_env(), cwd=ROOT, timeout=3600
    )
    try:
        outcome = json.loads(child.stdout.strip().splitlines()[-1])
    except (json.JSONDecodeError, IndexError):
        outcome = None
    by_name = {item.path.name: item for item in hostile}
    failed = outcome["report"]["failed"] if outcome else []
    failed_names = {Path(failure["path"]).name: failure for failure in failed}
    ingested = outcome["report"]["documents_added"] if outcome else 0
    rejected = [f for f in failed if f["error"].strip()]
    unexpected_rejections = sorted(
        f"{name}: {failed_names[name]['error']}"
        for name, item in by_name.items()
        if item.expect == "ingest" and name in failed_names
    )
    unexpected_ingests = sorted(
        name
        for name, item in by_name.items()
        if item.expect == "reject" and outcome and name not in failed_names
    )
    return {
        "seed": seed,
        "tried": len(hostile),
        "ingested": ingested,
        "rejected_with_reason": len(rejected),
        "crashed": len(hostile) - ingested - len(rejected),
        "ingest_exit_code": child.returncode,
        "unclear_reasons": sum(1 for f in failed if f["kind"] in ("Unexpected", "IngestError")),
        "rejected_by_reason": dict(Counter(f["kind"] for f in failed).most_common()),
        "kinds": len({item.kind for item in hostile}),
        "expected_to_ingest_but_rejected": unexpected_rejections,
        "expected_to_reject_but_ingested": unexpected_ingests,
        "limits": {"timeout_s": timeout_s, "memory_mb": memory_mb},
        "corpus_mb": round(sum(item.path.stat().st_size for item in hostile) / (1 << 20), 1),
        "generation_s": round(generation_s, 1),
        **({k: v for k, v in outcome.items() if k != "report"} if outcome else {}),
        **({} if outcome else {"ingest_stderr_tail": child.stderr[-2000:]}),
    }


def passed(result: dict) -> bool:
    return (
        result["crashed"] == 0
        and result["ingest_exit_code"] == 0
        and result.get("store_consistent", False)
        and result.get("xxe_canary_in_store", 1) == 0
        and not result["expected_to_ingest_but_rejected"]
        and not result["expected_to_reject_but_ingested"]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ingest", nargs=4, metavar=("CORPUS", "HOME", "TIMEOUT", "MEMORY"))
    parser.add_argument("--files", type=int, default=320)
    parser.add_argument("--seed", type=int, default=21001)
    parser.add_argument("--light", action="store_true", help="leave out the 50 MB / 1 GB files")
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--memory-mb", type=int, default=1024)
    args = parser.parse_args()
    if args.ingest:
        corpus, home, timeout, memory = args.ingest
        print(json.dumps(ingest_child(Path(corpus), Path(home), float(timeout), int(memory))))
        return
    with tempfile.TemporaryDirectory(prefix="clausewise-fuzz-") as work:
        result = run_fuzz(
            Path(work), files=args.files, seed=args.seed, heavy=not args.light,
            timeout_s=args.timeout, memory_mb=args.memory_mb,
        )  # fmt: skip
    print(json.dumps(result, indent=2))
    sys.exit(0 if passed(result) else 1)


if __name__ == "__main__":
    main()
