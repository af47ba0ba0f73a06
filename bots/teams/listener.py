"""Mount the Teams bot in the FastAPI app: POST /api/messages (Microsoft 365 Agents SDK),
GET /teams/files/{token} (signed checklist links) and POST /teams/webhook (outgoing webhook)."""

from __future__ import annotations

import contextvars
import logging

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse, Response
from microsoft_agents.hosting.core import Connections, TurnContext
from microsoft_agents.hosting.fastapi import CloudAdapter

from assistant.settings import Settings
from bots.common.core import BotCore
from bots.common.runtime import bot_core
from bots.teams.auth import (
    PublishedKeys,
    SigningKeys,
    TokenValidator,
    Unauthenticated,
    anonymous_identity,
    outbound_connections,
)
from bots.teams.constants import FILES_ROUTE, MESSAGES_ROUTE, WEBHOOK_ROUTE, XLSX_TYPE
from bots.teams.files import ChecklistFiles, LinkRefused
from bots.teams.handlers.messages import ClausewiseTeamsHandler
from bots.teams.handlers.webhook import handle_webhook

# Without an app id only these peers may post activities (local development).
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})
log = logging.getLogger("clausewise.teams")

# The URL this request reached us at, for links in replies when teams_public_url is unset.
_request_base: contextvars.ContextVar[str] = contextvars.ContextVar("teams_request_base")


class TeamsBot:
    """The adapter, the handler and the checklist files of one app."""

    def __init__(self, app: FastAPI, settings: Settings) -> None:
        self.app = app
        self.settings = settings
        secret = settings.teams_file_secret
        self.files = ChecklistFiles(
            settings.home / "teams" / "files",
            secret.get_secret_value().encode() if secret else None,
            settings.teams_file_link_minutes * 60,
        )
        self.validator: TokenValidator | None = None
        if settings.teams_app_id:
            self.validator = TokenValidator(
                settings.teams_app_id, settings.teams_tenant_id,
                PublishedKeys(settings.teams_tenant_id),
            )  # fmt: skip
        self.handler = ClausewiseTeamsHandler(self)
        self.use_connections(outbound_connections(settings))

    def use_signing_keys(self, keys: SigningKeys) -> None:
        """Replace where inbound tokens' keys come from (tests; an air-gapped key relay)."""
        if self.validator is not None:
            self.validator.keys = keys

    def use_connections(self, connections: Connections | None) -> None:
        """Replace how reply tokens are obtained (tests; certificate or managed identity)."""
        self.adapter = CloudAdapter(connection_manager=connections)
        self.adapter.on_turn_error = self._on_turn_error

    async def _on_turn_error(self, turn_context: TurnContext, error: Exception) -> None:
        # The SDK's default sends the exception text to the user; ours apologises.
        await self.handler.apologise(turn_context, error)

    @property
    def core(self) -> BotCore:
        return bot_core(self.app)

    def file_link(self, file_id: str) -> str:
        base = self.settings.teams_public_url or _request_base.get("http://127.0.0.1/")
        path = FILES_ROUTE.format(token=self.files.token(file_id))
        return base.rstrip("/") + path

    async def messages(self, request: Request) -> Response:
        if not getattr(request.app.state, "ready", False):
            raise HTTPException(503, detail="Not ready yet.")  # the Bot Connector retries
        try:
            activity = await request.json()
            service_url = activity.get("serviceUrl") if isinstance(activity, dict) else None
        except ValueError:
            return JSONResponse({"detail": "Not a JSON activity."}, 400)
        if self.validator is None:
            # No app id: the Bot Framework Emulator on this machine, nobody else.
            if request.client is None or request.client.host not in LOOPBACK_HOSTS:
                log.warning("teams: refused an unauthenticated activity from another host")
                return JSONResponse(
                    {"detail": "No Teams app id is configured: /api/messages answers only "
                               "on this machine (set CLAUSEWISE_TEAMS_APP_ID)."}, 403,
                )  # fmt: skip
            request.state.claims_identity = anonymous_identity()
        else:
            try:
                request.state.claims_identity = await self.validator.validate(
                    request.headers.get("authorization"), service_url
                )
            except Unauthenticated as exc:
                log.warning("teams: refused an activity: %s", exc)
                return JSONResponse({"detail": "Unauthorized."}, 401)
        _request_base.set(str(request.base_url))
        return await self.adapter.process(request, self.handler)

    def download(self, token: str) -> Response:
        try:
            file_id = self.files.verify(token)
        except LinkRefused as exc:
            raise HTTPException(exc.status, detail=str(exc)) from None
        stored = self.files.load(file_id)
        if stored is None:
            raise HTTPException(404, detail="no such file")
        return Response(
            stored.content,
            media_type=XLSX_TYPE,
            headers={"Content-Disposition": f'attachment; filename="{stored.filename}"',
                     "Cache-Control": "private, no-store"},
        )  # fmt: skip


def mount_teams(app: FastAPI, settings: Settings) -> TeamsBot:
    """Add the Teams routes to `app` (the bot core comes from app.state at request time)."""
    bot = TeamsBot(app, settings)
    app.state.teams_bot = bot
    if not settings.teams_app_id:
        log.warning(
            "TEAMS BOT UNAUTHENTICATED: no Teams app id (CLAUSEWISE_TEAMS_APP_ID / MicrosoftAppId)"
            " is configured, so %s accepts unauthenticated activities, from this machine only "
            "(the Bot Framework Emulator). Configure the app id before connecting Teams.",
            MESSAGES_ROUTE,
        )

    @app.post(MESSAGES_ROUTE, tags=["teams"], include_in_schema=False)
    async def teams_messages(request: Request) -> Response:
        """Bot Framework activities from Teams (the bot's messaging endpoint)."""
        return await bot.messages(request)

    @app.get(FILES_ROUTE, tags=["teams"])
    def teams_file(token: str) -> Response:
        """A gap checklist (XLSX) behind a short-lived signed link."""
        return bot.download(token)

    @app.post(WEBHOOK_ROUTE, tags=["teams"], include_in_schema=False)
    async def teams_webhook(request: Request) -> Response:
        """A Teams outgoing webhook (HMAC-signed); answers within Teams' 5 seconds."""
        return await handle_webhook(request, bot)

    return bot
