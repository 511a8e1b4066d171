import copy

import pandas as pd
import pytest

from insights.view import charts
from tests import factory


def test_theme_figure_counts_claims_by_theme_and_stance(catalog):
    fig = charts.make_theme_figure(catalog.claims)
    totals = {trace.name: sum(trace.x) for trace in fig.data}
    assert totals == {"strength": 3, "challenge": 2, "recommendation": 1, "context": 0}
    assert fig.layout.title.text == "Claims by theme and stance"


def test_context_claims_are_charted_in_their_own_muted_colour(catalog):
    claims = catalog.claims.assign(stance=catalog.claims["stance"].astype(str))
    claims.loc[claims.index[0], "stance"] = "context"
    fig = charts.make_theme_figure(claims)
    context = next(trace for trace in fig.data if trace.name == "context")
    assert sum(context.x) == 1
    assert context.marker.color == charts.STANCE_COLORS["context"]


def test_place_map_sizes_markers_by_claims(catalog):
    fig = charts.make_place_map(catalog.claims, catalog.places)
    points = {
        name: size
        for trace in fig.data
        for name, size in zip(trace.hovertext, trace.marker.size, strict=True)
    }
    assert points == {"Alpha City": 2, "Beta Land": 3, "Gamma Bay": 1}
    assert fig.layout.geo.resolution == 110


@pytest.mark.parametrize("builder", [charts.make_theme_figure, charts.make_place_map])
def test_builders_leave_style_and_input_alone(catalog, builder):
    style = copy.deepcopy(dict(charts.STYLE))
    claims = catalog.claims.copy()
    args = (
        (catalog.claims,)
        if builder is charts.make_theme_figure
        else (catalog.claims, catalog.places)
    )
    builder(*args).update_layout(font={"size": 99})
    assert dict(charts.STYLE) == style
    assert catalog.claims.equals(claims)


def test_map_outlines_come_from_the_app_not_a_cdn():
    assert charts.PLOTLY_CONFIG["topojsonURL"] == "app/static/maps/"
    with pytest.raises(TypeError):
        charts.PLOTLY_CONFIG["topojsonURL"] = "https://cdn.plot.ly/"  # type: ignore[index]


def test_compare_figure_draws_one_bar_series_per_side():
    counts = pd.DataFrame(
        {
            "side": ["Left", "Left", "Right", "Right"],
            "theme": ["talent", "capital", "talent", "capital"],
            "theme_label": ["talent & education", "investment & capital"] * 2,
            "count": [2, 0, 1, 3],
        }
    )
    fig = charts.make_compare_figure(counts)
    assert {trace.name: sum(trace.x) for trace in fig.data} == {"Left": 2, "Right": 4}
    assert fig.layout.barmode == "group"
    assert fig.layout.title.text == "Claims by theme, side by side"


def test_place_map_notes_region_wide_places_instead_of_a_dot(catalog):
    places = catalog.places.assign(kind=["city", "region", "metro"])
    fig = charts.make_place_map(catalog.claims, places)
    dots = {name for trace in fig.data for name in trace.hovertext}
    assert dots == {"Alpha City", "Gamma Bay"}
    assert [a.text for a in fig.layout.annotations] == [
        "Region-wide, not on the map:<br>Beta Land (3 claims)"
    ]
    assert {trace.name for trace in fig.data} == set(charts.ROLE_NAMES.values())


def test_measure_figure_has_a_bar_per_place_and_period():
    newer = factory.other_pack(
        figures=[
            factory.figure("f1", claim="newer-c1"),
            factory.figure("f2", claim="newer-c1", place="beta", value=1.5, scale="million"),
            factory.figure("f3", claim="newer-c1", measure="other", measure_label="Other"),
        ]
    )
    figures = factory.catalog_of(newer).figures
    fig = charts.make_measure_figure(figures, "tech-specialists")
    (bars,) = fig.data
    assert list(bars.x) == ["Alpha City (2023)", "Beta Land (2023)"]
    assert list(bars.y) == [300000, 1.5]
    assert list(bars.text) == ["300,000", "1.5 million"]
    assert bars.customdata[0][0] == "Newer Analytics, 3 May 2024, ¶1"
    assert fig.layout.title.text == "Tech specialists"


@pytest.mark.parametrize(
    ("lats", "lons", "sides"),
    [
        # Far apart: every label on the preferred side.
        ([0, 40, -40], [0, 60, -60], ["middle right", "middle right", "middle right"]),
        # A city beside its state: the second label goes where the first is not.
        ([20.66, 20.5, -40], [-103.35, -103.8, 0], ["middle right", "middle left", "middle right"]),
        # Five on one spot: the later ones find no free side and are left to hover.
        (
            [0, 0, 0, 0, 0, 50],
            [0, 0, 0, 0, 0, 50],
            ["middle right", "middle left", "top center", "bottom center", None, "middle right"],
        ),
    ],
)
def test_place_labels_never_overlap_and_one_with_no_room_is_left_to_hover(lats, lons, sides):
    places = pd.DataFrame(
        {
            "name": [f"Place {n}" for n in range(len(lats))],
            "lat": lats,
            "lon": lons,
            "claims": list(range(len(lats), 0, -1)),
        }
    )
    assert charts.place_labels_away(places).tolist() == sides
