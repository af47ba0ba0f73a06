"""The shipped catalogue is complete, consistent and in all five languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from ingest.catalogue import LANGUAGES, Catalogue, CatalogueFile, corpus_dir

FACTS = Path(__file__).resolve().parents[3] / "shared" / "facts" / "standards.md"
# Numbered paragraphs without titles, fourth-level numbers, and "10.4" (an OCR misreading of
# 10.1 that the facts file mentions): not catalogue nodes.
NOT_NODES = {"4.4.1", "4.4.2", "6.1.1", "6.1.2", "6.2.1", "6.2.2", "8.7.1", "8.7.2", "9.2.1",
             "9.2.2", "7.1.5.1", "7.1.5.2", "7.1.6.1", "7.1.6.2", "8.3.4.4", "10.4"}  # fmt: skip


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return Catalogue.load()


def _facts_clauses(section: str) -> set[str]:
    """Clause numbers named in one section of shared/facts/standards.md (ranges expanded)."""
    text = FACTS.read_text(encoding="utf-8")
    body = text.split(section, 1)[1].split("\n## ", 1)[0]
    numbers: set[str] = set()
    for first, last in re.findall(
        r"\b(\d{1,2}(?:\.\d{1,2}){1,2})[–-](\d{1,2}(?:\.\d{1,2}){1,2})\b", body
    ):
        head = first.rsplit(".", 1)[0]
        for tail in range(int(first.rsplit(".", 1)[1]), int(last.rsplit(".", 1)[1]) + 1):
            numbers.add(f"{head}.{tail}")
    numbers |= set(re.findall(r"(?<![\d.:])(\d{1,2}(?:\.\d{1,2}){0,2})(?![\d.]*\d)", body))
    return {n for n in numbers if n not in NOT_NODES and 4 <= int(n.split(".")[0]) <= 10}


def test_catalogue_has_no_structural_problems(catalogue):
    """No dangling parent or related id, no duplicate id, levels below their parents."""
    assert catalogue.problems() == []


@pytest.mark.parametrize(
    ("standard", "section"),
    [("ISO21001", "## 1. ISO 21001:2018"), ("ISO9001", "## 2. ISO 9001:2015")],
)
def test_every_clause_of_the_facts_file_is_catalogued(catalogue, standard, section):
    """Each clause the facts file lists for ISO 21001 / ISO 9001 has a node."""
    if not FACTS.is_file():
        pytest.skip("shared/facts is not beside the checkout")
    clauses = _facts_clauses(section)
    assert len(clauses) > 40
    missing = sorted(c for c in clauses if f"{standard}:{c}" not in catalogue.nodes)
    assert missing == []


def test_size_and_coverage(catalogue):
    """At least 150 ISO nodes and 25 national-framework nodes, annexes included."""
    iso = [n for n in catalogue.nodes if n.startswith("ISO")]
    national = [n for n in catalogue.nodes if not n.startswith("ISO")]
    assert len(iso) >= 150 and len(national) >= 25
    assert {f"ISO21001:Annex{letter}" for letter in "ABCDEFG"} <= set(catalogue.nodes)
    assert {"SE:Skollagen:4:8", "NL:Onderzoekskader2017:KA1", "NO:Opplaeringslova1998:13-3e",
            "VN:TT18-2018-BGDDT:34", "VN:QD19-2014-TTg"} <= set(catalogue.nodes)  # fmt: skip


def test_assessable_nodes_have_requirements_and_evidence(catalogue):
    """An auditor can check every assessable node: ≥ 2 requirement points and ≥ 2 evidence items."""
    thin = [n.id for n in catalogue.nodes.values()
            if n.assessable and (len(n.requirements) < 2 or len(n.evidence) < 2)]  # fmt: skip
    assert thin == []


def test_summaries_are_specific_and_in_their_language(catalogue):
    """Summaries run 2–6 sentences, and Vietnamese ones carry Vietnamese diacritics."""
    for node in catalogue.nodes.values():
        for language in LANGUAGES:
            sentences = re.findall(r"[.!?](?:\s|$)", node.summary.get(language))
            assert 1 <= len(sentences) <= 8, (node.id, language)
        assert re.search(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệịọỏốồổỗộớờởỡợụủứừửữự]", node.summary.vi)


def test_same_number_different_subject_is_explained(catalogue):
    """21001 8.5.5 (learners' data) and 9001 8.5.5 (post-delivery) are linked as 'intersect'."""
    node = catalogue.nodes["ISO21001:8.5.5"]
    link = next(rel for rel in node.related if rel.id == "ISO9001:8.5.5")
    assert link.relationship == "intersect"
    assert all(link.note.get(language) for language in LANGUAGES)


def _first_node_file(tmp_path: Path) -> dict:
    source = sorted(corpus_dir().glob("iso21001.yaml"))[0]
    return yaml.safe_load(source.read_text(encoding="utf-8"))


def test_schema_rejects_a_missing_language(tmp_path):
    """A node without its Swedish summary does not validate."""
    data = _first_node_file(tmp_path)
    del data["nodes"][0]["summary"]["sv"]
    with pytest.raises(ValidationError, match="sv"):
        CatalogueFile.model_validate(data)


def test_schema_rejects_an_empty_summary(tmp_path):
    """A blank summary is an error, not a silent gap."""
    data = _first_node_file(tmp_path)
    data["nodes"][0]["summary"]["nb"] = "   "
    with pytest.raises(ValidationError, match="empty"):
        CatalogueFile.model_validate(data)


def test_dangling_and_duplicate_ids_are_reported(tmp_path):
    """Validation names a dangling parent, a dangling related id and a duplicate id."""
    data = _first_node_file(tmp_path)
    nodes = data["nodes"]
    nodes[1]["parent"] = "ISO21001:99"
    nodes[2]["related"] = [{"id": "ISO9001:77.7", "relationship": "equal",
                            "note": {lang: "x" for lang in LANGUAGES}}]  # fmt: skip
    nodes.append(dict(nodes[3]))
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "iso21001.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True), encoding="utf-8"
    )
    problems = "\n".join(Catalogue.load(folder).problems())
    assert "parent ISO21001:99 does not exist" in problems
    assert "related id ISO9001:77.7 does not exist" in problems
    assert f"duplicate id {nodes[3]['id']}" in problems


@pytest.mark.parametrize(
    ("spelling", "expected"),
    [
        ("ISO21001:8.5.5", "ISO21001:8.5.5"),
        ("21001 8.5.5", "ISO21001:8.5.5"),
        ("iso 9001 §7.5.3", "ISO9001:7.5.3"),
        ("4 kap. 3 § skollagen", "SE:Skollagen:4:3"),
        ("ISO 21001:2018 section 8.3.4.4", "ISO21001:8.3.4"),
        ("iso21001:annexb", "ISO21001:AnnexB"),
        ("KA1", "NL:Onderzoekskader2017:KA1"),
    ],
)
def test_everyday_spellings_resolve(catalogue, spelling, expected):
    """Lookup accepts the ways people write references."""
    assert catalogue.resolve(spelling).id == expected


def test_unknown_clause_is_not_guessed_but_suggested(catalogue):
    """8.5.9 does not exist: no node, and the suggestions are its real neighbours."""
    assert catalogue.resolve("ISO21001:8.5.9") is None
    suggestions = catalogue.suggestions("ISO21001:8.5.9")
    assert suggestions and all(s.startswith("ISO21001:8.5") for s in suggestions)
