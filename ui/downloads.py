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
    formats = (
        ("CSV", "csv", "text/csv", export.to_csv_bytes),
        ("JSON", "json", "application/json", export.to_json_bytes),
    )
    for column, (label, suffix, mime, to_bytes) in zip(
        st.columns([1, 1, 3]), formats, strict=False
    ):
        column.download_button(
            f"{label} of {what}",
            lambda to_bytes=to_bytes: to_bytes(build()),
            file_name=f"{stem}.{suffix}",
            mime=mime,
            icon=":material/download:",
            key=f"{key}.{suffix}",
            on_click="ignore",
        )
