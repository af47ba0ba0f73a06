"""Gap checklists kept for Teams: stored once, offered by file consent or a short-lived link.

A link token is `<file id>.<expiry>.<signature>`, the signature an HMAC-SHA256 over the file id
and the expiry with a server secret, so a link cannot be forged, widened to another file or
made to live longer.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

_FILE_ID = re.compile(r"^[0-9a-f]{32}$")


class LinkRefused(Exception):
    """A token that is forged, malformed or expired (`status` is the HTTP answer)."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status


@dataclass(frozen=True)
class StoredFile:
    file_id: str
    filename: str
    content: bytes


class ChecklistFiles:
    """XLSX checklists in `folder`, each with its file name; old ones are pruned on store."""

    def __init__(self, folder: Path, secret: bytes | None, lifetime_seconds: int) -> None:
        self.folder = folder
        self.secret = secret or secrets.token_bytes(32)
        self.lifetime = lifetime_seconds

    def store(self, filename: str, content: bytes) -> str:
        self.folder.mkdir(parents=True, exist_ok=True)
        self._prune()
        file_id = secrets.token_hex(16)
        (self.folder / f"{file_id}.xlsx").write_bytes(content)
        (self.folder / f"{file_id}.json").write_text(json.dumps({"filename": filename}))
        return file_id

    def load(self, file_id: str) -> StoredFile | None:
        if not _FILE_ID.match(file_id):
            return None
        data, meta = self.folder / f"{file_id}.xlsx", self.folder / f"{file_id}.json"
        if not data.is_file() or not meta.is_file():
            return None
        filename = json.loads(meta.read_text())["filename"]
        return StoredFile(file_id, filename, data.read_bytes())

    def _prune(self) -> None:
        # Files outlive their links by one lifetime, for a file consent accepted late.
        cutoff = time.time() - 2 * self.lifetime
        for path in self.folder.glob("*.*"):
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)

    def _signature(self, file_id: str, expires: int) -> str:
        digest = hmac.new(self.secret, f"{file_id}.{expires}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")

    def token(self, file_id: str, now: float | None = None) -> str:
        expires = int((time.time() if now is None else now) + self.lifetime)
        return f"{file_id}.{expires}.{self._signature(file_id, expires)}"

    def verify(self, token: str, now: float | None = None) -> str:
        """The file id a token grants; LinkRefused (403/404) when it grants nothing."""
        parts = token.split(".")
        if len(parts) != 3 or not _FILE_ID.match(parts[0]) or not parts[1].isdigit():
            raise LinkRefused(404, "no such link")
        file_id, expires, signature = parts[0], int(parts[1]), parts[2]
        if not hmac.compare_digest(signature, self._signature(file_id, expires)):
            raise LinkRefused(403, "link signature does not match")
        if expires < (time.time() if now is None else now):
            raise LinkRefused(403, "link expired")
        return file_id
