"""`make run`: start both servers, say where to chat, stop both cleanly on Ctrl-C."""

from __future__ import annotations

import sys
import time

from ops.servers import ServerError, Servers, post, serve_until_interrupted


def first_answer_seconds(servers: Servers) -> float:
    started = time.monotonic()
    post(servers.rasa_url, "make-run-check", "what is craniosacral therapy?", timeout=30)
    return time.monotonic() - started


def main() -> int:
    servers = Servers()
    launched = time.monotonic()
    try:
        ready = servers.start()
        answered = first_answer_seconds(servers)
    except ServerError as error:
        print(f"Could not start the assistant: {error}", file=sys.stderr)
        return 1
    total = time.monotonic() - launched
    print(
        f"""
The assistant is running (servers ready in {ready:.1f} s; first answer {total:.1f} s after start, \
the answer itself took {answered * 1000:.0f} ms).

  Website widget (demo page):  {servers.rasa_url}/webhooks/web/
  Front-desk console:          {servers.rasa_url}/webhooks/frontdesk/
  Chat over REST:
    curl -s {servers.rasa_url}/webhooks/rest/webhook \\
      -H 'Content-Type: application/json' \\
      -d '{{"sender": "me", "message": "What is craniosacral therapy?"}}'
  Chat in this terminal:   make shell   (in another terminal)
  Logs:                    {servers.log_dir}/rasa.log, {servers.log_dir}/actions.log

Press Ctrl-C to stop both servers.""",
        flush=True,
    )

    def alive() -> bool:
        stopped = [name for name, process in servers.processes.items() if process.poll() is not None]
        for name in stopped:
            print(f"The {name} server stopped unexpectedly:\n{servers.log_tail(name)}", file=sys.stderr)
        return not stopped

    return serve_until_interrupted(servers.stop, alive)


if __name__ == "__main__":
    raise SystemExit(main())
