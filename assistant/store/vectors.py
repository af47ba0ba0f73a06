"""FAISS side of the store: an inner-product index whose ids are chunk row ids.

Each generation lives in its own file (`index-<generation>.faiss`), written beside the old one
under a temporary name and renamed into place; SQLite records which generation is current, in
the same transaction as the chunk rows it describes.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import faiss
import numpy as np

_INDEX_FILE = re.compile(r"^index-(\d+)\.faiss$")


def new_index(dimension: int) -> faiss.IndexIDMap2:
    return faiss.IndexIDMap2(faiss.IndexFlatIP(dimension))


def index_file(home: Path, generation: int) -> Path:
    return home / f"index-{generation}.faiss"


def build_index(dimension: int, ids: np.ndarray, vectors: np.ndarray) -> faiss.IndexIDMap2:
    index = new_index(dimension)
    if len(ids):
        index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), ids.astype(np.int64))
    return index


def write_index(index: faiss.Index, target: Path) -> None:
    """Write to a temporary file, fsync, then rename: the target is complete or absent."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    faiss.write_index(index, str(temporary))
    with temporary.open("rb") as handle:
        os.fsync(handle.fileno())
    os.replace(temporary, target)
    directory = os.open(str(target.parent), os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def read_index(path: Path) -> faiss.Index:
    return faiss.read_index(str(path))


def index_ids(index: faiss.Index) -> np.ndarray:
    """The chunk ids an IDMap index holds."""
    return faiss.vector_to_array(index.id_map).astype(np.int64)


def remove_stale_files(home: Path, keep_generation: int) -> None:
    """Delete index files of other generations and leftovers of interrupted writes."""
    for path in home.iterdir():
        match = _INDEX_FILE.match(path.name)
        stale = match and int(match.group(1)) != keep_generation
        leftover = path.name.startswith(".index-") and path.name.endswith(".tmp")
        if stale or leftover:
            path.unlink(missing_ok=True)
