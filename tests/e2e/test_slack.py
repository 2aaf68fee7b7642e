"""Slack, against the real Rasa server, with a fake Slack Web API on loopback. Requests are
signed exactly as Slack signs them: v0 HMAC-SHA256 of "v0:timestamp:body"."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid

import pytest
import requests

from bot.render import LABELS
from bot.reply import ReplyType
from tests.e2e.conftest import SLACK_SECRET

pytestmark = pytest.mark.e2e


def signed_post(
    url: str,
    payload: dict,
    *,
    secret: str = SLACK_SECRET,
    timestamp: int | None = None,
    headers: dict | None = None,
) -> requests.Response:
    body = json.dumps(payload)
    ts = str(int(time.time()) if timestamp is None else timestamp)
    signature = "v0=" + hmac.new(secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    return requests.post(
        url,
        data=body,
        headers={
            "Content-Type": "application/json",
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": signature,
            **(headers or {}),
        },
        timeout=10,
    )


def direct_message(
    text: str, channel: str, ts: str = "1700000000.000100", thread_ts: str | None = None
) -> dict:
    event = {
        "type": "message",
        "channel_type": "im",
        "user": "U0STAFF",
        "text": text,
        "ts": ts,
        "channel": channel,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return {
        "type": "event_callback",
        "team_id": "T0CLINIC",
        "event_id": f"Ev{uuid.uuid4().hex[:10]}",
        "event_time": int(time.time()),
        "authorizations": [{"user_id": "U0BOT"}],
        "event": event,
    }


@pytest.fixture
def webhook(servers):
    return f"{servers.rasa_url}/webhooks/slack/webhook"


@pytest.fixture
def channel():
    return f"D{uuid.uuid4().hex[:8].upper()}"


def test_question_gets_exactly_one_reply_in_its_thread(webhook, fake_slack, channel):
    response = signed_post(webhook, direct_message("what is somato-emotional release?", channel))
    assert response.status_code == 200
    [post] = fake_slack.wait_for_posts(channel, 1)
    time.sleep(1.0)  # nothing else may follow
    assert len(fake_slack.posts_in(channel)) == 1
    assert post["thread_ts"] == "1700000000.000100"
    assert "Somato-Emotional Release (SER) is" in post["text"]
    assert "Source: the clinic's article" in post["text"]


def test_follow_up_in_the_thread_keeps_the_topic(webhook, fake_slack, channel):
    signed_post(webhook, direct_message("what is SER?", channel, ts="1700000001.000100"))
    fake_slack.wait_for_posts(channel, 1)
    follow_up = direct_message(
        "what are its benefits?", channel, ts="1700000002.000100", thread_ts="1700000001.000100"
    )
    signed_post(webhook, follow_up)
    posts = fake_slack.wait_for_posts(channel, 2)
    assert posts[1]["thread_ts"] == "1700000001.000100"
    assert "SER offers a wide range of benefits" in posts[1]["text"]


@pytest.mark.parametrize("reason", ["http_error", "http_timeout", "connection_failed", "unknown_error"])
def test_a_retried_event_gets_no_second_reply(webhook, fake_slack, channel, reason):
    event = direct_message("how does craniosacral therapy work?", channel)
    assert signed_post(webhook, event).status_code == 200
    retry = signed_post(webhook, event, headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": reason})
    assert retry.status_code == 200
    fake_slack.wait_for_posts(channel, 1)
    time.sleep(1.5)
    assert len(fake_slack.posts_in(channel)) == 1


def test_emergency_reply_is_marked_in_slack(webhook, fake_slack, channel):
    signed_post(webhook, direct_message("my colleague collapsed and is not breathing", channel))
    [post] = fake_slack.wait_for_posts(channel, 1)
    assert f":rotating_light: *{LABELS[ReplyType.EMERGENCY]}*" in post["text"] and "911" in post["text"]


def test_user_markup_is_never_echoed_as_slack_markup(webhook, fake_slack, channel):
    signed_post(webhook, direct_message("<!channel> <script>alert(1)</script>", channel))
    [post] = fake_slack.wait_for_posts(channel, 1)
    assert "<!channel>" not in post["text"] and "<script>" not in post["text"]


def test_bad_signature_is_rejected(webhook, fake_slack, channel):
    response = signed_post(webhook, direct_message("what is SER?", channel), secret="wrong-secret")
    assert response.status_code == 401
    time.sleep(0.5)
    assert fake_slack.posts_in(channel) == []


def test_stale_timestamp_is_rejected(webhook, fake_slack, channel):
    six_minutes_ago = int(time.time()) - 360
    response = signed_post(webhook, direct_message("what is SER?", channel), timestamp=six_minutes_ago)
    assert response.status_code == 401
    time.sleep(0.5)
    assert fake_slack.posts_in(channel) == []


def test_url_verification_returns_the_challenge(webhook):
    payload = {
        "token": "x",
        "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
        "type": "url_verification",
    }
    response = signed_post(webhook, payload)
    assert response.status_code == 200
    assert response.json() == {"challenge": payload["challenge"]}


def test_unsigned_url_verification_is_rejected(webhook):
    response = requests.post(webhook, json={"type": "url_verification", "challenge": "abc"}, timeout=10)
    assert response.status_code == 401
