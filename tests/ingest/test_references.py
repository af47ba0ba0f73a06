"""Clause references: everyday spellings in five languages map to catalogue ids."""

from __future__ import annotations

import pytest

from ingest.references import dominant_standard, find_references


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ISO standards, as people write them
        ("ISO 21001 punkt 8.5.5", ["ISO21001:8.5.5"]),
        ("iso 9001 §7.5.3", ["ISO9001:7.5.3"]),
        ("21001 8.5.5", ["ISO21001:8.5.5"]),
        ("ISO21001:8.5.5", ["ISO21001:8.5.5"]),
        ("ISO 21001:2018 punkt 8.5.5", ["ISO21001:8.5.5"]),
        ("SS-EN ISO 21001 avsnitt 4.4", ["ISO21001:4.4"]),
        ("ISO 21001, 9.2", ["ISO21001:9.2"]),
        ("ISO 21001 kapittel 10", ["ISO21001:10"]),
        ("Se ISO 21001 punkt 7.1.2.", ["ISO21001:7.1.2"]),
        ("ISO 21001 Annex B", ["ISO21001:AnnexB"]),
        ("vedlegg C til ISO 21001", ["ISO21001:AnnexC"]),
        ("NS-ISO 21001", ["NO:NS-ISO21001"]),
        # Swedish school law
        ("4 kap. 3 § skollagen", ["SE:Skollagen:4:3"]),
        ("kap. 4 § 3", ["SE:Skollagen:4:3"]),
        ("enligt 4 kap 8 §", ["SE:Skollagen:4:8"]),
        # Norwegian acts
        ("opplæringslova § 13-3 e", ["NO:Opplaeringslova1998:13-3e"]),
        ("Opplæringslova § 17-10", ["NO:Opplaeringslova2023:17"]),
        ("kommunelova § 25-1", ["NO:Kommunelova2018:25-1"]),
        # Dutch inspectorate
        ("KA1", ["NL:Onderzoekskader2017:KA1"]),
        ("standaard KA 3", ["NL:Onderzoekskader2017:KA3"]),
        ("SKA2", ["NL:Onderzoekskader2021:SKA2"]),
        ("BKA1 en SKA", ["NL:Onderzoekskader2021:BKA1", "NL:Onderzoekskader2021:SKA"]),
        # Vietnamese legal documents
        ("điều 34 thông tư 18", ["VN:TT18-2018-BGDDT:34"]),
        ("theo Điều 34 của Thông tư số 18/2018/TT-BGDĐT", ["VN:TT18-2018-BGDDT:34"]),
        ("dieu 34 thong tu 18", ["VN:TT18-2018-BGDDT:34"]),
        ("Quyết định 19/2014", ["VN:QD19-2014-TTg"]),
        ("TCVN ISO 21001:2019", ["VN:TCVN-ISO21001:2019"]),
    ],
)
def test_everyday_spelling_maps_to_catalogue_id(text: str, expected: list[str]) -> None:
    """Each everyday way of citing a clause, act or standard gives the catalogue id."""
    assert find_references(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "ISO 9001:2015 và ISO 21001:2018",
        "ISO 21001 2018",
        "Under 2019 var 9001 elever inskrivna.",
        "ISO 21001 8.5.5.1.2",
        "KA4",
    ],
)
def test_editions_years_and_out_of_range_numbers_are_not_clauses(text: str) -> None:
    """Edition years, head counts and numbers outside the id schemes give no reference."""
    assert find_references(text) == []


def test_several_references_come_in_order_of_appearance_without_duplicates() -> None:
    """References are listed once each, in the order the text mentions them."""
    text = (
        "Jf. 4 kap. 3 § skollagen, ISO 9001 punkt 7.5.3 og ISO 21001 punkt 8.5.5 (ISO21001:8.5.5)."
    )
    assert find_references(text) == ["SE:Skollagen:4:3", "ISO9001:7.5.3", "ISO21001:8.5.5"]


def test_bare_clause_numbers_need_a_default_standard() -> None:
    """ "§ 8.2.1" alone is ignored, and read as a clause of default_standard when one is given."""
    assert find_references("Se § 8.2.1 og punkt 7.1.2.") == []
    assert find_references("Se § 8.2.1 og punkt 7.1.2.", default_standard="ISO21001") == [
        "ISO21001:8.2.1",
        "ISO21001:7.1.2",
    ]


def test_explicit_reference_is_not_doubled_by_the_default_standard() -> None:
    """ "ISO 9001 punkt 7.5.3" stays ISO 9001 even when the default standard is ISO 21001."""
    assert find_references("ISO 9001 punkt 7.5.3", default_standard="ISO21001") == ["ISO9001:7.5.3"]


def test_second_bare_clause_after_an_explicit_reference_is_found() -> None:
    """ "ISO 21001 punkt 9.2 og punkt 10.2" names two clauses of ISO 21001."""
    found = find_references("ISO 21001 punkt 9.2 og punkt 10.2", default_standard="ISO21001")
    assert found == ["ISO21001:9.2", "ISO21001:10.2"]


def test_swedish_att_followed_by_a_number_is_not_a_vietnamese_circular() -> None:
    """ "att 18 av 20 elever" in a Swedish sentence is no reference."""
    assert find_references("Målet är att 18 av 20 elever ska nå kunskapskraven.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ISO 21001 bygger på ISO-standarden for ledelse. Se iso 21001.", "ISO21001"),
        ("Kvalitetsstyring etter ISO 9001.", "ISO9001"),
        ("ISO 9001 og ISO 21001 brukes sammen.", None),
        ("Ingen standard nevnt her.", None),
    ],
)
def test_dominant_standard_only_when_one_is_named(text: str, expected: str | None) -> None:
    """The dominant standard is the one of 21001/9001 a text names, or None for both or neither."""
    assert dominant_standard(text) == expected
