"""Property-based fuzzing of the HTTP API from its own OpenAPI schema: schemathesis generates
requests (valid and invalid) for every operation; whatever they hold, the server never
answers 5xx.

Bounded for CI: MAX_EXAMPLES per operation, derandomized (the same examples every run, so a
failure reproduces), stand-in embedder. Raise MAX_EXAMPLES locally when hunting.
"""

from __future__ import annotations

import shutil

import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from assistant.api import create_app
from assistant.embedding.embedder import HashingEmbedder
from assistant.service import Clausewise
from assistant.settings import load_settings

MAX_EXAMPLES = 15


def _request(client: TestClient, case) -> object:
    """Send a schemathesis case through the app's TestClient (httpx spells a few things otherwise)."""
    kwargs = case.as_transport_kwargs(base_url=str(client.base_url))
    kwargs.pop("cookies", None)
    if isinstance(kwargs.get("data"), bytes | str):
        kwargs["content"] = kwargs.pop("data")
    if kwargs.get("files") is None:
        kwargs.pop("files", None)
    return client.request(**kwargs)


def test_no_generated_request_gets_a_5xx(settings, standin_home):
    shutil.copytree(standin_home, settings.home)
    configured = load_settings(rate_limit_per_minute=0)
    app = create_app(configured, Clausewise(configured, embedder=HashingEmbedder(64)))
    failures: list[str] = []
    with TestClient(app, raise_server_exceptions=False) as client:
        schema = schemathesis.openapi.from_dict(app.openapi())
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) >= 8  # every route is in the schema, so every route is fuzzed
        for operation in operations:

            @given(case=operation.as_strategy())
            @hypothesis_settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True,
                      suppress_health_check=list(HealthCheck), database=None)  # fmt: skip
            def check(case) -> None:
                response = _request(client, case)
                if response.status_code >= 500:
                    failures.append(
                        f"{case.operation.label}: {response.status_code} for {case.as_curl_command()}"
                    )

            check()
    assert failures == []
