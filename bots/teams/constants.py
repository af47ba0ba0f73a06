"""Fixed names of the Teams bot: routes, card action ids, content types, limits."""

from __future__ import annotations

PLATFORM = "teams"  # BotJournal platform for both the bot and the outgoing webhook

MESSAGES_ROUTE = "/api/messages"
FILES_ROUTE = "/teams/files/{token}"
WEBHOOK_ROUTE = "/teams/webhook"

# Action.Submit data: Teams sends it back as the `value` of a message activity.
ACTION_KEY = "clausewise"
VOTE_ACTION = "vote"

ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"
ADAPTIVE_CARD_VERSION = "1.4"  # what Teams renders on desktop, web and mobile
FILE_CONSENT_CARD = "application/vnd.microsoft.teams.card.file.consent"
FILE_INFO_CARD = "application/vnd.microsoft.teams.card.file.info"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

PERSONAL = "personal"  # conversation.conversationType of a one-to-one chat

# Bot Framework tokens: who may sign them, and where their keys are published.
BOT_FRAMEWORK_ISSUER = "https://api.botframework.com"
BOT_FRAMEWORK_KEYS = "https://login.botframework.com/v1/.well-known/keys"
ENTRA_KEYS = "https://login.microsoftonline.com/{tenant}/discovery/v2.0/keys"
ENTRA_ISSUERS = (
    "https://sts.windows.net/{tenant}/",
    "https://login.microsoftonline.com/{tenant}/v2.0",
)
MULTI_TENANT = "botframework.com"  # the token authority of a multi-tenant bot
TOKEN_LEEWAY_SECONDS = 300

# Cards stay well under Teams' 28 KB message limit.
MAX_KEY_POINTS = 6
MAX_SOURCES = 3
