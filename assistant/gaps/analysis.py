"""Gap analysis: each requirement point of each selected clause, searched for in the records in
each record's own language; statuses from calibrated thresholds; evidence always shown.

Records are often in another language than the checklist: the catalogue has every requirement
point in all five languages, so a Swedish record is searched with the Swedish wording and a
Vietnamese one with the Vietnamese wording. The checklist is then written in the requested
language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from assistant.answer import make_snippet
from assistant.embedding.embedder import Embedder
from assistant.gaps.judge import Judge
from assistant.gaps.models import Checklist, ChecklistItem, Evidence, RequirementCheck
from assistant.i18n import label
from assistant.store import Store
from ingest.catalogue import LANGUAGES, Catalogue, Node

# Calibrated on evals/gap by grid search (evals/README.md): a requirement point counts as
# evidenced when its best passage scores at least EVIDENCED; a clause is covered when at least
# COVERED_SHARE of its points are evidenced, partial when any is, missing otherwise.
EVIDENCED = 0.87
COVERED_SHARE = 0.8
SNIPPET_CHARS = 240
# What a judge reads of each passage (the checklist shows only the snippet).
CONTEXT_CHARS = 1200
SEARCH_DEPTH = 40

ProgressCallback = Callable[[int, int, str], None]


@dataclass(frozen=True)
class GapThresholds:
    evidenced: float = EVIDENCED
    covered_share: float = COVERED_SHARE


DEFAULT_THRESHOLDS = GapThresholds()


def select_clauses(
    catalogue: Catalogue, standard: str, clauses: list[str] | None = None, depth: int = 2
) -> list[Node]:
    """Assessable nodes of `standard` at `depth`, optionally within the given clause prefixes."""
    prefix = f"{standard}:"
    nodes = [
        node
        for node in catalogue.nodes.values()
        if node.id.startswith(prefix) and node.assessable and node.level == depth
    ]
    if depth == 3:
        # Second-level clauses without sub-clauses are assessed as they are.
        nodes += [
            node
            for node in catalogue.nodes.values()
            if node.id.startswith(prefix) and node.assessable and node.level == 2
            and not catalogue.children.get(node.id)
        ]  # fmt: skip
    if clauses:
        wanted = [c.strip().removeprefix(prefix) for c in clauses if c.strip()]
        nodes = [
            node
            for node in nodes
            if any(
                (number := node.id.removeprefix(prefix)) == want or number.startswith(want + ".")
                for want in wanted
            )
        ]
    return sorted(nodes, key=lambda node: _sort_key(node.id))


def _sort_key(node_id: str) -> tuple:
    number = node_id.split(":", 1)[1]
    return tuple(int(p) if p.isdigit() else 999 for p in number.split("."))


def record_languages(store: Store, collections: list[str]) -> list[str]:
    """The languages the records are written in (our five only)."""
    rows = store.connection.execute(
        "SELECT DISTINCT c.language FROM chunks c JOIN documents d ON d.id = c.document_id "
        f"WHERE d.collection IN ({','.join('?' * len(collections))})",
        collections,
    )
    return sorted(language for (language,) in rows if language in LANGUAGES)


def find_evidence(
    store: Store,
    embedder: Embedder,
    nodes: list[Node],
    collections: list[str],
    languages: list[str],
    progress: ProgressCallback | None = None,
) -> dict[tuple[str, int], list[Evidence]]:
    """Best passages per (clause id, requirement index), searched in each record language."""
    queries: list[tuple[str, int, str, str]] = []
    for node in nodes:
        for index, requirement in enumerate(node.requirements):
            for language in languages:
                text = f"{node.title.get(language)}: {requirement.get(language)}"
                queries.append((node.id, index, language, text))
    found: dict[tuple[str, int], list[Evidence]] = {}
    if not queries or not languages:
        return found
    batch = 64
    for start in range(0, len(queries), batch):
        part = queries[start : start + batch]
        vectors = embedder.embed_queries([text for *_, text in part])
        hits = store.search(np.asarray(vectors), k=SEARCH_DEPTH, collections=collections)
        chunk_ids = sorted({hit.chunk_id for row in hits for hit in row})
        chunks = store.chunks(chunk_ids)
        for (node_id, index, language, _text), row in zip(part, hits, strict=True):
            best = next(
                (
                    hit
                    for hit in row
                    if chunks.get(hit.chunk_id) and chunks[hit.chunk_id].language == language
                ),
                None,
            )
            if best is None:
                continue
            chunk = chunks[best.chunk_id]
            found.setdefault((node_id, index), []).append(
                Evidence(
                    document=chunk.title or chunk.source_path,
                    source_path=chunk.source_path,
                    collection=chunk.collection,
                    page=chunk.page,
                    snippet=make_snippet(chunk.text, SNIPPET_CHARS),
                    context=make_snippet(chunk.text, CONTEXT_CHARS),
                    score=round(best.score, 4),
                    language=chunk.language,
                )
            )
        if progress:
            progress(min(start + batch, len(queries)), len(queries), "")
    for key in found:
        found[key].sort(key=lambda evidence: evidence.score, reverse=True)
    return found


def assess(
    nodes: list[Node],
    evidence: dict[tuple[str, int], list[Evidence]],
    language: str,
    thresholds: GapThresholds = DEFAULT_THRESHOLDS,
    excluded: set[str] = frozenset(),  # type: ignore[assignment]
    judge: Judge | None = None,
) -> list[ChecklistItem]:
    """Status per requirement point and per clause, with what is missing and a next step.

    With a judge (an LLM), it decides which points the passages show; where it gives no
    usable verdict, the similarity thresholds do.
    """
    items = []
    for node in nodes:
        if node.id in excluded:
            items.append(ChecklistItem(
                id=node.id, title=node.title.get(language), status="not_applicable",
                requirements=[], evidence=[], missing="", next_step="",
            ))  # fmt: skip
            continue
        candidates = [evidence.get((node.id, i), []) for i in range(len(node.requirements))]
        checks = judge(node, candidates, language) if judge else None
        if checks is None:
            checks = _similarity_checks(node, candidates, language, thresholds)
        shown: list[Evidence] = []
        for check in checks:
            for passage in check.evidence:
                if all(passage.snippet != e.snippet for e in shown):
                    shown.append(passage)
        share = sum(c.status == "evidenced" for c in checks) / len(checks) if checks else 0.0
        if shown and share >= thresholds.covered_share:
            status = "covered"
        elif shown:
            status = "partial"
        else:
            status = "missing"
        gaps = [check.text for check in checks if check.status != "evidenced"]
        items.append(
            ChecklistItem(
                id=node.id,
                title=node.title.get(language),
                status=status,
                requirements=checks,
                evidence=sorted(shown, key=lambda e: e.score, reverse=True)[:3],
                missing="; ".join(gaps),
                next_step=_next_step(node, status, language),
            )
        )
    return items


def _similarity_checks(
    node: Node, candidates: list[list[Evidence]], language: str, thresholds: GapThresholds
) -> list[RequirementCheck]:
    """A point is evidenced when its best passage scores at least the calibrated threshold."""
    checks = []
    for requirement, passages in zip(node.requirements, candidates, strict=True):
        best = passages[0] if passages else None
        shown = best if best is not None and best.score >= thresholds.evidenced else None
        checks.append(RequirementCheck.judged(requirement.get(language), shown))
    return checks


_NEXT_STEP = {
    "en": "Prepare or collect: {items}.",
    "nb": "Utarbeid eller samle: {items}.",
    "nl": "Stel op of verzamel: {items}.",
    "vi": "Chuẩn bị hoặc thu thập: {items}.",
    "sv": "Ta fram eller samla: {items}.",
}


def _next_step(node: Node, status: str, language: str) -> str:
    if status == "covered" or not node.evidence:
        return ""
    items = ", ".join(item.get(language) for item in node.evidence[:3])
    return _NEXT_STEP[language].format(items=items)


def run_gap_analysis(
    store: Store,
    embedder: Embedder,
    catalogue: Catalogue,
    *,
    standard: str,
    language: str,
    collections: list[str],
    clauses: list[str] | None = None,
    depth: int = 2,
    excluded: set[str] = frozenset(),  # type: ignore[assignment]
    thresholds: GapThresholds = DEFAULT_THRESHOLDS,
    progress: ProgressCallback | None = None,
    judge: Judge | None = None,
) -> Checklist:
    """The whole checklist for one standard, in one language, from the given collections."""
    nodes = select_clauses(catalogue, standard, clauses, depth)
    languages = record_languages(store, collections)
    found = find_evidence(store, embedder, nodes, collections, languages, progress)
    items = assess(nodes, found, language, thresholds, excluded, judge)
    documents = store.documents(collections)
    note = "" if documents else label("no_records", language)
    return Checklist(
        standard=standard,
        language=language,
        collections=collections,
        documents=len(documents),
        note=note,
        items=items,
    )
