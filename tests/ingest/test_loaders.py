"""Loaders: PDF, Word, HTML, Markdown and text files become ordered blocks with headings and pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx.enum.text import WD_BREAK

from ingest.chunking import chunk_blocks
from ingest.loaders import load_file
from ingest.loaders.docx import load_docx
from ingest.loaders.html import load_html
from ingest.loaders.markdown import load_markdown
from ingest.loaders.pdf import load_pdf
from ingest.loaders.text import load_text
from ingest.pipeline import ChunkingOptions, parse_file

# --- PDF ------------------------------------------------------------------------------------

HEADER = "Kvalitetshåndbok – Eksempelskolen"
FOOTER = "Side {page}"
PDF_PAGES = [
    (
        "1 Formål og omfang",
        [
            "Skolen skal sikre at elevene får en god opplæring i et trygt læringsmiljø. "
            "Kvalitetsrådet møtes fire ganger i året for å vurdere måloppnåelse og trivsel."
        ],
    ),
    (
        "Klagebehandling for foresatte",
        [
            "Alle klager fra foresatte registreres i kvalitetssystemet innen to virkedager. "
            "Rektor sørger for at særskilte tiltak følges opp og at svaret blir skriftlig."
        ],
    ),
    (
        "3 Đánh giá nội bộ",
        [
            "Nhà trường thực hiện đánh giá nội bộ mỗi năm một lần. "
            "Kết quả đánh giá được báo cáo cho hội đồng trường."
        ],
    ),
]


@pytest.fixture
def handbook_pdf(make_pdf) -> Path:
    return make_pdf(PDF_PAGES, header=HEADER, footer=FOOTER)


def test_pdf_blocks_keep_the_page_their_text_was_on(handbook_pdf: Path) -> None:
    """Each heading and paragraph of the PDF carries the number of the page it was printed on."""
    blocks = load_pdf(handbook_pdf).blocks
    for number, (heading, paragraphs) in enumerate(PDF_PAGES, start=1):
        first_words = paragraphs[0][:30]
        assert [b.page for b in blocks if b.text == heading] == [number]
        assert [b.page for b in blocks if b.text.startswith(first_words)] == [number]


def test_pdf_keeps_norwegian_and_vietnamese_characters(handbook_pdf: Path) -> None:
    """æøå and Vietnamese diacritics come out of the PDF exactly as they went in."""
    text = "\n".join(block.text for block in load_pdf(handbook_pdf).blocks)
    for fragment in ("særskilte tiltak", "læringsmiljø", "måloppnåelse", "đánh giá nội bộ"):
        assert fragment in text


def test_pdf_recognises_page_headings(handbook_pdf: Path) -> None:
    """Numbered and unnumbered page headings become heading blocks; body text does not."""
    loaded = load_pdf(handbook_pdf)
    assert [b.text for b in loaded.blocks if b.kind == "heading"] == [h for h, _ in PDF_PAGES]
    assert loaded.title == "1 Formål og omfang"


def test_pdf_drops_running_header_and_footer(handbook_pdf: Path) -> None:
    """A header and a "Side N" footer repeated on every page appear in no block."""
    texts = [block.text for block in load_pdf(handbook_pdf).blocks]
    assert not [t for t in texts if "Eksempelskolen" in t or t.startswith("Side ")]
    assert len(texts) == 6  # three headings, three paragraphs


def test_pdf_chunks_carry_the_page_of_their_section(handbook_pdf: Path) -> None:
    """Chunks made from the PDF cite the page their section's text was on."""
    parsed = parse_file(handbook_pdf, "handbook", ChunkingOptions(min_tokens=10))
    pages = {chunk.heading_path[-1]: chunk.page for chunk in parsed.chunks}
    assert pages == {heading: number for number, (heading, _) in enumerate(PDF_PAGES, start=1)}


def test_blank_pdf_is_reported_empty(make_pdf) -> None:
    """A PDF with pages but no extractable text raises EmptyFile, mentioning scans."""
    from ingest.errors import EmptyFile

    with pytest.raises(EmptyFile, match="scan"):
        load_pdf(make_pdf([("", [])]))


# --- Word -----------------------------------------------------------------------------------


def _fill_handbook(document) -> None:
    document.add_heading("Kvalitetssystem for Eksempelskolen", level=1)
    document.add_paragraph("Skolen følger opp kvaliteten gjennom årlige møter med elevrådet.")
    document.add_heading("Klagebehandling", level=2)
    document.add_paragraph("Klager fra foresatte besvares skriftlig innen tre uker.")
    document.add_page_break()
    document.add_heading("Đánh giá nội bộ", level=1)
    document.add_paragraph("Nhà trường thực hiện đánh giá nội bộ mỗi năm một lần.")
    document.add_paragraph("Sjekklisten sendes ut en uke før", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    for row, cells in zip(
        table.rows, [("Ansvarlig", "Frist"), ("Rektor", "Hver høst")], strict=True
    ):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text


@pytest.fixture
def handbook_docx(make_docx) -> Path:
    return make_docx(_fill_handbook)


def test_docx_heading_styles_become_heading_blocks_with_levels(handbook_docx: Path) -> None:
    """Heading 1 and Heading 2 paragraphs become heading blocks at levels 1 and 2."""
    headings = [(b.text, b.level) for b in load_docx(handbook_docx).blocks if b.kind == "heading"]
    assert headings == [
        ("Kvalitetssystem for Eksempelskolen", 1),
        ("Klagebehandling", 2),
        ("Đánh giá nội bộ", 1),
    ]


def test_docx_page_break_moves_following_blocks_to_the_next_page(handbook_docx: Path) -> None:
    """Blocks before a page break are on page 1, blocks after it on page 2."""
    pages = {b.text: b.page for b in load_docx(handbook_docx).blocks}
    assert pages["Klager fra foresatte besvares skriftlig innen tre uker."] == 1
    assert pages["Đánh giá nội bộ"] == 2
    assert pages["Rektor | Hver høst"] == 2


def test_docx_table_rows_and_list_paragraphs_keep_their_kind(handbook_docx: Path) -> None:
    """Each table row is one table block (cells joined by |); List Bullet paragraphs are list items."""
    blocks = load_docx(handbook_docx).blocks
    assert [b.text for b in blocks if b.kind == "table"] == [
        "Ansvarlig | Frist",
        "Rektor | Hver høst",
    ]
    assert [b.text for b in blocks if b.kind == "list_item"] == ["Sjekklisten sendes ut en uke før"]


def test_docx_keeps_vietnamese_and_norwegian_characters(handbook_docx: Path) -> None:
    """Vietnamese diacritics and æøå survive the Word loader unchanged."""
    text = "\n".join(b.text for b in load_docx(handbook_docx).blocks)
    assert "Nhà trường thực hiện đánh giá nội bộ mỗi năm một lần." in text
    assert "årlige møter med elevrådet" in text and "Hver høst" in text


def test_docx_chunks_have_heading_paths_of_their_sections(handbook_docx: Path) -> None:
    """Chunks of a Word file carry the nested heading path of the section they come from."""
    drafts = chunk_blocks(load_docx(handbook_docx).blocks, min_tokens=10)
    paths = {draft.text.splitlines()[1]: draft.heading_path for draft in drafts}
    assert paths["Klager fra foresatte besvares skriftlig innen tre uker."] == (
        "Kvalitetssystem for Eksempelskolen",
        "Klagebehandling",
    )
    assert paths["Nhà trường thực hiện đánh giá nội bộ mỗi năm một lần."] == ("Đánh giá nội bộ",)


def test_docx_text_after_a_break_inside_a_paragraph_is_on_the_next_page(make_docx) -> None:
    """Text that follows a page break within one paragraph is on the next page."""

    def fill(document) -> None:
        document.add_paragraph("Denne teksten står på første side.")
        paragraph = document.add_paragraph()
        paragraph.add_run().add_break(WD_BREAK.PAGE)
        paragraph.add_run("Denne teksten står på andre side.")

    pages = {b.text: b.page for b in load_docx(make_docx(fill)).blocks}
    assert pages == {
        "Denne teksten står på første side.": 1,
        "Denne teksten står på andre side.": 2,
    }


# --- HTML -----------------------------------------------------------------------------------

HTML_PAGE = """<!DOCTYPE html><html lang="nb"><head><meta charset="utf-8">
<title>Internrevisjon i skolen</title></head><body>
<div id="cookie-banner" class="cookie-consent">Vi bruker informasjonskapsler for å gi deg en
bedre opplevelse. <button>Godta alle informasjonskapsler</button></div>
<header><nav><ul><li><a href="/">Forsiden</a></li><li><a href="/om">Om oss</a></li>
<li><a href="/kontakt">Kontaktskjema for besøkende</a></li></ul></nav></header>
<main><article>
<h1>Internrevisjon i skolen</h1>
<p>Internrevisjon er en systematisk gjennomgang av om skolens kvalitetssystem fungerer slik det
er beskrevet. Revisjonen gjennomføres av ansatte som ikke selv arbeider i området.</p>
<h2>Slik planlegger du revisjonen</h2>
<p>Lag en revisjonsplan for hele skoleåret og sørg for at alle prosesser blir revidert minst én
gang i løpet av tre år. Planen godkjennes av rektor før skolestart.</p>
<ul><li>Velg revisorer med riktig kompetanse</li><li>Avtal tidspunkt med avdelingsleder</li>
<li>Send ut sjekklisten en uke før</li></ul>
<h2>Rapportering av funn</h2>
<p>Alle avvik og forbedringsforslag skrives inn i revisjonsrapporten. Rapporten legges fram for
ledelsens gjennomgang, og tiltakene følges opp innen fristen.</p>
</article></main>
<footer><p>Eksempelkommunen, Rådhusgata 1, 0151 Oslo. Telefon 22 00 00 00.</p>
<p>Personvernerklæring og tilgjengelighetserklæring</p></footer>
</body></html>"""


@pytest.fixture
def audit_page(tmp_path: Path) -> Path:
    path = tmp_path / "internrevisjon.html"
    path.write_text(HTML_PAGE, encoding="utf-8")
    return path


def test_html_keeps_article_headings_with_levels(audit_page: Path) -> None:
    """The article's h1 and h2 become heading blocks at levels 1 and 2, in order."""
    loaded = load_html(audit_page)
    assert [(b.text, b.level) for b in loaded.blocks if b.kind == "heading"] == [
        ("Internrevisjon i skolen", 1),
        ("Slik planlegger du revisjonen", 2),
        ("Rapportering av funn", 2),
    ]
    assert loaded.title == "Internrevisjon i skolen"


def test_html_keeps_article_paragraphs_and_list_items(audit_page: Path) -> None:
    """The article's paragraphs and its list items (as list_item blocks) are all kept."""
    blocks = load_html(audit_page).blocks
    text = "\n".join(b.text for b in blocks)
    assert "Planen godkjennes av rektor før skolestart." in text
    assert "tiltakene følges opp innen fristen." in text
    assert [b.text for b in blocks if b.kind == "list_item"] == [
        "Velg revisorer med riktig kompetanse",
        "Avtal tidspunkt med avdelingsleder",
        "Send ut sjekklisten en uke før",
    ]


def test_html_drops_navigation_footer_and_cookie_banner(audit_page: Path) -> None:
    """Menu links, footer lines and the cookie banner are not in the loaded text."""
    text = "\n".join(b.text for b in load_html(audit_page).blocks)
    for furniture in (
        "Forsiden",
        "Kontaktskjema",
        "Rådhusgata",
        "Personvern",
        "informasjonskapsler",
    ):
        assert furniture not in text


# --- Markdown and plain text ----------------------------------------------------------------

MARKDOWN = """# Kvalitetshåndbok

Innledning om skolens kvalitetsarbeid.

## Ansvar

- Rektor eier kvalitetssystemet
- Kvalitetsleder følger opp avvik

1. Første steg
2. Andre steg

### Frister

| Oppgave | Ansvarlig | Frist |
| --- | --- | --- |
| Internrevisjon | Kvalitetsleder | Mars |
| Ledelsens gjennomgang | Rektor |  |
"""


@pytest.fixture
def handbook_md(tmp_path: Path) -> Path:
    path = tmp_path / "handbook.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    return path


def test_markdown_headings_keep_their_levels(handbook_md: Path) -> None:
    """#, ## and ### headings become heading blocks at levels 1, 2 and 3."""
    loaded = load_markdown(handbook_md)
    assert [(b.text, b.level) for b in loaded.blocks if b.kind == "heading"] == [
        ("Kvalitetshåndbok", 1),
        ("Ansvar", 2),
        ("Frister", 3),
    ]
    assert loaded.title == "Kvalitetshåndbok"


def test_markdown_bullets_and_numbered_items_are_list_items(handbook_md: Path) -> None:
    """Bulleted and numbered list entries become list_item blocks without their markers."""
    items = [b.text for b in load_markdown(handbook_md).blocks if b.kind == "list_item"]
    assert items == [
        "Rektor eier kvalitetssystemet",
        "Kvalitetsleder følger opp avvik",
        "Første steg",
        "Andre steg",
    ]


def test_markdown_table_rows_become_table_blocks(handbook_md: Path) -> None:
    """Each table row (header included) is one table block; empty cells are left out."""
    rows = [b.text for b in load_markdown(handbook_md).blocks if b.kind == "table"]
    assert rows == [
        "Oppgave | Ansvarlig | Frist",
        "Internrevisjon | Kvalitetsleder | Mars",
        "Ledelsens gjennomgang | Rektor",
    ]


def test_markdown_inline_markup_is_not_part_of_block_text(tmp_path: Path) -> None:
    """Emphasis markers and link syntax are removed; the words stay."""
    path = tmp_path / "rutine.md"
    path.write_text("Rektor *følger opp* alle avvik i [kvalitetssystemet](https://skole.no).\n")
    assert [b.text for b in load_markdown(path).blocks] == [
        "Rektor følger opp alle avvik i kvalitetssystemet."
    ]


def test_text_loader_finds_headings_paragraphs_and_bullets(tmp_path: Path) -> None:
    """In plain text a short line before a paragraph is a heading and bullet lines are list items."""
    path = tmp_path / "rutine.txt"
    path.write_text(
        "Rutine for avvik\n\nAlle avvik meldes til kvalitetsleder samme dag.\n"
        "• Registrer avviket\n• Varsle rektor\n",
        encoding="utf-8",
    )
    blocks = load_text(path).blocks
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "Rutine for avvik"),
        ("paragraph", "Alle avvik meldes til kvalitetsleder samme dag."),
        ("list_item", "Registrer avviket"),
        ("list_item", "Varsle rektor"),
    ]


# --- load_file: choosing a loader -----------------------------------------------------------


def test_pdf_saved_as_txt_is_read_as_pdf(handbook_pdf: Path, tmp_path: Path) -> None:
    """A PDF with a .txt name is sniffed by content and loaded by the PDF loader."""
    renamed = tmp_path / "handbook.txt"
    renamed.write_bytes(handbook_pdf.read_bytes())
    loaded = load_file(renamed)
    assert loaded.file_type == "pdf"
    assert loaded.blocks == load_pdf(handbook_pdf).blocks


def test_extension_is_matched_case_insensitively(handbook_pdf: Path, tmp_path: Path) -> None:
    """A file named .PDF is loaded like .pdf."""
    upper = tmp_path / "HANDBOOK.PDF"
    upper.write_bytes(handbook_pdf.read_bytes())
    assert load_file(upper).file_type == "pdf"
