"""How fast one sender, and one address, may send messages: token buckets kept in memory, the
same for every channel. This machine's own address (127.0.0.1, ::1) has no address budget: it is
this machine's tools (load runs, health checks) or a proxy in front of us, and behind such a
proxy the address it forwards counts instead."""

from __future__ import annotations

import ipaddress
import math
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from bot.settings import env

# Read by the address of a loopback peer only: a proxy in front of us sets it (nginx: X-Real-IP).
FORWARDED_ADDRESS_HEADER = "x-real-ip"


@dataclass(frozen=True)
class Budget:
    burst: int  # messages that may come at once
    per_minute: float  # and how many a minute after that

    @classmethod
    def from_env(cls, variable: str, default: Budget) -> Budget:
        """A variable as "burst/per_minute", e.g. "10/20"; "off" lifts the limit."""
        raw = env(variable)
        if not raw:
            return default
        if raw.strip().lower() == "off":
            return cls(burst=10**9, per_minute=10**9)
        burst, per_minute = raw.split("/")
        return cls(int(burst), float(per_minute))


# A person types a message every few seconds; a script sending twenty a second is not a person.
SENDER_BUDGET = Budget(burst=10, per_minute=20)
ADDRESS_BUDGET = Budget(burst=40, per_minute=120)  # a clinic's waiting room shares one address


class RateLimiter:
    """Token buckets per key; the least recently used keys are forgotten beyond `max_keys`, so
    memory stays bounded whatever the callers make up."""

    def __init__(
        self, budget: Budget, clock: Callable[[], float] = time.monotonic, max_keys: int = 50_000
    ) -> None:
        self.budget = budget
        self.clock = clock
        self.max_keys = max_keys
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # key → (tokens, at)

    def wait_seconds(self, key: str, cost: float = 1.0) -> int:
        """0 if a message from `key` may pass now (and counts it), else whole seconds to wait."""
        now = self.clock()
        cost = min(cost, float(self.budget.burst))  # the longest message can still pass, alone
        tokens, at = self._buckets.pop(key, (float(self.budget.burst), now))
        tokens = min(float(self.budget.burst), tokens + (now - at) * self.budget.per_minute / 60)
        if tokens >= cost:
            self._remember(key, tokens - cost, now)
            return 0
        self._remember(key, tokens, now)
        return max(1, math.ceil((cost - tokens) * 60 / self.budget.per_minute))

    def exhausted(self, key: str) -> bool:
        """Would a message from `key` have to wait now? (Counts nothing.)"""
        now = self.clock()
        tokens, at = self._buckets.get(key, (float(self.budget.burst), now))
        return tokens + (now - at) * self.budget.per_minute / 60 < 1

    def _remember(self, key: str, tokens: float, now: float) -> None:
        self._buckets[key] = (tokens, now)
        while len(self._buckets) > self.max_keys:
            self._buckets.popitem(last=False)


LOCAL_ADDRESSES = frozenset({"127.0.0.1", "::1"})  # exactly these: 127.0.0.2 is a stranger here


def is_local(address: str | None) -> bool:
    return (address or "").strip() in LOCAL_ADDRESSES


def client_address(peer: str | None, headers: Mapping[str, str]) -> str:
    """The address a message comes from: the peer's, or what a proxy on this machine forwards
    (it must overwrite the header, as our nginx does). An IPv6 client is its /64 network: one
    machine there has billions of addresses."""
    forwarded = headers.get(FORWARDED_ADDRESS_HEADER, "").strip()
    address = forwarded[:64] if is_local(peer) and forwarded else (peer or "unknown")
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6 and not parsed.is_loopback:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return address


@dataclass
class Throttle:
    """One sender's and one address's budgets, checked together."""

    per_sender: RateLimiter
    per_address: RateLimiter

    @classmethod
    def configured(cls) -> Throttle:
        return cls(
            RateLimiter(Budget.from_env("CST_RATE_SENDER", SENDER_BUDGET)),
            RateLimiter(Budget.from_env("CST_RATE_ADDRESS", ADDRESS_BUDGET)),
        )

    def wait_seconds(self, sender: str, address: str, text: str = "") -> int:
        """0 if the message may pass, else seconds to wait; this machine's own address has no
        address budget (see the module's note). A long message costs more: it costs the
        server more (the crisis screen reads all of it)."""
        cost = message_cost(text)
        if not is_local(address):
            wait = self.per_address.wait_seconds(address, cost)
            if wait:
                return wait
        return self.per_sender.wait_seconds(sender, cost)


CHARS_PER_MESSAGE = 20_000  # a longer message counts one more message per this many characters


def message_cost(text: str) -> float:
    return 1.0 + len(text) // CHARS_PER_MESSAGE


def slow_down(seconds: int) -> str:
    return (
        "You're sending messages faster than I can read them. "
        f"Please wait {seconds} second{'s' if seconds != 1 else ''} and send it again."
    )
