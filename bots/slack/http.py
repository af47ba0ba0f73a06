"""HTTP mode: Slack's signed requests arrive at POST /slack/events in the FastAPI app."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from starlette.concurrency import run_in_threadpool

from assistant.settings import Settings
from bots.common.runtime import bot_core
from bots.slack.listener import build_slack_app


def slack_configured(settings: Settings) -> bool:
    return settings.slack_bot_token is not None and settings.slack_signing_secret is not None


def mount_slack(app: FastAPI, settings: Settings) -> None:
    """Add POST /slack/events when Slack is configured; Bolt verifies the signature and the
    5-minute timestamp window."""
    if not slack_configured(settings):
        return
    bolt = build_slack_app(settings, lambda: bot_core(app))

    @app.post("/slack/events", include_in_schema=False)
    async def slack_events(request: Request) -> Response:
        if not getattr(request.app.state, "ready", False):
            # Slack retries later; the retry is answered once the index is ready.
            return JSONResponse({"detail": "Not ready"}, status_code=503,
                                headers={"Retry-After": "10"})  # fmt: skip
        body = await request.body()
        try:
            bolt_request = to_bolt_request(request, body)
        except UnicodeDecodeError:
            return JSONResponse({"detail": "The body is not UTF-8."}, status_code=400)
        # dispatch blocks until the listener acknowledges (Bolt waits at most 3 s for that);
        # the answer itself is produced afterwards on Bolt's listener threads.
        bolt_response = await run_in_threadpool(bolt.dispatch, bolt_request)
        return to_starlette_response(bolt_response)
