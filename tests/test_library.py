"""The pitch library on SQLite and PostgreSQL: saved, reopened after a restart, versioned."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from insights.errors import PackError
from insights.pitch import plan
from insights.pitch.fingerprint import Fingerprint
from insights.pitch.plan import OwnAnswer, Pair, Pitch
from insights.quotes import library, store
from insights.quotes.people import THIS_MACHINE, Person, Role

T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
ANA = Person("Ana Ruiz", "ana@example.com", Role.REP, 1)
BO = Person("Bo Li", "bo@example.com", Role.REP, 2)
PITCH = plan.set_note(
    Pitch(
        title="Energy, answered",
        prospect="Acme Racks",
        items=("a", Pair("ch", "re"), OwnAnswer("ch2", "We bring 48 h of fuel: 24/7, a:b")),
    ),
    "a",
    "Ask about <their> Q3 rollout first",
)
PRINTS = {"a": Fingerprint("d1", "2017-12-20")}


def reopened(engine):
    """A second engine on the same database: what a restarted server opens."""
    again = store.make_engine(engine.url.render_as_string(hide_password=False))
    store.create_schema(again)
    return again


def test_a_saved_pitch_reopens_by_name_after_a_restart_notes_and_all(engine):
    made = library.save_new(engine, " Acme energy ", PITCH, PRINTS, ANA, T0)
    assert (made.name, made.version, made.owner, made.updated_by) == (
        "Acme energy",
        1,
        "Ana Ruiz <ana@example.com>",
        "Ana Ruiz <ana@example.com>",
    )
    engine.dispose()
    again = reopened(engine)
    try:
        found = library.open_by_name(again, "Acme energy")
    finally:
        again.dispose()
    assert found is not None
    assert found.pitch == dataclasses.replace(PITCH, saved=made.id)
    assert found.fingerprints == PRINTS
    assert found.updated_at == T0
    assert library.open_by_name(engine, "Acme") is None


def test_a_duplicate_is_independent(engine):
    first = library.save_new(engine, "Acme", PITCH, PRINTS, ANA, T0)
    copy = library.duplicate(engine, first, "Acme (copy)", BO, T0 + dt.timedelta(hours=1))
    assert copy.id != first.id
    assert copy.owner == "Bo Li <bo@example.com>"
    changed = plan.remove_item(copy.pitch, "a")
    library.save_over(engine, copy, changed, {}, BO, T0 + dt.timedelta(hours=2))
    again = library.open_by_name(engine, "Acme")
    assert again is not None
    assert again.pitch.items == PITCH.items
    assert plan.note_of(again.pitch, "a") == "Ask about <their> Q3 rollout first"
    library.delete(engine, first.id)
    kept = library.open_by_name(engine, "Acme (copy)")
    assert kept is not None
    assert kept.pitch.items == changed.items


def test_two_tabs_saving_one_pitch_get_the_version_notice_and_lose_nothing(engine):
    saved = library.save_new(engine, "Acme", PITCH, PRINTS, ANA, T0)
    tab_one = plan.add_items(saved.pitch, ["b"])
    tab_two = plan.rename(saved.pitch, "Tab two's title", "Acme Racks")
    first = library.save_over(engine, saved, tab_one, PRINTS, ANA, T0 + dt.timedelta(minutes=1))
    assert first.version == 2
    with pytest.raises(library.StaleVersion) as caught:
        library.save_over(engine, saved, tab_two, PRINTS, ANA, T0 + dt.timedelta(minutes=2))
    assert caught.value.message == "changed in another tab: reload, or save as a copy"
    assert str(caught.value) == (
        "pitch library: version: changed in another tab: reload, or save as a copy"
    )
    # Nothing lost: the first tab's save stands, and the second saves its work as a copy.
    stored = library.open_by_name(engine, "Acme")
    assert stored is not None
    assert stored.pitch.items == tab_one.items
    assert stored.version == 2
    name = library.make_copy_name("Acme", {"Acme"})
    copy = library.save_new(engine, name, tab_two, PRINTS, ANA, T0)
    assert (copy.name, copy.pitch.title) == ("Acme (copy)", "Tab two's title")
    # A reload takes the current version, and saves over it.
    assert library.save_over(engine, stored, tab_two, PRINTS, ANA, T0).version == 3


def test_rename_checks_the_name_and_the_version(engine):
    one = library.save_new(engine, "One", PITCH, PRINTS, ANA, T0)
    library.save_new(engine, "Two", PITCH, PRINTS, ANA, T0)
    with pytest.raises(PackError) as caught:
        library.rename_saved(engine, one, "Two", ANA, T0)
    assert (caught.value.field, caught.value.message) == (
        "name",
        "a pitch named “Two” exists already: choose another name",
    )
    renamed = library.rename_saved(engine, one, "Uno", BO, T0 + dt.timedelta(days=1))
    assert (renamed.name, renamed.version, renamed.updated_by) == (
        "Uno",
        2,
        "Bo Li <bo@example.com>",
    )
    with pytest.raises(library.StaleVersion):
        library.rename_saved(engine, one, "Eins", ANA, T0)
    library.delete(engine, one.id)
    with pytest.raises(PackError, match="no longer in the library"):
        library.save_over(engine, renamed, PITCH, PRINTS, ANA, T0)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "give the pitch a name"),
        ("x" * 121, "at most 120 characters (this has 121); nothing was cut"),
        ("Acme\u200f", "holds U+200F (RIGHT-TO-LEFT MARK): use plain, visible characters only"),
        ("see https://x.example", "must not hold a link (https://, www., mailto:); write it out"),
    ],
)
def test_a_bad_name_is_refused_naming_the_field(name, message):
    with pytest.raises(PackError) as caught:
        library.check_name(name)
    assert (caught.value.field, caught.value.message) == ("name", message)


def test_my_pitches_and_the_teams_searched_by_name_and_prospect(engine):
    library.save_new(engine, "Acme energy", PITCH, {}, ANA, T0)
    library.save_new(
        engine, "Globex talent", plan.rename(PITCH, "", "Globex 100%"), {}, BO, T0 + dt.timedelta(1)
    )
    library.save_new(engine, "Laptop pitch", PITCH, {}, THIS_MACHINE, T0 + dt.timedelta(2))

    def names(**kwargs):
        return [s.name for s in library.list_saved(engine, **kwargs)]

    assert names() == ["Laptop pitch", "Globex talent", "Acme energy"]
    assert names(mine=ANA) == ["Acme energy"]
    assert names(mine=THIS_MACHINE) == ["Laptop pitch"]
    assert names(search="GLOBEX") == ["Globex talent"]
    assert names(search="acme racks") == ["Laptop pitch", "Acme energy"]
    assert names(search="100%") == ["Globex talent"]
    assert names(search="%") == ["Globex talent"]
    laptop = library.open_by_name(engine, "Laptop pitch")
    assert laptop is not None
    assert (laptop.owner, laptop.owner_id) == ("this laptop", None)


def test_copy_names_count_up():
    assert library.make_copy_name("A", {"A", "A (copy)", "A (copy 2)"}) == "A (copy 3)"
