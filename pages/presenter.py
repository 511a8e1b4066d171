from insights import pitch, selection
from ui import cards, pitch_state, presenter, sidebar

view = sidebar.current_view()
current = pitch_state.sync_pitch(view)
cards.render_notices(pitch_state.pop_notices())
made = pitch_state.make_talk(view, current)
presenter.render(made, {**selection.to_params(view.selection), **pitch.to_params(current)})
