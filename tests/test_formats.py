import datetime as dt
import html
import io
import json
import re

import pandas as pd
import pytest
from markdown_it import MarkdownIt
from pptx import Presentation

from insights.outputs import formats
from insights.pitch import plan, talk
from insights.pitch.plan import OwnAnswer, Pair, Pitch
from tests import documents, factory


def build_all(data, items, copy=talk.Copy.REP):
    catalog = factory.catalog_of(data)
    made = talk.resolve_talk(
        Pitch(items=items),
        catalog.claims,
        dt.date(2026, 11, 25),
        factory.verify_rule(),
        figures=catalog.figures,
    )
    return {f.name: f.build_pitch(made, catalog.claims, copy) for f in formats.FORMATS}


def test_every_format_builds_its_file():
    files = build_all(factory.pack(), ("test-c1", Pair("test-c3", "test-c4")))
    assert list(files) == ["pptx", "pdf", "md", "csv", "json"]
    assert len(Presentation(io.BytesIO(files["pptx"])).slides) == 5
    assert files["pdf"].startswith(b"%PDF-")
    assert files["md"].decode("utf-8").startswith("# Testland: talking points\n")
    assert files["csv"].decode("utf-8").splitlines()[0].startswith('"position","role","id",')
    assert [r["id"] for r in json.loads(files["json"])] == ["test-c1", "test-c3", "test-c4"]


@pytest.mark.parametrize(
    ("copy", "rep_only"), [(talk.Copy.REP, {"bias", "age", "verify"}), (talk.Copy.PROSPECT, set())]
)
def test_the_prospects_data_holds_nothing_only_the_rep_weighs(copy, rep_only):
    files = build_all(factory.figures_pack(), ("test-c1",), copy)
    header = pd.read_csv(io.BytesIO(files["csv"]), keep_default_na=False).columns
    assert {"bias", "age", "verify"} & set(header) == rep_only
    (row,) = json.loads(files["json"])
    assert {"bias", "age", "verify"} & set(row) == rep_only
    assert all({"age", "verify"} & set(f) == rep_only - {"bias"} for f in row["figures"])


def deck_text(raw, tmp_path):
    slides = Presentation(io.BytesIO(raw)).slides
    return "\n".join(
        s.text_frame.text for slide in slides for s in slide.shapes if s.has_text_frame
    )


def pdf_text(raw, tmp_path):
    path = tmp_path / "pitch.pdf"
    path.write_bytes(raw)
    return " ".join(" ".join(documents.pdf_text(path)).split())


def csv_figures(raw, tmp_path):
    return " ".join(pd.read_csv(io.BytesIO(raw), keep_default_na=False)["figures"])


def json_figures(raw, tmp_path):
    return " ".join(f["figure"] for r in json.loads(raw) for f in r["figures"])


# Where each format carries the figures resting on the pitch, read back as text.
FIGURE_READERS = {
    "pptx": deck_text,
    "pdf": pdf_text,
    "md": lambda raw, tmp_path: raw.decode("utf-8"),
    "csv": csv_figures,
    "json": json_figures,
}


def test_the_figure_readers_cover_every_format():
    assert list(FIGURE_READERS) == list(formats.BY_NAME)


@pytest.mark.parametrize("fmt", list(FIGURE_READERS))
def test_every_format_carries_the_figures_of_the_pitch(tmp_path, fmt):
    read = FIGURE_READERS[fmt]
    with_figures = read(build_all(factory.figures_pack(), ("test-c2",))[fmt], tmp_path)
    without = read(build_all(factory.pack(), ("test-c2",))[fmt], tmp_path)
    for shown in ("USD 29 billion", "42%"):
        assert shown in with_figures
        assert shown not in without


def test_only_table_formats_carry_any_table(catalog):
    assert [f.name for f in formats.TABLE_FORMATS] == ["csv", "json"]
    for fmt in formats.TABLE_FORMATS:
        assert fmt.build_table is not None
        assert fmt.build_table(catalog.claims.head(1)[["id"]])


def test_names_are_unique_and_suffix_safe():
    assert list(formats.BY_NAME) == [f.name for f in formats.FORMATS]
    assert all(f.name.isalnum() and f.name.islower() for f in formats.FORMATS)


HOSTILE_SELLER = {
    "company": "<b>Evil</b> [click](https://evil.test) www.evil.test *x*",
    "call_to_action": "#set page(fill: red) <script>alert(1)</script> `raw` $x$",
    "rep": {"name": "Dana <img src=x> https://evil.test/login", "email": "dana@seller.example"},
}


def test_a_hostile_profile_is_text_in_every_format(tmp_path):
    catalog = factory.catalog_of(factory.pack())
    made = talk.with_closing(
        talk.resolve_talk(
            Pitch(items=("test-c1",)), catalog.claims, dt.date(2026, 11, 25), factory.verify_rule()
        ),
        talk.make_closing(factory.seller_profile(**HOSTILE_SELLER)),
    )
    files = {
        f.name: f.build_pitch(made, catalog.claims, talk.Copy.PROSPECT) for f in formats.FORMATS
    }
    # The deck: the company and the rep's line as written, no hyperlink but none at all.
    deck_links = [
        r.hyperlink.address
        for slide in Presentation(io.BytesIO(files["pptx"])).slides
        for shape in slide.shapes
        if shape.has_text_frame
        for p in shape.text_frame.paragraphs
        for r in p.runs
        if r.hyperlink.address
    ]
    assert deck_links == ["https://example.test/report", "https://seller.example/book"]
    assert HOSTILE_SELLER["company"] in deck_text(files["pptx"], tmp_path)
    # The PDF: the text as written, the page not turned red by Typst markup.
    assert "<b>Evil</b> [click](https://evil.test)" in pdf_text(files["pdf"], tmp_path)
    # The one-pager, rendered as a reader's mail client would: no link, no tag, no emphasis.
    from markdown_it import MarkdownIt

    html = MarkdownIt("gfm-like").render(files["md"].decode("utf-8"))
    hrefs = re.findall(r'href="([^"]*)"', html.split("Next step")[1])
    assert hrefs == ["https://seller.example/book"]
    assert "<script>" not in html
    assert "<b>Evil</b>" not in html


@pytest.mark.parametrize(
    ("title", "prospect", "copy", "name"),
    [
        ("Mexico: talking points", "Acme", talk.Copy.PROSPECT, "mexico-talking-points-acme.pptx"),
        ("Mexico: talking points", "Acme", talk.Copy.REP, "mexico-talking-points-acme-notes.pptx"),
        ("Ñandú & Co / ../../etc", "", talk.Copy.PROSPECT, "nandu-co-etc.pptx"),
        ("¿?", "", talk.Copy.PROSPECT, "pitch.pptx"),
        ("x" * 100, "", talk.Copy.PROSPECT, "x" * 60 + ".pptx"),
    ],
)
def test_file_name_is_plain(catalog, title, prospect, copy, name):
    pitch = Pitch(items=("test-c1",), title=title, prospect=prospect)
    made = talk.resolve_talk(pitch, catalog.claims, dt.date(2026, 11, 25), factory.verify_rule())
    assert formats.make_file_name(made, "pptx", copy) == name


# The rep's own words: an objection answered by the seller, a note on a point and on the cover.
OWN_ANSWER = "We run our own generators & 48 h of fuel on site (*always*)."
POINT_NOTE = "Ask about their <b>Q3</b> rollout first."
COVER_NOTE = "Open with their expansion news."


def own_words_files(tmp_path, copy):
    """Every format of a pitch holding an objection answered in our words, with two notes."""
    catalog = factory.catalog_of(factory.pack())
    pitch = Pitch(items=("test-c1", OwnAnswer("test-c5", OWN_ANSWER)))
    pitch = plan.set_note(plan.set_note(pitch, "test-c1", POINT_NOTE), plan.COVER_KEY, COVER_NOTE)
    made = talk.resolve_talk(pitch, catalog.claims, dt.date(2026, 11, 25), factory.verify_rule())
    files = {f.name: f.build_pitch(made, catalog.claims, copy) for f in formats.FORMATS}
    (tmp_path / "pitch.pdf").write_bytes(files["pdf"])
    return files, "\n".join(documents.pdf_text(tmp_path / "pitch.pdf"))


def deck_texts(data):
    prs = Presentation(io.BytesIO(data))
    shapes = [
        {s.name: s.text_frame.text for s in sl.shapes if s.has_text_frame} for sl in prs.slides
    ]
    notes = [
        sl.notes_slide.notes_text_frame.text if sl.has_notes_slide else "" for sl in prs.slides
    ]
    return shapes, notes


@pytest.mark.parametrize("copy", list(talk.Copy))
def test_our_answer_is_the_sellers_with_no_source_line_in_every_format(tmp_path, copy):
    files, pdf = own_words_files(tmp_path, copy)
    shapes, _ = deck_texts(files["pptx"])
    pair = shapes[2]
    assert pair["Answer"] == f"Our answer\n{OWN_ANSWER}"
    assert pair["Own words"] == "In our own words"
    assert "Source line: answer" not in pair
    assert pair["Source line: objection"].startswith("Source: ")
    md = files["md"].decode("utf-8")
    answer_line = next(line for line in md.splitlines() if "**Our answer:**" in line)
    # Literal in Markdown: its markup escaped, and the next line says whose words they are.
    assert "\\*always\\*" in answer_line
    after = md.splitlines()[md.splitlines().index(answer_line) + 1]
    assert after == "   *In our own words*"
    assert "Our answer" in pdf
    assert "In our own words" in pdf
    assert "We run our own generators & 48 h of fuel on site (*always*)." in " ".join(pdf.split())
    rows = json.loads(files["json"])
    ours = [r for r in rows if r["role"] == "our answer"]
    assert [(r["said_by"], r["text"], r["id"], r["citation"], r["url"]) for r in ours] == [
        ("seller", OWN_ANSWER, "", None, None)
    ]
    csv_text = files["csv"].decode("utf-8")
    assert '"our answer","","' in csv_text


@pytest.mark.parametrize(
    ("copy", "has_notes"), [(talk.Copy.REP, True), (talk.Copy.PROSPECT, False)]
)
def test_our_notes_are_in_the_reps_copy_only(tmp_path, copy, has_notes):
    files, pdf = own_words_files(tmp_path, copy)
    _, notes = deck_texts(files["pptx"])
    if has_notes:
        assert notes[0].startswith(f"Our note: {COVER_NOTE}\n")
        assert notes[1].startswith(f"Our note: {POINT_NOTE}\n")
        assert notes[2].endswith("Our answer: in our own words; no source stands behind it.")
    else:
        assert notes == ["", "", "", "", ""]
    for text in (
        files["md"].decode("utf-8"),
        pdf,
        files["csv"].decode("utf-8"),
        files["json"].decode("utf-8"),
    ):
        flat = " ".join(text.split())
        assert ("Q3" in flat) is has_notes
    if has_notes:
        md = files["md"].decode("utf-8")
        assert "*Our note (for you, not the prospect):* Ask about their \\<b>Q3\\</b> rollout" in md
        rows = json.loads(files["json"])
        assert [r["our_note"] for r in rows] == [POINT_NOTE, "", ""]
    else:
        assert "our_note" not in json.loads(files["json"])[0]


# Markup of every kind an output could read: Markdown, HTML, Typst (code, math, a label).
MARKUP_ANSWERS = (
    "# Heading [link](x) **bold** <script>alert(1)</script>",
    '#set text(fill: red) $x^2$ <label> @ref #link("x")[y] \\ \\',
)


@pytest.mark.parametrize("answer", MARKUP_ANSWERS)
def test_markup_typed_as_our_answer_is_literal_text_in_every_output(tmp_path, answer):
    catalog = factory.catalog_of(factory.pack())
    pitch = Pitch(items=(plan.make_own_answer("test-c5", answer),))
    # The same text as our note on the answer: literal in the rep's copy too.
    pitch = plan.set_note(pitch, "test-c5>*", answer)
    made = talk.resolve_talk(pitch, catalog.claims, dt.date(2026, 11, 25), factory.verify_rule())
    files = {f.name: f.build_pitch(made, catalog.claims, talk.Copy.REP) for f in formats.FORMATS}
    shapes, notes = deck_texts(files["pptx"])
    assert shapes[1]["Answer"] == f"Our answer\n{answer}"
    assert notes[1].startswith(f"Our note: {answer}\n")
    (tmp_path / "p.pdf").write_bytes(files["pdf"])
    pdf = " ".join(" ".join(documents.pdf_text(tmp_path / "p.pdf")).split())
    assert pdf.count(" ".join(answer.split())) == 2
    rows = json.loads(files["json"])
    assert [r["text"] for r in rows if r["role"] == "our answer"] == [answer]
    assert [r["our_note"] for r in rows] == [answer, ""]
    md = files["md"].decode("utf-8")
    rendered = MarkdownIt("commonmark").render(md)
    # Rendered, the answer and the note read as exactly the characters typed (less the
    # invisible word joiner that keeps "@" from linking): nothing became a tag or a link.
    assert rendered.replace("\u2060", "").count(html.escape(answer)) == 2
