"""The facets a view can be narrowed by, as one table, and counts of claims per facet value.

Every place that deals with a facet reads FACETS: the URL parameters (selection), the filter
clauses and their sentence (filters), the sidebar's widgets and the vocabulary below. Adding a
facet is one row here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import pandas as pd

from insights.content import evidence, nesting
from insights.content.frames import Catalog
from insights.content.model import STANCES, THEMES
from insights.content.nesting import PlaceTree

Labels = Mapping[str, str]


def _pairs(frame: pd.DataFrame, key: str, label: str) -> dict[str, str]:
    return dict(zip(frame[key], frame[label], strict=True))


def _source_labels(catalog: Catalog) -> dict[str, str]:
    # A rep tells sources apart by publisher and year; the pack id is what the URL carries.
    sources = catalog.sources
    # A source may state a year alone, or no date ("date not stated (figures for 2023)").
    years = [evidence.format_year(d) for d in sources["published"]]
    return {
        pack: f"{publisher} ({year})"
        for pack, publisher, year in zip(sources["pack"], sources["publisher"], years, strict=True)
    }


@dataclass(frozen=True)
class Facet:
    """One way to narrow the claims: where its values live, and how it reads and travels."""

    name: str  # the key in a Selection and in Vocabulary
    param: str  # the URL query parameter
    column: str  # the claims column it matches
    label: str  # the sidebar widget's label
    noun: str  # for sentences such as "The link named a place this content does not have"
    phrase: str  # the filter sentence's words, with {} for the chosen labels
    labels_of: Callable[[Catalog], Labels]  # every value the catalog offers, with its label
    before_noun: bool = False  # "3 claims about …" or "3 challenge claims"
    # A claim may name further values (a sentence naming several places): the column holding
    # every value of a claim, and the flag column of the claims that have more than one.
    every_column: str | None = None
    many_column: str | None = None
    # Values lie within one another (places): a value keeps what is said of the values inside
    # it, and of the wider values it lies in, marked as applying more widely.
    nested: bool = False


FACETS: tuple[Facet, ...] = (
    Facet(
        "regions",
        "region",
        "region",
        "Region",
        "region",
        "in {}",
        # From the sources (a row per pack), not the claims.
        lambda c: _pairs(c.sources, "region", "region_name"),
    ),
    Facet(
        "places",
        "place",
        "place",
        "Place",
        "place",
        "about {}",
        lambda c: _pairs(c.places, "id", "name"),
        every_column="place_ids",
        many_column="many_places",
        nested=True,
    ),
    Facet("themes", "theme", "theme", "Theme", "theme", "on {}", lambda c: dict(THEMES)),
    Facet(
        "stances",
        "stance",
        "stance",
        "Stance",
        "stance",
        "{}",
        lambda c: dict(STANCES),
        before_noun=True,
    ),
    Facet("sources", "source", "pack", "Source", "source", "from {}", _source_labels),
)
FACETS_BY_NAME = MappingProxyType({f.name: f for f in FACETS})


@dataclass(frozen=True)
class Vocabulary:
    """The values each facet may take in the loaded content, in content order, with labels."""

    labels: Mapping[str, Labels]
    # Which place lies in which (empty: none does).
    places: PlaceTree = field(default_factory=PlaceTree)

    def values(self, facet: str) -> tuple[str, ...]:
        """Return the values one facet may take."""
        return tuple(self.labels.get(facet, {}))

    def label(self, facet: str, value: str) -> str:
        """Return the label shown for one value of a facet (the value itself if unknown)."""
        return self.labels.get(facet, {}).get(value, value)


def make_vocabulary(catalog: Catalog) -> Vocabulary:
    """Return every facet's values and labels in this catalog."""
    return Vocabulary(
        MappingProxyType({f.name: MappingProxyType(dict(f.labels_of(catalog))) for f in FACETS}),
        nesting.build_tree(catalog.places, catalog.nesting),
    )


def count_facet(frame: pd.DataFrame, column: str, labels: Labels) -> pd.DataFrame:
    """Count claims per value of a column, every known value listed, most frequent first."""
    counts = frame[column].value_counts()
    table = pd.DataFrame(
        {
            "value": list(labels),
            "label": list(labels.values()),
            "count": [int(counts.get(v, 0)) for v in labels],
        },
        columns=["value", "label", "count"],
    )
    ranked = table.sort_values(["count", "label"], ascending=[False, True], kind="stable")
    return ranked.reset_index(drop=True).astype({"count": "int64"})


def count_theme_stance(frame: pd.DataFrame) -> pd.DataFrame:
    """Count claims per theme and stance, labelled, in vocabulary order."""
    counts = frame.value_counts(["theme", "stance"])
    rows = [
        {
            "theme": theme,
            "theme_label": THEMES[theme],
            "stance": stance,
            "stance_label": STANCES[stance],
            "count": int(counts.get((theme, stance), 0)),
        }
        for theme in THEMES
        for stance in STANCES
    ]
    return pd.DataFrame(rows, columns=["theme", "theme_label", "stance", "stance_label", "count"])


def count_places(frame: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """Return the places frame with the number of claims about each place."""
    counts = frame["place"].value_counts()
    return places.assign(claims=[int(counts.get(p, 0)) for p in places["id"]])
