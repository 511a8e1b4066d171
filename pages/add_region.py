"""Add a region: turn an article into a draft, review it, save it for an admin to publish."""

import streamlit as st

from insights.quotes.permissions import Action
from ui import region_form, rights
from ui.view import View


def render(view: View) -> None:
    """Draw this page for the view."""
    st.title("Add a region")
    if not rights.may(Action.WRITE):
        rights.render_sign_in_needed(
            "Sign in to add content: on this server, drafts are written by the signed-in team "
            "and published by an admin."
        )
        st.stop()
    st.caption(
        "Turn an article into a draft pack: every proposed claim keeps its paragraph number and "
        "the words that chose its theme and stance. Rewrite each claim in your own words, then "
        f"save the draft; an admin publishes it. Files up to {region_form.MAX_UPLOAD_MB} MB."
    )
    region_form.render_saved()
    region_form.render_reopen()
    facts = region_form.read_facts()
    article = region_form.read_article()
    if st.button("Propose claims", key="add.propose", type="primary", disabled=facts is None):
        if article is None:
            region_form.explain_missing()
        elif facts is not None:
            region_form.propose(facts, article)

    draft = region_form.current_draft()
    if draft is not None:
        st.subheader("Review the proposed claims")
        region_form.render_same_article()
        rows, edits = region_form.review_draft(draft)
        region_form.render_notes(draft, rows, edits)
        team = region_form.read_team(draft)
        if st.button("Save draft", key="add.save", icon=":material/save:"):
            region_form.save(draft, rows, edits, team)
