"""What a hostile caller finds on the real servers (issue 11): bodies are bounded before they are
read, only Rasa may call the action server, the front desk without a token serves direct local
requests only; widget sessions belong to their socket and their site, callers cannot name other
channels' conversations, senders and addresses have message budgets, and one long message
stalls nobody."""

from __future__ import annotations

import http.client
import json
import re
import threading
import time
import urllib.parse
import uuid
import zlib
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from bot.settings import ACTION_MAX_BODY_BYTES, MAX_BODY_BYTES
from channels.limits import ADDRESS_BUDGET, SENDER_BUDGET
from tests.e2e.client import TOKEN, Chat

pytestmark = pytest.mark.e2e


def test_an_oversized_body_is_refused_before_it_is_read(servers):
    body = b'{"sender": "big", "message": "' + b"a" * (MAX_BODY_BYTES + 1024) + b'"}'
    json_body = {"Content-Type": "application/json"}
    rasa = requests.post(
        f"{servers.rasa_url}/webhooks/rest/webhook", data=body, headers=json_body, timeout=30
    )
    assert rasa.status_code == 413
    # The action server: refused unread without the secret (401), and too large even with it.
    secret = {**json_body, "X-CST-Action-Secret": servers.action_secret}
    huge = b'{"pad": "' + b"a" * ACTION_MAX_BODY_BYTES + b'"}'
    assert requests.post(f"{servers.action_url}/webhook", data=huge, timeout=30).status_code == 401
    actions = requests.post(f"{servers.action_url}/webhook", data=huge, headers=secret, timeout=30)
    assert actions.status_code == 413


def test_long_messages_keep_getting_real_replies_turn_after_turn(servers):
    # Rasa sends the action server the whole conversation; long pastes must not push it past the
    # action server's limit (each turn would then get the "temporarily unavailable" reply).
    chat = Chat(servers.rasa_url, f"long-{uuid.uuid4().hex[:8]}")
    paste = ("my shoulders have been tight since the move and I sleep badly " * 1600)[:95_000]
    for _ in range(2):  # two long pastes use up a conversation's burst budget…
        reply = chat.ask(paste)
        assert "temporarily unavailable" not in reply["texts"]
    time.sleep(3.5)  # …which refills at 20 messages a minute
    assert chat.ask("what is SER?")["type"] == "answer"
    assert Chat(servers.rasa_url, f"long-{uuid.uuid4().hex[:8]}").ask("a" * 100_000)["type"] == "no_answer"


def test_only_rasa_may_run_actions(servers):
    forged = {
        "next_action": "action_respond",
        "sender_id": "forged",
        "tracker": {
            "sender_id": "forged",
            "latest_message": {"text": "what is SER?"},
            "events": [],
            "slots": {},
        },
        "domain": {},
    }
    assert requests.post(f"{servers.action_url}/webhook", json=forged, timeout=30).status_code == 401
    wrong = {"X-CST-Action-Secret": "guess"}
    assert (
        requests.post(f"{servers.action_url}/webhook", json=forged, headers=wrong, timeout=30).status_code
        == 401
    )
    assert requests.get(f"{servers.action_url}/health", timeout=10).status_code == 200
    # Rasa itself carries the secret: the assistant still answers.
    assert Chat(servers.rasa_url, "security-s1").ask("what is SER?")["type"] == "answer"


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Real-IP": "203.0.113.9"},
        {"Forwarded": "for=203.0.113.9"},
        {"X-Forwarded-For": "203.0.113.9"},
        {"Host": "attacker.example:15005"},  # a page on this machine reaching it by DNS rebinding
    ],
)
def test_the_front_desk_without_a_token_serves_direct_local_requests_only(servers, headers):
    url = f"{servers.rasa_url}/webhooks/frontdesk/profile"
    assert requests.get(url, timeout=10).status_code == 200
    assert requests.get(url, headers=headers, timeout=10).status_code in (401, 429)


def test_metadata_is_capped(servers):
    big = {"sender": "meta-1", "message": "what is SER?", "metadata": {"note": "x" * 3000}}
    response = requests.post(f"{servers.rasa_url}/webhooks/rest/webhook", json=big, timeout=30)
    assert response.status_code == 400 and "metadata" in response.json()["error"]


def test_repeated_refusals_at_the_front_desk_lock_out_that_client_only(servers):
    url = f"{servers.rasa_url}/webhooks/frontdesk/profile"
    proxied = {"X-Real-IP": "203.0.113.7"}  # a client behind a proxy on this machine
    statuses = [requests.get(url, headers=proxied, timeout=10).status_code for _ in range(7)]
    assert statuses[:5] == [401] * 5 and statuses[5:] == [429, 429]
    assert requests.get(url, timeout=10).status_code == 200  # the desk itself is not locked out


# --- issue 11, second part ---------------------------------------------------------------------


class Widget:
    """A real socket.io client of the widget's channel, recording what the server sends it."""

    def __init__(self, url: str, origin: str | None = None, transport: str = "websocket") -> None:
        import socketio

        self.received: dict[str, list] = {"session_confirm": [], "bot_uttered": [], "error_message": []}
        self.client = socketio.Client(reconnection=False)
        for event, seen in self.received.items():
            self.client.on(event, seen.append)
        headers = {"Origin": origin} if origin else {}
        self.client.connect(url, socketio_path="/socket.io", transports=[transport], headers=headers)

    def wait_for(self, event: str, count: int = 1, timeout: float = 30) -> list:
        deadline = time.monotonic() + timeout
        while len(self.received[event]) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.received[event]

    def join(self, session_id: str | None = None, token: str | None = None) -> dict:
        before = len(self.received["session_confirm"])
        self.client.emit("session_request", {"session_id": session_id, "session_token": token})
        return self.wait_for("session_confirm", before + 1)[-1]

    def say(self, text: str, **extra) -> None:
        self.client.emit("user_uttered", {"message": text, **extra})

    def close(self) -> None:
        self.client.disconnect()


def test_a_widget_session_belongs_to_the_socket_that_opened_it(servers):
    visitor, stranger = Widget(servers.rasa_url), Widget(servers.rasa_url)
    try:
        session = visitor.join()
        # The id alone, or with a made-up token, opens a session of the stranger's own.
        assert stranger.join(session["session_id"])["session_id"] != session["session_id"]
        assert stranger.join(session["session_id"], "0" * 64)["session_id"] != session["session_id"]
        # Posting into the visitor's session by naming it goes into the stranger's own session.
        stranger.say("what is SER?", session_id=session["session_id"])
        assert stranger.wait_for("bot_uttered")
        visitor.say("what is CST?")
        assert len(visitor.wait_for("bot_uttered")) == 1
        time.sleep(0.5)
        assert len(visitor.received["bot_uttered"]) == 1 and len(stranger.received["bot_uttered"]) == 1
    finally:
        stranger.close()
    # The visitor's own browser, after a reload, resumes with the token it was given.
    visitor.close()
    again = Widget(servers.rasa_url)
    try:
        assert again.join(session["session_id"], session["session_token"]) == session
    finally:
        again.close()


def test_a_socket_that_never_joined_a_session_cannot_post(servers):
    visitor, intruder = Widget(servers.rasa_url), Widget(servers.rasa_url)
    try:
        session = visitor.join()
        intruder.say("what is SER?", session_id=session["session_id"])
        assert intruder.wait_for("error_message")[0]["error"] == "Request a session first."
        time.sleep(0.5)
        assert visitor.received["bot_uttered"] == []
    finally:
        visitor.close()
        intruder.close()


def test_only_the_clinics_own_pages_may_open_the_widget_socket(servers):
    import socketio

    with pytest.raises(socketio.exceptions.ConnectionError):
        Widget(servers.rasa_url, origin="https://attacker.example", transport="polling")
    for origin in (servers.rasa_url, "https://example.org"):  # same-origin; the profile's website
        Widget(servers.rasa_url, origin=origin, transport="polling").close()


def test_a_caller_cannot_name_another_channels_conversation(servers):
    desk = f"{servers.rasa_url}/webhooks/frontdesk/ask"
    caller = f"c-{uuid.uuid4().hex[:8]}"
    assert requests.post(desk, json={"caller": caller, "question": "what is SER?"}, timeout=30).ok
    for name in (f"frontdesk:{caller}", f"slack:U1_C1_{caller}", "web:0123", f"{caller}\n"):
        body = {"sender": name, "message": "what are its benefits?"}
        response = requests.post(f"{servers.rasa_url}/webhooks/rest/webhook", json=body, timeout=30)
        assert response.status_code == 400, name
    # The old form of a front-desk id is now an ordinary REST conversation of its own.
    Chat(servers.rasa_url, f"frontdesk-{caller}").ask("how long is a session?")
    tracker = requests.get(
        f"{servers.rasa_url}/conversations/frontdesk:{caller}/tracker",
        params={"token": TOKEN}, timeout=30,
    ).json()
    said = [e["text"] for e in tracker["events"] if e["event"] == "user"]
    assert said == ["what is SER?"]


def test_messages_faster_than_a_person_types_are_refused_kindly(servers):
    sender = f"fast-{uuid.uuid4().hex[:8]}"
    url = f"{servers.rasa_url}/webhooks/rest/webhook"
    body = {"sender": sender, "message": "hi"}
    statuses = [requests.post(url, json=body, timeout=30) for _ in range(SENDER_BUDGET.burst + 3)]
    refused = [r for r in statuses if r.status_code == 429]
    assert refused and {r.status_code for r in statuses} <= {200, 429}
    assert "wait" in refused[0].json()["error"] and int(refused[0].headers["Retry-After"]) >= 1
    assert Chat(servers.rasa_url, f"calm-{uuid.uuid4().hex[:8]}").ask("hi")  # others go on
    # The widget: the same budget per session, said in the widget.
    widget = Widget(servers.rasa_url)
    try:
        widget.join()
        for _ in range(SENDER_BUDGET.burst + 3):
            widget.say("hi")
        error = widget.wait_for("error_message")[0]
        assert "wait" in error["error"] and error["retry_after"] >= 1
    finally:
        widget.close()
    # The console: per caller.
    desk = f"{servers.rasa_url}/webhooks/frontdesk/ask"
    caller = {"caller": f"busy-{uuid.uuid4().hex[:8]}", "question": "hi"}
    codes = [requests.post(desk, json=caller, timeout=30).status_code for _ in range(SENDER_BUDGET.burst + 3)]
    assert 429 in codes and set(codes) <= {200, 429}


def post_from(address: str, url: str, body: dict) -> int:
    """POST from another local address (127.0.0.2 is not this machine's own 127.0.0.1)."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(
        parts.hostname, parts.port, timeout=30, source_address=(address, 0)
    )
    try:
        connection.request("POST", parts.path, json.dumps(body), {"Content-Type": "application/json"})
        return connection.getresponse().status
    finally:
        connection.close()


def test_one_address_is_limited_across_many_senders(servers):
    url = f"{servers.rasa_url}/webhooks/rest/webhook"
    codes = [
        post_from("127.0.0.2", url, {"sender": f"crowd-{n}-{uuid.uuid4().hex[:6]}", "message": "hi"})
        for n in range(ADDRESS_BUDGET.burst + 10)
    ]
    assert 429 in codes and set(codes) <= {200, 429}
    assert Chat(servers.rasa_url, f"other-{uuid.uuid4().hex[:8]}").ask("hi")  # another address goes on


def test_the_server_does_not_announce_its_version(servers):
    root = requests.get(f"{servers.rasa_url}/", timeout=10)
    assert root.status_code == 200
    assert "rasa" not in root.text.lower() and not re.search(r"\d+\.\d+", root.text)
    assert "rasa" not in root.headers.get("server", "").lower()


def test_compressed_bodies_are_refused_by_the_action_server(servers):
    bomb = zlib.compress(b'{"next_action": "action_respond", "pad": "' + b"0" * 5_000_000 + b'"}')
    headers = {"X-CST-Action-Secret": servers.action_secret, "Content-Encoding": "deflate"}
    response = requests.post(f"{servers.action_url}/webhook", data=bomb, headers=headers, timeout=30)
    assert response.status_code == 415


def timed_ask(url: str, sender: str, text: str) -> float:
    started = time.perf_counter()
    requests.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=120)
    return time.perf_counter() - started


def test_a_widget_cannot_send_oversized_metadata_or_renew_its_budget_with_new_sessions(servers):
    widget = Widget(servers.rasa_url)
    try:
        widget.join()
        widget.say("hi", metadata={"note": "x" * 3000})
        assert "metadata" in widget.wait_for("error_message")[0]["error"]
        for _ in range(SENDER_BUDGET.burst + 3):
            widget.client.emit("session_request", {})
            widget.say("hi")
        errors = widget.wait_for("error_message", 2)
        assert any("wait" in e["error"] for e in errors[1:])
    finally:
        widget.close()


def test_a_100000_character_word_costs_no_more_than_a_long_message_and_stalls_nobody(servers):
    def fresh() -> str:
        return f"long-{uuid.uuid4().hex[:8]}"

    long_words = ("my back aches after the accident " * 4000)[:100_000]
    one_word = "x@" * 50_000  # the shape that made the email pattern quadratic
    words_cost = min(timed_ask(servers.rasa_url, fresh(), long_words) for _ in range(2))
    word_cost = min(timed_ask(servers.rasa_url, fresh(), one_word) for _ in range(2))
    assert word_cost <= 2 * words_cost, (word_cost, words_cost)
    # While the long word is being read, another visitor's "hi" does not wait for it.
    spent: dict[str, float] = {}
    worker = threading.Thread(
        target=lambda: spent.setdefault("word", timed_ask(servers.rasa_url, fresh(), one_word))
    )
    worker.start()
    time.sleep(0.05)
    greeting = timed_ask(servers.rasa_url, fresh(), "hi")
    worker.join()
    assert greeting < max(1.0, spent["word"] / 2), (greeting, spent["word"])
    # Nor do several at once (each from a visitor of its own, each within its budget).
    alone = min(timed_ask(servers.rasa_url, fresh(), "hi") for _ in range(3))
    with ThreadPoolExecutor(max_workers=6) as pool:
        pasting = [pool.submit(timed_ask, servers.rasa_url, fresh(), one_word) for _ in range(5)]
        time.sleep(0.3)
        during = timed_ask(servers.rasa_url, fresh(), "hi")
        slowest = max(job.result() for job in pasting)
    assert during < max(1.0, 5 * alone) and during < slowest / 2, (alone, during, slowest)


def test_a_broken_character_in_one_message_does_not_break_the_turns_after_it(servers):
    # JSON may carry a lone surrogate ("\ud83d"); the tracker keeps it, and every later turn
    # reads it again as conversation context.
    chat = Chat(servers.rasa_url, f"surrogate-{uuid.uuid4().hex[:8]}")
    assert "temporarily unavailable" not in chat.ask("hello \ud83d lol")["texts"]
    reply = chat.ask("what is SER?")
    assert reply["type"] == "answer" and "temporarily unavailable" not in reply["texts"]
