"""Language of a document or chunk: langdetect, deterministic, restricted to our five languages.

langdetect alone confuses neighbours (Norwegian → Danish, Dutch → Afrikaans). We first ask the
full detector; if it names a close neighbour of one of ours, we ask again with only our
languages' profiles. Anything else is "other".

langdetect costs about 10–30 ms per chunk-sized text, more than the rest of parsing together, so
a document is detected once (on a bounded sample) and its chunks take its language unless their
function words say otherwise (`chunk_language`); only those chunks pay for a full detection.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from functools import lru_cache

from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

SUPPORTED = ("en", "nb", "nl", "vi", "sv")
OTHER = "other"
# langdetect code → ours
_OURS = {"en": "en", "no": "nb", "nl": "nl", "vi": "vi", "sv": "sv"}
# Languages that langdetect picks by mistake for short texts in one of ours.
# (German is not here: a German document is "other", not Dutch.)
_NEIGHBOURS = {"da", "af", "fy", "nn", "is", "fo", "id", "tl", "so", "cy", "et"}
_SEED = 0


@lru_cache(maxsize=2)
def _factory(restricted: bool) -> DetectorFactory:
    factory = DetectorFactory()
    factory.seed = _SEED
    if restricted:
        profiles = []
        for code in _OURS:
            with open(os.path.join(PROFILES_DIRECTORY, code), encoding="utf-8") as handle:
                profiles.append(handle.read())
        factory.load_json_profile(profiles)
    else:
        factory.load_profile(PROFILES_DIRECTORY)
    return factory


def _probabilities(text: str, restricted: bool) -> list[tuple[str, float]]:
    detector = _factory(restricted).create()
    detector.append(text)
    try:
        return [(item.lang, item.prob) for item in detector.get_probabilities()]
    except LangDetectException:
        return []


def language_scores(text: str) -> dict[str, float]:
    """Probability per supported language (restricted detector); empty if no letters."""
    return {_OURS[lang]: prob for lang, prob in _probabilities(text, restricted=True)}


def detect_language(text: str) -> str:
    """One of en/nb/nl/vi/sv, or "other"; the same text always gives the same answer."""
    text = text.strip()
    if not text:
        return OTHER
    ranked = _probabilities(text[:5000], restricted=False)
    if not ranked:
        return OTHER
    top, _ = ranked[0]
    if top in _OURS:
        return _OURS[top]
    if top in _NEIGHBOURS:
        restricted = _probabilities(text[:5000], restricted=True)
        if restricted:
            return _OURS[restricted[0][0]]
    return OTHER


# Very common words of each language. Only the words no other of our languages shares count
# (computed below), so "de", "om" or "for" never vote.
_COMMON_WORDS = {
    "en": "the and of to is are that with for this be shall will was have has which from by not "
    "it they their on at an or who when",
    "nb": "og ikke det som på med av til skal har eller også blir hvor hva kan vi de den er om "
    "for ved fra sin sine seg hver etter mellom når får",
    "nl": "de het een en van niet dat die op met voor zijn wordt worden ook bij naar uit door aan "
    "er te om als of heeft hebben we wij hun",
    "vi": "của và các những trong được cho với không là có này để về khi từ một người theo đã "
    "sẽ cũng hoặc tại nhà trường",
    "sv": "och inte det som på med av till ska har eller också blir var vad kan vi de den är om "
    "för vid från sin sina sig varje efter mellan när får",
}
_SHARED = Counter(word for words in _COMMON_WORDS.values() for word in set(words.split()))
DISTINCTIVE_WORDS: dict[str, frozenset[str]] = {
    language: frozenset(word for word in words.split() if _SHARED[word] == 1)
    for language, words in _COMMON_WORDS.items()
}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# A chunk keeps its document's language when it has at least this many of that language's
# distinctive words and at least half as many as any other of our languages.
_MIN_HITS = 2
# Chunks shorter than this take the document's language (too little text to judge).
SHORT_CHUNK_CHARS = 200


def distinctive_word_hits(text: str) -> dict[str, int]:
    """How many of each language's distinctive common words the text contains."""
    hits = dict.fromkeys(DISTINCTIVE_WORDS, 0)
    for word in _WORD.findall(text.casefold()):
        for language, words in DISTINCTIVE_WORDS.items():
            if word in words:
                hits[language] += 1
    return hits


def chunk_language(text: str, document_language: str) -> str:
    """A chunk's language: its document's, unless the chunk reads like another language.

    The check is a word count (microseconds); the full detector runs only for a chunk whose
    common words disagree with its document's language (a section in another language).
    """
    if len(text) <= SHORT_CHUNK_CHARS:
        return document_language
    hits = distinctive_word_hits(text)
    if document_language in hits:
        own = hits[document_language]
        others = max(count for language, count in hits.items() if language != document_language)
        if own >= _MIN_HITS and own * 2 >= others:
            return document_language
    elif max(hits.values()) < _MIN_HITS:
        return document_language  # "other" text with none of our languages' common words
    return detect_language(text)
