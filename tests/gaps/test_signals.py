"""Evidence signals: phrase matching per language, denials, and the signal files themselves."""

from __future__ import annotations

import pytest

from assistant.gaps.analysis import GapThresholds, assess, select_clauses
from assistant.gaps.export import to_markdown
from assistant.gaps.models import Checklist, Evidence
from assistant.gaps.signals import Cues, PointSignals, SignalMatcher, load_matcher
from ingest.catalogue import LANGUAGES, Catalogue

AUDIT = PointSignals(
    point=1,
    en=["audit programme", "internal audit"],
    nb=["revisjonsprogram", "internrevisjon"],
    nl=["auditprogramma"],
    vi=["chương trình đánh giá nội bộ"],
    sv=["revisionsprogram"],
)


@pytest.fixture(scope="module")
def matcher() -> SignalMatcher:
    return SignalMatcher({"ISO21001:9.2": [AUDIT]}, load_matcher().cues)


def _found(matcher: SignalMatcher, text: str, language: str) -> list[tuple[bool, str]]:
    return [(hit.affirmative, hit.part) for hit in matcher.find("ISO21001:9.2", 1, text, language)]


def test_inflections_compounds_and_word_order_match(matcher):
    """Stems and compounds: 'programmes', 'revisjonsprogrammet', 'internrevisjonen'."""
    assert _found(matcher, "Two audit programmes were approved in May.", "en")[0][0]
    assert _found(matcher, "Revisjonsprogrammet for 2026 ble vedtatt.", "nb")[0][0]
    assert _found(matcher, "Internrevisjonen ble gjennomført i mars.", "nb")[0][0]
    assert _found(matcher, "The programme of every internal audit is set in June.", "en")
    assert not _found(matcher, "The audit of the accounts is done by the bank.", "en")


def test_vietnamese_matches_with_and_without_diacritics(matcher):
    assert _found(matcher, "Nhà trường ban hành chương trình đánh giá nội bộ hằng năm.", "vi")
    assert _found(matcher, "Nha truong ban hanh chuong trinh danh gia noi bo hang nam.", "vi")
    assert not _found(matcher, "Chương trình học được đánh giá cuối năm.", "vi")


def test_a_denial_never_counts_but_a_contrast_starts_a_new_part(matcher):
    """'No audit was held' denies; '…, but the audit programme was approved' still counts."""
    hits = _found(
        matcher,
        "No internal audit was held in 2026, but the audit programme for 2027 was approved.",
        "en",
    )
    assert hits == [
        (False, "No internal audit was held in 2026"),
        (True, "the audit programme for 2027 was approved."),
    ]
    assert _found(matcher, "Det ble ikke gjennomført noen internrevisjon.", "nb") == [
        (False, "Det ble ikke gjennomført noen internrevisjon.")
    ]
    assert _found(matcher, "Ett revisionsprogram planeras till nästa år.", "sv")[0][0] is False


def test_rules_phrased_with_a_negation_are_not_denials(matcher):
    """'must not', 'no later than', 'không quá' describe an arrangement, not an absence."""
    rule = "The audit programme must not skip a process and is set no later than June."
    assert _found(matcher, rule, "en") == [(True, rule)]
    assert matcher.denies("Báo cáo gửi không quá 5 ngày.", "vi") is False
    assert matcher.denies("Mọi sự không phù hợp được ghi vào sổ.", "vi") is False
    assert matcher.denies("Nhà trường chưa có sổ theo dõi.", "vi") is True


def test_signal_files_cover_every_point_of_every_iso21001_clause_in_all_languages():
    """Each second-level ISO 21001 clause has signals for exactly its requirement points."""
    catalogue = Catalogue.load()
    signals = load_matcher().signals
    for node in select_clauses(catalogue, "ISO21001"):
        points = sorted(entry.point for entry in signals[node.id])
        assert points == list(range(1, len(node.requirements) + 1)), node.id
        for entry in signals[node.id]:
            assert all(entry.phrases(language) for language in LANGUAGES)
    assert set(signals) <= set(catalogue.nodes)


def _passage(text: str, language: str, score: float) -> Evidence:
    return Evidence(document="Management review", source_path="review.md", collection="records",
                    page=None, snippet=text[:50], context=text, score=score, language=language)  # fmt: skip


def test_assess_uses_signals_quotes_denials_and_needs_topical_passages(matcher):
    """Evidenced only by affirmative signal sentences in a passage on topic; one sentence alone
    is a passing mention; the same text below the topical bar evidences nothing."""
    catalogue = Catalogue.load()
    node = catalogue.nodes["ISO21001:9.2"]
    points = len(node.requirements)
    text = "The audit programme covers all processes. Each internal audit has criteria and a scope."
    candidates = {(node.id, 0): [_passage(text, "en", 0.88)]}
    thresholds = GapThresholds(topical=0.85, signal_share=0.5, min_sentences=2)
    [item] = assess([node], candidates, "en", thresholds, signals=matcher)
    assert [check.status for check in item.requirements] == ["evidenced"] + ["not_evidenced"] * (
        points - 1
    )
    assert [e.snippet for e in item.requirements[0].evidence] == [
        "The audit programme covers all processes.",
        "Each internal audit has criteria and a scope.",
    ]
    assert item.status == "partial"
    strict = GapThresholds(topical=0.9, signal_share=0.5, min_sentences=2)
    [off_topic] = assess([node], candidates, "en", strict, signals=matcher)
    assert off_topic.status == "missing" and not off_topic.evidence
    lone = {(node.id, 0): [_passage("The audit programme covers all processes.", "en", 0.88)]}
    [mention] = assess([node], lone, "en", thresholds, signals=matcher)
    assert mention.status == "missing" and not mention.requirements[0].evidence


def test_a_stated_absence_is_quoted_in_what_is_missing():
    signals = SignalMatcher(
        {"ISO21001:9.2": [AUDIT.model_copy(update={"point": 2})]}, load_matcher().cues
    )
    catalogue = Catalogue.load()
    node = catalogue.nodes["ISO21001:9.2"]
    denial = "No internal audit has been carried out this year."
    candidates = {(node.id, 1): [_passage(denial, "en", 0.88)]}
    [item] = assess([node], candidates, "en", GapThresholds(topical=0.85), signals=signals)
    assert item.status == "missing"
    assert item.requirements[1].stated_absent[0].snippet == denial
    assert f"«{denial}» — Management review" in item.missing
    checklist = Checklist(standard="ISO21001", language="en", collections=["records"],
                          documents=1, note="", items=[item])  # fmt: skip
    assert f"  - The records say: «{denial}» (_Management review_)" in to_markdown(checklist)


def test_cues_file_has_every_language():
    cues: Cues = load_matcher().cues
    for table in (cues.absence, cues.not_yet, cues.normative):
        assert set(table) == set(LANGUAGES)


def test_a_heading_names_a_topic_but_is_no_evidence(matcher):
    """'Internal audit programme' as a section heading does not evidence the point."""
    catalogue = Catalogue.load()
    node = catalogue.nodes["ISO21001:9.2"]
    text = "4. Internal audit programme\nThe audit programme covers every process each year."
    passage = _passage(text, "en", 0.88).model_copy(
        update={"headings": ["Audit handbook", "4. Internal audit programme"]}
    )
    thresholds = GapThresholds(topical=0.85, min_sentences=1)
    [item] = assess([node], {(node.id, 0): [passage]}, "en", thresholds, signals=matcher)
    assert [e.snippet for e in item.requirements[0].evidence] == [
        "The audit programme covers every process each year."
    ]


def test_a_table_rows_status_cell_speaks_for_the_row(matcher):
    """'On hold' in a status column denies the row; 'not met' in a result column does not
    deny a row that sits apart from the matched words."""
    on_hold = "| Restart the audit programme (all processes) | Director | On hold |"
    assert [affirmative for affirmative, _ in _found(matcher, on_hold, "en")] == [False]
    result = "| Audit programme: all processes (2026) | Quality coordinator | target: not met |"
    assert [affirmative for affirmative, _ in _found(matcher, result, "en")] == [True]


def test_every_clause_has_topics_and_a_stated_absence_is_found_in_each_language():
    """The records' own 'no internal audit' is found in all five languages; good news about
    something else ('no complaints were received') is not quoted as a missing audit."""
    real = load_matcher()
    catalogue = Catalogue.load()
    assert {node.id for node in select_clauses(catalogue, "ISO21001")} == set(real.topics)
    absences = {
        "en": "No internal audits have been carried out this year.",
        "nb": "Det er ikke gjennomført noen internrevisjon i år.",
        "nl": "Er hebben dit jaar geen interne audits plaatsgevonden.",
        "vi": "Năm nay nhà trường chưa tổ chức đánh giá nội bộ.",
        "sv": "Ingen internrevision har genomförts i år.",
    }
    for language, sentence in absences.items():
        assert [hit.sentence for hit in real.stated_absent("ISO21001:9.2", sentence, language)] == [
            sentence
        ], language
    assert not real.stated_absent("ISO21001:9.2", "No complaints were received in May.", "en")
