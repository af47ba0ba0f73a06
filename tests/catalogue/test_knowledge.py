"""The catalogue is indexed on first use, once, and `clausewise clause` shows every node."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.knowledge import ensure_catalogue_indexed
from assistant.store import Store
from ingest.catalogue import LANGUAGES, Catalogue

runner = CliRunner()


def test_catalogue_index_is_built_once_and_only_redone_for_changed_files(
    tmp_path, hashing_embedder
):
    """First use indexes every node × language; a second call does nothing; an edit redoes one file."""
    catalogue = Catalogue.load()
    with Store(tmp_path / "home") as store:
        first = ensure_catalogue_indexed(store, hashing_embedder, catalogue)
        assert first.chunks_added == len(catalogue.nodes) * len(LANGUAGES)
        node_chunks = store.connection.execute(
            "SELECT COUNT(DISTINCT node_id), COUNT(DISTINCT language) FROM chunks"
        ).fetchone()
        assert node_chunks == (len(catalogue.nodes), len(LANGUAGES))
        embedded = hashing_embedder.texts_embedded
        again = ensure_catalogue_indexed(store, hashing_embedder, catalogue)
        assert again.files_indexed == 0 and hashing_embedder.texts_embedded == embedded
        changed = Catalogue.load()
        changed.files[0] = type(changed.files[0])(
            changed.files[0].path, "edited", changed.files[0].data
        )
        third = ensure_catalogue_indexed(store, hashing_embedder, changed)
        assert third.files_indexed == 1
        assert hashing_embedder.texts_embedded == embedded  # same text: vectors reused


def test_catalogue_collections(tmp_path, hashing_embedder):
    """ISO standards go to `standards`, national frameworks to `frameworks`."""
    with Store(tmp_path / "home") as store:
        ensure_catalogue_indexed(store, hashing_embedder, Catalogue.load())
        rows = dict(
            store.connection.execute(
                "SELECT d.collection, COUNT(*) FROM chunks c JOIN documents d ON d.id = c.document_id"
                " WHERE c.node_id LIKE 'ISO%' GROUP BY d.collection"
            ).fetchall()
        )
        national = store.connection.execute(
            "SELECT DISTINCT d.collection FROM chunks c JOIN documents d ON d.id = c.document_id"
            " WHERE c.node_id LIKE 'SE:%' OR c.node_id LIKE 'VN:%'"
        ).fetchall()
    assert set(rows) == {"standards"} and national == [("frameworks",)]


def test_clause_view_exists_for_every_node_in_every_language():
    """The view `clausewise clause` prints is complete for all nodes × five languages."""
    from assistant.clauses import clause_view

    catalogue = Catalogue.load()
    for node in catalogue.nodes.values():
        for language in LANGUAGES:
            payload = clause_view(node, language, catalogue)
            assert payload["title"] == node.title.get(language)
            assert payload["summary"] == node.summary.get(language)
            assert all(rel["title"] for rel in payload["related"]), node.id


@pytest.mark.parametrize("language", LANGUAGES)
def test_clause_command_json_in_each_language(language):
    """`clausewise clause ID --lang xx --json` prints that node in that language."""
    catalogue = Catalogue.load()
    for node_id in ("ISO21001:8.5.5", "ISO9001:10.2", "SE:Skollagen:4:8", "VN:TT18-2018-BGDDT:34"):
        result = runner.invoke(app, ["clause", node_id, "--lang", language, "--json"])
        assert result.exit_code == 0, (node_id, result.output)
        payload = json.loads(result.stdout)
        assert payload["id"] == node_id
        assert payload["title"] == catalogue.nodes[node_id].title.get(language)


def test_clause_command_for_an_unknown_id_suggests_neighbours():
    """An unknown id: exit code 1 and a message naming the nearest existing ids."""
    result = runner.invoke(app, ["clause", "ISO21001:8.5.9"])
    assert result.exit_code == 1
    assert "No clause 'ISO21001:8.5.9'" in result.output and "ISO21001:8.5.5" in result.output


def test_clause_command_renders_in_the_chosen_language():
    """Human output uses the language's labels and titles."""
    result = runner.invoke(app, ["clause", "21001 9.2", "--lang", "sv"])
    assert result.exit_code == 0
    assert "Internrevision" in result.output and "Krav" in result.output


def test_first_use_indexing_reports_progress_to_the_end(tmp_path, hashing_embedder):
    """The progress callback rises in steps and ends at the total number of passages."""
    calls: list[tuple[int, int]] = []
    catalogue = Catalogue.load()
    with Store(tmp_path / "home") as store:
        ensure_catalogue_indexed(
            store, hashing_embedder, catalogue, lambda d, t, _n: calls.append((d, t))
        )
    total = len(catalogue.nodes) * len(LANGUAGES)
    done = [d for d, _ in calls]
    assert len(calls) > 5 and done == sorted(done) and calls[-1] == (total, total)
