"""The id policy: a caller names ids without a colon; the server's own names have one."""

from __future__ import annotations

import pytest

from channels.requests import is_conversation_id, namespaced


@pytest.mark.parametrize("name", ["visitor-1", "eval-q12-ab34", "a.b@c_d", "x" * 128])
def test_a_callers_plain_names_are_accepted(name):
    assert is_conversation_id(name)


@pytest.mark.parametrize(
    "name",
    ["frontdesk:c1", "slack:U1_C1_1.2", "web:abc", "visitor-1\n", "", "x" * 129, "a b", None, 7],
)
def test_names_of_other_channels_and_malformed_ids_are_refused(name):
    assert not is_conversation_id(name)


def test_the_server_names_each_channels_conversations_in_its_own_space():
    assert namespaced("frontdesk", "c1") == "frontdesk:c1"
    assert not is_conversation_id(namespaced("frontdesk", "c1"))
