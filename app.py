"""Region market insights: the entry point that frames every page."""

import datetime as dt
from pathlib import Path

import streamlit as st

from ui import cards, data, pitch_state, sidebar

st.set_page_config(
    page_title="Region insights",
    # A local file: a :material/ icon as favicon would be fetched from Google's font CDN.
    page_icon=str(Path(__file__).parent / "static" / "favicon.png"),
    layout="wide",
)

catalog = data.get_catalog()
cards.render_problems(catalog.problems)
if catalog.claims.empty:
    st.stop()

page = st.navigation(
    {
        "Explore": [
            st.Page(
                "pages/overview.py", title="Overview", icon=":material/dashboard:", default=True
            ),
            st.Page("pages/companies.py", title="Companies", icon=":material/apartment:"),
            st.Page("pages/talent.py", title="Talent & universities", icon=":material/school:"),
            st.Page("pages/challenges.py", title="Challenges & remedies", icon=":material/shield:"),
            st.Page("pages/explorer.py", title="Claim explorer", icon=":material/table_view:"),
            st.Page("pages/compare.py", title="Compare", icon=":material/compare_arrows:"),
        ],
        "Pitch": [
            st.Page("pages/pitch.py", title="Pitch builder", icon=":material/playlist_add_check:"),
            st.Page("pages/present.py", title="Present", icon=":material/slideshow:"),
        ],
        "Content": [
            st.Page("pages/add_region.py", title="Add a region", icon=":material/note_add:"),
            # Reached at /admin by the sales team; kept out of the menu a prospect sees.
            st.Page(
                "pages/admin.py",
                title="Quote requests",
                icon=":material/inbox:",
                visibility="hidden",
            ),
        ],
    }
)
view = sidebar.render_sidebar(catalog, dt.date.today())
# The pitch is read from whatever page a link opens and stays in the URL on every page.
pitch_state.sync_pitch(view.catalog)
page.run()
