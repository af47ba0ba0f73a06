"""Parse files in a separate, resource-limited worker process, so a hostile file cannot take
the ingest down.

One long-lived worker parses file after file (normal ingest stays fast). It runs under
RLIMIT_AS (memory) and a CPU-time backstop; the parent waits at most the timeout for each
reply. A worker that hangs, runs out of memory or dies is killed and replaced, and the file
fails with a plain reason; the other files carry on.

Workers fork from a `forkserver` that has already imported the loaders: a fresh worker starts
in milliseconds, and it starts from a clean single-threaded process rather than from a parent
that may be running torch or uvicorn threads (forking those can deadlock).
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from ingest import errors
from ingest.errors import FileTooComplex, IngestError, ParserCrashed
from ingest.models import ParsedDocument
from ingest.pipeline import ChunkingOptions, parse_file

try:  # POSIX only; elsewhere the worker still isolates crashes and hangs, without a memory cap
    import resource
except ImportError:  # pragma: no cover
    resource = None  # type: ignore[assignment]

_CONTEXT = multiprocessing.get_context("forkserver")
# Preloading applies to the forkserver this process starts; it is the stdlib's own setting.
_CONTEXT.set_forkserver_preload(["ingest.pipeline"])


@dataclass(frozen=True)
class ParseLimits:
    """How long and how much memory reading one file may take."""

    timeout_s: float = 30.0
    memory_mb: int = 1024

    @classmethod
    def from_options(cls, options: ChunkingOptions) -> ParseLimits:
        return cls(timeout_s=options.parse_timeout_s, memory_mb=options.parse_memory_mb)


def _limit_memory(memory_mb: int) -> None:
    if resource is None:
        return
    limit = memory_mb * 1024 * 1024
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _limit_cpu(seconds: float) -> None:
    """A CPU-time cap for the next file: an orphaned worker stuck in a loop still dies."""
    if resource is None:
        return
    usage = resource.getrusage(resource.RUSAGE_SELF)
    used = usage.ru_utime + usage.ru_stime
    _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = int(used + seconds) + 1
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def _peak_rss_mb() -> float:
    if resource is None:
        return 0.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


Reader = Callable[[Path, str, ChunkingOptions, "str | None"], ParsedDocument]


def _parse_reply(request: tuple[Reader, str, str, ChunkingOptions, str | None]) -> tuple[Any, ...]:
    """("ok", document) or ("error", error class name, message) or ("memory",)."""
    reader, path, collection, options, content_hash = request
    try:
        return ("ok", reader(Path(path), collection, options, content_hash))
    except IngestError as exc:
        return ("error", exc.__class__.__name__, str(exc))
    except MemoryError:
        return ("memory",)
    except RecursionError:
        return ("error", "CorruptFile", "the file's structure is nested too deeply to read")
    except OSError as exc:
        return ("error", "IngestError", f"cannot read the file ({exc.strerror or exc})")
    except Exception as exc:  # a parser bug on a malformed file: the file fails, the worker lives
        return ("error", "CorruptFile", f"the file is malformed; the reader failed ({exc.__class__.__name__})")  # fmt: skip


def _serve(connection: Connection, memory_mb: int, cpu_seconds: float) -> None:
    """The worker loop: parse each requested file and send back the result."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    # pypdf logs every repair it makes on a damaged file; the file's outcome says enough.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    _limit_memory(memory_mb)
    while True:
        try:
            request = connection.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        _limit_cpu(cpu_seconds)
        reply = _parse_reply(request)
        try:
            connection.send((*reply, _peak_rss_mb()))
        except MemoryError:
            connection.send(("memory", _peak_rss_mb()))
        if reply[0] == "memory":
            return  # after a MemoryError the heap may be fragmented: let a fresh worker go on


@dataclass
class _Worker:
    process: Any  # multiprocessing's Process for this context
    connection: Connection


class ParseSandbox:
    """Parses files one at a time in a worker process under time and memory limits."""

    def __init__(self, limits: ParseLimits | None = None, reader: Reader = parse_file) -> None:
        self.limits = limits or ParseLimits()
        self.reader = reader  # a module-level function (sent to the worker by reference)
        self._worker: _Worker | None = None
        self._lock = threading.Lock()
        self.workers_started = 0
        self.peak_rss_mb = 0.0

    def __enter__(self) -> ParseSandbox:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            self._discard()

    def parse(
        self,
        path: Path,
        collection: str,
        options: ChunkingOptions,
        content_hash: str | None = None,
    ) -> ParsedDocument:
        """Like `parse_file`, in the worker; raises IngestError (never hangs or crashes)."""
        with self._lock:
            worker = self._worker or self._start()
            timeout = self.limits.timeout_s
            try:
                worker.connection.send((self.reader, str(path), collection, options, content_hash))
                if not worker.connection.poll(timeout):
                    self._discard()
                    raise FileTooComplex(
                        f"reading the file took longer than {timeout:g} s; it may be malformed"
                    )
                reply = worker.connection.recv()
            except (EOFError, OSError) as exc:
                code = self._discard()
                raise ParserCrashed(
                    f"the file made the reader stop ({_describe_exit(code)}); "
                    "it is probably damaged or hostile"
                ) from exc
        self.peak_rss_mb = max(self.peak_rss_mb, float(reply[-1]))
        kind = reply[0]
        if kind == "ok":
            return reply[1]
        if kind == "memory":
            with self._lock:
                self._discard()
            raise FileTooComplex(
                f"reading the file needed more than {self.limits.memory_mb} MB of memory"
            )
        error_type = getattr(errors, reply[1], IngestError)
        if not (isinstance(error_type, type) and issubclass(error_type, IngestError)):
            error_type = IngestError
        raise error_type(reply[2])

    def _start(self) -> _Worker:
        parent, child = _CONTEXT.Pipe()
        # Wall-clock timeout first; the CPU cap is only for a worker whose parent has died.
        cpu_seconds = self.limits.timeout_s * 2 + 5
        process = _CONTEXT.Process(
            target=_serve,
            args=(child, self.limits.memory_mb, cpu_seconds),
            name="clausewise-parse",
            daemon=True,
        )
        process.start()
        child.close()
        self._worker = _Worker(process, parent)
        self.workers_started += 1
        return self._worker

    def _discard(self) -> int | None:
        """Kill the worker (if any) and forget it; returns its exit code."""
        worker, self._worker = self._worker, None
        if worker is None:
            return None
        worker.connection.close()
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(timeout=10)
        return worker.process.exitcode


def _describe_exit(code: int | None) -> str:
    if code is None:
        return "no exit code"
    if code < 0:
        try:
            return signal.Signals(-code).name
        except ValueError:
            return f"signal {-code}"
    return f"exit code {code}"
