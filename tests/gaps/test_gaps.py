"""Gap analysis: clause selection, honesty rules, cross-language evidence, and every export."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from assistant.cli import app
from assistant.gaps import render, select_clauses
from assistant.indexer import ingest_paths
from assistant.service import Clausewise
from ingest.catalogue import Catalogue
from ingest.pipeline import ChunkingOptions

runner = CliRunner()
AUDIT_SV = (
    "# Internrevisionsprogram 2025–2026\n\nSkolan har ett revisionsprogram som täcker alla processer "
    "i ledningssystemet under en treårscykel. Processer med hög risk och tidigare avvikelser granskas "
    "varje år. Varje revision har fastställda kriterier och omfattning. Revisorerna är utbildade och "
    "granskar aldrig sin egen verksamhet. Fynd rapporteras till rektor inom två veckor och följs upp "
    "i avvikelseloggen tills de är stängda.\n"
)
CANTEEN_EN = (
    "# Canteen menu\n\nMonday: fish soup. Tuesday: pasta with tomato sauce. Friday: pizza.\n"
)


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return Catalogue.load()


def test_default_selection_is_the_second_level_of_clauses_4_to_10(catalogue):
    """ISO 21001 by default: 4.1 … 10.3; --clauses narrows; --depth 3 goes one level deeper."""
    default = [node.id for node in select_clauses(catalogue, "ISO21001")]
    assert default[0] == "ISO21001:4.1" and default[-1] == "ISO21001:10.3" and len(default) == 28
    narrowed = [node.id for node in select_clauses(catalogue, "ISO21001", ["7", "8.5"])]
    assert narrowed == [n for n in default if n.startswith(("ISO21001:7.", "ISO21001:8.5"))]
    deeper = [node.id for node in select_clauses(catalogue, "ISO21001", ["8.5"], depth=3)]
    assert "ISO21001:8.5.5" in deeper and "ISO21001:8.5" not in deeper


@pytest.fixture
def school(indexed_settings, real_embedder, tmp_path):
    """A Swedish internal-audit programme in `records`; an unrelated menu in `canteen`."""
    (tmp_path / "revision.md").write_text(AUDIT_SV, encoding="utf-8")
    (tmp_path / "menu.md").write_text(CANTEEN_EN, encoding="utf-8")
    with Clausewise(indexed_settings, embedder=real_embedder) as assistant:
        ingest_paths(
            assistant.store, real_embedder, [tmp_path / "revision.md"], "records", ChunkingOptions()
        )
        ingest_paths(
            assistant.store, real_embedder, [tmp_path / "menu.md"], "canteen", ChunkingOptions()
        )
        yield assistant


@pytest.mark.model
def test_swedish_record_is_evidence_in_a_norwegian_checklist(school):
    """Cross-language: the Swedish audit programme evidences 9.2 in a Norwegian checklist."""
    checklist = school.gap("ISO21001", language="nb", clauses=["9.2", "10.3"])
    audit = next(item for item in checklist.items if item.id == "ISO21001:9.2")
    assert audit.status in ("covered", "partial") and audit.title == "Internrevisjon"
    assert audit.evidence[0].document.startswith("Internrevisionsprogram")
    assert audit.evidence[0].language == "sv"


@pytest.mark.model
def test_honesty_rules(school):
    """Never covered without shown evidence; evidence only from the chosen collections."""
    checklist = school.gap("ISO21001", language="en")
    for item in checklist.items:
        if item.status == "covered":
            assert item.evidence
        assert all(e.collection == "records" for e in item.evidence)
        if item.status != "covered":
            assert item.next_step and item.missing
    canteen_only = school.gap("ISO21001", language="en", collections=["canteen"], clauses=["9"])
    assert all(
        e.document != "Internrevisionsprogram 2025–2026"
        for i in canteen_only.items
        for e in i.evidence
    )


@pytest.mark.model
def test_empty_records_means_everything_missing_and_says_so(indexed_settings, real_embedder):
    """No records loaded: every clause missing, and the checklist says why."""
    with Clausewise(indexed_settings, embedder=real_embedder) as assistant:
        checklist = assistant.gap("ISO21001", language="sv")
    assert {item.status for item in checklist.items} == {"missing"}
    assert checklist.note.startswith("Inga dokument")


@pytest.mark.model
def test_exclusions_and_every_format(school):
    """not_applicable for excluded clauses; md, csv (BOM), xlsx (styled, two sheets), json."""
    checklist = school.gap("ISO21001", language="vi", clauses=["8", "9"],
                           excluded={"ISO21001:8.3"})  # fmt: skip
    assert next(i for i in checklist.items if i.id == "ISO21001:8.3").status == "not_applicable"
    markdown = render(checklist, "md").decode()
    assert (
        markdown.startswith("# Phân tích khoảng cách: ISO21001") and "## ISO21001:9.2" in markdown
    )
    raw_csv = render(checklist, "csv")
    assert raw_csv.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw_csv.decode("utf-8-sig"))))
    assert rows[0][0] == "Điều khoản" and len(rows) == len(checklist.items) + 1
    workbook = load_workbook(io.BytesIO(render(checklist, "xlsx")))
    sheet, summary = workbook.worksheets
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
    statuses = {sheet.cell(row=r, column=3).value: sheet.cell(row=r, column=3).fill.fgColor.rgb
                for r in range(2, sheet.max_row + 1)}  # fmt: skip
    assert statuses["không áp dụng"].endswith("D9D9D9")
    assert summary.cell(row=summary.max_row, column=1).value == "Tổng"
    payload = json.loads(render(checklist, "json"))
    assert set(payload) >= {"standard", "language", "items", "summary"}
    assert set(payload["items"][0]) == {
        "id",
        "title",
        "status",
        "requirements",
        "evidence",
        "missing",
        "next_step",
    }
    assert sum(payload["summary"]["by_status"].values()) == len(checklist.items)


@pytest.mark.model
def test_gap_cli_writes_an_xlsx(indexed_settings, real_model_path, tmp_path):
    """`clausewise gap --format xlsx --output FILE` writes a workbook and reports the counts."""
    target = tmp_path / "gap.xlsx"
    result = runner.invoke(app, ["gap", "--standard", "ISO21001", "--clauses", "9", "--lang", "nb",
                                 "--format", "xlsx", "--output", str(target)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert load_workbook(target).worksheets[0].cell(row=2, column=1).value == "ISO21001:9.1"
    assert "mangler" not in result.output or "missing" in result.output
    bad = runner.invoke(app, ["gap", "--format", "xlsx"])
    assert bad.exit_code != 0 and "--output" in bad.output
