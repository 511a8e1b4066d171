"""CSV and JSON downloads of a table, built only when the rep clicks."""

from __future__ import annotations

import functools
from collections.abc import Callable

import pandas as pd
import streamlit as st

from insights.outputs import formats


def _build(to_bytes: Callable[[pd.DataFrame], bytes], build: Callable[[], pd.DataFrame]) -> bytes:
    return to_bytes(build())


def render_table_downloads(
    build: Callable[[], pd.DataFrame], stem: str, key: str, what: str
) -> None:
    """Show CSV and JSON buttons for the table `build` returns; `what` names its rows."""
    # Built on click, not on every rerun, and with no rerun after.
    columns = st.columns([1] * len(formats.TABLE_FORMATS) + [3])
    for column, fmt in zip(columns, formats.TABLE_FORMATS, strict=False):
        to_bytes = fmt.build_table
        if to_bytes is None:
            continue
        column.download_button(
            f"{fmt.label} of {what}",
            functools.partial(_build, to_bytes, build),
            file_name=f"{stem}.{fmt.name}",
            mime=fmt.mime,
            icon=":material/download:",
            key=f"{key}.{fmt.name}",
            on_click="ignore",
        )
