"""Tests for insights.outputs.markdown."""

import datetime as dt
import html
import json
import re

import pytest
from markdown_it import MarkdownIt

from insights.outputs import markdown, tables
from insights.pitch import talk
from insights.pitch.plan import Pair, Pitch
from tests import factory

TODAY = dt.date(2026, 11, 25)


def resolve(catalog, items, **names):
    return talk.resolve_talk(
        Pitch(items=items, **names), catalog.claims, TODAY, factory.verify_rule()
    )


HOSTILE_TEXTS = (
    "[^9] **x** [a](javascript:alert(1)) <b>bold</b> `code` ~~gone~~",
    "_under_ and snake_case and __init__ &amp; &#65; a \\* b \\",
    "- starts like a list",
    "# starts like a heading #",
    "> starts like a quote",
    "2017. Starts like a numbered item",
    "+ plus and 3) parenthesis",
    "---",
    "Ends with a hash #",
)


def render_markdown(text: str) -> str:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(text)


ORDINARY_TEXTS = (
    "Companies look beyond the Bay Area, and Mexico's tech hub: Guadalajara (IBM, HP).",
    'Alpha is 5% cheaper; "nearshoring" helps — see 2017/2018! Why? Costs + time = value.',
    "Words with under_scores, a #hashtag, 3 > 2, and 1.5x growth.",
)


def resolve_figures(data, items, **names):
    catalog = factory.catalog_of(data)
    pitch = Pitch(items=items, **names)
    made = talk.resolve_talk(pitch, catalog.claims, TODAY, factory.verify_rule(3), catalog.figures)
    return made, catalog


FIGURES_ITEMS = ("test-c1", "test-c2", Pair("test-c3", "test-c4"), "test-c6")


def test_markdown_one_pager_gives_each_point_its_source_line(catalog):
    made = resolve(
        catalog,
        ("test-c2", Pair("test-c3", "test-c4"), "test-c6"),
        title="For Acme",
        prospect="Acme",
    )
    lines = markdown.to_markdown(made).splitlines()
    line = "   *Source: Example Research (vendor blog), Mar 2020, ¶{n}*"
    assert lines[:14] == [
        "# For Acme",
        "",
        "Prepared for Acme, 25 Nov 2026",
        "",
        "## Talking points",
        "",
        "1. Firms Acme and Zenith.  ",
        line.format(n=1),
        "2. **Objection:** Claim test-c3 says something.  ",
        line.format(n=1) + "  ",
        "   **Answer:** Claim test-c4 says something.  ",
        line.format(n=1),
        "3. Claim test-c6 says something.  ",
        line.format(n=2),
    ]
    # The seller closes (here with no profile: plainly, linking nothing of a source's).
    assert lines[14:] == [
        "",
        "## Sources",
        "",
        "- A test source, Example Research (then Old Example), 15 Mar 2020 (vendor blog): "
        "<https://example.test/report>",
        "",
        "## Next step",
        "",
        "Contact your account team",
        "",
    ]


def test_markdown_names_the_seller_and_closes_with_their_booking_link(catalog):
    made = talk.with_closing(
        resolve(catalog, ("test-c1",), prospect="Acme"),
        talk.make_closing(factory.seller_profile()),
    )
    lines = markdown.to_markdown(made).splitlines()
    assert lines[2] == "Prepared for Acme by Northwind Cloud, 25 Nov 2026"
    assert lines[lines.index("## Next step") :] == [
        "## Next step",
        "",
        "**Northwind Cloud**",
        "",
        "Book 30 minutes with us",
        "",
        "- Book a meeting: <https://seller.example/book>",
        "",
        *(f"{markdown.escape_text(line)}  " for line in made.closing.contact),
    ]
    assert made.closing.contact[0] == "Dana Ruiz, Account Executive"
    # Rendered, the contact lines are a paragraph of their own, not part of the link's item.
    html = MarkdownIt("gfm-like").render("\n".join(lines))
    closing = html.split("<h2>Next step</h2>")[1]
    assert re.findall(r"<li>(.*?)</li>", closing, re.S) == [
        'Book a meeting: <a href="https://seller.example/book">https://seller.example/book</a>'
    ]
    assert "<p>Dana Ruiz, Account Executive<br />" in closing


def test_markdown_never_shows_the_reps_checks(catalog):
    text = markdown.to_markdown(resolve(catalog, ("test-c1", Pair("test-c3", "test-c4"))))
    for rep_only in ("verify", "years old", "Bias", "interest in the region"):
        assert rep_only not in text


@pytest.mark.parametrize("hostile", HOSTILE_TEXTS)
def test_markdown_renders_every_text_back_exactly(hostile):
    data = factory.pack()
    data["claims"][0]["text"] = hostile
    catalog = factory.catalog_of(data)
    made = resolve(catalog, ("test-c1", Pair("test-c3", "test-c4")), title=hostile)
    rendered = render_markdown(markdown.to_markdown(made))
    assert f"<h1>{html.escape(hostile)}</h1>" in rendered
    assert f"<li>{html.escape(hostile)}<br />" in rendered
    for point in made.points:
        assert f"<em>{html.escape(point.source_line)}</em>" in rendered
    tags = set(re.findall(r"</?([a-z0-9]+)", rendered))
    assert tags <= {"h1", "h2", "p", "ol", "ul", "li", "strong", "em", "br", "a"}


@pytest.mark.parametrize("ordinary", ORDINARY_TEXTS)
def test_markdown_leaves_ordinary_text_unescaped(ordinary):
    data = factory.pack()
    data["claims"][0]["text"] = ordinary
    catalog = factory.catalog_of(data)
    text = markdown.to_markdown(resolve(catalog, ("test-c1",), title=ordinary, prospect="Acme"))
    assert re.search(r"\\[\w!-/:-@\[-`{-~]", text) is None, text
    assert f"1. {ordinary}  " in text.splitlines()


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://example.test/report", "<https://example.test/report>"),
        ("https://example.test/a%3Cb", "<https://example.test/a%3Cb>"),
        # Not a safe autolink: plain text, its :// broken so GFM does not link it bare.
        ("https://example.test/a b>", "https:\u2060//example.test/a b>"),
    ],
)
def test_links_are_autolinks_only_when_safe(url, shown):
    assert markdown._link(url) == shown


def test_markdown_lists_the_figures_with_their_source_lines_before_the_next_step():
    made, _ = resolve_figures(factory.figures_pack(), FIGURES_ITEMS)
    lines = markdown.to_markdown(made).splitlines()
    start = lines.index("## Figures")
    line = "  *Source: Example Research (vendor blog), Mar 2020, ¶{n}*"
    assert lines[start : start + 16] == [
        "## Figures",
        "",
        "- **300,000** — Tech specialists, Alpha City, 2023  ",
        line.format(n=1),
        "- **240,227** — Tech specialists, Beta Land, 2023  ",
        line.format(n=1),
        "- **about 120,500** — Tech specialists, Gamma Bay, 2023  ",
        line.format(n=1),
        "- **USD 29 billion** — Foreign direct investment, Alpha City, first half of 2023  ",
        line.format(n=2),
        "- **42%** — Growth of tech wages, Alpha City, the last five years  ",
        line.format(n=1),
        "- **no. 23** — Rank among the metro areas of the Americas, Alpha City, "
        "period not stated  ",
        line.format(n=2),
        "- **more than $20 billion** — Exports, Alpha City, at publication  ",
        line.format(n=2),
    ]
    assert lines[start + 16 : start + 18] == ["", "## Sources"]
    assert lines.index("## Talking points") < start


@pytest.mark.parametrize(
    ("data", "items"),
    [(factory.pack(), FIGURES_ITEMS), (factory.figures_pack(), ("test-c3",))],
    ids=["no figures", "none pitched"],
)
def test_no_figure_no_figures_section_or_figures_in_the_data(data, items):
    made, catalog = resolve_figures(data, items)
    assert "## Figures" not in markdown.to_markdown(made)
    table = tables.make_pitch_table(made, catalog.claims)
    assert set(table["figures"]) == {""}
    assert {
        len(r["figures"]) for r in json.loads(tables.to_pitch_json_bytes(made, catalog.claims))
    } == {0}


def test_markdown_figures_render_back_exactly_and_read_as_text():
    made, _ = resolve_figures(factory.figures_pack(), FIGURES_ITEMS)
    text = markdown.to_markdown(made)
    assert re.search(r"\\[\w!-/:-@\[-`{-~]", text) is None, text
    rendered = render_markdown(text)
    for figure in made.figures:
        what = f"{figure.measure_label}, {figure.place_name}, {figure.when}"
        assert (
            f"<li><strong>{html.escape(figure.shown)}</strong> — {html.escape(what)}<br />\n"
            f"<em>{html.escape(figure.source_line)}</em></li>"
        ) in rendered


@pytest.mark.parametrize("hostile", HOSTILE_TEXTS)
def test_markdown_figures_hold_any_text_as_text(hostile):
    data = factory.pack(figures=[factory.figure("f1", measure_label=hostile, period=hostile)])
    made, _ = resolve_figures(data, ("test-c1",))
    rendered = render_markdown(markdown.to_markdown(made))
    what = html.escape(f"{hostile}, Alpha City, {hostile}")
    assert f"<li><strong>300,000</strong> — {what}<br />" in rendered
    tags = set(re.findall(r"</?([a-z0-9]+)", rendered))
    assert tags <= {"h1", "h2", "p", "ol", "ul", "li", "strong", "em", "br", "a"}
