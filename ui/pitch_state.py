"""The pitch a rep is building: kept in the session, mirrored to the URL, edited by callbacks."""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from insights import settings
from insights.errors import PackError
from insights.pitch import plan, talk
from insights.pitch.plan import Item, Pitch
from insights.view import compare, filters, selection
from ui import seller_profile, url
from ui.view import View

_STATE = "pitch.state"
_NOTICES = "pitch.notices"
_ERRORS = "pitch.errors"
# Widget keys, namespaced so tests can drive them.
KEYS = {
    "title": "pitch.title",
    "prospect": "pitch.prospect",
    "cover_note": "pitch.note.cover",
}
# Per challenge: our answer's input and the source remedy picked as our pairing.
OWN_ANSWER_KEY = "pitch.own.{challenge}"
PICK_KEY = "pitch.pick.{challenge}"
# Per item (by its token): our note's input.
NOTE_KEY = "pitch.note.{token}"


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
    if _STATE not in st.session_state and parsed.pitch.saved is not None:
        # A link to a saved pitch: with access to the library, the pitch as saved (notes too);
        # without, the link's items and their sources only.
        from ui import pitch_library

        found = pitch_library.open_from_link(parsed.pitch.saved)
        if found is not None:
            parsed = plan.prune_pitch(found, vocab, origin="saved pitch")
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
    """Callback: empty the pitch, keeping its title, prospect and saved id."""
    now = current_pitch()
    st.session_state[_STATE] = plan.Pitch(now.title, now.prospect, saved=now.saved)


def replace(pitch: Pitch) -> None:
    """Make this the session's pitch (opened from the library, or a new one)."""
    st.session_state[_STATE] = pitch
    st.session_state.pop(_ERRORS, None)


def errors() -> dict[str, str]:
    """Return the problems with what the rep typed, by widget key (shown under the field)."""
    found: dict[str, str] = st.session_state.get(_ERRORS, {})
    return found


def _refuse(key: str, problem: PackError) -> None:
    # Named as the field is labelled; what was typed stays in its input.
    st.session_state[_ERRORS] = {
        **errors(),
        key: f"{problem.field.capitalize()}: {problem.message}",
    }


def _accept(key: str) -> None:
    st.session_state[_ERRORS] = {k: v for k, v in errors().items() if k != key}


def add_own_answer(challenge: str) -> None:
    """Callback: add the objection answered in the words typed for it, if they pass."""
    key = OWN_ANSWER_KEY.format(challenge=challenge)
    try:
        item = plan.make_own_answer(challenge, st.session_state.get(key, ""))
    except PackError as problem:
        _refuse(key, problem)
        return
    _accept(key)
    st.session_state[_STATE] = plan.add_items(current_pitch(), [item])
    st.session_state[key] = ""


def add_pairing(challenge: str) -> None:
    """Callback: add the objection answered by the source remedy the rep picked for it."""
    remedy = st.session_state.get(PICK_KEY.format(challenge=challenge))
    if remedy:
        add([plan.Pair(challenge, remedy)])


def save_note(token: str) -> None:
    """Callback: keep the note typed for the cover (COVER_KEY) or an item, if it passes."""
    key = KEYS["cover_note"] if token == plan.COVER_KEY else NOTE_KEY.format(token=token)
    try:
        st.session_state[_STATE] = plan.set_note(
            current_pitch(), token, st.session_state.get(key, "")
        )
    except PackError as problem:
        _refuse(key, problem)
        return
    _accept(key)


def rename() -> None:
    """Callback: take the title and prospect from their inputs."""
    st.session_state[_STATE] = plan.rename(
        current_pitch(), st.session_state[KEYS["title"]], st.session_state[KEYS["prospect"]]
    )


def restore_widgets(current: Pitch) -> None:
    """Hand the pitch's title and prospect to the inputs this run draws."""
    # Streamlit drops a widget's state on a run that does not draw it (another page), so the
    # values live in the pitch and are handed back every time.
    st.session_state[KEYS["title"]] = current.title
    st.session_state[KEYS["prospect"]] = current.prospect
    refused = errors()
    # A note that was refused keeps what was typed, to be corrected; the others show the pitch's.
    for token in (plan.COVER_KEY, *(plan.item_token(i) for i in current.items)):
        key = KEYS["cover_note"] if token == plan.COVER_KEY else NOTE_KEY.format(token=token)
        if key not in refused:
            st.session_state[key] = plan.note_of(current, token)


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
        view.rule,
        catalog.figures,
        view.pitch_vocab or plan.make_vocabulary(catalog.claims, catalog.responses),
    )
    public_url = settings.current_settings().public_url
    shown = view.pitch if current is None else current
    closing = talk.make_closing(
        seller_profile.get_profile(),
        public_url,
        {**selection.to_params(view.selection), **plan.origin_params(shown)},
    )
    chosen = view.pitch if current is None else current
    card = compare.make_pitch_scorecard(catalog, view.vocab, view.selection, chosen.versus)
    return talk.with_scorecard(talk.with_closing(made, closing), card)
