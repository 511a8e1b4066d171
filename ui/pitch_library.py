"""The pitch builder's library panel: save, reopen, rename, duplicate, delete, search pitches.

The session remembers which saved pitch (and which version of it) it opened, so a save over a
version someone saved since is refused with the version notice and the work kept.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import TypeVar

import pandas as pd
import streamlit as st

from insights.content.text import escape_markdown as esc
from insights.errors import PackError
from insights.pitch import fingerprint
from insights.pitch.plan import Pitch
from insights.quotes import library, store
from insights.quotes.library import SavedPitch
from insights.quotes.people import Person
from ui import accounts, pitch_state
from ui import store as ui_store
from ui.view import View

T = TypeVar("T")
_OPENED = "pitch.library.opened"
_MESSAGE = "pitch.library.message"
_STALE = "pitch.library.stale"
KEYS = {
    "name": "pitch.library.name",
    "search": "pitch.library.search",
    "mine": "pitch.library.mine",
}
UNREACHABLE = "The pitch library cannot be reached right now: the pitch stays in the link."
NO_ACCESS = "Sign in to save pitches and open the team's: the link keeps this pitch meanwhile."


def _person() -> Person | None:
    """Return who may use the library (this laptop, or a signed-in account), else None."""
    person = accounts.current_person()
    return person if person.role is not None else None


def _call(action: Callable[[store.Engine], T]) -> T:
    engine = ui_store.open_store()
    return ui_store.call_with_timeout(lambda: action(engine), engine=engine)


def opened() -> SavedPitch | None:
    """Return the saved pitch (as of the version opened or last saved) this session works on."""
    found: SavedPitch | None = st.session_state.get(_OPENED)
    current = pitch_state.current_pitch()
    return found if found is not None and current.saved == found.id else None


def _say(text: str, kind: str = "success") -> None:
    st.session_state[_MESSAGE] = (kind, text)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _use(saved: SavedPitch, note: str) -> None:
    st.session_state[_OPENED] = saved
    st.session_state[KEYS["name"]] = saved.name
    st.session_state.pop(_STALE, None)
    pitch_state.replace(saved.pitch)
    _say(note)


def open_from_link(saved_id: int) -> Pitch | None:
    """Return a linked saved pitch with its notes when this person may open the library."""
    person = _person()
    if person is None:
        return None
    try:
        found = _call(lambda e: library.open_by_id(e, saved_id))
    except store.StoreUnavailable:
        return None
    if found is None:
        return None
    st.session_state[_OPENED] = found
    st.session_state[KEYS["name"]] = found.name
    return found.pitch


def _guard(action: Callable[[], None]) -> None:
    try:
        action()
    except library.StaleVersion as problem:
        st.session_state[_STALE] = True
        _say(problem.message.capitalize(), "error")
    except PackError as problem:
        _say(f"{problem.field.capitalize()}: {problem.message}", "error")
    except store.StoreUnavailable:
        _say(UNREACHABLE, "error")


def save(claims_frame: pd.DataFrame) -> None:
    """Callback: save over the opened version, or under the typed name as a new pitch."""
    person = _person()
    if person is None:
        return
    current = pitch_state.current_pitch()
    prints = fingerprint.take_fingerprints(current, claims_frame)
    name = st.session_state.get(KEYS["name"], "")

    def run() -> None:
        was = opened()
        if was is not None and library.check_name(name) == was.name:
            done = _call(lambda e: library.save_over(e, was, current, prints, person, _now()))
        elif was is not None:
            renamed = _call(lambda e: library.rename_saved(e, was, name, person, _now()))
            done = _call(lambda e: library.save_over(e, renamed, current, prints, person, _now()))
        else:
            done = _call(lambda e: library.save_new(e, name, current, prints, person, _now()))
        _use(done, f"Saved as “{done.name}”.")

    _guard(run)


def save_copy(claims_frame: pd.DataFrame) -> None:
    """Callback: save this pitch as a new one (the typed name, or NAME (copy))."""
    person = _person()
    if person is None:
        return
    current = pitch_state.current_pitch()
    prints = fingerprint.take_fingerprints(current, claims_frame)
    typed = st.session_state.get(KEYS["name"], "")

    def run() -> None:
        was = opened()
        names = {s.name for s in _call(lambda e: library.list_saved(e, limit=10_000))}
        clean = library.check_name(typed or (was.name if was else ""))
        name = library.make_copy_name(clean, names) if clean in names else clean
        copy = dataclasses.replace(current, saved=None)
        done = _call(lambda e: library.save_new(e, name, copy, prints, person, _now()))
        _use(done, f"Saved as a copy: “{done.name}”.")

    _guard(run)


def reload() -> None:
    """Callback: take the saved pitch as stored now (this tab's unsaved changes are dropped)."""
    was = opened()
    if was is None:
        return

    def run() -> None:
        found = _call(lambda e: library.open_by_id(e, was.id))
        if found is None:
            raise PackError(library.WHERE, "pitch", "no longer in the library: save it as a copy")
        _use(found, f"Reloaded “{found.name}” as saved.")

    _guard(run)


def open_saved(pitch_id: int, fresh: bool = False) -> None:
    """Callback: open a saved pitch; fresh starts a new, unsaved pitch from it."""

    def run() -> None:
        found = _call(lambda e: library.open_by_id(e, pitch_id))
        if found is None:
            raise PackError(library.WHERE, "pitch", "no longer in the library")
        if fresh:
            st.session_state.pop(_OPENED, None)
            st.session_state[KEYS["name"]] = ""
            pitch_state.replace(dataclasses.replace(found.pitch, saved=None))
            _say(f"A new pitch, started from “{found.name}”: name it and save it.")
        else:
            _use(found, f"Opened “{found.name}”.")

    _guard(run)


def duplicate(pitch_id: int) -> None:
    """Callback: store an independent copy of a saved pitch, and open it."""
    person = _person()
    if person is None:
        return

    def run() -> None:
        found = _call(lambda e: library.open_by_id(e, pitch_id))
        if found is None:
            raise PackError(library.WHERE, "pitch", "no longer in the library")
        names = {s.name for s in _call(lambda e: library.list_saved(e, limit=10_000))}
        name = library.make_copy_name(found.name, names)
        done = _call(lambda e: library.duplicate(e, found, name, person, _now()))
        _use(done, f"Duplicated as “{done.name}”.")

    _guard(run)


def delete(pitch_id: int) -> None:
    """Callback: remove a saved pitch from the library (an open copy stays, unsaved)."""

    def run() -> None:
        _call(lambda e: library.delete(e, pitch_id))
        if pitch_state.current_pitch().saved == pitch_id:
            st.session_state.pop(_OPENED, None)
            pitch_state.replace(dataclasses.replace(pitch_state.current_pitch(), saved=None))
        _say("Deleted from the library.")

    _guard(run)


def _describe(saved: SavedPitch) -> str:
    when = f"{saved.updated_at:%d %b %Y %H:%M} UTC"
    prospect = f" · for {saved.pitch.prospect}" if saved.pitch.prospect else ""
    count = len(saved.pitch.items)
    items = f"{count} item{'' if count == 1 else 's'}"
    return f"{items}{prospect} · last edited {when} by {saved.updated_by}"


def render_library(view: View) -> None:
    """Show the library: the open pitch's name and saves, then the saved pitches to open."""
    person = _person()
    st.subheader("Saved pitches")
    if person is None:
        st.caption(NO_ACCESS)
        return
    was = opened()
    message = st.session_state.pop(_MESSAGE, None)
    if message is not None:
        kind, text = message
        (st.error if kind == "error" else st.success)(esc(text))
    if was is not None and st.session_state.get(_STALE):
        again = st.container(horizontal=True)
        again.button(
            "Reload", key="pitch.library.reload", icon=":material/refresh:", on_click=reload
        )
        again.button(
            "Save as a copy",
            key="pitch.library.copy_stale",
            icon=":material/file_copy:",
            on_click=save_copy,
            args=(view.catalog.claims,),
        )
    if was is not None:
        for drift in fingerprint.find_drift(was.fingerprints, view.catalog.claims):
            st.warning(esc(drift.sentence), icon=":material/history:")
    row = st.container(horizontal=True, vertical_alignment="bottom")
    row.text_input(
        "Pitch name",
        key=KEYS["name"],
        placeholder="e.g. Acme racks, energy first",
        help="Saved in the team's library under this name; saving under a new name renames it.",
    )
    row.button(
        "Save",
        key="pitch.library.save",
        icon=":material/save:",
        type="primary",
        on_click=save,
        args=(view.catalog.claims,),
    )
    row.button(
        "Save as a copy",
        key="pitch.library.save_copy",
        icon=":material/file_copy:",
        on_click=save_copy,
        args=(view.catalog.claims,),
    )
    if was is not None:
        st.caption(
            esc(f"Open: “{was.name}”, version {was.version}, last edited by {was.updated_by}.")
        )
    _render_list(person)


def _render_list(person: Person) -> None:
    search, mine = st.columns([3, 1], vertical_alignment="bottom")
    needle = search.text_input(
        "Find a saved pitch", key=KEYS["search"], placeholder="name or prospect"
    )
    only_mine = mine.toggle("Only mine", key=KEYS["mine"])
    try:
        found = _call(lambda e: library.list_saved(e, needle, person if only_mine else None))
    except store.StoreUnavailable:
        st.caption(UNREACHABLE)
        return
    if not found:
        st.caption("No saved pitch matches." if needle or only_mine else "No pitch saved yet.")
    for saved in found:
        with st.container(border=True, horizontal=True, vertical_alignment="center"):
            text = st.container()
            text.markdown(f"**{esc(saved.name)}**")
            text.caption(esc(_describe(saved)))
            for label, icon, action, args in (
                ("Open", "folder_open", open_saved, (saved.id,)),
                ("Start new from it", "add_circle", open_saved, (saved.id, True)),
                ("Duplicate", "file_copy", duplicate, (saved.id,)),
                ("Delete", "delete", delete, (saved.id,)),
            ):
                st.button(
                    "",
                    key=f"pitch.library.{label.split()[0].lower()}.{saved.id}",
                    icon=f":material/{icon}:",
                    help=f"{label}: “{saved.name}”",
                    on_click=action,
                    args=args,
                )
