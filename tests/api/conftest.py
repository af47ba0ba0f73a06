"""A stand-in API: the real app over the catalogue indexed with the hashing embedder (fast)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.api import create_app
from assistant.embedding.embedder import HashingEmbedder
from assistant.service import Clausewise
from assistant.settings import Settings, load_settings

FULL_KEY = "full-7c1d0b4e9a2f4410a1"
STANDARDS_KEY = "std-3e8a1f6b2c9d4e7f55"
KEYS = {FULL_KEY: ["standards", "frameworks", "records"], STANDARDS_KEY: ["standards"]}


@pytest.fixture(scope="session")
def standin_home(tmp_path_factory: pytest.TempPathFactory, model_cache) -> Path:
    """The catalogue indexed once with the stand-in embedder; tests start from a copy."""
    home = tmp_path_factory.mktemp("standin") / "home"
    with Clausewise(
        load_settings(home=home, cache=model_cache), embedder=HashingEmbedder(64)
    ) as app:
        app.ensure_ready()
    return home


@pytest.fixture
def standin_app(
    settings: Settings, standin_home: Path, monkeypatch: pytest.MonkeyPatch
) -> Callable[..., contextmanager[TestClient]]:
    """`with standin_app(keys=..., **settings) as client:` a started app with a stand-in model."""
    shutil.copytree(standin_home, settings.home)

    @contextmanager
    def start(keys: dict | None = None, **overrides) -> Iterator[TestClient]:
        if keys is not None:
            monkeypatch.setenv("CLAUSEWISE_API_KEYS", json.dumps(keys))
        configured = load_settings(**overrides)
        assistant = Clausewise(configured, embedder=HashingEmbedder(64))
        with TestClient(create_app(configured, assistant)) as client:
            yield client

    return start
