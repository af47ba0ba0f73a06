"""`clausewise backup` / `restore`: consistent while writes go on; bad archives are refused
with a clear message and leave the store exactly as it was."""

from __future__ import annotations

import io
import json
import tarfile
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.errors import BackupInvalid, StoreBusy
from assistant.indexer import ingest_paths
from assistant.store import Store
from assistant.store import backup as backup_module
from assistant.store import vectors as vectors_module
from assistant.store.backup import read_backup, restore_backup
from ingest.pipeline import ChunkingOptions

OPTIONS = ChunkingOptions(min_tokens=20, max_tokens=60)
runner = CliRunner()


def _docs(folder: Path, count: int, tag: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        (folder / f"{tag}{number}.md").write_text(
            f"# {tag} {number}\n\nKlage {number} i {tag} ble behandlet av rektor innen tre uker.\n",
            encoding="utf-8",
        )
    return folder


def _state(home: Path) -> dict:
    with Store(home) as store:
        check = store.check()
        return {
            "consistent": check.consistent,
            "texts": {
                d.source_path: [
                    row[0]
                    for row in store.connection.execute(
                        "SELECT text FROM chunks WHERE document_id = ? ORDER BY ordinal", (d.id,)
                    )
                ]
                for d in store.documents()
            },
        }


@pytest.fixture
def filled(settings, tmp_path, hashing_embedder) -> Path:
    with Store(settings.home) as store:
        ingest_paths(
            store, hashing_embedder, [_docs(tmp_path / "a", 4, "alpha")], "records", OPTIONS
        )
    return settings.home


def test_backup_then_restore_brings_back_exactly_the_backed_up_store(
    filled, tmp_path, hashing_embedder
):
    """Later additions and removals are undone by restore; SQLite and FAISS agree after."""
    before = _state(filled)
    archive = tmp_path / "out" / "backup.tar.gz"
    result = runner.invoke(app, ["backup", str(archive), "--json"])
    assert result.exit_code == 0, result.output
    manifest = json.loads(result.stdout)
    assert manifest["format"] == "clausewise-backup" and manifest["documents"] == 4
    assert set(manifest["members"]) == {
        "clausewise.sqlite3",
        f"index-{manifest['generation']}.faiss",
    }
    with Store(filled) as store:
        ingest_paths(
            store, hashing_embedder, [_docs(tmp_path / "b", 3, "beta")], "records", OPTIONS
        )
        with store.writing():
            store.remove([store.documents()[0].id])
    assert _state(filled)["texts"] != before["texts"]
    restored = runner.invoke(app, ["restore", str(archive), "--yes"])
    assert restored.exit_code == 0, restored.output
    assert _state(filled) == before
    assert not (filled / ".restore-staging").exists()


def test_backups_taken_during_continuous_ingest_are_each_consistent(
    filled, tmp_path, hashing_embedder
):
    """The writer lock makes SQLite and the index copies describe one moment."""
    stop = threading.Event()
    errors: list[BaseException] = []

    def keep_writing() -> None:
        try:
            with Store(filled) as store:
                for round_ in range(40):
                    if stop.is_set():
                        return
                    folder = _docs(tmp_path / f"w{round_}", 2, f"w{round_}x")
                    while True:  # a backup holds the writer lock briefly: retry, as clients do
                        try:
                            ingest_paths(store, hashing_embedder, [folder], "records", OPTIONS)
                            break
                        except StoreBusy:
                            time.sleep(0.01)
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        documents = []
        with Store(filled) as store:
            for number in range(4):
                archive = tmp_path / f"b{number}.tar.gz"
                backup_module.create_backup(store, archive, wait_s=30)
                staging = tmp_path / f"check{number}"
                staging.mkdir()
                documents.append(read_backup(archive, staging).documents)  # verifies ids agree
    finally:
        stop.set()
        writer.join()
    assert not errors
    assert documents == sorted(documents) and documents[0] >= 4


def _rewrite(archive: Path, target: Path, change) -> None:
    """Copy an archive member by member, letting `change(name, data)` alter each."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(target, "w:gz") as out:
        for member in source:
            data = change(member.name, source.extractfile(member).read())
            info = tarfile.TarInfo(member.name)
            info.size = len(data)
            out.addfile(info, io.BytesIO(data))


def _bump_version(name: str, data: bytes) -> bytes:
    if name != "manifest.json":
        return data
    manifest = json.loads(data)
    manifest["format_version"] = 99
    return json.dumps(manifest).encode()


def _flip_database(name: str, data: bytes) -> bytes:
    if name != "clausewise.sqlite3":
        return data
    return data[:5000] + bytes([data[5000] ^ 0xFF]) + data[5001:]


BAD_ARCHIVES = {
    "truncated": (lambda good, path: path.write_bytes(good.read_bytes()[: good.stat().st_size // 2]),
                  "damaged, truncated"),
    "flipped byte": (lambda good, path: _rewrite(good, path, _flip_database), "checksum"),
    "newer format": (lambda good, path: _rewrite(good, path, _bump_version), "newer Clausewise"),
    "not an archive": (lambda good, path: path.write_text("hello"), "not a Clausewise backup"),
    "foreign tar": (lambda good, path: _foreign(path), "not a Clausewise backup"),
    "missing": (lambda good, path: None, "No backup file"),
}  # fmt: skip


def _foreign(path: Path) -> None:
    with tarfile.open(path, "w:gz") as out:
        info = tarfile.TarInfo("../../etc/cron.d/evil")
        info.size = 4
        out.addfile(info, io.BytesIO(b"evil"))


@pytest.mark.parametrize("kind", BAD_ARCHIVES)
def test_a_bad_archive_is_refused_and_the_store_is_untouched(filled, tmp_path, kind):
    """Truncated, corrupted, newer, foreign or missing: a clear message, exit 1, no change."""
    good = tmp_path / "good.tar.gz"
    assert runner.invoke(app, ["backup", str(good)]).exit_code == 0
    bad = tmp_path / "bad.tar.gz"
    make, words = BAD_ARCHIVES[kind]
    make(good, bad)
    before = _state(filled)
    files_before = sorted(p.name for p in filled.iterdir())
    result = runner.invoke(app, ["restore", str(bad), "--yes"])
    assert result.exit_code == 1
    assert words in " ".join(result.output.split()), result.output
    assert _state(filled) == before
    assert sorted(p.name for p in filled.iterdir()) == files_before
    assert not (tmp_path.parent / "etc").exists()


def test_an_interrupted_restore_leaves_the_old_store(filled, tmp_path, monkeypatch):
    """Stopped after the new index file is in place but before SQLite switches: old store."""
    archive = tmp_path / "b.tar.gz"
    with Store(filled) as store:
        backup_module.create_backup(store, archive)
        with store.writing():
            store.remove([store.documents()[0].id])
    before = _state(filled)
    original = vectors_module.fsync_replace

    def place_then_die(source: Path, target: Path) -> None:
        original(source, target)
        raise KeyboardInterrupt  # stands in for a kill between the two steps

    monkeypatch.setattr(vectors_module, "fsync_replace", place_then_die)
    with pytest.raises(KeyboardInterrupt):
        restore_backup(archive, filled)
    assert _state(filled) == before and before["consistent"]
    monkeypatch.setattr(vectors_module, "fsync_replace", original)
    restore_backup(archive, filled)
    assert len(_state(filled)["texts"]) == 4


def test_read_backup_names_the_problem(tmp_path):
    """The error type is BackupInvalid (mapped to exit code 1 by the CLI)."""
    (tmp_path / "x.tar.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    (tmp_path / "s").mkdir()
    with pytest.raises(BackupInvalid):
        read_backup(tmp_path / "x.tar.gz", tmp_path / "s")


def test_feedback_votes_survive_a_backup_and_restore(filled, settings, tmp_path):
    """The bots' journal goes into the archive and comes back: a vote given after the backup is
    undone by restore, the one given before is there again."""
    from bots.common.journal import BotJournal

    journal = BotJournal(settings.bots_database_path)
    kept = journal.record_answer(platform="slack", workspace="T1", conversation="C1",
                                 thread="1.0", user="U1", question="Hva er 9.2?", language="nb",
                                 answer="Internrevisjon", references=["ISO21001:9.2"])  # fmt: skip
    journal.vote(kept, "U1", up=True)
    archive = tmp_path / "with-votes.tar.gz"
    result = runner.invoke(app, ["backup", str(archive), "--json"])
    assert result.exit_code == 0, result.output
    assert "bots.sqlite3" in json.loads(result.stdout)["members"]
    journal.vote(kept, "U2", up=False)
    assert len(journal.feedback()) == 2
    assert runner.invoke(app, ["restore", str(archive), "--yes"]).exit_code == 0
    assert [(row.user, row.vote) for row in BotJournal(settings.bots_database_path).feedback()] == [
        ("U1", "up")]  # fmt: skip
