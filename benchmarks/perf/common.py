"""What the benchmark scripts share: percentiles, memory readings, the questions, a stand-in
embedder for bulk vectors, and the catalogue-indexed seed data folder."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from assistant.settings import Settings, load_settings
from evals.runner import load_gold

LANGUAGES = ("en", "nb", "nl", "vi", "sv")
# Kept between runs (git-ignored): the catalogue-indexed seed folder costs a few minutes of
# model time to build and never changes unless the catalogue does.
WORK = Path(__file__).resolve().parents[1] / ".work"


def log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (share in 0..1)."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, int(round(share * len(ordered) + 0.5)) - 1))
    return ordered[rank]


def latency_summary(milliseconds: list[float]) -> dict[str, float]:
    return {
        "n": len(milliseconds),
        "p50_ms": round(statistics.median(milliseconds), 2),
        "p95_ms": round(percentile(milliseconds, 0.95), 2),
        "p99_ms": round(percentile(milliseconds, 0.99), 2),
    }


def proc_status_mb(pid: int | str = "self") -> dict[str, float]:
    """VmRSS (now) and VmHWM (peak) of a process, in MB (Linux /proc)."""
    found: dict[str, float] = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as handle:
        for line in handle:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                found[key] = round(int(value.split()[0]) / 1024, 1)
    return found


@contextmanager
def stopwatch() -> Iterator[list[float]]:
    """`with stopwatch() as elapsed:` … `elapsed[0]` is the seconds taken."""
    elapsed: list[float] = []
    started = time.perf_counter()
    try:
        yield elapsed
    finally:
        elapsed.append(time.perf_counter() - started)


def questions(count: int) -> list[str]:
    """The gold questions of all five languages, interleaved, cycled to `count`."""
    per_language = [[q["text"] for q in load_gold(language)] for language in LANGUAGES]
    mixed = [q for group in zip(*per_language, strict=False) for q in group]
    return (mixed * (count // len(mixed) + 1))[:count]


class StandInEmbedder:
    """Deterministic pseudo-random unit vectors under the real model's name and dimension.

    For bulk chunks whose vectors only need to exist (latency and memory do not depend on
    their values). Sharing the real model's name lets the store reuse real vectors already
    stored for the same text, and accept these next to them.
    """

    def __init__(self, name: str, dimension: int) -> None:
        self.name = name
        self.dimension = dimension
        self.texts_embedded = 0

    def _vectors(self, texts: list[str]) -> np.ndarray:
        self.texts_embedded += len(texts)
        rows = np.empty((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            seed = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")
            rows[row] = np.random.default_rng(seed).standard_normal(self.dimension)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._vectors(texts)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._vectors(texts)


def bench_settings(home: Path, **overrides: object) -> Settings:
    """Settings for a benchmark data folder; the model cache is the user's (already built)."""
    return load_settings(home=home, **overrides)


def bench_env(home: Path, **extra: str) -> dict[str, str]:
    """Environment for a subprocess: this checkout first on the path, the data folder set."""
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join([root, env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env["CLAUSEWISE_HOME"] = str(home)
    env.update(extra)
    return env


def seed_home(embedder) -> Path:
    """A data folder with the bundled catalogue indexed by the real model (kept in WORK)."""
    from assistant.service import Clausewise

    home = WORK / "seed-home"
    started = time.perf_counter()
    with Clausewise(bench_settings(home), embedder=embedder) as assistant:
        report = assistant.ensure_ready()
    if report.files_indexed:
        log(f"catalogue indexed into the seed folder in {time.perf_counter() - started:.0f} s")
    return home


def copy_home(source: Path, target: Path) -> Path:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("write.lock", "uploads"))
    return target


def print_json(report: dict) -> None:
    print(json.dumps(report, indent=2, ensure_ascii=False))
