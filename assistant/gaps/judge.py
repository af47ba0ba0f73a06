"""Optional judging of requirement points by an OpenAI-compatible chat endpoint.

Similarity finds the passages; it cannot tell a procedure that is practised from one that
"exists only on paper". With an LLM configured, the model reads each clause's requirement
points and the passages found for them and says which points are in place, quoting its
passage. A point counts as evidenced only when the quote is really in the cited passage;
a reply that is late, malformed or not JSON leaves the clause to the similarity thresholds.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable

import httpx

from assistant.gaps.models import Evidence, RequirementCheck
from assistant.settings import Settings
from ingest.catalogue import Node

log = logging.getLogger("clausewise.gaps.judge")
MAX_PASSAGES = 8
MIN_QUOTE_CHARS = 12
_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$")

# (node, candidate passages per requirement point, checklist language) → checks, or None
Judge = Callable[[Node, list[list[Evidence]], str], list[RequirementCheck] | None]


def _normalised(text: str) -> str:
    return " ".join(text.split()).casefold()


def _passages(candidates: list[list[Evidence]]) -> list[Evidence]:
    """The distinct passages found for any point, best first, at most MAX_PASSAGES."""
    seen: dict[str, Evidence] = {}
    for evidence in sorted((e for group in candidates for e in group), key=lambda e: -e.score):
        seen.setdefault(evidence.context or evidence.snippet, evidence)
    return list(seen.values())[:MAX_PASSAGES]


def build_messages(node: Node, passages: list[Evidence]) -> list[dict[str, str]]:
    """Instructions, the clause's requirement points (English) and the numbered passages."""
    system = (
        "You are a strict lead auditor for management systems in education. For each numbered "
        "requirement point, decide whether the passages show it is in place in substance: "
        "implemented, practised, or decided with owners and dates. A point that is only planned, "
        "said to be missing, excluded, or merely mentioned is NOT evidenced. Reply with JSON "
        'only: {"points": [{"point": 1, "evidenced": true, "passage": "P2", "quote": "..."}]} '
        "with one entry per point. For an evidenced point, give the id of one passage and a "
        "quote copied exactly from it. Passages may be in any language."
    )
    points = "\n".join(
        f"{number}. {item.get('en')}" for number, item in enumerate(node.requirements, start=1)
    )
    listed = "\n\n".join(
        f"[P{number}] ({evidence.document}"
        + (f", page {evidence.page}" if evidence.page is not None else "")
        + f")\n{evidence.context or evidence.snippet}"
        for number, evidence in enumerate(passages, start=1)
    )
    user = (
        f"Clause {node.id} {node.title.get('en')}\n\nRequirement points:\n{points}\n\n"
        f"Passages:\n\n{listed}"
    )
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def read_verdicts(
    reply: str, node: Node, passages: list[Evidence], language: str
) -> list[RequirementCheck] | None:
    """The checks a reply supports: a point is evidenced only with a quote found in its passage."""
    try:
        payload = json.loads(_FENCE.sub("", reply.strip()))
        entries = payload["points"]
        if not isinstance(entries, list):
            return None
    except (ValueError, KeyError, TypeError):
        return None
    by_point: dict[int, dict] = {}
    for entry in entries:
        if isinstance(entry, dict) and isinstance(entry.get("point"), int):
            by_point[entry["point"]] = entry
    checks = []
    for number, item in enumerate(node.requirements, start=1):
        entry = by_point.get(number, {})
        cited = str(entry.get("passage", "")).strip("[] ")
        index = int(cited[1:]) - 1 if re.fullmatch(r"P\d+", cited) else -1
        quote = _normalised(str(entry.get("quote", "")))
        passage = passages[index] if 0 <= index < len(passages) else None
        holds = (
            entry.get("evidenced") is True
            and passage is not None
            and len(quote) >= MIN_QUOTE_CHARS
            and quote in _normalised(passage.context or passage.snippet)
        )
        checks.append(RequirementCheck.judged(item.get(language), passage if holds else None))
    return checks


def llm_judge(settings: Settings) -> Judge:
    """A judge that asks the configured endpoint, one request per clause."""
    url = settings.llm_url.rstrip("/") + "/chat/completions" if settings.llm_url else ""
    key = settings.llm_api_key
    headers = {"Authorization": f"Bearer {key}"} if key else {}

    def judge(
        node: Node, candidates: list[list[Evidence]], language: str
    ) -> list[RequirementCheck] | None:
        passages = _passages(candidates)
        if not passages:
            return None  # nothing to read: the similarity result (missing) stands
        body = {"model": settings.llm_model, "temperature": 0,
                "messages": build_messages(node, passages)}  # fmt: skip
        try:
            response = httpx.post(url, json=body, headers=headers, timeout=settings.llm_timeout)
            response.raise_for_status()
            reply = response.json()["choices"][0]["message"]["content"]
        except (httpx.HTTPError, KeyError, IndexError, TypeError, ValueError) as exc:
            log.warning("gap judge skipped for %s (%s)", node.id, exc.__class__.__name__)
            return None
        checks = read_verdicts(str(reply), node, passages, language)
        if checks is None:
            log.warning("gap judge reply for %s was not the JSON asked for", node.id)
        return checks

    return judge
