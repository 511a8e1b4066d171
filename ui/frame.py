"""The frame app.py draws around every page: content problems, the sidebar, and the view."""

from __future__ import annotations

import datetime as dt

from insights.view import filters
from ui import cards, data, pitch_state, sidebar
from ui.view import View


def build_view(today: dt.date) -> View | None:
    """Draw the sidebar and return what this run shows (None when there is no content)."""
    contents = data.get_contents()
    everything = contents.everything
    cards.render_problems(everything.catalog.problems)
    if everything.catalog.claims.empty:
        return None
    choice = sidebar.render_filters(
        everything.vocab, everything.has_drafts, lambda drafts: contents.choose(drafts).vocab
    )
    content = data.detach(contents.choose(choice.drafts))
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
        content.evidence,
    )
