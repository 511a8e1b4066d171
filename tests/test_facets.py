import pytest

from insights import facets
from insights.model import STANCES, THEMES

NAMES = {"alpha": "Alpha City", "beta": "Beta Land", "gamma": "Gamma Bay"}


@pytest.mark.parametrize(
    ("column", "labels", "expected"),
    [
        ("place", NAMES, [("beta", 3), ("alpha", 2), ("gamma", 1)]),
        ("stance", STANCES, [("strength", 3), ("challenge", 2), ("recommendation", 1)]),
    ],
)
def test_count_facet_lists_every_value_most_first(catalog, column, labels, expected):
    counts = facets.count_facet(catalog.claims, column, labels)
    assert list(zip(counts["value"], counts["count"], strict=True)) == expected


def test_count_facet_keeps_zero_counts(catalog):
    counts = facets.count_facet(catalog.claims.head(0), "place", NAMES)
    assert list(counts["count"]) == [0, 0, 0]


def test_count_theme_stance_covers_the_whole_grid(catalog):
    grid = facets.count_theme_stance(catalog.claims)
    assert len(grid) == 7 * 3
    assert grid["count"].sum() == 6
    talent = grid[(grid["theme"] == "talent") & (grid["stance"] == "strength")]
    assert talent["count"].item() == 2


def test_count_places(catalog):
    counted = facets.count_places(catalog.claims, catalog.places)
    assert dict(zip(counted["id"], counted["claims"], strict=True)) == {
        "alpha": 2,
        "beta": 3,
        "gamma": 1,
    }


def test_facet_values_and_labels_come_from_the_catalog(catalog):
    vocab = facets.list_facet_values(catalog)
    assert vocab.places == ("alpha", "beta", "gamma")
    assert vocab.regions == ("testland",)
    assert vocab.themes == tuple(THEMES)
    assert vocab.stances == tuple(STANCES)
    labels = facets.label_facet_values(catalog)
    assert labels["places"] == {"alpha": "Alpha City", "beta": "Beta Land", "gamma": "Gamma Bay"}
    assert labels["regions"] == {"testland": "Testland"}
    assert labels["themes"] == dict(THEMES)
