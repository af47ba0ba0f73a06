"""What an incoming Teams activity means for Clausewise: the question, where it came from, and
which collections that place may see. Shared by the bot and the outgoing webhook."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from microsoft_agents.activity import Activity

from bots.common.access import collections_for
from bots.common.core import Origin
from bots.teams.constants import PERSONAL, PLATFORM

_AT = re.compile(r"<at\b[^>]*>(.*?)</at>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Inbound:
    """One Teams message, read."""

    text: str  # without the bot's @mention, tags or entities
    origin: Origin
    personal: bool
    mentions_bot: bool
    channel: str | None  # channelData.channel.id
    team: str | None  # channelData.team.id
    tenant: str | None

    def collections(
        self, mapping: Mapping[str, Sequence[str]], default: Sequence[str]
    ) -> list[str]:
        """Channel and team ids, as for Slack: the most specific one mapped wins.

        Personal and group chats have no channel or team: the chat id, then the tenant id.
        """
        if self.channel or self.team:
            return collections_for(mapping, default, self.channel, self.team)
        return collections_for(mapping, default, self.origin.conversation, self.tenant)


def _nested_id(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    return value.get("id") if isinstance(value, Mapping) else None


def _mention_texts(activity: Activity) -> tuple[list[str], bool]:
    """The `<at>…</at>` texts that mention the bot, and whether there was one."""
    recipient = activity.recipient.id if activity.recipient else None
    texts: list[str] = []
    for entity in activity.get_mentions():
        mentioned = getattr(entity, "mentioned", None) or {}
        if recipient and isinstance(mentioned, Mapping) and mentioned.get("id") == recipient:
            texts.append(getattr(entity, "text", None) or "")
    return texts, bool(texts)


def clean_text(text: str, bot_mentions: Sequence[str]) -> str:
    """The question: the bot's mentions removed, other mentions kept as names, tags dropped."""
    for mention in bot_mentions:
        if mention:
            text = text.replace(mention, " ")
    text = _AT.sub(r"\1", text)
    text = html.unescape(_TAG.sub(" ", text))
    return " ".join(text.replace("\u00a0", " ").split())


def read_activity(activity: Activity, *, webhook: bool = False) -> Inbound:
    """Read a message activity (from the Bot Connector or an outgoing webhook)."""
    data = activity.channel_data if isinstance(activity.channel_data, Mapping) else {}
    conversation = activity.conversation
    conversation_id = conversation.id if conversation else ""
    personal = (getattr(conversation, "conversation_type", None) or "") == PERSONAL
    mentions, mentions_bot = _mention_texts(activity)
    if webhook:
        # An outgoing webhook is only ever called by an @mention; its name is the first <at>.
        mentions_bot = True
        first = _AT.search(activity.text or "")
        mentions = [first.group(0)] if first else []
    base, _, root = conversation_id.partition(";messageid=")
    team = _nested_id(data, "team") or data.get("teamsTeamId")
    channel = _nested_id(data, "channel") or data.get("teamsChannelId")
    tenant = _nested_id(data, "tenant") or getattr(conversation, "tenant_id", None)
    user = activity.from_property
    origin = Origin(
        platform=PLATFORM,
        conversation=base,
        # A channel thread is its root message; a personal chat is one long thread.
        thread=root or (base if personal else activity.id),
        user=(user.aad_object_id or user.id) if user else None,
        workspace=team or tenant,
    )
    return Inbound(
        text=clean_text(activity.text or "", mentions),
        origin=origin,
        personal=personal,
        mentions_bot=mentions_bot,
        channel=channel,
        team=team,
        tenant=tenant,
    )
