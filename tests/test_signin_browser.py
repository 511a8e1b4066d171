"""Signing in through a real browser: once per browser, every tab and reload stays signed in."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator

import pytest

from bench import serve
from insights.quotes import people, store
from tests.test_browser import ADMIN_PASSWORD, ARTIFACTS, _open, browser, run_server

__all__ = ["browser"]  # the module's Chromium fixture, shared with tests/test_browser.py

pytestmark = pytest.mark.browser
PASSWORD = "rep-pässwörd-long-enough"


@pytest.fixture(scope="module")
def team_server(tmp_path_factory) -> Iterator[str]:
    """The app on loopback with a rep's and an admin's account: a team server."""
    state = tmp_path_factory.mktemp("state")
    engine = store.make_engine(store.default_database_url(state))
    store.create_schema(engine)
    now = dt.datetime.now(dt.UTC)
    for name, email, role in (
        ("Rita <b>Rep</b>", "rita@example.com", people.Role.REP),
        ("Ada Admin", "ada@example.com", people.Role.ADMIN),
    ):
        account = people.NewAccount(name=name, email=email, role=role, password=PASSWORD)
        people.add_account(engine, account, now)
    engine.dispose()
    env = {
        "INSIGHTS_STATE_DIR": str(state),
        "DATABASE_URL": "",
        "INSIGHTS_ADMIN_PASSWORD": ADMIN_PASSWORD,
    }
    with run_server(env, "server-signin.log") as url:
        yield url


def sidebar(tab):
    """The page's sidebar."""
    return tab.locator('[data-testid="stSidebar"]')


def sign_in(tab, base: str, email: str, password: str, then: str = "/explorer") -> None:
    """Fill the plain sign-in form as a person would."""
    tab.goto(f"{base}/signin?next={then}")
    tab.get_by_label("Email").fill(email)
    tab.get_by_label("Password").fill(password)
    tab.get_by_role("button", name="Sign in").click()


def test_a_rep_signs_in_once_and_stays_signed_in_across_tabs_and_reloads(team_server, browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    tab = context.new_page()
    try:
        _open(tab, team_server, "Market overview")
        link = sidebar(tab).get_by_role("link", name="Sign in")
        link.wait_for(timeout=30_000)
        assert link.get_attribute("href").startswith("/signin?next=")

        sign_in(tab, team_server, "rita@example.com", "wrong password")
        assert tab.get_by_role("alert").inner_text() == "Wrong email or password."
        sign_in(tab, team_server, "RITA@example.com", PASSWORD)
        tab.get_by_role("heading", name="Claim explorer", level=1).wait_for(timeout=30_000)
        who = sidebar(tab).get_by_text("Signed in as")
        who.wait_for(timeout=30_000)
        # The name is shown as typed: its markup is text, not bold.
        assert who.inner_text() == "Signed in as Rita <b>Rep</b> (rep)"

        [cookie] = [c for c in context.cookies() if c["name"] == people.SESSION_COOKIE]
        assert (cookie["httpOnly"], cookie["sameSite"], cookie["path"]) == (True, "Lax", "/")
        assert 11.9 * 3600 < cookie["expires"] - time.time() <= 12 * 3600
        assert PASSWORD not in cookie["value"]

        other = context.new_page()  # another tab of the same browser
        _open(other, f"{team_server}/compare", "Compare")
        sidebar(other).get_by_text("Signed in as Rita").wait_for(timeout=30_000)
        tab.reload()
        tab.get_by_role("heading", name="Claim explorer", level=1).wait_for(timeout=30_000)
        sidebar(tab).get_by_text("Signed in as Rita").wait_for(timeout=30_000)
        # A rep is not an admin: /admin still asks for the admin password.
        _open(other, f"{team_server}/admin", "Quote requests")
        other.get_by_label("Admin password").wait_for(timeout=30_000)
        other.wait_for_function(serve.RENDERED_JS, timeout=30_000)
        other.screenshot(path=str(ARTIFACTS / "signin-rep-admin-gate.png"))

        tab.goto(f"{team_server}/signout")
        assert tab.get_by_role("heading", name="Signed out").count() == 1
        assert [c for c in context.cookies() if c["name"] == people.SESSION_COOKIE] == []
        _open(other, team_server, "Market overview")
        sidebar(other).get_by_role("link", name="Sign in").wait_for(timeout=30_000)
    finally:
        context.close()


def test_a_signed_in_admin_opens_admin_without_the_shared_password(team_server, browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    try:
        sign_in(tab, team_server, "ada@example.com", PASSWORD, then="/admin")
        tab.get_by_role("heading", name="Quote requests", level=1).wait_for(timeout=30_000)
        tab.get_by_role("heading", name="People").wait_for(timeout=30_000)
        assert tab.get_by_label("Admin password").count() == 0
        sidebar(tab).get_by_text("Signed in as Ada Admin (admin)").wait_for(timeout=30_000)
        tab.wait_for_function(serve.RENDERED_JS, timeout=30_000)
        tab.screenshot(path=str(ARTIFACTS / "signin-admin.png"))
        assert errors == []
    finally:
        context.close()


def test_a_visitor_is_sent_to_sign_in_by_the_presenter_view_and_back_to_it(team_server, browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    tab = context.new_page()
    try:
        _open(tab, f"{team_server}/presenter?place=guadalajara", "Presenter view")
        main = tab.locator('[data-testid="stMain"]')
        main.get_by_text("Sign in to present").wait_for(timeout=30_000)
        assert main.get_by_text("Presentation code").count() == 0
        tab.screenshot(path=str(ARTIFACTS / "signin-presenter-visitor.png"))
        href = main.get_by_role("link", name="Sign in").get_attribute("href")
        assert href == "/signin?next=%2Fpresenter%3Fplace%3Dguadalajara"
        tab.goto(f"{team_server}{href}")  # Streamlit's link buttons open a new tab
        tab.get_by_label("Email").fill("rita@example.com")
        tab.get_by_label("Password").fill(PASSWORD)
        tab.get_by_role("button", name="Sign in").click()
        tab.get_by_role("heading", name="Presenter view", level=1).wait_for(timeout=30_000)
        main.get_by_text("Presentation code").first.wait_for(timeout=30_000)
        assert "/presenter?place=guadalajara" in tab.url
        tab.wait_for_function(serve.RENDERED_JS, timeout=30_000)
        tab.screenshot(path=str(ARTIFACTS / "signin-presenter-rep.png"))
    finally:
        context.close()
