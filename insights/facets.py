"""Counts of claims per facet value, for sidebars, tables and charts."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from insights.model import STANCES, THEMES


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
