"""A checklist as Markdown, CSV (UTF-8 with BOM, for Excel), XLSX (two sheets) or JSON."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from assistant.gaps.models import STATUSES, Checklist
from assistant.i18n import label

CONTENT_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
STATUS_FILL = {
    "covered": "C6EFCE",
    "partial": "FFEB9C",
    "missing": "FFC7CE",
    "not_applicable": "D9D9D9",
}


def _columns(language: str) -> list[str]:
    keys = ("clause", "title", "status", "requirements", "document", "page", "snippet", "score",
            "what_is_missing", "next_step")  # fmt: skip
    return [label(key, language)[:1].upper() + label(key, language)[1:] for key in keys]


def _rows(checklist: Checklist) -> list[list]:
    language = checklist.language
    rows = []
    for item in checklist.items:
        best = item.evidence[0] if item.evidence else None
        requirements = "\n".join(
            f"{'✓' if check.status == 'evidenced' else '✗'} {check.text}"
            for check in item.requirements
        )
        rows.append([
            item.id, item.title, label(item.status, language), requirements,
            best.document if best else "", best.page if best and best.page else "",
            best.snippet if best else "", best.score if best else "", item.missing, item.next_step,
        ])  # fmt: skip
    return rows


def to_markdown(checklist: Checklist) -> str:
    language = checklist.language
    lines = [f"# {label('gap_analysis', language)}: {checklist.standard}", ""]
    if checklist.note:
        lines += [f"> {checklist.note}", ""]
    counts = checklist.summary()["by_status"]
    lines.append(" · ".join(f"{label(s, language)}: {counts[s]}" for s in STATUSES if counts[s]))
    lines.append("")
    for item in checklist.items:
        lines.append(f"## {item.id} {item.title} — **{label(item.status, language)}**")
        for check in item.requirements:
            mark = "x" if check.status == "evidenced" else " "
            lines.append(f"- [{mark}] {check.text}")
        for denial in item.stated_absent or [e for c in item.requirements for e in c.stated_absent]:
            lines.append(
                f"  - {label('records_say', language)}: «{denial.snippet}» (_{denial.document}_)"
            )
        for evidence in item.evidence:
            page = f", {label('page', language)} {evidence.page}" if evidence.page else ""
            lines.append(
                f"  - _{evidence.document}{page}_ ({evidence.score:.2f}): {evidence.snippet}"
            )
        if item.next_step:
            lines.append(f"- **{label('next_step', language)}:** {item.next_step}")
        lines.append("")
    return "\n".join(lines)


def to_csv(checklist: Checklist) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(_columns(checklist.language))
    writer.writerows(_rows(checklist))
    return buffer.getvalue().encode("utf-8-sig")  # the BOM makes Excel read UTF-8


def to_xlsx(checklist: Checklist) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    language = checklist.language
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = label("checklist", language)[:31]
    sheet.append(_columns(language))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = (16, 36, 14, 60, 30, 8, 60, 8, 50, 50)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    for item, row in zip(checklist.items, _rows(checklist), strict=True):
        sheet.append(row)
        current = sheet.max_row
        sheet.cell(row=current, column=3).fill = PatternFill(
            "solid", fgColor=STATUS_FILL[item.status]
        )
        if item.evidence and item.evidence[0].source_path.startswith("/"):
            link = sheet.cell(row=current, column=5)
            link.hyperlink = Path(item.evidence[0].source_path).as_uri()
            link.font = Font(color="0563C1", underline="single")
        for cell in sheet[current]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    summary = workbook.create_sheet(label("summary", language)[:31])
    header = [label("group", language), *(label(s, language) for s in STATUSES)]
    summary.append(header)
    data = checklist.summary()
    for group, counts in sorted(
        data["by_group"].items(), key=lambda kv: int(kv[0]) if kv[0].isdigit() else 99
    ):
        summary.append([f"{checklist.standard}:{group}", *(counts[s] for s in STATUSES)])
    summary.append([label("total", language), *(data["by_status"][s] for s in STATUSES)])
    for cell in summary[1]:
        cell.font = Font(bold=True)
    for cell in summary[summary.max_row]:
        cell.font = Font(bold=True)
    if checklist.note:
        summary.append([])
        summary.append([checklist.note])
    summary.column_dimensions["A"].width = 24
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_json(checklist: Checklist) -> bytes:
    return json.dumps(checklist.to_json(), ensure_ascii=False, indent=2).encode("utf-8")


def render(checklist: Checklist, fmt: str) -> bytes:
    """The checklist in one of md, csv, xlsx, json."""
    if fmt == "md":
        return to_markdown(checklist).encode("utf-8")
    return {"csv": to_csv, "xlsx": to_xlsx, "json": to_json}[fmt](checklist)
