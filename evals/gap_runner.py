"""Gap-analysis evaluation: the fictional school's records (evals/gap/records) against the
auditor's statuses (evals/gap/expected.yaml). Accuracy, confusion matrix, and the honesty check
(never `covered` where the auditor found nothing). Runs in a temporary data folder."""

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
from assistant.indexer import ingest_paths
from assistant.store import Store
from ingest.catalogue import Catalogue
from ingest.pipeline import ChunkingOptions

GAP_DIR = Path(__file__).resolve().parent / "gap"
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
    method: str = "similarity"  # or "llm:<model>" when an LLM judged the requirement points


def load_expected() -> dict[str, str]:
    data = yaml.safe_load((GAP_DIR / "expected.yaml").read_text(encoding="utf-8"))
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


def collect_evidence(embedder: Embedder, catalogue: Catalogue):
    """Ingest the fixture into a temporary store and search it once for every requirement."""
    expected = load_expected()
    standard = next(iter(expected)).split(":")[0]
    nodes = [n for n in select_clauses(catalogue, standard) if n.id in expected]
    with tempfile.TemporaryDirectory() as home, Store(Path(home)) as store:
        report = ingest_paths(store, embedder, [GAP_DIR / "records"], COLLECTION, ChunkingOptions())
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
    method: str = "similarity",
) -> GapEvalReport:
    nodes, evidence, expected = collect_evidence(embedder, catalogue)
    items = assess(nodes, evidence, "en", thresholds, judge=judge)
    report = _score({item.id: item.status for item in items}, expected, thresholds)
    report.method = method
    return report


def calibrate(embedder: Embedder, catalogue: Catalogue) -> list[GapEvalReport]:
    """Every threshold pair on a grid, best first (accuracy, then fewest false 'covered')."""
    nodes, evidence, expected = collect_evidence(embedder, catalogue)
    reports = []
    evidenced_grid = [round(0.82 + 0.005 * i, 3) for i in range(21)]
    for evidenced, share in itertools.product(evidenced_grid, (0.5, 0.6, 0.67, 0.75, 0.8, 1.0)):
        thresholds = GapThresholds(evidenced=evidenced, covered_share=share)
        predicted = {item.id: item.status for item in assess(nodes, evidence, "en", thresholds)}
        reports.append(_score(predicted, expected, thresholds))
    return sorted(reports, key=lambda r: (-r.accuracy, len(r.false_covered)))


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
