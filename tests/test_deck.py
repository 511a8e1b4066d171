import datetime as dt
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR

from insights import deck, load, talk
from insights.pitch import Pair, Pitch
from tests import factory

TODAY = dt.date(2026, 11, 25)
CHART_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
CITE = (
    "Source: Example Research (then Old Example), 15 Mar 2020, ¶{n} · as of Mar 2020 — 6 years old"
)
STALE_CITE = (
    f"{deck.VERIFY_TEXT}\n{CITE}: verify before presenting · bias: vendor blog (see Sources)"
)
WARN = RGBColor.from_string("B03A2E")


def make(catalog, items, stale_after=3, **names):
    pitch = Pitch(items=items, **names)
    made = talk.resolve_talk(pitch, catalog.claims, catalog.calls, TODAY, stale_after)
    return Presentation(io.BytesIO(deck.build_deck(made)))


def shape_texts(slide):
    """Every named text shape on a slide, by name."""
    return {s.name: s.text_frame.text for s in slide.shapes if s.has_text_frame}


def test_slides_in_order_with_their_text(catalog):
    prs = make(
        catalog,
        ("test-c2", Pair("test-c3", "test-c4"), "test-c6"),
        title="Testland for Acme",
        prospect="Acme Corp",
    )
    slides = list(prs.slides)
    assert len(slides) == 7
    assert shape_texts(slides[0]) == {
        "Title 1": "Testland for Acme",
        "Subtitle 2": "Prepared for Acme Corp\nMade on 25 Nov 2026",
    }
    assert shape_texts(slides[1]) == {
        "Title 1": "Industry presence · Alpha City",
        "Talking point": "Firms Acme and Zenith.",
        deck.CITATION: STALE_CITE.format(n=1),
    }
    assert shape_texts(slides[2]) == {
        "Title 1": "Objection and answer",
        "Objection": "Objection\nClaim test-c3 says something.",
        deck.OBJECTION_CITATION: STALE_CITE.format(n=1),
        "What the source answers": "What the source answers\nClaim test-c4 says something.",
        deck.ANSWER_CITATION: STALE_CITE.format(n=1),
    }
    assert shape_texts(slides[3])["Talking point"] == "Claim test-c6 says something."
    assert shape_texts(slides[3])[deck.CITATION] == STALE_CITE.format(n=2)
    chart_texts = shape_texts(slides[4])
    assert chart_texts["Title 1"] == "The talking points by theme"
    assert chart_texts[deck.CITATION] == (
        "Counts of the 4 claims in this pitch. Source: Example Research (then Old Example), "
        "15 Mar 2020; each claim's paragraph is cited on its own slide."
    )
    assert shape_texts(slides[5]) == {
        "Title 1": "Sources",
        "Sources": "A test source\n"
        "Example Research (then Old Example), 15 Mar 2020 · vendor blog\n"
        "https://example.test/report\n"
        "Bias: Written by a vendor with an interest in the region.\n"
        "Ages are counted to 25 Nov 2026; points older than 3 years are marked "
        "“verify before presenting”.",
    }
    assert shape_texts(slides[6]) == {
        "Title 1": "Next step",
        "Call to action": "Talk to us.\nTalk\nhttps://example.test/talk",
        deck.CITATION: "The source's own call to action (¶3).",
    }


def test_every_content_slide_carries_a_citation(catalog):
    prs = make(catalog, ("test-c1", Pair("test-c3", "test-c4"), "test-c5"))
    slides = list(prs.slides)
    content = slides[1:-2] + slides[-1:]  # all but the title and sources slides
    assert len(content) == len(slides) - 2 == 5
    for slide in content:
        cited = [n for n in shape_texts(slide) if n.startswith("Citation")]
        assert cited, [s.name for s in slide.shapes]
    pair_slide = slides[2]
    assert {deck.OBJECTION_CITATION, deck.ANSWER_CITATION} <= set(shape_texts(pair_slide))


def test_chart_is_a_native_editable_chart(catalog):
    prs = make(catalog, ("test-c1", "test-c6", Pair("test-c3", "test-c4")))
    charts = [s for s in prs.slides[4].shapes if s.has_chart]
    assert len(charts) == 1
    chart = charts[0].chart
    assert chart.part.content_type == CHART_TYPE
    # The workbook behind the chart is what makes it editable in PowerPoint.
    assert chart.part.chart_workbook.xlsx_part is not None
    plot = chart.plots[0]
    assert list(plot.categories) == ["Talent & education", "Regulation & stability", "Partnerships"]
    assert {s.name: list(s.values) for s in plot.series} == {
        "Strength": [2.0, 0.0, 0.0],
        "Challenge": [0.0, 1.0, 0.0],
        "Recommendation": [0.0, 0.0, 1.0],
    }


def first_lines(frame):
    """Each paragraph's first run as (text, bold, colour or None)."""
    runs = [p.runs[0] for p in frame.paragraphs]
    return [(r.text, r.font.bold, r.font.color.rgb if r.font.color.type else None) for r in runs]


@pytest.mark.parametrize(
    ("stale_after", "lines"),
    [
        (
            3,
            [
                (deck.VERIFY_TEXT, True, WARN),
                (
                    CITE.format(n=1)
                    + ": verify before presenting · bias: vendor blog (see Sources)",
                    None,
                    RGBColor.from_string("5A6660"),
                ),
            ],
        ),
        (
            10,
            [
                (
                    CITE.format(n=1) + " · bias: vendor blog (see Sources)",
                    None,
                    RGBColor.from_string("5A6660"),
                )
            ],
        ),
    ],
)
def test_verify_mark_opens_the_citation_of_a_stale_claim(catalog, stale_after, lines):
    prs = make(catalog, ("test-c1", Pair("test-c3", "test-c4")), stale_after)
    point_slide, pair_slide = prs.slides[1], prs.slides[2]
    footers = [
        shape.text_frame
        for slide, name in (
            (point_slide, deck.CITATION),
            (pair_slide, deck.OBJECTION_CITATION),
            (pair_slide, deck.ANSWER_CITATION),
        )
        for shape in slide.shapes
        if shape.name == name
    ]
    assert len(footers) == 3
    for frame in footers:
        assert first_lines(frame) == lines
        # The citation stays at the foot of its box; the mark, when there is one, sits above.
        assert frame.vertical_anchor == MSO_ANCHOR.BOTTOM


@pytest.mark.parametrize(
    ("stale_after", "first"),
    [
        (3, "2 of 2 points are 3 or more years old: verify them before presenting."),
        (6, "2 of 2 points are 6 or more years old: verify them before presenting."),
        (10, "No point is 10 or more years old; each slide still gives its age."),
    ],
)
def test_speaker_notes_open_the_deck_with_what_to_check_and_the_bias(catalog, stale_after, first):
    prs = make(catalog, ("test-c1", "test-c6"), stale_after)
    notes = prs.slides[0].notes_slide.notes_text_frame.text
    assert notes == (
        f"{first}\n"
        "Example Research (then Old Example), A test source: https://example.test/report. "
        "Bias: Written by a vendor with an interest in the region."
    )
    # The other slides carry what a presenter needs on the slide itself, so no notes part.
    assert [s.has_notes_slide for s in prs.slides] == [True, False, False, False, False, False]


def test_no_speaker_notes_without_points(catalog):
    prs = make(catalog, ())
    assert [s.has_notes_slide for s in prs.slides] == [False, False]


def test_text_from_data_is_text_never_markup():
    data = factory.pack()
    hostile = "<a:r>**bold**</a:r> & =cmd|' /C calc'!A0"
    data["claims"][0]["text"] = hostile
    catalog = factory.catalog_of(data)
    prs = make(catalog, ("test-c1",), title="<b>Title</b> & co")
    assert shape_texts(prs.slides[0])["Title 1"] == "<b>Title</b> & co"
    assert shape_texts(prs.slides[1])["Talking point"] == hostile


@pytest.mark.parametrize(
    ("title", "prospect", "problem"),
    [
        ("Deck", "Acme", None),
        ("Deck\ufffe", "", "The title holds U+FFFE at character 5"),
        ("Deck", "Ac\x01me", "The prospect's name holds U+0001 at character 3"),
        ("\ud800", "", "The title holds U+D800 at character 1"),
    ],
)
def test_a_talk_a_deck_cannot_hold_is_named_before_it_is_built(catalog, title, prospect, problem):
    made = talk.resolve_talk(
        Pitch(items=("test-c1",), title=title, prospect=prospect),
        catalog.claims,
        catalog.calls,
        TODAY,
        3,
    )
    found = deck.find_unexportable(made)
    if problem is None:
        assert found is None
        assert deck.build_deck(made)
    else:
        assert found == f"{problem}, which a PPTX file cannot hold: remove it to download the deck."
        # What the check spares the rep: python-pptx refuses such text.
        with pytest.raises(ValueError, match=r"XML compatible|surrogates not allowed"):
            deck.build_deck(made)


def test_no_call_to_action_slide_without_one():
    catalog = factory.catalog_of({**factory.pack(), "call_to_action": None})
    prs = make(catalog, ("test-c1",))
    assert [shape_texts(s)["Title 1"] for s in prs.slides] == [
        "Testland: talking points",
        "Talent & education · Alpha City",
        "The talking points by theme",
        "Sources",
    ]


def test_an_empty_talk_is_a_title_and_the_call(catalog):
    prs = make(catalog, ())
    assert [shape_texts(s)["Title 1"] for s in prs.slides] == [
        "Testland: talking points",
        "Next step",
    ]


def test_deck_properties(catalog):
    prs = make(catalog, ("test-c1",), title="T", prospect="Acme")
    props = prs.core_properties
    assert (props.title, props.subject, props.author) == (
        "T",
        "Prepared for Acme",
        "Region insights",
    )
    assert props.created == dt.datetime(2026, 11, 25)
    assert (prs.slide_width, prs.slide_height) == (deck.Inches(13.333), deck.Inches(7.5))


# Property test: random Unicode in a claim, a title or a prospect's name ends in a deck that
# shows it, or in a refusal that names where the character is (validation or the export
# check); never in a download that fails without saying why.
_UNSTORABLE = st.sampled_from(["\ufffe", "\uffff", "\ud800", "\x01", "\x1b", "\r", "\x0b"])
# Hypothesis leaves lone surrogates out of text by default; these put one in on purpose.
_HOSTILE_TEXT = st.text(max_size=60) | st.builds(
    "".join, st.tuples(st.text(max_size=20), _UNSTORABLE, st.text(max_size=20))
)


@given(_HOSTILE_TEXT, _HOSTILE_TEXT, _HOSTILE_TEXT.filter(bool))
def test_any_unicode_becomes_a_deck_or_a_named_refusal(title, prospect, text):
    data = factory.pack()
    data["claims"][0]["text"] = text
    found, problems = load.check_pack_text(factory.dump(data), "p.yaml")
    if found is None:
        assert problems
        assert all(p.file == "p.yaml" and p.field for p in problems)
        return
    catalog = load.build_catalog([found])
    made = talk.resolve_talk(
        Pitch(items=("test-c1",), title=title, prospect=prospect),
        catalog.claims,
        catalog.calls,
        TODAY,
        3,
    )
    problem = deck.find_unexportable(made)
    if problem is not None:
        assert problem.startswith(("The title holds U+", "The prospect's name holds U+"))
        return
    prs = Presentation(io.BytesIO(deck.build_deck(made)))
    shown = shape_texts(prs.slides[1])["Talking point"]
    assert shown.split() == found.claims[0].text.split()
