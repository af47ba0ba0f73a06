"""FAISS side of the store: an inner-product index whose ids are chunk row ids.

Exact (a flat index in an IDMap2) by default; from `IndexOptions.threshold` chunks on, an
approximate IVF index (inverted lists over k-means cells, `nprobe` cells searched per query).
IVF rather than HNSW because the store removes and replaces chunks on every re-ingest, and FAISS's
IVF supports `remove_ids` while its HNSW does not; IVF also trains in seconds, not minutes.

Each generation lives in its own file (`index-<generation>.faiss`), written beside the old one
under a temporary name and renamed into place; SQLite records which generation is current, in
the same transaction as the chunk rows it describes.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

_INDEX_FILE = re.compile(r"^index-(\d+)\.faiss$")


# IVF needs enough vectors to train its cells; below this an index is always exact.
MIN_APPROXIMATE = 4096
# Vectors sampled per cell to train the k-means (FAISS's own guidance is 30–256).
TRAIN_PER_CELL = 64


@dataclass(frozen=True)
class IndexOptions:
    """Which kind of index the store keeps (see Settings.vector_index)."""

    mode: str = "auto"  # "auto" | "exact" | "approximate"
    threshold: int = 100_000
    nprobe: int = 32

    def wants_approximate(self, count: int, currently_approximate: bool) -> bool:
        """Whether an index of `count` vectors should be approximate.

        In "auto" an approximate index only turns exact again below half the threshold, so a
        store hovering around the threshold is not rebuilt on every commit.
        """
        if self.mode == "exact" or count < MIN_APPROXIMATE:
            return False
        if self.mode == "approximate":
            return True
        return count >= (self.threshold // 2 if currently_approximate else self.threshold)


EXACT = IndexOptions(mode="exact")


def new_index(dimension: int) -> faiss.IndexIDMap2:
    return faiss.IndexIDMap2(faiss.IndexFlatIP(dimension))


def is_approximate(index: faiss.Index) -> bool:
    return isinstance(index, faiss.IndexIVF)


def cells_for(count: int) -> int:
    """IVF cells for `count` vectors: about sqrt(count), FAISS's usual starting point."""
    return max(16, min(65536, int(math.sqrt(count))))


def build_approximate(
    dimension: int, ids: np.ndarray, vectors: np.ndarray, nprobe: int
) -> faiss.IndexIVFFlat:
    """An IVF-Flat inner-product index over the vectors (trained on an even sample of them)."""
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    cells = cells_for(len(ids))
    quantizer = faiss.IndexFlatIP(dimension)
    index = faiss.IndexIVFFlat(quantizer, dimension, cells, faiss.METRIC_INNER_PRODUCT)
    sample = min(len(vectors), cells * TRAIN_PER_CELL)
    # An even stride, not random: the same vectors always give the same index.
    picks = np.linspace(0, len(vectors) - 1, sample).astype(np.int64)
    index.cp.seed = 1234
    index.train(vectors[picks])
    index.add_with_ids(vectors, ids.astype(np.int64))
    index.nprobe = nprobe
    return index


def contents(index: faiss.Index) -> tuple[np.ndarray, np.ndarray]:
    """Every (id, vector) an index holds, exact or IVF-Flat."""
    if not is_approximate(index):
        ids = index_ids(index)
        vectors = (
            index.index.reconstruct_n(0, index.ntotal)
            if len(ids)
            else np.zeros((0, index.d), np.float32)
        )
        return ids, vectors
    ivf = faiss.extract_index_ivf(index)
    lists = ivf.invlists
    all_ids, all_vectors = [], []
    for cell in range(ivf.nlist):
        size = lists.list_size(cell)
        if size:
            all_ids.append(faiss.rev_swig_ptr(lists.get_ids(cell), size).copy())
            codes = faiss.rev_swig_ptr(lists.get_codes(cell), size * lists.code_size)
            all_vectors.append(
                np.frombuffer(codes.copy().tobytes(), dtype=np.float32).reshape(size, ivf.d)
            )
    if not all_ids:
        return np.zeros(0, np.int64), np.zeros((0, ivf.d), np.float32)
    ids = np.concatenate(all_ids).astype(np.int64)
    order = np.argsort(ids, kind="stable")
    return ids[order], np.concatenate(all_vectors)[order]


def fit(index: faiss.Index, options: IndexOptions) -> faiss.Index:
    """The same vectors in the kind of index `options` asks for (the index itself if it is)."""
    approximate = is_approximate(index)
    if options.wants_approximate(index.ntotal, approximate) == approximate:
        return index
    ids, vectors = contents(index)
    if approximate:
        return build_index(index.d, ids, vectors)
    return build_approximate(index.d, ids, vectors, options.nprobe)


def index_file(home: Path, generation: int) -> Path:
    return home / f"index-{generation}.faiss"


def build_index(
    dimension: int, ids: np.ndarray, vectors: np.ndarray, options: IndexOptions = EXACT
) -> faiss.Index:
    """An index over the vectors: exact, or approximate when `options` asks for it."""
    if options.wants_approximate(len(ids), currently_approximate=False):
        return build_approximate(dimension, ids, vectors, options.nprobe)
    index = new_index(dimension)
    if len(ids):
        index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), ids.astype(np.int64))
    return index


def fsync_replace(source: Path, target: Path) -> None:
    """Flush `source` to disk, rename it over `target`, flush the folder: complete or absent."""
    with source.open("rb") as handle:
        os.fsync(handle.fileno())
    os.replace(source, target)
    directory = os.open(str(target.parent), os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def write_index(index: faiss.Index, target: Path) -> None:
    """Write to a temporary file, fsync, then rename: the target is complete or absent."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    faiss.write_index(index, str(temporary))
    fsync_replace(temporary, target)


def read_index(path: Path) -> faiss.Index:
    return faiss.read_index(str(path))


def index_ids(index: faiss.Index) -> np.ndarray:
    """The chunk ids an index holds (an exact IDMap index or an IVF one)."""
    if is_approximate(index):
        return contents(index)[0]
    return faiss.vector_to_array(index.id_map).astype(np.int64)


def remove_stale_files(home: Path, keep_generation: int) -> None:
    """Delete index files of other generations and leftovers of interrupted writes."""
    for path in home.iterdir():
        match = _INDEX_FILE.match(path.name)
        stale = match and int(match.group(1)) != keep_generation
        leftover = path.name.startswith(".index-") and path.name.endswith(".tmp")
        if stale or leftover:
            path.unlink(missing_ok=True)
