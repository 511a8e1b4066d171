"""Quote requests: what prospects sent, for the sales team behind a password."""

import datetime as dt

import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine

from insights.outputs import tables
from insights.quotes import requests as quotes
from insights.quotes import store
from insights.quotes.requests import StoredRequest
from ui import accounts, admin, content_view, quote_workflow, seller_settings
from ui import store as ui_store
from ui.view import View


def _every_match(
    engine: Engine | None,
    since: dt.datetime | None,
    until: dt.datetime | None,
    place: str | None,
    search: str,
    view: View,
    statuses: list[str],
) -> pd.DataFrame:
    # Built when the download is asked for: every matching request, page by page.
    if engine is None:
        return quotes.make_requests_table([], view.place_names)
    found: list[StoredRequest] = []
    while True:
        page = store.list_requests(
            engine,
            since,
            until,
            place,
            search,
            limit=store.LIST_LIMIT,
            offset=len(found),
            statuses=statuses,
        )
        found += page
        if len(page) < store.LIST_LIMIT:
            return quotes.make_requests_table(found, view.place_names)


def render(view: View) -> None:
    """Draw this page for the view."""
    st.title("Quote requests")
    st.caption("What prospects sent through the call-to-action forms, newest first.")
    if not admin.require_admin():
        st.stop()

    since, until, place, search = admin.render_filters(view.place_names)
    statuses = quote_workflow.render_status_filter()
    engine = None
    try:
        engine = ui_store.open_store()
        quote_workflow.render_summary(engine)
        total = store.count_requests(engine, since, until, place, search, statuses)
        first = admin.render_page_picker(total, (since, until, place, search, statuses))
        requests = store.list_requests(
            engine,
            since,
            until,
            place,
            search,
            limit=admin.PAGE_SIZE,
            offset=first,
            statuses=statuses,
        )
    except store.StoreUnavailable:
        st.error(
            "The request store cannot be reached, so requests cannot be listed right now. "
            "Check DATABASE_URL and the database server, then reload.",
            icon=":material/cloud_off:",
        )
        st.stop()

    table = quote_workflow.with_age(
        quotes.make_requests_table(requests, view.place_names), requests, dt.datetime.now(dt.UTC)
    )
    st.caption(admin.describe_page(first, len(requests), total))
    st.dataframe(table, hide_index=True, width="stretch")
    st.download_button(
        "Download CSV",
        lambda: tables.to_csv_bytes(
            _every_match(engine, since, until, place, search, view, statuses)
        ),
        file_name="quote-requests.csv",
        mime="text/csv",
        icon=":material/download:",
        key="admin.csv",
        on_click="ignore",
        help="Every request that matches the filters, not only this page.",
    )
    admin.render_details(requests, view.place_names)
    quote_workflow.render_chosen(
        engine, requests, st.session_state.get(admin.FILTER_KEYS["detail"])
    )
    content_view.render_panel()
    accounts.render_accounts_panel()
    seller_settings.render_panel()
