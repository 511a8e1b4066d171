"""Keeping one feature's query parameters in the URL without touching anyone else's."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import streamlit as st


def sync_query_params(wanted: Mapping[str, list[str]], owned: Iterable[str]) -> None:
    """Make the URL carry exactly `wanted` for the parameter names this feature owns."""
    # Several features share one URL (filters, pitch, compare); each rewrites only its own
    # names, and only when they changed, so a rerun does not churn the browser history.
    for name in owned:
        if name in wanted:
            if st.query_params.get_all(name) != wanted[name]:
                st.query_params[name] = wanted[name]
        elif name in st.query_params:
            del st.query_params[name]


def current_params() -> dict[str, list[str]]:
    """Return every query parameter the URL carries now, each as its list of values."""
    return {name: st.query_params.get_all(name) for name in st.query_params}
