"""Language detection: one of en/nb/nl/vi/sv or "other", right for short and long texts, stable."""

from __future__ import annotations

import pytest

from ingest.language import detect_language, language_scores

SHORT = {
    "nb": "Hvem har ansvaret for internrevisjonen på skolen?",
    "nl": "De school bespreekt de resultaten twee keer per jaar.",
    "vi": "Nhà trường tổ chức đánh giá nội bộ mỗi năm một lần.",
    "sv": "Huvudmannen ska följa upp resultaten varje termin.",
    "en": "The school reviews its quality objectives every year.",
}
LONG = {
    "nb": "Rektor har ansvaret for at skolen har et forsvarlig system for vurdering av om kravene "
    "i opplæringsloven blir oppfylt. Resultatene skal følges opp med tiltak, og elevene skal "
    "involveres i arbeidet med kvalitetsutvikling gjennom elevrådet og klassemøtene.",
    "nl": "Het bestuur is verantwoordelijk voor een stelsel van kwaliteitszorg dat de "
    "onderwijskwaliteit bewaakt en verbetert. De inspectie beoordeelt of de school haar doelen "
    "realiseert en of zij zicht heeft op de ontwikkeling van alle leerlingen.",
    "vi": "Hiệu trưởng chịu trách nhiệm xây dựng kế hoạch tự đánh giá chất lượng giáo dục của nhà "
    "trường. Kết quả tự đánh giá được công khai và gửi cho cơ quan quản lý giáo dục cấp trên để "
    "theo dõi và hỗ trợ cải tiến.",
    "sv": "Rektorn ansvarar för att skolenheten planerar, följer upp och utvecklar utbildningen. "
    "Arbetet ska dokumenteras och genomföras tillsammans med lärare, övrig personal och elever, "
    "och vårdnadshavare ska ges möjlighet att delta i arbetet.",
    "en": "Top management shall ensure that the responsibilities and authorities for relevant "
    "roles are assigned, communicated and understood within the organization. The educational "
    "organization shall determine the needs and expectations of learners.",
}
GERMAN_SHORT = "Die Schule überprüft jedes Jahr ihre Qualitätsziele mit allen Lehrkräften."
GERMAN_LONG = (
    "Die Schulleitung ist dafür verantwortlich, dass die Qualitätsziele regelmäßig überprüft "
    "werden. Die Ergebnisse werden mit dem Kollegium besprochen und im Jahresbericht "
    "veröffentlicht, damit Eltern und Schüler nachvollziehen können, welche Maßnahmen folgen."
)


@pytest.mark.parametrize("language", SHORT)
def test_short_sentence_gets_its_language(language: str) -> None:
    """A one-sentence text in each supported language is detected as that language."""
    assert detect_language(SHORT[language]) == language


@pytest.mark.parametrize("language", LONG)
def test_long_paragraph_gets_its_language(language: str) -> None:
    """A paragraph of several sentences in each supported language is detected correctly."""
    assert detect_language(LONG[language]) == language


def test_norwegian_question_is_bokmaal_not_danish() -> None:
    """A short Norwegian question (langdetect's Danish look-alike) is nb."""
    assert detect_language("Hva krever ISO 21001 om klagebehandling?") == "nb"


def test_dutch_question_is_dutch_not_afrikaans() -> None:
    """A short Dutch question is nl."""
    assert detect_language("Wat is integrale kwaliteitszorg?") == "nl"


@pytest.mark.parametrize("text", ["", "   ", "12345 !!! 67", "La escuela revisa sus objetivos."])
def test_no_letters_or_unsupported_language_is_other(text: str) -> None:
    """Empty text, digits and punctuation, and Spanish all give "other"."""
    assert detect_language(text) == "other"


@pytest.mark.parametrize("text", [GERMAN_SHORT, GERMAN_LONG], ids=["short", "long"])
def test_german_text_is_other(text: str) -> None:
    """German, which Clausewise does not support, is "other"."""
    assert detect_language(text) == "other"


@pytest.mark.parametrize("text", [LONG["nb"], SHORT["sv"], "Wat is integrale kwaliteitszorg?"])
def test_detection_is_deterministic(text: str) -> None:
    """The same text gives the same language and the same scores five times in a row."""
    assert len({detect_language(text) for _ in range(5)}) == 1
    assert len({tuple(sorted(language_scores(text).items())) for _ in range(5)}) == 1


def test_language_scores_only_name_supported_languages() -> None:
    """language_scores ranks only our languages, with the text's language on top."""
    scores = language_scores(LONG["sv"])
    assert set(scores) <= {"en", "nb", "nl", "vi", "sv"}
    assert max(scores, key=scores.get) == "sv"


def test_chunks_take_their_documents_language_without_a_full_detection(monkeypatch):
    """A chunk whose common words agree with its document never reaches langdetect."""
    import ingest.language as language

    def refuse(_text: str) -> str:
        raise AssertionError("full detection should not run")

    monkeypatch.setattr(language, "detect_language", refuse)
    for code, text in LONG.items():
        assert language.chunk_language(text, code) == code
    assert language.chunk_language("Kort.", "sv") == "sv"  # short: the document's language


def test_a_chunk_in_another_language_is_detected_on_its_own():
    """An English section in a Norwegian document, a Swedish one in a Dutch document."""
    from ingest.language import chunk_language

    assert chunk_language(LONG["en"], "nb") == "en"
    assert chunk_language(LONG["sv"], "nl") == "sv"
    assert chunk_language(GERMAN_LONG, "en") == "other"
    assert chunk_language(LONG["vi"], "other") == "vi"
