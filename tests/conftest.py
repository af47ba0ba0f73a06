"""Shared fixtures: isolated data folders, the real model (built once into the user cache),
and a deterministic stand-in embedder for tests where the model is beside the point."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.embedding.embedder import HashingEmbedder, SentenceTransformerEmbedder
from assistant.settings import Settings, load_settings

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.fixture(scope="session")
def model_cache() -> Path:
    """The per-user model cache (or CLAUSEWISE_CACHE): built once, reused across runs."""
    return load_settings().cache


@pytest.fixture(scope="session")
def real_model_path(model_cache: Path) -> Path:
    from assistant.embedding.build import build_model

    return build_model(model_cache)


@pytest.fixture(scope="session")
def real_embedder(real_model_path: Path) -> SentenceTransformerEmbedder:
    return SentenceTransformerEmbedder(real_model_path, name="intfloat/multilingual-e5-small")


@pytest.fixture
def hashing_embedder() -> HashingEmbedder:
    return HashingEmbedder(dimension=64)


@pytest.fixture
def settings(tmp_path: Path, model_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Settings for an empty data folder; the environment points at it too (for subprocesses)."""
    home = tmp_path / "home"
    monkeypatch.setenv("CLAUSEWISE_HOME", str(home))
    monkeypatch.setenv("CLAUSEWISE_CACHE", str(model_cache))
    return load_settings()


@pytest.fixture(scope="session")
def indexed_home(tmp_path_factory: pytest.TempPathFactory, real_embedder, model_cache) -> Path:
    """A data folder with the whole catalogue indexed by the real model (built once per run)."""
    from assistant.service import Clausewise

    home = tmp_path_factory.mktemp("indexed") / "home"
    with Clausewise(load_settings(home=home, cache=model_cache), embedder=real_embedder) as app:
        app.ensure_ready()
    return home


@pytest.fixture
def indexed_settings(settings: Settings, indexed_home: Path) -> Settings:
    """`settings` whose data folder starts as a copy of the indexed catalogue."""
    import shutil

    shutil.copytree(indexed_home, settings.home)
    return settings


@pytest.fixture(scope="session")
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("shared/seeds is not beside the checkout")
    return SEEDS
