"""The one entry point the CLI, the HTTP API and the bots share: open, get ready, ask."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property

from assistant.answer import Answer, compose_answer
from assistant.embedding.embedder import Embedder
from assistant.errors import InvalidQuestion
from assistant.knowledge import CatalogueIndexReport, ensure_catalogue_indexed
from assistant.language import QuestionLanguageDetector
from assistant.retrieval import Retriever
from assistant.settings import Settings
from assistant.store import Store
from assistant.store.vectors import IndexOptions
from ingest.catalogue import LANGUAGES, Catalogue
from ingest.sandbox import ParseLimits, ParseSandbox

DEFAULT_COLLECTIONS = ("standards", "frameworks", "records")


def index_options(settings: Settings) -> IndexOptions:
    """The vector-index settings in the store's terms."""
    return IndexOptions(
        mode=settings.vector_index,
        threshold=settings.approximate_threshold,
        nprobe=settings.ivf_nprobe,
    )


class Clausewise:
    """One store, one embedder, one catalogue, one retriever: loaded once per process."""

    def __init__(
        self,
        settings: Settings,
        *,
        embedder: Embedder | None = None,
        catalogue: Catalogue | None = None,
        model_progress: Callable[[str], None] | None = None,
    ) -> None:
        self.settings = settings
        self.store = Store(settings.home, index_options(settings))
        self._embedder = embedder
        self._catalogue = catalogue
        self._model_progress = model_progress
        # One long-lived parse worker per instance (the API reuses it across uploads).
        self.parser = ParseSandbox(
            ParseLimits(timeout_s=settings.parse_timeout_s, memory_mb=settings.parse_memory_mb)
        )

    def close(self) -> None:
        self.parser.close()
        self.store.close()

    def __enter__(self) -> Clausewise:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @cached_property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            from assistant.embedding.model import load_embedder

            self._embedder = load_embedder(self.settings, progress=self._model_progress)
        return self._embedder

    @cached_property
    def catalogue(self) -> Catalogue:
        return self._catalogue or Catalogue.load()

    @cached_property
    def retriever(self) -> Retriever:
        return Retriever(self.store, self.embedder, self.catalogue)

    def ensure_ready(
        self, progress: Callable[[int, int, str], None] | None = None
    ) -> CatalogueIndexReport:
        """Index the bundled catalogue if this data folder lacks it (or it changed)."""
        return ensure_catalogue_indexed(self.store, self.embedder, self.catalogue, progress)

    @cached_property
    def language_detector(self) -> QuestionLanguageDetector:
        return QuestionLanguageDetector(self.catalogue.glossary)

    def detect_language(self, question: str) -> str:
        return self.language_detector.detect(question)

    def ask(
        self,
        question: str,
        *,
        language: str | None = None,
        collections: list[str] | None = None,
    ) -> Answer:
        """Answer a question in its language (or `language`), from the allowed collections."""
        question = " ".join(question.split())
        if not question:
            raise InvalidQuestion("The question is empty.")
        if language is not None and language not in LANGUAGES:
            raise InvalidQuestion(
                f"Unsupported language '{language}': use one of {', '.join(LANGUAGES)}."
            )
        language = language or self.detect_language(question)
        allowed = list(collections) if collections else list(DEFAULT_COLLECTIONS)
        retrieval = self.retriever.retrieve(question, allowed, language=language)
        answer = compose_answer(question, language, retrieval, self.catalogue)
        if self.settings.llm_url:
            from assistant.llm import rewrite_answer

            answer = rewrite_answer(answer, self.catalogue, self.settings)
        return answer

    def gap(
        self,
        standard: str,
        *,
        language: str = "en",
        collections: list[str] | None = None,
        clauses: list[str] | None = None,
        depth: int = 2,
        excluded: set[str] | None = None,
        progress: Callable[[int, int, str], None] | None = None,
    ):
        """A gap-analysis checklist of `standard` against the records collections."""
        from assistant.gaps import run_gap_analysis

        known = {
            node_id.split(":")[0] for node_id in self.catalogue.nodes if node_id.startswith("ISO")
        }
        if standard not in known:
            raise InvalidQuestion(
                f"Unknown standard '{standard}': use one of {', '.join(sorted(known))}."
            )
        if language not in LANGUAGES:
            raise InvalidQuestion(
                f"Unsupported language '{language}': use one of {', '.join(LANGUAGES)}."
            )
        if depth not in (2, 3):
            raise InvalidQuestion("Depth must be 2 (e.g. 8.5) or 3 (e.g. 8.5.5).")
        judge = None
        if self.settings.llm_url and self.settings.gap_llm_judge:
            from assistant.gaps.judge import llm_judge

            judge = llm_judge(self.settings)
        return run_gap_analysis(
            self.store, self.embedder, self.catalogue,
            standard=standard, language=language, collections=list(collections or ["records"]),
            clauses=clauses, depth=depth, excluded=excluded or set(), progress=progress,
            judge=judge,
        )  # fmt: skip
