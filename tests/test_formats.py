import datetime as dt
import io
import json
import re

import pandas as pd
import pytest
from pptx import Presentation

from insights.outputs import formats
from insights.pitch import talk
from insights.pitch.plan import Pair, Pitch
from tests import documents, factory


def build_all(data, items, copy=talk.Copy.REP):
    catalog = factory.catalog_of(data)
    made = talk.resolve_talk(
        Pitch(items=items),
        catalog.claims,
        dt.date(2026, 11, 25),
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
        talk.resolve_talk(Pitch(items=("test-c1",)), catalog.claims, dt.date(2026, 11, 25)),
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
    made = talk.resolve_talk(pitch, catalog.claims, dt.date(2026, 11, 25))
    assert formats.make_file_name(made, "pptx", copy) == name
