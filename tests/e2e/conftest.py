"""The real servers for end-to-end tests: Rasa and the action server on test ports, with a fresh
tracker store, and Slack pointed at a fake Slack Web API on loopback."""

from __future__ import annotations

import pytest

SLACK_TOKEN = "xoxb-test-token"
SLACK_SECRET = "test-signing-secret"


@pytest.fixture(scope="session")
def fake_slack():
    from tests.e2e.fake_slack import FakeSlack

    slack = FakeSlack(SLACK_TOKEN).start()
    yield slack
    slack.stop()


@pytest.fixture(scope="session")
def servers(tmp_path_factory, fake_slack):
    """The real Rasa server and action server, on test ports, with a fresh tracker store, and
    Slack pointed at the fake Slack Web API."""
    from ops.servers import Servers, fresh_store_endpoints
    from tests.e2e.client import TOKEN

    folder = tmp_path_factory.mktemp("e2e")
    endpoints = fresh_store_endpoints(folder, 15055)
    slack_env = {
        "CST_GAPS_FILE": str(folder / "gaps.jsonl"),  # test questions are no clinic's gaps
        "CST_SLACK_BOT_TOKEN": SLACK_TOKEN,
        "CST_SLACK_SIGNING_SECRET": SLACK_SECRET,
        "CST_SLACK_API_BASE_URL": fake_slack.base_url,
    }
    running = Servers(
        rasa_port=15005,
        action_port=15055,
        log_dir=folder / "logs",
        endpoints=endpoints,
        api_token=TOKEN,
        extra_env=slack_env,
    )
    running.start()
    yield running
    running.stop()
