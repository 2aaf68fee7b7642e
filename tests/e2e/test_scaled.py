"""The scale-out profile with real PostgreSQL, Redis and nginx on loopback: two Rasa replicas,
two action servers."""

from __future__ import annotations

import itertools
import os
import signal
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from ops.load import lost_turns, run_load, stored_turns_postgres
from tests.e2e.client import Chat

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def cluster(fake_slack):
    from ops.scaled import Cluster
    from tests.e2e.conftest import SLACK_SECRET, SLACK_TOKEN

    slack = {
        "CST_SLACK_BOT_TOKEN": SLACK_TOKEN,
        "CST_SLACK_SIGNING_SECRET": SLACK_SECRET,
        "CST_SLACK_API_BASE_URL": fake_slack.base_url,
    }
    running = Cluster(extra_env=slack)
    running.start()
    yield running
    running.stop()


def replica_url(cluster, index: int) -> str:
    return cluster.replicas[index].rasa_url


def test_a_conversation_alternating_between_replicas_keeps_its_context(cluster):
    sender = f"alt-{uuid.uuid4().hex[:8]}"
    first = Chat(replica_url(cluster, 0), sender)
    second = Chat(replica_url(cluster, 1), sender)
    assert first.ask("what is SER?")["type"] == "answer"
    reply = second.ask("what are its benefits?")
    assert reply["sources"][0]["section"] == "Benefits of Somato-Emotional Release"
    reply = first.ask("and how does it work?")
    assert reply["sources"][0]["section"] == "How Somato-Emotional Release Works"


def test_concurrent_messages_of_one_sender_are_neither_lost_nor_interleaved(cluster):
    from ops.scaled import psql_rasa

    sender = f"burst-{uuid.uuid4().hex[:8]}"
    chats = [Chat(replica_url(cluster, i % 2), sender) for i in range(10)]
    questions = [f"what is the dura mater? ({i})" for i in range(10)]
    with ThreadPoolExecutor(max_workers=10) as pool:
        replies = list(pool.map(lambda pair: pair[0].ask(pair[1]), zip(chats, questions, strict=True)))
    assert all(r["type"] == "answer" for r in replies)
    types = psql_rasa(f"SELECT type_name FROM events WHERE sender_id = '{sender}' ORDER BY id").split()
    assert types.count("user") == 10
    # The lock store serialises the turns: after each user message comes its whole turn
    # (action_respond, the reply, the slot, action_listen) before the next user message.
    starts = [i for i, kind in enumerate(types) if kind == "user"] + [len(types)]
    turns = [types[a:b] for a, b in itertools.pairwise(starts)]
    assert all("bot" in turn and turn[-1] == "action" for turn in turns), types


def test_short_load_has_no_errors_and_no_lost_turns(cluster):
    result = run_load(cluster.url, messages=300, senders=8, max_seconds=300)
    stored = stored_turns_postgres(list(result.sent))
    assert result.errors == []
    assert result.answered == 300
    assert lost_turns(result, stored) == 0


def test_a_slack_retry_reaching_the_other_replica_gets_no_second_reply(cluster, fake_slack):
    from tests.e2e.test_slack import direct_message, signed_post

    channel = f"D{uuid.uuid4().hex[:8].upper()}"
    event = direct_message("what is somato-emotional release?", channel)
    first = signed_post(f"{replica_url(cluster, 0)}/webhooks/slack/webhook", event)
    retry = signed_post(
        f"{replica_url(cluster, 1)}/webhooks/slack/webhook",
        event,
        headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_error"},
    )
    assert first.status_code == retry.status_code == 200
    fake_slack.wait_for_posts(channel, 1)
    time.sleep(1.5)
    assert len(fake_slack.posts_in(channel)) == 1


def test_nginx_limits_one_address_before_the_replicas(cluster):
    import requests

    from tests.e2e.test_security import post_from

    url = f"{cluster.url}/webhooks/rest/webhook"
    # All at once, as a script would: nginx lets 30 through at once and 3 a second after that.
    with ThreadPoolExecutor(max_workers=45) as pool:
        bodies = [{"sender": f"crowd-{n}", "message": "hi"} for n in range(45)]
        codes = list(pool.map(lambda body: post_from("127.0.0.2", url, body), bodies))
    assert 429 in codes and set(codes) <= {200, 429}
    # This machine's own address (the load runs, the checks) is not limited by nginx.
    assert requests.post(url, json={"sender": f"own-{uuid.uuid4().hex[:6]}", "message": "hi"}, timeout=30).ok


# Last: it kills replica A.
def test_killing_a_replica_mid_load_leaves_the_other_serving(cluster):
    victim = cluster.replicas[0].processes["rasa"]
    killer = threading.Timer(4.0, lambda: os.killpg(victim.pid, signal.SIGKILL))
    killer.start()
    result = run_load(cluster.url, messages=240, senders=8, max_seconds=300)
    killer.join()
    assert victim.poll() is not None  # it really died mid-load
    # Only requests in flight on the killed replica may fail; every later one is served.
    assert len(result.errors) <= 8, result.errors
    assert result.answered >= 232
    stored = stored_turns_postgres(list(result.sent))
    assert lost_turns(result, stored) == 0
    # No conversation is corrupted: each one still answers, through the surviving replica.
    for sender in list(result.sent)[:8]:
        assert Chat(cluster.url, sender).ask("what is CST?")["type"] == "answer"
    time.sleep(0.1)
