"""Upload guards (content sniffing → 415, file names that try to escape → flattened) and the
per-key rate limit (429 with Retry-After)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.api.ratelimit import RateLimiter
from benchmarks.hardening.hostile import valid_docx, valid_pdf
from tests.api.conftest import FULL_KEY, KEYS, STANDARDS_KEY

MARKDOWN = b"# Klager\n\nRektor svarer skriftlig innen tre uker.\n"


BAD_CONTENT = [
    ("photo.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "a PNG image"),
    ("plan.docx", valid_pdf(), "a PDF document, not a .docx"),
    ("report.pdf", valid_docx(), "a Word document, not a .pdf"),
    ("notes.txt", b"\x7fELF\x02\x01\x01" + b"\x00" * 64, "a program"),
    ("notes.md", b"abc\x00\x01\x02" * 50, "binary data"),
    ("sheet.xlsx", b"PK\x03\x04", "'.xlsx' files are not supported"),
    ("noext", MARKDOWN, "'no extension' files are not supported"),
]


def test_content_that_is_not_what_we_read_is_415_with_a_reason(standin_app, settings):
    """Sniffed before anything is stored: nothing lands in the uploads folder."""
    with standin_app() as client:
        for name, content, words in BAD_CONTENT:
            files = [("files", (name, content, "application/octet-stream"))]
            response = client.post("/v1/documents", files=files)
            assert response.status_code == 415, (name, response.text)
            assert words in response.json()["detail"], name
        stored = settings.home / "uploads" / "records"
        assert not stored.exists() or not any(stored.iterdir())


def test_real_documents_of_every_type_pass_the_sniffer(standin_app):
    with standin_app() as client:
        files = [
            ("files", ("a.pdf", valid_pdf(), "application/pdf")),
            ("files", ("b.docx", valid_docx(), "application/octet-stream")),
            ("files", ("c.md", MARKDOWN, "text/markdown")),
            ("files", ("d.html", b"<html><body><main><h1>Klager</h1><p>" + MARKDOWN * 3 + b"</p></main></body></html>", "text/html")),
            ("files", ("e.txt", valid_pdf(), "text/plain")),  # a PDF saved as .txt is read as one
        ]  # fmt: skip
        response = client.post("/v1/documents", files=files)
        assert response.status_code == 200, response.text
        assert response.json()["documents_added"] == 5, response.json()


HOSTILE_NAMES = ["../../evil.md", "..\\..\\evil.md", "/etc/evil.md", "....//evil.md",
                 "sub/../../evil.md", "C:\\Windows\\evil.md", "%2e%2e%2fevil.md"]  # fmt: skip


def test_file_names_cannot_escape_the_uploads_folder(standin_app, settings, tmp_path):
    """Whatever the name says, the file is stored flat in uploads/<collection>/."""
    uploads = settings.home / "uploads" / "records"
    with standin_app() as client:
        for number, name in enumerate(HOSTILE_NAMES):
            content = MARKDOWN + f"Variant {number}.".encode()
            response = client.post(
                "/v1/documents", files=[("files", (name, content, "text/markdown"))]
            )
            assert response.status_code == 200, (name, response.text)
            assert response.json()["files"] == 1, name
            stored = sorted(path.name for path in uploads.iterdir())
            assert all(stored_name.endswith("evil.md") for stored_name in stored), stored
    escaped = [p for p in tmp_path.rglob("*evil.md") if p.parent != uploads]
    assert escaped == [] and not Path("/etc/evil.md").exists()


def test_a_name_of_only_dots_is_refused(standin_app):
    with standin_app() as client:
        response = client.post("/v1/documents", files=[("files", ("..", MARKDOWN, "text/plain"))])
        assert response.status_code == 422


def test_each_key_has_its_own_rate_limit_with_retry_after(standin_app):
    """Over the limit: 429 and Retry-After; another key and the health checks are unaffected."""
    with standin_app(keys=KEYS, rate_limit_per_minute=3) as client:
        full = {"Authorization": f"Bearer {FULL_KEY}"}
        codes = [client.get("/v1/documents", headers=full).status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        limited = client.get("/v1/documents", headers=full)
        assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1
        other = client.get("/v1/documents", headers={"Authorization": f"Bearer {STANDARDS_KEY}"})
        assert other.status_code == 200
        assert client.get("/healthz").status_code == 200


def test_token_bucket_refills_at_the_configured_rate():
    now = [0.0]
    limiter = RateLimiter(per_minute=60, burst=2, clock=lambda: now[0])
    assert [limiter.acquire("k") for _ in range(2)] == [0.0, 0.0]
    assert limiter.acquire("k") == pytest.approx(1.0)
    now[0] = 1.0
    assert limiter.acquire("k") == 0.0 and limiter.acquire("k") > 0
    assert RateLimiter(per_minute=0).acquire("k") == 0.0  # 0 = off
