"""A webhook receiver on 127.0.0.1 for the relay's tests: it answers as its plan says."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

# How the receiver answers one POST: "ok" (200), "500", "400", "timeout" (holds the request
# longer than the relay waits, then closes), "drop" (closes with no answer), "hold" (keeps
# the request open until released: the relay is mid-delivery).
Plan = Callable[[str, int], str]
ANSWERS = {"ok": 200, "500": 500, "400": 400}


@dataclass(frozen=True)
class Delivery:
    """One POST as received: its headers (lower-cased names), body, and how it was answered."""

    headers: dict[str, str]
    body: bytes
    answer: str


class Receiver:
    """What the receiver got, and a way to wait until it got enough."""

    def __init__(self, plan: Plan, hold_s: float) -> None:
        self.plan = plan
        self.hold_s = hold_s
        self.deliveries: list[Delivery] = []
        self.changed = threading.Condition()
        self.held = threading.Event()
        self.release = threading.Event()
        self.closing = threading.Event()
        self.url = ""

    def record(self, headers: dict[str, str], body: bytes) -> str:
        """Note one POST and return how to answer it (the plan, by its id and earlier tries)."""
        with self.changed:
            event_id = headers.get("webhook-id", "")
            before = sum(d.headers.get("webhook-id") == event_id for d in self.deliveries)
            answer = self.plan(event_id, before)
            self.deliveries.append(Delivery(headers, body, answer))
            self.changed.notify_all()
        return answer

    def wait_for(self, ready: Callable[[list[Delivery]], bool], timeout_s: float) -> bool:
        """Wait until ready(deliveries) holds; False if it did not within timeout_s."""
        with self.changed:
            return self.changed.wait_for(lambda: ready(list(self.deliveries)), timeout_s)

    def accepted(self) -> list[Delivery]:
        """Return the deliveries answered 200."""
        with self.changed:
            return [d for d in self.deliveries if d.answer == "ok"]


def _handler(receiver: Receiver) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length", "0")))
            headers = {k.lower(): v for k, v in self.headers.items()}
            answer = receiver.record(headers, body)
            if answer == "timeout":
                receiver.closing.wait(receiver.hold_s)
            elif answer == "hold":
                receiver.held.set()
                receiver.release.wait(60)
            if answer in ANSWERS:
                payload = b"accepted" if answer == "ok" else f"refused: {answer}".encode()
                self.send_response(ANSWERS[answer])
                self.send_header("content-length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            # Otherwise nothing is written: the connection closes with no answer.
            self.close_connection = True

        def log_message(self, format: str, *args: object) -> None:
            """Keep the test output quiet."""

    return Handler


@contextmanager
def run_receiver(plan: Plan, hold_s: float = 1.0) -> Iterator[Receiver]:
    """A receiver on a free port of 127.0.0.1 for the duration."""
    receiver = Receiver(plan, hold_s)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(receiver))
    server.daemon_threads = True
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/quotes"
    thread = threading.Thread(target=server.serve_forever, name="receiver", daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        receiver.release.set()
        receiver.closing.set()
        server.shutdown()
        server.server_close()
        thread.join()
