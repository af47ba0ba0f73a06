"""Find clause references in everyday spellings and map them to catalogue ids.

"ISO 21001 punkt 8.5.5", "iso 9001 §7.5.3", "21001 8.5.5", "4 kap. 3 § skollagen",
"opplæringslova § 13-3 e", "KA1", "điều 34 thông tư 18" → ISO21001:8.5.5, ISO9001:7.5.3,
SE:Skollagen:4:3, NO:Opplaeringslova1998:13-3e, NL:Onderzoekskader2017:KA1,
VN:TT18-2018-BGDDT:34. Ids follow shared/facts/references.md.
"""

from __future__ import annotations

import re

_CLAUSE = r"(\d{1,2}(?:\.\d{1,2}){0,3})(?![\d.]*\d)"
_ISO_PREFIX = (
    r"(?:\b(?:NS-|SS-|NEN-|TCVN\s+)?(?:EN\s+)?ISO\s*[-/]?\s*|\b)(21001|9001)(?::\s?(?:19|20)\d\d)?"
)
_CLAUSE_WORD = (
    r"(?:punkt|pkt\.?|klausul|kapittel|kap\.?|clause|section|sect\.?|avsnitt|afsnit|paragraaf"
    r"|hoofdstuk|artikel|mục|điều\s+khoản|điều|khoản|§|cl\.?|nr\.?|no\.?)"
)
_ISO_CLAUSE = re.compile(
    _ISO_PREFIX + r"\s*(?:[,:–—-]\s*)?(?:" + _CLAUSE_WORD + r"\s*)?" + _CLAUSE,
    re.IGNORECASE,
)
_ID_FORM = re.compile(
    r"\b(ISO(?:21001|9001)):(\d{1,2}(?:\.\d{1,2}){0,3}|Annex[A-G])\b", re.IGNORECASE
)
_ANNEX = re.compile(
    _ISO_PREFIX + r"\s*,?\s*(?:annex|vedlegg|bijlage|phụ\s+lục|bilaga|tillegg)\s+([A-G])\b",
    re.IGNORECASE,
)
_ANNEX_FIRST = re.compile(
    r"\b(?:annex|vedlegg|bijlage|phụ\s+lục|bilaga|tillegg)\s+([A-G])\s+(?:(?:of|i|til|van|của|till)\s+)?"
    r"(?:ISO\s*)?(21001|9001)\b",
    re.IGNORECASE,
)
_BARE_CLAUSE = re.compile(
    r"(?:" + _CLAUSE_WORD + r")\s*" + r"(\d{1,2}\.\d{1,2}(?:\.\d{1,2}){0,2})(?![\d.]*\d)",
    re.IGNORECASE,
)
# Swedish law: "4 kap. 3 §", "kap. 4 § 3", "4 kap 8 §"; optionally "skollagen".
_SE_CHAPTER_FIRST = re.compile(r"\b(\d{1,2})\s*kap(?:\.|itlet)?\s*(\d{1,2})\s*§", re.IGNORECASE)
_SE_SECTION_LAST = re.compile(r"\bkap(?:\.|itel)?\s*(\d{1,2})\s*§\s*(\d{1,2})\b", re.IGNORECASE)
# Norwegian acts.
_NO_OPPL = re.compile(
    r"(?:opplæringslov(?:a|en)?|oppl\.?\s*l\.?)\s*(?:\(\d{4}\)\s*)?§?\s*(\d{1,2})\s*-\s*(\d{1,2})\s*([a-h])?\b",
    re.IGNORECASE,
)
_NO_SECTION = re.compile(r"§\s*(13)\s*-\s*(3)\s*([a-h])\b", re.IGNORECASE)
_NO_KOMMUNE = re.compile(r"kommunelov(?:a|en)?\s*§?\s*25\s*-\s*1\b", re.IGNORECASE)
_NS_ISO = re.compile(r"\bNS[\s-]*ISO\s*21001\b", re.IGNORECASE)
# Dutch inspectorate standards.
_NL = re.compile(r"\b(S|B)?(KA)\s?([1-3])\b")
_NL_AREA = re.compile(r"\b(SKA|BKA)\b")
# Vietnamese legal documents (with or without diacritics).
_VN_TT18 = re.compile(
    r"\b(?:thông\s*tư|thong\s*tu|circular|tt)\s*(?:số\s*)?18\s*(?:/\s*2018)?(?:\s*/\s*tt\s*-\s*bgd[đd]t)?",
    re.IGNORECASE,
)
_VN_ARTICLE = re.compile(r"(?:điều|dieu|article|art\.)\s*(\d{1,3})", re.IGNORECASE)
_VN_QD19 = re.compile(
    r"(?:quyết\s*định|quyet\s*dinh|decision|qđ|qd)\s*(?:số\s*)?19\s*/\s*2014", re.IGNORECASE
)
_TCVN = re.compile(r"\bTCVN\s*ISO\s*21001(?::\s?2019)?", re.IGNORECASE)


def _iso(number: str, clause: str) -> str:
    return f"ISO{number}:{clause}"


def find_references(text: str, default_standard: str | None = None) -> list[str]:
    """Every reference in `text` as a catalogue-style id, in order of first appearance.

    `default_standard` ("ISO21001" or "ISO9001") gives bare clause numbers ("§ 8.2.1",
    "punkt 7.1.2") a standard; without it they are ignored.
    """
    found: list[tuple[int, str]] = []
    spans: list[tuple[int, int]] = []
    for match in _ID_FORM.finditer(text):
        spans.append(match.span())
        standard, clause = match.group(1).upper(), match.group(2)
        clause = "Annex" + clause[-1].upper() if clause.lower().startswith("annex") else clause
        found.append((match.start(), f"{standard}:{clause}"))
    for match in _ISO_CLAUSE.finditer(text):
        spans.append(match.span())
        found.append((match.start(), _iso(match.group(1), match.group(2))))
    for match in _ANNEX.finditer(text):
        found.append((match.start(), f"ISO{match.group(1)}:Annex{match.group(2).upper()}"))
    for match in _ANNEX_FIRST.finditer(text):
        found.append((match.start(), f"ISO{match.group(2)}:Annex{match.group(1).upper()}"))
    if default_standard:
        for match in _BARE_CLAUSE.finditer(text):
            number_at = match.start(1)
            if not any(start <= number_at < end for start, end in spans):
                found.append((match.start(), f"{default_standard}:{match.group(1)}"))
    for match in _SE_CHAPTER_FIRST.finditer(text):
        found.append((match.start(), f"SE:Skollagen:{match.group(1)}:{match.group(2)}"))
    for match in _SE_SECTION_LAST.finditer(text):
        found.append((match.start(), f"SE:Skollagen:{match.group(1)}:{match.group(2)}"))
    for match in _NO_OPPL.finditer(text):
        chapter, section, letter = match.group(1), match.group(2), (match.group(3) or "").lower()
        if chapter == "13":
            found.append((match.start(), f"NO:Opplaeringslova1998:{chapter}-{section}{letter}"))
        else:
            found.append((match.start(), f"NO:Opplaeringslova2023:{chapter}"))
    for match in _NO_SECTION.finditer(text):
        found.append((match.start(), f"NO:Opplaeringslova1998:13-3{match.group(3).lower()}"))
    for match in _NO_KOMMUNE.finditer(text):
        found.append((match.start(), "NO:Kommunelova2018:25-1"))
    for match in _NS_ISO.finditer(text):
        found.append((match.start(), "NO:NS-ISO21001"))
    for match in _NL.finditer(text):
        prefix = match.group(1)
        number = match.group(3)
        if prefix is None:
            found.append((match.start(), f"NL:Onderzoekskader2017:KA{number}"))
        else:
            found.append((match.start(), f"NL:Onderzoekskader2021:{prefix}KA{number}"))
    for match in _NL_AREA.finditer(text):
        found.append((match.start(), f"NL:Onderzoekskader2021:{match.group(1)}"))
    for match in _VN_TT18.finditer(text):
        window = text[max(0, match.start() - 25) : match.end() + 25]
        article = _VN_ARTICLE.search(window)
        suffix = f":{article.group(1)}" if article else ""
        found.append((match.start(), f"VN:TT18-2018-BGDDT{suffix}"))
    for match in _VN_QD19.finditer(text):
        found.append((match.start(), "VN:QD19-2014-TTg"))
    for match in _TCVN.finditer(text):
        found.append((match.start(), "VN:TCVN-ISO21001:2019"))
    ordered: list[str] = []
    for _, reference in sorted(found, key=lambda item: item[0]):
        if reference not in ordered:
            ordered.append(reference)
    # "ISO 21001:2018" names an edition, not clause 2018; "ISO 21001 8" is clause 8.
    return [
        ref for ref in ordered if not re.search(r":(?:19|20)\d\d$", ref) or ref.startswith("VN:")
    ]


def dominant_standard(text: str) -> str | None:
    """The ISO standard a text is about, when it names exactly one of 21001 and 9001."""
    mentions = set(re.findall(r"(?:ISO\s*)(21001|9001)", text, re.IGNORECASE))
    return f"ISO{mentions.pop()}" if len(mentions) == 1 else None
