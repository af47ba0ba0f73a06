"""Embedders: the real multilingual-e5-small (sentence-transformers) and a deterministic stand-in.

Everything that embeds takes an `Embedder`, so tests where the model is beside the point can
pass `HashingEmbedder` and keep the same code path.
"""

from __future__ import annotations

import hashlib
import re
import threading
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from assistant.errors import ModelMissing


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors; queries and passages use their prompts."""

    name: str
    dimension: int

    def embed_queries(self, texts: list[str]) -> np.ndarray: ...

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...


class SentenceTransformerEmbedder:
    """multilingual-e5-small (or any sentence-transformers folder/id), loaded once, on the CPU."""

    def __init__(self, model: str | Path, *, name: str | None = None, batch_size: int = 32):
        self.source = str(model)
        self.name = name or self.source
        self.batch_size = batch_size
        self._model = None
        self._lock = threading.Lock()

    def _load(self):
        with self._lock:
            if self._model is None:
                self._model = _load_sentence_transformer(self.source)
        return self._model

    @property
    def dimension(self) -> int:  # type: ignore[override]
        model = self._load()
        getter = (
            getattr(model, "get_embedding_dimension", None)
            or model.get_sentence_embedding_dimension
        )
        return int(getter())

    def _encode(self, texts: list[str], prompt_name: str) -> np.ndarray:
        model = self._load()
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        prompts = getattr(model, "prompts", {}) or {}
        vectors = model.encode(
            texts,
            prompt_name=prompt_name if prompt_name in prompts else None,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, "query")

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, "passage")

    def piece_count(self, word: str) -> int:
        """How many subword pieces the model's tokenizer splits a word into."""
        return len(self._load().tokenizer.tokenize(word))


def _load_sentence_transformer(source: str):
    import torch
    import transformers
    from sentence_transformers import SentenceTransformer

    transformers.logging.set_verbosity_error()
    transformers.logging.disable_progress_bar()
    try:
        return SentenceTransformer(
            source, device="cpu", model_kwargs={"dtype": torch.float32}, local_files_only=True
        )
    except Exception as exc:  # sentence-transformers raises many types for a bad folder
        raise ModelMissing(
            f"Could not load the embedding model from {source}: {exc}. "
            "Run `clausewise model build` or set CLAUSEWISE_EMBEDDING_MODEL to a model folder."
        ) from exc


_WORD = re.compile(r"\w+", re.UNICODE)


class HashingEmbedder:
    """Deterministic bag-of-words hashing vectors: for tests where the model is beside the point."""

    def __init__(self, dimension: int = 64) -> None:
        self.name = f"hashing-{dimension}"
        self.dimension = dimension
        self.calls = 0
        self.texts_embedded = 0

    def _vector(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dimension, dtype=np.float32)
        for word in _WORD.findall(text.lower()):
            digest = hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest()
            slot = int.from_bytes(digest[:4], "little") % self.dimension
            vector[slot] += 1.0 if digest[4] % 2 else -1.0
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm else vector

    def _encode(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        self.texts_embedded += len(texts)
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack([self._vector(text) for text in texts])

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts)
