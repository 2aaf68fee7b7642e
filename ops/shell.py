"""`make shell`: chat with the assistant in the terminal over its REST channel. Uses the servers
of a running `make run`, or starts its own for the session."""

from __future__ import annotations

import json
import sys
import urllib.request
import uuid

from ops.servers import ServerError, Servers, http_ok


def ask(servers: Servers, sender: str, message: str) -> list[dict]:
    request = urllib.request.Request(
        f"{servers.rasa_url}/webhooks/rest/webhook",
        data=json.dumps({"sender": sender, "message": message}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)


def render(messages: list[dict]) -> str:
    """The composed reply from its custom payload; plain texts where there is none."""
    payloads = [m["custom"] for m in messages if isinstance(m.get("custom"), dict)]
    if not payloads:
        return "\n".join(m.get("text", "") for m in messages)
    reply = payloads[-1]
    parts = [f"[{reply.get('type')}]", reply.get("answer", ""), reply.get("source_line", "")]
    return "\n".join(p for p in parts + reply.get("notes", []) if p)


def main() -> int:
    servers = Servers()
    own = not http_ok(f"{servers.rasa_url}/")
    if own:
        print("Starting the assistant for this chat (about 15 s) ...", flush=True)
        try:
            servers.start()
        except ServerError as error:
            print(error, file=sys.stderr)
            return 1
    sender = f"shell-{uuid.uuid4().hex[:8]}"
    print("Type a question (Ctrl-D or /quit to leave).\n")
    try:
        print("bot>", render(ask(servers, sender, "/greet")).replace("\n", "\n     "))
        while True:
            try:
                line = input("you> ")
            except EOFError:
                break
            if line.strip() in {"/quit", "/exit"}:
                break
            print("bot>", render(ask(servers, sender, line)).replace("\n", "\n     "), "\n")
    except KeyboardInterrupt:
        pass
    finally:
        if own:
            servers.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
