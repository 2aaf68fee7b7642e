"""Start the action server in one process.

rasa-sdk's own launcher serves through a worker process that would import the model a second
time (and fails outright once torch has fixed the multiprocessing start method); one process
that loads the index and model once is what we want on a 2-core machine.
"""

from __future__ import annotations

import argparse
import logging
import sys

from bot.conversation.clinic import ProfileError
from bot.knowledge.index import IndexUnavailable
from bot.safety.classifier import ClassifierUnavailable
from bot.settings import renamed_variables_set


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="CST/SER assistant action server")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5055)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s - %(message)s")
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
    app.run(host=args.host, port=args.port, single_process=True, access_log=False, motd=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
