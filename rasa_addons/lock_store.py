"""Rasa's Redis lock store with its ticket bookkeeping made atomic.

Rasa's RedisLockStore reads a conversation's ticket lock, changes it and writes it back with no
transaction, so two replicas taking a ticket at the same moment can both believe they hold the
lock and process one conversation's messages in parallel: one of the two turns is then lost
from the tracker store (seen here: 8 of 10 concurrent messages of one sender stored). Every
read-modify-write of a ticket lock runs here under a short Redis mutex per conversation."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from rasa.core.lock_store import LOCK_LIFETIME, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

T = TypeVar("T")
MUTEX_SECONDS = 10


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig) -> None:
        # Rasa builds custom lock stores from their endpoint configuration.
        super().__init__(host=endpoint_config.url, **endpoint_config.kwargs)

    def _atomically(self, conversation_id: str, change: Callable[[], T]) -> T:
        mutex = self.red.lock(
            f"{self.key_prefix}mutex:{conversation_id}", timeout=MUTEX_SECONDS, blocking_timeout=MUTEX_SECONDS
        )
        with mutex:
            return change()

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        return self._atomically(
            conversation_id,
            lambda: super(AtomicRedisLockStore, self).issue_ticket(conversation_id, lock_lifetime),
        )

    def update_lock(self, conversation_id: str) -> None:
        self._atomically(
            conversation_id, lambda: super(AtomicRedisLockStore, self).update_lock(conversation_id)
        )

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        self._atomically(
            conversation_id, lambda: super(AtomicRedisLockStore, self).cleanup(conversation_id, ticket_number)
        )
