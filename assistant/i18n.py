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
    "no_records": {"en": "No records were loaded: every clause is missing until documents are ingested into the selected collections.", "nb": "Ingen dokumenter er lastet inn: alle punkter står som mangler til dokumenter er lagt inn i de valgte samlingene.", "nl": "Er zijn geen documenten geladen: elke paragraaf ontbreekt totdat documenten in de gekozen collecties zijn ingelezen.", "vi": "Chưa có hồ sơ nào được nạp: mọi điều khoản đều bị đánh giá là thiếu cho đến khi tài liệu được đưa vào các bộ sưu tập đã chọn.", "sv": "Inga dokument har lästs in: alla punkter saknas tills dokument har lästs in i de valda samlingarna."},
    "covered": {"en": "covered", "nb": "dekket", "nl": "aanwezig", "vi": "đáp ứng", "sv": "uppfyllt"},
    "partial": {"en": "partial", "nb": "delvis", "nl": "gedeeltelijk", "vi": "đáp ứng một phần", "sv": "delvis"},
    "missing": {"en": "missing", "nb": "mangler", "nl": "ontbreekt", "vi": "chưa đáp ứng", "sv": "saknas"},
    "not_applicable": {"en": "not applicable", "nb": "ikke relevant", "nl": "niet van toepassing", "vi": "không áp dụng", "sv": "ej tillämpligt"},
    "clause": {"en": "Clause", "nb": "Punkt", "nl": "Paragraaf", "vi": "Điều khoản", "sv": "Punkt"},
    "title": {"en": "Title", "nb": "Tittel", "nl": "Titel", "vi": "Tiêu đề", "sv": "Rubrik"},
    "status": {"en": "Status", "nb": "Status", "nl": "Status", "vi": "Trạng thái", "sv": "Status"},
    "document": {"en": "Document", "nb": "Dokument", "nl": "Document", "vi": "Tài liệu", "sv": "Dokument"},
    "snippet": {"en": "Excerpt", "nb": "Utdrag", "nl": "Fragment", "vi": "Trích đoạn", "sv": "Utdrag"},
    "score": {"en": "Score", "nb": "Treff", "nl": "Score", "vi": "Điểm", "sv": "Poäng"},
    "what_is_missing": {"en": "What is missing", "nb": "Hva som mangler", "nl": "Wat ontbreekt", "vi": "Còn thiếu", "sv": "Vad som saknas"},
    "records_say": {"en": "The records say", "nb": "Dokumentene sier", "nl": "De documenten zeggen", "vi": "Hồ sơ ghi", "sv": "Dokumenten säger"},
    "next_step": {"en": "Next step", "nb": "Neste steg", "nl": "Volgende stap", "vi": "Bước tiếp theo", "sv": "Nästa steg"},
    "checklist": {"en": "Checklist", "nb": "Sjekkliste", "nl": "Checklist", "vi": "Danh mục kiểm tra", "sv": "Checklista"},
    "summary": {"en": "Summary", "nb": "Sammendrag", "nl": "Samenvatting", "vi": "Tóm tắt", "sv": "Sammanfattning"},
    "gap_analysis": {"en": "Gap analysis", "nb": "Gapanalyse", "nl": "Gap-analyse", "vi": "Phân tích khoảng cách", "sv": "Gapanalys"},
    "total": {"en": "Total", "nb": "Totalt", "nl": "Totaal", "vi": "Tổng", "sv": "Totalt"},
    "group": {"en": "Clause group", "nb": "Hovedpunkt", "nl": "Hoofdstuk", "vi": "Nhóm điều khoản", "sv": "Huvudpunkt"},
}  # fmt: skip


def label(key: str, language: str) -> str:
    """The word for `key` in `language` (English when the language is not one of ours)."""
    words = LABELS[key]
    return words.get(language, words["en"])
