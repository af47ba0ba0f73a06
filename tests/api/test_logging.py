"""Secrets (API keys, the LLM key) never reach the logs, and document text is not logged at
info level, through a whole session: start, bad keys, upload, ask, gap, LLM failure."""

from __future__ import annotations

import json
import logging

from assistant.settings import load_settings
from tests.api.conftest import FULL_KEY, KEYS, STANDARDS_KEY

LLM_KEY = "sk-llm-9f2b6c1e0d7a4b3c"
CANARY = "LOGKANARI-77a0e2"


def test_no_secret_and_no_document_text_in_the_logs(standin_app, caplog):
    caplog.set_level(logging.DEBUG)
    record = f"# Klager\n\n{CANARY} klager registreres i klageloggen samme dag av rektor.\n"
    with standin_app(
        keys=KEYS, llm_url="http://127.0.0.1:9/v1", llm_api_key=LLM_KEY, llm_timeout=0.5
    ) as client:
        full = {"Authorization": f"Bearer {FULL_KEY}"}
        files = [("files", ("klage.md", record.encode(), "text/markdown"))]
        assert client.post("/v1/documents", files=files, headers=full).status_code == 200
        answer = client.post(
            "/v1/ask", json={"question": "Hva krever ISO 21001 8.2.1?"}, headers=full
        )
        assert answer.status_code == 200
        client.post(
            "/v1/ask", json={"question": "klager"}, headers={"Authorization": "Bearer nope"}
        )
        client.post("/v1/gap", json={"clauses": ["10"]}, headers=full)
        client.get("/v1/documents", headers={"Authorization": f"Bearer {STANDARDS_KEY}"})
    logged = caplog.text
    assert "LLM rewrite skipped" in logged  # the LLM path ran and logged: the check means something
    for secret in (FULL_KEY, STANDARDS_KEY, LLM_KEY, FULL_KEY[:8], LLM_KEY[:10]):
        assert secret not in logged
    info_and_up = " ".join(r.getMessage() for r in caplog.records if r.levelno >= logging.INFO)
    assert CANARY not in info_and_up and "klageloggen" not in info_and_up


def test_settings_never_print_their_secrets(monkeypatch):
    monkeypatch.setenv("CLAUSEWISE_API_KEYS", json.dumps({FULL_KEY: ["records"]}))
    settings = load_settings(llm_api_key=LLM_KEY)
    shown = repr(settings) + str(settings)
    assert settings.api_keys and FULL_KEY not in shown and LLM_KEY not in shown
