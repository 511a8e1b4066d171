import datetime as dt
import io
import json

from pptx import Presentation

from insights import formats, talk
from insights.pitch import Pair, Pitch


def test_every_format_builds_its_file(catalog):
    made = talk.resolve_talk(
        Pitch(items=("test-c1", Pair("test-c3", "test-c4"))),
        catalog.claims,
        catalog.calls,
        dt.date(2026, 11, 25),
    )
    files = {f.name: f.build_pitch(made, catalog.claims) for f in formats.FORMATS}
    assert list(files) == ["pptx", "pdf", "md", "csv", "json"]
    assert len(Presentation(io.BytesIO(files["pptx"])).slides) == 5
    assert files["pdf"].startswith(b"%PDF-")
    assert files["md"].decode("utf-8").startswith("# Testland: talking points\n")
    assert files["csv"].decode("utf-8").splitlines()[0].startswith('"position","role","id",')
    assert [r["id"] for r in json.loads(files["json"])] == ["test-c1", "test-c3", "test-c4"]


def test_only_table_formats_carry_any_table(catalog):
    assert [f.name for f in formats.TABLE_FORMATS] == ["csv", "json"]
    for fmt in formats.TABLE_FORMATS:
        assert fmt.build_table is not None
        assert fmt.build_table(catalog.claims.head(1)[["id"]])


def test_names_are_unique_and_suffix_safe():
    assert list(formats.BY_NAME) == [f.name for f in formats.FORMATS]
    assert all(f.name.isalnum() and f.name.islower() for f in formats.FORMATS)
