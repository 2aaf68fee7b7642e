"""Log records that keep no conversation: identifiers redacted from every message, and a failure
logged as the chain of exception types only. An exception's message can quote what a person wrote
or a whole tracker (a failed call's body), and a traceback prints it."""

from __future__ import annotations

import logging

from bot.safety.privacy import redact

MAX_LOGGED_CHARS = 1_000  # a record quoting a whole message must not let a visitor fill the disk


def exception_chain(error: BaseException | None) -> str:
    """"RasaException ← ClientResponseError": the types of an exception and its causes."""
    names: list[str] = []
    seen: set[int] = set()
    while error is not None and id(error) not in seen and len(names) < 10:
        seen.add(id(error))
        names.append(type(error).__name__)
        error = error.__cause__ or error.__context__
    return " ← ".join(names)


class PrivateLogFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is left for logging to report
            return True
        if record.exc_info:
            message = f"{message} [{exception_chain(record.exc_info[1])}; traceback withheld]"
            record.exc_info, record.exc_text, record.stack_info = None, None, None
        if len(message) > MAX_LOGGED_CHARS:
            message = f"{message[:MAX_LOGGED_CHARS]} […{len(message) - MAX_LOGGED_CHARS} characters not logged]"
        redacted = redact(message)
        if redacted != record.msg or record.args:
            record.msg, record.args = redacted, ()
        return True


def keep_logs_private() -> None:
    """Install the filter on every handler of every logger configured so far (the root logger's,
    which Rasa and structlog use, and Sanic's own, which print tracebacks); call it again after
    more handlers are added. Python warnings (Rasa warns about a message it cannot parse, quoting
    it) go through logging too, instead of straight to stderr."""
    logging.captureWarnings(True)
    loggers = [logging.getLogger()] + [
        logger for logger in logging.Logger.manager.loggerDict.values() if isinstance(logger, logging.Logger)
    ]
    for handler in {handler for logger in loggers for handler in logger.handlers}:
        if not any(isinstance(f, PrivateLogFilter) for f in handler.filters):
            handler.addFilter(PrivateLogFilter())
