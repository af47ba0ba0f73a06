"""Pipeline: real seed pages become clean chunks in the right language, with stable ids and hashes."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from ingest.pipeline import ChunkingOptions, discover_files, parse_file

SEED_LANGUAGES = {"000": "nb", "001": "nl", "002": "vi", "003": "sv", "004": "sv"}
# A short piece of real content from each seed that must survive cleaning.
SEED_CONTENT = {
    "000": "ISO 21001 hjelper utdanningsorganisasjoner",
    "001": "Integrale kwaliteitszorg is een holistische benadering",
    "002": "Hệ thống này nhằm nâng cao hiệu lực",
    "003": "Systematiskt kvalitetsarbete för skolväsendet bygger på",
    "004": "Skolverkets allmänna råd beskriver",
}
NOISE = [
    "Rate this post",
    "Foto: Shutterstock",
    "(Ảnh:",
    "Skriven av",
    "Lästid",
    "Lisa Sohlberg",
    "« Vorige",
    "Onderdeel van",
    "Senast uppdaterad",
    "Skicka en kommentar",
    "http",
    "<span",
    "Les mer om",
    "Ladda ner",
]


@pytest.fixture(scope="module")
def parsed_seeds(seeds: Path):
    """Each numbered seed file parsed once with default options, keyed by its number."""
    return {
        path.name[:3]: parse_file(path, "seeds", ChunkingOptions()) for path in seeds.glob("0*")
    }


def test_seed_folder_discovery_yields_the_five_numbered_files(seeds: Path) -> None:
    """Discovering the seed folder gives the five numbered pages, sorted, and skips README.md."""
    names = [path.name for path in discover_files([seeds])]
    assert [name[:3] for name in names] == sorted(SEED_LANGUAGES)
    assert all(name.endswith(".txt") for name in names)


@pytest.mark.parametrize(("seed", "language"), SEED_LANGUAGES.items())
def test_seed_language_is_detected(parsed_seeds, seed: str, language: str) -> None:
    """Each seed page, and every chunk of it, is detected as the page's language."""
    parsed = parsed_seeds[seed]
    assert parsed.language == language
    assert {chunk.language for chunk in parsed.chunks} == {language}


@pytest.mark.parametrize("seed", SEED_LANGUAGES)
def test_seed_noise_is_gone_from_every_chunk(parsed_seeds, seed: str) -> None:
    """Captions, credits, widgets, bylines, navigation, URLs and HTML leave no trace in chunks."""
    leftovers = [
        (noise, chunk.ordinal)
        for chunk in parsed_seeds[seed].chunks
        for noise in NOISE
        if noise in chunk.text
    ]
    assert leftovers == []


@pytest.mark.parametrize("seed", SEED_CONTENT)
def test_seed_content_survives_cleaning(parsed_seeds, seed: str) -> None:
    """A known content sentence of each seed is found in its chunks."""
    assert any(SEED_CONTENT[seed] in chunk.text for chunk in parsed_seeds[seed].chunks)


def test_seed_headings_become_chunk_heading_paths(parsed_seeds) -> None:
    """The Norwegian page's section titles are the heading paths of its chunks."""
    paths = [chunk.heading_path for chunk in parsed_seeds["000"].chunks]
    assert ("Fordeler med å bruke ISO 21001",) in paths
    assert ("Hvem kan bruke standarden?",) in paths


def test_discovery_skips_hidden_files_and_folder_meta(tmp_path: Path) -> None:
    """Hidden files, hidden folders, README/LICENSE and OS litter are skipped when walking a folder."""
    for name in [
        "b.txt",
        "a/c.md",
        ".hidden.txt",
        ".git/x.txt",
        "README.md",
        "LICENSE",
        "Thumbs.db",
    ]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("tekst")
    assert [p.relative_to(tmp_path).as_posix() for p in discover_files([tmp_path])] == [
        "a/c.md",
        "b.txt",
    ]
    assert list(discover_files([tmp_path / "README.md"])) == [tmp_path / "README.md"]


# --- ids and hashes --------------------------------------------------------------------------

AUDIT_TEXT = (
    "Internrevisjon\n\n"
    "Skolen gjennomfører internrevisjon hvert år etter ISO 21001 punkt 9.2. "
    "Resultatene legges fram for ledelsens gjennomgang.\n\n"
    "Avvik som blir funnet, behandles etter punkt 10.2 og lukkes innen fristen.\n"
)


@pytest.fixture
def audit_file(tmp_path: Path) -> Path:
    path = tmp_path / "internrevisjon.txt"
    path.write_text(AUDIT_TEXT, encoding="utf-8")
    return path


def test_document_id_is_stable_per_path_and_collection(audit_file: Path, options) -> None:
    """The same file in the same collection keeps its id; another collection gives another id."""
    first = parse_file(audit_file, "rutiner", options)
    again = parse_file(audit_file, "rutiner", options)
    elsewhere = parse_file(audit_file, "arkiv", options)
    assert first.document_id == again.document_id
    assert elsewhere.document_id != first.document_id
    assert first.source_path == str(audit_file.resolve())


def test_document_id_differs_per_path(audit_file: Path, tmp_path: Path, options) -> None:
    """A copy of the file at another path is another document."""
    copy = tmp_path / "kopi.txt"
    copy.write_bytes(audit_file.read_bytes())
    assert parse_file(copy, "rutiner", options).document_id != (
        parse_file(audit_file, "rutiner", options).document_id
    )


def test_content_hash_follows_the_file_content(audit_file: Path, options) -> None:
    """The document's content_hash is the file's sha256 and changes when the file changes."""
    before = parse_file(audit_file, "rutiner", options)
    assert before.content_hash == hashlib.sha256(audit_file.read_bytes()).hexdigest()
    audit_file.write_text(AUDIT_TEXT + "\nNy rutine fra høsten.\n", encoding="utf-8")
    after = parse_file(audit_file, "rutiner", options)
    assert after.content_hash != before.content_hash
    assert after.document_id == before.document_id


def test_given_content_hash_is_used_as_is(audit_file: Path, options) -> None:
    """A content_hash passed in by the caller (already computed) is kept, not recomputed."""
    assert (
        parse_file(audit_file, "rutiner", options, content_hash="abc123").content_hash == "abc123"
    )


def test_chunk_content_hash_is_sha256_of_its_text(audit_file: Path, options) -> None:
    """Every chunk's content_hash is the sha256 of its UTF-8 text; ordinals count from 0."""
    chunks = parse_file(audit_file, "rutiner", options).chunks
    assert [chunk.ordinal for chunk in chunks] == list(range(len(chunks)))
    for chunk in chunks:
        assert chunk.content_hash == hashlib.sha256(chunk.text.encode("utf-8")).hexdigest()


def test_clause_references_are_picked_up_from_chunk_text(audit_file: Path, options) -> None:
    """ "ISO 21001 punkt 9.2" is found, and "punkt 10.2" is read as ISO 21001, the text's standard."""
    parsed = parse_file(audit_file, "rutiner", options)
    refs = [ref for chunk in parsed.chunks for ref in chunk.clause_refs]
    assert refs == ["ISO21001:9.2", "ISO21001:10.2"]
    assert parsed.title == "Internrevisjon" and parsed.file_type == "txt"


def test_only_exact_folder_meta_names_are_skipped(tmp_path):
    """README.md is folder meta; 'Licence agreement.md' is a record and is kept."""
    from ingest.pipeline import discover_files

    (tmp_path / "README.md").write_text("about this folder")
    (tmp_path / "Licence agreement.md").write_text("# Licence\n\nThe school licenses the platform.")
    assert [p.name for p in discover_files([tmp_path])] == ["Licence agreement.md"]
