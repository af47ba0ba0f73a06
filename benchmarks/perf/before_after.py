"""Before/after: `probe.py` against an older commit (default: the hardening merge this branch
started from) and against this checkout, on copies of the same data folder, back to back.

    python -m benchmarks.perf.before_after [--ref 00de6c5] [--rounds 2]
      (needs the folders `python -m benchmarks.perf` leaves in benchmarks/.work/run)

Writes benchmarks/before_after.json, which the report includes.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from benchmarks.perf.common import WORK, copy_home, log, print_json

ROOT = Path(__file__).resolve().parents[2]
PROBE = Path(__file__).with_name("probe.py")
RESULT = ROOT / "benchmarks" / "before_after.json"
BASE_REF = "00de6c5"


def _probe(code_root: Path, home: Path, corpus: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(code_root), CLAUSEWISE_HOME=str(home))
    # Run by path from a neutral folder: benchmarks/perf/ingest.py must not shadow `ingest`.
    command = [sys.executable, "-c", f"import runpy; runpy.run_path({str(PROBE)!r}, run_name='__main__')",
               str(home), str(corpus)]  # fmt: skip
    with tempfile.TemporaryDirectory() as neutral:
        output = subprocess.run(command, env=env, cwd=neutral, capture_output=True, text=True)
    if output.returncode:
        raise RuntimeError(output.stderr[-3000:])
    return json.loads(output.stdout.strip().splitlines()[-1])


def run_before_after(home: Path, corpus: Path, ref: str = BASE_REF, rounds: int = 2) -> dict:
    archive = subprocess.run(
        ["git", "archive", ref], cwd=ROOT, capture_output=True, check=True
    ).stdout
    runs: dict[str, list[dict]] = {"before": [], "after": []}
    with tempfile.TemporaryDirectory(prefix="clausewise-before-") as old:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(old, filter="data")
        for round_number in range(rounds):  # alternated, so both see similar machine load
            for label, code in (("before", Path(old)), ("after", ROOT)):
                log(f"before/after: round {round_number + 1}, {label}")
                probe_home = copy_home(home, WORK / "run" / f"probe-{label}")
                runs[label].append(_probe(code, probe_home, corpus))
    summary = {
        label: {key: round(statistics.median(run[key] for run in rows), 3) for key in rows[0]}
        for label, rows in runs.items()
    }
    return {"ref": ref, "rounds": rounds, **summary}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ref", default=BASE_REF)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--home", type=Path, default=WORK / "run" / "store-gap")
    parser.add_argument("--corpus", type=Path, default=WORK / "run" / "corpus")
    args = parser.parse_args()
    result = run_before_after(args.home, args.corpus, args.ref, args.rounds)
    RESULT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print_json(result)


if __name__ == "__main__":
    main()
