"""`make hardening`: the hostile-file fuzz, the kill -9 crash run and the API soak, with their
figures printed as one JSON object. Exit status 1 if any check fails.

    python -m benchmarks.hardening [--files 320] [--moments 20] [--soak-seconds 90] [--clients 12]

Bounded: about 6-8 minutes on 2 CPU cores.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.hardening import crash, fuzz, soak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=320)
    parser.add_argument("--seed", type=int, default=21001)
    parser.add_argument("--moments", type=int, default=20)
    parser.add_argument("--soak-seconds", type=float, default=90)
    parser.add_argument("--clients", type=int, default=12)
    parser.add_argument("--real-model", action="store_true", help="soak with the real model")
    args = parser.parse_args()
    started = time.monotonic()
    results: dict = {}
    with tempfile.TemporaryDirectory(prefix="clausewise-hardening-") as work:
        root = Path(work)
        for name, run in (
            ("fuzz", lambda p: fuzz.run_fuzz(p, files=args.files, seed=args.seed)),
            ("crash", lambda p: crash.run_crashes(p, moments=args.moments, seed=args.seed)),
            ("soak", lambda p: soak.run_soak(p, seconds=args.soak_seconds, clients=args.clients,
                                             real_model=args.real_model)),
        ):  # fmt: skip
            folder = root / name
            folder.mkdir()
            print(f"hardening: {name} …", file=sys.stderr, flush=True)
            results[name] = run(folder)
    results["crash"].pop("details")  # per-moment rows: in `python -m benchmarks.hardening.crash`
    results["passed"] = {
        "fuzz": fuzz.passed(results["fuzz"]),
        "crash": crash.passed(results["crash"]),
        "soak": soak.passed(results["soak"]),
    }
    results["seconds"] = round(time.monotonic() - started, 1)
    print(json.dumps(results, indent=2, ensure_ascii=False))
    sys.exit(0 if all(results["passed"].values()) else 1)


if __name__ == "__main__":
    main()
