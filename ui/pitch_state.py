"""The pitch a rep is building: kept in the session, mirrored to the URL, edited by callbacks."""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from insights import settings
from insights.content import citation
from insights.pitch import plan, talk
from insights.pitch.plan import Item, Pitch
from insights.view import compare, filters, selection
from ui import seller_profile, url
from ui.view import View

_STATE = "pitch.state"
_NOTICES = "pitch.notices"
_STALE = "pitch.stale_saved"
# Widget keys, namespaced so tests can drive them.
KEYS = {"title": "pitch.title", "prospect": "pitch.prospect", "stale": "pitch.stale_after"}


def sync_pitch(vocab: plan.PitchVocabulary) -> Pitch:
    """Return the session's pitch, read from the link on its first run and kept in the URL."""
    # Read once per run, by app.py, for every page: the pitch stays in the URL everywhere.
    if _STATE not in st.session_state:
        params = {name: st.query_params.get_all(name) for name in plan.ALL_PARAM_NAMES}
        parsed = (
            plan.parse_params(params, vocab)
            if any(params.values())
            else plan.ParsedPitch(Pitch(), ())
        )
    elif st.session_state[_STATE].items or st.session_state[_STATE].versus:
        # The content may have changed under a long session; drop what it no longer has.
        parsed = plan.prune_pitch(st.session_state[_STATE], vocab)
    else:
        parsed = plan.ParsedPitch(st.session_state[_STATE], ())
    st.session_state[_STATE] = parsed.pitch
    if parsed.notices:
        st.session_state[_NOTICES] = parsed.notices
    keep_in_url(parsed.pitch)
    return parsed.pitch


def keep_in_url(current: Pitch) -> None:
    """Make the URL carry this pitch (and nothing else of the pitch's)."""
    url.sync_query_params(plan.to_params(current), plan.ALL_PARAM_NAMES)


def pop_notices() -> tuple[str, ...]:
    """Return the notices about what was dropped from the pitch, once."""
    return st.session_state.pop(_NOTICES, ())


def current_pitch() -> Pitch:
    """Return the pitch as the session holds it now (a part of a page redrawn alone reads it)."""
    return st.session_state.get(_STATE, Pitch())


def add(items: Iterable[Item]) -> None:
    """Callback: append items to the pitch (those already in it are skipped)."""
    st.session_state[_STATE] = plan.add_items(current_pitch(), items)


def remove(item: Item) -> None:
    """Callback: take an item out of the pitch."""
    st.session_state[_STATE] = plan.remove_item(current_pitch(), item)


def move(item: Item, offset: int) -> None:
    """Callback: move an item up (-1) or down (+1)."""
    st.session_state[_STATE] = plan.move_item(current_pitch(), item, offset)


def current_versus() -> tuple[str, ...]:
    """Return the two sides whose scorecard the pitch carries (empty: none)."""
    return current_pitch().versus


def set_versus(versus: tuple[str, ...]) -> None:
    """Callback: make the pitch carry the scorecard of these two sides (empty: none)."""
    st.session_state[_STATE] = plan.set_versus(current_pitch(), versus)
    # Compare redraws alone (a fragment): the link follows now, not on the next full run.
    keep_in_url(st.session_state[_STATE])


def clear() -> None:
    """Callback: empty the pitch, keeping its title and prospect."""
    st.session_state[_STATE] = plan.Pitch(current_pitch().title, current_pitch().prospect)


def rename() -> None:
    """Callback: take the title and prospect from their inputs."""
    st.session_state[_STATE] = plan.rename(
        current_pitch(), st.session_state[KEYS["title"]], st.session_state[KEYS["prospect"]]
    )


def save_stale_after() -> None:
    """Callback: keep the chosen age for the "verify before presenting" mark."""
    st.session_state[_STALE] = int(st.session_state[KEYS["stale"]])


def stale_after() -> int:
    """Return the age in years from which a claim is marked "verify before presenting"."""
    return st.session_state.get(_STALE, citation.STALE_AFTER_YEARS)


def restore_widgets(current: Pitch) -> None:
    """Hand the pitch's title, prospect and age setting to the inputs this run draws."""
    # Streamlit drops a widget's state on a run that does not draw it (another page), so the
    # values live in the pitch and are handed back every time.
    st.session_state[KEYS["title"]] = current.title
    st.session_state[KEYS["prospect"]] = current.prospect
    st.session_state[KEYS["stale"]] = stale_after()


def make_talk(view: View, current: Pitch | None = None) -> talk.Talk:
    """Return what gets presented and exported: the pitch, or the claims in view if it is empty."""
    catalog = view.catalog
    made = talk.resolve_pitch_or_view(
        view.pitch if current is None else current,
        # Claim ids are unique: MAX_ITEMS are all an empty pitch can use, the places' own
        # claims first with room for the wider places' challenges.
        filters.order_for_cap(view.filtered.frame, plan.MAX_ITEMS),
        catalog.claims,
        view.today,
        stale_after(),
        catalog.figures,
        view.evidence,
    )
    public_url = settings.current_settings().public_url
    closing = talk.make_closing(
        seller_profile.get_profile(), public_url, selection.to_params(view.selection)
    )
    chosen = view.pitch if current is None else current
    card = compare.make_pitch_scorecard(catalog, view.vocab, view.selection, chosen.versus)
    return talk.with_scorecard(talk.with_closing(made, closing), card)
