"""Which collections a chat workspace, team or channel may see."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

CATALOGUE_COLLECTIONS = ("standards", "frameworks")


def collections_for(
    mapping: Mapping[str, Sequence[str]], default: Sequence[str], *ids: str | None
) -> list[str]:
    """The collections for the most specific id that has an entry (ids go narrow to broad).

    Ids are tried as given and joined narrow-to-broad ("T1/C2"), so a mapping may name a
    channel, a workspace, or one channel in one workspace.
    """
    present = [i for i in ids if i]
    candidates = ["/".join(reversed(present))] if len(present) > 1 else []
    candidates += present
    for candidate in candidates:
        if candidate in mapping:
            return list(mapping[candidate])
    return list(default)


def record_collections(collections: Sequence[str]) -> list[str]:
    """The allowed collections that hold the organisation's own documents."""
    return [c for c in collections if c not in CATALOGUE_COLLECTIONS]
