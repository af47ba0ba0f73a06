"""kill -9 an ingest at many moments (seeded), and check the store after each one.

Each moment is either an exact point inside the write path (the writer kills itself with
SIGKILL at the Nth time it reaches that point: after parsing a file, while embedding, while
writing the index's temporary file, after the index file is in place but before SQLite
commits, in the middle of the SQLite transaction, after the commit but before old index
files are removed, while recording the run), or a random wall-clock delay.

After every kill: the store opens, SQLite's chunk ids and FAISS's ids are the same, every
document stored before the kill is unchanged, and no document is half-written. A final run
completes the ingest.

    python -m benchmarks.hardening.crash [--moments 20] [--seed 9]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.hardening.fuzz import ROOT, child_env

POINTS = (
    "parsed",
    "embedding",
    "index-temp-written",
    "index-renamed",
    "mid-transaction",
    "committed",
    "recording-run",
)


@dataclass(frozen=True)
class Moment:
    point: str  # one of POINTS, or "time"
    occurrence: int  # the Nth time the point is reached
    delay_s: float  # for "time"

    def label(self) -> str:
        if self.point == "time":
            return f"after {self.delay_s:.2f}s"
        return f"{self.point} #{self.occurrence}"


def plan(moments: int, seed: int) -> list[Moment]:
    """Seeded moments: every exact point at least once when there is room, the rest random."""
    rng = random.Random(seed)
    chosen: list[Moment] = []
    points = list(POINTS) + ["time"]
    for index in range(moments):
        point = points[index] if index < len(points) else rng.choice(points)
        occurrence = 1 if point == "recording-run" else rng.randint(1, 3)
        chosen.append(Moment(point, occurrence, round(rng.uniform(0.2, 3.0), 2)))
    return chosen


def _kill_self() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def writer(home: Path, folders: list[Path], moment: Moment | None) -> None:
    """The child: ingest the folders in small batches, killing itself at the chosen moment."""
    import faiss

    from assistant import indexer
    from assistant.embedding.embedder import HashingEmbedder
    from assistant.store import Store
    from assistant.store import database as db
    from assistant.store import store as store_module
    from assistant.store import vectors as vec
    from ingest.pipeline import ChunkingOptions
    from ingest.sandbox import ParseSandbox

    indexer.BATCH_CHUNKS = 4  # many small commits: many moments to be killed in
    counts: dict[str, int] = {}

    def reached(point: str) -> None:
        counts[point] = counts.get(point, 0) + 1
        if moment is not None and moment.point == point and counts[point] == moment.occurrence:
            _kill_self()

    def around(owner, name: str, before: str | None = None, after: str | None = None) -> None:
        original = getattr(owner, name)

        def wrapped(*args, **kwargs):
            if before:
                reached(before)
            result = original(*args, **kwargs)
            if after:
                reached(after)
            return result

        setattr(owner, name, wrapped)

    class SlowEmbedder(HashingEmbedder):
        def embed_passages(self, texts):
            reached("embedding")
            time.sleep(0.01)
            return super().embed_passages(texts)

    around(ParseSandbox, "parse", after="parsed")
    around(faiss, "write_index", after="index-temp-written")
    around(vec, "write_index", after="index-renamed")
    around(db, "set_meta", before="mid-transaction")  # inside `with connection:`, rows inserted
    around(vec, "remove_stale_files", before="committed")
    around(store_module.Store, "record_run", before="recording-run")
    options = ChunkingOptions(min_tokens=20, max_tokens=60)
    with Store(home) as store:
        print("ready", flush=True)
        indexer.ingest_paths(store, SlowEmbedder(64), folders, "records", options)
    print("done", flush=True)


def write_corpus(folder: Path, count: int, tag: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        (folder / f"{tag}{number:03}.md").write_text(
            f"# {tag} {number}\n\nKlagen nummer {number} ble behandlet av rektor. "
            f"Tiltak {number} ble fulgt opp av {tag}.\n\n## Evaluering\n\n"
            f"Internrevisjonen i {tag} fant avvik {number} og lukket det.\n",
            encoding="utf-8",
        )
    return folder


def snapshot(home: Path) -> dict:
    """What a kill must not damage: consistency, every document's text, whole documents."""
    from assistant.store import Store

    with Store(home) as store:
        check = store.check()
        index = store.index()
        faiss_ids: set[int] = set()
        if index is not None:
            from assistant.store.vectors import index_ids

            faiss_ids = set(index_ids(index).tolist())
        sqlite_ids = {row[0] for row in store.connection.execute("SELECT id FROM chunks")}
        texts: dict[str, str] = {}
        partial = 0
        for document in store.documents():
            rows = store.connection.execute(
                "SELECT text FROM chunks WHERE document_id = ? ORDER BY ordinal", (document.id,)
            ).fetchall()
            partial += len(rows) != document.chunk_count
            texts[document.source_path] = "".join(row[0] for row in rows)
        integrity = store.connection.execute("PRAGMA integrity_check").fetchone()[0]
    return {
        "consistent": check.consistent and sqlite_ids == faiss_ids,
        "integrity": integrity,
        "texts": texts,
        "partial_documents": partial,
    }


def _run_writer(home: Path, folders: list[Path], moment: Moment | None) -> tuple[int, str]:
    payload = json.dumps(
        {"home": str(home), "folders": [str(f) for f in folders],
         "moment": moment.__dict__ if moment else None}
    )  # fmt: skip
    process = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.hardening.crash", "--writer", payload],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=child_env(), cwd=ROOT,
    )  # fmt: skip
    assert process.stdout is not None and process.stdout.readline().strip() == "ready"
    if moment is not None and moment.point == "time":
        try:
            process.wait(timeout=moment.delay_s)
        except subprocess.TimeoutExpired:
            process.kill()
    process.wait(timeout=300)
    return process.returncode, process.stderr.read() if process.stderr else ""


def run_crashes(
    work: Path, *, moments: int = 20, seed: int = 9, files_per_moment: int = 12
) -> dict:
    """Kill the ingest at each planned moment; after each, check the store, then re-run the
    ingest and check that it completed; finally run it once more over everything."""
    home = work / "home"
    folders = [write_corpus(work / "baseline", 5, "base")]
    code, stderr = _run_writer(home, folders, None)
    assert code == 0, stderr
    results = []
    started = time.monotonic()
    for number, moment in enumerate(plan(moments, seed)):
        folders.append(
            write_corpus(work / f"incoming{number:02}", files_per_moment, f"m{number:02}x")
        )
        before = snapshot(home)["texts"]
        code, stderr = _run_writer(home, folders, moment)
        after = snapshot(home)
        kept = all(after["texts"].get(path) == text for path, text in before.items())
        # Re-running the same ingest must complete what the kill interrupted.
        rerun_code, rerun_stderr = _run_writer(home, folders, None)
        rerun = snapshot(home)
        so_far = 5 + (number + 1) * files_per_moment
        results.append(
            {
                "moment": moment.label(),
                "killed": code == -signal.SIGKILL,
                "exit_code": code,
                "consistent": after["consistent"],
                "integrity": after["integrity"],
                "earlier_documents_intact": kept,
                "partial_documents": after["partial_documents"],
                "documents": len(after["texts"]),
                "rerun_exit_code": rerun_code,
                "rerun_complete": len(rerun["texts"]) == so_far
                and rerun["consistent"]
                and rerun["partial_documents"] == 0,
                **({"stderr": stderr[-500:]} if code not in (0, -signal.SIGKILL) else {}),
                **({"rerun_stderr": rerun_stderr[-500:]} if rerun_code else {}),
            }
        )
    code, stderr = _run_writer(home, folders, None)
    final = snapshot(home)
    expected = 5 + moments * files_per_moment
    ok = [
        r["consistent"] and r["integrity"] == "ok" and r["earlier_documents_intact"]
        and r["partial_documents"] == 0 and r["exit_code"] in (0, -signal.SIGKILL)
        and r["rerun_exit_code"] == 0 and r["rerun_complete"]
        for r in results
    ]  # fmt: skip
    return {
        "seed": seed,
        "moments": len(results),
        "killed": sum(r["killed"] for r in results),
        "store_ok_after_kill": sum(ok),
        "final_run_exit_code": code,
        "final_documents": len(final["texts"]),
        "expected_documents": expected,
        "final_consistent": final["consistent"] and final["integrity"] == "ok",
        "seconds": round(time.monotonic() - started, 1),
        "details": results,
        **({"final_stderr": stderr[-1000:]} if code else {}),
    }


def passed(result: dict) -> bool:
    return (
        result["store_ok_after_kill"] == result["moments"]
        and result["final_run_exit_code"] == 0
        and result["final_documents"] == result["expected_documents"]
        and result["final_consistent"]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--writer", help=argparse.SUPPRESS)
    parser.add_argument("--moments", type=int, default=20)
    parser.add_argument("--seed", type=int, default=9)
    args = parser.parse_args()
    if args.writer:
        payload = json.loads(args.writer)
        moment = Moment(**payload["moment"]) if payload["moment"] else None
        writer(Path(payload["home"]), [Path(f) for f in payload["folders"]], moment)
        return
    with tempfile.TemporaryDirectory(prefix="clausewise-crash-") as work:
        result = run_crashes(Path(work), moments=args.moments, seed=args.seed)
    print(json.dumps(result, indent=2))
    sys.exit(0 if passed(result) else 1)


if __name__ == "__main__":
    main()
