from insights import talk
from ui import cards, pitch_state, sidebar, slides

view = sidebar.current_view()
current = pitch_state.sync_pitch(view)
cards.render_notices(pitch_state.pop_notices())
made = pitch_state.make_talk(view, current)
slides.render_audience(talk.make_screens(made), made.links)
