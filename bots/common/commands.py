"""The bot command language: `ask …` (the default), `clause <id>`, `gap <standard> …`, `help`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from assistant.errors import InvalidQuestion
from ingest.catalogue import LANGUAGES

CommandKind = Literal["ask", "clause", "gap", "help"]

# "help" in our five languages, so the help text can answer in the asker's language.
_HELP_WORDS = {"help": "en", "hjelp": "nb", "hulp": "nl", "hjälp": "sv", "trợ giúp": "vi",
               "giúp": "vi", "tro giup": "vi", "?": "en"}  # fmt: skip
_STANDARD = re.compile(r"^(?:iso\s*)?(21001|9001)\b", re.IGNORECASE)
_RANGE = re.compile(r"^(\d{1,2})\s*-\s*(\d{1,2})$")
_CLAUSE = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2}){0,2}|[A-G])$", re.IGNORECASE)


@dataclass(frozen=True)
class Command:
    """One parsed chat message or slash command."""

    kind: CommandKind
    text: str = ""  # the question (ask) or the clause reference (clause)
    language: str | None = None
    standard: str | None = None
    clauses: list[str] = field(default_factory=list)


def _split_language(words: list[str]) -> tuple[list[str], str | None]:
    if words and words[-1].lower() in LANGUAGES:
        return words[:-1], words[-1].lower()
    return words, None


def parse_clause_spec(spec: str) -> list[str]:
    """`7-8`, `7,8.5` or `8 9.1` → clause numbers; an empty spec means every clause."""
    clauses: list[str] = []
    for part in re.split(r"[,\s;]+", spec.strip()):
        if not part:
            continue
        if match := _RANGE.match(part):
            first, last = int(match.group(1)), int(match.group(2))
            if first > last or last - first > 20:
                raise InvalidQuestion(
                    f"'{part}' is not a clause range: write it low-high, e.g. 7-8."
                )
            clauses.extend(str(number) for number in range(first, last + 1))
        elif _CLAUSE.match(part):
            clauses.append(part.upper() if part.isalpha() else part)
        else:
            raise InvalidQuestion(
                f"'{part}' is not a clause: use numbers like 8, 8.5 or a range like 7-8."
            )
    return clauses


def parse_command(text: str) -> Command:
    """Read a message: the first word picks the command; anything else is a question."""
    text = " ".join(text.split())
    lowered = text.lower()
    if not text or lowered in _HELP_WORDS:
        return Command("help", language=_HELP_WORDS.get(lowered, "en"))
    first, _, rest = text.partition(" ")
    keyword = first.lower()
    if keyword == "ask":
        if not rest:
            raise InvalidQuestion("Write the question after 'ask'.")
        return Command("ask", text=rest)
    if keyword == "clause":
        words, language = _split_language(rest.split())
        if not words:
            raise InvalidQuestion("Write the clause after 'clause', e.g. clause ISO21001:8.5.5.")
        return Command("clause", text=" ".join(words), language=language)
    if keyword == "gap":
        match = _STANDARD.match(rest)
        if not match:
            raise InvalidQuestion(
                "Name the standard after 'gap', e.g. gap ISO21001 7-8 sv (ISO21001 or ISO9001)."
            )
        words, language = _split_language(rest[match.end() :].split())
        return Command(
            "gap",
            standard=f"ISO{match.group(1)}",
            clauses=parse_clause_spec(" ".join(words)),
            language=language,
        )
    return Command("ask", text=text)
