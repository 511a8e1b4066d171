"""Links from proposed claims to the catalog (insights/ingest/links)."""

import datetime as dt

import pytest

from insights.content import citation
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


@pytest.mark.parametrize(
    ("known_as_of", "published", "kind"),
    [
        (citation.PartialDate(2019), dt.date(2022, 5, 1), "updates"),
        (citation.PartialDate(2022), dt.date(2022, 5, 1), "corroborates"),
        (citation.PartialDate(None, 2023), dt.date(2024, 5, 1), "corroborates"),
        (dt.date(2017, 12, 20), citation.PartialDate(2022), "updates"),
        (citation.PartialDate(2017), citation.PartialDate(None), "corroborates"),
    ],
)
def test_a_catalog_dated_by_year_or_not_at_all_is_judged_without_error(
    known_as_of, published, kind
):
    """A source dated by year alone or not at all is linked to, never a TypeError."""
    old = links.KnownClaim(**{**OLD.__dict__, "as_of": known_as_of})
    claim = new(
        "IBM now employs 1,400 people in Guadalajara.", {"guadalajara"}, {"ibm"}, figures=[1400]
    )
    link = links.judge(claim, old, published)
    assert link is not None
    assert link.kind == kind
