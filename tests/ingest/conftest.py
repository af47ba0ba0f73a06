"""Fixtures for the ingest tests: chunking options and builders for PDF and Word files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import docx
import matplotlib
import pytest
from docx.document import Document
from fpdf import FPDF

from ingest.pipeline import ChunkingOptions

DEJAVU = Path(matplotlib.__file__).parent / "mpl-data" / "fonts" / "ttf" / "DejaVuSans.ttf"

# (heading, [paragraph, ...]) per page
PdfPages = list[tuple[str, list[str]]]


@pytest.fixture
def options() -> ChunkingOptions:
    return ChunkingOptions()


@pytest.fixture
def make_pdf(tmp_path: Path) -> Callable[..., Path]:
    """Build a PDF with one heading and some paragraphs per page, optional running header/footer."""

    def build(
        pages: PdfPages,
        *,
        header: str | None = None,
        footer: str | None = None,
        name: str = "doc.pdf",
    ) -> Path:
        class _Pdf(FPDF):
            def header(self) -> None:
                if header:
                    self.set_font("DejaVu", size=9)
                    self.cell(0, 8, header, new_x="LMARGIN", new_y="NEXT")

            def footer(self) -> None:
                if footer:
                    self.set_y(-15)
                    self.set_font("DejaVu", size=9)
                    self.cell(0, 8, footer.format(page=self.page_no()))

        pdf = _Pdf()
        pdf.add_font("DejaVu", fname=str(DEJAVU))
        for heading, paragraphs in pages:
            pdf.add_page()
            if heading:
                pdf.set_font("DejaVu", size=16)
                pdf.cell(0, 12, heading, new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("DejaVu", size=11)
            for paragraph in paragraphs:
                pdf.multi_cell(0, 6, paragraph, new_x="LMARGIN", new_y="NEXT")
                pdf.ln(4)
        path = tmp_path / name
        pdf.output(str(path))
        return path

    return build


@pytest.fixture
def make_docx(tmp_path: Path) -> Callable[..., Path]:
    """Build a .docx by letting the test fill a fresh python-docx Document."""

    def build(fill: Callable[[Document], None], name: str = "doc.docx") -> Path:
        document = docx.Document()
        fill(document)
        path = tmp_path / name
        document.save(str(path))
        return path

    return build
