"""Language of a document or chunk: langdetect, deterministic, restricted to our five languages.

langdetect alone confuses neighbours (Norwegian → Danish, Dutch → Afrikaans). We first ask the
full detector; if it names a close neighbour of one of ours, we ask again with only our
languages' profiles. Anything else is "other".
"""

from __future__ import annotations

import os
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
