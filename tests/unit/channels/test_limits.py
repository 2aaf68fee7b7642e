"""Message budgets: a sender or an address that sends faster than a person types is told to
wait; memory stays bounded; a proxy's forwarded address counts only when the proxy is local."""

from __future__ import annotations

from channels.limits import Budget, RateLimiter, Throttle, client_address, slow_down


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_passes_then_the_sender_waits_until_the_budget_refills():
    clock = Clock()
    limiter = RateLimiter(Budget(burst=3, per_minute=6), clock=clock)
    assert [limiter.wait_seconds("s") for _ in range(3)] == [0, 0, 0]
    assert limiter.wait_seconds("s") == 10  # 6 a minute: one every 10 seconds
    clock.now += 10
    assert limiter.wait_seconds("s") == 0
    assert limiter.wait_seconds("other") == 0  # budgets are per key


def test_the_budget_never_grows_beyond_the_burst():
    clock = Clock()
    limiter = RateLimiter(Budget(burst=2, per_minute=60), clock=clock)
    clock.now += 3600
    assert [limiter.wait_seconds("s") for _ in range(3)] == [0, 0, 1]


def test_made_up_keys_do_not_grow_memory_without_bound():
    limiter = RateLimiter(Budget(burst=1, per_minute=1), max_keys=100)
    for n in range(1000):
        limiter.wait_seconds(f"sender-{n}")
    assert len(limiter._buckets) == 100


def test_an_address_is_limited_across_its_senders_but_this_machine_is_not():
    clock = Clock()
    throttle = Throttle(
        RateLimiter(Budget(burst=100, per_minute=100), clock=clock),
        RateLimiter(Budget(burst=5, per_minute=5), clock=clock),
    )
    waits = [throttle.wait_seconds(f"s{n}", "203.0.113.9") for n in range(6)]
    assert waits[:5] == [0] * 5 and waits[5] > 0
    assert all(throttle.wait_seconds(f"l{n}", "127.0.0.1") == 0 for n in range(20))
    assert throttle.wait_seconds("s99", "127.0.0.2") == 0  # a fresh address, not exempt
    assert all(throttle.wait_seconds(f"t{n}", "127.0.0.2") == 0 for n in range(4))
    assert throttle.wait_seconds("t5", "127.0.0.2") > 0


def test_a_forwarded_address_counts_only_from_a_local_proxy():
    assert client_address("127.0.0.1", {"x-real-ip": "198.51.100.4"}) == "198.51.100.4"
    assert client_address("203.0.113.9", {"x-real-ip": "127.0.0.1"}) == "203.0.113.9"
    assert client_address("127.0.0.1", {}) == "127.0.0.1"


def test_budgets_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("CST_RATE_SENDER", "4/30")
    assert Budget.from_env("CST_RATE_SENDER", Budget(10, 20)) == Budget(4, 30.0)
    monkeypatch.setenv("CST_RATE_SENDER", "off")
    assert Budget.from_env("CST_RATE_SENDER", Budget(10, 20)).burst >= 10**9
    monkeypatch.delenv("CST_RATE_SENDER")
    assert Budget.from_env("CST_RATE_SENDER", Budget(10, 20)) == Budget(10, 20)


def test_the_reply_says_how_long_to_wait():
    assert "wait 1 second " in slow_down(1) and "wait 7 seconds" in slow_down(7)


def test_checking_whether_a_key_is_exhausted_counts_nothing():
    clock = Clock()
    limiter = RateLimiter(Budget(burst=2, per_minute=2), clock=clock)
    assert not limiter.exhausted("guesser") and not limiter.exhausted("guesser")
    limiter.wait_seconds("guesser")
    limiter.wait_seconds("guesser")
    assert limiter.exhausted("guesser")
    clock.now += 30  # one more a half-minute later
    assert not limiter.exhausted("guesser")
