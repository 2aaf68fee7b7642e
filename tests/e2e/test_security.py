"""What a hostile caller finds on the real servers (issue 11, first part): bodies are bounded
before they are read, only Rasa may call the action server, and the front desk without a token
serves direct local requests only."""

from __future__ import annotations

import pytest
import requests

from bot.settings import MAX_BODY_BYTES
from tests.e2e.client import Chat

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
    actions = requests.post(f"{servers.action_url}/webhook", data=body, headers=secret, timeout=30)
    assert actions.status_code == 413
    # …and a message at the limit of what the assistant reads still gets its friendly reply.
    assert Chat(servers.rasa_url, "security-long").ask("a" * 100_000)["type"] == "no_answer"


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


def test_repeated_refusals_at_the_front_desk_are_throttled(servers):
    url = f"{servers.rasa_url}/webhooks/frontdesk/profile"
    proxied = {"X-Forwarded-For": "203.0.113.7"}
    statuses = [requests.get(url, headers=proxied, timeout=10).status_code for _ in range(7)]
    assert statuses[-1] == 429 and set(statuses) <= {401, 429}
