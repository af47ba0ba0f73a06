"""Cleaning: page furniture goes (captions, widgets, menus, links), content stays in order."""

from __future__ import annotations

import pytest

from ingest.cleaning import clean_blocks, clean_text, is_noise
from ingest.models import Block

CONTENT = "Rektor følger opp alle avvik i kvalitetssystemet innen to uker."


def para(text: str) -> Block:
    return Block("paragraph", text)


def texts(blocks: list[Block]) -> list[str]:
    return [block.text for block in blocks]


def test_clean_text_strips_markup_template_braces_and_extra_space() -> None:
    """HTML tags, "{ Title }" template residue and runs of whitespace are removed."""
    assert clean_text("<p>Rektor <b>følger</b>\u00a0 opp.</p>") == "Rektor følger opp."
    assert clean_text("{  Integrale kwaliteitszorg  }") == "Integrale kwaliteitszorg"


def test_clean_text_drops_link_and_sales_sentences_only() -> None:
    """A sentence that is only a link or a pitch goes; the paragraph's other sentences stay."""
    assert clean_text("Skolen har 300 elever. Se https://skole.no/om") == "Skolen har 300 elever."
    pitch = "Kontakt oss for et tilbud. Skolen har 300 elever."
    assert clean_text(pitch) == "Skolen har 300 elever."


@pytest.mark.parametrize(
    "text",
    [
        "Rate this post",
        "Foto: Shutterstock",
        "Skriven av",
        "Lästid",
        "2 min",
        "« Vorige: Audit",
        "Onderdeel van",
        "Senast uppdaterad av Mattias Löwdell",
        "Les mer om vår rådgivingstjeneste",
        "Ladda ner guiden: Så kommer du igång",
        "[Bảo đảm chất lượng giáo dục]",
        "***",
    ],
)
def test_page_furniture_is_noise(text: str) -> None:
    """Widgets, bylines, reading times, navigation and bare links are recognised as noise."""
    assert is_noise(text)


@pytest.mark.parametrize(
    "text", [CONTENT, "Hệ thống này nhằm nâng cao hiệu lực quản lý.", "Hvem kan bruke standarden?"]
)
def test_content_is_not_noise(text: str) -> None:
    """Ordinary content sentences and questions are not taken for noise."""
    assert not is_noise(text)


def test_photo_credit_takes_its_short_caption_with_it() -> None:
    """A credit line and the unpunctuated caption right above it both go; content stays."""
    blocks = [
        para(CONTENT),
        para("Elever som samarbeider rundt et bord"),
        para("Foto: Shutterstock"),
    ]
    assert texts(clean_blocks(blocks)) == [CONTENT]


def test_inline_image_credit_drops_only_that_block() -> None:
    """A paragraph ending in "(Ảnh: …)" is a caption; the paragraph before it is kept."""
    caption = "Lãnh đạo Sở nhận chứng nhận ISO 21001:2018. (Ảnh: Hữu Quyết/TTXVN)"
    blocks = [para("Hệ thống này nhằm nâng cao hiệu lực quản lý."), para(caption)]
    assert texts(clean_blocks(blocks)) == ["Hệ thống này nhằm nâng cao hiệu lực quản lý."]


def test_runs_of_short_lines_are_dropped_as_menus() -> None:
    """Three or more short unpunctuated lines in a row (a menu or byline) are removed."""
    blocks = [para("Forsiden"), para("Om oss"), para("Kontakt"), para(CONTENT)]
    assert texts(clean_blocks(blocks)) == [CONTENT]


def test_long_exact_repeats_are_dropped_once_seen() -> None:
    """A long block repeated verbatim (a doubled caption or paragraph) is kept only once."""
    blocks = [para(CONTENT), para("Kort."), para(CONTENT.upper()), para("Kort.")]
    assert texts(clean_blocks(blocks)) == [CONTENT, "Kort.", "Kort."]


def test_heading_without_body_is_dropped() -> None:
    """A heading followed directly by another heading of its level has no text and goes."""
    blocks = [
        Block("heading", "Innledning", level=1),
        para(CONTENT),
        Block("heading", "Relevante standarder", level=2),
        Block("heading", "Ansvar", level=2),
        para("Kvalitetsleder har ansvaret for rutinen."),
    ]
    kept = texts(clean_blocks(blocks))
    assert "Relevante standarder" not in kept
    assert kept == ["Innledning", CONTENT, "Ansvar", "Kvalitetsleder har ansvaret for rutinen."]


@pytest.mark.parametrize(
    "text",
    [
        "Neste steg er å evaluere tiltakene sammen med elevrådet.",
        "Nästa steg i det systematiska kvalitetsarbetet är att analysera resultaten.",
        "Forrige skoleår registrerte skolen 20 avvik i kvalitetssystemet.",
    ],
)
def test_content_starting_with_next_or_previous_is_kept(text: str) -> None:
    """A content sentence that starts with "next"/"previous" in our languages is not navigation."""
    assert texts(clean_blocks([para(CONTENT), para(text)])) == [CONTENT, text]


def test_url_inside_a_content_sentence_keeps_the_sentence() -> None:
    """A content sentence with a URL in it keeps its words; only the URL goes."""
    text = (
        "Rutinen står i håndboken på https://intranett.skole.no/kvalitet og gjelder alle ansatte."
    )
    assert "Rutinen står i håndboken" in clean_text(text)
