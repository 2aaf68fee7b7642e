"""A fake Slack Web API on loopback: a real HTTP server that speaks chat.postMessage's wire
format (JSON or form body, Bearer token) and records every call, for the Slack tests."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs


class FakeSlack:
    def __init__(self, token: str) -> None:
        self.token = token
        self.posts: list[dict] = []
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/api/"

    def start(self) -> FakeSlack:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def posts_in(self, channel: str) -> list[dict]:
        with self._lock:
            return [p for p in self.posts if p.get("channel") == channel]

    def wait_for_posts(self, channel: str, count: int, timeout: float = 20.0) -> list[dict]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.posts_in(channel)
            if len(found) >= count:
                return found
            time.sleep(0.1)
        return self.posts_in(channel)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # keep test output quiet
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode()
                if self.headers.get("Content-Type", "").startswith("application/json"):
                    body = json.loads(raw or "{}")
                else:
                    body = {k: v[0] for k, v in parse_qs(raw).items()}
                if self.headers.get("Authorization") != f"Bearer {fake.token}":
                    return self._reply({"ok": False, "error": "invalid_auth"})
                if self.path.rstrip("/").endswith("/chat.postMessage"):
                    if not body.get("channel") or not (body.get("text") or body.get("blocks")):
                        return self._reply({"ok": False, "error": "no_text"})
                    with fake._lock:
                        fake.posts.append(body)
                    ts = f"{time.time():.6f}"
                    return self._reply(
                        {
                            "ok": True,
                            "channel": body["channel"],
                            "ts": ts,
                            "message": {"text": body.get("text"), "ts": ts},
                        }
                    )
                return self._reply({"ok": False, "error": "unknown_method"})

            def _reply(self, payload: dict) -> None:
                data = json.dumps(payload).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler
