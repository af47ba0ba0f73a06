"""The Teams side of the wire, for tests: activities as the Teams channel sends them, and a
real HTTP server on 127.0.0.1 standing in for the Bot Connector at the activity's serviceUrl."""

from __future__ import annotations

import itertools
import json
import shutil
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

from assistant.api import create_app
from assistant.service import Clausewise
from assistant.settings import Settings

BOT_ID = "28:clausewise-bot-id"
BOT_NAME = "Clausewise"
TENANT = "72f988bf-0000-4000-8000-000000000001"
TEAM = "19:quality-team@thread.tacv2"
QUALITY_CHANNEL = "19:quality-office@thread.tacv2"  # mapped to records
GENERAL_CHANNEL = "19:general@thread.tacv2"  # not mapped: catalogue only
QUALITY_CHAT = "a:1quality-lead-personal-chat"  # a personal chat mapped to records
CANARY = "ZEBRAQUOKKA-17"
RECORD = (
    "# Rutine for internrevisjon\n\n"
    f"Internrevisjon gjennomføres hver høst etter revisjonsprogrammet {CANARY}. Rektor "
    "godkjenner programmet, og funn følges opp i ledelsens gjennomgåelse innen fire uker.\n"
)
_ids = itertools.count(1_700_000_000_001)


@dataclass
class Received:
    method: str
    path: str  # percent-decoded
    headers: dict[str, str]
    body: dict | bytes


@dataclass
class Connector:
    """Records every request; answers POSTs like the Bot Connector ({"id": …})."""

    url: str = ""
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def clear(self) -> None:
        with self.lock:
            self.received.clear()

    def replies(self) -> list[Received]:
        with self.lock:
            return [r for r in self.received if r.method == "POST"]


def start_connector() -> tuple[Connector, ThreadingHTTPServer]:
    connector = Connector()
    counter = itertools.count(1)

    class Handler(BaseHTTPRequestHandler):
        def _record(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            body: dict | bytes = raw
            if "json" in (self.headers.get("Content-Type") or ""):
                body = json.loads(raw)
            with connector.lock:
                connector.received.append(
                    Received(self.command, unquote(self.path), dict(self.headers), body)
                )
            status = 201 if self.command == "PUT" else 200
            payload = json.dumps({"id": f"reply-{next(counter)}"}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_POST = do_PUT = _record

        def log_message(self, *args) -> None:  # keep test output quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    connector.url = f"http://127.0.0.1:{server.server_address[1]}/"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return connector, server


def activity(
    text: str,
    connector: Connector,
    *,
    channel: str | None = None,
    chat: str = QUALITY_CHAT,
    mention: bool = True,
    root: str | None = None,
    locale: str = "en-GB",
    **extra,
) -> dict:
    """A message activity as Teams posts it: personal chat, or a channel post (@mention)."""
    activity_id = str(next(_ids))
    sender = {"id": "29:1anne-user", "name": "Anne Jansen", "aadObjectId": "aad-anne"}
    body: dict = {
        "type": "message",
        "id": activity_id,
        "timestamp": "2026-11-21T09:30:00.000Z",
        "localTimestamp": "2026-11-21T10:30:00.000+01:00",
        "serviceUrl": connector.url,
        "channelId": "msteams",
        "from": sender,
        "recipient": {"id": BOT_ID, "name": BOT_NAME},
        "textFormat": "plain",
        "locale": locale,
        "entities": [{"type": "clientInfo", "locale": locale, "country": "NL",
                      "platform": "Web", "timezone": "Europe/Amsterdam"}],
    }  # fmt: skip
    if channel is None:
        body["text"] = text
        body["conversation"] = {"conversationType": "personal", "tenantId": TENANT, "id": chat}
        body["channelData"] = {"tenant": {"id": TENANT}}
    else:
        mention_text = f"<at>{BOT_NAME}</at>"
        body["text"] = f"{mention_text} {text}" if mention else text
        if mention:
            body["entities"].append({"type": "mention", "text": mention_text,
                                     "mentioned": {"id": BOT_ID, "name": BOT_NAME}})  # fmt: skip
        body["conversation"] = {
            "isGroup": True, "conversationType": "channel", "tenantId": TENANT,
            "id": f"{channel};messageid={root or activity_id}",
        }  # fmt: skip
        body["channelData"] = {
            "teamsChannelId": channel, "teamsTeamId": TEAM,
            "channel": {"id": channel}, "team": {"id": TEAM}, "tenant": {"id": TENANT},
        }  # fmt: skip
    body.update(extra)
    return body


def card_of(reply: Received) -> dict:
    attachments = reply.body.get("attachments") or []
    assert (
        attachments and attachments[0]["contentType"] == "application/vnd.microsoft.card.adaptive"
    )
    return attachments[0]["content"]


def card_text(card: dict) -> str:
    lines = []
    for element in card["body"]:
        if element["type"] == "TextBlock":
            lines.append(element["text"])
        elif element["type"] == "FactSet":
            lines += [f"{fact['title']}: {fact['value']}" for fact in element["facts"]]
    return "\n".join(lines)


def build_app(indexed_home: Path, target: Path, embedder, **overrides) -> tuple:
    """An app over a copy of the indexed catalogue, with settings `overrides`."""
    home = target / "home"
    shutil.copytree(indexed_home, home)
    settings = Settings(home=home, **overrides)
    return create_app(settings, Clausewise(settings, embedder=embedder)), settings
