import datetime as dt
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pptx import Presentation

from insights.content import frames, load
from insights.outputs import deck, theme
from insights.pitch import talk
from insights.pitch.plan import Pair, Pitch
from tests import documents, factory

TODAY = dt.date(2026, 11, 25)
SOURCE = "Source: Example Research (vendor blog), Mar 2020, ¶{n}"
REP_ONLY = ("verify", "years old", "Bias", "interest in the region", "¶1 ·")


def resolve(catalog, items, stale_after=3, **names):
    pitch = Pitch(items=items, **names)
    return talk.resolve_talk(pitch, catalog.claims, TODAY, factory.verify_rule(stale_after))


def make(catalog, items, stale_after=3, **names):
    return Presentation(io.BytesIO(deck.build_deck(resolve(catalog, items, stale_after, **names))))


def shape_texts(slide):
    """Every text shape on a slide that holds text, by name."""
    return {
        s.name: s.text_frame.text for s in slide.shapes if s.has_text_frame and s.text_frame.text
    }


def test_slides_in_order_with_their_text(catalog):
    prs = make(
        catalog,
        ("test-c2", Pair("test-c3", "test-c4"), "test-c6"),
        title="Testland for Acme",
        prospect="Acme Corp",
    )
    slides = list(prs.slides)
    assert len(slides) == 6
    assert shape_texts(slides[0]) == {
        deck.TITLE: "Testland for Acme",
        deck.BODY: "Prepared for Acme Corp\n25 Nov 2026",
    }
    assert shape_texts(slides[1]) == {
        deck.KICKER: "ALPHA CITY · INDUSTRY PRESENCE",
        deck.TITLE: "Firms Acme and Zenith.",
        deck.SOURCE_LINE: SOURCE.format(n=1),
        deck.SLIDE_NUMBER: "2",
    }
    assert shape_texts(slides[2]) == {
        deck.KICKER: "OBJECTION AND ANSWER",
        deck.OBJECTION: "Objection\nClaim test-c3 says something.",
        deck.OBJECTION_SOURCE: SOURCE.format(n=1),
        deck.ANSWER: "Answer\nClaim test-c4 says something.",
        deck.ANSWER_SOURCE: SOURCE.format(n=1),
        deck.SLIDE_NUMBER: "3",
    }
    assert shape_texts(slides[3])[deck.TITLE] == "Claim test-c6 says something."
    assert shape_texts(slides[3])[deck.SOURCE_LINE] == SOURCE.format(n=2)
    assert shape_texts(slides[4]) == {
        deck.KICKER: "SOURCES",
        deck.BODY: "A test source\n"
        "Example Research (then Old Example), 15 Mar 2020 · vendor blog\n"
        "https://example.test/report",
        deck.SLIDE_NUMBER: "5",
    }
    # Without a seller profile the deck closes plainly, linking nothing of the source's.
    assert shape_texts(slides[5]) == {
        deck.KICKER: "NEXT STEP",
        deck.BODY: "Contact your account team",
        deck.SLIDE_NUMBER: "6",
    }


def test_no_slide_shows_the_reps_checks_and_every_slide_has_notes(catalog):
    made = resolve(catalog, ("test-c1", Pair("test-c3", "test-c4"), "test-c6"))
    prs = Presentation(io.BytesIO(deck.build_deck(made)))
    for slide in prs.slides:
        visible = "\n".join(shape_texts(slide).values())
        for rep_only in REP_ONLY:
            assert rep_only not in visible
        assert slide.has_notes_slide
    notes = [s.notes_slide.notes_text_frame.text for s in prs.slides]
    screens = talk.make_screens(made)
    # The deck's sources slide (None) sits before the closing screen.
    order = (*screens[:-1], None, screens[-1])
    assert notes == [talk.write_notes(screen, made) for screen in order]
    assert notes[1].startswith("Example Research (then Old Example), 15 Mar 2020, ¶1 · as of")
    assert "verify before presenting" in notes[1]


def test_the_seller_opens_and_closes_the_deck_with_live_links(catalog):
    made = talk.with_closing(
        resolve(catalog, ("test-c1",), prospect="Acme"),
        talk.make_closing(
            factory.seller_profile(logo_bytes=factory.PNG_PIXEL), "https://insights.example", {}
        ),
    )
    prs = Presentation(io.BytesIO(deck.build_deck(made)))
    cover, closing = prs.slides[0], prs.slides[-1]
    assert shape_texts(cover)[deck.BODY] == "Prepared for Acme\nBy Northwind Cloud\n25 Nov 2026"
    assert any(shape.shape_type == 13 for shape in cover.shapes)  # the logo, a picture
    body = next(s for s in closing.shapes if s.name == deck.BODY).text_frame
    assert body.text.splitlines()[:2] == ["Northwind Cloud", "Book 30 minutes with us"]
    assert body.text.splitlines()[-3:] == [
        "Dana Ruiz, Account Executive",
        "dana@seller.example",
        "+1 555 0100",
    ]
    links = [r.hyperlink.address for p in body.paragraphs for r in p.runs if r.hyperlink.address]
    assert links == [
        "https://seller.example/book",
        "https://insights.example/request?kind=quote",
        "https://insights.example/request?kind=contact",
    ]


@pytest.mark.parametrize(("copy", "notes"), [(talk.Copy.REP, True), (talk.Copy.PROSPECT, False)])
def test_the_prospects_copy_has_no_notes_and_no_bias_anywhere(catalog, copy, notes):
    made = resolve(catalog, ("test-c1", Pair("test-c3", "test-c4")))
    prs = Presentation(io.BytesIO(deck.build_deck(made, copy=copy)))
    texts = [
        run.text
        for slide in prs.slides
        for shape in slide.shapes
        if shape.has_text_frame
        for p in shape.text_frame.paragraphs
        for run in p.runs
    ]
    noted = [s.has_notes_slide and s.notes_slide.notes_text_frame.text for s in prs.slides]
    assert all(noted) is notes
    assert not any(noted) if not notes else all(noted)
    bias = "Written by a vendor with an interest in the region."
    assert not any(bias in t for t in texts)
    assert any(bias in n for n in noted if n) is notes


def test_text_from_data_is_text_never_markup():
    data = factory.pack()
    hostile = "<a:r>**bold**</a:r> & =cmd|' /C calc'!A0"
    data["claims"][0]["text"] = hostile
    catalog = factory.catalog_of(data)
    prs = make(catalog, ("test-c1",), title="<b>Title</b> & co")
    assert shape_texts(prs.slides[0])[deck.TITLE] == "<b>Title</b> & co"
    assert shape_texts(prs.slides[1])[deck.TITLE] == hostile


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
        TODAY,
        factory.verify_rule(3),
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


def test_a_sources_call_to_action_is_never_the_decks():
    catalog = factory.catalog_of(factory.sales_pack())
    prs = make(catalog, ("alpha-firms",))
    assert [shape_texts(s).get(deck.KICKER) for s in prs.slides][-2:] == ["SOURCES", "NEXT STEP"]
    links = [
        r.hyperlink.address
        for slide in prs.slides
        for shape in slide.shapes
        if shape.has_text_frame
        for p in shape.text_frame.paragraphs
        for r in p.runs
        if r.hyperlink.address
    ]
    assert "https://example.test/chat" not in links


def test_an_empty_talk_is_a_cover_and_the_call(catalog):
    prs = make(catalog, ())
    assert [shape_texts(s).get(deck.KICKER) for s in prs.slides] == [None, "NEXT STEP"]


def test_theme_colours_and_font_come_from_the_config(catalog, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[theme]\nprimaryColor = "#123456"\nfont = "serif"\n', encoding="utf-8")
    look = theme.load_theme(config)
    assert (look.primary, look.font, look.text) == ("#123456", "DejaVu Serif", theme.Theme().text)
    prs = Presentation(io.BytesIO(deck.build_deck(resolve(catalog, ("test-c1",)), look)))
    kicker = next(s for s in prs.slides[1].shapes if s.name == deck.KICKER)
    run = kicker.text_frame.paragraphs[0].runs[0]
    assert (str(run.font.color.rgb), run.font.name) == ("123456", "DejaVu Serif")


def test_deck_properties(catalog):
    prs = make(catalog, ("test-c1",), title="T", prospect="Acme")
    props = prs.core_properties
    assert (props.title, props.subject, props.author) == (
        "T",
        "Prepared for Acme",
        "Region insights",
    )
    assert props.created == dt.datetime(2026, 11, 25)
    assert (prs.slide_width, prs.slide_height) == (deck.Pt(960), deck.Pt(540))


def long_pack():
    """A pack at the limits of its fields: the longest claims, title and URL a pack may hold."""
    data = factory.pack()
    words = "Guadalajara's nearshoring engineers, universities and partnerships grow steadily"
    data["claims"][0]["text"] = (words + " ") * 12 + "end."
    data["claims"][2]["text"] = ("Objection " + words + " ") * 8 + "end."
    data["claims"][3]["text"] = ("Answer " + words + " ") * 8 + "end."
    data["source"]["title"] = ("A long source title " * 10).strip()
    data["source"]["url"] = "https://example.test/" + "very-long-path-segment-" * 8
    data["call_to_action"]["prompt"] = ("Talk to us about the region " * 30).strip()
    return data


# Points per EMU: LibreOffice writes the PDF page in points, python-pptx boxes in EMU.
_PT = 12700


def words_inside(words, shape, size=None):
    # pdftotext boxes a word by the font's whole glyph box, a little taller than its line.
    size = size or max(r.font.size.pt for p in shape.text_frame.paragraphs for r in p.runs)
    slack = 2 + 0.2 * size
    left, top = shape.left / _PT - slack, shape.top / _PT - slack
    right = (shape.left + shape.width) / _PT + slack
    bottom = (shape.top + shape.height) / _PT + slack
    return [
        w
        for w in words
        if w.left >= left and w.right <= right and w.top >= top and w.bottom <= bottom
    ]


def figures_on_first_claim(data, figures):
    """The pack with these figures, every one resting on its first claim (the one pitched)."""
    return {**data, "figures": [{**f, "claim": data["claims"][0]["id"]} for f in figures]}


def long_figures():
    """Figures at the limits of their fields: a measure charted, and four listed."""
    label = ("Share of engineers trained in nearshoring partnerships " * 4).strip()[:200]
    period = ("the five years to the end of the second quarter " * 3).strip()
    charted = [
        factory.figure(
            f"long-{place}",
            place=place,
            value=value,
            unit="money",
            currency="USD",
            scale="billion",
            qualifier="could rise to more than",
            period=period,
        )
        for place, value in (("alpha", 987654321.5), ("beta", 12345), ("gamma", 1))
    ]
    listed = [
        factory.figure(
            f"long-list-{i}",
            measure=f"long-{i}",
            measure_label=label,
            value=123456789.25,
            unit="money",
            currency="USD",
            scale="billion",
            qualifier="more than",
            period=period,
        )
        for i in range(4)
    ]
    return charted + listed


def chart_labels(chart):
    """The number shown above each bar of a chart, as the deck wrote it."""
    series = chart.plots[0].series[0]
    return [series.points[i].data_label.text_frame.text for i in range(len(series.values))]


@pytest.mark.parametrize(
    "data",
    [
        factory.sales_pack(),
        long_pack(),
        figures_on_first_claim(factory.sales_pack(), factory.FIGURES),
        figures_on_first_claim(long_pack(), long_figures()),
    ],
    ids=["sales pack", "longest fields", "figures", "longest figures"],
)
def test_libreoffice_renders_every_slide_with_nothing_outside_its_box(tmp_path, data):
    catalog = factory.catalog_of(data)
    ids = tuple(catalog.claims["id"])
    pair = next(iter(catalog.responses.itertuples()), None)
    items = ids[:3] + ((Pair(pair.challenge, pair.remedy),) if pair else ())
    pitch = Pitch(items=items, title="T" * 120, prospect="P" * 80)
    made = talk.resolve_talk(pitch, catalog.claims, TODAY, factory.verify_rule(3), catalog.figures)
    assert len(made.figures) == len(data.get("figures", []))
    made = talk.with_closing(
        made,
        talk.make_closing(
            factory.seller_profile(), "https://insights.example", {"place": ["alpha"]}
        ),
    )
    path = tmp_path / "deck.pptx"
    path.write_bytes(deck.build_deck(made))
    pages = documents.pdf_words(documents.render_to_pdf(path, tmp_path))
    prs = Presentation(str(path))
    assert len(pages) == len(prs.slides)
    for number, (slide, words) in enumerate(zip(prs.slides, pages, strict=True), start=1):
        texts = [s for s in slide.shapes if s.has_text_frame and s.text_frame.text]
        placed = set()
        for shape in (s for s in slide.shapes if s.has_chart):
            # A chart's labels are LibreOffice's to place: each bar's number, drawn whole,
            # and its axis labels all inside the chart's frame.
            inside = words_inside(words, shape, size=16)
            placed |= {id(w) for w in inside}
            drawn = [w.text for w in inside]
            for label in chart_labels(shape.chart):
                # Word by word: a number broken across two lines would fail here.
                assert all(word in drawn for word in label.split()), (number, label, drawn)
        for shape in texts:
            inside = words_inside(words, shape)
            placed |= {id(w) for w in inside}
            # Every character of the shape's text is drawn inside the shape's own box.
            assert "".join(w.text for w in inside) == "".join(shape.text_frame.text.split()), (
                number,
                shape.name,
            )
        stray = [w.text for w in words if id(w) not in placed]
        assert stray == [], number


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
    catalog = frames.build_catalog([found])
    made = talk.resolve_talk(
        Pitch(items=("test-c1",), title=title, prospect=prospect),
        catalog.claims,
        TODAY,
        factory.verify_rule(3),
    )
    problem = deck.find_unexportable(made)
    if problem is not None:
        assert problem.startswith(("The title holds U+", "The prospect's name holds U+"))
        return
    prs = Presentation(io.BytesIO(deck.build_deck(made)))
    shown = shape_texts(prs.slides[1])[deck.TITLE]
    assert shown.split() == found.claims[0].text.split()


def resolve_figures(data, items):
    catalog = factory.catalog_of(data)
    pitch = Pitch(items=items)
    return talk.resolve_talk(pitch, catalog.claims, TODAY, factory.verify_rule(3), catalog.figures)


def test_figure_slides_come_after_the_points_and_before_the_sources_and_call():
    made = resolve_figures(factory.figures_pack(), ("test-c1", "test-c2", "test-c6"))
    prs = Presentation(io.BytesIO(deck.build_deck(made)))
    kickers = [shape_texts(s).get(deck.KICKER) for s in prs.slides]
    assert kickers[4:] == ["FIGURES", "FIGURES", "SOURCES", "NEXT STEP"]
    chart_slide, list_slide = list(prs.slides)[4:6]
    assert shape_texts(chart_slide) == {
        deck.KICKER: "FIGURES",
        deck.TITLE: "Tech specialists",
        deck.SUBTITLE: "2023",
        deck.FIGURE_SOURCE: SOURCE.format(n=1),
        deck.SLIDE_NUMBER: "5",
    }
    cards = [
        (s.text_frame.text, n.text_frame.text)
        for s, n in zip(
            [s for s in list_slide.shapes if s.name == deck.FIGURE],
            [s for s in list_slide.shapes if s.name == deck.FIGURE_SOURCE],
            strict=True,
        )
    ]
    assert cards == [
        (
            "USD 29 billion\nForeign direct investment, Alpha City, first half of 2023",
            SOURCE.format(n=2),
        ),
        ("42%\nGrowth of tech wages, Alpha City, the last five years", SOURCE.format(n=1)),
        (
            "no. 23\nRank among the metro areas of the Americas, Alpha City, period not stated",
            SOURCE.format(n=2),
        ),
        ("more than $20 billion\nExports, Alpha City, at publication", SOURCE.format(n=2)),
    ]


def test_a_measure_at_several_places_is_a_native_chart_with_each_number_as_read():
    made = resolve_figures(factory.figures_pack(), ("test-c1",))
    prs = Presentation(io.BytesIO(deck.build_deck(made)))
    (frame,) = [s for slide in prs.slides for s in slide.shapes if s.has_chart]
    assert frame.name == deck.CHART
    chart = frame.chart
    assert list(chart.plots[0].categories) == ["Alpha City", "Beta Land", "Gamma Bay"]
    assert list(chart.plots[0].series[0].values) == [300000.0, 240227.0, 120500.0]
    assert chart_labels(chart) == ["300,000", "240,227", "about 120,500"]
    assert (chart.has_legend, chart.value_axis.visible) == (False, False)
    fill = chart.plots[0].series[0].format.fill.fore_color.rgb
    assert f"#{fill}".lower() == theme.load_theme().primary


@pytest.mark.parametrize(
    ("items", "source"),
    [
        # Every bar on one source line: the line alone.
        (("test-c1",), [SOURCE.format(n=1)]),
        # Bars on different source lines: each line names its bars.
        (
            ("test-c1", "newer-c1"),
            [
                "Alpha City, Gamma Bay: " + SOURCE.format(n=1),
                "Beta Land: Source: Newer Analytics (vendor blog), May 2024, ¶1",
            ],
        ),
    ],
)
def test_a_charts_source_lines_say_which_bars_they_source(items, source):
    data = factory.figures_pack()
    data["figures"] = [f for f in data["figures"] if f["id"] != "fig-beta"]
    newer = factory.other_pack(
        figures=[factory.figure("newer-beta", claim="newer-c1", place="beta", value=5)],
        call_to_action=None,
    )
    catalog = factory.catalog_of(data, newer)
    pitch = Pitch(items=items)
    made = talk.resolve_talk(pitch, catalog.claims, TODAY, factory.verify_rule(3), catalog.figures)
    prs = Presentation(io.BytesIO(deck.build_deck(made)))
    chart_slide = next(s for s in prs.slides if any(x.has_chart for x in s.shapes))
    assert shape_texts(chart_slide)[deck.FIGURE_SOURCE].splitlines() == source


def test_figure_notes_cite_each_figure_and_slides_show_no_rep_checks():
    made = resolve_figures(factory.figures_pack(), ("test-c1", "test-c2", "test-c6"))
    prs = Presentation(io.BytesIO(deck.build_deck(made)))
    figure_slides = [s for s in prs.slides if shape_texts(s).get(deck.KICKER) == "FIGURES"]
    screens = talk.make_figure_slides(made.figures)
    for slide, screen in zip(figure_slides, screens, strict=True):
        visible = "\n".join(shape_texts(slide).values())
        for rep_only in REP_ONLY:
            assert rep_only not in visible
        assert slide.notes_slide.notes_text_frame.text == talk.write_notes(screen, made)
    assert figure_slides[0].notes_slide.notes_text_frame.text.splitlines()[0] == (
        "Tech specialists, Alpha City, 2023: 300,000. Example Research (then Old Example), "
        "15 Mar 2020, ¶1 · as of Mar 2020 — 6 years old: verify before presenting. "
        "Bias: Written by a vendor with an interest in the region."
    )


@pytest.mark.parametrize(
    ("data", "items"),
    [
        (factory.pack(), ("test-c1", "test-c2", "test-c6")),
        # Figures in the content, none on the points pitched.
        (factory.figures_pack(), ("test-c3", "test-c4")),
    ],
    ids=["no figures", "none pitched"],
)
def test_no_figure_no_figure_slide(data, items):
    prs = Presentation(io.BytesIO(deck.build_deck(resolve_figures(data, items))))
    assert "FIGURES" not in [shape_texts(s).get(deck.KICKER) for s in prs.slides]
    assert not any(s.has_chart for slide in prs.slides for s in slide.shapes)
