"""Two places or regions side by side: what each side holds, and how the pair travels in a URL."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import pandas as pd

from insights.content import evidence, numbers
from insights.content.frames import Catalog
from insights.content.model import THEMES
from insights.content.nesting import PlaceTree, list_comparison_places
from insights.content.text import count_noun
from insights.outputs import tables
from insights.pitch import plan
from insights.view import entities, filters, kpis, scorecard
from insights.view.facets import Vocabulary
from insights.view.filters import Filtered
from insights.view.selection import Selection, clean_values

# Own parameter names, so the sidebar's filters and the pair share one URL.
SIDE_PARAMS = ("left", "right")
REGION_PREFIX = plan.REGION_PREFIX
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
    split: bool = True,
) -> Side:
    """Return one side: its claims within the base, their KPIs, strengths and challenges.

    With split False the strengths and challenges are left empty (a comparison takes what
    both sides share out of them first).
    """
    shown = filters.apply_filters(base, vocab, side_selection(key)).frame
    region = key.startswith(REGION_PREFIX)
    if region and comparison_places:
        # A region's totals are about the region: a place there only for contrast stays out.
        shown = shown[~shown["place"].isin(list(comparison_places))]
    return Side(
        figures=pick_side_figures(key, shown, figures, comparison_places, vocab.places),
        key=key,
        label=label,
        claims=shown,
        kpis=tuple(kpis.compute_kpis(shown, companies, universities, responses)),
        strengths=shown[shown["stance"] == "strength"] if split else shown.iloc[:0],
        challenges=entities.keep_challenges(shown) if split else shown.iloc[:0],
    )


def pick_side_figures(
    key: str,
    shown: pd.DataFrame,
    figures: pd.DataFrame | None,
    comparison_places: Collection[str],
    tree: PlaceTree | None = None,
) -> pd.DataFrame:
    """Return a side's figures: a place's own, or those on a region's claims, contrast left out.

    With places nested, a place's figures are those of the places inside it and of the places
    it lies in (Mexico's under Guadalajara), as its claims are.
    """
    if figures is None or figures.empty:
        return pd.DataFrame(columns=[] if figures is None else figures.columns)
    if not key.startswith(REGION_PREFIX):
        if tree is None or not tree.nested:
            return figures[figures["place"] == key]
        places = {*tree.descendants((key,)), *tree.ancestors((key,))}
        return figures[figures["place"].isin(sorted(places))]
    on_shown = entities.in_view(figures, shown)
    return on_shown[~on_shown["place"].isin(list(comparison_places))]


def make_compare_table(
    left: Side, right: Side, today: dt.date, rule: evidence.VerifyRule
) -> pd.DataFrame:
    """Return the export table of both sides: a Side column, then the explorer's columns."""
    both = [
        tables.make_claims_table(side.claims, today, rule).assign(Side=side.label)
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


# What a comparison reads of each claim: what the sides' filters test, what a card and the
# download show, what the scorecard fills its cells from.
COMPARE_COLUMNS = [
    "id",
    "text",
    "theme",
    "theme_label",
    "place",
    "place_name",
    "place_ids",
    "many_places",
    "region",
    "stance",
    "stance_label",
    "as_of",
    "citation",
    "source_kind",
    "bias",
    "url",
    "newest_evidence",
    "evidence",
    "applies_to",
    "applies_to_name",
]
# What a comparison calls what both sides hold when all of it is about a country.
NATIONAL = "national"
SHARED = "shared"


@dataclass(frozen=True)
class Comparison:
    """Two sides, what both hold (shown once), each side's own part, their figures, a scorecard."""

    left: Side
    right: Side
    # Claims both sides hold (the national risks under two cities), in the left side's order,
    # each marked with the wider place it is kept for.
    shared: pd.DataFrame
    shared_figures: pd.DataFrame
    # Each side's claims and figures that the other does not hold.
    left_own: pd.DataFrame
    right_own: pd.DataFrame
    card: scorecard.Scorecard
    tree: PlaceTree = field(default_factory=PlaceTree)
    # What the scorecard was filled from, and how many entries a cell kept (None: all).
    facts: tuple[scorecard.SideFacts, ...] = ()
    limit: int | None = None

    def full_card(self) -> scorecard.Scorecard:
        """Return the scorecard with every entry (the page's keeps a cell's first few)."""
        if self.limit is None or len(self.facts) != 2:
            return self.card
        return scorecard.make_scorecard(self.facts[0], self.facts[1])

    @property
    def shared_word(self) -> str:
        """Return "national" when all that both sides share is about countries, else "shared"."""
        return describe_sharing(self.shared, self.tree)

    def describe_shared(self) -> str:
        """Say what both sides hold: ``22 claims both sides hold: 19 about Mexico as a whole…``."""
        if self.shared.empty:
            return "The two sides hold no claim in common in this view."
        names = self.shared["applies_to_name"]
        counts = names[names != ""].value_counts()
        parts = [f"{n:,} about {name} as a whole" for name, n in counts.items()]
        rest = len(self.shared) - int(counts.sum())
        if rest:
            parts.append(f"{rest:,} about places both sides take in")
        head = f"{count_noun(len(self.shared), 'claim')} both sides hold"
        return f"{head}: {filters.join_and(parts)}."


def describe_sharing(frame: pd.DataFrame, tree: PlaceTree) -> str:
    """Return "national" when every claim of the frame applies to a country, else "shared"."""
    places = set(frame["applies_to"]) if "applies_to" in frame else {""}
    kinds = {tree.kinds.get(p, "") for p in places}
    return NATIONAL if kinds == {"country"} else SHARED


def _mark_shared(left: pd.DataFrame, right: pd.DataFrame) -> pd.DataFrame:
    shared = left[filters.among(left["id"], right["id"])]
    if shared.empty:
        return shared
    # A claim kept for a wider place on the right side only (a city against a region).
    unmarked = shared["applies_to"].to_numpy() == ""
    if not unmarked.any():
        return shared
    marks = right[["id", "applies_to", "applies_to_name"]].set_index("id").loc[shared["id"]]
    applies = shared["applies_to"].to_numpy(dtype=object, copy=True)
    names = shared["applies_to_name"].to_numpy(dtype=object, copy=True)
    applies[unmarked] = marks["applies_to"].to_numpy()[unmarked]
    names[unmarked] = marks["applies_to_name"].to_numpy()[unmarked]
    return shared.assign(applies_to=applies, applies_to_name=names)


def _share_kpis(
    side: tuple[kpis.Kpi, ...], shared: tuple[kpis.Kpi, ...], words: dict[str, str]
) -> tuple[kpis.Kpi, ...]:
    # A count that takes in the shared ground says how much of it is shared: "6, 5 of them
    # national". Counts only: a university row's words are not summed.
    out = []
    for own, common in zip(side, shared, strict=True):
        n = int(common.value) if common.value.isdigit() else 0
        if n and own.label == common.label and own.value.isdigit():
            word = words.get(own.label, SHARED)
            out.append(
                kpis.Kpi(
                    own.label,
                    f"{own.value}, {n:,} of them {word}",
                    f"{own.help} {n:,} of them are what both sides share ({word}).",
                )
            )
        else:
            out.append(own)
    return tuple(out)


def make_comparison(
    left_key: str,
    right_key: str,
    labels: Mapping[str, str],
    base: pd.DataFrame,
    vocab: Vocabulary,
    companies: pd.DataFrame,
    universities: pd.DataFrame,
    responses: pd.DataFrame,
    figures: pd.DataFrame | None = None,
    comparison_places: Collection[str] = frozenset(),
    limit: int | None = None,
) -> Comparison:
    """Return two sides with what they share taken apart, their figures and the scorecard.

    limit keeps a scorecard cell's first few entries (a page's), None every one (a file's).
    """
    # The columns a comparison reads and shows, no more: each slice of thousands of claims
    # costs per column.
    base = base[[c for c in COMPARE_COLUMNS if c in base.columns]]
    left, right = (
        build_side(
            key,
            labels[key],
            base,
            vocab,
            companies,
            universities,
            responses,
            figures,
            comparison_places,
            split=False,
        )
        for key in (left_key, right_key)
    )
    shared = _mark_shared(left.claims, right.claims)
    tree = vocab.places
    common = tuple(kpis.compute_kpis(shared, companies, universities, responses))
    challenged = entities.keep_challenges(shared)["applies_to"]
    words = {"Challenges": describe_sharing(challenged.to_frame(), tree)}
    ids = shared["id"]
    shared_figures = left.figures[filters.among(left.figures["id"], right.figures["id"])]

    def own_part(side: Side) -> tuple[Side, pd.DataFrame, pd.DataFrame]:
        own = side.claims[~filters.among(side.claims["id"], ids)]
        own_figures = side.figures[~filters.among(side.figures["id"], shared_figures["id"])]
        made = dataclasses.replace(
            side,
            kpis=_share_kpis(side.kpis, common, words),
            strengths=own[own["stance"] == "strength"],
            challenges=entities.keep_challenges(own),
        )
        return made, own, own_figures

    (left, left_own, left_figures), (right, right_own, right_figures) = (
        own_part(left),
        own_part(right),
    )

    def facts(side: Side, own: pd.DataFrame, own_figures: pd.DataFrame) -> scorecard.SideFacts:
        # The few columns the scorecard reads: slicing thousands of claims costs per column.
        return scorecard.SideFacts(
            side.label,
            own[scorecard.SIDE_FIELDS],
            shared[scorecard.SIDE_FIELDS],
            own_figures,
            entities.in_view(companies, own),
            entities.in_view(universities, own),
        )

    both = (facts(left, left_own, left_figures), facts(right, right_own, right_figures))
    card = scorecard.make_scorecard(*both, limit=limit)
    return Comparison(
        dataclasses.replace(left, figures=left_figures),
        dataclasses.replace(right, figures=right_figures),
        shared,
        shared_figures,
        left_own,
        right_own,
        card,
        tree,
        both,
        limit,
    )


def pair_side_figures(comparison: Comparison) -> pd.DataFrame:
    """Return each side's own figures set side by side where measure and boundary match."""
    return numbers.pair_figures(
        comparison.left.figures,
        comparison.right.figures,
        left_label=comparison.left.label,
        right_label=comparison.right.label,
    )


SCORECARD_PART = "scorecard"
CLAIMS_PART = "claims"


def make_compare_download(
    comparison: Comparison, today: dt.date, rule: evidence.VerifyRule
) -> pd.DataFrame:
    """Return Compare's CSV: the scorecard's cited entries, then both sides' claims."""
    card = scorecard.make_long_table(comparison.full_card()).assign(Part=SCORECARD_PART)
    claims = make_compare_table(comparison.left, comparison.right, today, rule).assign(
        Part=CLAIMS_PART
    )
    table = pd.concat([card, claims], ignore_index=True)
    front = ["Part", "Row", "Side", "ID"]
    ordered = table[[*front, *[c for c in table.columns if c not in front]]].astype(object)
    # A cell a part does not fill (a scorecard row has no theme) is empty, never "nan".
    return ordered.where(ordered.notna(), "")


def make_compare_json(comparison: Comparison, today: dt.date, rule: evidence.VerifyRule) -> bytes:
    """Return Compare's JSON: the sides, the scorecard's rows and both sides' claims."""
    # Each row keyed by `id`, as every export's JSON rows are.
    claims = make_compare_table(comparison.left, comparison.right, today, rule).rename(
        columns={"ID": "id"}
    )
    payload = {
        "sides": {"left": comparison.left.label, "right": comparison.right.label},
        "scorecard": scorecard.to_records(comparison.full_card()),
        "claims": json.loads(tables.to_json_bytes(claims)),
    }
    return json.dumps(payload, ensure_ascii=False, indent=2).encode("utf-8")


def side_label(key: str, vocab: Vocabulary) -> str:
    """Return how a side is named: a place's name, or ``Mexico (whole region)``."""
    if key.startswith(REGION_PREFIX):
        return f"{vocab.label('regions', key.removeprefix(REGION_PREFIX))} (whole region)"
    return vocab.label("places", key)


def compare_keys(
    catalog: Catalog,
    vocab: Vocabulary,
    selection: Selection,
    left: str,
    right: str,
    drafts: bool = False,
) -> Comparison:
    """Return the comparison of two sides under a view's filters, as Compare would draw it."""
    base = filters.apply_filters(
        catalog.claims, vocab, selection.without(*SIDE_FACETS), drafts=drafts
    ).frame
    return make_comparison(
        left,
        right,
        {key: side_label(key, vocab) for key in (left, right)},
        base,
        vocab,
        catalog.companies,
        catalog.universities,
        catalog.responses,
        catalog.figures,
        vocab.places.comparison,
    )


def make_pitch_scorecard(
    catalog: Catalog, vocab: Vocabulary, selection: Selection, versus: Sequence[str]
) -> scorecard.Scorecard | None:
    """Return the scorecard a pitch carries (None when it names no two sides)."""
    if len(versus) != 2:
        return None
    return compare_keys(catalog, vocab, selection, versus[0], versus[1]).card
