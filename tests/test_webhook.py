"""Signing, answer classification, backoff and configuration of one webhook delivery."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import random

import httpx
import pytest

from insights import settings
from insights.quotes import webhook
from insights.quotes.webhook import Outcome

KEY = "whsec_" + base64.b64encode(b"k" * 32).decode()


def test_the_signature_matches_the_standard_webhooks_published_vector():
    # The example in the Standard Webhooks specification (and its reference libraries' tests).
    headers = webhook.sign_headers(
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        "msg_p5jXN8AQM9LWM0D4loKWxJek",
        dt.datetime.fromtimestamp(1614265330, dt.UTC),
        b'{"test": 2432232314}',
    )
    assert headers["webhook-id"] == "msg_p5jXN8AQM9LWM0D4loKWxJek"
    assert headers["webhook-timestamp"] == "1614265330"
    assert headers["webhook-signature"] == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def test_the_signature_is_hmac_sha256_over_id_timestamp_and_body():
    import hashlib
    import hmac

    moment = dt.datetime(2026, 12, 6, 9, 30, tzinfo=dt.UTC)
    body = b'{"data":{"name":"Ana <b>Ruiz</b>"}}'
    headers = webhook.sign_headers(KEY, "msg_1", moment, body)
    key = base64.b64decode(KEY.removeprefix("whsec_"))
    signed = b"msg_1." + str(int(moment.timestamp())).encode() + b"." + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    assert headers["webhook-signature"] == f"v1,{expected}"


@pytest.mark.parametrize(
    ("status", "outcome"),
    [
        (200, Outcome.DELIVERED),
        (204, Outcome.DELIVERED),
        (301, Outcome.DEAD),
        (400, Outcome.DEAD),
        (401, Outcome.DEAD),
        (404, Outcome.DEAD),
        (408, Outcome.RETRY),
        (409, Outcome.DEAD),
        (422, Outcome.DEAD),
        (429, Outcome.RETRY),
        (500, Outcome.RETRY),
        (502, Outcome.RETRY),
        (503, Outcome.RETRY),
        (599, Outcome.RETRY),
    ],
)
def test_answers_are_classified_by_the_table(status, outcome):
    assert webhook.classify_status(status) is outcome


@pytest.mark.parametrize(
    ("failure", "outcome"),
    [
        (httpx.ReadTimeout("slow"), Outcome.RETRY),
        (httpx.ConnectTimeout("slow"), Outcome.RETRY),
        (httpx.ConnectError("refused"), Outcome.RETRY),
        (httpx.RemoteProtocolError("Server disconnected"), Outcome.RETRY),
        (httpx.ReadError("reset"), Outcome.RETRY),
        (ValueError("not from the network"), Outcome.DEAD),
    ],
)
def test_failures_before_an_answer_are_retried(failure, outcome):
    assert webhook.classify_failure(failure) is outcome


DEFAULT = webhook.WebhookConfig(url="http://127.0.0.1/hook", secret=KEY)


@pytest.mark.parametrize(
    ("failures", "low", "high"),
    [(1, 2.5, 5.0), (2, 5.0, 10.0), (3, 10.0, 20.0), (12, 1800.0, 3600.0), (40, 1800.0, 3600.0)],
)
def test_the_default_backoff_doubles_with_jitter_up_to_an_hour(failures, low, high):
    delays = [webhook.backoff_delay(DEFAULT, failures, random.Random(seed)) for seed in range(50)]
    assert low <= min(delays)
    assert max(delays) <= high
    assert len(set(delays)) > 1  # jittered


def test_an_event_refused_twice_is_tried_again_within_a_minute_by_default():
    # The receiver recovers right after the second refusal: the third try is at most 10 s away.
    assert max(webhook.backoff_delay(DEFAULT, 2, random.Random(s)) for s in range(200)) <= 60


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"INSIGHTS_WEBHOOK_URL": "ftp://x/hook"}, "INSIGHTS_WEBHOOK_URL: use an http:// or"),
        ({"INSIGHTS_WEBHOOK_URL": "http:///nohost"}, "INSIGHTS_WEBHOOK_URL: use an http:// or"),
        ({"INSIGHTS_WEBHOOK_SECRET": ""}, "INSIGHTS_WEBHOOK_SECRET: set it to whsec_"),
        ({"INSIGHTS_WEBHOOK_SECRET": "whsec_***"}, "the part after whsec_ is not base64"),
        ({"INSIGHTS_WEBHOOK_SECRET": "whsec_" + base64.b64encode(b"short").decode()}, "24 to 64"),
        ({"INSIGHTS_WEBHOOK_BACKOFF_S": "soon"}, "INSIGHTS_WEBHOOK_BACKOFF_S: must be a positive"),
        ({"INSIGHTS_WEBHOOK_TIMEOUT_S": "-1"}, "INSIGHTS_WEBHOOK_TIMEOUT_S: must be a positive"),
    ],
)
def test_unusable_settings_are_refused_naming_the_setting(env, message):
    base = {"INSIGHTS_WEBHOOK_URL": "http://127.0.0.1:8000/hook", "INSIGHTS_WEBHOOK_SECRET": KEY}
    with pytest.raises(webhook.WebhookConfigError, match=message.replace("*", r"\*")):
        webhook.read_config(settings.read_settings({**base, **env}))


def test_the_settings_give_the_schedule_and_no_url_means_no_relay():
    assert webhook.read_config(settings.read_settings({})) is None
    found = settings.read_settings(
        {
            "INSIGHTS_WEBHOOK_URL": " http://127.0.0.1:8000/hook ",
            "INSIGHTS_WEBHOOK_SECRET": KEY,
            "INSIGHTS_WEBHOOK_BACKOFF_S": "0.5",
            "INSIGHTS_WEBHOOK_MAX_ATTEMPTS": "4",
        }
    )
    assert webhook.read_config(found) == dataclasses.replace(
        DEFAULT, url="http://127.0.0.1:8000/hook", backoff_s=0.5, max_attempts=4
    )
