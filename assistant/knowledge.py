"""The bundled standards knowledge: the catalogue indexed into `standards` and `frameworks`.

One chunk per node and language, carrying the node id. Indexed on first use, re-indexed only
for catalogue files whose content changed (or whose passage format changed).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from assistant.embedding.embedder import Embedder
from assistant.indexer import embed_document_chunks
from assistant.store import Store
from ingest.catalogue import LANGUAGES, Catalogue, LoadedFile, node_passage
from ingest.models import Chunk, ParsedDocument
from ingest.pipeline import document_id_for, text_hash

# Bump when node_passage's layout changes: every catalogue file is then re-indexed.
PASSAGE_FORMAT = "1"

ProgressCallback = Callable[[int, int, str], None]


@dataclass(frozen=True)
class CatalogueIndexReport:
    files_indexed: int
    files_unchanged: int
    chunks_added: int


def catalogue_document(loaded: LoadedFile) -> ParsedDocument:
    """A catalogue file as a document: one chunk per node and language."""
    collection = loaded.data.framework.collection
    source = f"corpus/{loaded.path.name}"
    chunks: list[Chunk] = []
    for node in loaded.data.nodes:
        for language in LANGUAGES:
            text = node_passage(node, language)
            chunks.append(
                Chunk(
                    ordinal=len(chunks),
                    text=text,
                    page=None,
                    heading_path=(node.title.get(language),),
                    language=language,
                    clause_refs=(node.id,),
                    content_hash=text_hash(text),
                    node_id=node.id,
                )
            )
    return ParsedDocument(
        document_id=document_id_for(collection, source),
        collection=collection,
        source_path=source,
        title=loaded.data.framework.name.en,
        language="multi",
        file_type="catalogue",
        content_hash=f"{loaded.content_hash}:{PASSAGE_FORMAT}",
        chunks=chunks,
    )


def stale_catalogue_documents(store: Store, catalogue: Catalogue) -> list[ParsedDocument]:
    """Catalogue files not yet indexed in their current version."""
    stale = []
    for loaded in catalogue.files:
        document = catalogue_document(loaded)
        stored = store.document(document.document_id)
        if stored is None or stored.content_hash != document.content_hash:
            stale.append(document)
    return stale


def ensure_catalogue_indexed(
    store: Store,
    embedder: Embedder,
    catalogue: Catalogue,
    progress: ProgressCallback | None = None,
) -> CatalogueIndexReport:
    """Index what changed in the catalogue; cheap (no embedding) when nothing did."""
    stale = stale_catalogue_documents(store, catalogue)
    if not stale:
        return CatalogueIndexReport(0, len(catalogue.files), 0)
    with store.writing():
        stale = stale_catalogue_documents(store, catalogue)  # another process may have done it
        total = sum(len(document.chunks) for document in stale)
        report = (lambda done, count: progress(done, count, "corpus")) if progress else None
        vectors, _computed = embed_document_chunks(store, embedder, stale, report)
        written = store.commit(
            list(zip(stale, vectors, strict=True)), embedding_model=embedder.name
        )
    if progress:
        progress(total, total, "")
    return CatalogueIndexReport(len(stale), len(catalogue.files) - len(stale), written)
