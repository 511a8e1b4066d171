"""The admin page's Content view and the pitch's warning, under AppTest: reviews due or overdue,
claims a newer source contradicts, drafts to approve; an overdue point flagged before export."""

from __future__ import annotations

import pytest

from insights.content.text import escape_markdown as esc
from tests import factory
from tests.apptest import open_page

ADMIN_PASSWORD = "correct horse battery staple"


@pytest.fixture
def reviewed_content(data_dir, monkeypatch):
    """The sales pack overdue for review by its owner, and a newer pack contradicting it."""
    monkeypatch.setenv("INSIGHTS_ADMIN_PASSWORD", ADMIN_PASSWORD)
    sales = {
        **factory.sales_pack(),
        "team": {"owner": "Ana Ruiz", "reviewed_on": "2024-03-02", "review_by": "2025-01-01"},
    }
    factory.write_pack(data_dir, sales, factory.SALES_FILE)
    newer = factory.other_pack(
        "newer-pack", links=[factory.link("newer-c3", "beta-instability", "contradicts")]
    )
    factory.write_pack(data_dir, newer, "newer.yaml")
    return data_dir


def test_the_content_view_lists_overdue_and_contradicted(reviewed_content):
    at = open_page("pages/admin.py")
    at.text_input(key="admin.password").input(ADMIN_PASSWORD)
    at.button(key="admin.unlock").click().run()
    assert not at.exception
    tables = [d.value for d in at.dataframe]
    due = next(v for v in tables if "Review by" in v.columns)
    assert due[["Pack", "Owner", "State"]].values.tolist() == [
        ["sales-pack", "Ana Ruiz", "overdue"]
    ]
    changed = next(v for v in tables if "By claim" in v.columns)
    assert changed.values.tolist() == [
        ["beta-instability", "sales-pack", "contradicted by", "newer-c3", "newer-pack"]
    ]
    assert "0 drafts waiting for approval." in [c.value for c in at.caption]


def test_an_overdue_point_is_flagged_before_export(reviewed_content):
    at = open_page("pages/pitch.py", {"pitch": "alpha-funds,beta-instability"})
    assert not at.exception
    [warning] = [w.value for w in at.warning if "Check before you export" in w.value]
    assert warning == esc(
        "Check before you export: "
        "Point 1 (alpha-funds): its review was due 01 Jan 2025 (Ana Ruiz); "
        "Point 2 (beta-instability): its review was due 01 Jan 2025 (Ana Ruiz); "
        "Point 2 (beta-instability): contradicted by newer-c3."
    )


def test_a_rep_sees_who_reviewed_a_card(reviewed_content):
    at = open_page("pages/overview.py")
    assert not at.exception
    lines = [c.value for c in at.caption if "bias:" in c.value]
    assert lines
    assert any(esc("reviewed Mar 2024 by Ana Ruiz") in line for line in lines)
    # Overdue: the verify mark says why.
    assert any(esc("the team's review was due 1 Jan 2025") in line for line in lines)
