"""The pitch builder's own words and library, driven through AppTest by namespaced keys."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

import pytest

from insights.content.text import escape_markdown as esc
from insights.pitch import plan
from insights.pitch.fingerprint import Fingerprint
from insights.pitch.plan import Pitch
from insights.quotes import library, people, store
from insights.quotes.people import THIS_MACHINE
from tests.apptest import open_page
from ui import pitch_library

pytestmark = pytest.mark.usefixtures("data_dir")
ANSWER = "We bring a fixed price for three years."


@pytest.fixture(autouse=True)
def _state(tmp_path, monkeypatch):
    """A store of this test's own: a laptop's SQLite file, no accounts."""
    monkeypatch.setenv("INSIGHTS_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.delenv("DATABASE_URL", raising=False)


def params(at):
    return {k: v if isinstance(v, list) else [v] for k, v in at.query_params.items()}


def items(at):
    return [
        b.key.removeprefix("pitch.remove.") for b in at.button if b.key.startswith("pitch.remove.")
    ]


def shown(at):
    kinds = ["markdown", "caption", "error", "success", "warning"]
    return [str(e.value) for kind in kinds for e in at.get(kind)]


def answer(at, text, challenge="gamma-costs"):
    at.text_input(key=f"pitch.own.{challenge}").set_value(text)
    at.button(key=f"pitch.own_add.{challenge}").click().run()
    return at


def test_a_challenge_the_source_leaves_unanswered_is_answered_in_our_words():
    at = answer(open_page("pages/pitch.py"), ANSWER)
    assert items(at) == ["gamma-costs>*"]
    assert params(at)["pitch"] == ["gamma-costs>*"]
    assert params(at)["answer"] == [f"gamma-costs:{ANSWER}"]
    assert f"**Our answer:** {esc(ANSWER)}" in shown(at)
    assert "In our own words: no source line, and none is shown to the prospect." in shown(at)
    assert at.text_input(key="pitch.own.gamma-costs").value == ""


def test_any_challenge_takes_a_sources_remedy_as_our_pairing():
    at = open_page("pages/pitch.py")
    at.selectbox(key="pitch.pick.gamma-costs").set_value("beta-partnerships")
    at.button(key="pitch.pick_add.gamma-costs").click().run()
    assert items(at) == ["gamma-costs>beta-partnerships"]
    assert esc("Our pairing: the source does not give this answer to this objection.") in shown(at)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("x" * 10_000, "at most 300 characters (this has 10,000); nothing was cut"),
        ("Fixed\x00price", "holds U+0000: use plain, visible characters only"),
        (
            "Fixed \u200fprice",
            "holds U+200F (RIGHT-TO-LEFT MARK): use plain, visible characters only",
        ),
        (
            "See https://example.test/offer",
            "must not hold a link (https://, www., mailto:); write it out",
        ),
    ],
)
def test_hostile_own_text_is_refused_naming_the_field_and_kept_as_typed(text, problem):
    at = answer(open_page("pages/pitch.py"), text)
    assert items(at) == []
    assert [e.value for e in at.error] == [esc(f"Our answer to gamma-costs: {problem}")]
    assert at.text_input(key="pitch.own.gamma-costs").value == text
    assert "answer" not in params(at)


def test_markup_as_our_answer_is_shown_as_text():
    typed = "<b>Fixed</b> **price** [x](y) #set text(red)"
    at = answer(open_page("pages/pitch.py"), typed)
    assert items(at) == ["gamma-costs>*"]
    assert f"**Our answer:** {esc(typed)}" in shown(at)


def test_a_note_stays_out_of_the_link_and_a_bad_one_names_its_field():
    at = open_page("pages/pitch.py", {"pitch": "alpha-firms"})
    at.text_area(key="pitch.note.alpha-firms").set_value("Ask about their rollout").run()
    assert "rollout" not in urlencode(params(at), doseq=True)
    assert at.text_area(key="pitch.note.alpha-firms").value == "Ask about their rollout"
    at.text_area(key="pitch.note.cover").set_value("Open with www.example.test").run()
    assert [e.value for e in at.error] == [
        esc("Our note on the cover: must not hold a link (https://, www., mailto:); write it out")
    ]


def save(at, name):
    at.text_input(key="pitch.library.name").set_value(name)
    at.button(key="pitch.library.save").click().run()
    return at


def test_a_saved_pitch_reopens_by_name_in_a_new_session_notes_and_all():
    at = answer(open_page("pages/pitch.py", {"pitch": "alpha-firms"}), ANSWER)
    at.text_area(key="pitch.note.alpha-firms").set_value("Ask about their rollout").run()
    save(at, "Acme, costs first")
    assert [s.value for s in at.success] == [esc("Saved as “Acme, costs first”.")]
    (saved,) = params(at)["saved"]
    # A new session (a restart reads the same SQLite file): the library lists it; open it.
    again = open_page("pages/pitch.py")
    again.text_input(key="pitch.library.search").set_value("costs").run()
    again.button(key=f"pitch.library.open.{saved}").click().run()
    assert items(again) == ["alpha-firms", "gamma-costs>*"]
    assert again.text_area(key="pitch.note.alpha-firms").value == "Ask about their rollout"
    assert params(again)["saved"] == [saved]
    assert any("last edited" in c and "by this laptop" in c for c in shown(again))


def test_two_tabs_saving_one_pitch_get_the_version_notice_and_keep_their_work():
    first = save(open_page("pages/pitch.py", {"pitch": "alpha-firms"}), "Acme")
    (saved,) = params(first)["saved"]
    second = open_page("pages/pitch.py", {"pitch": "alpha-firms", "saved": saved})
    first.button(key="pitch.add.alpha-funds").click().run()
    first.button(key="pitch.library.save").click().run()
    second.button(key="pitch.add.beta-talent").click().run()
    second.button(key="pitch.library.save").click().run()
    assert [e.value for e in second.error] == [
        esc("Changed in another tab: reload, or save as a copy")
    ]
    assert items(second) == ["alpha-firms", "beta-talent"]
    second.button(key="pitch.library.copy_stale").click().run()
    assert [s.value for s in second.success] == [esc("Saved as a copy: “Acme (copy)”.")]
    assert items(second) == ["alpha-firms", "beta-talent"]
    third = open_page("pages/pitch.py", {"saved": saved})
    assert items(third) == ["alpha-firms", "alpha-funds"]


def test_a_share_link_opened_without_library_access_shows_items_and_sources_only(tmp_path):
    engine = store.make_engine(store.default_database_url(tmp_path / "state"))
    store.create_schema(engine)
    pitch = plan.set_note(Pitch(items=("alpha-firms",)), "alpha-firms", "SECRET rollout")
    saved = library.save_new(engine, "Acme", pitch, {}, THIS_MACHINE, dt.datetime.now(dt.UTC))
    # Accounts make it a team server: a visitor who has not signed in has no library.
    account, _ = people.validate_account(
        {"name": "Ana", "email": "ana@example.com", "role": "rep", "password": "x" * 12}
    )
    people.add_account(engine, account, dt.datetime.now(dt.UTC))
    engine.dispose()
    at = open_page("pages/pitch.py", {"pitch": "alpha-firms", "saved": str(saved.id)})
    assert items(at) == ["alpha-firms"]
    assert at.text_area(key="pitch.note.alpha-firms").value == ""
    assert not any("SECRET" in t for t in shown(at))
    assert pitch_library.NO_ACCESS in shown(at)
    assert params(at)["saved"] == [str(saved.id)]


def test_a_new_name_renames_and_duplicate_and_delete_work_from_the_list():
    at = save(open_page("pages/pitch.py", {"pitch": "alpha-firms"}), "Acme")
    (first,) = params(at)["saved"]
    save(at, "Acme v2")
    assert [s.value for s in at.success] == [esc("Saved as “Acme v2”.")]
    assert params(at)["saved"] == [first]
    at.button(key=f"pitch.library.duplicate.{first}").click().run()
    assert [s.value for s in at.success] == [esc("Duplicated as “Acme v2 (copy)”.")]
    (copy,) = params(at)["saved"]
    assert copy != first
    assert items(at) == ["alpha-firms"]
    at.button(key=f"pitch.library.delete.{first}").click().run()
    assert [s.value for s in at.success] == [esc("Deleted from the library.")]
    listed = [m.value for m in at.markdown if m.value.startswith("**Acme")]
    assert listed == [f"**{esc('Acme v2 (copy)')}**"]
    at.button(key=f"pitch.library.start.{copy}").click().run()
    assert "saved" not in params(at)
    assert items(at) == ["alpha-firms"]


def test_a_reopened_pitch_says_which_claims_changed_since_it_was_saved(tmp_path):
    engine = store.make_engine(store.default_database_url(tmp_path / "state"))
    store.create_schema(engine)
    # Fingerprints as the content was then: alpha-firms worded otherwise, and a claim the
    # content no longer has (re-dated is tests/test_fingerprint.py's).
    then = {
        "alpha-firms": Fingerprint("0" * 32, "2017-12-20"),
        "gone-claim": Fingerprint("0" * 32, "2017-12-20"),
    }
    pitch = Pitch(items=("alpha-firms", "gone-claim"))
    saved = library.save_new(engine, "Old", pitch, then, THIS_MACHINE, dt.datetime.now(dt.UTC))
    engine.dispose()
    at = open_page("pages/pitch.py", {"saved": str(saved.id)})
    assert [w.value for w in at.warning] == [
        esc("The saved pitch named 1 claim this content does not have; left out."),
        esc("Claim alpha-firms was reworded since this pitch was saved."),
        esc("Claim gone-claim was withdrawn since this pitch was saved."),
    ]
    assert items(at) == ["alpha-firms"]
