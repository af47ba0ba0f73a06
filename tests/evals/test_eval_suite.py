"""The evaluation suite runs over the gold sets and enforces evals/thresholds.yaml."""

from __future__ import annotations

import pytest

from assistant.service import Clausewise
from evals.runner import check_thresholds, language_detection_accuracy, run_eval, write_report

pytestmark = [pytest.mark.model, pytest.mark.slow]


def test_eval_meets_the_thresholds(indexed_settings, real_embedder, tmp_path):
    """Every language meets its floors; no answer cites an id outside the catalogue."""
    with Clausewise(indexed_settings, embedder=real_embedder) as assistant:
        report = run_eval(assistant)
    assert [row.language for row in report.languages] == ["en", "nb", "nl", "vi", "sv"]
    assert all(row.questions >= 40 for row in report.languages)
    assert all(row.invented_ids == 0 for row in report.languages)
    path = write_report(report, tmp_path)
    assert "| nb |" in path.read_text() and (tmp_path / "recall.png").stat().st_size > 1000
    assert [(gap.fixture, gap.clauses) for gap in report.gaps] == [
        ("calibration", 28),
        ("validation", 28),
        ("test-1", 28),
        ("test-2", 28),
    ]
    assert "## Gap analysis on the test-2 fixture" in path.read_text()
    assert report.violations == [], report.violations


def test_short_question_language_detection_is_at_least_97_percent(indexed_settings, real_embedder):
    """≥ 97% on the 150 short questions of evals/language (20+ per language)."""
    with Clausewise(indexed_settings, embedder=real_embedder) as assistant:
        accuracy, count, wrong = language_detection_accuracy(assistant)
    assert count >= 100
    assert accuracy >= 0.97, wrong


def test_thresholds_catch_a_regression():
    """The threshold check reports a language that falls below a floor."""
    from assistant.gaps.analysis import DEFAULT_THRESHOLDS
    from evals.gap_runner import GapEvalReport
    from evals.runner import LanguageScores

    weak = LanguageScores("nb", 50, 0.1, 0.2, 0.15, 0.5, 0.5, 0.5, 0)
    gap = GapEvalReport(
        0.2, 28, {}, ["ISO21001:9.2", "ISO21001:8.7", "ISO21001:10.1"], [], DEFAULT_THRESHOLDS,
        fixture="validation",
    )  # fmt: skip
    violations = check_thresholds([weak], detection=0.9, gaps=[gap])
    assert any(v.startswith("gap accuracy (validation)") for v in violations)
    assert any("covered without evidence for ISO21001:9.2" in v for v in violations)
    assert any(v.startswith("nb: recall_at_5") for v in violations)
    assert any("language detection" in v for v in violations)
