"""Fixed bot sentences in our five languages (the assistant's own labels live in assistant.i18n)."""

from __future__ import annotations

from collections.abc import Mapping

from assistant.i18n import label

TEXTS: dict[str, dict[str, str]] = {
    "help": {
        "en": "Ask me about ISO 21001, ISO 9001 and the Swedish, Dutch, Norwegian and Vietnamese school-quality frameworks, in any of our five languages.\n• `ask <question>` (or just the question)\n• `clause ISO21001:8.5.5 [en|nb|nl|vi|sv]`: one clause\n• `gap ISO21001 7-8 sv`: a gap-analysis checklist of this channel's records as an XLSX file\n• `help`: this text\nIn a thread, a follow-up such as \"and ISO 9001?\" builds on the earlier question.",
        "nb": "Spør meg om ISO 21001, ISO 9001 og de svenske, nederlandske, norske og vietnamesiske rammeverkene for skolekvalitet, på et av våre fem språk.\n• `ask <spørsmål>` (eller bare spørsmålet)\n• `clause ISO21001:8.5.5 [en|nb|nl|vi|sv]`: ett punkt\n• `gap ISO21001 7-8 nb`: en gapanalyse av denne kanalens dokumenter som XLSX-fil\n• `help`: denne teksten\nI en tråd bygger et oppfølgingsspørsmål som «og ISO 9001?» på det forrige spørsmålet.",
        "nl": "Vraag me naar ISO 21001, ISO 9001 en de Zweedse, Nederlandse, Noorse en Vietnamese kaders voor onderwijskwaliteit, in een van onze vijf talen.\n• `ask <vraag>` (of alleen de vraag)\n• `clause ISO21001:8.5.5 [en|nb|nl|vi|sv]`: één paragraaf\n• `gap ISO21001 7-8 nl`: een gap-analyse van de documenten van dit kanaal als XLSX-bestand\n• `help`: deze tekst\nIn een thread bouwt een vervolgvraag zoals ‘en ISO 9001?’ voort op de eerdere vraag.",
        "vi": "Hãy hỏi tôi về ISO 21001, ISO 9001 và các khung chất lượng giáo dục của Thụy Điển, Hà Lan, Na Uy và Việt Nam, bằng một trong năm ngôn ngữ của chúng tôi.\n• `ask <câu hỏi>` (hoặc chỉ câu hỏi)\n• `clause ISO21001:8.5.5 [en|nb|nl|vi|sv]`: một điều khoản\n• `gap ISO21001 7-8 vi`: danh mục phân tích khoảng cách từ hồ sơ của kênh này dưới dạng tệp XLSX\n• `help`: nội dung này\nTrong một luồng, câu hỏi tiếp theo như “còn ISO 9001?” sẽ dựa trên câu hỏi trước.",
        "sv": "Fråga mig om ISO 21001, ISO 9001 och de svenska, nederländska, norska och vietnamesiska ramverken för skolkvalitet, på något av våra fem språk.\n• `ask <fråga>` (eller bara frågan)\n• `clause ISO21001:8.5.5 [en|nb|nl|vi|sv]`: en punkt\n• `gap ISO21001 7-8 sv`: en gapanalys av kanalens dokument som XLSX-fil\n• `help`: den här texten\nI en tråd bygger en följdfråga som ”och ISO 9001?” på den tidigare frågan.",
    },
    "apology": {
        "en": "Sorry, something went wrong while I was answering. It has been logged; please try again in a moment.",
        "nb": "Beklager, noe gikk galt mens jeg svarte. Feilen er logget; prøv igjen om litt.",
        "nl": "Sorry, er ging iets mis bij het beantwoorden. Het is gelogd; probeer het zo opnieuw.",
        "vi": "Xin lỗi, đã có lỗi xảy ra khi tôi trả lời. Lỗi đã được ghi lại; vui lòng thử lại sau ít phút.",
        "sv": "Förlåt, något gick fel när jag svarade. Felet är loggat; försök igen om en stund.",
    },
    "not_understood": {
        "en": "I did not understand that: {error} Type `help` to see what I can do.",
        "nb": "Det forsto jeg ikke: {error} Skriv `help` for å se hva jeg kan.",
        "nl": "Dat begreep ik niet: {error} Typ `help` om te zien wat ik kan.",
        "vi": "Tôi không hiểu yêu cầu này: {error} Gõ `help` để xem tôi có thể làm gì.",
        "sv": "Det förstod jag inte: {error} Skriv `help` för att se vad jag kan.",
    },
    "records_not_allowed": {
        "en": "This channel may not see the organisation's records, so I cannot run a gap analysis here. An administrator can allow a records collection for this channel.",
        "nb": "Denne kanalen har ikke tilgang til organisasjonens dokumenter, så jeg kan ikke lage en gapanalyse her. En administrator kan gi kanalen tilgang til en dokumentsamling.",
        "nl": "Dit kanaal mag de documenten van de organisatie niet zien, dus ik kan hier geen gap-analyse maken. Een beheerder kan een documentcollectie voor dit kanaal toestaan.",
        "vi": "Kênh này không được phép xem hồ sơ của tổ chức, vì vậy tôi không thể phân tích khoảng cách ở đây. Quản trị viên có thể cấp quyền truy cập bộ hồ sơ cho kênh này.",
        "sv": "Den här kanalen får inte se organisationens dokument, så jag kan inte göra en gapanalys här. En administratör kan ge kanalen tillgång till en dokumentsamling.",
    },
    "no_clauses": {
        "en": "No assessable clauses of {standard} match {clauses}.",
        "nb": "Ingen vurderbare punkter i {standard} passer med {clauses}.",
        "nl": "Geen toetsbare paragrafen van {standard} komen overeen met {clauses}.",
        "vi": "Không có điều khoản nào của {standard} khớp với {clauses}.",
        "sv": "Inga bedömningsbara punkter i {standard} matchar {clauses}.",
    },
    "working": {
        "en": "Working on the gap analysis of {standard}: this can take a minute.",
        "nb": "Jobber med gapanalysen av {standard}: dette kan ta et minutt.",
        "nl": "Bezig met de gap-analyse van {standard}: dit kan een minuut duren.",
        "vi": "Đang phân tích khoảng cách cho {standard}: việc này có thể mất một phút.",
        "sv": "Arbetar med gapanalysen av {standard}: det kan ta en minut.",
    },
    "helpful": {
        "en": "Was this helpful?", "nb": "Var dette nyttig?", "nl": "Was dit nuttig?",
        "vi": "Câu trả lời có hữu ích không?", "sv": "Var detta till hjälp?",
    },
    "thanks": {
        "en": "Thanks, your feedback was saved.", "nb": "Takk, tilbakemeldingen er lagret.",
        "nl": "Bedankt, je feedback is opgeslagen.", "vi": "Cảm ơn, phản hồi của bạn đã được lưu.",
        "sv": "Tack, din återkoppling har sparats.",
    },
    "download_checklist": {
        "en": "Download the checklist (XLSX, link valid for {minutes} minutes)",
        "nb": "Last ned sjekklisten (XLSX, lenken virker i {minutes} minutter)",
        "nl": "Download de checklist (XLSX, link {minutes} minuten geldig)",
        "vi": "Tải danh mục kiểm tra (XLSX, liên kết có hiệu lực trong {minutes} phút)",
        "sv": "Ladda ner checklistan (XLSX, länken gäller i {minutes} minuter)",
    },
    "file_declined": {
        "en": "All right, I did not upload the checklist.",
        "nb": "Greit, jeg lastet ikke opp sjekklisten.",
        "nl": "Goed, ik heb de checklist niet geüpload.",
        "vi": "Được, tôi không tải danh mục kiểm tra lên.",
        "sv": "Okej, jag laddade inte upp checklistan.",
    },
    "file_gone": {
        "en": "That checklist has expired: run the gap command again.",
        "nb": "Den sjekklisten er utløpt: kjør gap-kommandoen på nytt.",
        "nl": "Die checklist is verlopen: voer de gap-opdracht opnieuw uit.",
        "vi": "Danh mục kiểm tra đó đã hết hạn: hãy chạy lại lệnh gap.",
        "sv": "Den checklistan har gått ut: kör gap-kommandot igen.",
    },
    "still_working": {
        "en": "This is taking longer than Teams waits for an outgoing webhook (5 seconds). Please ask again in a moment.",
        "nb": "Dette tar lengre tid enn Teams venter på en utgående webhook (5 sekunder). Spør igjen om litt.",
        "nl": "Dit duurt langer dan Teams op een uitgaande webhook wacht (5 seconden). Vraag het zo nog eens.",
        "vi": "Việc này mất nhiều thời gian hơn mức Teams chờ một webhook gửi đi (5 giây). Vui lòng hỏi lại sau ít phút.",
        "sv": "Det här tar längre tid än Teams väntar på en utgående webhook (5 sekunder). Fråga igen om en stund.",
    },
    "more_truncated": {
        "en": "(shortened: ask about one clause for the full text)",
        "nb": "(forkortet: spør om ett punkt for hele teksten)",
        "nl": "(ingekort: vraag naar één paragraaf voor de volledige tekst)",
        "vi": "(đã rút gọn: hãy hỏi về một điều khoản để xem toàn bộ nội dung)",
        "sv": "(förkortat: fråga om en punkt för hela texten)",
    },
}  # fmt: skip


def text(key: str, language: str, **values: str) -> str:
    """The sentence `key` in `language` (English when the language is not one of ours)."""
    variants = TEXTS[key]
    return variants.get(language, variants["en"]).format(**values)


def status_counts(by_status: Mapping[str, int], language: str) -> str:
    """'3 covered, 2 partial, 1 missing' in `language`, leaving out statuses with no clauses."""
    return ", ".join(
        f"{count} {label(status, language)}" for status, count in by_status.items() if count
    )
