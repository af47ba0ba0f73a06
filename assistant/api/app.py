"""FastAPI application: ask, clauses, documents, health. Thin: it calls the same service as the CLI."""

from __future__ import annotations

import logging
import math
import re
import tempfile
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated

from fastapi import Depends, FastAPI, File, Form, HTTPException, Query, Request, UploadFile, status
from fastapi.responses import JSONResponse, Response

from assistant.api.auth import Caller, caller_for
from assistant.api.ratelimit import RateLimiter
from assistant.api.schemas import (
    AskRequest,
    AskResponse,
    DocumentOut,
    ErrorOut,
    GapRequest,
    IngestResponse,
)
from assistant.clauses import clause_view
from assistant.errors import (
    ClausewiseError,
    DocumentNotFound,
    InvalidQuestion,
    ModelMissing,
    StoreBusy,
    UnknownClause,
)
from assistant.extensions import API_GROUP, load_extensions
from assistant.indexer import chunking_options, ingest_paths
from assistant.service import DEFAULT_COLLECTIONS, Clausewise
from assistant.settings import Settings
from ingest.loaders import SUPPORTED_SUFFIXES
from ingest.sniff import content_matches

log = logging.getLogger("clausewise.api")
_COLLECTION = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
_RESERVED = {"standards", "frameworks"}
_UPLOAD_CHUNK = 1 << 20


def _safe_filename(name: str | None) -> str:
    """A plain file name: no directories, no traversal, nothing odd."""
    base = Path((name or "").replace("\\", "/")).name
    cleaned = re.sub(r"[^\w.\- ]", "_", base).strip(" .")
    if not cleaned:
        raise HTTPException(422, detail="Each uploaded file needs a file name.")
    return cleaned[:120]


def _service(request: Request) -> Clausewise:
    """The app's Clausewise instance, once it is ready (503 before)."""
    if not getattr(request.app.state, "ready", False):
        reason = getattr(request.app.state, "not_ready_reason", "still starting")
        raise HTTPException(503, detail=f"Not ready: {reason}")
    return request.app.state.assistant


def _rate_limited(request: Request, caller: Annotated[Caller, Depends(caller_for)]) -> Caller:
    """The authorised caller, within its key's request rate (429 with Retry-After beyond)."""
    wait = request.app.state.rate_limiter.acquire(caller.key_id)
    if wait > 0:
        raise HTTPException(
            429,
            detail="Too many requests for this API key; slow down.",
            headers={"Retry-After": str(max(1, math.ceil(wait)))},
        )
    return caller


def _check_content(path: Path, name: str) -> None:
    """415 unless the bytes are a type the file's extension may hold (before it is stored)."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise HTTPException(
            415,
            detail=f"{name}: '{suffix or 'no extension'}' files are not supported ({supported}).",
        )
    if path.stat().st_size == 0:
        return  # the ingest reports it as empty, like the CLI does
    matches, found = content_matches(path)
    if not matches:
        raise HTTPException(
            415, detail=f"{name}: the content is {found.description}, not a {suffix} document."
        )


# Module level, so FastAPI can resolve them from the postponed annotations.
Service = Annotated[Clausewise, Depends(_service)]
Authorised = Annotated[Caller, Depends(_rate_limited)]


def create_app(
    settings: Settings,
    assistant: Clausewise | None = None,
    extensions: list[Callable[[FastAPI, Settings], None]] | None = None,
) -> FastAPI:
    """The API over one Clausewise instance (created at start-up unless one is given), with the
    installed extensions' routes (or exactly `extensions` when given)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.assistant = assistant or Clausewise(settings)
        app.state.ready = False
        try:
            app.state.assistant.ensure_ready()
            app.state.ready = True
        except ClausewiseError as exc:  # keep serving /healthz; /readyz says why
            app.state.not_ready_reason = str(exc)
            log.error("not ready: %s", exc)
        yield
        app.state.assistant.close()

    app = FastAPI(
        title="Clausewise",
        version="0.1.0",
        description="Quality work in education: answers with clause references, "
        "clause lookup and document ingestion.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.lock = threading.Lock()  # one SQLite connection: one request at a time in it
    app.state.rate_limiter = RateLimiter(settings.rate_limit_per_minute)

    @app.exception_handler(ClausewiseError)
    async def clausewise_error(_request: Request, exc: ClausewiseError) -> JSONResponse:
        codes = {UnknownClause: 404, DocumentNotFound: 404, InvalidQuestion: 422,
                 StoreBusy: 503, ModelMissing: 503}  # fmt: skip
        code = next((c for kind, c in codes.items() if isinstance(exc, kind)), 400)
        body: dict = {"detail": str(exc)}
        if isinstance(exc, UnknownClause):
            body["suggestions"] = exc.suggestions
        headers = {"Retry-After": "5"} if isinstance(exc, StoreBusy) else None
        return JSONResponse(body, status_code=code, headers=headers)

    # The chat bots (and any other installed face) add their routes here.
    for mount in load_extensions(API_GROUP) if extensions is None else extensions:
        mount(app, settings)

    @app.get("/healthz", tags=["health"])
    def healthz() -> dict:
        """The process is up."""
        return {"status": "ok"}

    @app.get("/readyz", tags=["health"], responses={503: {"model": ErrorOut}})
    def readyz(request: Request) -> dict:
        """The model is loaded and the catalogue indexed."""
        if not getattr(request.app.state, "ready", False):
            reason = getattr(request.app.state, "not_ready_reason", "still starting")
            raise HTTPException(503, detail=f"Not ready: {reason}")
        return {"status": "ready"}

    @app.post("/v1/ask", response_model=AskResponse, tags=["ask"],
              responses={401: {"model": ErrorOut}, 422: {"model": ErrorOut}})  # fmt: skip
    def ask(body: AskRequest, caller: Authorised, assistant: Service, request: Request) -> dict:
        """Answer a question in its language, with references and sources."""
        collections = caller.allowed(body.collections, list(DEFAULT_COLLECTIONS))
        if not collections:
            raise HTTPException(403, detail="This API key may not see any of those collections.")
        with request.app.state.lock:
            answer = assistant.ask(body.question, language=body.language, collections=collections)
        return answer.public_json()

    @app.post(
        "/v1/gap", tags=["gap"], responses={403: {"model": ErrorOut}, 422: {"model": ErrorOut}}
    )
    def gap(body: GapRequest, caller: Authorised, assistant: Service, request: Request) -> Response:
        """Gap-analysis checklist as JSON, or the md/csv/xlsx file."""
        from assistant.gaps import CONTENT_TYPES, render

        collections = caller.allowed(body.collections, ["records"])
        if not collections:
            raise HTTPException(403, detail="This API key may not see any of those collections.")
        excluded = {f"{body.standard}:{c}" for c in body.exclude or []}
        with request.app.state.lock:
            checklist = assistant.gap(
                body.standard, language=body.language, collections=collections,
                clauses=body.clauses, depth=body.depth, excluded=excluded,
            )  # fmt: skip
        if body.format == "json":
            return JSONResponse(checklist.to_json())
        name = f"gap-{body.standard.lower()}-{body.language}.{body.format}"
        return Response(
            render(checklist, body.format),
            media_type=CONTENT_TYPES[body.format],
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    @app.get("/v1/clauses/{reference:path}", tags=["clauses"],
             responses={404: {"model": ErrorOut}})  # fmt: skip
    def clause(
        reference: str,
        assistant: Service,
        _caller: Authorised,
        lang: Annotated[str, Query(pattern="^(en|nb|nl|vi|sv)$")] = "en",
    ) -> dict:
        """One catalogue node: title, summary, requirements, evidence, related clauses."""
        catalogue = assistant.catalogue
        node = catalogue.resolve(reference)
        if node is None:
            raise UnknownClause(reference, catalogue.suggestions(reference))
        return clause_view(node, lang, catalogue)

    @app.post("/v1/documents", response_model=IngestResponse, tags=["documents"],
              responses={413: {"model": ErrorOut}, 415: {"model": ErrorOut},
                         422: {"model": ErrorOut}, 429: {"model": ErrorOut}})  # fmt: skip
    def upload(
        files: Annotated[list[UploadFile], File(description="Documents to ingest.")],
        caller: Authorised,
        assistant: Service,
        request: Request,
        collection: Annotated[str, Form()] = "records",
    ) -> dict:
        """Upload files into a collection: the same result as `clausewise ingest`."""

        if not _COLLECTION.match(collection):
            raise HTTPException(422, detail="Collection names use a-z, 0-9, '-' and '_' (max 40).")
        if collection in _RESERVED:
            raise HTTPException(
                422, detail=f"'{collection}' is reserved for the bundled catalogue."
            )
        if not caller.may_see(collection):
            raise HTTPException(403, detail=f"This API key may not write to '{collection}'.")
        limit = int(settings.max_upload_mb * 1024 * 1024)
        target = settings.home / "uploads" / collection
        target.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=settings.home) as staging:
            staged: list[tuple[Path, Path]] = []
            for upload_file in files:
                name = _safe_filename(upload_file.filename)
                path = Path(staging) / name
                size = 0
                with path.open("wb") as handle:
                    while block := upload_file.file.read(_UPLOAD_CHUNK):
                        size += len(block)
                        if size > limit:
                            raise HTTPException(
                                413, detail=f"{name} is larger than {settings.max_upload_mb:g} MB."
                            )
                        handle.write(block)
                _check_content(path, name)
                staged.append((path, target / name))
            for source, destination in staged:
                source.replace(destination)
        with request.app.state.lock:
            report = ingest_paths(
                assistant.store, assistant.embedder, [dest for _, dest in staged], collection,
                chunking_options(settings), parser=assistant.parser,
            )  # fmt: skip
        payload = report.to_dict()
        for failure in payload["failed"]:
            failure["path"] = Path(failure["path"]).name  # never reveal server paths
        return payload

    @app.get("/v1/documents", response_model=list[DocumentOut], tags=["documents"])
    def documents(
        caller: Authorised,
        assistant: Service,
        request: Request,
        collection: Annotated[list[str] | None, Query()] = None,
    ) -> list[dict]:
        """Documents in the collections this key may see."""
        with request.app.state.lock:
            found = assistant.store.documents(collection or None)
        return [
            {"id": d.id, "collection": d.collection, "title": d.title, "language": d.language,
             "file_type": d.file_type, "chunk_count": d.chunk_count, "ingested_at": d.ingested_at}
            for d in found
            if caller.may_see(d.collection) and d.collection not in _RESERVED
        ]  # fmt: skip

    @app.delete("/v1/documents/{document_id}", status_code=204, tags=["documents"],
                responses={404: {"model": ErrorOut}})  # fmt: skip
    def delete_document(
        document_id: str, caller: Authorised, assistant: Service, request: Request
    ) -> Response:
        """Remove a document and its vectors."""
        with request.app.state.lock:
            document = assistant.store.document(document_id)
            if document is None or not caller.may_see(document.collection):
                raise DocumentNotFound(f"No document with id '{document_id}'.")
            if document.collection in _RESERVED:
                raise HTTPException(422, detail="Catalogue documents cannot be deleted.")
            with assistant.store.writing():
                assistant.store.remove([document_id])
        return Response(status_code=status.HTTP_204_NO_CONTENT)

    return app
