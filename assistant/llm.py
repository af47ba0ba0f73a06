"""Optional rewriting of an answer by an OpenAI-compatible chat endpoint.

The model sees only the passages the extractive answer rests on and must cite their ids in
square brackets. A reply that cites an id outside those passages, cites nothing, or does not
arrive in time is discarded: the extractive answer stands.
"""

from __future__ import annotations

import logging
import re

import httpx

from assistant.answer import Answer
from assistant.settings import Settings
from ingest.catalogue import Catalogue, node_passage

log = logging.getLogger("clausewise.llm")
_CITATION = re.compile(r"\[([A-Z]{2,3}[A-Za-z0-9]*:[A-Za-z0-9:.\-]+)\]")
_LANGUAGE_NAMES = {"en": "English", "nb": "Norwegian Bokmål", "nl": "Dutch",
                   "vi": "Vietnamese", "sv": "Swedish"}  # fmt: skip


def build_messages(answer: Answer, catalogue: Catalogue) -> list[dict[str, str]]:
    """The chat request: instructions, then the passages with their ids."""
    passages = [
        f"[{ref.id}]\n{node_passage(catalogue.nodes[ref.id], answer.language)}"
        for ref in answer.references
        if ref.id in catalogue.nodes
    ]
    language = _LANGUAGE_NAMES.get(answer.language, "English")
    system = (
        f"You answer questions about quality management in education. Answer in {language}, "
        "in at most 150 words, using ONLY the passages given. After every statement cite the "
        "id of the passage it rests on in square brackets, e.g. [ISO21001:9.2]. Never cite an "
        "id that is not given. If the passages do not answer the question, say so."
    )
    user = f"Question: {answer.question}\n\nPassages:\n\n" + "\n\n".join(passages)
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def citations_hold(text: str, allowed: set[str]) -> bool:
    """True when the text cites at least one id and only ids it was given."""
    cited = set(_CITATION.findall(text))
    return bool(cited) and cited <= allowed


def rewrite_answer(answer: Answer, catalogue: Catalogue, settings: Settings) -> Answer:
    """The LLM's rewrite when its citations hold; otherwise the extractive answer unchanged."""
    if not settings.llm_url or not answer.found or not answer.references:
        return answer
    headers = {"Authorization": f"Bearer {settings.llm_api_key}"} if settings.llm_api_key else {}
    body = {
        "model": settings.llm_model,
        "messages": build_messages(answer, catalogue),
        "temperature": 0,
    }
    url = settings.llm_url.rstrip("/") + "/chat/completions"
    try:
        response = httpx.post(url, json=body, headers=headers, timeout=settings.llm_timeout)
        response.raise_for_status()
        text = response.json()["choices"][0]["message"]["content"].strip()
    except (httpx.HTTPError, KeyError, IndexError, TypeError, ValueError) as exc:
        log.warning("LLM rewrite skipped (%s): using the extractive answer", exc.__class__.__name__)
        return answer
    allowed = {reference.id for reference in answer.references}
    if not citations_hold(text, allowed):
        log.warning("LLM rewrite cited ids outside the passages: using the extractive answer")
        return answer
    return answer.model_copy(update={"answer": text, "key_points": []})
