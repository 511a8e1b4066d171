"""What the person using this session may do with content, as insights' permissions table says."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from ui import accounts

if TYPE_CHECKING:
    from insights.quotes.permissions import Action


def may(action: Action) -> bool:
    """Tell whether this session's person may do the action (the admin password counts)."""
    from insights.quotes import permissions
    from ui import admin  # the store's modules load when first asked for, not with the page

    return permissions.may(accounts.current_person(), action, admin.password_given())


def may_see_drafts() -> bool:
    """Tell whether this session may see drafts and the reps' checks."""
    from insights.quotes import permissions

    # The admin password plays no part here, so it is not looked up.
    return permissions.may(accounts.current_person(), permissions.Action.SEE_DRAFTS)


def may_see_rep_notes() -> bool:
    """Tell whether this session may see the reps' notes: bias, presenter view, rep's copy."""
    from insights.quotes import permissions

    # Asked once per card: the admin password plays no part here, so it is not looked up.
    return permissions.may(accounts.current_person(), permissions.Action.SEE_REP_NOTES)


def render_sign_in_needed(why: str) -> None:
    """Say why this page needs a signed-in person, with a link to sign in and come back."""
    if accounts.is_store_unreachable():
        # Nobody can be checked: on a laptop, asking to sign in would mislead.
        st.error(
            "The team's store cannot be reached, so who is signed in cannot be checked. "
            "Check DATABASE_URL and the database server, then reload.",
            icon=":material/cloud_off:",
        )
        return
    st.info(why, icon=":material/lock:")
    st.link_button("Sign in", accounts.make_sign_in_path(), icon=":material/login:")
