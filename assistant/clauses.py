"""One catalogue node as the CLI, the API and the bots show it."""

from __future__ import annotations

from ingest.catalogue import Catalogue, Node


def clause_view(node: Node, language: str, catalogue: Catalogue) -> dict:
    """What `clausewise clause` and GET /v1/clauses show: the node in one language."""

    def title_of(node_id: str) -> str | None:
        other = catalogue.nodes.get(node_id)
        return other.title.get(language) if other else None

    return {
        "id": node.id,
        "language": language,
        "title": node.title.get(language),
        "parent": node.parent,
        "certainty": node.certainty,
        "summary": node.summary.get(language),
        "requirements": [item.get(language) for item in node.requirements],
        "evidence": [item.get(language) for item in node.evidence],
        "related": [
            {
                "id": rel.id,
                "title": title_of(rel.id),
                "relationship": rel.relationship,
                "note": rel.note.get(language),
            }
            for rel in node.related
        ],  # fmt: skip
        "children": [
            {"id": child, "title": title_of(child)} for child in catalogue.children.get(node.id, [])
        ],
    }
