"""`make shell`: chat with the assistant in the terminal over its REST channel. Uses the servers
of a running `make run`, or starts its own for the session."""

from __future__ import annotations

import sys
import uuid

from bot.render import plain_text
from bot.reply import composed_payload
from ops.servers import ServerError, Servers, http_ok, post


def ask(servers: Servers, sender: str, message: str) -> list[dict]:
    return post(servers.rasa_url, sender, message)


def render(messages: list[dict]) -> str:
    """The composed reply as the terminal shows it; plain texts where there is none."""
    payloads = [p for p in (composed_payload(m) for m in messages) if p]
    if not payloads:
        return "\n".join(m.get("text", "") for m in messages)
    return plain_text(payloads[-1])


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
