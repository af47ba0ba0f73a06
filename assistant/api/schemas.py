"""Request and response bodies of the HTTP API."""

from __future__ import annotations

from pydantic import BaseModel, Field

from assistant.answer import Reference, Source


class AskRequest(BaseModel):
    question: str = Field(
        min_length=1, max_length=2000, description="The question, any of our languages."
    )
    language: str | None = Field(
        default=None, pattern="^(en|nb|nl|vi|sv)$", description="Force the answer language."
    )
    collections: list[str] | None = Field(
        default=None, description="Search only these collections (within what the key may see)."
    )


class GapRequest(BaseModel):
    standard: str = Field(default="ISO21001", pattern="^ISO(21001|9001)$")
    language: str = Field(default="en", pattern="^(en|nb|nl|vi|sv)$")
    clauses: list[str] | None = Field(default=None, description='Clause groups, e.g. ["7", "8.5"].')
    depth: int = Field(default=2, ge=2, le=3)
    collections: list[str] | None = Field(default=None, description="Default: records.")
    exclude: list[str] | None = Field(default=None, description="Clauses that do not apply.")
    format: str = Field(default="json", pattern="^(json|md|csv|xlsx)$")


class AskResponse(BaseModel):
    question: str
    language: str
    found: bool
    answer: str
    references: list[Reference]
    sources: list[Source]


class FailedFileOut(BaseModel):
    path: str
    error: str
    kind: str = Field(description="Why, as a type: CorruptFile, EncryptedFile, FileTooComplex, ...")


class IngestResponse(BaseModel):
    files: int
    documents_added: int
    documents_updated: int
    documents_unchanged: int
    chunks_added: int
    embeddings_computed: int
    failed: list[FailedFileOut]


class DocumentOut(BaseModel):
    id: str
    collection: str
    title: str
    language: str
    file_type: str
    chunk_count: int
    ingested_at: str


class ErrorOut(BaseModel):
    detail: str
