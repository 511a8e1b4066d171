"""Per-client limits kept in one app server's memory: token buckets and a bounded queue."""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass


@dataclass
class _Bucket:
    tokens: float
    at: float


class TokenBuckets:
    """One token bucket per key: `burst` at once, then `per_second` more each second.

    Kept in this process's memory only: each app server counts its own clients.
    """

    def __init__(self, burst: int, per_second: float, max_keys: int = 10_000) -> None:
        """Start with no key seen."""
        self.burst = burst
        self.per_second = per_second
        self.max_keys = max_keys
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    def take(self, key: str, now: float) -> float:
        """Take a token for key; return 0 when allowed, else the seconds until one is there."""
        with self._lock:
            bucket = self._buckets.get(key)
            if bucket is None:
                if len(self._buckets) >= self.max_keys:
                    self._forget_full(now)
                bucket = self._buckets[key] = _Bucket(float(self.burst), now)
            bucket.tokens = min(
                float(self.burst), bucket.tokens + (now - bucket.at) * self.per_second
            )
            bucket.at = now
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                return 0.0
            return (1.0 - bucket.tokens) / self.per_second

    def _forget_full(self, now: float) -> None:
        # A key whose bucket has refilled is the same as one never seen: forget those first,
        # then (a flood of addresses) the oldest half, so memory stays bounded.
        full = [
            k
            for k, b in self._buckets.items()
            if b.tokens + (now - b.at) * self.per_second >= self.burst
        ]
        for k in full:
            del self._buckets[k]
        if len(self._buckets) >= self.max_keys:
            oldest = sorted(self._buckets, key=lambda k: self._buckets[k].at)
            for k in oldest[: len(oldest) // 2]:
                del self._buckets[k]


class BoundedQueue:
    """Admits at most `running + waiting` jobs at once; the rest are refused at the door."""

    def __init__(self, running: int, waiting: int) -> None:
        """Start empty."""
        self.running = running
        self.waiting = waiting
        self._inside = 0
        self._lock = threading.Lock()

    def enter(self) -> bool:
        """Tell whether one more job may run or wait; if so it counts until leave()."""
        with self._lock:
            if self._inside >= self.running + self.waiting:
                return False
            self._inside += 1
            return True

    def leave(self) -> None:
        """Count one admitted job as done."""
        with self._lock:
            self._inside = max(0, self._inside - 1)

    @property
    def inside(self) -> int:
        """Return how many admitted jobs are running or waiting."""
        return self._inside


def retry_after(seconds: float) -> str:
    """Return a Retry-After header value: whole seconds, at least 1."""
    return str(max(1, math.ceil(seconds)))
