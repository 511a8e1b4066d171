"""The presenter view through AppTest: it starts a presentation, moves it, the audience follows."""

from __future__ import annotations

import pytest

from insights.content.text import escape_markdown as esc
from insights.quotes import presentation, store
from tests import factory
from tests.apptest import open_page

PITCH = {"pitch": "alpha-firms,beta-instability>beta-partnerships", "title": "For Acme"}

pytestmark = pytest.mark.usefixtures("data_dir")


@pytest.fixture
def db_url(tmp_path, monkeypatch) -> str:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("INSIGHTS_STATE_DIR", str(tmp_path / "state"))
    return store.default_database_url(tmp_path / "state")


def test_the_presenter_moves_the_audience_screen(db_url):
    at = open_page("pages/presenter.py", PITCH)
    assert not at.exception
    code = at.query_params["code"]
    assert presentation.parse_code(code) == code
    assert at.title[0].value == "Presenter view"
    # The audience link is folded under the code, so the slides fit one screen.
    assert at.main.expander[0].label == f"Presentation code {code}: the audience screen's link"
    (link,) = [c.value for c in at.main.code]
    assert link.endswith(
        "/present?pitch=alpha-firms%2Cbeta-instability%3Ebeta-partnerships&title=For+Acme"
        f"&code={code}"
    )
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
    engine = store.make_engine(db_url)
    assert presentation.read_presentation(engine, code).position == 2
    engine.dispose()

    audience = open_page("pages/present.py", {**PITCH, "code": code})
    assert not audience.exception
    assert audience.query_params["slide"] == "3"
    assert [c.value for c in audience.main.caption][:1] == [":material/report: Objection"]


def test_a_code_in_the_link_is_kept_and_a_bad_one_replaced(db_url):
    at = open_page("pages/presenter.py", {**PITCH, "code": "abc234"})
    assert at.query_params["code"] == "ABC234"
    at = open_page("pages/presenter.py", {**PITCH, "code": "<script>"})
    assert not at.exception
    assert presentation.parse_code(at.query_params["code"]) is not None
    assert all("script" not in c.value for c in at.main.code)


def test_an_unreachable_store_says_so(db_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u:p@127.0.0.1:1/none")
    at = open_page("pages/presenter.py", PITCH)
    assert not at.exception
    assert "cannot be reached" in at.main.error[0].value
    audience = open_page("pages/present.py", {**PITCH, "code": "ABC234"})
    assert not audience.exception
    assert audience.title[0].value == "For Acme"


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
