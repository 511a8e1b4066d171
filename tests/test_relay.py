"""The relay against a receiver on 127.0.0.1: failures retried with one id, nothing lost."""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO

import sqlalchemy as sa
from standardwebhooks.webhooks import Webhook

from bench import serve
from insights.quotes import outbox, relay, store, webhook
from insights.quotes.outbox import State
from insights.quotes.requests import QuoteRequest, make_origin
from tests.receiver import Delivery, Plan, run_receiver

ROOT = Path(__file__).resolve().parent.parent
SECRET = "whsec_" + base64.b64encode(b"a test key of thirty-two bytes!!").decode()
T0 = dt.datetime(2026, 12, 6, 9, 30, tzinfo=dt.UTC)
COUNT = 100
# The schedule shortened for tests: the relay gives up on an answer after 0.3 s and tries again
# 0.05 s later, doubling; the receiver holds a "timeout" for 1 s.
FAST = {"backoff_s": 0.05, "backoff_max_s": 0.5, "timeout_s": 0.3, "poll_s": 0.05}
FAST_ENV = {
    "INSIGHTS_WEBHOOK_SECRET": SECRET,
    "INSIGHTS_WEBHOOK_BACKOFF_S": "0.05",
    "INSIGHTS_WEBHOOK_BACKOFF_MAX_S": "0.5",
    "INSIGHTS_WEBHOOK_TIMEOUT_S": "0.3",
    "INSIGHTS_WEBHOOK_POLL_S": "0.05",
}
FAILURES = ("500", "timeout", "drop")
DEADLINE_S = 55.0


def make_request(number: int) -> QuoteRequest:
    """The number-th synthetic request; its name says which, its message holds markup."""
    return QuoteRequest.model_validate(
        {
            "name": f"Prospect {number:03d}",
            "company": "Acme <b>Logistics</b>",
            "email": f"p{number}@example.com",
            "consent": True,
            "places": ["guadalajara"],
            "message": "**Two racks** <script>x</script>\nsoon",
        }
    )


def save_many(engine: sa.Engine, count: int) -> list[str]:
    """Store count requests, each with its event, as the form does; return their references."""
    origin = make_origin(["gdl-talent", "mx-risk>mx-answer"], None)
    return [
        store.save_request(engine, make_request(i), uuid.uuid4().hex, T0, origin, send_event=True)
        for i in range(count)
    ]


def fails_first(event_id: str, before: int) -> str:
    """Every event's first try fails (500, a timeout or a dropped connection, by its id); every
    third event's second try fails too; then it is accepted."""
    turn = int(event_id[-6:], 16)
    if before == 0 or (before == 1 and turn % 3 == 0):
        return FAILURES[(turn + before) % len(FAILURES)]
    return "ok"


def config_for(url: str, **fields: float) -> webhook.WebhookConfig:
    """A webhook configuration for this receiver, on the tests' short schedule."""
    return webhook.WebhookConfig(url=url, secret=SECRET, **{**FAST, **fields})  # type: ignore[arg-type]


def references_of(deliveries: Sequence[Delivery]) -> dict[str, set[str]]:
    """Return each reference's set of webhook-ids across every delivery received."""
    ids: dict[str, set[str]] = defaultdict(set)
    for delivery in deliveries:
        ids[json.loads(delivery.body)["data"]["reference"]].add(delivery.headers["webhook-id"])
    return ids


def assert_all_delivered_once_each(deliveries: Sequence[Delivery], references: list[str]) -> None:
    """Every reference accepted, under one id, every POST validly signed, the body as typed."""
    verifier = Webhook(SECRET)
    for delivery in deliveries:
        # Raises unless the signature is right (and the timestamp recent).
        event = verifier.verify(delivery.body, delivery.headers)
        assert event["type"] == "quote_request.created"
        assert delivery.headers["webhook-signature"].startswith("v1,")
    ids = references_of(deliveries)
    assert sorted(ids) == sorted(references)
    assert all(len(found) == 1 for found in ids.values()), ids
    accepted = {json.loads(d.body)["data"]["reference"] for d in deliveries if d.answer == "ok"}
    assert accepted == set(references)
    first = json.loads(next(d.body for d in deliveries if d.answer == "ok"))["data"]
    assert first["message"] == "**Two racks** <script>x</script>\nsoon"
    assert first["company"] == "Acme <b>Logistics</b>"
    assert first["pitch"] == {"items": ["gdl-talent", "mx-risk>mx-answer"], "saved_pitch_id": None}


@contextmanager
def relay_threads(engine: sa.Engine, config: webhook.WebhookConfig, count: int) -> Iterator[None]:
    """count relays delivering in threads of this process, as several app servers would."""
    stop = threading.Event()
    threads = [
        threading.Thread(target=relay.run_relay, args=(engine, config, stop), daemon=True)
        for _ in range(count)
    ]
    for thread in threads:
        thread.start()
    try:
        yield
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=10)


def test_a_hundred_requests_saved_while_the_receiver_fails_each_arrive_under_one_id(engine):
    with run_receiver(fails_first) as receiver:
        references = save_many(engine, COUNT)
        with relay_threads(engine, config_for(receiver.url), 1):
            done = receiver.wait_for(lambda got: sum(d.answer == "ok" for d in got) >= COUNT, 55)
        assert done, f"{len(receiver.accepted())} of {COUNT} accepted in time"
        deliveries = list(receiver.deliveries)
    assert_all_delivered_once_each(deliveries, references)
    # Each failure kind was met and retried.
    assert {d.answer for d in deliveries} == {"ok", *FAILURES}
    assert len(deliveries) >= COUNT + COUNT // 3 * 2
    assert outbox.count_states(engine) == {State.PENDING: 0, State.DELIVERED: COUNT, State.DEAD: 0}


def test_two_relays_on_one_database_send_each_event_once(engine):
    with run_receiver(lambda _id, _before: "ok") as receiver:
        references = save_many(engine, 60)
        with relay_threads(engine, config_for(receiver.url), 2):
            assert receiver.wait_for(lambda got: len(got) >= 60, DEADLINE_S)
        deliveries = list(receiver.deliveries)
    # The lease: no event was taken by both relays, so none arrived twice.
    assert len(deliveries) == 60
    assert_all_delivered_once_each(deliveries, references)


def database_url(engine: sa.Engine) -> str:
    """The URL a separate process opens this test's database with."""
    return engine.url.render_as_string(hide_password=False)


def start_relay(engine: sa.Engine, url: str, log: Path) -> subprocess.Popen[bytes]:
    """`python -m insights deliver` in its own process, on this database and receiver."""
    env = {**os.environ, **FAST_ENV, "DATABASE_URL": database_url(engine)}
    env["INSIGHTS_WEBHOOK_URL"] = url
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "insights", "deliver"], cwd=ROOT, env=env, stdout=out, stderr=out
        )


def test_a_relay_killed_mid_delivery_and_restarted_delivers_every_request(engine, tmp_path):
    held: list[str] = []
    log = tmp_path / "relay.log"
    # The first event to reach the receiver is held open: the relay dies while sending it.
    with run_receiver(hold_the_first(held)) as receiver:
        references = save_many(engine, COUNT)
        first = start_relay(engine, receiver.url, log)
        try:
            assert receiver.held.wait(DEADLINE_S), log.read_text()
            first.send_signal(signal.SIGKILL)
            assert first.wait(10) == -signal.SIGKILL
        finally:
            first.kill()
        receiver.release.set()  # the held request's answer goes to a dead process
        second = start_relay(engine, receiver.url, log)
        try:
            done = receiver.wait_for(lambda got: sum(d.answer == "ok" for d in got) >= COUNT, 55)
        finally:
            second.send_signal(signal.SIGTERM)
            second.wait(10)
        assert done, log.read_text()
        deliveries = list(receiver.deliveries)
    assert_all_delivered_once_each(deliveries, references)
    # The event the dead relay held went out again, after its lease ran out, under its id.
    again = [d.answer for d in deliveries if d.headers["webhook-id"] == held[0]]
    assert again[0] == "hold"
    assert "ok" in again[1:]
    assert outbox.count_states(engine)[State.DELIVERED] == COUNT


def hold_the_first(held: list[str]) -> Plan:
    """A plan holding the first event to arrive open (its sender dies meanwhile), noting its
    id in held; the others fail first, as fails_first says."""

    def plan(event_id: str, before: int) -> str:
        if not held:
            held.append(event_id)
            return "hold"
        return fails_first(event_id, before)

    return plan


def start_app(
    engine: sa.Engine, url: str, state: Path, log: IO[str]
) -> tuple[subprocess.Popen[bytes], str]:
    """`streamlit run app.py` on this database and receiver, in a process group of its own;
    the process and its URL."""
    env = {**FAST_ENV, "DATABASE_URL": database_url(engine), "INSIGHTS_WEBHOOK_URL": url}
    env["INSIGHTS_STATE_DIR"] = str(state)
    port = serve.free_port()
    return serve.launch(ROOT, port, env, output=log, own_group=True), f"http://127.0.0.1:{port}"


def kill_group(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL the server's whole process group, if it is still there."""
    with suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(10)


def test_the_app_killed_mid_delivery_and_restarted_delivers_every_request(engine, tmp_path):
    started = time.monotonic()
    held: list[str] = []
    log_path = tmp_path / "server.log"
    with run_receiver(hold_the_first(held)) as receiver, log_path.open("w") as log:
        references = save_many(engine, COUNT)
        first, first_url = start_app(engine, receiver.url, tmp_path / "state", log)
        try:
            # A serving app whose own relay (started with the server) is mid-POST: then killed.
            serve.wait_healthy(first_url, first, DEADLINE_S)
            assert receiver.held.wait(DEADLINE_S), log_path.read_text()
        finally:
            kill_group(first)
        assert first.returncode == -signal.SIGKILL
        receiver.release.set()  # the held request's answer goes to a dead process
        second, second_url = start_app(engine, receiver.url, tmp_path / "state", log)
        try:
            serve.wait_healthy(second_url, second, DEADLINE_S)
            left = DEADLINE_S - (time.monotonic() - started)
            done = receiver.wait_for(lambda got: sum(d.answer == "ok" for d in got) >= COUNT, left)
        finally:
            serve.stop(second)
        assert done, log_path.read_text()
        deliveries = list(receiver.deliveries)
    assert time.monotonic() - started < 60
    assert_all_delivered_once_each(deliveries, references)
    # The event the killed app held went out again from the restarted one, under its id.
    again = [d.answer for d in deliveries if d.headers["webhook-id"] == held[0]]
    assert again[0] == "hold"
    assert "ok" in again[1:]
    assert outbox.count_states(engine) == {State.PENDING: 0, State.DELIVERED: COUNT, State.DEAD: 0}


def test_a_refused_event_is_a_dead_letter_until_retried(engine):
    answers = iter(["400", "ok"])
    with run_receiver(lambda _id, _before: next(answers)) as receiver:
        (reference,) = save_many(engine, 1)
        config = config_for(receiver.url)
        with relay.make_client() as client:
            first = relay.deliver_due(engine, config, client, "relay-a")
            (letter,) = outbox.list_letters(engine, State.DEAD)
            assert (first.dead, letter.reference, letter.attempts) == (1, reference, 1)
            assert letter.last_error == "HTTP 400: refused: 400"
            # Nothing is due: a dead letter is not retried by itself.
            assert relay.deliver_due(engine, config, client, "relay-a").sent == 0
            assert outbox.retry_letter(engine, letter.id, dt.datetime.now(dt.UTC))
            second = relay.deliver_due(engine, config, client, "relay-a")
        deliveries = list(receiver.deliveries)
    assert (second.delivered, outbox.list_letters(engine, State.DEAD)) == (1, [])
    assert [d.answer for d in deliveries] == ["400", "ok"]
    assert len({d.headers["webhook-id"] for d in deliveries}) == 1
    # Retry acts on dead letters only.
    assert not outbox.retry_letter(engine, letter.id, dt.datetime.now(dt.UTC))


def test_an_event_out_of_attempts_becomes_a_dead_letter(engine):
    with run_receiver(lambda _id, _before: "500") as receiver:
        save_many(engine, 1)
        config = config_for(receiver.url, max_attempts=2)
        later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)  # past any backoff
        with relay.make_client() as client:
            first = relay.deliver_one(engine, config, client, "relay-a")
            second = relay.deliver_one(engine, config, client, "relay-a", clock=lambda: later)
    assert (first, second) == (State.PENDING, State.DEAD)
    (letter,) = outbox.list_letters(engine, State.DEAD)
    assert (letter.attempts, letter.last_error) == (2, "HTTP 500: refused: 500")


def test_a_request_saved_without_a_webhook_has_no_event(engine):
    store.save_request(engine, make_request(1), uuid.uuid4().hex, T0)
    assert outbox.count_states(engine) == {State.PENDING: 0, State.DELIVERED: 0, State.DEAD: 0}


def test_the_cli_relay_says_what_is_missing(monkeypatch, tmp_path, capsys):
    from insights import cli

    monkeypatch.setenv("INSIGHTS_STATE_DIR", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", "")
    monkeypatch.delenv("INSIGHTS_WEBHOOK_URL", raising=False)
    assert cli.main(["deliver", "--once"]) == 1
    assert "INSIGHTS_WEBHOOK_URL is not set" in capsys.readouterr().out
    monkeypatch.setenv("INSIGHTS_WEBHOOK_URL", "http://127.0.0.1:9/hook")
    monkeypatch.setenv("INSIGHTS_WEBHOOK_SECRET", "not-a-secret")
    assert cli.main(["deliver", "--once"]) == 1
    assert "INSIGHTS_WEBHOOK_SECRET: set it to whsec_" in capsys.readouterr().out


def test_deliver_once_sends_what_is_due_and_exits(engine, monkeypatch, capsys):
    from insights import cli

    with run_receiver(lambda _id, _before: "ok") as receiver:
        references = save_many(engine, 3)
        for name, value in {**FAST_ENV, "INSIGHTS_WEBHOOK_URL": receiver.url}.items():
            monkeypatch.setenv(name, value)
        monkeypatch.setenv("DATABASE_URL", database_url(engine))
        assert cli.main(["deliver", "--once"]) == 0
        deliveries = list(receiver.deliveries)
    assert capsys.readouterr().out == "delivered 3, to retry 0, dead letters 0\n"
    assert_all_delivered_once_each(deliveries, references)


def test_a_receiver_that_is_down_leaves_the_event_pending(engine):
    save_many(engine, 1)
    # A closed port on 127.0.0.1: the connection is refused at once.
    config = config_for("http://127.0.0.1:9/hook")
    with relay.make_client() as client:
        done = relay.deliver_due(engine, config, client, "relay-a")
    assert (done.retried, done.delivered) == (1, 0)
    assert outbox.count_states(engine)[State.PENDING] == 1


def test_the_relay_says_what_went_wrong_and_keeps_going(engine, monkeypatch):
    said: list[str] = []
    real = outbox.claim_next
    failures = iter([RuntimeError("boom")] * 3)

    def claim_once_broken(*args, **kwargs):
        for failure in failures:
            raise failure
        return real(*args, **kwargs)

    monkeypatch.setattr(outbox, "claim_next", claim_once_broken)
    stop = threading.Event()
    with run_receiver(lambda _id, _before: "ok") as receiver:
        (reference,) = save_many(engine, 1)
        worker = threading.Thread(
            target=relay.run_relay, args=(engine, config_for(receiver.url), stop, said.append)
        )
        worker.start()
        try:
            assert receiver.wait_for(lambda got: len(got) == 1, DEADLINE_S)
        finally:
            stop.set()
            worker.join(10)
        (delivery,) = receiver.deliveries
    # Three passes failed alike: said once, not every poll interval.
    assert said == ["webhook: the relay met RuntimeError: RuntimeError: boom"]
    assert json.loads(delivery.body)["data"]["reference"] == reference
