"""The frame app.py draws around every page, as the page table asks, and the view it builds."""

from __future__ import annotations

import datetime as dt

from insights import settings
from insights.search import view as search_view
from ui import cards, data, pitch_state, rights, search_panel, seller_profile, sidebar
from ui.navigation import PageSpec
from ui.view import View


def build_view(today: dt.date, spec: PageSpec) -> View | None:
    """Draw the page's chrome and return what this run shows (None: the page needs content)."""
    contents = data.get_contents()
    # Drafts (and their places in the filters) only for those who may see them: on a team
    # server a visitor who has not signed in sees the published content alone, whatever the
    # URL's drafts=1 asks.
    drafts_allowed = rights.may_see_drafts()
    everything = contents.everything if drafts_allowed else contents.published
    has_drafts = drafts_allowed and everything.has_drafts
    empty = everything.catalog.claims.empty
    if spec.chrome:
        broken = seller_profile.read_profile()[1]
        cards.render_problems((*everything.catalog.problems, *([broken] if broken else [])))
    if empty and spec.needs_content:
        return None
    # With nothing to filter, a page that works without content draws no filters either.
    chrome = spec.chrome and not empty
    if chrome:
        choice = sidebar.render_filters(
            everything.vocab, has_drafts, lambda drafts: contents.choose(drafts).vocab
        )
    else:
        choice = sidebar.read_choice(everything.vocab, has_drafts)
    chosen = contents.choose(choice.drafts)
    content = data.detach(chosen)
    catalog, vocab = content.catalog, content.vocab
    # A search ranks the whole catalog once per query (then cached); the facets narrow it.
    found = chosen.searcher.search(choice.selection.text) if choice.selection.text else None
    filtered = search_view.apply_search(
        catalog.claims, vocab, (choice.selection,), found, choice.drafts
    )
    # Read once per run for every page: the pitch stays in the URL wherever the rep goes.
    current = pitch_state.sync_pitch(content.pitch_vocab)
    cards.render_notices(pitch_state.pop_notices())
    if chrome:
        search_panel.render_notices(found)
        search_panel.render_keys()
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
        settings.current_settings().stale_after_years,
        found,
        content.pitch_vocab,
    )
