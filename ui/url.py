"""Keeping one feature's query parameters in the URL without touching anyone else's."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import overload

import streamlit as st


def sync_query_params(wanted: Mapping[str, list[str]], owned: Iterable[str]) -> None:
    """Make the URL carry exactly `wanted` for the parameter names this feature owns."""
    # Several features share one URL (filters, pitch, compare); each rewrites only its own
    # names, and only when they changed, so a rerun does not churn the browser history.
    for name in owned:
        if name in wanted:
            if st.query_params.get_all(name) != wanted[name]:
                st.query_params[name] = wanted[name]
        else:
            drop_param(name)


@overload
def read_param(name: str) -> str | None: ...
@overload
def read_param(name: str, default: str) -> str: ...
def read_param(name: str, default: str | None = None) -> str | None:
    """Return the last value the URL carries for a parameter, else the default."""
    # get_all answers a missing name with an empty list.
    values = st.query_params.get_all(name)
    return values[-1] if values else default


def drop_param(name: str) -> None:
    """Remove a parameter from the URL if it is there."""
    if st.query_params.get_all(name):
        del st.query_params[name]


def current_params() -> dict[str, list[str]]:
    """Return every query parameter the URL carries now, each as its list of values."""
    return {name: st.query_params.get_all(name) for name in st.query_params}
