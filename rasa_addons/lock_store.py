"""A Redis lock store whose per-conversation lock is one atomic Redis lock with an expiry.

Rasa's RedisLockStore keeps a "ticket lock" per conversation and changes it with unguarded
read-modify-writes, so two replicas taking a ticket at the same moment could both believe they
held the lock: one of two concurrent turns was then lost (measured here: 8 of 10 concurrent
messages of one sender stored). Its tickets also expire while they wait, and a request whose
ticket expired waits until the proxy gives up (measured: 60 s time-outs after a replica was
killed). Here a conversation's lock is redis-py's lock (SET NX with an expiry, released only by
its owner): a replica that dies holding it blocks that conversation for LOCK_SECONDS at most,
and a request gives up after WAIT_SECONDS with a LockError (the channel then sends its
"temporarily unavailable" reply)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager, suppress
from typing import Any

from rasa.core.lock_store import LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig
from redis.exceptions import LockError as RedisLockError

from bot.settings import env_float

LOCK_SECONDS = env_float("CST_LOCK_SECONDS", 30)  # longer than any turn takes
WAIT_SECONDS = env_float("CST_LOCK_WAIT_SECONDS", 45)  # below the proxy's 60 s
POLL_SECONDS = 0.02


class RedisMutexLockStore(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig) -> None:
        # Rasa builds custom lock stores from their endpoint configuration.
        super().__init__(host=endpoint_config.url, **endpoint_config.kwargs)

    @asynccontextmanager
    async def lock(self, conversation_id: str, *args: Any, **kwargs: Any) -> AsyncGenerator[None, None]:
        mutex = self.red.lock(f"{self.key_prefix}mutex:{conversation_id}", timeout=LOCK_SECONDS)
        deadline = time.monotonic() + WAIT_SECONDS
        # Never block the event loop: try, and sleep asynchronously between tries.
        while not mutex.acquire(blocking=False):
            if time.monotonic() > deadline:
                raise LockError(f"Conversation lock not free after {WAIT_SECONDS:.0f} s.")
            await asyncio.sleep(POLL_SECONDS)
        try:
            yield None
        finally:
            # If it expired (the turn took longer than LOCK_SECONDS), it is no longer ours to free.
            with suppress(RedisLockError):
                mutex.release()
