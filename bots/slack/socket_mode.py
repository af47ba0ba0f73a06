"""Socket Mode: the bot connects out to Slack (no public URL), the usual choice for a school."""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt.adapter.socket_mode import SocketModeHandler

from assistant.errors import MissingSetting
from assistant.settings import Settings
from bots.common.core import BotCore
from bots.slack.listener import build_slack_app


def socket_mode_handler(settings: Settings, core: Callable[[], BotCore]) -> SocketModeHandler:
    """The Bolt app wired for Socket Mode; `start()` connects and blocks."""
    if settings.slack_app_token is None:
        raise MissingSetting(
            "Set CLAUSEWISE_SLACK_APP_TOKEN (or SLACK_APP_TOKEN), an app-level token (xapp-…) "
            "with the connections:write scope."
        )
    app = build_slack_app(settings, core, socket_mode=True)
    return SocketModeHandler(app, settings.slack_app_token.get_secret_value())
