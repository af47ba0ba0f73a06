"""One settings object: defaults, CLAUSEWISE_* variables, an optional TOML file."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from assistant.settings import DEFAULT_MODEL, load_settings


def test_defaults_are_per_user_folders_and_the_e5_model(monkeypatch):
    """Without configuration: per-user data and cache folders, the default model, no hub."""
    for name in ("CLAUSEWISE_HOME", "CLAUSEWISE_CACHE", "CLAUSEWISE_CONFIG", "CLAUSEWISE_HUB"):
        monkeypatch.delenv(name, raising=False)
    settings = load_settings()
    assert settings.home.name == "clausewise" and settings.cache.name == "clausewise"
    assert settings.home != settings.cache
    assert settings.embedding_model == DEFAULT_MODEL and settings.hub is False


def test_environment_overrides_the_toml_file(tmp_path, monkeypatch):
    """TOML values apply; an environment variable beats the file; explicit arguments beat both."""
    config = tmp_path / "clausewise.toml"
    config.write_text(
        'embedding_model = "/models/e5"\nchunk_max_tokens = 300\n[api_keys]\nabc = ["standards"]\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("CLAUSEWISE_CONFIG", str(config))
    monkeypatch.setenv("CLAUSEWISE_CHUNK_MAX_TOKENS", "200")
    settings = load_settings()
    assert settings.embedding_model == "/models/e5"
    assert settings.chunk_max_tokens == 200
    assert settings.api_keys == {"abc": ["standards"]}
    assert load_settings(chunk_max_tokens=250).chunk_max_tokens == 250


def test_toml_in_the_data_folder_is_found(tmp_path, monkeypatch):
    """clausewise.toml inside CLAUSEWISE_HOME is read without CLAUSEWISE_CONFIG."""
    monkeypatch.delenv("CLAUSEWISE_CONFIG", raising=False)
    monkeypatch.setenv("CLAUSEWISE_HOME", str(tmp_path))
    (tmp_path / "clausewise.toml").write_text("port = 9000\n", encoding="utf-8")
    assert load_settings().port == 9000


def test_invalid_values_are_rejected(monkeypatch):
    """A nonsensical value is a clear validation error, not a silent default."""
    monkeypatch.setenv("CLAUSEWISE_CHUNK_MAX_TOKENS", "5")
    with pytest.raises(ValidationError, match="chunk_max_tokens"):
        load_settings()
