"""Gap-analysis evaluation: a fictional school's records (`records/`) against the statuses a
lead auditor gave (`expected.yaml`). Accuracy, confusion matrix, and the honesty check (never
`covered` where the auditor found nothing). Runs in a temporary data folder.

Four fixtures, each written by someone who saw neither the method nor the catalogue's wording
(except the first): evals/gap (calibration) and evals/gap_holdout (validation) choose the
thresholds together; evals/gap_final (test-1) and evals/gap_test (test-2) are never used to
choose anything, so their accuracy is the honest estimate."""

from __future__ import annotations

import itertools
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from assistant.embedding.embedder import Embedder
from assistant.gaps.analysis import (
    DEFAULT_THRESHOLDS,
    GapThresholds,
    assess,
    find_evidence,
    record_languages,
    select_clauses,
)
from assistant.gaps.judge import Judge
from assistant.gaps.signals import load_matcher
from assistant.indexer import ingest_paths
from assistant.store import Store
from ingest.catalogue import Catalogue
from ingest.pipeline import ChunkingOptions

GAP_DIR = Path(__file__).resolve().parent / "gap"
FIXTURES = {
    "calibration": GAP_DIR,
    "validation": GAP_DIR.parent / "gap_holdout",
    "test-1": GAP_DIR.parent / "gap_final",
    "test-2": GAP_DIR.parent / "gap_test",
}
TUNING = ("calibration", "validation")
STATUSES = ("covered", "partial", "missing")
COLLECTION = "records"


@dataclass
class GapEvalReport:
    accuracy: float
    clauses: int
    confusion: dict[str, dict[str, int]]  # expected → predicted → count
    false_covered: list[str]  # covered where the auditor said missing
    mismatches: list[str]
    thresholds: GapThresholds
    method: str = "signals"  # or "llm:<model>" when an LLM judged the requirement points
    fixture: str = "calibration"


def load_expected(fixture: Path = GAP_DIR) -> dict[str, str]:
    data = yaml.safe_load((fixture / "expected.yaml").read_text(encoding="utf-8"))
    return {item["id"]: item["status"] for item in data["items"]}


def _score(
    predicted: dict[str, str], expected: dict[str, str], thresholds: GapThresholds
) -> GapEvalReport:
    confusion = {e: {p: 0 for p in STATUSES} for e in STATUSES}
    for clause, truth in expected.items():
        confusion[truth][predicted.get(clause, "missing")] += 1
    correct = sum(predicted.get(c) == s for c, s in expected.items())
    return GapEvalReport(
        accuracy=round(correct / len(expected), 3),
        clauses=len(expected),
        confusion=confusion,
        false_covered=[
            c for c, s in expected.items() if s == "missing" and predicted.get(c) == "covered"
        ],
        mismatches=[
            f"{c}: expected {s}, got {predicted.get(c)}"
            for c, s in expected.items()
            if predicted.get(c) != s
        ],  # fmt: skip
        thresholds=thresholds,
    )


def collect_evidence(embedder: Embedder, catalogue: Catalogue, fixture: Path = GAP_DIR):
    """Ingest the fixture into a temporary store and search it once for every requirement."""
    expected = load_expected(fixture)
    standard = next(iter(expected)).split(":")[0]
    nodes = [n for n in select_clauses(catalogue, standard) if n.id in expected]
    with tempfile.TemporaryDirectory() as home, Store(Path(home)) as store:
        report = ingest_paths(store, embedder, [fixture / "records"], COLLECTION, ChunkingOptions())
        if report.failed:
            raise RuntimeError(f"fixture records failed to ingest: {report.failed}")
        languages = record_languages(store, [COLLECTION])
        evidence = find_evidence(store, embedder, nodes, [COLLECTION], languages)
    return nodes, evidence, expected


def run_gap_eval(
    embedder: Embedder,
    catalogue: Catalogue,
    thresholds: GapThresholds = DEFAULT_THRESHOLDS,
    judge: Judge | None = None,
    method: str = "signals",
    fixture: str = "calibration",
) -> GapEvalReport:
    nodes, evidence, expected = collect_evidence(embedder, catalogue, FIXTURES[fixture])
    items = assess(nodes, evidence, "en", thresholds, judge=judge, signals=load_matcher())
    report = _score({item.id: item.status for item in items}, expected, thresholds)
    report.method = method
    report.fixture = fixture
    return report


def calibrate(embedder: Embedder, catalogue: Catalogue) -> list[tuple[GapEvalReport, ...]]:
    """Every pair of signal thresholds on a grid, scored on the tuning fixtures; best first by
    summed accuracy, then fewest false 'covered'. The test fixtures are never used here."""
    collected = [collect_evidence(embedder, catalogue, FIXTURES[name]) for name in TUNING]
    signals = load_matcher()
    results = []
    grid = itertools.product(
        [round(0.80 + 0.01 * i, 3) for i in range(9)],
        (0.34, 0.5, 0.6, 0.67, 0.75, 0.8, 1.0),
        (1, 2, 3),
    )
    for topical, share, sentences in grid:
        thresholds = GapThresholds(topical=topical, signal_share=share, min_sentences=sentences)
        reports = []
        for name, (nodes, evidence, expected) in zip(TUNING, collected, strict=True):
            items = assess(nodes, evidence, "en", thresholds, signals=signals)
            report = _score({item.id: item.status for item in items}, expected, thresholds)
            report.fixture = name
            reports.append(report)
        results.append(tuple(reports))
    return sorted(
        results,
        key=lambda rs: (-sum(r.accuracy for r in rs), sum(len(r.false_covered) for r in rs)),
    )


def confusion_table(report: GapEvalReport) -> list[str]:
    lines = [
        "| auditor \\ Clausewise | " + " | ".join(STATUSES) + " |",
        "|---|" + "---|" * len(STATUSES),
    ]
    for truth in STATUSES:
        lines.append(
            f"| {truth} | " + " | ".join(str(report.confusion[truth][p]) for p in STATUSES) + " |"
        )
    return lines


def predicted_counts(report: GapEvalReport) -> Counter:
    counts: Counter = Counter()
    for row in report.confusion.values():
        counts.update(row)
    return counts
