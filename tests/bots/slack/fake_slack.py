"""A local HTTP server that plays the Slack Web API (and response_url, and the file upload URL).

The bot talks to it through slack_sdk's real WebClient (base_url pointed here), so requests
arrive in Slack's real wire format: form-encoded or JSON API calls with a bearer token.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BOT_USER = "UBOT"
SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
QUALITY_CHANNEL = "CQUALITY"  # the channel mapped to records in the tests
CANARY = "Brannøvelseslogg-Kvist-7731"  # a string only the records hold


@dataclass
class Call:
    path: str
    headers: dict[str, str]
    body: bytes
    form: dict[str, str] = field(default_factory=dict)
    json: dict = field(default_factory=dict)

    @property
    def method(self) -> str:
        return self.path.removeprefix("/api/").split("?")[0]

    def arg(self, name: str):
        return self.json.get(name, self.form.get(name))


class FakeSlack:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.failures: dict[str, str] = {}  # API method -> error to answer with
        self._lock = threading.Lock()
        self._ts = 0
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                call = Call(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                kind = self.headers.get("Content-Type", "")
                if self.path.startswith("/upload/"):
                    pass  # raw file bytes, whatever the content type says
                elif "application/json" in kind:
                    call.json = json.loads(body or b"{}")
                elif "x-www-form-urlencoded" in kind:
                    call.form = dict(urllib.parse.parse_qsl(body.decode()))
                status, payload = fake.answer(call)
                with fake._lock:
                    fake.calls.append(call)
                data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeSlack:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def api_url(self) -> str:
        return f"{self.base}/api/"

    def response_url(self, name: str = "r1") -> str:
        return f"{self.base}/respond/{name}"

    def next_ts(self) -> str:
        with self._lock:
            self._ts += 1
            return f"1800000000.{self._ts:06d}"

    def answer(self, call: Call) -> tuple[int, dict | bytes]:
        if call.path.startswith("/respond/"):
            return 200, b"ok"
        if call.path.startswith("/upload/"):
            return 200, f"OK - {len(call.body)}".encode()
        method = call.method
        if method in self.failures:
            return 200, {"ok": False, "error": self.failures[method]}
        if method == "auth.test":
            return 200, {"ok": True, "url": "https://school.slack.com/", "team": "School",
                         "user": "clausewise", "team_id": "T1", "user_id": BOT_USER,
                         "bot_id": "BBOT", "is_enterprise_install": False}  # fmt: skip
        if method == "chat.postMessage":
            return 200, {"ok": True, "channel": call.arg("channel"), "ts": self.next_ts()}
        if method == "files.getUploadURLExternal":
            return 200, {"ok": True, "upload_url": f"{self.base}/upload/F1", "file_id": "F1"}
        if method == "files.completeUploadExternal":
            files = json.loads(call.arg("files") or "[]")
            return 200, {"ok": True, "files": [{"id": f["id"], "title": f.get("title")}
                                               for f in files]}  # fmt: skip
        return 200, {"ok": False, "error": "unknown_method"}

    def of(self, method: str) -> list[Call]:
        with self._lock:
            return [call for call in self.calls if call.method == method]

    def responses(self) -> list[Call]:
        with self._lock:
            return [call for call in self.calls if call.path.startswith("/respond/")]

    def uploads(self) -> list[Call]:
        with self._lock:
            return [call for call in self.calls if call.path.startswith("/upload/")]

    def wait(self, predicate, timeout: float = 60.0):
        """Poll until `predicate()` is truthy (the bot answers on its own threads)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if result := predicate():
                return result
            time.sleep(0.05)
        raise AssertionError(f"timed out; calls so far: {[c.path for c in self.calls]}")
