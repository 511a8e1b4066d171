"""Quote requests: what prospects sent, for the sales team behind a password."""

import streamlit as st

from insights.outputs import tables
from insights.quotes import requests as quotes
from insights.quotes import store
from ui import accounts, admin, seller_settings
from ui import store as ui_store
from ui.view import View


def render(view: View) -> None:
    """Draw this page for the view."""
    st.title("Quote requests")
    st.caption("What prospects sent through the call-to-action forms, newest first.")
    if not admin.require_admin():
        st.stop()

    since, until, place, search = admin.render_filters(view.place_names)
    try:
        requests = store.list_requests(ui_store.open_store(), since, until, place, search)
    except store.StoreUnavailable:
        st.error(
            "The request store cannot be reached, so requests cannot be listed right now. "
            "Check DATABASE_URL and the database server, then reload.",
            icon=":material/cloud_off:",
        )
        st.stop()

    table = quotes.make_requests_table(requests, view.place_names)
    if len(requests) == store.LIST_LIMIT:
        st.caption(
            f"Showing the newest {store.LIST_LIMIT:,}; narrow the filters to see older ones."
        )
    else:
        st.caption(f"{len(requests)} request(s) match.")
    st.dataframe(table, hide_index=True, width="stretch")
    st.download_button(
        "Download CSV",
        lambda: tables.to_csv_bytes(table),
        file_name="quote-requests.csv",
        mime="text/csv",
        icon=":material/download:",
        key="admin.csv",
        on_click="ignore",
    )
    admin.render_details(requests, view.place_names)
    accounts.render_accounts_panel()
    seller_settings.render_panel()
