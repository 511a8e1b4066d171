"""Who may see stored requests: one admin password, checked in constant time, with a lockout."""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Callable
from dataclasses import dataclass

ADMIN_PASSWORD_SECRET = "admin_password"
FREE_ATTEMPTS = 3
MAX_LOCKOUT_S = 300.0
# Wrong passwords are forgotten after this long without another: an admin who mistyped last
# week starts afresh, while a guesser pausing between bursts does not.
FORGET_AFTER_S = 3600.0
# One host usually holds a whole IPv6 /64, so the address's lockout covers the /64.
IPV6_PREFIX = 64
# Streamlit gives no address for a loopback connection (nor under AppTest): one shared key.
UNKNOWN_CLIENT = "unknown"


def check_password(given: str, expected: str) -> bool:
    """Tell whether given matches the configured password; an empty configuration never matches."""
    if not expected:
        return False
    # Bytes, not str: compare_digest refuses non-ASCII str, and time must not depend on content.
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


@dataclass(frozen=True)
class Attempts:
    """Wrong passwords so far (from one session or one address), and when the next is allowed."""

    failures: int = 0
    locked_until: float = 0.0
    last_failed_at: float = 0.0

    def wait_seconds(self, now: float) -> float:
        """Return how long the next attempt must wait before the password is checked again."""
        return max(0.0, self.locked_until - now)


@dataclass(frozen=True)
class Verdict:
    """The outcome of one attempt: checked or refused unchecked, right or wrong, what is owed."""

    checked: bool
    ok: bool
    attempts: Attempts

    def wait_seconds(self, now: float) -> float:
        """Return how long the next attempt must wait."""
        return self.attempts.wait_seconds(now)


def record_attempt(attempts: Attempts, ok: bool, now: float) -> Attempts:
    """Return the attempts after one more try: reset on success, a doubling lockout on failure."""
    if ok:
        return Attempts()
    if now - attempts.last_failed_at > FORGET_AFTER_S:
        attempts = Attempts()
    failures = attempts.failures + 1
    if failures < FREE_ATTEMPTS:
        return Attempts(failures, 0.0, now)
    lockout = min(MAX_LOCKOUT_S, 2.0 ** (failures - FREE_ATTEMPTS + 1))
    return Attempts(failures, now + lockout, now)


def judge_attempt(attempts: Attempts, now: float, check: Callable[[], bool]) -> Verdict:
    """Refuse unchecked while a lockout runs; otherwise check and record the result."""
    if attempts.wait_seconds(now) > 0:
        return Verdict(checked=False, ok=False, attempts=attempts)
    ok = check()
    return Verdict(checked=True, ok=ok, attempts=record_attempt(attempts, ok, now))


def client_key(address: str | None) -> str:
    """Return the key an address's wrong passwords are counted under (an IPv6 /64 as one)."""
    try:
        parsed = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return UNKNOWN_CLIENT
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        host_bits = 128 - IPV6_PREFIX
        return str(ipaddress.IPv6Network((int(parsed) >> host_bits << host_bits, IPV6_PREFIX)))
    return str(parsed)
