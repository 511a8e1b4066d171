"""Keeping content current: review dates, what is due, what newer sources change, pitch warnings."""

from __future__ import annotations

import datetime as dt

import pytest

from insights.content import evidence, upkeep
from insights.content.model import Team
from tests import factory

TODAY = dt.date(2026, 12, 6)
D = dt.date


@pytest.mark.parametrize(
    ("team", "due"),
    [
        (None, None),
        (Team(owner="Ana Ruiz"), None),
        (Team(review_by=D(2026, 3, 1)), D(2026, 3, 1)),
        (Team(reviewed_on=D(2026, 1, 31), review_every_months=1), D(2026, 2, 28)),
        (Team(reviewed_on=D(2025, 12, 6), review_every_months=12), D(2026, 12, 6)),
        # An explicit date wins over the interval.
        (
            Team(reviewed_on=D(2026, 1, 1), review_by=D(2026, 2, 1), review_every_months=6),
            D(2026, 2, 1),
        ),
        (Team(reviewed_on=D(2026, 1, 1)), None),
    ],
)
def test_find_review_due(team, due):
    assert upkeep.find_review_due(team) == due


@pytest.mark.parametrize(
    ("owner", "reviewed_on", "line"),
    [
        ("Ana Ruiz", D(2026, 3, 14), "reviewed Mar 2026 by Ana Ruiz"),
        (None, D(2026, 3, 14), "reviewed Mar 2026"),
        ("Ana Ruiz", None, "owner Ana Ruiz"),
        ("", None, ""),
    ],
)
def test_describe_review(owner, reviewed_on, line):
    assert upkeep.describe_review(owner, reviewed_on) == line


@pytest.mark.parametrize(
    ("due", "state"),
    [
        (None, ""),
        (D(2026, 12, 5), "overdue"),
        (D(2026, 12, 6), "due"),
        (D(2027, 1, 5), "due"),
        (D(2027, 1, 6), ""),
    ],
)
def test_judge_due(due, state):
    assert upkeep.judge_due(due, TODAY) == state


def two_packs() -> tuple[dict, dict]:
    """An older pack reviewed by its owner and overdue, and a newer one that contradicts it."""
    older = factory.pack(
        "test-pack",
        team={"owner": "Ana Ruiz", "reviewed_on": "2025-03-02", "review_by": "2026-03-01"},
    )
    newer = factory.other_pack(
        "newer-pack",
        team={"owner": "Bo Diaz", "review_by": "2026-12-20"},
        links=[
            factory.link("newer-c3", "test-c3", "contradicts"),
            factory.link("newer-c1", "test-c1"),
        ],
    )
    return older, newer


def test_claims_inherit_their_packs_team_metadata():
    catalog = factory.catalog_of(*two_packs())
    rows = catalog.claims.set_index("id")
    assert (rows.at["test-c2", "owner"], rows.at["test-c2", "reviewed_on"]) == (
        "Ana Ruiz",
        D(2025, 3, 2),
    )
    assert rows.at["newer-c5", "review_due"] == D(2026, 12, 20)
    plain = factory.catalog_of(factory.pack()).claims
    assert set(plain["owner"]) == {""}
    assert plain["review_due"].isna().all()


def test_list_due_and_challenged():
    catalog = factory.catalog_of(*two_packs())
    due = upkeep.list_due(catalog.claims, TODAY)
    assert due[["pack", "owner", "review_due", "state"]].values.tolist() == [
        ["test-pack", "Ana Ruiz", D(2026, 3, 1), "overdue"],
        ["newer-pack", "Bo Diaz", D(2026, 12, 20), "due"],
    ]
    challenged = upkeep.list_challenged(catalog.links)
    assert challenged.values.tolist() == [
        ["test-c3", "test-pack", "contradicted by", "newer-c3", "newer-pack"]
    ]


def test_a_pitch_is_warned_about_overdue_and_contradicted_points():
    catalog = factory.catalog_of(*two_packs())
    found = upkeep.warn_pitch(
        ["newer-c1", "test-c3", "missing"], catalog.claims, catalog.links, TODAY
    )
    assert found == [
        "Point 2 (test-c3): its review was due 01 Mar 2026 (Ana Ruiz)",
        "Point 2 (test-c3): contradicted by newer-c3",
    ]
    assert upkeep.warn_pitch(["newer-c1"], catalog.claims, catalog.links, TODAY) == []


@pytest.mark.parametrize(
    ("review_due", "verify", "line"),
    [
        (None, False, ""),
        (D(2026, 12, 7), False, ""),
        (D(2026, 12, 5), True, "verify before presenting: the team's review was due 5 Dec 2026"),
    ],
)
def test_the_verify_rule_takes_the_review_date(review_due, verify, line):
    fresh = D(2026, 6, 1)
    found = evidence.judge_freshness(fresh, (), TODAY, 3, review_due)
    assert (found.verify, found.line) == (verify, line)
