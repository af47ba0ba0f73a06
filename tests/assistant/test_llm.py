"""The optional LLM rewrite, against a local server speaking the OpenAI chat-completions wire
format (JSON over HTTP, Bearer auth), through the same httpx client the product uses.
The embedding model is beside the point here: a hashing embedder and an explicit clause."""

from __future__ import annotations

import time

import pytest

from assistant.service import Clausewise
from assistant.settings import load_settings
from tests.fake_llm import FakeLLM

QUESTION = "Hva sier ISO 21001 punkt 9.2?"


@pytest.fixture
def llm():
    server = FakeLLM()
    yield server
    server.close()


@pytest.fixture
def assistant(settings, llm, hashing_embedder, monkeypatch):
    monkeypatch.setenv("CLAUSEWISE_LLM_URL", llm.url)
    monkeypatch.setenv("CLAUSEWISE_LLM_API_KEY", "sk-local")
    monkeypatch.setenv("CLAUSEWISE_LLM_MODEL", "tiny")
    monkeypatch.setenv("CLAUSEWISE_LLM_TIMEOUT", "1")
    with Clausewise(load_settings(), embedder=hashing_embedder) as app:
        app.ensure_ready()
        yield app


def test_rewrite_with_valid_citations_is_used(assistant, llm):
    """A reply citing only the given passages replaces the extractive text."""
    llm.reply = "Skolen må ha et internrevisjonsprogram [ISO21001:9.2]."
    answer = assistant.ask(QUESTION)
    assert answer.answer == llm.reply and answer.references[0].id == "ISO21001:9.2"
    request = llm.requests[-1]
    assert request["path"] == "/v1/chat/completions" and request["auth"] == "Bearer sk-local"
    assert request["body"]["model"] == "tiny"
    assert "[ISO21001:9.2]" in request["body"]["messages"][1]["content"]
    assert "Norwegian" in request["body"]["messages"][0]["content"]


@pytest.mark.parametrize(
    "reply",
    ["Se [ISO21001:9.9] for detaljer.", "Skolen må revidere seg selv.", "Se [ISO27001:A.5]."],
)
def test_invented_or_missing_citations_fall_back(assistant, llm, reply):
    """An id outside the passages, or no citation at all: the extractive answer stands."""
    llm.reply = reply
    answer = assistant.ask(QUESTION)
    assert answer.answer != reply and "ISO21001:9.2" in answer.answer
    assert answer.key_points


def test_server_error_and_timeout_fall_back(assistant, llm):
    """A 500 or a reply slower than the timeout never breaks the answer."""
    llm.status, llm.reply = 500, "x [ISO21001:9.2]"
    assert "ISO21001:9.2" in assistant.ask(QUESTION).answer
    llm.status, llm.delay = 200, 2.0
    started = time.perf_counter()
    answer = assistant.ask(QUESTION)
    assert time.perf_counter() - started < 1.9 and answer.answer != llm.reply
