"""Block Kit for each kind of bot reply, kept within Slack's block and text limits."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.answer import Answer
from assistant.i18n import label
from bots.common.core import AnswerReply, ClauseReply, GapReply, Reply, TextReply
from bots.common.texts import text
from bots.slack.constants import (
    ACTION_VOTE_DOWN,
    ACTION_VOTE_UP,
    FEEDBACK_BLOCK,
    MAX_BLOCKS,
    MAX_FALLBACK_CHARS,
    MAX_HEADER_CHARS,
    MAX_MESSAGE_CHARS,
    MAX_SECTION_CHARS,
)
from bots.slack.formatting import clip, escape, split_text

# Blocks kept free for the feedback row and the "shortened" note.
_RESERVED_BLOCKS = 3


@dataclass(frozen=True)
class SlackMessage:
    text: str  # the notification and screen-reader fallback
    blocks: list[dict] = field(default_factory=list)


def _section(mrkdwn: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": mrkdwn}}


def _sections(parts: list[str], language: str) -> list[dict]:
    """Each part as one or more sections; beyond the block budget, a note says it was cut."""
    blocks: list[dict] = []
    budget = MAX_BLOCKS - _RESERVED_BLOCKS
    characters = 0
    for part in parts:
        for piece in split_text(part, MAX_SECTION_CHARS):
            characters += len(piece)
            if len(blocks) == budget or characters > MAX_MESSAGE_CHARS:
                note = text("more_truncated", language)
                return [*blocks, {"type": "context",
                                  "elements": [{"type": "mrkdwn", "text": note}]}]  # fmt: skip
            blocks.append(_section(piece))
    return blocks


def _bullets(lines: list[str]) -> str:
    return "\n".join(f"• {line}" for line in lines)


def answer_parts(answer: Answer) -> list[str]:
    """The answer, its key points, its references and its sources as mrkdwn paragraphs."""
    language = answer.language
    parts = [escape(answer.answer)]
    if answer.key_points:
        parts.append(_bullets([escape(point) for point in answer.key_points]))
    if answer.references:
        lines = [f"`{ref.id}` — {escape(ref.title)}" for ref in answer.references]
        parts.append(f"*{label('references', language)}*\n{_bullets(lines)}")
    if answer.sources:
        page = label("page", language)
        lines = []
        for source in answer.sources:
            where = f"*{escape(source.document)}*"
            if source.page is not None:
                where += f", {page} {source.page}"
            lines.append(f"{where}: _{escape(source.snippet)}_")
        parts.append(f"*{label('sources', language)}*\n{_bullets(lines)}")
    return parts


def feedback_blocks(answer_id: str, language: str) -> list[dict]:
    """The 👍 / 👎 row; the button value carries the answer id and the reply language."""
    value = f"{answer_id}:{language}"
    return [
        {"type": "context", "elements": [{"type": "mrkdwn", "text": text("helpful", language)}]},
        {
            "type": "actions",
            "block_id": FEEDBACK_BLOCK,
            "elements": [
                {
                    "type": "button",
                    "action_id": ACTION_VOTE_UP,
                    "value": value,
                    "text": {"type": "plain_text", "text": "👍", "emoji": True},
                },
                {
                    "type": "button",
                    "action_id": ACTION_VOTE_DOWN,
                    "value": value,
                    "text": {"type": "plain_text", "text": "👎", "emoji": True},
                },
            ],  # fmt: skip
        },
    ]


def clause_parts(view: dict, language: str) -> list[str]:
    parts = [escape(view["summary"])]
    if view["requirements"]:
        items = _bullets([escape(item) for item in view["requirements"]])
        parts.append(f"*{label('requirements', language)}*\n{items}")
    if view["evidence"]:
        items = _bullets([escape(item) for item in view["evidence"]])
        parts.append(f"*{label('evidence', language)}*\n{items}")
    if view["related"]:
        lines = [f"`{rel['id']}` — {escape(rel['title'] or '')} ({label(rel['relationship'], language)})"
                 for rel in view["related"]]  # fmt: skip
        parts.append(f"*{label('related', language)}*\n{_bullets(lines)}")
    if view["children"]:
        lines = [f"`{child['id']}` — {escape(child['title'] or '')}" for child in view["children"]]
        parts.append(f"*{label('children', language)}*\n{_bullets(lines)}")
    return parts


def render(reply: Reply) -> SlackMessage:
    """The message for a reply (a gap reply's file is uploaded beside this summary)."""
    if isinstance(reply, AnswerReply):
        answer = reply.answer
        blocks = _sections(answer_parts(answer), answer.language)
        blocks += feedback_blocks(reply.answer_id, answer.language)
        return SlackMessage(clip(answer.answer, MAX_FALLBACK_CHARS), blocks)
    if isinstance(reply, ClauseReply):
        view = reply.view
        heading = clip(f"{view['id']} — {view['title']}", MAX_HEADER_CHARS)
        header = {"type": "header", "text": {"type": "plain_text", "text": heading}}
        blocks = [header, *_sections(clause_parts(view, reply.language), reply.language)]
        return SlackMessage(clip(f"{heading}: {view['summary']}", MAX_FALLBACK_CHARS), blocks)
    if isinstance(reply, GapReply):
        return SlackMessage(clip(reply.summary, MAX_FALLBACK_CHARS),
                            _sections([escape(reply.summary)], reply.language))  # fmt: skip
    assert isinstance(reply, TextReply)
    # Escaped: an error may quote what the user typed (a "<!channel>" must not ping anyone);
    # the `code` marks of the help text still render.
    return SlackMessage(
        clip(reply.text, MAX_FALLBACK_CHARS), _sections([escape(reply.text)], reply.language)
    )
