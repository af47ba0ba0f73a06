"""HTML pages: trafilatura removes navigation, footers and other boilerplate, keeping headings."""

from __future__ import annotations

from pathlib import Path

import trafilatura
from trafilatura.meta import reset_caches

from ingest.errors import EmptyFile
from ingest.loaders.markdown import blocks_from_markdown
from ingest.loaders.text import decode_text
from ingest.models import LoadedDocument


def load_html(path: Path) -> LoadedDocument:
    page = decode_text(path.read_bytes())
    # trafilatura's deduplication remembers paragraphs across calls in the process: from the
    # fifth time a paragraph is seen it is dropped, so a long-lived parser (or server) would
    # lose text shared between pages. Deduplicate within this page only.
    reset_caches()
    extracted = trafilatura.extract(
        page,
        output_format="markdown",
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        deduplicate=True,
    )
    blocks = blocks_from_markdown(extracted or "")
    if not blocks:
        raise EmptyFile("no main text could be found in the page")
    metadata = trafilatura.extract_metadata(page)
    title = (metadata.title if metadata and metadata.title else None) or blocks[0].text
    return LoadedDocument(title=title[:200], blocks=blocks, file_type="html")
