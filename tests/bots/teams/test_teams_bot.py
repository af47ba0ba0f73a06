"""The Teams bot end to end: real Bot Framework activity JSON posted to /api/messages, the real
Microsoft 365 Agents SDK (0.9.1) adapter and handler, the real model over the indexed
catalogue, and replies captured by a Bot Connector stand-in (a real HTTP server on 127.0.0.1 at
the activity's serviceUrl). No app id: the unauthenticated local-development mode."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from teams_wire import (
    CANARY,
    GENERAL_CHANNEL,
    QUALITY_CHANNEL,
    QUALITY_CHAT,
    RECORD,
    activity,
    build_app,
    card_of,
    card_text,
)
from typer.testing import CliRunner

from bots.common.runtime import bot_core
from bots.common.texts import text

pytestmark = pytest.mark.model
RECORDS = ["standards", "frameworks", "records"]


@pytest.fixture(scope="module")
def client(tmp_path_factory, indexed_home, real_embedder):
    """One app for the module: a quality channel and a personal chat may see records."""
    app, _ = build_app(
        indexed_home, tmp_path_factory.mktemp("teams-bot"), real_embedder,
        bot_channel_collections={QUALITY_CHANNEL: RECORDS, QUALITY_CHAT: RECORDS},
    )  # fmt: skip
    with TestClient(app, client=("127.0.0.1", 50000)) as test_client:
        files = [("files", ("internrevisjon.md", RECORD.encode(), "text/markdown"))]
        upload = test_client.post("/v1/documents", files=files, data={"collection": "records"})
        assert upload.status_code == 200 and upload.json()["documents_added"] == 1
        yield test_client


def post(client, connector, body: dict) -> list:
    connector.clear()
    response = client.post("/api/messages", json=body)
    assert response.status_code in (200, 202), response.text
    return connector.replies()


def test_dutch_question_in_a_personal_chat_gets_a_dutch_answer_card(client, connector):
    """Real SDK, real wire format, local connector: a Dutch question in a personal chat is
    answered in the same conversation (replyToId) with a Dutch card and clause references."""
    body = activity("Wat eist ISO 21001 van de interne audit?", connector, locale="nl-NL")
    [reply] = post(client, connector, body)
    assert reply.path == f"/v3/conversations/{QUALITY_CHAT}/activities/{body['id']}"
    assert reply.body["type"] == "message"
    assert reply.body["replyToId"] == body["id"]
    assert reply.body["conversation"]["id"] == QUALITY_CHAT
    assert reply.body["recipient"]["id"] == body["from"]["id"]
    card = card_of(reply)
    assert card["lang"] == "nl" and card["version"] == "1.4"
    content = card_text(card)
    assert "Verwijzingen" in content
    assert "ISO21001:9.2" in content  # internal audit, with its Dutch title
    assert "Interne audit" in content or "interne audit" in content
    votes = [a for a in card["actions"] if a["type"] == "Action.Submit"]
    assert [a["title"] for a in votes] == ["👍", "👎"]


def test_channel_mention_is_stripped_and_the_reply_goes_to_the_thread(client, connector):
    """Real SDK, real wire format, local connector: an @mention in a channel thread is answered
    in that thread; the <at> text is not part of the question; chatter without one is ignored."""
    body = activity("Hva krever ISO 21001 om klagebehandling?", connector, channel=GENERAL_CHANNEL)
    [reply] = post(client, connector, body)
    conversation = body["conversation"]["id"]
    assert ";messageid=" in conversation
    assert reply.path == f"/v3/conversations/{conversation}/activities/{body['id']}"
    assert reply.body["replyToId"] == body["id"]
    card = card_of(reply)
    assert card["lang"] == "nb" and "Referanser" in card_text(card)
    journal = bot_core(client.app).journal
    [answered] = [row for row in _answers(journal) if row[1] == body["from"]["aadObjectId"]][-1:]
    assert answered[0] == "Hva krever ISO 21001 om klagebehandling?"  # no "<at>Clausewise</at>"
    chatter = activity("lunch at twelve?", connector, channel=GENERAL_CHANNEL, mention=False)
    assert post(client, connector, chatter) == []


def _answers(journal) -> list[tuple[str, str]]:
    with journal._connect() as db:
        return db.execute(
            "SELECT question, user FROM answers ORDER BY created_at, rowid"
        ).fetchall()


def test_a_channel_without_records_never_sees_a_records_snippet(client, connector):
    """Real SDK, real wire format, local connector: the same question about our records shows
    the canary snippet in the channel mapped to records, and never in an unmapped channel."""
    question = "Hvordan gjennomføres internrevisjon etter revisjonsprogrammet hver høst?"
    [mapped] = post(client, connector, activity(question, connector, channel=QUALITY_CHANNEL))
    assert CANARY in json.dumps(mapped.body)
    assert "Kilder i dokumentene deres" in card_text(card_of(mapped))
    [unmapped] = post(client, connector, activity(question, connector, channel=GENERAL_CHANNEL))
    assert CANARY not in json.dumps(unmapped.body)
    assert "Kilder i dokumentene deres" not in card_text(card_of(unmapped))
    gap = activity("gap ISO21001 9 nb", connector, channel=GENERAL_CHANNEL)
    [refused] = post(client, connector, gap)
    assert "har ikke tilgang" in card_text(card_of(refused))


def test_votes_are_stored_and_exported(client, connector, monkeypatch):
    """Real SDK, real wire format, local connector: 👍 is an Action.Submit that arrives as a
    message activity with a value; it is stored in the journal and in `clausewise feedback
    export`, and thanked in the answer's language."""
    question = activity("Welke eisen stelt ISO 21001 aan klachtenbehandeling?", connector)
    [answer] = post(client, connector, question)
    vote = next(a for a in card_of(answer)["actions"] if a["title"] == "👍")
    submit = activity("", connector, value=vote["data"], replyToId="1:reply-card-id")
    submit.pop("text")
    [thanks] = post(client, connector, submit)
    assert thanks.body["text"] == text("thanks", "nl")
    rows = bot_core(client.app).journal.feedback()
    assert rows[-1].vote == "up" and rows[-1].platform == "teams"
    assert rows[-1].question == "Welke eisen stelt ISO 21001 aan klachtenbehandeling?"
    from assistant.cli import app as cli

    monkeypatch.setenv("CLAUSEWISE_HOME", str(client.app.state.settings.home))
    exported = CliRunner().invoke(cli, ["feedback", "export", "--format", "json"])
    assert exported.exit_code == 0, exported.output
    votes = json.loads(exported.stdout)
    assert votes[-1]["vote"] == "up" and votes[-1]["user"] == "aad-anne"


def test_a_redelivered_activity_is_answered_once(client, connector):
    """Real SDK, real wire format, local connector: the Bot Connector may post an activity
    again; the second delivery is acknowledged and not answered."""
    body = activity("clause ISO21001:8.5.5 vi", connector)
    [first] = post(client, connector, body)
    assert "Bảo vệ và minh bạch dữ liệu của người học" in card_text(card_of(first))
    assert post(client, connector, body) == []


def test_help_and_bad_commands_answer_in_the_asked_language(client, connector):
    """Real SDK, real wire format, local connector: `hjelp` gets the Norwegian help text."""
    [reply] = post(client, connector, activity("hjelp", connector))
    card = card_of(reply)
    assert card["lang"] == "nb" and "Spør meg om ISO 21001" in card_text(card)
    [bad] = post(client, connector, activity("gap ISO27001 7-8", connector))
    assert "Name the standard" in card_text(card_of(bad))


def test_gap_in_a_channel_gives_counts_and_a_signed_link(client, connector):
    """Real SDK, real wire format, local connector: a gap request in a records channel gets a
    'working' note, then a card with counts by status and a short-lived signed XLSX link;
    forged, altered or expired links are refused."""
    body = activity("gap ISO21001 9 nl", connector, channel=QUALITY_CHANNEL)
    working, result = post(client, connector, body)
    assert working.body["text"] == text("working", "nl", standard="ISO21001")
    card = card_of(result)
    assert card["lang"] == "nl" and "Gap-analyse ISO21001" in card_text(card)
    facts = {f["title"] for f in card["body"][1]["facts"]}
    assert {"aanwezig", "gedeeltelijk", "ontbreekt", "Totaal"} <= facts
    [link] = [a["url"] for a in card["actions"] if a["type"] == "Action.OpenUrl"]
    path = link.split("://", 1)[1].split("/", 1)[1]
    download = client.get("/" + path)
    assert download.status_code == 200 and download.content[:2] == b"PK"
    assert 'filename="gap-iso21001-nl.xlsx"' in download.headers["content-disposition"]
    file_id, expires, signature = path.rsplit("/", 1)[1].split(".")
    forged = f"{file_id}.{int(expires) + 3600}.{signature}"
    assert client.get(f"/teams/files/{forged}").status_code == 403
    files = client.app.state.teams_bot.files
    expired = files.token(file_id, now=0)
    assert client.get(f"/teams/files/{expired}").status_code == 403
    assert client.get("/teams/files/not-a-token").status_code == 404


def test_gap_in_a_personal_chat_offers_the_file_by_consent(client, connector):
    """Real SDK, real wire format, local connector: in a personal chat the XLSX comes as a
    file consent card; accepting (a fileConsent/invoke) uploads it to the given URL and posts
    a file info card."""
    body = activity("gap ISO21001 9 sv", connector)
    working, summary, consent = post(client, connector, body)
    assert "Gapanalys ISO21001" in card_text(card_of(summary))
    attachment = consent.body["attachments"][0]
    assert attachment["contentType"] == "application/vnd.microsoft.teams.card.file.consent"
    assert attachment["name"] == "gap-iso21001-sv.xlsx"
    context = attachment["content"]["acceptContext"]
    invoke = activity("", connector, type="invoke", name="fileConsent/invoke", value={
        "type": "fileUpload", "action": "accept", "context": context,
        "uploadInfo": {"name": "gap-iso21001-sv.xlsx", "fileType": "xlsx",
                       "uploadUrl": f"{connector.url}upload/session-1",
                       "contentUrl": "https://contoso.sharepoint.test/gap-iso21001-sv.xlsx",
                       "uniqueId": "file-unique-1"},
    })  # fmt: skip
    invoke.pop("text")
    connector.clear()
    response = client.post("/api/messages", json=invoke)
    assert response.status_code == 200
    upload = next(r for r in connector.received if r.method == "PUT")
    assert upload.path == "/upload/session-1" and upload.body[:2] == b"PK"
    assert upload.headers["Content-Range"] == f"bytes 0-{len(upload.body) - 1}/{len(upload.body)}"
    [info] = connector.replies()
    card = info.body["attachments"][0]
    assert card["contentType"] == "application/vnd.microsoft.teams.card.file.info"
    assert card["content"]["uniqueId"] == "file-unique-1"


def test_an_internal_error_becomes_an_apology_and_a_log_line(client, connector, monkeypatch,
                                                            caplog):  # fmt: skip
    """Real SDK, real wire format, local connector: when the core fails, the user gets a short
    apology in their language, the log a line without the question, never silence."""

    def broken(*_args, **_kwargs):
        raise RuntimeError("index exploded: secret snippet text")

    monkeypatch.setattr(bot_core(client.app), "handle", broken)
    body = activity("Wat zegt ISO 21001 over welzijn van lerenden?", connector, locale="nl-NL")
    with caplog.at_level("INFO", logger="clausewise.teams"):
        [reply] = post(client, connector, body)
    assert reply.body["text"] == text("apology", "nl")
    assert "RuntimeError" in caplog.text
    assert "welzijn" not in caplog.text and "secret snippet" not in caplog.text
