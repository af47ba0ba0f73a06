"""Structure-aware chunking: headings start chunks, paragraphs pack up to a size, long ones split
at sentences, and a sentence of overlap carries context across a boundary inside a section."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.models import Block

_TOKEN = re.compile(r"\w+|[^\w\s]", re.UNICODE)
_SENTENCE_BOUNDARY = re.compile(r"(?<=[.!?…])\s+(?=[\"'«“(]?[A-ZÀ-ỸÆØÅÄÖ0-9])")


def estimate_tokens(text: str) -> int:
    """A cheap stand-in for subword tokens: words and punctuation, scaled for subword splits."""
    return int(len(_TOKEN.findall(text)) * 1.3) + 1


def split_sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE_BOUNDARY.split(text) if part.strip()]


@dataclass(frozen=True)
class ChunkDraft:
    """A chunk's text and location before language, references and hashes are added."""

    text: str
    page: int | None
    heading_path: tuple[str, ...]


def _pieces(block: Block, max_tokens: int) -> list[str]:
    """A block's text, split at sentences (or hard at words) so no piece exceeds max_tokens."""
    if estimate_tokens(block.text) <= max_tokens:
        return [block.text]
    pieces: list[str] = []
    current: list[str] = []
    for sentence in split_sentences(block.text):
        words = sentence.split()
        while estimate_tokens(sentence) > max_tokens and len(words) > 1:
            cut = max(1, int(len(words) * max_tokens / estimate_tokens(sentence)) - 1)
            if current:
                pieces.append(" ".join(current))
                current = []
            pieces.append(" ".join(words[:cut]))
            words = words[cut:]
            sentence = " ".join(words)
        if current and estimate_tokens(" ".join([*current, sentence])) > max_tokens:
            pieces.append(" ".join(current))
            current = []
        current.append(sentence)
    if current:
        pieces.append(" ".join(current))
    return pieces


def chunk_blocks(
    blocks: list[Block], *, min_tokens: int = 150, max_tokens: int = 350, overlap_sentences: int = 1
) -> list[ChunkDraft]:
    """Group blocks into chunks of roughly min..max tokens that respect headings."""
    drafts: list[ChunkDraft] = []
    headings: list[tuple[int, str]] = []
    buffer: list[str] = []
    buffer_page: int | None = None
    buffer_path: tuple[str, ...] = ()

    def path() -> tuple[str, ...]:
        return tuple(text for _, text in headings)

    def flush(carry: bool) -> None:
        nonlocal buffer, buffer_page
        if not buffer:
            return
        text = "\n".join(buffer)
        drafts.append(ChunkDraft(text=text, page=buffer_page, heading_path=buffer_path))
        tail = (
            split_sentences(buffer[-1])[-overlap_sentences:] if carry and overlap_sentences else []
        )
        buffer = [" ".join(tail)] if tail else []
        buffer_page = buffer_page if tail else None

    for block in blocks:
        if block.kind == "heading":
            # A new section starts a new chunk once the current one has some substance.
            if buffer and estimate_tokens("\n".join(buffer)) >= min_tokens // 3:
                flush(carry=False)
            elif buffer:
                buffer.append(block.text)
            while headings and headings[-1][0] >= block.level:
                headings.pop()
            headings.append((block.level, block.text))
            if not buffer:
                buffer_path = path()
            continue
        for piece in _pieces(block, max_tokens):
            text = f"• {piece}" if block.kind == "list_item" else piece
            size = estimate_tokens("\n".join([*buffer, text]))
            if buffer and size > max_tokens:
                flush(carry=True)
                buffer_path = path()
                if estimate_tokens("\n".join([*buffer, text])) > max_tokens:
                    buffer = []  # no room for the overlap next to this piece
            if not buffer:
                buffer_page = block.page
                buffer_path = path()
                heading_text = headings[-1][1] if headings else None
                fits = heading_text and estimate_tokens(f"{heading_text}\n{text}") <= max_tokens
                if fits and not drafts_have_heading(drafts, buffer_path):
                    buffer.append(heading_text)
            elif buffer_page is None:
                buffer_page = block.page
            buffer.append(text)
    flush(carry=False)
    return [draft for draft in drafts if draft.text.strip()]


def drafts_have_heading(drafts: list[ChunkDraft], heading_path: tuple[str, ...]) -> bool:
    """Whether an earlier chunk already opened this section (its title is then not repeated)."""
    return bool(drafts) and drafts[-1].heading_path == heading_path
