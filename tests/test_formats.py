import datetime as dt
import io
import json

import pandas as pd
import pytest
from pptx import Presentation

from insights.outputs import formats
from insights.pitch import talk
from insights.pitch.plan import Pair, Pitch
from tests import documents, factory


def build_all(data, items):
    catalog = factory.catalog_of(data)
    made = talk.resolve_talk(
        Pitch(items=items),
        catalog.claims,
        catalog.calls,
        dt.date(2026, 11, 25),
        figures=catalog.figures,
    )
    return {f.name: f.build_pitch(made, catalog.claims) for f in formats.FORMATS}


def test_every_format_builds_its_file():
    files = build_all(factory.pack(), ("test-c1", Pair("test-c3", "test-c4")))
    assert list(files) == ["pptx", "pdf", "md", "csv", "json"]
    assert len(Presentation(io.BytesIO(files["pptx"])).slides) == 5
    assert files["pdf"].startswith(b"%PDF-")
    assert files["md"].decode("utf-8").startswith("# Testland: talking points\n")
    assert files["csv"].decode("utf-8").splitlines()[0].startswith('"position","role","id",')
    assert [r["id"] for r in json.loads(files["json"])] == ["test-c1", "test-c3", "test-c4"]


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


@pytest.mark.parametrize(
    ("title", "prospect", "name"),
    [
        ("Mexico: talking points", "Acme", "mexico-talking-points-acme.pptx"),
        ("Ñandú & Co / ../../etc", "", "nandu-co-etc.pptx"),
        ("¿?", "", "pitch.pptx"),
        ("x" * 100, "", "x" * 60 + ".pptx"),
    ],
)
def test_file_name_is_plain(catalog, title, prospect, name):
    pitch = Pitch(items=("test-c1",), title=title, prospect=prospect)
    made = talk.resolve_talk(pitch, catalog.claims, catalog.calls, dt.date(2026, 11, 25))
    assert formats.make_file_name(made, "pptx") == name
