"""Chunking: headings start chunks, sizes stay bounded, long text splits at sentences, nothing lost."""

from __future__ import annotations

from itertools import pairwise

from ingest.chunking import chunk_blocks, estimate_tokens, split_sentences
from ingest.models import Block

SUBJECTS = ["Rektor", "Kvalitetslederen", "Elevrådet", "Lærerne", "Foreldreutvalget"]
TASKS = ["vurderer", "dokumenterer", "følger opp", "drøfter", "rapporterer"]


def sentences(count: int, start: int = 0) -> list[str]:
    """Distinct Norwegian sentences of about ten words each."""
    return [
        f"{SUBJECTS[n % 5]} {TASKS[(n // 5) % 5]} tiltak nummer {n} i kvalitetsarbeidet hver måned."
        for n in range(start, start + count)
    ]


def paragraph(count: int, start: int = 0, page: int | None = None) -> Block:
    return Block("paragraph", " ".join(sentences(count, start)), page=page)


def heading(text: str, level: int = 1) -> Block:
    return Block("heading", text, level=level)


def test_chunks_stay_within_max_tokens() -> None:
    """With many short paragraphs, no chunk's estimated size exceeds max_tokens."""
    blocks = [heading("Kvalitetsarbeid")] + [paragraph(2, start=2 * n) for n in range(30)]
    drafts = chunk_blocks(blocks, min_tokens=40, max_tokens=120)
    assert len(drafts) > 3
    assert max(estimate_tokens(draft.text) for draft in drafts) <= 120


def test_heading_starts_a_new_chunk() -> None:
    """After a section with substance, a heading opens a new chunk with its own path."""
    blocks = [heading("Ansvar"), paragraph(4), heading("Klagebehandling"), paragraph(2, start=10)]
    drafts = chunk_blocks(blocks, min_tokens=30, max_tokens=350)
    assert [draft.heading_path for draft in drafts] == [("Ansvar",), ("Klagebehandling",)]
    assert drafts[1].text.startswith("Klagebehandling\n")
    assert "Klagebehandling" not in drafts[0].text


def test_heading_path_follows_heading_levels() -> None:
    """A level-2 heading nests under the level-1 heading before it; a new level 1 resets it."""
    blocks = [
        heading("Kvalitetssystem"),
        heading("Ansvar", level=2),
        paragraph(4),
        heading("Avvik", level=2),
        paragraph(4, start=10),
        heading("Vedlegg"),
        paragraph(4, start=20),
    ]
    drafts = chunk_blocks(blocks, min_tokens=30)
    assert [d.heading_path for d in drafts] == [
        ("Kvalitetssystem", "Ansvar"),
        ("Kvalitetssystem", "Avvik"),
        ("Vedlegg",),
    ]


def test_very_long_paragraph_is_split_at_sentences() -> None:
    """A paragraph far above max_tokens becomes several chunks, each made of whole sentences."""
    long_text = sentences(60)
    drafts = chunk_blocks([paragraph(60)], max_tokens=100, overlap_sentences=0)
    assert len(drafts) >= 5
    assert all(estimate_tokens(draft.text) <= 100 for draft in drafts)
    for draft in drafts:
        assert set(split_sentences(draft.text)) <= set(long_text)
    assert [s for d in drafts for s in split_sentences(d.text)] == long_text


def test_overlap_carries_the_last_sentence_into_the_next_chunk() -> None:
    """Inside one section, a chunk begins with the last sentence of the chunk before it."""
    blocks = [heading("Avvik")] + [paragraph(3, start=3 * n) for n in range(12)]
    drafts = chunk_blocks(blocks, min_tokens=40, max_tokens=120, overlap_sentences=1)
    assert len(drafts) >= 3
    for before, after in pairwise(drafts):
        assert split_sentences(after.text)[0] == split_sentences(before.text)[-1]
        assert after.heading_path == ("Avvik",)


def test_no_overlap_across_a_heading() -> None:
    """The first chunk of a new section does not repeat text from the previous section."""
    blocks = [heading("Ansvar"), paragraph(6), heading("Avvik"), paragraph(3, start=10)]
    first, second = chunk_blocks(blocks, min_tokens=30, overlap_sentences=1)
    assert second.text == "Avvik\n" + " ".join(sentences(3, start=10))
    assert not set(split_sentences(first.text)) & set(split_sentences(second.text))


def test_no_sentence_is_lost() -> None:
    """Every sentence of every paragraph and list item appears in some chunk."""
    blocks = [heading("Del 1"), paragraph(7), Block("list_item", sentences(1, 50)[0])]
    blocks += [heading("Del 2"), paragraph(25, start=100), heading("Del 2.1", 2), paragraph(3, 200)]
    drafts = chunk_blocks(blocks, min_tokens=40, max_tokens=90)
    chunked = {
        s.removeprefix("• ")
        for d in drafts
        for line in d.text.splitlines()
        for s in split_sentences(line)
    }
    for block in blocks:
        if block.kind != "heading":
            assert set(split_sentences(block.text)) <= chunked


def test_list_items_are_marked_and_chunks_take_their_first_page() -> None:
    """List items get a bullet in chunk text; a chunk's page is the page of its first block."""
    blocks = [heading("Rutine"), paragraph(2, page=4), Block("list_item", "Varsle rektor.", page=5)]
    (draft,) = chunk_blocks(blocks)
    assert draft.text.splitlines()[-1] == "• Varsle rektor."
    assert draft.page == 4


def test_continuation_chunk_does_not_repeat_the_section_title() -> None:
    """Without overlap, the second chunk of a section does not start with its heading again."""
    blocks = [heading("Avvik")] + [paragraph(3, start=3 * n) for n in range(6)]
    drafts = chunk_blocks(blocks, min_tokens=40, max_tokens=120, overlap_sentences=0)
    assert drafts[0].text.startswith("Avvik\n")
    assert all("Avvik" not in draft.text.splitlines() for draft in drafts[1:])


def test_overlap_does_not_push_a_chunk_over_max_tokens() -> None:
    """A long paragraph split with one sentence of overlap still gives chunks within max_tokens."""
    drafts = chunk_blocks([paragraph(60)], max_tokens=100, overlap_sentences=1)
    assert max(estimate_tokens(draft.text) for draft in drafts) <= 100
