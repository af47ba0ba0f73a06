"""The Slack bot end to end: the real Bolt app mounted in the real FastAPI app, receiving events
signed exactly as Slack signs them, and posting through slack_sdk's real WebClient to a local
server that plays the Slack Web API. Assertions are on what the bot posts."""

from __future__ import annotations

import io
import json
import logging
import time

import pytest
from fake_slack import CANARY, QUALITY_CHANNEL, SIGNING_SECRET
from openpyxl import load_workbook
from typer.testing import CliRunner

from assistant.cli import app as cli
from bots.slack.constants import ACTION_VOTE_DOWN, ACTION_VOTE_UP

pytestmark = [pytest.mark.model, pytest.mark.slow]


def _post_in_thread(fake, thread: str, count: int = 1):
    def posted():
        found = [c for c in fake.of("chat.postMessage") if c.arg("thread_ts") == thread]
        return found if len(found) >= count else None

    return fake.wait(posted)


def _texts(blocks: list[dict]) -> str:
    return "\n".join(
        block.get("text", {}).get("text", "")
        + "".join(e["text"] for e in block.get("elements", []) if isinstance(e.get("text"), str))
        for block in blocks
    )


def test_mention_in_norwegian_gets_a_threaded_norwegian_answer_with_references(slack):
    """An @mention in Norwegian is answered in its thread, in Norwegian, citing complaints."""
    response = slack.mention("Hva krever ISO 21001 om klagebehandling?", ts="1700000001.000100")
    assert response.status_code == 200
    [post] = _post_in_thread(slack.fake, "1700000001.000100")
    assert post.arg("channel") == "CGENERAL"
    assert post.headers["authorization"] == "Bearer xoxb-test-token"
    blocks = post.json["blocks"] if "blocks" in post.json else json.loads(post.form["blocks"])
    text = _texts(blocks)
    assert "*Referanser*" in text
    assert "`ISO21001:8.2.3`" in text or "`ISO21001:9.1.2`" in text or "`ISO21001:8.5.5`" in text
    assert "klage" in text.lower()
    buttons = [b for b in blocks if b["type"] == "actions"][0]["elements"]
    assert [b["action_id"] for b in buttons] == [ACTION_VOTE_UP, ACTION_VOTE_DOWN]
    assert len(blocks) <= 50
    assert all(len(b.get("text", {}).get("text", "")) <= 3000 for b in blocks)


def test_follow_up_in_the_thread_uses_the_earlier_question(slack):
    """'og hva med ISO 9001?' in the thread is answered about ISO 9001, still in Norwegian."""
    root = "1700000002.000100"
    slack.mention("Hva krever ISO 21001 om klagebehandling?", ts=root)
    _post_in_thread(slack.fake, root)
    slack.mention("og hva med ISO 9001?", ts="1700000002.000200", thread_ts=root)
    first, second = _post_in_thread(slack.fake, root, count=2)
    blocks = second.json.get("blocks") or json.loads(second.form["blocks"])
    references = [line for line in _texts(blocks).splitlines() if line.startswith("• `ISO")]
    assert references, _texts(blocks)
    assert all(line.startswith("• `ISO9001:") for line in references)
    assert "*Referanser*" in _texts(blocks)


def test_retries_never_produce_a_second_answer(slack):
    """Slack's retry of the same event (X-Slack-Retry-Num) is acknowledged but not answered."""
    ts = "1700000003.000100"
    slack.mention("What does ISO 21001 say about competence?", ts=ts, event_id="EvRETRY1")
    _post_in_thread(slack.fake, ts)
    retry = slack.mention(
        "What does ISO 21001 say about competence?", ts=ts, event_id="EvRETRY1",
        headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"},
    )  # fmt: skip
    assert retry.status_code == 200
    time.sleep(1.5)
    assert len([c for c in slack.fake.of("chat.postMessage") if c.arg("thread_ts") == ts]) == 1


@pytest.mark.parametrize(
    "forgery",
    [{"secret": "not-the-signing-secret"}, {"timestamp": int(time.time()) - 6 * 60}],
    ids=["bad-signature", "stale-timestamp"],
)
def test_forged_or_stale_requests_are_rejected(slack, forgery):
    """A wrong signature, or a correct one older than 5 minutes, gets 401 and no answer."""
    ts = f"1700000004.{len(forgery['secret']) if 'secret' in forgery else 2:06d}"
    response = slack.mention("Hva er ISO 21001?", ts=ts, **forgery)
    assert response.status_code == 401
    time.sleep(0.5)
    assert not [c for c in slack.fake.of("chat.postMessage") if c.arg("thread_ts") == ts]


def test_slash_command_acknowledges_at_once_then_posts(slack):
    """/clausewise ask …: an empty 200 at once, then the answer posted into the channel."""
    before = len(slack.fake.of("chat.postMessage"))
    started = time.monotonic()
    response = slack.command("ask Vad säger ISO 21001 om kompetens?")
    assert response.status_code == 200
    assert time.monotonic() - started < 3
    post = slack.fake.wait(lambda: slack.fake.of("chat.postMessage")[before:])[0]
    assert post.arg("channel") == "CGENERAL"
    blocks = post.json.get("blocks") or json.loads(post.form["blocks"])
    assert "*Referenser*" in _texts(blocks)  # Swedish


def test_clause_command_renders_the_clause_in_the_asked_language(slack):
    """`clause ISO21001:8.5.5 nl` shows the clause with its Dutch title in a header block."""
    before = len(slack.fake.of("chat.postMessage"))
    slack.command("clause ISO21001:8.5.5 nl")
    post = slack.fake.wait(lambda: slack.fake.of("chat.postMessage")[before:])[0]
    blocks = post.json.get("blocks") or json.loads(post.form["blocks"])
    assert blocks[0]["type"] == "header"
    assert blocks[0]["text"]["text"].startswith("ISO21001:8.5.5 — ")
    assert "*Eisen*" in _texts(blocks)


def test_gap_command_uploads_a_swedish_xlsx_with_a_summary(slack):
    """`/clausewise gap ISO21001 9 sv` in a records channel uploads a Swedish workbook."""
    before = len(slack.fake.of("files.completeUploadExternal"))
    response = slack.command("gap ISO21001 9 sv", channel=QUALITY_CHANNEL)
    assert response.status_code == 200
    assert "gapanalysen" in response.text  # the immediate acknowledgement, in Swedish
    complete = slack.fake.wait(lambda: slack.fake.of("files.completeUploadExternal")[before:])[0]
    assert complete.arg("channel_id") == QUALITY_CHANNEL
    assert complete.arg("initial_comment").startswith("Gapanalys ISO21001 (9):")
    [file] = json.loads(complete.arg("files"))
    assert file["title"] == "gap-iso21001-sv.xlsx"
    upload = slack.fake.uploads()[-1]
    workbook = load_workbook(io.BytesIO(upload.body))
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert "Punkt" in header and "Status" in header
    ids = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]}
    assert ids and all(str(i).startswith("ISO21001:9.") for i in ids)


def test_a_channel_without_records_never_sees_them(slack):
    """The same question shows the record's snippet only where records are allowed, and a gap
    request in a public channel is refused."""
    question = "Hvordan registreres klager fra elever i klageloggen?"
    slack.mention(question, ts="1700000005.000100")
    slack.mention(question, ts="1700000005.000200", channel=QUALITY_CHANNEL)
    [public] = _post_in_thread(slack.fake, "1700000005.000100")
    [private] = _post_in_thread(slack.fake, "1700000005.000200")
    assert CANARY not in json.dumps(public.json or public.form, ensure_ascii=False)
    assert CANARY in json.dumps(private.json or private.form, ensure_ascii=False)

    slack.mention("gap ISO21001 8 nb", ts="1700000005.000300")
    [refusal] = _post_in_thread(slack.fake, "1700000005.000300")  # no "working…" note first
    assert "ikke tilgang" in refusal.arg("text")
    assert not [c for c in slack.fake.of("files.completeUploadExternal")
                if c.arg("channel_id") == "CGENERAL"]  # fmt: skip


def test_votes_are_stored_and_exported(slack, monkeypatch):
    """👍 on an answer is stored with question, answer and references; the user is thanked
    ephemerally; `clausewise feedback export` returns it."""
    ts = "1700000006.000100"
    slack.mention("Hva sier ISO 21001 om internrevisjon?", ts=ts)
    [post] = _post_in_thread(slack.fake, ts)
    blocks = post.json.get("blocks") or json.loads(post.form["blocks"])
    up = [b for b in blocks if b["type"] == "actions"][0]["elements"][0]
    before = len(slack.fake.responses())
    assert slack.click({"action_id": up["action_id"], "block_id": "clausewise_feedback",
                        "value": up["value"]}).status_code == 200  # fmt: skip
    thanks = slack.fake.wait(lambda: slack.fake.responses()[before:])[0]
    assert thanks.json["response_type"] == "ephemeral"
    assert thanks.json["text"] == "Takk, tilbakemeldingen er lagret."

    home = slack.client.app.state.settings.home
    monkeypatch.setenv("CLAUSEWISE_HOME", str(home))
    result = CliRunner().invoke(cli, ["feedback", "export", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = [row for row in json.loads(result.stdout) if "internrevisjon" in row["question"]]
    assert len(rows) == 1
    assert rows[0]["vote"] == "up" and rows[0]["user"] == "U1" and rows[0]["platform"] == "slack"
    assert any(ref.startswith("ISO21001:9.2") for ref in rows[0]["references"])


def test_an_internal_error_becomes_an_apology_and_a_log_line(slack, monkeypatch, caplog):
    """When answering fails, the thread gets a short apology in the asker's language and the log
    gets the error, without the question text."""
    assistant = slack.client.app.state.assistant

    def broken(*_args, **_kwargs):
        raise RuntimeError("index exploded")

    monkeypatch.setattr(assistant, "ask", broken)
    ts = "1700000007.000100"
    with caplog.at_level(logging.INFO, logger="clausewise"):
        slack.mention("Hva krever ISO 21001 om læringsmiljø og trivsel?", ts=ts)
        [post] = _post_in_thread(slack.fake, ts)
    assert post.arg("text").startswith("Beklager")
    failures = [r for r in caplog.records if r.name == "clausewise.slack" and r.exc_info]
    assert failures
    assert all("læringsmiljø" not in r.getMessage() for r in caplog.records)


def test_tokens_and_signing_secret_never_reach_the_logs(slack, caplog):
    """At DEBUG, through a whole signed request and answer, neither the bot token nor the
    signing secret appears in any log record."""
    ts = "1700000008.000100"
    with caplog.at_level(logging.DEBUG):
        slack.mention("Hva sier ISO 21001 om kommunikasjon?", ts=ts)
        _post_in_thread(slack.fake, ts)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert logged  # the DEBUG logs did run
    assert "xoxb-test-token" not in logged and SIGNING_SECRET not in logged


def test_direct_messages_are_answered_and_bot_messages_ignored(slack):
    """A DM (message.im) in Vietnamese is answered in its thread in Vietnamese; a message posted
    by a bot, or an edit, in the same DM is not answered."""
    ts = "1700000009.000100"
    dm = {"type": "message", "channel_type": "im", "channel": "D0KARI", "user": "U1", "ts": ts,
          "text": "ISO 21001 yêu cầu gì về đánh giá nội bộ?", "event_ts": ts}  # fmt: skip
    assert slack.event(dm).status_code == 200
    [post] = _post_in_thread(slack.fake, ts)
    blocks = post.json.get("blocks") or json.loads(post.form["blocks"])
    assert "*Tham chiếu*" in _texts(blocks) and "`ISO21001:9.2" in _texts(blocks)
    for ignored in ({**dm, "ts": "1700000009.000200", "bot_id": "B0OTHER"},
                    {**dm, "ts": "1700000009.000300", "subtype": "message_changed"}):  # fmt: skip
        assert slack.event(ignored).status_code == 200
    time.sleep(1.0)
    threads = {c.arg("thread_ts") for c in slack.fake.of("chat.postMessage")}
    assert not threads & {"1700000009.000200", "1700000009.000300"}
