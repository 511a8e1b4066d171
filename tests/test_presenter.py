"""The presenter view through AppTest: it starts a presentation, moves it, the audience follows."""

from __future__ import annotations

import datetime as dt
import urllib.parse

import pytest
import sqlalchemy as sa

from insights.content.text import escape_markdown as esc
from insights.pitch.plan import COVER_KEY, OwnAnswer, Pitch
from insights.quotes import library, presentation, store
from insights.quotes.people import THIS_MACHINE
from tests import factory
from tests.apptest import open_page
from tests.test_content_access import team
from ui.presenter import MALFORMED, NOT_YOURS, UNKNOWN
from ui.slides import CODE_NOTICES, ENDED_NOTICE, UNREACHABLE_NOTICE, describe_limited

TABLE = presentation.PRESENTATIONS

PITCH = {"pitch": "alpha-firms,beta-instability>beta-partnerships", "title": "For Acme"}

__all__ = ["team"]  # a team server's accounts, the fixture of tests/test_content_access.py

pytestmark = pytest.mark.usefixtures("data_dir")


@pytest.fixture
def db_url(tmp_path, monkeypatch) -> str:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("INSIGHTS_STATE_DIR", str(tmp_path / "state"))
    return store.default_database_url(tmp_path / "state")


def engine_of(db_url: str):
    engine = store.make_engine(db_url)
    store.create_schema(engine)
    return engine


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def test_the_presenter_moves_the_audience_screen(db_url):
    at = open_page("pages/presenter.py", PITCH)
    assert not at.exception
    code, key = at.query_params["code"], at.query_params["key"]
    assert presentation.parse_code(code) == code
    assert at.title[0].value == "Presenter view"
    # The audience link is folded under the code, so the slides fit one screen.
    assert at.main.expander[0].label == f"Presentation code {code}: the audience screen's link"
    (link,) = [c.value for c in at.main.code]
    # The audience link carries the code, never the presenter's key.
    assert link.endswith(
        "/present?pitch=alpha-firms%2Cbeta-instability%3Ebeta-partnerships&title=For+Acme"
        f"&code={code}"
    )
    assert key not in link
    timer, counter = (m.value for m in at.main.metric)
    assert (timer[-3], counter) == (":", "1 / 4")
    # The rep's notes: each source's bias and what to verify, which the audience never sees.
    notes = at.main.text[0].value
    assert "verify them before presenting" in notes
    assert "Bias: Written by a vendor" in notes
    at.button(key="present.next").click().run()
    at.button(key="present.next").click().run()
    assert at.main.metric[1].value == "3 / 4"
    assert at.main.text[0].value.startswith("Objection: Example Research")
    engine = engine_of(db_url)
    assert presentation.read_presentation(engine, code, now()).position == 2

    audience = open_page("pages/present.py", {**PITCH, "code": code})
    assert not audience.exception
    assert not audience.warning
    assert audience.query_params["slide"] == "3"
    assert [c.value for c in audience.main.caption][:1] == [":material/report: Objection"]
    # The audience's keys press its step buttons: following, they are off and move nothing.
    assert audience.button(key="present.next").disabled
    assert audience.button(key="present.prev").disabled
    audience.run()  # its next look-up (once a second in the browser)
    assert presentation.read_presentation(engine, code, now()).position == 2
    assert audience.query_params["slide"] == "3"
    # Even the audience's own session cannot drive with the code alone (no key in its session).
    assert not presentation.move_presentation(engine, code, "", 0, now())
    engine.dispose()


def test_the_presenter_link_with_its_key_reopens_the_same_presentation(db_url):
    at = open_page("pages/presenter.py", PITCH)
    code, key = at.query_params["code"], at.query_params["key"]
    again = open_page("pages/presenter.py", {**PITCH, "code": code, "key": key})
    assert again.main.expander[0].label.startswith(f"Presentation code {code}:")
    again.button(key="present.next").click().run()
    engine = engine_of(db_url)
    assert presentation.read_presentation(engine, code, now()).position == 1
    engine.dispose()


def test_a_code_without_its_key_is_never_driven_nor_created(db_url):
    at = open_page("pages/presenter.py", PITCH)
    code = at.query_params["code"]
    # Someone who read the code off the projector opens the presenter view with it.
    other = open_page("pages/presenter.py", {**PITCH, "code": code, "key": "guessed"})
    assert not other.exception
    assert not other.main.expander
    assert [w.value for w in other.warning] == [NOT_YOURS.format(code=code)]
    assert not other.main.metric
    assert other.query_params["code"] == code
    with engine_of(db_url).connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(TABLE)).scalar_one() == 1


@pytest.mark.parametrize(
    ("given", "notice"),
    [
        ("ZZZZZZZZZZ", UNKNOWN.format(hours=4)),  # well-formed, but no such presentation
        ("abc234", UNKNOWN.format(hours=4)),  # an old six-character code
        ("<script>", MALFORMED.format(length=10)),
    ],
)
def test_an_unknown_or_malformed_code_is_said_and_a_fresh_one_offered(db_url, given, notice):
    at = open_page("pages/presenter.py", {**PITCH, "code": given})
    assert not at.exception
    assert [w.value for w in at.warning] == [notice]
    assert not at.main.expander  # no presentation started behind the rep's back
    assert all("script" not in c.value for c in at.main.code)
    with engine_of(db_url).connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(TABLE)).scalar_one() == 0
    at.button(key="presenter.new").click().run()
    code = at.query_params["code"]
    assert presentation.parse_code(code) == code != given
    assert at.main.expander[0].label.startswith(f"Presentation code {code}:")


@pytest.mark.parametrize(
    ("given", "notice"),
    [
        ("ZZZZZZZZZZ", CODE_NOTICES[presentation.CodeState.UNKNOWN]),
        ("abc234", CODE_NOTICES[presentation.CodeState.LEGACY]),
        ("<b>x</b>", CODE_NOTICES[presentation.CodeState.MALFORMED]),
    ],
)
def test_an_audience_link_with_a_bad_code_says_so_and_does_not_poll(db_url, given, notice):
    audience = open_page("pages/present.py", {**PITCH, "code": given})
    assert not audience.exception
    assert [w.value for w in audience.warning] == [notice]
    assert audience.title[0].value == "For Acme"  # the slides still show, on their own
    # Not following: the step buttons work for this screen alone.
    assert not audience.button(key="present.next").disabled
    audience.button(key="present.next").click().run()
    assert audience.query_params["slide"] == "2"


def test_guessing_codes_is_limited_per_address(db_url):
    at = open_page("pages/presenter.py", PITCH)
    live = at.query_params["code"]
    for n in range(presentation.GUESS_LIMIT):
        guess = open_page(
            "pages/present.py", {**PITCH, "code": "ZZZZZZZZZ" + presentation.CODE_ALPHABET[n]}
        )
        assert [w.value for w in guess.warning] == [CODE_NOTICES[presentation.CodeState.UNKNOWN]]
    # The limit reached, even the live code is refused (not looked up) from this address.
    refused = open_page("pages/present.py", {**PITCH, "code": live})
    assert [w.value for w in refused.warning] == [describe_limited(presentation.GUESS_WINDOW_S)]
    assert refused.warning[0].value.endswith("try again in 10 min.")


def test_a_presentation_that_expires_stops_the_audience_and_the_presenter(db_url):
    at = open_page("pages/presenter.py", PITCH)
    code = at.query_params["code"]
    audience = open_page("pages/present.py", {**PITCH, "code": code})
    assert not audience.warning
    engine = engine_of(db_url)
    idle = now().replace(tzinfo=None) - presentation.IDLE_EXPIRY - dt.timedelta(minutes=1)
    with engine.begin() as conn:
        conn.execute(sa.update(TABLE).values(updated_at=idle))
    engine.dispose()
    audience.run()
    assert [w.value for w in audience.warning] == [ENDED_NOTICE]
    assert not audience.button(key="present.next").disabled
    at.run()
    assert [w.value for w in at.warning] == [UNKNOWN.format(hours=4)]


def test_an_unreachable_store_says_so(db_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u:p@127.0.0.1:1/none")
    at = open_page("pages/presenter.py", PITCH)
    assert not at.exception
    assert "cannot be reached" in at.main.error[0].value
    audience = open_page("pages/present.py", {**PITCH, "code": "ABCDEFGH23"})
    assert not audience.exception
    assert audience.title[0].value == "For Acme"
    assert [w.value for w in audience.warning] == [UNREACHABLE_NOTICE]


@pytest.fixture
def figures_dir(tmp_path, monkeypatch, db_url):
    """A content folder of the sales pack with figures on its claim alpha-firms."""
    data = factory.figures_sales_pack()
    folder = tmp_path / "figures-data"
    factory.write_pack(folder, data)
    monkeypatch.setenv("INSIGHTS_DATA_DIR", str(folder))
    return folder


FIGURE_PITCH = {"pitch": "alpha-firms", "title": "For Acme"}
SOURCE = "Source: Example Research (vendor blog), Mar 2020, ¶{n}"


@pytest.mark.parametrize(
    ("slide", "header", "markdown", "captions"),
    [
        (
            3,
            ["Tech specialists"],
            ["300,000", "Alpha City", "1,400", "Beta Land"],
            ["Figures", "2023", SOURCE.format(n=1)],
        ),
        (
            4,
            [],
            ["USD 29 billion", "Foreign direct investment, Alpha City, 2023"],
            ["Figures", SOURCE.format(n=2)],
        ),
    ],
)
def test_the_audience_sees_figure_slides_with_source_lines_only(
    figures_dir, slide, header, markdown, captions
):
    at = open_page("pages/present.py", {**FIGURE_PITCH, "slide": str(slide)})
    assert not at.exception
    # As drawn: escaped, so nothing in the data becomes Markdown.
    assert [h.value for h in at.main.header] == [esc(h) for h in header]
    assert [m.value for m in at.main.markdown] == [esc(m) for m in markdown]
    assert [c.value for c in at.main.caption] == [esc(c) for c in captions]
    shown = " ".join([*header, *markdown, *captions])
    for rep_only in ("verify", "years old", "Bias"):
        assert rep_only not in shown


def test_the_presenter_reads_each_figures_citation_age_and_bias(figures_dir):
    at = open_page("pages/presenter.py", FIGURE_PITCH)
    assert at.main.metric[1].value == "1 / 5"  # cover, the point, two figure slides, the call
    for _ in range(2):
        at.button(key="present.next").click().run()
    notes = at.main.text[0].value.splitlines()
    assert notes == [
        "Tech specialists, Alpha City, 2023: 300,000. Example Research (then Old Example), "
        "15 Mar 2020, ¶1 · as of Mar 2020 — 6 years old: verify before presenting. "
        "Bias: Written by a vendor with an interest in the region.",
        "Tech specialists, Beta Land, 2023: 1,400. Example Research (then Old Example), "
        "15 Mar 2020, ¶1 · as of Mar 2020 — 6 years old: verify before presenting. "
        "Bias: Written by a vendor with an interest in the region.",
    ]


def test_the_presenter_reads_our_notes_and_the_audience_sees_our_answer_unsourced(db_url):
    engine = engine_of(db_url)
    pitch = Pitch(
        "For Acme",
        items=("alpha-firms", OwnAnswer("gamma-costs", "We bring a fixed price.")),
        notes=(("alpha-firms", "Ask about their rollout"), (COVER_KEY, "Open with their news")),
    )
    saved = library.save_new(engine, "Acme", pitch, {}, THIS_MACHINE, now())
    engine.dispose()
    at = open_page("pages/presenter.py", {"saved": str(saved.id)})
    assert not at.exception
    (link,) = [c.value for c in at.main.code]
    assert "answer=gamma-costs%3AWe+bring+a+fixed+price." in link
    assert f"saved={saved.id}" in link
    assert "rollout" not in link
    assert "news" not in link
    assert at.main.text[0].value.startswith("Our note: Open with their news\n")
    at.button(key="present.next").click().run()
    assert at.main.text[0].value.startswith("Our note: Ask about their rollout\n")
    at.button(key="present.next").click().run()
    assert at.main.text[0].value.endswith(
        "Our answer: in our own words; no source stands behind it."
    )
    code = at.query_params["code"]
    audience = open_page("pages/present.py", {"saved": str(saved.id), "code": code})
    captions = [c.value for c in audience.main.caption]
    # The objection has its source line; our answer none, only whose words they are.
    assert captions[0] == ":material/report: Objection"
    assert [c for c in captions if c.startswith("Source")] == [captions[1]]
    assert captions[-2:] == [":material/reply: Our answer", "In our own words"]
    assert esc("We bring a fixed price.") in [m.value for m in audience.main.markdown]


@pytest.mark.parametrize(
    ("who", "opened"),
    [("visitor", False), ("rep", True), ("admin", True)],
)
def test_on_a_team_server_the_presenter_view_needs_a_signed_in_person(
    team, db_url, monkeypatch, who, opened
):
    if who != "visitor":
        monkeypatch.setattr("ui.accounts._read_person", team[who].person)
    at = open_page("pages/presenter.py", PITCH)
    assert not at.exception
    assert at.title[0].value == "Presenter view"
    assert ("code" in at.query_params) is opened
    shown = "\n".join(e.value for e in (*at.main.text, *at.main.markdown, *at.main.caption))
    # The rep's notes: the bias and verify marks reach the signed-in only.
    assert ("Bias:" in shown) is opened
    assert ("verify" in shown) is opened
    links = [(b.proto.label, b.proto.url) for b in at.main.get("link_button")]
    if opened:
        assert links == []
    else:
        assert at.info[0].value.startswith("Sign in to present: the presenter view shows")
        # Signing in comes back to this pitch (AppTest's page path is "/").
        back = "/?" + urllib.parse.urlencode(PITCH)
        assert links == [("Sign in", "/signin?" + urllib.parse.urlencode({"next": back}))]
    with engine_of(db_url).connect() as conn:
        count = conn.execute(sa.select(sa.func.count()).select_from(TABLE)).scalar_one()
    assert count == (1 if opened else 0)
