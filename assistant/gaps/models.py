"""Plain data of a gap-analysis checklist."""

from __future__ import annotations

from collections import Counter
from typing import Literal

from pydantic import BaseModel, Field

ClauseStatus = Literal["covered", "partial", "missing", "not_applicable"]
STATUSES: tuple[ClauseStatus, ...] = ("covered", "partial", "missing", "not_applicable")


class Evidence(BaseModel):
    document: str
    source_path: str
    collection: str
    page: int | None
    snippet: str
    score: float
    language: str
    # The longer passage a judge reads; never exported (snippets are what the checklist shows).
    context: str = Field(default="", exclude=True)
    # The passage's section headings: a heading names a topic, it is no evidence of it.
    headings: list[str] = Field(default_factory=list, exclude=True)


class RequirementCheck(BaseModel):
    text: str
    status: Literal["evidenced", "not_evidenced"]
    evidence: list[Evidence]
    # Sentences in which the records themselves say the point is not in place.
    stated_absent: list[Evidence] = []

    @classmethod
    def judged(cls, text: str, passage: Evidence | None) -> RequirementCheck:
        """Evidenced exactly when a passage is shown for it."""
        if passage is None:
            return cls(text=text, status="not_evidenced", evidence=[])
        return cls(text=text, status="evidenced", evidence=[passage])


class ChecklistItem(BaseModel):
    id: str
    title: str
    status: ClauseStatus
    requirements: list[RequirementCheck]
    evidence: list[Evidence]
    missing: str
    next_step: str
    # Sentences saying the clause's subject is not in place; shown in Markdown, and in JSON
    # through `missing` (the item keys there are fixed).
    stated_absent: list[Evidence] = Field(default_factory=list, exclude=True)


class Checklist(BaseModel):
    standard: str
    language: str
    collections: list[str]
    documents: int
    note: str
    items: list[ChecklistItem]

    def summary(self) -> dict:
        """Counts by status, overall and per clause group (the clause's first number)."""
        overall = Counter(item.status for item in self.items)
        groups: dict[str, Counter] = {}
        for item in self.items:
            group = item.id.split(":", 1)[1].split(".")[0]
            groups.setdefault(group, Counter())[item.status] += 1
        return {
            "by_status": {status: overall.get(status, 0) for status in STATUSES},
            "by_group": {
                group: {status: counts.get(status, 0) for status in STATUSES}
                for group, counts in groups.items()
            },
            "documents": self.documents,
        }

    def to_json(self) -> dict:
        payload = self.model_dump()
        payload["summary"] = self.summary()
        for item in payload["items"]:
            item["evidence"] = [
                {key: e[key] for key in ("document", "page", "snippet", "score")}
                for e in item["evidence"]
            ]
        return payload
