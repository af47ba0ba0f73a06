"""Bearer API keys, each allowed a list of collections."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from fastapi import HTTPException, Request, status

ALL_COLLECTIONS = None  # no keys configured: loopback-only server, every collection visible


@dataclass(frozen=True)
class Caller:
    """Who is asking, and which collections they may see (None = all).

    `key_id` names the key without revealing it (a hash prefix): safe for logs and limits.
    """

    key_id: str
    collections: frozenset[str] | None

    def allowed(self, requested: list[str] | None, default: list[str]) -> list[str]:
        wanted = requested or default
        if self.collections is None:
            return list(wanted)
        return [c for c in wanted if c in self.collections]

    def may_see(self, collection: str) -> bool:
        return self.collections is None or collection in self.collections


def _key_id(key: str) -> str:
    return "key:" + hashlib.sha256(key.encode()).hexdigest()[:12]


def caller_for(request: Request) -> Caller:
    """Check the Authorization header against the configured keys (constant-time)."""
    keys: dict[str, list[str]] = request.app.state.settings.api_keys
    if not keys:
        return Caller("local", ALL_COLLECTIONS)
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token:
        for key, collections in keys.items():
            if hmac.compare_digest(token.encode(), key.encode()):
                return Caller(_key_id(key), frozenset(collections))
    raise HTTPException(
        status.HTTP_401_UNAUTHORIZED,
        detail="Missing or unknown API key: send 'Authorization: Bearer <key>'.",
        headers={"WWW-Authenticate": "Bearer"},
    )
