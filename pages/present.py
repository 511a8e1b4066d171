import streamlit as st

from insights import talk
from ui import cards, pitch_state, sidebar, slides

view = sidebar.current_view()
current = pitch_state.sync_pitch(view)
cards.render_notices(pitch_state.pop_notices())
made = pitch_state.make_talk(view, current)
screens = talk.make_screens(made)

slides.hide_chrome()
index = slides.position(len(screens))
slides.render_screen(screens[index], made.links)
slides.render_controls(index, len(screens))
st.page_link("pages/pitch.py", label="Leave presentation mode", icon=":material/close_fullscreen:")
