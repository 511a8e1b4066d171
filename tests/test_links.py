"""Links from proposed claims to the catalog (insights/ingest/links)."""

import datetime as dt

import pytest

from insights.ingest import links

OLD = links.KnownClaim(
    id="gdl-it",
    text="A number of IT companies operate in Guadalajara; IBM and Intel are named.",
    places=frozenset({"guadalajara"}),
    organisations=frozenset({"ibm", "intel"}),
    theme="industry",
    stance="strength",
    as_of=dt.date(2017, 12, 20),
)


def new(
    text: str, places: set[str], orgs: set[str], stance: str = "strength", figures=()
) -> links.NewClaim:
    """A proposed claim about industry."""
    return links.NewClaim(
        "new-p1-s1",
        text,
        frozenset(places),
        frozenset(orgs),
        "industry",
        stance,
        frozenset(figures),
    )


@pytest.mark.parametrize(
    ("claim", "kind", "reason"),
    [
        (
            new(
                "IBM and Intel run engineering sites in Guadalajara.",
                {"guadalajara"},
                {"ibm", "intel"},
            ),
            "corroborates",
            "both name ibm, intel; both about guadalajara; wording",
        ),
        (
            new(
                "IBM is leaving Guadalajara, a blow for the city.",
                {"guadalajara"},
                {"ibm"},
                "challenge",
            ),
            "contradicts",
            "both name ibm; both about guadalajara; wording",
        ),
        (
            new(
                "IBM now employs 1,400 people in Guadalajara.",
                {"guadalajara"},
                {"ibm"},
                figures={1400.0},
            ),
            "updates",
            "both name ibm; both about guadalajara; wording",
        ),
        (new("Recife has many cafés.", {"recife"}, set()), None, None),
    ],
)
def test_find_links(claim, kind, reason):
    found = links.find_links([claim], [OLD], dt.date(2024, 1, 2))
    assert [link.kind for link in found] == ([kind] if kind else [])
    if reason:
        assert found[0].target == "gdl-it"
        assert found[0].reason.startswith(reason)
