"""The CRM hand-off and the workflow through a real browser and a real `streamlit run app.py`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from playwright.sync_api import expect
from standardwebhooks.webhooks import Webhook

from tests.receiver import Receiver, run_receiver
from tests.test_browser import (
    ADMIN_PASSWORD,
    ARTIFACTS,
    HOSTILE,
    _open,
    browser,
    choose_option,
    page,
    run_server,
    shown_then_settled,
)
from tests.test_relay import FAST_ENV, SECRET

__all__ = ["browser", "page"]  # the Chromium fixtures of tests/test_browser.py

pytestmark = pytest.mark.browser
PITCH = "gdl-it-companies,mx-instability>mx-partnerships"
WAIT_MS = 30_000


@pytest.fixture(scope="module")
def receiver() -> Iterator[Receiver]:
    """A CRM's webhook on 127.0.0.1 that refuses each event's first try (500), then accepts."""
    with run_receiver(lambda _id, before: "500" if before == 0 else "ok") as found:
        yield found


@pytest.fixture(scope="module")
def outbox_server(tmp_path_factory, receiver) -> Iterator[str]:
    """The app on loopback, its webhook the receiver, on the tests' short retry schedule."""
    env = {
        **FAST_ENV,
        "INSIGHTS_STATE_DIR": str(tmp_path_factory.mktemp("state")),
        "DATABASE_URL": "",
        "INSIGHTS_ADMIN_PASSWORD": ADMIN_PASSWORD,
        "INSIGHTS_WEBHOOK_URL": receiver.url,
    }
    with run_server(env, "server-outbox.log") as url:
        yield url


def send_from_request_page(browser, base: str, name: str) -> str:
    """Send the public /request form from a shared pitch's link, close the tab; the reference."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    try:
        _open(tab, f"{base}/request?kind=quote&pitch={quote(PITCH)}&saved=42", "Get a quote")
        main = tab.locator('[data-testid="stMain"]')
        main.get_by_label("Name", exact=True).fill(name)
        main.get_by_label("Company", exact=True).fill("Acme Logistics")
        main.get_by_label("Work email", exact=True).fill("ana@example.com")
        main.get_by_label("Message", exact=True).fill(f"**{HOSTILE}**")
        main.get_by_text("You may contact me about this request.").click()
        main.get_by_role("button", name="Send request").click()
        confirmation = main.get_by_text("Your reference is")
        confirmation.wait_for(timeout=WAIT_MS)
        return confirmation.inner_text().rsplit(" ", 1)[-1].rstrip(".")
    finally:
        # No page stays open: the server's relay delivers on its own.
        context.close()


def test_requests_from_the_request_page_reach_the_receiver_with_no_page_open(
    outbox_server, browser, receiver
):
    references = [send_from_request_page(browser, outbox_server, f"Prospect {i}") for i in (1, 2)]
    assert receiver.wait_for(
        lambda got: (
            {json.loads(d.body)["data"]["reference"] for d in got if d.answer == "ok"}
            >= set(references)
        ),
        60,
    ), [d.answer for d in receiver.deliveries]
    mine = [d for d in receiver.deliveries if json.loads(d.body)["data"]["reference"] in references]
    verifier = Webhook(SECRET)
    events = [verifier.verify(d.body, d.headers) for d in mine]
    # Each refused once, then accepted, under one id.
    assert sorted(d.answer for d in mine) == ["500", "500", "ok", "ok"]
    assert len({d.headers["webhook-id"] for d in mine}) == 2
    data = {e["data"]["reference"]: e["data"] for e in events}
    assert {ref: data[ref]["name"] for ref in references} == {
        references[0]: "Prospect 1",
        references[1]: "Prospect 2",
    }
    assert data[references[0]]["message"] == f"**{HOSTILE}**"
    assert data[references[0]]["pitch"] == {
        "items": PITCH.split(","),
        "saved_pitch_id": "42",
    }


def test_a_request_is_worked_through_the_admin_view(outbox_server, browser, page):
    reference = send_from_request_page(browser, outbox_server, HOSTILE)
    page.goto(f"{outbox_server}/admin")
    page.get_by_label("Admin password").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Unlock").click()
    # The unlocking run drew the workflow and finished: a click now is not undone by a redraw.
    shown_then_settled(page, page.get_by_text(f"Workflow of {reference}"))
    form = page.locator('[data-testid="stForm"]').filter(has_text="Internal note")
    choose_option(page, form.get_by_label("Status of this request"), "contacted")
    form.get_by_label("Internal note (the prospect never sees it)").fill(f"Called: {HOSTILE}")
    form.get_by_role("button", name="Save changes").click()
    saved = page.get_by_text(f"Saved: {reference} is contacted, owner nobody.")
    saved.wait_for(timeout=WAIT_MS)
    # The history table (the Content view's tables follow it on the page).
    history = page.locator('[data-testid="stDataFrame"]').filter(has_text="When (UTC)")
    expect(history).to_contain_text("this machine", timeout=WAIT_MS)
    expect(history).to_contain_text(f"Called: {HOSTILE}", timeout=WAIT_MS)
    assert page.locator('img[src="x"]').count() == 0
    page.screenshot(path=str(ARTIFACTS / "admin-workflow.png"), full_page=True)
    assert page.dialogs == []
    assert page.errors == []
    assert page.outside == []
