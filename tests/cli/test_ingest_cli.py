"""`clausewise ingest/documents/remove/status` as a user runs them, with the real model."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from assistant.cli import app

pytestmark = pytest.mark.model
runner = CliRunner()


def _run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_seeds_ingest_then_nothing_to_do(settings, real_model_path, seeds):
    """Seeds: 5 documents with the right languages; a second run: 5 unchanged, 0 chunks."""
    first = _run("ingest", str(seeds), "--collection", "guidance", "--json")
    assert first.exit_code == 0, first.output
    report = json.loads(first.stdout)
    assert report["files"] == 5 and report["documents_added"] == 5 and report["failed"] == []
    assert report["chunks_added"] > 5
    listed = json.loads(_run("documents", "--json").stdout)
    languages = {doc["source_path"].rsplit("/", 1)[-1][:3]: doc["language"] for doc in listed}
    assert languages == {"000": "nb", "001": "nl", "002": "vi", "003": "sv", "004": "sv"}
    second = json.loads(_run("ingest", str(seeds), "--collection", "guidance", "--json").stdout)
    assert second["documents_unchanged"] == 5
    assert second["chunks_added"] == 0 and second["embeddings_computed"] == 0


def test_bad_input_folder_ingests_the_good_and_explains_the_bad(
    settings, real_model_path, tmp_path
):
    """Corrupt, encrypted, empty, binary and unsupported files are reported; exit code 2."""
    from pypdf import PdfWriter

    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "good.md").write_text("# Klagerutine\n\nKlager behandles innen to uker.\n")
    (folder / "good.txt").write_text("Internrevisjon gjennomføres hvert år av skolen.\n")
    (folder / "corrupt.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ngarbage")
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt("secret")
    with (folder / "locked.pdf").open("wb") as handle:
        writer.write(handle)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "slides.pptx").write_bytes(b"PK\x03\x04 not really")
    result = _run("ingest", str(folder), "--json")
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    assert report["documents_added"] == 2
    reasons = {entry["path"].rsplit("/", 1)[-1]: entry["error"] for entry in report["failed"]}
    assert set(reasons) == {"corrupt.pdf", "locked.pdf", "empty.txt", "binary.txt", "slides.pptx"}
    assert "password" in reasons["locked.pdf"] and "empty" in reasons["empty.txt"]
    assert "binary" in reasons["binary.txt"] and "not supported" in reasons["slides.pptx"]
    assert "Traceback" not in result.output
    status = json.loads(_run("status", "--json").stdout)
    assert status["documents"] == 2 and status["consistent"] is True


def test_remove_by_path_and_unknown_document(settings, real_model_path, tmp_path):
    """`remove` takes a path or id; an unknown one is a one-line error with exit code 1."""
    doc = tmp_path / "rutine.md"
    doc.write_text("# Rutine\n\nAvvik meldes til rektor samme dag.\n")
    assert _run("ingest", str(doc), "--json").exit_code == 0
    removed = json.loads(_run("remove", str(doc), "--json").stdout)
    assert len(removed["removed"]) == 1 and removed["chunks_removed"] >= 1
    missing = _run("remove", "does-not-exist")
    assert missing.exit_code == 1 and "No document" in missing.output
    assert json.loads(_run("status", "--json").stdout)["documents"] == 0
