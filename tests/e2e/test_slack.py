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
from tests.e2e.conftest import SLACK_SECRET, SLACK_TOKEN

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


CLINIC_CHANNEL = "C0CLINICTEAM"


@pytest.fixture(scope="module")
def channel_servers(tmp_path_factory, fake_slack):
    """A second Rasa server whose Slack app answers every message in the clinic team's channel
    (CST_SLACK_CHANNEL): there Slack sends a mention twice, as `message` and as `app_mention`."""
    from ops.servers import Servers, fresh_store_endpoints

    folder = tmp_path_factory.mktemp("slack-channel")
    env = {
        "CST_SLACK_BOT_TOKEN": SLACK_TOKEN,
        "CST_SLACK_SIGNING_SECRET": SLACK_SECRET,
        "CST_SLACK_API_BASE_URL": fake_slack.base_url,
        "CST_SLACK_CHANNEL": CLINIC_CHANNEL,
        "CST_GAPS_FILE": str(folder / "gaps.jsonl"),
    }
    running = Servers(
        rasa_port=18005,
        action_port=18055,
        log_dir=folder / "logs",
        endpoints=fresh_store_endpoints(folder, 18055),
        extra_env=env,
    )
    running.start()
    yield running
    running.stop()


def test_a_mention_in_the_team_channel_gets_one_reply_though_it_comes_twice(channel_servers, fake_slack):
    webhook = f"{channel_servers.rasa_url}/webhooks/slack/webhook"
    before = len(fake_slack.posts_in(CLINIC_CHANNEL))
    ts = f"{int(time.time())}.{uuid.uuid4().int % 1000000:06d}"
    as_message = direct_message("<@U0BOT> what is somato-emotional release?", CLINIC_CHANNEL, ts=ts)
    as_message["event"]["channel_type"] = "channel"
    as_mention = direct_message("<@U0BOT> what is somato-emotional release?", CLINIC_CHANNEL, ts=ts)
    as_mention["event"]["type"] = "app_mention"
    assert signed_post(webhook, as_message).status_code == 200
    assert signed_post(webhook, as_mention).status_code == 200
    fake_slack.wait_for_posts(CLINIC_CHANNEL, before + 1)
    time.sleep(2.0)
    assert len(fake_slack.posts_in(CLINIC_CHANNEL)) == before + 1


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
