"""Drop web and PDF noise from loaded blocks: captions, credits, share/rate widgets, navigation.

HTML boilerplate is removed by the extractor library before this runs; what remains here is
the noise that survives into plain-text copies of web pages and into PDFs.
"""

from __future__ import annotations

import re
from dataclasses import replace

from lxml import html as lxml_html

from ingest.models import Block

# Whole blocks that are page furniture, in our five languages.
_NOISE_BLOCK = re.compile(
    r"""^(?:
      rate\ this\ post | share\ this.* | del\ (?:på|denne).* | dela\ (?:på|sidan).* | deel\ (?:via|op).* |
      chia\ sẻ.* | (?:les|läs|lees|read|xem)\ (?:mer|meer|more|thêm)\b.* | se\ alle\ .* | visa\ alla\ .* |
      bekijk\ alle\ .* | see\ all\ .* | skriven\ av | skrevet\ av | geschreven\ door | written\ by |
      (?:lästid|lesetid|leestijd|reading\ time)\b.* | \d{1,2}\ min(?:uter|utes|uten|s)? |
      (?:senast\ uppdaterad|sist\ oppdatert|laatst\ bijgewerkt|last\ updated|cập\ nhật\ lần).* |
      (?:ladda\ ner|last\ ned|download|downloaden|tải\ về)\b.* | upptäck\ mer | oppdag\ mer | ontdek\ meer |
      onderdeel\ van | [«‹<]?\s*(?:vorige|volgende|previous|next|forrige|neste|föregående|nästa)\s*(?::|[»›>]).{0,60} |
      [«‹<]\s*(?:vorige|volgende|previous|next|forrige|neste|föregående|nästa)\b.{0,60} |
      (?:cookies?|cookie\ settings|informasjonskapsler|kakor)\b.{0,60} | tags?:.* | tagged\ with.* |
      (?:trenger\ du|behöver\ du|need\ help|hulp\ nodig).*\? | .*\b(?:webbredaktion|webredaksjon|webredactie)\w*\b.* |
      skicka\ en\ kommentar.* | send\ en\ kommentar.* | stuur\ een\ reactie.*
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
# A photo credit anywhere in a block marks the block as a caption.
_CREDIT = re.compile(
    r"(?:^|[(\s])\s*(?:foto|photo|bild|ảnh|illustrasjon|illustration|kilde|källa|bron)\s*:\s*[^)]{1,80}\)?\s*$"
    r"|^©|\bshutterstock\b|\bgetty images\b",
    re.IGNORECASE,
)
_CALL_TO_ACTION = re.compile(
    r"\b(?:vi hjelper deg|kontakt oss|contact us|neem contact op|kontakta oss|liên hệ với chúng tôi"
    r"|på länken nedan|via lenken nedenfor|via de link hieronder|met ons over|met je in contact"
    r"|ladda ner vår|last ned vår|download onze|download our|hãy cùng)\b",
    re.IGNORECASE,
)
_URL = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?…])\s+")
_MARKUP = re.compile(r"<[a-zA-Z/!][^>]*>")
_WRAPPED = re.compile(r"^[{\[]\s*(.*?)\s*[}\]]$")


def strip_markup(text: str) -> str:
    """Text content of a line that carries HTML tags; other text unchanged."""
    if not _MARKUP.search(text):
        return text
    try:
        return " ".join(
            lxml_html.fragment_fromstring(text, create_parent="div").text_content().split()
        )
    except Exception:  # lxml raises several parser errors on broken fragments
        return " ".join(_MARKUP.sub(" ", text).split())


def _drop_link_and_promo_sentences(text: str) -> str:
    """Sentences that only carry a link or a sales pitch go; the rest of the paragraph stays."""
    if not (_URL.search(text) or _CALL_TO_ACTION.search(text)):
        return text
    kept = []
    for sentence in _SENTENCE.split(text):
        if _CALL_TO_ACTION.search(sentence):
            continue
        without_links = " ".join(_URL.sub(" ", sentence).split())
        if _URL.search(sentence) and len(without_links.split()) < 5:
            continue  # the sentence was only there to carry the link
        kept.append(without_links)
    return " ".join(kept)


def clean_text(text: str) -> str:
    """One block's text without markup, URLs and the sentences that only carried a link."""
    text = " ".join(strip_markup(text).replace("\u00a0", " ").split())
    wrapped = _WRAPPED.match(text)
    if wrapped and text.startswith("{"):
        text = wrapped.group(1)  # template residue such as "{ Title }"
    return _drop_link_and_promo_sentences(text).strip()


def is_noise(text: str) -> bool:
    """True for a block that is page furniture rather than content."""
    if not text or _NOISE_BLOCK.match(text) or _CREDIT.search(text):
        return True
    if text.startswith("[") and text.endswith("]"):
        return True  # a bare related-article link
    return not any(char.isalnum() for char in text)


def _drop_caption_pairs(blocks: list[Block]) -> list[Block]:
    """A credit line makes the short block right before it (the caption text) noise too."""
    keep = [True] * len(blocks)
    for index, block in enumerate(blocks):
        if _CREDIT.search(block.text):
            keep[index] = False
            previous = index - 1
            before = blocks[previous] if previous >= 0 else None
            caption = before is not None and before.kind == "paragraph"
            caption = caption and not block.text.startswith("(")
            if caption and len(before.text.split()) <= 20 and not before.text.endswith("."):
                keep[previous] = False
    return [block for block, kept in zip(blocks, keep, strict=True) if kept]


def _navigation_runs(blocks: list[Block], noise: list[bool]) -> list[bool]:
    """Runs of three or more very short unpunctuated (or noise) blocks are menus and bylines."""

    def short(index: int) -> bool:
        block = blocks[index]
        return noise[index] or (
            block.kind in ("paragraph", "heading")
            and len(block.text.split()) <= 4
            and not block.text.endswith((".", "?", "!"))
        )

    in_run = [False] * len(blocks)
    start = 0
    while start < len(blocks):
        end = start
        while end < len(blocks) and short(end):
            end += 1
        if end - start >= 3:
            for index in range(start, end):
                in_run[index] = True
        start = max(end, start + 1)
    return in_run


def _drop_empty_headings(blocks: list[Block]) -> list[Block]:
    """A heading with no text under it (before the next heading of its level or the end) goes."""
    kept: list[Block] = []
    for index, block in enumerate(blocks):
        if block.kind == "heading":
            following = blocks[index + 1 :]
            has_body = False
            for later in following:
                if later.kind == "heading" and later.level <= block.level:
                    break
                if later.kind != "heading":
                    has_body = True
                    break
            if not has_body and index != 0:
                continue
        kept.append(block)
    return kept


def clean_blocks(blocks: list[Block]) -> list[Block]:
    """Remove noise blocks, menus and exact repeats; keep everything else in order."""
    cleaned: list[Block] = []
    for block in blocks:
        text = clean_text(block.text)
        if text:
            cleaned.append(replace(block, text=text))
    cleaned = _drop_caption_pairs(cleaned)
    noise = [is_noise(block.text) for block in cleaned]
    navigation = _navigation_runs(cleaned, noise)
    seen: set[str] = set()
    result: list[Block] = []
    for block, is_noise_block, in_menu in zip(cleaned, noise, navigation, strict=True):
        key = block.text.casefold()
        if is_noise_block or in_menu or (key in seen and len(block.text) > 30):
            continue
        seen.add(key)
        result.append(block)
    return _drop_empty_headings(result)
