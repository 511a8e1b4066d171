"""The frame app.py draws around every page: content problems, the sidebar, and the view."""

from __future__ import annotations

import datetime as dt

from insights import filters
from ui import cards, data, pitch_state, sidebar
from ui.view import View


def build_view(today: dt.date) -> View | None:
    """Draw the sidebar and return what this run shows (None when there is no content)."""
    everything = data.get_content(drafts=True)
    cards.render_problems(everything.catalog.problems)
    if everything.catalog.claims.empty:
        return None
    choice = sidebar.render_filters(
        everything.vocab, everything.has_drafts, lambda drafts: data.get_content(drafts).vocab
    )
    content = everything if choice.drafts else data.get_content(drafts=False)
    catalog, vocab = content.catalog, content.vocab
    filtered = filters.apply_filters(catalog.claims, vocab, choice.selection, drafts=choice.drafts)
    # Read once per run for every page: the pitch stays in the URL wherever the rep goes.
    current = pitch_state.sync_pitch(content.pitch_vocab)
    cards.render_notices(pitch_state.pop_notices())
    sidebar.render_summary(filtered.sentence, catalog, choice)
    return View(
        catalog,
        vocab,
        choice.selection,
        choice.drafts,
        filtered,
        today,
        current,
        content.compare_choices,
    )
