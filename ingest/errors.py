"""Why a file could not be ingested, one type per reason, each with a plain-language message."""

from __future__ import annotations


class IngestError(Exception):
    """A file that cannot be turned into chunks; the message says why in plain words."""


class UnsupportedFile(IngestError):
    """The file type is not one Clausewise reads."""


class CorruptFile(IngestError):
    """The file is damaged or is not what its extension says."""


class EncryptedFile(IngestError):
    """The file is password-protected."""


class EmptyFile(IngestError):
    """The file holds no readable text."""


class FileTooLarge(IngestError):
    """The file is above the configured size limit."""


class FileTooComplex(IngestError):
    """Reading the file took longer, or needed more memory, than the configured limits allow."""


class ParserCrashed(IngestError):
    """The parser process died on this file (a bug or a hostile file); the file is skipped."""
