"""Authentication of POST /api/messages with an app id configured: the real Microsoft 365 Agents
SDK adapter and real Bot Framework activity JSON against a local connector on 127.0.0.1.
Tokens are RS256 JWTs signed with a key made here and published to the app as its signing
keys; reply tokens come from a stand-in for the MSAL connection (nothing calls Microsoft)."""

from __future__ import annotations

import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi.testclient import TestClient
from teams_wire import activity, build_app, card_of

from bots.teams.auth import StaticKeys

pytestmark = pytest.mark.model
APP_ID = "8f0c2b6e-0000-4000-8000-00000000a11d"
TENANT = "72f988bf-0000-4000-8000-000000000001"
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
OTHER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


class _Token:
    async def get_access_token(self, resource_url, scopes, force_refresh=False) -> str:
        return "outbound-token-for-tests"


class FakeConnections:
    """Stands in for MsalConnectionManager: a fixed reply token, no login.microsoftonline.com."""

    def get_token_provider(self, claims_identity, service_url):
        return _Token()

    def get_connection(self, name):
        return _Token()

    def get_default_connection(self):
        return _Token()

    def get_default_connection_configuration(self):
        return None


@pytest.fixture(scope="module")
def client(tmp_path_factory, indexed_home, real_embedder):
    app, _ = build_app(
        indexed_home, tmp_path_factory.mktemp("teams-auth"), real_embedder,
        teams_app_id=APP_ID, teams_app_password="not-a-real-secret", teams_tenant_id=TENANT,
    )  # fmt: skip
    with TestClient(app, client=("127.0.0.1", 50000)) as test_client:
        bot = app.state.teams_bot
        bot.use_signing_keys(StaticKeys({"test-key": KEY.public_key()}))
        bot.use_connections(FakeConnections())
        yield test_client


def token(service_url: str, *, key=KEY, kid="test-key", **claims) -> str:
    now = int(time.time())
    payload = {"iss": "https://api.botframework.com", "aud": APP_ID, "iat": now - 10,
               "nbf": now - 10, "exp": now + 3600, "serviceurl": service_url} | claims  # fmt: skip
    return jwt.encode(payload, key, algorithm="RS256", headers={"kid": kid})


def test_unauthenticated_or_forged_activities_are_refused(client, connector):
    """Real SDK, real wire format, local connector: without a valid Bot Framework token the
    activity is 401 and nothing is answered."""
    body = activity("Wat eist ISO 21001 van de interne audit?", connector)
    url = connector.url
    expired = token(url, exp=int(time.time()) - 3600, iat=int(time.time()) - 7200)
    refused = {
        "no header": None,
        "not bearer": "Basic dXNlcjpwYXNz",
        "garbage": "Bearer not.a.jwt",
        "other key": f"Bearer {token(url, key=OTHER_KEY)}",
        "unknown key id": f"Bearer {token(url, kid='other')}",
        "wrong audience": f"Bearer {token(url, aud='someone-elses-bot')}",
        "wrong issuer": f"Bearer {token(url, iss='https://evil.example/')}",
        "expired": f"Bearer {expired}",
        "other service url": f"Bearer {token('https://smba.evil.example/')}",
    }
    connector.clear()
    for case, header in refused.items():
        headers = {"Authorization": header} if header else {}
        response = client.post("/api/messages", json=body, headers=headers)
        assert response.status_code == 401, case
    assert connector.received == []


def test_a_valid_token_is_answered_with_a_signed_reply(client, connector):
    """Real SDK, real wire format, local connector: a correctly signed token is accepted and
    the reply carries the bot's own token from the connection manager."""
    body = activity("Wat eist ISO 21001 van de interne audit?", connector, locale="nl-NL")
    connector.clear()
    headers = {"Authorization": f"Bearer {token(connector.url)}"}
    response = client.post("/api/messages", json=body, headers=headers)
    assert response.status_code in (200, 202)
    [reply] = connector.replies()
    assert reply.headers["Authorization"] == "Bearer outbound-token-for-tests"
    assert card_of(reply)["lang"] == "nl"
    tenant_token = token(connector.url, iss=f"https://login.microsoftonline.com/{TENANT}/v2.0")
    again = activity("help", connector)
    assert client.post("/api/messages", json=again,
                       headers={"Authorization": f"Bearer {tenant_token}"}).status_code in (200, 202)  # fmt: skip
