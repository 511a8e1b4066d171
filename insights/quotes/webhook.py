"""One webhook delivery: the Standard Webhooks signature, the POST, and what its answer means."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import enum
import random
import urllib.parse
from dataclasses import dataclass

import httpx
from standardwebhooks.webhooks import Webhook

from insights.settings import Settings

SECRET_PREFIX = "whsec_"
USER_AGENT = "insights-webhook-relay/1"
# The longest error text kept beside an event (an answer's first bytes, a network reason).
ERROR_CHARS = 300


class Outcome(enum.Enum):
    """What a delivery attempt's answer means for its event."""

    DELIVERED = "delivered"
    RETRY = "retry"
    DEAD = "dead"


# Answers by status code range (inclusive); any other status is final: the receiver refuses
# the event itself (a 400, a 404, a redirect the relay does not follow), so sending it again
# would only be refused again. 408 and 429 ask the sender to come back; 5xx are the receiver's.
STATUS_OUTCOMES: tuple[tuple[int, int, Outcome], ...] = (
    (200, 299, Outcome.DELIVERED),
    (408, 408, Outcome.RETRY),
    (429, 429, Outcome.RETRY),
    (500, 599, Outcome.RETRY),
)
# Failures before any answer: every one is worth another try (the receiver may be restarting,
# the laptop offline). Timeouts and dropped connections are httpx.TransportError subclasses.
TRANSPORT_OUTCOMES: tuple[tuple[type[Exception], Outcome], ...] = (
    (httpx.TimeoutException, Outcome.RETRY),
    (httpx.TransportError, Outcome.RETRY),
)


class WebhookConfigError(ValueError):
    """The webhook settings cannot be used; the message names the setting."""


@dataclass(frozen=True)
class WebhookConfig:
    """Where events go, the key they are signed with, and the retry schedule."""

    url: str
    secret: str
    backoff_s: float = 5.0
    backoff_max_s: float = 3600.0
    max_attempts: int = 30
    timeout_s: float = 10.0
    poll_s: float = 2.0

    @property
    def lease_s(self) -> float:
        """Return how long a relay holds an event it is sending: longer than one POST can take."""
        return self.timeout_s * 3 + 5


@dataclass(frozen=True)
class Attempt:
    """One POST's result: what it means and, unless delivered, why (for the dead letters)."""

    outcome: Outcome
    error: str = ""


def read_config(found: Settings) -> WebhookConfig | None:
    """Return the webhook configuration the settings give; None when no URL is set."""
    if not found.webhook_url:
        return None
    if found.webhook_problems:
        raise WebhookConfigError("; ".join(found.webhook_problems))
    parsed = urllib.parse.urlsplit(found.webhook_url)
    if parsed.scheme not in {"http", "https"} or not parsed.hostname:
        raise WebhookConfigError(
            "INSIGHTS_WEBHOOK_URL: use an http:// or https:// URL with a host name"
        )
    check_secret(found.webhook_secret)
    return WebhookConfig(
        url=found.webhook_url,
        secret=found.webhook_secret,
        backoff_s=found.webhook_backoff_s,
        backoff_max_s=found.webhook_backoff_max_s,
        max_attempts=found.webhook_max_attempts,
        timeout_s=found.webhook_timeout_s,
        poll_s=found.webhook_poll_s,
    )


def check_secret(secret: str) -> None:
    """Refuse a secret that is not whsec_ followed by base64 of at least 24 bytes."""
    name = "INSIGHTS_WEBHOOK_SECRET"
    if not secret.startswith(SECRET_PREFIX):
        raise WebhookConfigError(f"{name}: set it to whsec_ followed by base64 (the receiver's)")
    try:
        key = base64.b64decode(secret.removeprefix(SECRET_PREFIX), validate=True)
    except (binascii.Error, ValueError):
        raise WebhookConfigError(f"{name}: the part after whsec_ is not base64") from None
    # Standard Webhooks asks for 24 to 64 bytes of key.
    if not 24 <= len(key) <= 64:
        raise WebhookConfigError(f"{name}: the key must be 24 to 64 bytes (it is {len(key)})")


def sign_headers(secret: str, event_id: str, moment: dt.datetime, body: bytes) -> dict[str, str]:
    """Return the Standard Webhooks headers for this body: id, timestamp, v1 signature."""
    signature = Webhook(secret).sign(event_id, moment, body)
    return {
        "webhook-id": event_id,
        "webhook-timestamp": str(int(moment.timestamp())),
        "webhook-signature": signature,
        "content-type": "application/json",
        "user-agent": USER_AGENT,
    }


def classify_status(status: int) -> Outcome:
    """Return what an HTTP status means for the event (see STATUS_OUTCOMES)."""
    return next((o for low, high, o in STATUS_OUTCOMES if low <= status <= high), Outcome.DEAD)


def classify_failure(exc: Exception) -> Outcome:
    """Return what a failure before any answer means for the event (see TRANSPORT_OUTCOMES)."""
    return next((o for kind, o in TRANSPORT_OUTCOMES if isinstance(exc, kind)), Outcome.DEAD)


def backoff_delay(config: WebhookConfig, failures: int, rng: random.Random) -> float:
    """Return the wait before the next try after this many failures: doubling, jittered."""
    # "Equal jitter": half the step fixed, half random, so relays that failed together spread
    # out yet none comes back much sooner than the schedule says.
    step = min(config.backoff_max_s, config.backoff_s * 2 ** max(0, failures - 1))
    return step / 2 + rng.uniform(0, step / 2)


def _describe_answer(response: httpx.Response) -> str:
    """Return an answer's status and its first characters, as one line."""
    text = " ".join(response.text[:ERROR_CHARS].split())
    return f"HTTP {response.status_code}" + (f": {text}" if text else "")


def post_event(
    client: httpx.Client, config: WebhookConfig, event_id: str, body: bytes, moment: dt.datetime
) -> Attempt:
    """POST one event, signed now; return what the answer (or its absence) means."""
    headers = sign_headers(config.secret, event_id, moment, body)
    try:
        response = client.post(config.url, content=body, headers=headers, timeout=config.timeout_s)
    except httpx.HTTPError as exc:
        return Attempt(classify_failure(exc), f"{type(exc).__name__}: {exc}"[:ERROR_CHARS])
    outcome = classify_status(response.status_code)
    return Attempt(outcome, "" if outcome is Outcome.DELIVERED else _describe_answer(response))
