"""CSV and JSON downloads of a table, built only when the rep clicks."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from insights import export


def render_table_downloads(
    build: Callable[[], pd.DataFrame], stem: str, key: str, what: str
) -> None:
    """Show CSV and JSON buttons for the table `build` returns; `what` names its rows."""
    # Built on click, not on every rerun (seconds at 100k claims), and with no rerun after.
    csv_col, json_col, _ = st.columns([1, 1, 3])
    csv_col.download_button(
        f"CSV of {what}",
        lambda: export.to_csv_bytes(build()),
        file_name=f"{stem}.csv",
        mime="text/csv",
        icon=":material/download:",
        key=f"{key}.csv",
        on_click="ignore",
    )
    json_col.download_button(
        f"JSON of {what}",
        lambda: export.to_json_bytes(build()),
        file_name=f"{stem}.json",
        mime="application/json",
        icon=":material/download:",
        key=f"{key}.json",
        on_click="ignore",
    )
