"""Reranking by catalogue structure: the standard the question names, and specificity.

- A question that names ISO 21001 (or ISO 9001) but not the other wants that standard's
  clauses; near-identical twins from the other standard drop behind.
- A question that names neither is about education first: ISO 21001 wins a tie with its 9001 twin.
- Whole-clause headings (level 1, e.g. "ISO21001:8") summarise many sub-clauses; a specific
  sub-clause that scores about as well is the better answer.
"""

from __future__ import annotations

import re

from ingest.catalogue import Catalogue

NAMED_STANDARD_BONUS = 0.02
EDUCATION_FIRST_BONUS = 0.01
HEADING_PENALTY = 0.01

_NAMES = {"ISO21001": re.compile(r"21001"), "ISO9001": re.compile(r"(?<!2)9001")}


def named_standards(question: str) -> set[str]:
    return {standard for standard, pattern in _NAMES.items() if pattern.search(question)}


def structural_adjustment(
    node_id: str, question_standards: set[str], catalogue: Catalogue
) -> float:
    """The amount to add to a node's dense score."""
    node = catalogue.nodes[node_id]
    adjustment = 0.0
    standard = node_id.split(":", 1)[0]
    if len(question_standards) == 1 and standard in question_standards:
        adjustment += NAMED_STANDARD_BONUS
    elif not question_standards and standard == "ISO21001":
        adjustment += EDUCATION_FIRST_BONUS
    if node.level == 1 and catalogue.children.get(node_id):
        adjustment -= HEADING_PENALTY
    return adjustment
