"""Evidence signals: the vocabulary a record uses when a requirement point is in place.

Embedding similarity says a passage is *about* a clause, not that it shows the clause in place:
"no internal audit was held this year" scores like an audit programme. So each requirement
point has short phrases per language (corpus/signals/), matched in single sentence parts, and
a part that states an absence or only a plan never counts (corpus/signals/cues.yaml).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import Stemmer
import yaml
from pydantic import BaseModel, ConfigDict, field_validator

from assistant.retrieval.lexical import SNOWBALL
from ingest.catalogue import LANGUAGES, corpus_dir
from ingest.chunking import split_sentences

# Words this short must match a whole word: "plan" inside "planet" is no signal.
_WHOLE_WORD_UP_TO = 4
_WORD = re.compile(r"\w+(?:['’]\w+)?", re.UNICODE)
# A contrast ("…, but no follow-up") starts a new part: a negation after it says nothing
# about what came before.
_PART_BOUNDARY = re.compile(
    r"[;:–—]|\(|\)|,?\s+\b(?:but|however|whereas|men|maar|doch|echter|medan|nhưng|tuy nhiên)\b",
    re.IGNORECASE,
)


class PointSignals(BaseModel):
    """The phrases of one requirement point (or, as point 0, a clause's topic), per language."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    point: int = 0
    en: list[str]
    nb: list[str]
    nl: list[str]
    vi: list[str]
    sv: list[str]

    @field_validator("en", "nb", "nl", "vi", "sv")
    @classmethod
    def _phrases(cls, value: list[str]) -> list[str]:
        phrases = [" ".join(str(p).split()) for p in value if str(p).strip()]
        if not phrases:
            raise ValueError("every language needs at least one phrase")
        return phrases

    def phrases(self, language: str) -> list[str]:
        return getattr(self, language if language in LANGUAGES else "en")


class Cues(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    absence: dict[str, list[str]]
    not_yet: dict[str, list[str]]
    normative: dict[str, list[str]]


@dataclass(frozen=True)
class SignalHit:
    """A sentence part that shows a requirement point (or says it is absent)."""

    sentence: str
    part: str
    phrase: str
    affirmative: bool


def fold(text: str) -> str:
    """Lower case without diacritics (đ → d): Vietnamese records are often typed without them."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass(frozen=True)
class _Part:
    """A sentence part, prepared once for every phrase matched against it."""

    sentence: str
    text: str
    lowered: str
    words: frozenset[str]
    stems: frozenset[str]
    folded: str
    affirmative: bool


class _Phrase:
    """One phrase, prepared for matching in one language."""

    def __init__(self, phrase: str, language: str, stemmer: Stemmer.Stemmer | None) -> None:
        self.text = phrase
        words = _WORD.findall(phrase.lower())
        if stemmer is None:
            # Vietnamese: the syllable sequence, with and without diacritics.
            syllables = " ".join(words)
            self.patterns = [
                re.compile(rf"(?<!\w){re.escape(syllables)}(?!\w)"),
                re.compile(rf"(?<!\w){re.escape(fold(syllables))}(?!\w)"),
            ]
            self.words: list[tuple[str, str]] = []
        else:
            self.patterns = []
            self.words = [(word, stemmer.stemWord(word)) for word in words]

    def matches(self, part: str, words: frozenset[str], stems: frozenset[str], folded: str) -> bool:
        if self.patterns:
            return bool(self.patterns[0].search(part) or self.patterns[1].search(folded))
        # Long words also match inside compounds and inflections ("revisjon" in
        # "internrevisjonen"); stems catch the rest ("policy" and "policies").
        return all(
            word in words
            or stem in stems
            or (len(word) > _WHOLE_WORD_UP_TO and word in part)
            or (len(stem) > _WHOLE_WORD_UP_TO and stem in part)
            for word, stem in self.words
        )


class SignalMatcher:
    """Finds, in a passage, the sentence parts that carry a point's signals."""

    def __init__(
        self,
        signals: dict[str, list[PointSignals]],
        cues: Cues,
        topics: dict[str, PointSignals] | None = None,
    ) -> None:
        self.signals = signals
        self.cues = cues
        self.topics = topics or {}
        self._stemmers = {code: Stemmer.Stemmer(name) for code, name in SNOWBALL.items()}
        self._cues = {
            kind: {language: _cue_pattern(words) for language, words in table.items()}
            for kind, table in (
                ("absence", cues.absence),
                ("not_yet", cues.not_yet),
                ("normative", cues.normative),
            )
        }
        self._phrases: dict[tuple[str, int, str], list[_Phrase]] = {}

    def has(self, clause_id: str) -> bool:
        return clause_id in self.signals

    def _prepared(self, clause_id: str, point: int, language: str) -> list[_Phrase]:
        key = (clause_id, point, language)
        if key not in self._phrases:
            entry = (
                self.topics.get(clause_id)
                if point == 0
                else next((p for p in self.signals.get(clause_id, []) if p.point == point), None)
            )
            stemmer = self._stemmers.get(language)
            self._phrases[key] = (
                [_Phrase(phrase, language, stemmer) for phrase in entry.phrases(language)]
                if entry
                else []
            )
        return self._phrases[key]

    def stated_absent(self, clause_id: str, text: str, language: str) -> list[SignalHit]:
        """Sentence parts of `text` that name the clause's topic and say it is not in place."""
        return [hit for hit in self.find(clause_id, 0, text, language) if not hit.affirmative]

    def find(self, clause_id: str, point: int, text: str, language: str) -> list[SignalHit]:
        """Every sentence part of `text` that carries a signal of the point (1-based; 0 is the
        clause's topic)."""
        phrases = self._prepared(clause_id, point, language)
        if not phrases:
            return []
        hits = []
        for part in self._parts(text, language):
            phrase = next(
                (
                    p
                    for p in phrases
                    if p.matches(part.lowered, part.words, part.stems, part.folded)
                ),
                None,
            )
            if phrase is not None:
                hits.append(SignalHit(part.sentence, part.text, phrase.text, part.affirmative))
        return hits

    @lru_cache(maxsize=4096)  # noqa: B019 - one matcher per process; a passage is read per point
    def _parts(self, text: str, language: str) -> tuple[_Part, ...]:
        stemmer = self._stemmers.get(language)
        parts = []
        for sentence, part in sentence_parts(text):
            lowered = part.lower()
            words = frozenset(_WORD.findall(lowered))
            stems = frozenset(stemmer.stemWords(list(words))) if stemmer else frozenset()
            folded = fold(lowered) if language == "vi" else lowered
            # A table row's status cell ("on hold", "not started") speaks for the whole row;
            # an absence word there may be about a result ("target not met"), not the row.
            row = "|" in sentence
            affirmative = not self.denies(part, language) and not (
                row and self.denies(sentence, language, kinds=("not_yet",))
            )
            parts.append(_Part(sentence, part, lowered, words, stems, folded, affirmative))
        return tuple(parts)

    def denies(
        self, part: str, language: str, kinds: tuple[str, ...] = ("absence", "not_yet")
    ) -> bool:
        """Whether the part says something is absent or only planned (rules excepted)."""
        lowered = part.lower()
        normative = self._cues["normative"].get(language)
        if normative is not None:
            lowered = normative.sub(" ", lowered)
        return any(
            pattern.search(lowered)
            for kind in kinds
            if (pattern := self._cues[kind].get(language)) is not None
        )


def sentence_parts(text: str) -> list[tuple[str, str]]:
    """(sentence, part) pairs: lines, list items and table rows count as sentences, cut at
    contrasts and brackets."""
    parts = []
    for line in text.splitlines():
        for sentence in split_sentences(line.strip(" \t-*#>|")):
            parts += [
                (sentence, part.strip())
                for part in _PART_BOUNDARY.split(sentence)
                if len(part.split()) >= 2
            ]
    return parts


def _cue_pattern(words: list[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w.lower()) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def signals_dir() -> Path:
    return corpus_dir() / "signals"


@lru_cache(maxsize=4)
def load_matcher(folder: Path | None = None) -> SignalMatcher:
    """All signal files of corpus/signals (one per clause group) and the cue lists."""
    folder = folder or signals_dir()
    signals: dict[str, list[PointSignals]] = {}
    topics: dict[str, PointSignals] = {}
    for path in sorted(folder.glob("*.yaml")):
        if path.name == "cues.yaml":
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for clause_id, points in (data.get("signals") or {}).items():
            signals[clause_id] = [PointSignals.model_validate(point) for point in points]
        for clause_id, phrases in (data.get("topics") or {}).items():
            topics[clause_id] = PointSignals.model_validate(phrases)
    cues = Cues.model_validate(yaml.safe_load((folder / "cues.yaml").read_text(encoding="utf-8")))
    return SignalMatcher(signals, cues, topics)
