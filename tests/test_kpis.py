import pytest

from insights.view import kpis
from tests import factory


@pytest.mark.parametrize(
    ("ids", "values"),
    [
        (None, ["2", "3 · a few", "2", "1"]),
        # No university in view: "none reported", never a 0 that reads as none there.
        (["test-c2"], ["2", "none reported", "0", "0"]),
        (["test-c5"], ["0", "none reported", "1", "0"]),
    ],
)
def test_compute_kpis_follow_the_view(catalog, ids, values):
    shown = catalog.claims if ids is None else catalog.claims[catalog.claims["id"].isin(ids)]
    figures = kpis.compute_kpis(shown, catalog.companies, catalog.universities, catalog.responses)
    assert [k.value for k in figures] == values


def test_kpi_labels_and_help_explain_the_figures(catalog):
    figures = kpis.compute_kpis(
        catalog.claims, catalog.companies, catalog.universities, catalog.responses
    )
    assert [k.label for k in figures] == [
        "Companies named",
        # Several places in view: the count says which place it is for.
        "Universities in Alpha City (public · private)",
        "Challenges",
        "Answers offered",
    ]
    assert figures[1].help.startswith("Alpha City: 3 public + a few private, as the sources")
    alpha = catalog.claims[catalog.claims["place"] == "alpha"]
    alone = kpis.compute_kpis(alpha, catalog.companies, catalog.universities, catalog.responses)
    assert alone[1].label == "Universities (public · private)"


@pytest.mark.parametrize(
    ("ids", "named"),
    [(None, "2"), (["test-c1"], "1"), (["test-c2"], "2"), (["test-c3"], "0")],
)
def test_a_company_named_by_two_claims_in_view_counts_once(ids, named):
    companies = [
        {"name": "Acme", "place": "alpha", "claim": "test-c1"},
        {"name": "Acme", "place": "alpha", "claim": "test-c2"},
        {"name": "Zenith", "place": "alpha", "claim": "test-c2"},
    ]
    catalog = factory.catalog_of(factory.pack(companies=companies))
    shown = catalog.claims if ids is None else catalog.claims[catalog.claims["id"].isin(ids)]
    figures = kpis.compute_kpis(shown, catalog.companies, catalog.universities, catalog.responses)
    assert figures[0].value == named
