"""Markdown files (and the Markdown that the HTML extractor produces), parsed with markdown-it."""

from __future__ import annotations

from pathlib import Path

from markdown_it import MarkdownIt

from ingest.errors import EmptyFile
from ingest.loaders.text import decode_text
from ingest.models import Block, LoadedDocument


def _plain(inline) -> str:
    """An inline token's text without Markdown syntax (emphasis marks, link targets)."""
    parts = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts)


def blocks_from_markdown(source: str) -> list[Block]:
    """Headings (with level), paragraphs, list items and table rows, in reading order."""
    tokens = MarkdownIt("commonmark").enable("table").parse(source)
    blocks: list[Block] = []
    context: list[str] = []
    row: list[str] = []
    for index, token in enumerate(tokens):
        if token.type in ("heading_open", "list_item_open", "paragraph_open", "tr_open"):
            context.append(token.type)
        elif token.type in ("heading_close", "list_item_close", "paragraph_close"):
            context.pop()
        elif token.type == "tr_close":
            context.pop()
            if any(row):
                blocks.append(Block("table", " | ".join(cell for cell in row if cell)))
            row = []
        elif token.type == "inline":
            text = " ".join(_plain(token).split())
            if not text:
                continue
            if "tr_open" in context:
                row.append(text)
            elif context and context[-1] == "heading_open":
                level = int(tokens[index - 1].tag[1:])
                blocks.append(Block("heading", text, level=level))
            elif "list_item_open" in context:
                blocks.append(Block("list_item", text))
            else:
                blocks.append(Block("paragraph", text))
    return blocks


def load_markdown(path: Path) -> LoadedDocument:
    source = decode_text(path.read_bytes())
    blocks = blocks_from_markdown(source)
    if not blocks:
        raise EmptyFile("the file holds no text")
    title = next((b.text for b in blocks if b.kind == "heading"), blocks[0].text)
    return LoadedDocument(title=title[:200], blocks=blocks, file_type="md")
