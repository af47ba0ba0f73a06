"""Follow-up questions in a thread ("og hva med ISO 9001?") read with the thread's question."""

from __future__ import annotations

import re

# A follow-up opens with "and…", "what about…" in one of our languages, or is only a few words.
_OPENERS = re.compile(
    r"^\s*(?:and|what about|how about|og|hva med|hvordan med|enn|en|wat met|hoe zit het met|"
    r"och|hur är det med|hur blir det med|än|còn|và|thế còn|vậy còn)\b",
    re.IGNORECASE,
)
# What a follow-up usually swaps: the standard or law the question is about.
_STANDARD = re.compile(
    r"\b(?:NS[\s-]*|TCVN\s*)?ISO\s*/?\s*(?:IEC\s*)?\d{3,5}(?::\s?\d{4})?\b"
    r"|\b(?:skollagen|opplæringslova|onderzoekskader|kommunelova)\b",
    re.IGNORECASE,
)
SHORT_FOLLOW_UP_WORDS = 4


def is_follow_up(message: str) -> bool:
    """True when the message leans on an earlier question rather than standing alone."""
    words = re.findall(r"\w+", message)
    return bool(_OPENERS.match(message)) or 0 < len(words) <= SHORT_FOLLOW_UP_WORDS


def contextual_question(previous: str | None, message: str) -> str:
    """The question to answer: the message itself, or the thread's question adjusted by it.

    A follow-up that names another standard swaps it into the earlier question; any other
    follow-up is appended to it, so retrieval sees both.
    """
    if not previous or not is_follow_up(message):
        return message
    named = _STANDARD.findall(message)
    if named and _STANDARD.search(previous):
        return _STANDARD.sub(named[0], previous, count=1)
    rest = _OPENERS.sub("", message).strip(" ,?")
    return f"{previous} {rest}".strip()


def topic_words(message: str) -> int:
    """Words that carry content: without the opener and the named standard."""
    return len(re.findall(r"\w+", _STANDARD.sub("", _OPENERS.sub("", message))))
