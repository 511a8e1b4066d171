"""The scorecard as a pitch carries it: the link, the slides, the deck, the PDF, the one-pager."""

from __future__ import annotations

import copy
import datetime as dt
import io

import pytest
from pptx import Presentation

from insights.content import load
from insights.outputs import deck, download, leavebehind, markdown
from insights.pitch import plan, talk
from insights.pitch.plan import Pitch
from insights.view import compare, facets, scorecard
from insights.view.selection import Selection
from tests import documents, factory
from tests.test_deck import words_inside
from tests.test_places import DATA

TODAY = dt.date(2026, 12, 6)
VOCAB = plan.PitchVocabulary(
    claims=frozenset({"a"}), pairs=frozenset(), sides=frozenset({"x", "y", "region:r"})
)


@pytest.mark.parametrize(
    ("params", "versus", "notices"),
    [
        ({"versus": ["x,y"]}, ("x", "y"), 0),
        ({"versus": ["x, region:r"], "pitch": ["a"]}, ("x", "region:r"), 0),
        ({"versus": ["x,x"]}, (), 1),
        ({"versus": ["x,<b>"]}, (), 1),
        ({"versus": ["x"]}, (), 1),
        ({"versus": ["x,y,z"]}, (), 1),
    ],
)
def test_a_pitch_link_carries_a_scorecard_of_two_known_sides(params, versus, notices):
    parsed = plan.parse_params(params, VOCAB)
    assert parsed.pitch.versus == versus
    assert len(parsed.notices) == notices
    assert all("<b>" not in n for n in parsed.notices)
    if versus:
        assert plan.to_params(parsed.pitch)["versus"] == [",".join(versus)]


def test_the_vocabulary_offers_places_with_claims_and_whole_regions(catalog):
    vocab = plan.make_vocabulary(catalog.claims, catalog.responses)
    assert vocab.sides == {"alpha", "beta", "gamma", "region:testland"}


@pytest.fixture(scope="module")
def shipped():
    return load.load_packs(DATA)


@pytest.fixture(scope="module")
def carried(shipped):
    """A pitch of two points carrying Guadalajara against Mexico City."""
    vocab = facets.make_vocabulary(shipped)
    card = compare.make_pitch_scorecard(shipped, vocab, Selection(), ("guadalajara", "mexico-city"))
    assert card is not None
    made = talk.resolve_talk(
        Pitch("Nearshore", "Acme", ("gdl-it-companies", "cdmx-tech-specialists")),
        shipped.claims,
        TODAY,
        factory.verify_rule(),
    )
    return talk.with_scorecard(made, card)


def test_the_scorecard_comes_after_the_points_as_slides_of_a_few_rows(carried):
    screens = talk.make_screens(carried)
    slides = [s for s in screens if isinstance(s, talk.ScorecardSlide)]
    assert [len(s.lines) for s in slides] == [3, 2, 2]
    assert [s.title for s in slides] == [
        f"Scorecard: Guadalajara and Mexico City ({n} of 3)" for n in (1, 2, 3)
    ]
    assert screens.index(slides[0]) == 3  # cover, two points, then the scorecard
    notes = talk.write_notes(slides[2], carried)
    assert "Risks: shared by both: " in notes
    assert "(Mexico Business News, 3 May 2024, ¶1)" in notes


def test_a_compact_cell_quotes_figures_names_companies_and_counts_claims():
    entries = (
        scorecard.Entry(
            "figure", "f", "Tech specialists (X, 2023): 300", "Pub, 2023, ¶2", "2023", "c"
        ),
        scorecard.Entry("companies", "c", "X: HP, IBM", "Pub, 2023, ¶3", "2023", "c"),
        scorecard.Entry("companies", "d", "X: IBM, Intel", "Other, 2019, ¶1", "2019", "d"),
        scorecard.Entry("claim", "e", "A claim.", "Other, 2019, ¶4", "2019", "e"),
    )
    lines, sources = scorecard.compact_cell(entries)
    assert lines == ("Tech specialists (X, 2023): 300", "HP, IBM, Intel", "1 claim in the sources")
    assert sources == "Sources: Pub, 2023; Other, 2019"
    assert scorecard.compact_cell(entries, claims=1)[0][-1] == "A claim."
    assert scorecard.compact_cell(()) == ((scorecard.NO_SOURCE,), "")


def test_the_deck_draws_the_scorecard_with_nothing_outside_its_boxes(tmp_path, carried):
    path = tmp_path / "deck.pptx"
    path.write_bytes(deck.build_deck(carried))
    prs = Presentation(str(path))
    cells = [
        s.text_frame.text for slide in prs.slides for s in slide.shapes if s.name == deck.SCORE_CELL
    ]
    assert (
        "Guadalajara: 5 public + several private\nSources: Aptum (then Cogeco Peer 1), 20 Dec 2017"
        in cells
    )
    assert cells.count(scorecard.NO_SOURCE) >= 3
    pages = documents.pdf_words(documents.render_to_pdf(path, tmp_path))
    for number, (slide, words) in enumerate(zip(prs.slides, pages, strict=True), start=1):
        for shape in slide.shapes:
            if shape.name not in (deck.SCORE_CELL, deck.SCORE_ROW) or not shape.text_frame.text:
                continue
            inside = words_inside(words, shape)
            # Every character inside the cell's own box (small lines may be read out of order).
            drawn = sorted("".join(w.text for w in inside))
            assert drawn == sorted("".join(shape.text_frame.text.split())), (
                number,
                shape.text_frame.text,
            )


def test_the_pdf_and_the_one_pager_hold_every_cell_cited(tmp_path, carried):
    path = tmp_path / "leave.pdf"
    path.write_bytes(leavebehind.build_pdf(carried))
    text = " ".join(" ".join(documents.pdf_text(path)).split())
    assert "Scorecard" in text
    assert "no source" in text
    # A table's cells are read across the row: a cell's words, each where pdftotext meets it.
    assert "Guadalajara: 5 public + several" in text
    one_pager = markdown.to_markdown(carried)
    assert "## Scorecard: Guadalajara and Mexico City" in one_pager
    assert "- Both:" in one_pager
    # The points come first, with their own heading.
    assert one_pager.index("## Talking points") < one_pager.index("## Scorecard")


def test_a_download_link_carries_the_scorecard(shipped):
    params = {"pitch": ["gdl-it-companies"], "versus": ["guadalajara,mexico-city"]}
    got = download.build_download(
        "pptx", params, shipped, TODAY, rule=factory.verify_rule(catalog=shipped)
    )
    assert isinstance(got, download.Download)
    prs = Presentation(io.BytesIO(got.body))
    names = {s.name for slide in prs.slides for s in slide.shapes}
    assert deck.SCORE_CELL in names
    refused = download.build_download(
        "pptx",
        {"versus": ["guadalajara,atlantis"]},
        shipped,
        TODAY,
        rule=factory.verify_rule(catalog=shipped),
    )
    assert isinstance(refused, download.Refusal)
    assert "atlantis" not in refused.message


def test_a_scorecard_on_made_up_content_fills_its_rows_from_figures_entities_and_claims():
    data = factory.pack()
    data["claims"] += [
        factory.claim("test-c7", place="beta", text="Engineers in Beta Land earn rising wages."),
        factory.claim("test-c8", place="alpha", stance="challenge", theme="stability"),
    ]
    data["figures"] = [
        factory.figure("f-grads", claim="test-c1", measure="tech-graduates", measure_label="Grads"),
        factory.figure(
            "f-wage",
            claim="test-c7",
            place="beta",
            measure="wage-growth",
            measure_label="Wage growth",
            unit="percent",
            value=42,
        ),
    ]
    data["companies"] = [
        *copy.deepcopy(data["companies"]),
        {"name": "Acme Corporation", "known_as": "Acme", "place": "beta", "claim": "test-c6"},
    ]
    catalog = factory.catalog_of(data)
    vocab = facets.make_vocabulary(catalog)
    made = compare.compare_keys(catalog, vocab, Selection(), "alpha", "beta")
    card = {line.spec.key: line for line in made.full_card().lines}
    assert [e.id for e in card["graduates"].left] == ["f-grads"]
    assert card["graduates"].right == ()
    assert [e.id for e in card["pay"].right] == ["f-wage"]  # its claim is cited by the figure
    assert card["universities"].left[0].text == "Alpha City: 3 public + a few private"
    assert [e.text for e in card["companies"].right] == ["Beta Land: Acme"]
    assert [e.id for e in card["local-risks"].left] == ["test-c8"]
    assert [e.id for e in card["local-risks"].right] == ["test-c3"]
    assert card["shared-risks"].left == ()
    # A page's scorecard keeps a cell's first entries and says how many there are.
    page = compare.compare_keys(catalog, vocab, Selection(), "alpha", "beta")
    cut = scorecard.make_scorecard(*page.facts, limit=1)
    workforce = next(line for line in cut.lines if line.spec.key == "workforce")
    assert len(workforce.left) <= 1
    assert workforce.left_total >= len(workforce.left)
