"""Replies as Teams renders them: Adaptive Cards for the bot, Markdown for the outgoing webhook.

Plain dicts in the Adaptive Card schema; the handlers wrap them in activities.
"""

from __future__ import annotations

from assistant.answer import Answer
from assistant.i18n import label
from bots.common.core import AnswerReply, ClauseReply, GapReply, TextReply
from bots.common.texts import text
from bots.teams.constants import (
    ACTION_KEY,
    ADAPTIVE_CARD_VERSION,
    MAX_KEY_POINTS,
    MAX_SOURCES,
    VOTE_ACTION,
)


def _card(language: str, body: list[dict], actions: list[dict] | None = None) -> dict:
    card = {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": ADAPTIVE_CARD_VERSION,
        "lang": language,
        "body": body,
        "msteams": {"width": "Full"},
    }
    if actions:
        card["actions"] = actions
    return card


def _block(content: str, **style: object) -> dict:
    # Chat texts use Slack-style `code` marks that a TextBlock would show literally.
    return {"type": "TextBlock", "text": content.replace("`", ""), "wrap": True, **style}


def _heading(content: str) -> dict:
    return _block(content, weight="Bolder", spacing="Medium")


def _lines(content: str, **style: object) -> list[dict]:
    """One TextBlock per line: Teams drops single newlines inside a TextBlock."""
    return [_block(line, spacing="None", **style) for line in content.splitlines() if line.strip()]


def _source_line(document: str, page: int | None, language: str) -> str:
    return f"{document}, {label('page', language)} {page}" if page else document


def reference_lines(answer: Answer) -> list[str]:
    """`ISO21001:8.5.5 — title`, the title in the answer's language."""
    return [f"{reference.id} — {reference.title}" for reference in answer.references]


def answer_card(reply: AnswerReply) -> dict:
    """The answer, its key points, references and sources, with 👍 / 👎 buttons."""
    answer, language = reply.answer, reply.answer.language
    body = [_block(answer.answer)]
    body += [_block(f"- {point}", spacing="Small") for point in answer.key_points[:MAX_KEY_POINTS]]
    if answer.references:
        body.append(_heading(label("references", language)))
        body += [_block(line, spacing="None") for line in reference_lines(answer)]
    if answer.sources:
        body.append(_heading(label("sources", language)))
        for source in answer.sources[:MAX_SOURCES]:
            body.append(_block(_source_line(source.document, source.page, language),
                               weight="Bolder", size="Small", spacing="Small"))  # fmt: skip
            body.append(_block(source.snippet, isSubtle=True, size="Small", spacing="None"))
    body.append(_block(text("helpful", language), isSubtle=True, spacing="Medium"))
    actions = [
        {"type": "Action.Submit", "title": title,
         "data": {ACTION_KEY: VOTE_ACTION, "answer_id": reply.answer_id, "up": up}}
        for title, up in (("👍", True), ("👎", False))
    ]  # fmt: skip
    return _card(language, body, actions)


def clause_card(reply: ClauseReply) -> dict:
    view, language = reply.view, reply.language
    body = [_block(f"{view['id']} — {view['title'] or ''}", weight="Bolder", size="Medium")]
    if view["summary"]:
        body.append(_block(view["summary"]))
    for key in ("requirements", "evidence"):
        if view[key]:
            body.append(_heading(label(key, language)))
            body += [_block(f"- {item}", spacing="None") for item in view[key] if item]
    if view["related"]:
        body.append(_heading(label("related", language)))
        body += [
            _block(f"{rel['id']} — {rel['title'] or ''} ({label(rel['relationship'], language)})",
                   spacing="None")
            for rel in view["related"]
        ]  # fmt: skip
    return _card(language, body)


def gap_card(reply: GapReply, link: str | None, link_minutes: int) -> dict:
    """Counts by status; the XLSX as a signed link where file consent is not available."""
    language = reply.language
    checklist = reply.checklist
    title = f"{label('gap_analysis', language)} {checklist.standard}"
    counts = checklist.summary()["by_status"]
    facts = [{"title": label(status, language), "value": str(count)}
             for status, count in counts.items()]  # fmt: skip
    facts.append({"title": label("total", language), "value": str(len(checklist.items))})
    body = [_block(title, weight="Bolder", size="Medium"), {"type": "FactSet", "facts": facts}]
    if checklist.note:
        body.append(_block(checklist.note, isSubtle=True))
    actions = None
    if link:
        caption = text("download_checklist", language, minutes=str(link_minutes))
        actions = [{"type": "Action.OpenUrl", "title": caption, "url": link}]
    return _card(language, body, actions)


def text_card(reply: TextReply) -> dict:
    return _card(reply.language, _lines(reply.text))


# The outgoing webhook answers with a message text (Teams renders a Markdown subset).


def answer_markdown(reply: AnswerReply) -> str:
    answer, language = reply.answer, reply.answer.language
    lines = [answer.answer, *(f"- {point}" for point in answer.key_points[:MAX_KEY_POINTS])]
    if answer.references:
        lines += ["", f"**{label('references', language)}**"]
        lines += [f"- {line}" for line in reference_lines(answer)]
    if answer.sources:
        lines += ["", f"**{label('sources', language)}**"]
        lines += [
            f"- {_source_line(source.document, source.page, language)}: {source.snippet}"
            for source in answer.sources[:MAX_SOURCES]
        ]
    return "\n".join(lines)


def clause_markdown(reply: ClauseReply) -> str:
    view, language = reply.view, reply.language
    lines = [f"**{view['id']} — {view['title'] or ''}**", view["summary"] or ""]
    for key in ("requirements", "evidence"):
        if view[key]:
            lines += ["", f"**{label(key, language)}**", *(f"- {i}" for i in view[key] if i)]
    return "\n".join(lines)


def gap_markdown(reply: GapReply, link: str | None, link_minutes: int) -> str:
    lines = reply.summary.splitlines()
    if link:
        caption = text("download_checklist", reply.language, minutes=str(link_minutes))
        lines += ["", f"[{caption}]({link})"]
    return "\n".join(lines)
