"""Start the action server in one process.

rasa-sdk's own launcher serves through a worker process that would import the model a second
time (and fails outright once torch has fixed the multiprocessing start method); one process
that loads the index and model once is what we want on a 2-core machine.
"""

from __future__ import annotations

import argparse
import hmac
import logging
import sys

from bot.conversation.clinic import ProfileError
from bot.knowledge.index import IndexUnavailable
from bot.safety.classifier import ClassifierUnavailable
from bot.safety.private_logs import keep_logs_private
from bot.settings import ACTION_MAX_BODY_BYTES, env, renamed_variables_set


def guard(app, secret: str | None) -> None:
    """Before a body is read: only Rasa may run actions (every call but the health check carries
    the shared secret that Rasa sends from endpoints.yml; a forged tracker gets 401), a body over
    the limit gets 413 (Sanic would raise only while rasa-sdk reads it, which answers 500), and a
    compressed body 415: rasa-sdk would inflate it without a limit, and our Rasa never compresses
    (COMPRESS_ACTION_SERVER_REQUEST is off by default)."""
    from sanic import response

    if not secret:
        logging.getLogger(__name__).warning("CST_ACTION_SECRET is not set: any caller may run actions.")

    @app.middleware("request")
    async def check(request):
        if request.path == "/health":
            return None
        given = request.headers.get("x-cst-action-secret", "")
        if secret and not hmac.compare_digest(given.encode(), secret.encode()):
            return response.json({"error": "Not allowed."}, status=401)
        length = request.headers.get("content-length") or "0"
        if not length.isdigit() or int(length) > ACTION_MAX_BODY_BYTES:
            return response.json({"error": "Request body too large or of unknown length."}, status=413)
        if request.headers.get("content-encoding", "identity").strip().lower() not in ("", "identity"):
            return response.json({"error": "Send the body uncompressed."}, status=415)
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="CST/SER assistant action server")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5055)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s - %(message)s")
    keep_logs_private()  # a failed action's traceback would print the tracker it was given
    for warning in renamed_variables_set():
        logging.getLogger(__name__).warning(warning)

    try:
        from actions import actions  # loads the index, model and clinic profile once
    except (IndexUnavailable, ProfileError, ClassifierUnavailable) as error:
        print(f"Action server not started: {error}", file=sys.stderr)
        return 2

    from rasa_sdk.endpoint import create_app
    from rasa_sdk.executor import ActionExecutor

    executor = ActionExecutor()
    executor.register_package(actions)
    app = create_app(executor, cors_origins=[])
    app.config.REQUEST_MAX_SIZE = ACTION_MAX_BODY_BYTES
    guard(app, env("CST_ACTION_SECRET"))
    app.run(host=args.host, port=args.port, single_process=True, access_log=False, motd=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
