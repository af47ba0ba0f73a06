"""Grounded, extractive answers: a lead sentence and key points in the question's language,
each resting on a catalogue node or a passage that retrieval returned. Never an invented clause:
every id cited comes from the catalogue, and "not found" is a valid answer."""

from __future__ import annotations

import re

from pydantic import BaseModel

from assistant.i18n import label
from assistant.retrieval import RetrievalResult
from ingest.catalogue import Catalogue, Node

# Below this cosine the best catalogue match is not trusted. Calibrated on the gold sets:
# 0.86 keeps 94% of answerable questions and turns away 86% of unanswerable ones.
FOUND_THRESHOLD = 0.86
# ...unless a glossary concept in the question points at the best node (or the question names
# a law or clause group it lies in): then this raw similarity suffices.
FOUND_WITH_GLOSSARY = 0.84
# Nodes this close to the best one are cited too.
CITE_MARGIN = 0.025
SOURCE_THRESHOLD = 0.80
SNIPPET_CHARS = 280

_LEAD = {
    "en": "{title} ({id}) covers this. {summary}",
    "nb": "Dette dekkes av {id} «{title}». {summary}",
    "nl": "Dit valt onder {id} ‘{title}’. {summary}",
    "vi": "Nội dung này thuộc {id} “{title}”. {summary}",
    "sv": "Detta omfattas av {id} ”{title}”. {summary}",
}
_DIFFERENCE_LEAD = {
    "en": "{id} ({title}) compared with its counterparts:",
    "nb": "{id} «{title}» sammenlignet med tilsvarende punkter:",
    "nl": "{id} ‘{title}’ vergeleken met de tegenhangers:",
    "vi": "{id} “{title}” so với các điều khoản tương ứng:",
    "sv": "{id} ”{title}” jämfört med motsvarande punkter:",
}
_NOT_FOUND = {
    "en": "I could not find this in the standards, frameworks or documents I know. "
    "Try naming the clause, or rephrase the question.",
    "nb": "Jeg fant ikke dette i standardene, rammeverkene eller dokumentene jeg kjenner. "
    "Prøv å nevne punktet, eller formuler spørsmålet på en annen måte.",
    "nl": "Ik heb dit niet gevonden in de normen, kaders of documenten die ik ken. "
    "Noem de paragraaf of formuleer de vraag anders.",
    "vi": "Tôi không tìm thấy nội dung này trong các tiêu chuẩn, khung quy định hoặc tài liệu "
    "mà tôi biết. Hãy nêu điều khoản cụ thể hoặc diễn đạt lại câu hỏi.",
    "sv": "Jag hittade inte detta i de standarder, ramverk eller dokument jag känner till. "
    "Ange punkten eller formulera om frågan.",
}
_DIFFERENCE = re.compile(
    r"\b(?:vs\.?|versus|differ\w*|difference|compared?|forskjell\w*|skill?nad\w*|verschil\w*"
    r"|vergelijk\w*|khác\w*|so sánh|so sanh|khac)\b",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_ISO_NUMBER = re.compile(r"\bISO\s*/?\s*(?:IEC\s*)?(\d{3,5})\b", re.IGNORECASE)
KNOWN_STANDARDS = frozenset({"21001", "9001"})


def names_unknown_standard(question: str) -> bool:
    """True when the question is about an ISO standard the catalogue does not hold (27001…)."""
    numbers = {match.group(1) for match in _ISO_NUMBER.finditer(question)}
    return bool(numbers) and not numbers & KNOWN_STANDARDS


class Reference(BaseModel):
    id: str
    title: str
    score: float


class Source(BaseModel):
    collection: str
    document: str
    page: int | None
    snippet: str
    language: str
    references: list[str]


class Answer(BaseModel):
    """The answer every face (CLI, API, Slack, Teams) renders."""

    question: str
    language: str
    found: bool
    answer: str
    key_points: list[str]
    references: list[Reference]
    sources: list[Source]

    def public_json(self) -> dict:
        """The wire shape of `ask --json` and POST /v1/ask: key points folded into `answer`."""
        payload = self.model_dump(exclude={"key_points"})
        payload["answer"] = "\n".join([self.answer, *(f"- {point}" for point in self.key_points)])
        return payload


def make_snippet(text: str, limit: int = SNIPPET_CHARS) -> str:
    """Text on one line, cut at a word boundary to at most `limit` characters."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[: limit - 1].rsplit(" ", 1)[0] + "…"


def is_difference_question(question: str) -> bool:
    both = "21001" in question and "9001" in question
    return both or bool(_DIFFERENCE.search(question))


def _first_sentences(text: str, count: int) -> str:
    return " ".join(_SENTENCE.split(text)[:count])


def _cited_nodes(retrieval: RetrievalResult, catalogue: Catalogue) -> list[tuple[Node, float]]:
    if not retrieval.nodes:
        return []
    if retrieval.explicit:
        chosen = [hit for hit in retrieval.nodes if hit.via == "explicit"]
    else:
        best = retrieval.nodes[0].score
        chosen = [hit for hit in retrieval.nodes if hit.score >= best - CITE_MARGIN][:4]
    return [(catalogue.nodes[hit.node_id], hit.score) for hit in chosen]


def _difference_points(node: Node, catalogue: Catalogue, language: str) -> list[str]:
    points = []
    for relation in node.related:
        other = catalogue.nodes.get(relation.id)
        if other is None:
            continue
        kind = label(relation.relationship, language)
        points.append(
            f"{relation.id} {other.title.get(language)} ({kind}): {relation.note.get(language)}"
        )
    return points[:5]


def _sources(retrieval: RetrievalResult) -> list[Source]:
    sources = []
    for hit in retrieval.passages:
        if hit.score < SOURCE_THRESHOLD:
            continue
        chunk = hit.chunk
        snippet = make_snippet(chunk.text)
        sources.append(
            Source(
                collection=chunk.collection,
                document=chunk.title or chunk.source_path,
                page=chunk.page,
                snippet=snippet,
                language=chunk.language,
                references=list(chunk.clause_refs),
            )
        )
    return sources


def compose_answer(
    question: str, language: str, retrieval: RetrievalResult, catalogue: Catalogue
) -> Answer:
    """Build the extractive answer; says "not found" when nothing scores well enough."""
    cited = _cited_nodes(retrieval, catalogue)
    top = retrieval.nodes[0] if retrieval.nodes else None
    in_domain = top is not None and (top.glossary or retrieval.scoped)
    bar = FOUND_WITH_GLOSSARY if in_domain else FOUND_THRESHOLD
    # The raw similarity decides: ranking nudges must not turn an off-topic question into a hit.
    found = bool(cited) and (
        bool(retrieval.explicit) or (top is not None and top.similarity >= bar)
    )
    found = found and not names_unknown_standard(question)
    sources = _sources(retrieval)
    if not found:
        return Answer(
            question=question,
            language=language,
            found=False,
            answer=_NOT_FOUND[language],
            key_points=[],
            references=[],
            sources=sources,
        )
    main, _ = cited[0]
    title = main.title.get(language)
    key_points: list[str] = []
    if is_difference_question(question) and main.related:
        lead = _DIFFERENCE_LEAD[language].format(id=main.id, title=title)
        key_points = _difference_points(main, catalogue, language)
    else:
        summary = _first_sentences(main.summary.get(language), 2)
        lead = _LEAD[language].format(id=main.id, title=title, summary=summary)
        key_points = [f"{item.get(language)} [{main.id}]" for item in main.requirements[:3]]
        for other, _score in cited[1:3]:
            first = _first_sentences(other.summary.get(language), 1)
            key_points.append(f"{other.title.get(language)}: {first} [{other.id}]")
        if len(key_points) < 2:
            key_points += [f"{item.get(language)} [{main.id}]" for item in main.evidence[:2]]
    references = [
        Reference(id=node.id, title=node.title.get(language), score=round(score, 4))
        for node, score in cited
    ]
    cited_ids = {node.id for node, _ in cited}
    for hit in retrieval.nodes:
        if hit.node_id not in cited_ids and len(references) < 5:
            node = catalogue.nodes[hit.node_id]
            references.append(
                Reference(id=node.id, title=node.title.get(language), score=round(hit.score, 4))
            )
    return Answer(
        question=question,
        language=language,
        found=True,
        answer=lead,
        key_points=key_points[:5],
        references=references,
        sources=sources,
    )
