"""Content on a team server through a real browser: a visitor cannot add a region or see drafts;
an admin approves a draft on the admin page's Content view."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from bench import serve
from insights.quotes import packs, people, store
from tests import factory, test_packs
from tests.test_browser import (
    ADMIN_PASSWORD,
    ARTIFACTS,
    _open,
    browser,
    run_server,
    wait_settled,
)
from tests.test_signin_browser import PASSWORD, sign_in

__all__ = ["browser"]  # the module's Chromium fixture, shared with tests/test_browser.py

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def team_server(tmp_path_factory) -> Iterator[str]:
    """The app on loopback with a rep and an admin (a team server) and the rep's saved draft."""
    state = tmp_path_factory.mktemp("content-state")
    engine = store.make_engine(store.default_database_url(state))
    store.create_schema(engine)
    now = dt.datetime.now(dt.UTC)
    made = {}
    for name, email, role in (
        ("Rita Rep", "rita@example.com", people.Role.REP),
        ("Ada Admin", "ada@example.com", people.Role.ADMIN),
    ):
        account = people.NewAccount(name=name, email=email, role=role, password=PASSWORD)
        made[role] = people.add_account(engine, account, now)
    pack, text_hash = test_packs.reviewed()
    packs.save_draft(engine, made[people.Role.REP].person(), pack, text_hash, now)
    engine.dispose()
    # Content with an owner, an overdue review and a newer source contradicting one claim.
    folder = tmp_path_factory.mktemp("content-data")
    sales = {
        **factory.sales_pack(),
        "team": {"owner": "Ana Ruiz", "reviewed_on": "2024-03-02", "review_by": "2025-01-01"},
    }
    factory.write_pack(folder, sales, factory.SALES_FILE)
    newer = factory.other_pack(
        "newer-pack", links=[factory.link("newer-c3", "beta-instability", "contradicts")]
    )
    factory.write_pack(folder, newer, "newer.yaml")
    env = {
        "INSIGHTS_DATA_DIR": str(folder),
        "INSIGHTS_STATE_DIR": str(state),
        "DATABASE_URL": "",
        "INSIGHTS_ADMIN_PASSWORD": ADMIN_PASSWORD,
    }
    with run_server(env, "server-content.log") as url:
        yield url


def test_a_visitor_cannot_add_content_or_see_drafts(team_server, browser):
    tab = browser.new_page(viewport={"width": 1440, "height": 1000})
    try:
        _open(tab, f"{team_server}/add_region", "Add a region")
        expect(tab.get_by_text("Sign in to add content")).to_be_visible()
        tab.screenshot(path=str(ARTIFACTS / "content-visitor-add-region.png"))
        assert tab.get_by_role("button", name="Propose claims").count() == 0
        assert tab.get_by_role("textbox", name="Region").count() == 0
        tab.screenshot(path=str(ARTIFACTS / "content-visitor-add-region.png"))
        _open(tab, f"{team_server}/?drafts=1", "Market overview")
        assert tab.get_by_text("Include drafts").count() == 0
        assert tab.get_by_text("Testville").count() == 0
    finally:
        tab.close()


def test_an_admin_approves_a_draft_on_the_content_view(team_server, browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1400})
    tab = context.new_page()
    try:
        sign_in(tab, team_server, "ada@example.com", PASSWORD, then="/admin")
        tab.get_by_role("heading", name="Content", level=3).wait_for(timeout=30_000)
        expect(tab.get_by_text("1 draft waiting for approval.")).to_be_visible()
        expect(tab.get_by_text("Due for review")).to_be_visible()
        expect(tab.get_by_text("Updated or contradicted by a newer source")).to_be_visible()
        tab.wait_for_function(serve.RENDERED_JS, timeout=30_000)
        wait_settled(tab)
        tab.get_by_text("Due for review").scroll_into_view_if_needed()
        tab.screenshot(path=str(ARTIFACTS / "content-view-draft.png"))
        tab.get_by_label("Draft to approve").click()
        tab.get_by_role("option", name="Testville (testville), Rita Rep <rita@example.com>").click()
        tab.get_by_role("button", name="Approve and publish").click()
        expect(
            tab.get_by_text("Published testville-testville: it is live for every rep.")
        ).to_be_visible(timeout=30_000)
        expect(tab.get_by_text("0 drafts waiting for approval.")).to_be_visible()
        tab.wait_for_function(serve.RENDERED_JS, timeout=30_000)
        wait_settled(tab)
        tab.screenshot(path=str(ARTIFACTS / "content-view-published.png"))
    finally:
        context.close()
