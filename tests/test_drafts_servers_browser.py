"""Drafts end to end in a real browser: saved on one app server, finished on another sharing one
PostgreSQL, live only once an admin approves; and an ingest that stops when its tab closes."""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import expect

from bench import serve
from insights.quotes import packs, people, store
from tests import factory
from tests.test_browser import (
    ADMIN_PASSWORD,
    ARTIFACTS,
    ROOT,
    WAIT_MS,
    _open,
    browser,
    choose_option,
    page,
    paraphrase_testville,
    propose_testville,
    run_server,
    shown_then_settled,
    wait_settled,
)
from tests.test_signin_browser import PASSWORD, sign_in

__all__ = ["browser", "page"]  # Chromium and a fresh tab, the fixtures of tests/test_browser.py

pytestmark = pytest.mark.browser

REP = ("Rita Rep", "rita@example.com", people.Role.REP)
ADMIN = ("Ada Admin", "ada@example.com", people.Role.ADMIN)
DRAFT_ID = "testville-testville"
# A claim the rep paraphrases on server A, and the one rewritten when finishing on server B.
FIRST = factory.TESTVILLE_PARAPHRASES["testville-p3-s1"]
FINISHED = "Founders from Testville fly out to meet their buyers in person."


def add_testville(tab, base: str) -> None:
    """Paste the Testville article on Add a region, paraphrase and summarise it, save it."""
    propose_testville(tab, base)
    paraphrase_testville(tab)
    tab.get_by_role("button", name="Save draft").click()
    saved_status(tab)


def saved_status(tab) -> None:
    """Wait for the save's status to say the draft was saved, and for its run to end."""
    shown_then_settled(tab, tab.get_by_text(f"Saved draft {DRAFT_ID} in the team's store."))


def claim_shown(tab, base: str, text: str) -> bool:
    """Open the claim explorer searching for Testville as a visitor; is this claim listed?"""
    _open(tab, f"{base}/explorer?q=Testville", "Claim explorer")
    said = tab.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"]').first
    if not re.match(r"[1-9][\d,]* claims? matching", said.inner_text()):
        return False
    # The grid draws on a canvas, its accessible table (the rows in sight) a moment after the
    # run ends: read the claims there once it is in place.
    grid = tab.locator('[data-testid="stDataFrame"]').last
    expect(grid.locator('[role="row"] td').first).to_be_attached(timeout=WAIT_MS)
    return grid.get_by_text(text, exact=True).count() > 0


@pytest.mark.postgres
def test_a_draft_saved_on_one_server_is_finished_on_another_and_live_once_approved(
    postgres_schema_url, browser, page, tmp_path
):
    # A team server (accounts in the store) twice over, on one PostgreSQL: a rep saves the draft
    # on A and finishes it on B, an admin approves it on B, and A shows it live.
    engine = store.make_engine(postgres_schema_url)
    store.create_schema(engine)
    now = dt.datetime.now(dt.UTC)
    for name, email, role in (REP, ADMIN):
        account = people.NewAccount(name=name, email=email, role=role, password=PASSWORD)
        people.add_account(engine, account, now)
    data = tmp_path / "data"
    factory.write_sales_pack(data)
    env = {
        "INSIGHTS_DATA_DIR": str(data),
        "INSIGHTS_STATE_DIR": str(tmp_path / "state"),
        "DATABASE_URL": postgres_schema_url,
        "INSIGHTS_ADMIN_PASSWORD": ADMIN_PASSWORD,
    }
    rep = browser.new_context(viewport={"width": 1440, "height": 1000})
    admin = browser.new_context(viewport={"width": 1440, "height": 1400})
    try:
        with (
            run_server(env, "server-drafts-a.log") as first,
            run_server(env, "server-drafts-b.log") as second,
        ):
            tab = rep.new_page()
            sign_in(tab, first, REP[1], PASSWORD, then="/add_region")
            tab.get_by_role("heading", name="Add a region", level=1).wait_for(timeout=WAIT_MS)
            add_testville(tab, first)
            saved = packs.find_pack(engine, DRAFT_ID)
            assert saved is not None
            assert (saved.status, saved.updated_by) == ("draft", "Rita Rep <rita@example.com>")
            assert FIRST in saved.body

            # On B (the session cookie is the host's, the session in the shared store).
            _open(tab, f"{second}/add_region", "Add a region")
            choose_option(
                tab,
                tab.get_by_label("Finish a saved draft"),
                f"{saved.title} ({saved.region}), by Rita Rep <rita@example.com>",
            )
            tab.get_by_role("button", name="Reopen").click()
            main = tab.locator('[data-testid="stMain"]')
            shown_then_settled(tab, tab.get_by_role("heading", name="Review the proposed claims"))
            first_box = main.get_by_role("textbox", name="Claim testville-p3-s1 (paraphrase it)")
            assert first_box.input_value() == FIRST
            box = main.get_by_role("textbox", name="Claim testville-p3-s2 (paraphrase it)")
            box.fill(FINISHED)
            box.press("Control+Enter")
            wait_settled(tab)
            tab.get_by_role("button", name="Save draft").click()
            saved_status(tab)
            finished = packs.find_pack(engine, DRAFT_ID)
            assert finished is not None
            assert finished.status == "draft"
            assert FINISHED in finished.body
            assert [p.id for p in packs.list_packs(engine, "draft")] == [DRAFT_ID]

            # Not live on either server before an admin approves it.
            for base in (first, second):
                assert not claim_shown(page, base, FIRST), base

            # An admin approves it on B's Content view.
            desk = admin.new_page()
            sign_in(desk, second, ADMIN[1], PASSWORD, then="/admin")
            shown_then_settled(desk, desk.get_by_label("Draft to approve"))
            expect(desk.get_by_text("1 draft waiting for approval.")).to_be_visible()
            choose_option(
                desk,
                desk.get_by_label("Draft to approve"),
                "Testville (testville), Rita Rep <rita@example.com>",
            )
            before = dt.datetime.now(dt.UTC)
            desk.get_by_role("button", name="Approve and publish").click()
            expect(
                desk.get_by_text(f"Published {DRAFT_ID}: it is live for every rep.")
            ).to_be_visible(timeout=WAIT_MS)
            after = dt.datetime.now(dt.UTC)
            desk.screenshot(path=str(ARTIFACTS / "drafts-approved-on-b.png"), full_page=True)

            # Live on A: its catalog rereads the store's stamp at most once a second.
            deadline = time.monotonic() + 30
            while not claim_shown(page, first, FIRST):
                if time.monotonic() > deadline:
                    page.screenshot(path=str(ARTIFACTS / "drafts-not-live-on-a.png"))
                    log = (ARTIFACTS / "server-drafts-a.log").read_text(errors="replace")
                    raise AssertionError(f"the approved draft never went live on A:\n{log[-3000:]}")
            assert page.get_by_text(FINISHED, exact=True).count() == 1
            page.screenshot(path=str(ARTIFACTS / "drafts-live-on-a.png"), full_page=True)
        published = packs.find_pack(engine, DRAFT_ID)
    finally:
        rep.close()
        admin.close()
        engine.dispose()
    assert published is not None
    assert (published.status, published.published_by) == (
        "published",
        "Ada Admin <ada@example.com>",
    )
    # The store keeps UTC times without their zone.
    assert published.published_at is not None
    assert before.replace(tzinfo=None) <= published.published_at <= after.replace(tzinfo=None)
    assert page.errors == []
    assert page.outside == []


# One 2 MB paragraph of short sentences: bounded, but seconds of work for the ingest.
BIG_ARTICLE = ("Testville in brief\n\n2024-01-02\n\n" + "Yes. No. Maybe. " * 130_000)[
    :2_000_000
].encode("utf-8")


def _processes() -> dict[int, tuple[int, str]]:
    """Every process on the machine: its parent's id and its state (R, S, Z…)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # it ended while the listing was read
        # The name (in brackets) may hold spaces: the fields after it are split.
        state, parent = stat.rsplit(")", 1)[1].split()[:2]
        found[int(entry.name)] = (int(parent), state)
    return found


def _grandchildren(pid: int) -> list[int]:
    """The live processes whose parent is a child of pid (ingests, under the fork server)."""
    table = _processes()
    children = {p for p, (parent, _) in table.items() if parent == pid}
    return sorted(p for p, (parent, state) in table.items() if parent in children and state != "Z")


def _cpu_seconds(pid: int) -> float:
    """The CPU time a process has used so far (user and system)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _running(pid: int) -> bool:
    """Whether a process exists and is not a zombie."""
    table = _processes()
    return pid in table and table[pid][1] != "Z"


@contextmanager
def laptop_server(env: dict[str, str]) -> Iterator[tuple[str, int]]:
    """The app on loopback (as run_server) with the server process's id."""
    port = serve.free_port()
    url = f"http://127.0.0.1:{port}"
    ARTIFACTS.mkdir(exist_ok=True)
    with (ARTIFACTS / "server-ingest-stop.log").open("w") as log:
        proc = serve.launch(ROOT, port, env, output=log)
        try:
            serve.wait_healthy(url, proc)
            yield url, proc.pid
        finally:
            serve.stop(proc)


def test_closing_the_tab_ends_the_ingest_child_process(browser, tmp_path):
    data = tmp_path / "data"
    factory.write_sales_pack(data)
    env = {
        "INSIGHTS_DATA_DIR": str(data),
        "INSIGHTS_STATE_DIR": str(tmp_path / "state"),
        "DATABASE_URL": "",
        "INSIGHTS_ADMIN_PASSWORD": ADMIN_PASSWORD,
    }
    with laptop_server(env) as (url, server_pid):
        context = browser.new_context(viewport={"width": 1440, "height": 1000})
        tab = context.new_page()
        _open(tab, f"{url}/add_region", "Add a region")
        assert _grandchildren(server_pid) == []
        main = tab.locator('[data-testid="stMain"]')
        main.get_by_role("textbox", name="Region", exact=True).fill("Mexico")
        main.get_by_role("textbox", name="Region", exact=True).press("Enter")
        wait_settled(tab)
        tab.locator('input[type="file"]').set_input_files(
            {"name": "long.txt", "mimeType": "text/plain", "buffer": BIG_ARTICLE}
        )
        shown_then_settled(tab, main.get_by_text("long.txt"))
        tab.get_by_role("button", name="Propose claims").click()
        tab.get_by_text("Numbering paragraphs and proposing claims…").wait_for(timeout=WAIT_MS)
        # The ingest's child process appears under the fork server the app started.
        deadline = time.monotonic() + 30
        while not (workers := _grandchildren(server_pid)):
            assert time.monotonic() < deadline, "no ingest process was started"
        assert len(workers) == 1
        [worker] = workers
        parent = _processes()[worker][0]
        assert b"forkserver" in Path(f"/proc/{parent}/cmdline").read_bytes()
        # It is working on the article (a second of CPU) and still is when the tab closes:
        # the whole article takes far longer.
        while _cpu_seconds(worker) < 1.0:
            assert time.monotonic() < deadline, "the ingest process never got to work"
        assert _running(worker)
        assert tab.get_by_text("proposed from").count() == 0
        context.close()
        closed = time.monotonic()
        while _running(worker):
            assert time.monotonic() - closed < 5, "the ingest kept running after the tab closed"
        stopped_after = time.monotonic() - closed
        assert _grandchildren(server_pid) == []
    log = (ARTIFACTS / "server-ingest-stop.log").read_text()
    assert "Traceback" not in log
    print(f"the ingest ended {stopped_after:.2f} s after the tab closed")
