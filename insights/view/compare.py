"""Two places or regions side by side: what each side holds, and how the pair travels in a URL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import pandas as pd

from insights.content.model import THEMES
from insights.outputs import tables
from insights.view import entities, filters, kpis
from insights.view.facets import Vocabulary
from insights.view.filters import Filtered
from insights.view.selection import Selection, clean_values

# Own parameter names, so the sidebar's filters and the pair share one URL.
SIDE_PARAMS = ("left", "right")
REGION_PREFIX = "region:"
# The sidebar's facets that the two sides choose for themselves.
SIDE_FACETS = ("places", "regions")
SIDE_NOTICE = "The link named a place or region to compare that this content does not have; "
SIDE_NOTICE += "it was ignored."
SAME_SIDE_NOTICE = "Both sides are the same place: pick another place or region for one side."


@dataclass(frozen=True)
class Side:
    """One side of a comparison: what it is, its claims in view and its headline figures."""

    key: str
    label: str
    claims: pd.DataFrame
    kpis: tuple[kpis.Kpi, ...]
    strengths: pd.DataFrame
    challenges: pd.DataFrame
    # The numbers the sources state for this side's places.
    figures: pd.DataFrame = field(default_factory=pd.DataFrame)


@dataclass(frozen=True)
class Choices:
    """What can be compared in a catalog, and the pair shown when a link names none."""

    options: Mapping[str, str]
    defaults: tuple[str, str]
    # The places marked ``role: comparison``, which a region's totals leave out.
    comparison_places: frozenset[str] = frozenset()


def list_choices(
    claims: pd.DataFrame, place_names: Mapping[str, str], places: pd.DataFrame
) -> Choices:
    """Return what can be compared and the default pair: one pass over a catalog's claims."""
    return Choices(
        MappingProxyType(list_options(claims, place_names)),
        choose_defaults(claims),
        list_comparison_places(places),
    )


def list_options(claims: pd.DataFrame, place_names: Mapping[str, str]) -> dict[str, str]:
    """Return what can be compared: every place with claims, then every region (prefixed)."""
    places = {p: place_names.get(p, p) for p in dict.fromkeys(claims["place"])}
    regions = {
        f"{REGION_PREFIX}{r}": f"{name} (whole region)"
        for r, name in dict.fromkeys(zip(claims["region"], claims["region_name"], strict=True))
    }
    return {**places, **regions}


def choose_defaults(claims: pd.DataFrame) -> tuple[str, str]:
    """Return the pair shown when the link names none: the most-cited place against another."""
    if claims.empty:
        return "", ""
    ranked = list(claims["place"].value_counts().index)
    left = ranked[0]
    own = claims.loc[claims["place"] == left, "region"].iloc[0]
    others = [r for r in dict.fromkeys(claims["region"]) if r != own]
    # Another region's whole content when there is one, else the next most-cited place.
    if others:
        return left, f"{REGION_PREFIX}{others[0]}"
    return left, ranked[1] if len(ranked) > 1 else f"{REGION_PREFIX}{own}"


def parse_sides(
    params: Mapping[str, Sequence[str]], options: Sequence[str], defaults: tuple[str, str]
) -> tuple[tuple[str, str], tuple[str, ...]]:
    """Read the pair from ``left``/``right`` parameters; unknown values fall back with a notice."""
    sides = []
    notices: list[str] = []
    for name, default in zip(SIDE_PARAMS, defaults, strict=True):
        kept, dropped = clean_values(params.get(name, ())[-1:], options)
        sides.append(kept[0] if kept else default)
        if dropped and SIDE_NOTICE not in notices:
            notices.append(SIDE_NOTICE)
    return (sides[0], sides[1]), tuple(notices)


def refuse_same_sides(left: str, right: str) -> str | None:
    """Return the notice that refuses a comparison of a side with itself, or None."""
    return SAME_SIDE_NOTICE if left == right else None


def list_comparison_places(places: pd.DataFrame) -> frozenset[str]:
    """Return the places marked ``role: comparison``, which a region's totals leave out."""
    return frozenset(places.loc[places["role"] == "comparison", "id"])


def side_params(left: str, right: str) -> dict[str, list[str]]:
    """Return the query parameters that reopen this pair."""
    return {"left": [left], "right": [right]}


def compared_base(
    claims: pd.DataFrame,
    vocab: Vocabulary,
    selection: Selection,
    in_view: Filtered,
    drafts: bool = False,
) -> Filtered:
    """Apply the sidebar's filters except place and region, which the two sides choose."""
    wider = selection.without(*SIDE_FACETS)
    # With neither set, that is what the sidebar kept (in_view).
    if wider == selection:
        return in_view
    return filters.apply_filters(claims, vocab, wider, drafts=drafts)


def side_selection(key: str) -> Selection:
    """Return the selection a side key stands for."""
    if key.startswith(REGION_PREFIX):
        return Selection(regions=(key.removeprefix(REGION_PREFIX),))
    return Selection(places=(key,))


def build_side(
    key: str,
    label: str,
    base: pd.DataFrame,
    vocab: Vocabulary,
    companies: pd.DataFrame,
    universities: pd.DataFrame,
    responses: pd.DataFrame,
    figures: pd.DataFrame | None = None,
    comparison_places: Collection[str] = frozenset(),
) -> Side:
    """Return one side: its claims within the base, their KPIs, strengths and challenges."""
    shown = filters.apply_filters(base, vocab, side_selection(key)).frame
    region = key.startswith(REGION_PREFIX)
    if region and comparison_places:
        # A region's totals are about the region: a place there only for contrast stays out.
        shown = shown[~shown["place"].isin(list(comparison_places))]
    return Side(
        figures=pick_side_figures(key, shown, figures, comparison_places),
        key=key,
        label=label,
        claims=shown,
        kpis=tuple(kpis.compute_kpis(shown, companies, universities, responses)),
        strengths=shown[shown["stance"] == "strength"],
        challenges=entities.keep_challenges(shown),
    )


def pick_side_figures(
    key: str,
    shown: pd.DataFrame,
    figures: pd.DataFrame | None,
    comparison_places: Collection[str],
) -> pd.DataFrame:
    """Return a side's figures: a place's own, or those on a region's claims, contrast left out."""
    if figures is None or figures.empty:
        return pd.DataFrame(columns=[] if figures is None else figures.columns)
    if not key.startswith(REGION_PREFIX):
        return figures[figures["place"] == key]
    on_shown = entities.in_view(figures, shown)
    return on_shown[~on_shown["place"].isin(list(comparison_places))]


def make_compare_table(left: Side, right: Side, today: dt.date) -> pd.DataFrame:
    """Return the export table of both sides: a Side column, then the explorer's columns."""
    both = [
        tables.make_claims_table(side.claims, today).assign(Side=side.label)
        for side in (left, right)
    ]
    table = pd.concat(both, ignore_index=True)
    return table[["Side", *[c for c in table.columns if c != "Side"]]]


def count_themes_by_side(left: Side, right: Side) -> pd.DataFrame:
    """Count each side's claims per theme, every theme listed, in vocabulary order."""
    rows = []
    for side in (left, right):
        counts = side.claims["theme"].value_counts()
        rows += [
            {"side": side.label, "theme": t, "theme_label": label, "count": int(counts.get(t, 0))}
            for t, label in THEMES.items()
        ]
    return pd.DataFrame(rows, columns=["side", "theme", "theme_label", "count"])
