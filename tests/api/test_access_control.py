"""A key without `records` never receives a records snippet, title or id, by any endpoint.

A records document carries a unique canary string (in its title and text); every response
body a standards-only key can get is searched for it. The full key does see it, so the
search could fail.
"""

from __future__ import annotations

import io
import zipfile

import pytest

from tests.api.conftest import FULL_KEY, KEYS, STANDARDS_KEY

CANARY = "KANARI-d41f93c0"
RECORD = (
    f"# {CANARY} klagerutine\n\n{CANARY}: klager fra elever og foresatte registreres i "
    "klageloggen samme dag. Rektor undersøker saken og gir skriftlig svar innen tre uker. "
    "Internrevisjon og ledelsens gjennomgang følger opp tiltakene.\n"
)
# The canary is never in a request: answers echo the question, 404s echo the reference.
QUESTIONS = [
    "klagerutine klager fra elever og foresatte registreres i klageloggen samme dag",
    "Hva krever ISO 21001 om klagebehandling?",
    "klageloggen rektor skriftlig svar innen tre uker",
    "ISO 21001 8.2.1",
    "internrevisjon",
]


def _bodies(response) -> str:
    """Everything a client receives: the body, and the text inside an XLSX download."""
    body = response.content
    if body[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(body)) as package:
            return " ".join(package.read(n).decode("utf-8", "replace") for n in package.namelist())
    return body.decode("utf-8", "replace") + " ".join(response.headers.values())


@pytest.fixture
def keyed(standin_app):
    with standin_app(keys=KEYS) as client:
        upload = client.post(
            "/v1/documents",
            files=[("files", ("klagerutine.md", RECORD.encode(), "text/markdown"))],
            data={"collection": "records"},
            headers={"Authorization": f"Bearer {FULL_KEY}"},
        )
        assert upload.status_code == 200 and upload.json()["documents_added"] == 1
        yield client


def test_the_full_key_sees_the_canary(keyed):
    """Positive control: the records document is retrievable and listed for its readers."""
    full = {"Authorization": f"Bearer {FULL_KEY}"}
    asked = keyed.post("/v1/ask", json={"question": f"{CANARY} {QUESTIONS[0]}"}, headers=full)
    assert any(CANARY in source["snippet"] for source in asked.json()["sources"])
    assert CANARY in keyed.get("/v1/documents", headers=full).text


def test_a_standards_only_key_never_receives_a_records_snippet(keyed):
    """ask, gap (every format), documents, clauses, delete: no canary in any response."""
    public = {"Authorization": f"Bearer {STANDARDS_KEY}"}
    full = {"Authorization": f"Bearer {FULL_KEY}"}
    record_id = keyed.get("/v1/documents", headers=full).json()[0]["id"]
    responses = []
    for question in QUESTIONS:
        for collections in (None, ["records"], ["records", "standards"], ["standards"], []):
            body = {"question": question}
            if collections is not None:
                body["collections"] = collections
            responses.append(keyed.post("/v1/ask", json=body, headers=public))
    for collections in (None, ["records"], ["standards", "records"], ["standards"]):
        for fmt in ("json", "md", "csv", "xlsx"):
            body = {"clauses": ["8.2", "10"], "format": fmt}
            if collections is not None:
                body["collections"] = collections
            responses.append(keyed.post("/v1/gap", json=body, headers=public))
    responses += [
        keyed.get("/v1/documents", headers=public),
        keyed.get("/v1/documents", params={"collection": "records"}, headers=public),
        keyed.get("/v1/clauses/ISO21001:8.2.1", headers=public),
        keyed.get(f"/v1/clauses/{record_id}", headers=public),
        keyed.delete(f"/v1/documents/{record_id}", headers=public),
        keyed.post(
            "/v1/documents",
            files=[("files", ("x.md", b"# x\n\ny", "text/markdown"))],
            data={"collection": "records"},
            headers=public,
        ),
    ]
    # Asked with the canary itself: nothing but the echoed question may carry it.
    echoed = keyed.post("/v1/ask", json={"question": f"{CANARY} {QUESTIONS[0]}"}, headers=public)
    assert echoed.status_code == 200
    assert CANARY not in str({k: v for k, v in echoed.json().items() if k != "question"})
    assert all(r.status_code < 500 for r in responses)
    assert any(r.status_code == 200 for r in responses)  # it did answer, just without records
    leaks = [r.request.url for r in responses if CANARY in _bodies(r)]
    assert leaks == []
    # The delete was refused as "not found": the document is still there for its owner.
    assert keyed.get("/v1/documents", headers=full).json()[0]["id"] == record_id


def test_records_requests_from_a_standards_key_are_refused_not_widened(keyed):
    """Asking only for records is 403 (not silently answered from elsewhere)."""
    public = {"Authorization": f"Bearer {STANDARDS_KEY}"}
    ask = keyed.post(
        "/v1/ask", json={"question": "klager", "collections": ["records"]}, headers=public
    )
    gap = keyed.post("/v1/gap", json={"clauses": ["10"]}, headers=public)
    assert ask.status_code == 403 and gap.status_code == 403
    assert keyed.post("/v1/ask", json={"question": "klager"}).status_code == 401
    wrong = {"Authorization": f"Bearer {STANDARDS_KEY}x"}
    assert keyed.get("/v1/documents", headers=wrong).status_code == 401
