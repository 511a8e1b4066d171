"""The admin page's Content view: drafts waiting for approval, and the packs published from them."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from insights.content import upkeep
from insights.content.text import count_noun
from insights.content.text import escape_markdown as esc
from insights.errors import PackError
from insights.quotes import packs, store
from ui import accounts, admin, data
from ui import store as ui_store

APPROVE_WHICH = "content.approve_which"
APPROVE = "content.approve"
_NOTICE = "content.notice"
DUE_LABELS = {
    "pack": "Pack",
    "title": "Title",
    "owner": "Owner",
    "reviewed_on": "Reviewed",
    "review_due": "Review by",
    "state": "State",
}
CHALLENGED_LABELS = {
    "claim": "Claim",
    "pack": "Pack",
    "how": "How",
    "by_claim": "By claim",
    "by_pack": "In pack",
}


def _approve() -> None:
    """Publish the chosen draft as this person; the store checks they may, and records them."""
    chosen = st.session_state.get(APPROVE_WHICH)
    if not chosen:
        st.session_state[_NOTICE] = ("error", "Choose a draft to approve first.")
        return
    try:
        done = packs.publish_pack(
            ui_store.open_store(),
            accounts.current_person(),
            chosen,
            dt.datetime.now(dt.UTC),
            password_given=admin.password_given(),
        )
    except PackError as exc:
        st.session_state[_NOTICE] = ("error", exc.message)
        return
    except store.StoreUnavailable:
        st.session_state[_NOTICE] = ("error", "Not published: the store cannot be reached.")
        return
    data.clear_catalog()
    st.session_state[APPROVE_WHICH] = None
    st.session_state[_NOTICE] = ("success", f"Published {done.id}: it is live for every rep.")


def render_panel() -> None:
    """List drafts to approve, packs published from the store, reviews due, changed claims."""
    st.subheader("Content")
    st.caption(
        "Drafts saved on Add a region wait here until an admin approves them; approving "
        "publishes the pack to every rep and records who did and when. Packs reviewed in git "
        "are published with `python -m insights publish` instead."
    )
    try:
        stored = packs.list_packs(ui_store.open_store())
    except store.StoreUnavailable:
        st.error("The store cannot be reached, so content cannot be listed right now.")
        return
    drafts = [p for p in stored if p.status == "draft"]
    if stored:
        # A dataframe shows each cell as text: a title holding markup stays text.
        st.dataframe([packs.describe_pack(p) for p in stored], hide_index=True, width="stretch")
    st.caption(f"{count_noun(len(drafts), 'draft')} waiting for approval.")
    if drafts:
        titles = {p.id: f"{p.title} ({p.region}), {p.updated_by}" for p in drafts}
        with st.form("content.approve_form", enter_to_submit=False):
            st.selectbox(
                "Draft to approve",
                list(titles),
                index=None,
                key=APPROVE_WHICH,
                format_func=titles.__getitem__,
                placeholder="Pick a draft",
            )
            st.form_submit_button(
                "Approve and publish", key=APPROVE, on_click=_approve, icon=":material/publish:"
            )
    notice = st.session_state.pop(_NOTICE, None)
    if notice is not None:
        kind, text = notice
        (st.success if kind == "success" else st.error)(esc(text))
    _render_upkeep()


def _render_upkeep() -> None:
    """List the live packs due or overdue for review, and the claims newer sources change."""
    catalog = data.get_catalog(drafts=False)
    today = dt.datetime.now(dt.UTC).date()
    due = upkeep.list_due(catalog.claims, today)
    st.markdown("**Due for review**")
    if due.empty:
        st.caption(
            "No pack is due for review within "
            f"{upkeep.DUE_SOON_DAYS} days (packs with no review date are not listed)."
        )
    else:
        st.dataframe(
            due.rename(columns=DUE_LABELS), hide_index=True, width="stretch", key="content.due"
        )
    challenged = upkeep.list_challenged(catalog.links)
    st.markdown("**Updated or contradicted by a newer source**")
    if challenged.empty:
        st.caption("No claim is updated or contradicted by another source's claim.")
    else:
        st.dataframe(
            challenged.rename(columns=CHALLENGED_LABELS),
            hide_index=True,
            width="stretch",
            key="content.challenged",
        )
