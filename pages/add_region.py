"""Add a region: turn an article into a draft pack, review it, save it."""

import streamlit as st

from ui import region_form
from ui.view import View


def render(view: View) -> None:
    """Draw this page for the view."""
    st.title("Add a region")
    st.caption(
        "Turn an article into a draft pack: every proposed claim keeps its paragraph number and "
        "the words that chose its theme and stance. Rewrite each claim in your own words before "
        f"publishing. Files up to {region_form.MAX_UPLOAD_MB} MB."
    )
    region_form.render_saved()
    facts = region_form.read_facts()
    article = region_form.read_article()
    if st.button("Propose claims", key="add.propose", type="primary", disabled=facts is None):
        if article is None:
            st.error("Upload a file or paste the article's text first.", icon=":material/error:")
        elif facts is not None:
            region_form.propose(facts, article)

    draft = region_form.current_draft()
    if draft is not None:
        st.subheader("Review the proposed claims")
        rows, edits = region_form.review_draft(draft)
        region_form.render_notes(draft, rows, edits)
        publish = st.toggle(
            "Publish now (every claim paraphrased, source filled in)", key="add.publish"
        )
        if st.button("Save pack", key="add.save", icon=":material/save:"):
            region_form.save(draft, rows, edits, publish)
