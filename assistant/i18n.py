"""Fixed interface words in our five languages (answers, clause views, checklists)."""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "requirements": {"en": "Requirements", "nb": "Krav", "nl": "Eisen", "vi": "Yêu cầu", "sv": "Krav"},
    "evidence": {"en": "Evidence", "nb": "Dokumentasjon", "nl": "Bewijs", "vi": "Bằng chứng", "sv": "Underlag"},
    "related": {"en": "Related", "nb": "Relaterte punkter", "nl": "Gerelateerd", "vi": "Điều khoản liên quan", "sv": "Relaterade punkter"},
    "children": {"en": "Sub-clauses", "nb": "Underpunkter", "nl": "Subparagrafen", "vi": "Điều khoản con", "sv": "Underpunkter"},
    "unverified": {"en": "numbering unverified", "nb": "nummerering ikke verifisert", "nl": "nummering niet geverifieerd", "vi": "số hiệu chưa được xác minh", "sv": "numrering ej verifierad"},
    "references": {"en": "References", "nb": "Referanser", "nl": "Verwijzingen", "vi": "Tham chiếu", "sv": "Referenser"},
    "sources": {"en": "Sources in your documents", "nb": "Kilder i dokumentene deres", "nl": "Bronnen in uw documenten", "vi": "Nguồn trong tài liệu của bạn", "sv": "Källor i era dokument"},
    "page": {"en": "page", "nb": "side", "nl": "pagina", "vi": "trang", "sv": "sida"},
    "equal": {"en": "equivalent", "nb": "tilsvarende", "nl": "gelijkwaardig", "vi": "tương đương", "sv": "motsvarande"},
    "subset": {"en": "narrower", "nb": "smalere", "nl": "beperkter", "vi": "hẹp hơn", "sv": "snävare"},
    "superset": {"en": "broader", "nb": "bredere", "nl": "breder", "vi": "rộng hơn", "sv": "bredare"},
    "intersect": {"en": "overlapping", "nb": "overlappende", "nl": "overlappend", "vi": "giao nhau", "sv": "överlappande"},
}  # fmt: skip


def label(key: str, language: str) -> str:
    """The word for `key` in `language` (English when the language is not one of ours)."""
    words = LABELS[key]
    return words.get(language, words["en"])
