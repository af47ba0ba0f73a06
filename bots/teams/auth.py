"""Who may post activities to /api/messages, and how the bot signs its replies.

Inbound: a Bot Framework or Entra JWT (RS256) whose audience is our app id, whose issuer is
the Bot Framework or our tenant, signed by a key the issuer publishes, and whose `serviceUrl`
claim (when present) matches the activity. The SDK 0.9.1 validator checks the audience only,
not the issuer, and always fetches keys from Microsoft, so the check is ours (PyJWT) while the
SDK turns the result into its ClaimsIdentity. Outbound: the SDK's MSAL connection manager
(client credentials for the app id and secret).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Protocol

import jwt
from microsoft_agents.authentication.msal import MsalConnectionManager
from microsoft_agents.hosting.core import AgentAuthConfiguration, ClaimsIdentity, Connections

from assistant.settings import Settings
from bots.teams.constants import (
    BOT_FRAMEWORK_ISSUER,
    BOT_FRAMEWORK_KEYS,
    ENTRA_ISSUERS,
    ENTRA_KEYS,
    MULTI_TENANT,
    TOKEN_LEEWAY_SECONDS,
)

log = logging.getLogger("clausewise.teams")


class Unauthenticated(Exception):
    """The request carries no token we accept (the reason is safe to log: no token text)."""


class SigningKeys(Protocol):
    """Public keys by issuer and key id."""

    def key_for(self, issuer: str, key_id: str) -> Any: ...


class PublishedKeys:
    """The keys Microsoft publishes (Bot Framework; the tenant's Entra keys), cached by PyJWT."""

    def __init__(self, tenant: str | None) -> None:
        self._clients: dict[str, jwt.PyJWKClient] = {}
        self.tenant = tenant

    def key_for(self, issuer: str, key_id: str) -> Any:
        url = (
            BOT_FRAMEWORK_KEYS
            if issuer == BOT_FRAMEWORK_ISSUER
            else ENTRA_KEYS.format(tenant=self.tenant)
        )
        client = self._clients.setdefault(url, jwt.PyJWKClient(url, cache_keys=True))
        return client.get_signing_key(key_id).key


class StaticKeys:
    """Fixed keys (tests, or an air-gapped relay): {key id: public key} for any issuer."""

    def __init__(self, keys: dict[str, Any]) -> None:
        self.keys = keys

    def key_for(self, issuer: str, key_id: str) -> Any:
        if key_id not in self.keys:
            raise Unauthenticated("unknown signing key")
        return self.keys[key_id]


class TokenValidator:
    """Checks the Authorization header of an activity against our app id and tenant."""

    def __init__(self, app_id: str, tenant: str | None, keys: SigningKeys) -> None:
        self.app_id = app_id
        self.keys = keys
        self.issuers = {BOT_FRAMEWORK_ISSUER}
        if tenant:
            self.issuers |= {issuer.format(tenant=tenant) for issuer in ENTRA_ISSUERS}

    async def validate(self, header: str | None, service_url: str | None) -> ClaimsIdentity:
        scheme, _, token = (header or "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthenticated("no bearer token")
        try:
            unverified = jwt.decode(token, options={"verify_signature": False})
            key_id = jwt.get_unverified_header(token).get("kid") or ""
        except jwt.PyJWTError as exc:
            raise Unauthenticated("malformed token") from exc
        issuer = unverified.get("iss")
        if issuer not in self.issuers:
            raise Unauthenticated("untrusted issuer")
        try:
            key = await asyncio.to_thread(self.keys.key_for, issuer, key_id)
            claims = jwt.decode(
                token, key=key, algorithms=["RS256"], audience=self.app_id, issuer=issuer,
                leeway=TOKEN_LEEWAY_SECONDS, options={"require": ["exp", "iss", "aud"]},
            )  # fmt: skip
        except jwt.PyJWTError as exc:
            raise Unauthenticated(f"token rejected ({type(exc).__name__})") from exc
        except Unauthenticated:
            raise
        except Exception as exc:  # key download failed: refuse rather than guess
            raise Unauthenticated(f"signing keys unavailable ({type(exc).__name__})") from exc
        claimed_url = claims.get("serviceurl") or claims.get("serviceUrl")
        if claimed_url and service_url and claimed_url.rstrip("/") != service_url.rstrip("/"):
            raise Unauthenticated("serviceUrl does not match the token")
        return ClaimsIdentity(claims, True, authentication_type="Bearer", security_token=token)


def anonymous_identity() -> ClaimsIdentity:
    """What the SDK treats as the Emulator: replies go out without a token."""
    return ClaimsIdentity({}, False, authentication_type="Anonymous")


def outbound_connections(settings: Settings) -> Connections | None:
    """MSAL client credentials for replies; None without an app id (anonymous replies)."""
    if not settings.teams_app_id:
        return None
    secret = settings.teams_app_password.get_secret_value() if settings.teams_app_password else None
    configuration = AgentAuthConfiguration(
        client_id=settings.teams_app_id,
        tenant_id=settings.teams_tenant_id or MULTI_TENANT,
        client_secret=secret,
    )
    return MsalConnectionManager(connections_configurations={"SERVICE_CONNECTION": configuration})
