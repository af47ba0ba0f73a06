"""Every failure a user can meet has its own exception type, with a plain-language message.

The CLI maps them to messages and exit codes, the HTTP API to status codes; nothing else
should reach a user as a traceback.
"""

from __future__ import annotations

from ingest.errors import (
    CorruptFile,
    EmptyFile,
    EncryptedFile,
    FileTooLarge,
    IngestError,
    UnsupportedFile,
)

__all__ = [
    "BackupInvalid",
    "ClausewiseError",
    "CorruptFile",
    "DocumentNotFound",
    "EmptyFile",
    "EncryptedFile",
    "FileTooLarge",
    "IngestError",
    "InvalidQuestion",
    "ModelBuildError",
    "MissingSetting",
    "ModelMissing",
    "StoreBusy",
    "StoreCorrupt",
    "UnknownClause",
    "UnsupportedFile",
]


class ClausewiseError(Exception):
    """Base of every error Clausewise reports to a user."""


class ModelMissing(ClausewiseError):
    """The configured embedding model cannot be found or loaded."""


class ModelBuildError(ClausewiseError):
    """Building the model from the pinned wheels failed (download, checksum, format)."""


class MissingSetting(ClausewiseError):
    """A token, secret or other setting the chosen feature needs is not configured."""


class StoreBusy(ClausewiseError):
    """Another process is writing to the same data folder."""


class StoreCorrupt(ClausewiseError):
    """The data folder is damaged beyond what opening it can repair."""


class BackupInvalid(ClausewiseError):
    """A backup archive that is damaged, truncated, foreign or from a newer Clausewise."""


class DocumentNotFound(ClausewiseError):
    """No document with the given id or path is in the store."""


class InvalidQuestion(ClausewiseError):
    """A question that cannot be asked: empty, or in a language we do not support."""


class UnknownClause(ClausewiseError):
    """A clause reference that is not in the catalogue; carries the nearest existing ids."""

    def __init__(self, reference: str, suggestions: list[str]) -> None:
        self.reference = reference
        self.suggestions = suggestions
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"No clause '{reference}' in the catalogue.{hint}")
