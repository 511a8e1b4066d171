"""A team server's content, under AppTest: a visitor who has not signed in writes nothing, sees
no drafts, and cannot publish even with the admin password; a signed-in rep writes drafts."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from insights.content.text import escape_markdown as esc
from insights.quotes import packs, people, permissions, store
from tests import test_packs
from tests.apptest import APP, open_page, switch_to

PASSWORD = "a long enough password"
ADMIN_PASSWORD = "correct horse battery staple"
T0 = dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def team(data_dir, monkeypatch) -> dict[str, people.Account]:
    """This test's store with a rep's and an admin's account (a team server) and a draft."""
    monkeypatch.setenv("INSIGHTS_ADMIN_PASSWORD", ADMIN_PASSWORD)
    engine = store.make_engine(store.default_database_url(data_dir.parent / "state"))
    try:
        store.create_schema(engine)
        made = {
            role.value: people.add_account(
                engine,
                people.NewAccount(
                    name=f"{role.value} person",
                    email=f"{role.value}@example.com",
                    role=role,
                    password=PASSWORD,
                ),
                T0,
            )
            for role in people.Role
        }
        pack, text_hash = test_packs.reviewed()
        packs.save_draft(engine, made["rep"].person(), pack, text_hash, T0)
    finally:
        engine.dispose()
    return made


def stored_status(data_dir) -> str:
    """The stored draft's status."""
    engine = store.make_engine(store.default_database_url(data_dir.parent / "state"))
    try:
        found = packs.find_pack(engine, "testville-testville")
        return found.status if found else "missing"
    finally:
        engine.dispose()


def test_a_visitor_gets_no_add_a_region_form(team):
    at = open_page("pages/add_region.py")
    assert not at.exception
    assert at.info[0].value.startswith("Sign in to add content")
    assert [t.key for t in at.main.text_input] == []
    assert "add.propose" not in [b.key for b in at.button]


def test_a_visitor_with_a_draft_in_the_session_still_saves_nothing(team, data_dir):
    # What a crafted session could hold: a draft, ready to save, without the page's buttons.
    at = AppTest.from_file(APP, default_timeout=60)
    switch_to(at, "pages/add_region.py")
    at.session_state["add.draft"] = test_packs.reviewed()[0]
    at.session_state["add.reopened"] = "testville-testville"
    at.run()
    assert not at.exception
    assert "add.save" not in [b.key for b in at.button]
    assert "Review the proposed claims" not in [h.value for h in at.subheader]
    assert stored_status(data_dir) == "draft"


@pytest.mark.parametrize("page", ["pages/overview.py", "pages/explorer.py"])
def test_a_visitor_asking_for_drafts_sees_none(team, page):
    at = open_page(page, {"drafts": "1"})
    assert not at.exception
    assert "filters.drafts" not in [t.key for t in at.toggle]
    assert at.multiselect(key="filters.region").options == ["Testland"]


def test_a_signed_in_rep_sees_drafts(team, monkeypatch):
    monkeypatch.setattr("ui.accounts._read_person", team["rep"].person)
    at = open_page("pages/overview.py", {"drafts": "1"})
    assert not at.exception
    assert at.toggle(key="filters.drafts").value is True
    assert at.multiselect(key="filters.region").options == ["Testland", "Testville"]


def test_a_visitor_with_the_admin_password_cannot_publish(team, data_dir):
    at = open_page("pages/admin.py")
    at.text_input(key="admin.password").input(ADMIN_PASSWORD)
    at.button(key="admin.unlock").click().run()
    at.selectbox(key="content.approve_which").set_value("testville-testville")
    at.button(key="content.approve").click().run()
    assert not at.exception
    assert at.error[-1].value == esc(
        "Cannot publish content: sign in first: this server's content is written by its team."
    )
    assert stored_status(data_dir) == "draft"


def test_a_signed_in_admin_publishes_and_is_recorded(team, data_dir, monkeypatch):
    monkeypatch.setattr("ui.accounts._read_person", team["admin"].person)
    at = open_page("pages/admin.py")
    at.selectbox(key="content.approve_which").set_value("testville-testville")
    at.button(key="content.approve").click().run()
    assert not at.exception
    assert not at.error
    engine = store.make_engine(store.default_database_url(data_dir.parent / "state"))
    try:
        done = packs.find_pack(engine, "testville-testville")
    finally:
        engine.dispose()
    assert (done.status, done.published_by) == ("published", "admin person <admin@example.com>")


def card_lines(at: AppTest) -> list[str]:
    """The citation lines under the page's claim cards."""
    return [c.value for c in at.main.caption if "¶" in c.value]


def test_a_visitor_sees_the_source_line_but_no_bias_notes(team):
    at = open_page("pages/overview.py")
    assert not at.exception
    lines = card_lines(at)
    assert lines
    assert not [line for line in lines if "bias" in line]
    assert all(c.proto.help == "" for c in at.main.caption if "¶" in c.value)


def test_a_signed_in_rep_sees_the_bias_notes(team, monkeypatch):
    monkeypatch.setattr("ui.accounts._read_person", team["rep"].person)
    at = open_page("pages/overview.py")
    lines = card_lines(at)
    assert lines
    assert all("bias: vendor blog (hover for why)" in line for line in lines)
    assert all(c.proto.help for c in at.main.caption if "¶" in c.value)


@pytest.mark.parametrize(
    ("rep_rights", "shown"),
    [
        # Drafts without the reps' notes: the bias stays hidden.
        (frozenset({permissions.Action.WRITE, permissions.Action.SEE_DRAFTS}), False),
        # The reps' notes without drafts: the bias is shown.
        (frozenset({permissions.Action.SEE_REP_NOTES}), True),
    ],
)
def test_bias_notes_follow_the_right_to_see_the_reps_notes(team, monkeypatch, rep_rights, shown):
    monkeypatch.setattr("ui.accounts._read_person", team["rep"].person)
    rights = {**permissions.RIGHTS, permissions.Standing.REP: rep_rights}
    monkeypatch.setattr(permissions, "RIGHTS", rights)
    at = open_page("pages/overview.py")
    assert not at.exception
    lines = card_lines(at)
    assert lines
    assert [("bias: vendor blog" in line) for line in lines] == [shown] * len(lines)
    assert [bool(c.proto.help) for c in at.main.caption if "¶" in c.value] == [shown] * len(lines)


def test_a_signed_in_rep_saves_a_draft_recorded_as_theirs(team, data_dir, monkeypatch):
    monkeypatch.setattr("ui.accounts._read_person", team["rep"].person)
    at = open_page("pages/add_region.py")
    at.text_input(key="add.region").input("Testville")
    at.text_input(key="add.title").input("Testville again")
    at.number_input(key="add.lat").set_value(0.0)
    at.number_input(key="add.lon").set_value(0.0)
    at.text_area(key="add.text").input(test_packs.ARTICLE.read_text(encoding="utf-8"))
    at.run()
    at.button(key="add.propose").click().run()
    at.button(key="add.save").click().run()
    assert not at.exception
    assert not at.error
    engine = store.make_engine(store.default_database_url(data_dir.parent / "state"))
    try:
        saved = packs.find_pack(engine, "testville-testville-again")
    finally:
        engine.dispose()
    assert (saved.status, saved.created_by) == ("draft", "rep person <rep@example.com>")


@pytest.mark.parametrize(("who", "copies"), [(None, ["prospect"]), ("rep", ["prospect", "rep"])])
def test_the_pitch_builder_offers_the_reps_copy_and_bias_notes_to_the_signed_in_only(
    team, monkeypatch, who, copies
):
    if who is not None:
        monkeypatch.setattr("ui.accounts._read_person", team[who].person)
    at = open_page("pages/pitch.py", {"place": "alpha"})
    assert not at.exception
    offered = [b.key for b in at.get("download_button") if b.key.startswith("pitch.export.")]
    assert offered == [
        f"pitch.export.{copy}.{fmt}"
        for copy in copies
        for fmt in ("pptx", "pdf", "md", "csv", "json")
    ]
    # The cards to pick from: their citations carry the bias note on hover for reps alone.
    helps = [c.proto.help for c in at.main.caption if "¶" in c.value]
    assert helps
    assert all(bool(h) is (who is not None) for h in helps)
