"""Slack identifiers and Block Kit limits the renderer keeps to."""

from __future__ import annotations

PLATFORM = "slack"
COMMAND = "/clausewise"
ACTION_VOTE_UP = "clausewise_vote_up"
ACTION_VOTE_DOWN = "clausewise_vote_down"
FEEDBACK_BLOCK = "clausewise_feedback"

# https://api.slack.com/reference/block-kit/blocks: a message holds at most 50 blocks, a
# section's text at most 3,000 characters, a header's 150.
MAX_BLOCKS = 50
MAX_SECTION_CHARS = 3000
MAX_HEADER_CHARS = 150
# Past this much text a chat message stops being readable (and Slack may refuse it as
# msg_too_long): the rest is cut with a note.
MAX_MESSAGE_CHARS = 12000
# chat.postMessage truncates `text` beyond 40,000; the fallback only needs the gist.
MAX_FALLBACK_CHARS = 3000
# Slack sends a channel's events only to members; these errors mean "use response_url".
NOT_IN_CHANNEL_ERRORS = frozenset({"not_in_channel", "channel_not_found"})
