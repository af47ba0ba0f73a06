"""The quick part of the soak: a few seconds of concurrent asks while documents come and go,
over a real uvicorn on loopback. `make hardening` runs it for 90 s with 12 clients."""

from __future__ import annotations

from pathlib import Path

from benchmarks.hardening.soak import passed, run_soak


def test_concurrent_asks_during_uploads_and_deletes(tmp_path: Path):
    """No 5xx, no connection errors, every source from a document stored during its request."""
    result = run_soak(tmp_path, seconds=4, clients=8, max_requests=2000)
    assert result["server_errors_5xx"] == 0 and not result["client_errors"], result
    assert result["inconsistent_answers"] == 0, result["inconsistent_examples"]
    assert result["by_status"].get("200", 0) > 20 and result["by_status"].get("204", 0) >= 1
    assert result["answers_with_uploaded_sources"] > 0  # the check had something to check
    assert passed(result)
