"""Who may see stored requests: one admin password, checked in constant time, with a lockout."""

from __future__ import annotations

import hmac
from dataclasses import dataclass

ADMIN_PASSWORD_ENV = "INSIGHTS_ADMIN_PASSWORD"
ADMIN_PASSWORD_SECRET = "admin_password"
FREE_ATTEMPTS = 3
MAX_LOCKOUT_S = 300.0


def check_password(given: str, expected: str) -> bool:
    """Tell whether given matches the configured password; an empty configuration never matches."""
    if not expected:
        return False
    # Bytes, not str: compare_digest refuses non-ASCII str, and time must not depend on content.
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


@dataclass(frozen=True)
class Attempts:
    """Wrong passwords so far in one session, and when the next attempt is allowed."""

    failures: int = 0
    locked_until: float = 0.0

    def wait_seconds(self, now: float) -> float:
        """Return how long this session must wait before the password is checked again."""
        return max(0.0, self.locked_until - now)


def record_attempt(attempts: Attempts, ok: bool, now: float) -> Attempts:
    """Return the attempts after one more try: reset on success, a doubling lockout on failure."""
    if ok:
        return Attempts()
    failures = attempts.failures + 1
    if failures < FREE_ATTEMPTS:
        return Attempts(failures)
    lockout = min(MAX_LOCKOUT_S, 2.0 ** (failures - FREE_ATTEMPTS + 1))
    return Attempts(failures, now + lockout)
