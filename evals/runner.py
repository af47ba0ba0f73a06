"""The evaluation suite: gold questions per language → Recall@1/5, MRR, answer language,
"not found" precision/recall and invented ids; thresholds enforced; a Markdown report."""

from __future__ import annotations

import statistics
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from assistant.service import Clausewise
from evals.gap_runner import FIXTURES, GapEvalReport, confusion_table, run_gap_eval
from ingest.catalogue import LANGUAGES

EVALS_DIR = Path(__file__).resolve().parent
GOLD_DIR = EVALS_DIR / "gold"
LANGUAGE_SET = EVALS_DIR / "language" / "questions.yaml"
THRESHOLDS_FILE = EVALS_DIR / "thresholds.yaml"
REPORTS_DIR = EVALS_DIR / "reports"


@dataclass
class QuestionResult:
    id: str
    text: str
    kind: str
    expected: list[str]
    cited: list[str]
    found: bool
    language: str
    rank: int | None  # 1-based rank of the first expected id among the references


@dataclass
class LanguageScores:
    language: str
    questions: int
    recall_at_1: float
    recall_at_5: float
    mrr: float
    answer_language: float
    not_found_precision: float
    not_found_recall: float
    invented_ids: int
    failures: list[str] = field(default_factory=list)


@dataclass
class EvalReport:
    languages: list[LanguageScores]
    language_detection: float
    language_detection_questions: int
    p50_ms: float
    violations: list[str]
    # One report per gap fixture present (evals/gap_runner.FIXTURES), tuning ones first.
    gaps: list[GapEvalReport] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.violations


def _ratio(numerator: int, denominator: int) -> float:
    return round(numerator / denominator, 3) if denominator else 1.0


def load_gold(language: str) -> list[dict]:
    return yaml.safe_load((GOLD_DIR / f"{language}.yaml").read_text(encoding="utf-8"))["questions"]


def run_language(assistant: Clausewise, language: str, timings: list[float]) -> LanguageScores:
    results: list[QuestionResult] = []
    for question in load_gold(language):
        started = time.perf_counter()
        answer = assistant.ask(question["text"])
        timings.append((time.perf_counter() - started) * 1000)
        cited = [reference.id for reference in answer.references]
        expected = list(question["expected"])
        rank = next((i + 1 for i, ref in enumerate(cited) if ref in expected), None)
        results.append(
            QuestionResult(
                question["id"],
                question["text"],
                question["kind"],
                expected,
                cited,
                answer.found,
                answer.language,
                rank,
            )  # fmt: skip
        )
    answerable = [r for r in results if r.expected]
    unanswerable = [r for r in results if not r.expected]
    said_not_found = [r for r in results if not r.found]
    invented = sum(1 for r in results for ref in r.cited if ref not in assistant.catalogue.nodes)
    failures = [
        f"{r.id} [{r.kind}] {r.text!r}: expected {r.expected}, got {r.cited[:3]}"
        for r in answerable
        if r.rank is None or r.rank > 5
    ] + [
        f"{r.id} [unanswerable] {r.text!r}: answered with {r.cited[:2]}"
        for r in unanswerable
        if r.found
    ]
    return LanguageScores(
        language=language,
        questions=len(results),
        recall_at_1=_ratio(sum(1 for r in answerable if r.rank == 1), len(answerable)),
        recall_at_5=_ratio(sum(1 for r in answerable if r.rank and r.rank <= 5), len(answerable)),
        mrr=round(statistics.fmean(1 / r.rank if r.rank else 0.0 for r in answerable), 3)
        if answerable
        else 0.0,
        answer_language=_ratio(sum(1 for r in results if r.language == language), len(results)),
        not_found_precision=_ratio(
            sum(1 for r in said_not_found if not r.expected), len(said_not_found)
        ),
        not_found_recall=_ratio(sum(1 for r in unanswerable if not r.found), len(unanswerable)),
        invented_ids=invented,
        failures=failures,
    )


def language_detection_accuracy(assistant: Clausewise) -> tuple[float, int, list[str]]:
    questions = yaml.safe_load(LANGUAGE_SET.read_text(encoding="utf-8"))["questions"]
    wrong = [
        f"{q['text']!r}: {q['language']} → {detected}"
        for q in questions
        if (detected := assistant.detect_language(q["text"])) != q["language"]
    ]
    return _ratio(len(questions) - len(wrong), len(questions)), len(questions), wrong


def check_thresholds(
    scores: list[LanguageScores], detection: float, gaps: Sequence[GapEvalReport] = ()
) -> list[str]:
    limits = yaml.safe_load(THRESHOLDS_FILE.read_text(encoding="utf-8"))
    violations = []
    for row in scores:
        for metric, minimum in limits["per_language"].items():
            value = getattr(row, metric)
            if value < minimum:
                violations.append(f"{row.language}: {metric} {value:.3f} < {minimum}")
        if row.invented_ids > limits["max_invented_ids"]:
            violations.append(f"{row.language}: {row.invented_ids} invented ids")
    if detection < limits["language_detection"]:
        violations.append(f"language detection {detection:.3f} < {limits['language_detection']}")
    for gap in gaps:
        floor = limits["gap"][gap.fixture]
        if gap.accuracy < floor["accuracy"]:
            violations.append(
                f"gap accuracy ({gap.fixture}) {gap.accuracy:.3f} < {floor['accuracy']}"
            )
        if len(gap.false_covered) > floor["max_false_covered"]:
            violations.append(
                f"gap ({gap.fixture}): covered without evidence for {', '.join(gap.false_covered)}"
            )
    return violations


def run_eval(assistant: Clausewise, languages: tuple[str, ...] = LANGUAGES) -> EvalReport:
    """Run every gold set and the language-detection set; compare with the thresholds."""
    timings: list[float] = []
    scores = [run_language(assistant, language, timings) for language in languages]
    detection, detection_count, _wrong = language_detection_accuracy(assistant)
    settings = assistant.settings
    judged = {}
    if settings.llm_url and settings.gap_llm_judge:
        from assistant.gaps.judge import llm_judge

        judged = {"judge": llm_judge(settings), "method": f"llm:{settings.llm_model}"}
    gaps = [
        run_gap_eval(assistant.embedder, assistant.catalogue, fixture=name, **judged)
        for name, folder in FIXTURES.items()
        if (folder / "expected.yaml").is_file()
    ]
    return EvalReport(
        languages=scores,
        language_detection=detection,
        language_detection_questions=detection_count,
        p50_ms=round(statistics.median(timings), 1) if timings else 0.0,
        violations=check_thresholds(scores, detection, gaps),
        gaps=gaps,
    )


METRICS = ("recall_at_1", "recall_at_5", "mrr", "answer_language",
           "not_found_precision", "not_found_recall", "invented_ids")  # fmt: skip


def write_report(report: EvalReport, folder: Path = REPORTS_DIR) -> Path:
    """Markdown table per language, the failures, and a small bar chart."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["# Clausewise evaluation report", "",
             "| language | questions | " + " | ".join(METRICS) + " |",
             "|---|---|" + "---|" * len(METRICS)]  # fmt: skip
    for row in report.languages:
        values = " | ".join(str(getattr(row, metric)) for metric in METRICS)
        lines.append(f"| {row.language} | {row.questions} | {values} |")
    lines += [
        "",
        f"Language detection on {report.language_detection_questions} short questions: "
        f"{report.language_detection:.3f}. In-process p50 per question: {report.p50_ms} ms.",
        "",
        "Result: " + ("PASS" if report.passed else "FAIL: " + "; ".join(report.violations)),
        "",
        "![Recall by language](recall.png)",
        "",
    ]
    for gap in report.gaps:
        thresholds = gap.thresholds
        lines += [
            f"## Gap analysis on the {gap.fixture} fixture ({gap.clauses} clauses)",
            "",
            f"Status accuracy {gap.accuracy:.3f}, judged by {gap.method} (signal passages "
            f"≥ {thresholds.topical}, covered from {thresholds.signal_share:.0%} of the points; "
            f"clauses without signals: evidenced ≥ {thresholds.evidenced}, covered from "
            f"{thresholds.covered_share:.0%}). Covered where the auditor found nothing: "
            + (", ".join(gap.false_covered) or "none")
            + ".",
            "",
            *confusion_table(gap),
            "",
            *[f"- {mismatch}" for mismatch in gap.mismatches],
            "",
        ]
    lines += ["## Misses"]
    for row in report.languages:
        lines += [f"- {failure}" for failure in row.failures]
    path = folder / "report.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _chart(report, folder / "recall.png")
    return path


def _chart(report: EvalReport, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    languages = [row.language for row in report.languages]
    figure, axis = plt.subplots(figsize=(6, 3))
    width = 0.35
    positions = range(len(languages))
    axis.bar([p - width / 2 for p in positions], [r.recall_at_1 for r in report.languages],
             width, label="Recall@1")  # fmt: skip
    axis.bar([p + width / 2 for p in positions], [r.recall_at_5 for r in report.languages],
             width, label="Recall@5")  # fmt: skip
    axis.set_xticks(list(positions), languages)
    axis.set_ylim(0, 1)
    axis.legend(loc="lower right")
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)


def report_dict(report: EvalReport) -> dict:
    return {
        "languages": [asdict(row) for row in report.languages],
        "language_detection": report.language_detection,
        "p50_ms": report.p50_ms,
        "violations": report.violations,
        "passed": report.passed,
        "gap": {
            gap.fixture: {
                "accuracy": gap.accuracy,
                "method": gap.method,
                "confusion": gap.confusion,
                "false_covered": gap.false_covered,
                "mismatches": gap.mismatches,
            }
            for gap in report.gaps
        },
    }
