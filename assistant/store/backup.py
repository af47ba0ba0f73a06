"""Backups of a data folder, and restoring them, while the server may be running.

A backup is a gzip'd tar: `manifest.json` (format, format version, app version, index
generation, counts, and the size and sha256 of every other member), `clausewise.sqlite3`
(taken with SQLite's online backup API), `index-<generation>.faiss`, and the bots' journal
`bots.sqlite3` when there is one. The first two are copied under the store's writer lock, so
they describe the same moment; readers are never blocked.

Restore unpacks into a staging folder and verifies everything there (checksums, SQLite's
integrity check, SQLite and FAISS ids agreeing) before touching the live store. The swap is
then two steps, each safe to be killed in: the index file goes in under a new generation
number the live SQLite does not point at, then SQLite's backup API copies the staged database
over the live one in a single transaction that also moves the generation to the new file.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sqlite3
import tarfile
import tempfile
import time
import zlib
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

from assistant.errors import BackupInvalid
from assistant.store import database as db
from assistant.store import vectors as vec
from assistant.store.store import Store

FORMAT = "clausewise-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE = "clausewise.sqlite3"
# The chat bots' journal (feedback votes, thread context) beside the index: backed up too, so a
# restore loses no vote. Its own file (Settings.bots_database_path), so it is optional here.
BOTS_DATABASE = "bots.sqlite3"
_INDEX = re.compile(r"^index-(\d+)\.faiss$")
_MAX_MANIFEST_BYTES = 1 << 20
_STAGING = ".restore-staging"


@dataclass(frozen=True)
class Member:
    size: int
    sha256: str


@dataclass(frozen=True)
class BackupManifest:
    format: str
    format_version: int
    app_version: str
    created_at: str
    generation: int
    embedding_model: str | None
    documents: int
    chunks: int
    members: dict[str, Member] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False)


def app_version() -> str:
    try:
        return metadata.version("clausewise")
    except metadata.PackageNotFoundError:
        return "unknown"


def _digest(path: Path) -> Member:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return Member(path.stat().st_size, digest.hexdigest())


# -- backup ----------------------------------------------------------------------------------


def create_backup(store: Store, target: Path, wait_s: float = 60) -> BackupManifest:
    """Write a consistent backup of `store` to `target` (complete or absent, never partial)."""
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".clausewise-backup-") as work:
        staging = Path(work)
        database = staging / DATABASE
        with store.writing(wait_s=wait_s):  # no commit can land between the two copies
            copy = sqlite3.connect(str(database))
            try:
                store.connection.backup(copy)
            finally:
                copy.close()
            generation = store.generation()
            index_file = vec.index_file(store.home, generation)
            members = [database]
            if index_file.is_file():
                shutil.copyfile(index_file, staging / index_file.name)
                members.append(staging / index_file.name)
        bots = store.home / BOTS_DATABASE
        if bots.is_file():
            _online_copy(bots, staging / BOTS_DATABASE)
            members.append(staging / BOTS_DATABASE)
        with sqlite3.connect(str(database)) as copy:
            counts = db.count_rows(copy)
            model = db.get_meta(copy, "embedding_model")
        manifest = BackupManifest(
            format=FORMAT,
            format_version=FORMAT_VERSION,
            app_version=app_version(),
            created_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            generation=generation,
            embedding_model=model,
            documents=counts["documents"],
            chunks=counts["chunks"],
            members={path.name: _digest(path) for path in members},
        )
        (staging / MANIFEST).write_text(manifest.to_json(), encoding="utf-8")
        partial = staging / "backup.tar.gz"
        with tarfile.open(partial, "w:gz") as archive:
            for path in [staging / MANIFEST, *members]:  # manifest first
                archive.add(path, arcname=path.name, recursive=False)
        vec.fsync_replace(partial, target)
    return manifest


def _online_copy(source: Path, target: Path) -> None:
    """Copy a live SQLite file with SQLite's backup API (consistent while others write)."""
    live = sqlite3.connect(str(source), timeout=30)
    copy = sqlite3.connect(str(target))
    try:
        live.backup(copy)
    finally:
        copy.close()
        live.close()


# -- reading and verifying an archive ------------------------------------------------------


def _allowed(name: str) -> bool:
    return name in (MANIFEST, DATABASE, BOTS_DATABASE) or bool(_INDEX.match(name))


def read_backup(archive: Path, staging: Path) -> BackupManifest:
    """Unpack and verify `archive` into `staging`; raises BackupInvalid with a plain reason."""
    if not archive.is_file():
        raise BackupInvalid(f"No backup file at {archive}.")
    found: dict[str, Member] = {}
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar:
                if not member.isreg() or not _allowed(member.name) or member.name in found:
                    raise BackupInvalid(
                        f"{archive.name} is not a Clausewise backup "
                        f"(unexpected entry '{member.name[:80]}')."
                    )
                if member.name == MANIFEST and member.size > _MAX_MANIFEST_BYTES:
                    raise BackupInvalid(f"{archive.name} is not a Clausewise backup.")
                source = tar.extractfile(member)
                assert source is not None  # a regular file always has content
                digest = hashlib.sha256()
                with (staging / member.name).open("wb") as out:
                    for block in iter(lambda: source.read(1 << 20), b""):  # noqa: B023
                        digest.update(block)
                        out.write(block)
                found[member.name] = Member(member.size, digest.hexdigest())
    except BackupInvalid:
        raise
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise BackupInvalid(
            f"{archive.name} is damaged, truncated or not a Clausewise backup "
            f"({exc.__class__.__name__})."
        ) from exc
    manifest = _manifest(staging, archive.name, found)
    _verify_database(staging, manifest, archive.name)
    return manifest


def _manifest(staging: Path, name: str, found: dict[str, Member]) -> BackupManifest:
    if MANIFEST not in found:
        raise BackupInvalid(f"{name} is not a Clausewise backup (no manifest).")
    try:
        raw = json.loads((staging / MANIFEST).read_text(encoding="utf-8"))
        members = {key: Member(**value) for key, value in raw.pop("members").items()}
        manifest = BackupManifest(**raw, members=members)
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise BackupInvalid(f"{name} is not a Clausewise backup (unreadable manifest).") from exc
    if manifest.format != FORMAT:
        raise BackupInvalid(f"{name} is not a Clausewise backup (format '{manifest.format}').")
    if manifest.format_version > FORMAT_VERSION:
        raise BackupInvalid(
            f"{name} was made by a newer Clausewise ({manifest.app_version}, backup format "
            f"{manifest.format_version}); this one reads format {FORMAT_VERSION}. Upgrade first."
        )
    listed = set(manifest.members)
    present = set(found) - {MANIFEST}
    if listed != present or DATABASE not in listed:
        missing = ", ".join(sorted(listed - present)) or DATABASE
        raise BackupInvalid(f"{name} is incomplete: {missing} missing or unexpected members.")
    for member, expected in manifest.members.items():
        if found[member] != expected:
            raise BackupInvalid(
                f"{name} is damaged: {member} does not match its checksum in the manifest."
            )
    return manifest


def _verify_database(staging: Path, manifest: BackupManifest, name: str) -> None:
    """SQLite is intact, and the index (if any) holds exactly SQLite's chunk ids."""
    try:
        connection = sqlite3.connect(str(staging / DATABASE))
        try:
            ok = connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            generation = int(db.get_meta(connection, "index_generation", "0") or 0)
            row_ids = {row[0] for row in connection.execute("SELECT id FROM chunks")}
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        raise BackupInvalid(f"{name} is damaged: its database cannot be read ({exc}).") from exc
    if not ok or generation != manifest.generation:
        raise BackupInvalid(f"{name} is damaged: its database fails SQLite's integrity check.")
    if BOTS_DATABASE in manifest.members:
        try:
            with sqlite3.connect(str(staging / BOTS_DATABASE)) as bots:
                bots_ok = bots.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        except sqlite3.DatabaseError:
            bots_ok = False
        if not bots_ok:
            raise BackupInvalid(
                f"{name} is damaged: its bot journal fails SQLite's integrity check."
            )
    index_name = vec.index_file(staging, generation).name
    if index_name in manifest.members:
        try:
            index_ids = set(vec.index_ids(vec.read_index(staging / index_name)).tolist())
        except RuntimeError as exc:
            raise BackupInvalid(f"{name} is damaged: its index cannot be read.") from exc
        if index_ids != row_ids:
            raise BackupInvalid(f"{name} is damaged: its index and database disagree.")


# -- restore ---------------------------------------------------------------------------------


def restore_backup(archive: Path, home: Path, wait_s: float = 60) -> BackupManifest:
    """Replace the store in `home` by the backup's, all or nothing; the live store is only
    touched once the archive has been fully verified."""
    home.mkdir(parents=True, exist_ok=True)
    staging = home / _STAGING
    shutil.rmtree(staging, ignore_errors=True)  # leftovers of an interrupted restore
    staging.mkdir()
    try:
        manifest = read_backup(archive.resolve(), staging)
        with Store(home) as live, live.writing(wait_s=wait_s):
            generation = max(live.generation(), manifest.generation) + 1
            staged = sqlite3.connect(str(staging / DATABASE))
            try:
                with staged:
                    db.set_meta(staged, "index_generation", str(generation))
                source_index = vec.index_file(staging, manifest.generation)
                target_index = vec.index_file(home, generation)
                if source_index.is_file():
                    vec.fsync_replace(source_index, target_index)
                elif db.get_meta(staged, "dimension"):
                    ids, vectors = db.all_vectors(staged)
                    dimension = int(db.get_meta(staged, "dimension") or 0)
                    vec.write_index(vec.build_index(dimension, ids, vectors), target_index)
                # One transaction on the live database: old content or new, never a mix.
                staged.backup(live.connection)
            finally:
                staged.close()
            vec.remove_stale_files(home, generation)
            if BOTS_DATABASE in manifest.members:
                _online_copy(staging / BOTS_DATABASE, home / BOTS_DATABASE)
            check = live.check()
            if not check.consistent:  # pragma: no cover - verified above; belt and braces
                raise BackupInvalid("The restored store is inconsistent; run `clausewise check --repair`.")  # fmt: skip
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return manifest


__all__ = [
    "BackupManifest",
    "create_backup",
    "read_backup",
    "restore_backup",
]
