"""Counts of claims per facet value, for sidebars, tables and charts."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from insights.load import Catalog
from insights.model import STANCES, THEMES
from insights.selection import Vocabulary


def count_facet(frame: pd.DataFrame, column: str, labels: Mapping[str, str]) -> pd.DataFrame:
    """Count claims per value of a column, every known value listed, most frequent first."""
    counts = frame[column].value_counts()
    out = pd.DataFrame(
        {
            "value": list(labels),
            "label": list(labels.values()),
            "count": [int(counts.get(v, 0)) for v in labels],
        }
    )
    return out.sort_values(["count", "label"], ascending=[False, True], ignore_index=True)


def count_theme_stance(frame: pd.DataFrame) -> pd.DataFrame:
    """Count claims per theme and stance, labelled, in vocabulary order."""
    counts = frame.groupby(["theme", "stance"], observed=True).size()
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
    return places.assign(claims=places["id"].map(counts).fillna(0).astype(int))


def list_facet_values(catalog: Catalog) -> Vocabulary:
    """Return the values each sidebar facet may take in this catalog, in content order."""
    return Vocabulary(
        places=tuple(catalog.places["id"]),
        themes=tuple(THEMES),
        stances=tuple(STANCES),
        # From the sources (a row per pack), not the claims.
        regions=tuple(dict.fromkeys(catalog.sources["region"])),
    )


def label_facet_values(catalog: Catalog) -> dict[str, dict[str, str]]:
    """Return, per facet, the label shown for each value."""
    return {
        "regions": dict(
            zip(catalog.sources["region"], catalog.sources["region_name"], strict=True)
        ),
        "places": dict(zip(catalog.places["id"], catalog.places["name"], strict=True)),
        "themes": dict(THEMES),
        "stances": dict(STANCES),
    }
