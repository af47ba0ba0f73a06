"""The optional LLM judge of requirement points, against a local server speaking the OpenAI
chat-completions wire format (tests/fake_llm.py) through the same httpx client the product
uses. Quotes must be found in the cited passage; anything else leaves the similarity result."""

from __future__ import annotations

import json

import pytest

from assistant.gaps.analysis import DEFAULT_THRESHOLDS, assess
from assistant.gaps.judge import llm_judge, read_verdicts
from assistant.gaps.models import Evidence
from assistant.settings import load_settings
from ingest.catalogue import Catalogue
from tests.fake_llm import FakeLLM

CLAUSE = "ISO21001:9.2"
PAPER_ONLY = (
    "Internrevisjon: gruppen har skrevet en rutine for internrevisjon, men ingen revisjon er "
    "gjennomført i år og det finnes ingen revisjonsplan."
)
PRACTISED = (
    "The audit programme 2026 covers every school; audits in March and May were carried out by "
    "trained auditors from another site, and the reports went to the principals."
)


@pytest.fixture(scope="module")
def node():
    return Catalogue.load().nodes[CLAUSE]


def _evidence(context: str, score: float) -> Evidence:
    return Evidence(document="audit.md", source_path="/r/audit.md", collection="records",
                    page=None, snippet=context[:200], score=score, language="en",
                    context=context)  # fmt: skip


def _candidates(node, score: float = 0.95):
    passages = [_evidence(PRACTISED, score), _evidence(PAPER_ONLY, score - 0.01)]
    return [passages for _ in node.requirements]


@pytest.fixture
def llm():
    server = FakeLLM()
    yield server
    server.close()


def _judged(llm, node, reply: dict | str, status: int = 200):
    llm.reply = reply if isinstance(reply, str) else json.dumps(reply)
    llm.status = status
    settings = load_settings(llm_url=llm.url, llm_model="judge", llm_api_key="sk-local",
                             llm_timeout=2)  # fmt: skip
    [item] = assess([node], {(node.id, i): c for i, c in enumerate(_candidates(node))}, "nb",
                    DEFAULT_THRESHOLDS, judge=llm_judge(settings))  # fmt: skip
    return item


def test_the_judge_decides_with_quotes_from_the_passages(llm, node):
    """Every point quoted from the practised passage: covered, with that passage shown; the
    request carries the points, the passages and the key."""
    points = [{"point": n, "evidenced": True, "passage": "P1", "quote": "audits in March and May"}
              for n in range(1, len(node.requirements) + 1)]  # fmt: skip
    item = _judged(llm, node, {"points": points})
    assert item.status == "covered"
    assert [e.snippet for e in item.evidence] == [PRACTISED[:200]]
    [request] = llm.requests
    assert request["auth"] == "Bearer sk-local" and request["body"]["model"] == "judge"
    prompt = request["body"]["messages"][1]["content"]
    assert node.requirements[0].get("en") in prompt and "[P2]" in prompt and PAPER_ONLY in prompt


def test_paper_only_evidence_is_missing_although_similarity_would_say_covered(llm, node):
    """The judge reads 'no audit has been carried out': the clause is missing, not covered."""
    points = [{"point": n, "evidenced": False} for n in range(1, len(node.requirements) + 1)]
    item = _judged(llm, node, {"points": points})
    assert item.status == "missing" and item.evidence == []
    assert all(check.status == "not_evidenced" for check in item.requirements)


@pytest.mark.parametrize(
    "entry",
    [
        {"evidenced": True, "passage": "P1", "quote": "audits were never carried out at all"},
        {"evidenced": True, "passage": "P9", "quote": "audits in March and May"},
        {"evidenced": True, "passage": "P1", "quote": "March"},  # too short to mean anything
        {"evidenced": True, "quote": "audits in March and May"},
    ],
    ids=["invented-quote", "unknown-passage", "short-quote", "no-passage"],
)
def test_an_unsupported_verdict_does_not_count(node, entry):
    passages = [_evidence(PRACTISED, 0.9)]
    checks = read_verdicts(json.dumps({"points": [{"point": 1, **entry}]}), node, passages, "en")
    assert checks is not None and checks[0].status == "not_evidenced"


def test_fenced_json_is_read_and_prose_is_refused(node):
    passages = [_evidence(PRACTISED, 0.9)]
    fenced = '```json\n{"points": [{"point": 1, "evidenced": true, "passage": "P1", ' \
             '"quote": "Audits  in march and MAY"}]}\n```'  # fmt: skip
    assert read_verdicts(fenced, node, passages, "en")[0].status == "evidenced"
    assert read_verdicts("Point 1 is evidenced.", node, passages, "en") is None


@pytest.mark.parametrize(("reply", "status"), [("not json", 200), ("{}", 500)])
def test_a_failed_judge_leaves_the_similarity_result(llm, node, reply, status):
    """Malformed replies and server errors fall back to the calibrated thresholds."""
    item = _judged(llm, node, reply, status)
    assert item.status == "covered"  # every point's best passage scores 0.95 ≥ the threshold
    assert item.evidence


@pytest.mark.parametrize("enabled", [True, False])
def test_the_service_uses_the_judge_only_when_configured(tmp_path, llm, hashing_embedder, enabled):
    """Clausewise.gap sends each clause with passages to the endpoint when llm_url is set and
    gap_llm_judge is on; off, the endpoint is never called."""
    from assistant.indexer import ingest_paths
    from assistant.service import Clausewise
    from ingest.pipeline import ChunkingOptions

    records = tmp_path / "records"
    records.mkdir()
    (records / "audit.md").write_text(f"# Internal audit\n\n{PRACTISED}\n", encoding="utf-8")
    llm.reply = json.dumps({"points": []})
    settings = load_settings(home=tmp_path / "home", llm_url=llm.url, gap_llm_judge=enabled)
    with Clausewise(settings, embedder=hashing_embedder) as assistant:
        ingest_paths(assistant.store, hashing_embedder, [records], "records", ChunkingOptions())
        checklist = assistant.gap("ISO21001", clauses=["9.2"], language="sv")
    [item] = checklist.items
    if enabled:
        assert [r["body"]["model"] for r in llm.requests] == [settings.llm_model]
        assert item.status == "missing"  # the judge found no point in place
    else:
        assert llm.requests == []
