"""Region market insights: the entry point that frames every page."""

import datetime as dt

import streamlit as st

from ui import cards, data, navigation, pitch_state, sidebar

navigation.configure_page()

catalog = data.get_catalog()
cards.render_problems(catalog.problems)
if catalog.claims.empty:
    st.stop()

page = st.navigation(navigation.build_pages())
view = sidebar.render_sidebar(dt.date.today())
# The pitch is read from whatever page a link opens and stays in the URL on every page.
pitch_state.sync_pitch(view)
page.run()
