"""A widget session can be resumed only with the signature the server gave it."""

from __future__ import annotations

from channels.widget_session import SESSION_PREFIX, SessionSigner


def test_a_new_session_is_named_by_the_server_and_resumes_with_its_token():
    signer = SessionSigner("secret")
    session = signer.new_session()
    assert session.session_id.startswith(SESSION_PREFIX)
    assert signer.resume(session.session_id, session.token) == session


def test_an_id_alone_a_wrong_token_or_another_servers_token_resumes_nothing():
    signer = SessionSigner("secret")
    session = signer.new_session()
    assert signer.resume(session.session_id, None) is None
    assert signer.resume(session.session_id, "0" * 64) is None
    assert SessionSigner("another secret").resume(session.session_id, session.token) is None
    assert signer.resume({"id": 1}, session.token) is None


def test_an_id_the_server_did_not_name_is_never_resumed():
    signer = SessionSigner("secret")
    # A signature over a front-desk or REST name must not open that conversation.
    assert signer.resume("frontdesk:c1", signer.sign("frontdesk:c1")) is None
    assert signer.resume("visitor-1", signer.sign("visitor-1")) is None
