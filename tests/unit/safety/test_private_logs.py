"""A log record keeps no conversation: identifiers are redacted, and a failure is logged as the
types of its exceptions, never their messages or a traceback (which can quote a tracker)."""

from __future__ import annotations

import io
import logging

from bot.safety.private_logs import PrivateLogFilter, exception_chain


def logged(emit) -> str:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(PrivateLogFilter())
    logger = logging.getLogger("private-logs-test")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        emit(logger)
    finally:
        logger.removeHandler(handler)
    return stream.getvalue()


def test_a_failure_is_logged_without_the_conversation_it_carried():
    def fail(logger: logging.Logger) -> None:
        try:
            try:
                raise ValueError('body=\'{"text": "my daughter zelda has migraines"}\'')
            except ValueError as cause:
                raise RuntimeError("Failed to execute custom action") from cause
        except RuntimeError:
            logger.exception("Encountered an exception while running action")

    text = logged(fail)
    assert "Encountered an exception while running action" in text
    assert "RuntimeError ← ValueError" in text
    assert "zelda" not in text and "migraines" not in text and "Traceback" not in text


def test_identifiers_in_a_log_message_are_redacted():
    text = logged(lambda logger: logger.warning("reply to %s failed", "jane.doe@example.com"))
    assert "jane.doe@example.com" not in text and "reply to" in text


def test_an_exception_chain_that_loops_ends():
    error = ValueError("a")
    error.__context__ = error
    assert exception_chain(error) == "ValueError"
