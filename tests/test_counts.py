import datetime as dt

import pytest

from insights.pitch import talk
from insights.pitch.plan import Pitch
from insights.view import counts
from tests import factory


def stated_figures(changes):
    """The talk's figures for figures on test-c1, each the factory's with these changes."""
    data = factory.pack(figures=[factory.figure(f"f{i}", **c) for i, c in enumerate(changes)])
    catalog = factory.catalog_of(data)
    return talk.resolve_talk(
        Pitch(items=("test-c1",)),
        catalog.claims,
        dt.date(2026, 11, 25),
        factory.verify_rule(),
        figures=catalog.figures,
    ).figures


def test_theme_table_gives_the_theme_chart_numbers_without_empty_themes(catalog):
    table = counts.make_theme_table(catalog.claims)
    assert table.columns == ("Theme", "Strength", "Challenge", "Recommendation", "Context")
    assert table.rows == (
        ("talent & education", 2, 0, 0, 0),
        ("industry presence", 1, 0, 0, 0),
        ("investment & capital", 0, 1, 0, 0),
        ("regulation & stability", 0, 1, 0, 0),
        ("partnerships", 0, 0, 1, 0),
    )


@pytest.mark.parametrize(
    ("limit", "rows", "more"),
    [
        (8, (("Beta Land", 3), ("Alpha City", 2), ("Gamma Bay", 1)), 0),
        (2, (("Beta Land", 3), ("Alpha City", 2)), 1),
    ],
)
def test_place_table_lists_places_with_claims_most_first(catalog, limit, rows, more):
    table = counts.make_place_table(catalog.claims, catalog.places, limit=limit)
    assert (table.columns, table.rows, table.more) == (("Place", "Claims"), rows, more)


def test_count_tables_of_no_claims_are_empty(catalog):
    none = catalog.claims.iloc[:0]
    assert counts.make_place_table(none, catalog.places).rows == ()
    assert counts.make_theme_table(none).rows == ()


@pytest.mark.parametrize(
    ("changes", "labels", "shared"),
    [
        # Places differ, one period: bars by place, the period said once.
        ([{}, {"place": "beta", "value": 1400}], ("Alpha City", "Beta Land"), "2023"),
        # One place, periods differ: bars by period, the place said once.
        ([{}, {"period": "2040", "qualifier": "could rise to"}], ("2023", "2040"), "Alpha City"),
        # Both differ: each bar says both.
        (
            [{}, {"place": "beta", "period": None}],
            ("Alpha City, 2023", "Beta Land, period not stated"),
            "",
        ),
    ],
)
def test_figure_bars_are_labelled_by_what_sets_them_apart(changes, labels, shared):
    bars = counts.make_figure_bars(stated_figures(changes))
    assert (bars.title, bars.labels, bars.shared) == ("Tech specialists", labels, shared)
    assert bars.amounts == tuple(float(c.get("value", 300000)) for c in changes)
    assert bars.sources == ("Source: Example Research (vendor blog), Mar 2020, ¶1",)


def test_figure_bars_show_each_number_as_read_and_name_the_bars_of_each_source_line():
    bars = counts.make_figure_bars(
        stated_figures([{}, {"place": "beta", "qualifier": "about", "paragraph": 2}])
    )
    assert bars.shown == ("300,000", "about 300,000")
    assert bars.sources == (
        "Alpha City: Source: Example Research (vendor blog), Mar 2020, ¶1",
        "Beta Land: Source: Example Research (vendor blog), Mar 2020, ¶2",
    )
