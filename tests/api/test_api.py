"""The HTTP API end to end (FastAPI TestClient over the real model and indexed catalogue)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from assistant.api import create_app
from assistant.service import Clausewise
from assistant.settings import load_settings

pytestmark = pytest.mark.model
RECORD = (
    "# Rutine for klagebehandling\n\nKlager fra elever og foresatte registreres i klageloggen "
    "samme dag. Rektor undersøker saken og gir skriftlig svar innen tre uker.\n"
)


def _client(settings, embedder) -> TestClient:
    return TestClient(create_app(settings, Clausewise(settings, embedder=embedder)))


@pytest.fixture
def client(indexed_settings, real_embedder):
    with _client(indexed_settings, real_embedder) as test_client:
        yield test_client


@pytest.fixture
def keyed(indexed_settings, real_embedder, monkeypatch):
    """A server with two keys: one sees everything, one only the public catalogue."""
    monkeypatch.setenv(
        "CLAUSEWISE_API_KEYS",
        '{"full-key": ["standards", "frameworks", "records"], "public-key": ["standards", "frameworks"]}',
    )
    with _client(load_settings(), real_embedder) as test_client:
        yield test_client


def test_health_and_readiness(client):
    """/healthz answers at once; /readyz once the catalogue is indexed."""
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").status_code == 200


def test_ask_returns_the_cli_json_shape_in_norwegian(client):
    """POST /v1/ask answers the README question in Norwegian with complaints clauses."""
    response = client.post("/v1/ask", json={"question": "Hva krever ISO 21001 om klagebehandling?"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"question", "language", "found", "answer", "references", "sources"}
    assert body["language"] == "nb" and body["found"]
    assert {"ISO21001:10.1", "ISO21001:9.1.2", "ISO21001:8.5.1"} & {
        r["id"] for r in body["references"]
    }


@pytest.mark.parametrize(
    "payload",
    [
        {"question": ""},
        {"question": "x", "language": "de"},
        {"nothing": 1},
        {"question": "a" * 3000},
    ],
)
def test_bad_ask_input_is_422_never_500(client, payload):
    """Validation errors are 422 with a message."""
    response = client.post("/v1/ask", json=payload)
    assert response.status_code == 422 and response.json()["detail"]


def test_clause_lookup_and_unknown_clause(client):
    """GET /v1/clauses/{id} in a language; an unknown id is 404 with suggestions."""
    response = client.get("/v1/clauses/ISO21001:8.5.5", params={"lang": "vi"})
    assert response.status_code == 200
    assert response.json()["title"] == "Bảo vệ và minh bạch dữ liệu của người học"
    missing = client.get("/v1/clauses/ISO21001:8.5.9")
    assert missing.status_code == 404 and "ISO21001:8.5.5" in missing.json()["suggestions"]


def test_upload_list_and_delete_documents(client):
    """Upload → same report as the CLI; listed; deleted; traversal names are flattened."""
    files = [("files", ("../../etc/klagerutine.md", RECORD.encode(), "text/markdown"))]
    response = client.post("/v1/documents", files=files, data={"collection": "records"})
    assert response.status_code == 200, response.text
    assert response.json()["documents_added"] == 1
    listed = client.get("/v1/documents").json()
    assert [d["collection"] for d in listed] == ["records"]
    assert listed[0]["title"] == "Rutine for klagebehandling"
    again = client.post("/v1/documents", files=files, data={"collection": "records"}).json()
    assert again["documents_unchanged"] == 1
    assert client.delete(f"/v1/documents/{listed[0]['id']}").status_code == 204
    assert client.get("/v1/documents").json() == []
    assert client.delete(f"/v1/documents/{listed[0]['id']}").status_code == 404


def test_upload_limits(client, indexed_settings):
    """Oversized uploads are 413; the catalogue's collections cannot be written to."""
    big = b"a" * int(indexed_settings.max_upload_mb * 1024 * 1024 + 10)
    response = client.post("/v1/documents", files=[("files", ("big.txt", big, "text/plain"))])
    assert response.status_code == 413
    reserved = client.post("/v1/documents", files=[("files", ("a.md", b"# A\n\nText.", "text/markdown"))],
                           data={"collection": "standards"})  # fmt: skip
    assert reserved.status_code == 422


def test_api_keys_and_collections(keyed):
    """No key → 401; a catalogue-only key never receives records, nor may it upload them."""
    assert keyed.post("/v1/ask", json={"question": "internrevisjon"}).status_code == 401
    full = {"Authorization": "Bearer full-key"}
    public = {"Authorization": "Bearer public-key"}
    files = [("files", ("klagerutine.md", RECORD.encode(), "text/markdown"))]
    assert keyed.post("/v1/documents", files=files, headers=full).status_code == 200
    assert keyed.post("/v1/documents", files=files, headers=public).status_code == 403
    question = {"question": "Hva krever ISO 21001 om klagebehandling?"}
    with_records = keyed.post("/v1/ask", json=question, headers=full).json()
    without = keyed.post("/v1/ask", json=question, headers=public).json()
    assert any(s["collection"] == "records" for s in with_records["sources"])
    assert without["sources"] == []
    assert keyed.get("/v1/documents", headers=public).json() == []
    assert keyed.get("/openapi.json").status_code == 200


def test_gap_endpoint_returns_json_or_the_file(client):
    """POST /v1/gap: JSON by default; md/csv/xlsx as a download with type and file name."""
    files = [("files", ("klagerutine.md", RECORD.encode(), "text/markdown"))]
    assert client.post("/v1/documents", files=files).status_code == 200
    response = client.post(
        "/v1/gap", json={"standard": "ISO21001", "clauses": ["9"], "language": "nl"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["language"] == "nl" and [i["id"] for i in body["items"]][:1] == ["ISO21001:9.1"]
    xlsx = client.post("/v1/gap", json={"clauses": ["10"], "format": "xlsx", "language": "sv"})
    assert xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert 'filename="gap-iso21001-sv.xlsx"' in xlsx.headers["content-disposition"]
    assert xlsx.content[:2] == b"PK"
    csv_file = client.post("/v1/gap", json={"clauses": ["10"], "format": "csv"})
    assert csv_file.content.startswith(b"\xef\xbb\xbf")
    assert client.post("/v1/gap", json={"standard": "ISO27001"}).status_code == 422
