import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml
from pptx import Presentation

from insights import cli, settings
from insights.content import load
from insights.content.text import count_noun
from insights.outputs import deck
from insights.pitch import plan, talk
from insights.pitch.plan import Pair, Pitch
from insights.quotes import library, store
from insights.quotes.people import THIS_MACHINE
from tests import documents, factory


@pytest.mark.parametrize(
    ("files", "code", "lines"),
    [
        ({"a.yaml": factory.pack()}, 0, ["ok: 1 pack, 6 claims in {dir}"]),
        (
            {"a.yaml": factory.pack(), "b.yaml": {**factory.pack("b-pack"), "region": "x"}},
            1,
            [
                "{dir}/b.yaml: region: Input should be a valid dictionary or instance of Region",
                "1 problem; 1 valid pack",
            ],
        ),
        (
            {"a.yaml": "id: [", "b.yaml": "- 1"},
            1,
            [
                "{dir}/a.yaml: line 1: not valid YAML: did not find expected node content",
                "{dir}/b.yaml: expected a mapping of fields at the top level",
                "2 problems; 0 valid packs",
            ],
        ),
    ],
)
def test_validate_lists_every_problem(tmp_path, files, code, lines):
    for name, data in files.items():
        factory.write_pack(tmp_path, data, name)
    out = io.StringIO()
    assert cli.main(["validate", str(tmp_path)], out) == code
    assert out.getvalue().splitlines() == [line.format(dir=tmp_path) for line in lines]


@pytest.mark.parametrize(
    ("value", "code", "lines"),
    [
        (
            300000,
            0,
            ["ok: 1 pack, 6 claims, 1 figure found in their sources' paragraphs in {dir}"],
        ),
        (
            1400,
            1,
            [
                "{dir}/a.yaml: figures[0].value: 1,400 is not in paragraph 1 of 01-example.txt",
                "1 problem; 1 valid pack",
            ],
        ),
    ],
)
def test_validate_with_sources_finds_each_figure_in_its_paragraph(tmp_path, value, code, lines):
    data = tmp_path / "data"
    factory.write_pack(data, factory.pack(figures=[factory.figure("f1", value=value)]), "a.yaml")
    sources = factory.write_source_text(tmp_path / "sources").parent
    out = io.StringIO()
    assert cli.main(["validate", str(data), "--sources", str(sources)], out) == code
    assert out.getvalue().splitlines() == [line.format(dir=data) for line in lines]


def test_validate_with_a_missing_sources_folder_says_so(tmp_path):
    factory.write_pack(tmp_path / "data", factory.pack(), "a.yaml")
    out = io.StringIO()
    assert (
        cli.main(["validate", str(tmp_path / "data"), "--sources", str(tmp_path / "no")], out) == 1
    )
    assert out.getvalue().splitlines()[0] == f"{tmp_path / 'no'}: no such folder"


def test_module_entry_point_runs(tmp_path):
    factory.write_pack(tmp_path, factory.pack())
    done = subprocess.run(
        [sys.executable, "-m", "insights", "validate", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout.strip()) == (0, f"ok: 1 pack, 6 claims in {tmp_path}")


ARTICLE = Path(__file__).resolve().parent / "fixtures" / "articles" / "testville.txt"
INGEST = ["--region", "Testville", "--lat", "0", "--lon", "0"]


def test_validate_passes_a_draft_and_says_what_is_left(tmp_path):
    out = io.StringIO()
    assert cli.main(["ingest", str(ARTICLE), *INGEST, "-o", str(tmp_path / "t.yaml")], out) == 0
    out = io.StringIO()
    assert cli.main(["validate", str(tmp_path)], out) == 0
    lines = out.getvalue().splitlines()
    assert lines[0] == f"{tmp_path}/t.yaml: draft, to review before publishing:"
    assert (
        "  claims[testville-p3-s1].text: still word for word from the article (¶3); paraphrase "
        "it before publishing (blocks publishing)" in lines
    )
    assert lines[-1] == f"ok: 1 pack (1 draft), 5 claims in {tmp_path}"


@pytest.mark.parametrize(
    ("content", "extra", "code", "message"),
    [
        (
            None,
            [],
            0,
            "draft: 5 proposed claims from 6 paragraphs written to {out}; "
            "review it, then run validate",
        ),
        (b"", [], 1, "error: {article}: is empty: there is no article to read"),
        (b"\x00\x01binary", [], 1, "error: {article}: not a text file (it holds binary data)"),
        (
            b"Testville is home to many software companies today.",
            [],
            1,
            "error: {article}: date: the article states no date; give the date it was published",
        ),
        (
            b"Testville is home to many software companies today.",
            ["--date", "2024-01-02", "--url", "https://example.test/a", "--publisher", "P"],
            0,
            "draft: 1 proposed claim from 1 paragraph written to {out}; "
            "review it, then run validate",
        ),
    ],
)
def test_ingest_writes_a_draft_or_says_why_not(tmp_path, content, extra, code, message):
    article = ARTICLE
    if content is not None:
        article = tmp_path / "article.txt"
        article.write_bytes(content)
    target = tmp_path / "out" / "draft.yaml"
    target.parent.mkdir()
    out = io.StringIO()
    assert cli.main(["ingest", str(article), *INGEST, *extra, "-o", str(target)], out) == code
    assert out.getvalue().strip() == message.format(article=article, out=target)
    assert target.exists() is (code == 0)
    if code == 0:
        assert cli.main(["validate", str(target.parent)], io.StringIO()) == 0


@pytest.mark.parametrize(
    ("region", "place"),
    [
        ("Brazil", ("brazil", "country", -10.0, -55.0)),
        ("Latin America", ("latin-america", "region", 1.5492, -73.625)),
        ("Jalisco", ("jalisco", "region", 20.3333, -103.6667)),
        ("Bogota", ("bogota", "city", 4.6097, -74.0817)),
    ],
)
def test_ingest_knows_countries_regions_divisions_and_cities(tmp_path, region, place):
    article = tmp_path / "a.txt"
    article.write_text(f"{region} is home to many software companies today.", encoding="utf-8")
    target = tmp_path / "d.yaml"
    args = ["ingest", str(article), "--region", region, "--date", "2024-01-02"]
    out = io.StringIO()
    assert cli.main([*args, "--data", str(tmp_path / "none"), "-o", str(target)], out) == 0
    draft = yaml.safe_load(target.read_text(encoding="utf-8"))
    first = draft["places"][0]
    assert (first["id"], first["kind"], first["lat"], first["lon"]) == place


def test_ingest_never_overwrites_without_force(tmp_path):
    target = factory.write_pack(tmp_path, factory.pack(), "taken.yaml")
    out = io.StringIO()
    assert cli.main(["ingest", str(ARTICLE), *INGEST, "-o", str(target)], out) == 1
    assert out.getvalue().strip() == f"error: {target}: already exists; pass --force to replace it"
    assert cli.main(["ingest", str(ARTICLE), *INGEST, "-o", str(target), "--force"], out) == 0


def test_module_entry_point_ingests_an_html_article(tmp_path):
    # End to end in a fresh interpreter, as a content editor runs it: HTML goes through
    # trafilatura, so a dependency missing from requirements.txt (lxml_html_clean) fails here.
    article = ARTICLE.with_suffix(".html")
    target = tmp_path / "x.yaml"
    done = subprocess.run(
        [
            *(sys.executable, "-m", "insights", "ingest", str(article)),
            *("--region", "Mexico", "--date", "2024-01-01", "-o", str(target)),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    assert done.stdout.startswith("draft: 4 proposed claims from 5 paragraphs")
    draft = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert draft["source"]["title"] == "Testville report"  # from the page's metadata
    paragraphs = [p["text"] for p in draft["source"]["paragraphs"]]
    assert "Weak regulation is a risk for investors in Testville." in paragraphs
    # The main text only: no navigation, no script.
    assert not any("Home |" in p or "script" in p.lower() for p in paragraphs)
    assert cli.main(["validate", str(tmp_path)], io.StringIO()) == 0


def reviewed_draft(tmp_path: Path, gists: dict[int, str]) -> Path:
    """The test article's draft with every claim paraphrased and the source filled in."""
    target = tmp_path / "t.yaml"
    extra = ["--publisher", "P", "--url", "https://example.test/a", "--bias", "Made up."]
    args = [*INGEST, *extra, "-o", str(target)]
    assert cli.main(["ingest", str(ARTICLE), *args], io.StringIO()) == 0
    draft = yaml.safe_load(target.read_text(encoding="utf-8"))
    for claim in draft["claims"]:
        claim["text"] = factory.TESTVILLE_PARAPHRASES[claim["id"]]
    for paragraph in draft["source"]["paragraphs"]:
        paragraph["gist"] = gists.get(paragraph["number"], paragraph["gist"])
    target.write_text(yaml.safe_dump(draft, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return target


@pytest.mark.parametrize(
    ("gists", "code", "lines"),
    [
        (
            {},
            1,
            [
                "error: {file}: not published; fix these first:",
                "  source.paragraphs: 5 gists still to summarise in our own words "
                "(¶1, ¶3, ¶4, ¶5, ¶6)",
            ],
        ),
        (
            {n: g for n, g in factory.TESTVILLE_GISTS.items() if n != 3},
            1,
            [
                "error: {file}: not published; fix these first:",
                "  source.paragraphs: 1 gist still to summarise in our own words (¶3)",
            ],
        ),
        (factory.TESTVILLE_GISTS, 0, ["published: 5 claims, 0 figures written to {file}"]),
    ],
)
def test_publish_refuses_a_draft_with_placeholder_gists(tmp_path, gists, code, lines):
    target = reviewed_draft(tmp_path, gists)
    before = target.read_text(encoding="utf-8")
    out = io.StringIO()
    assert cli.main(["publish", str(target)], out) == code
    assert out.getvalue().splitlines() == [line.format(file=target) for line in lines]
    after = target.read_text(encoding="utf-8")
    assert (after == before) is (code == 1)
    if code == 0:
        assert "status: published" in after
        assert cli.main(["validate", str(tmp_path)], io.StringIO()) == 0


FIGUREVILLE = ARTICLE.with_name("figureville.txt")


@pytest.mark.parametrize(
    ("dropped", "lines", "figures"),
    [
        (
            set(),
            ["published: 3 claims, 4 figures written to {file}"],
            factory.FIGUREVILLE_FIGURES,
        ),
        (
            {"figureville-p4-s1"},
            [
                "published: 2 claims, 2 figures written to {file}",
                "note: 'US$45 million' (figureville-p4-s1, ¶4): its claim figureville-p4-s1 is "
                "not kept; left out of the published pack",
                "note: '30%' (figureville-p4-s1, ¶4): its claim figureville-p4-s1 is not kept; "
                "left out of the published pack",
            ],
            factory.FIGUREVILLE_FIGURES[:2],
        ),
    ],
)
def test_publish_makes_proposed_figures_the_packs_figures(tmp_path, dropped, lines, figures):
    target = tmp_path / "f.yaml"
    extra = ["--publisher", "P", "--url", "https://example.test/f", "--bias", "Made up."]
    args = ["--region", "Figureville", "--lat", "0", "--lon", "0", *extra, "-o", str(target)]
    assert cli.main(["ingest", str(FIGUREVILLE), *args], io.StringIO()) == 0
    draft = yaml.safe_load(target.read_text(encoding="utf-8"))
    # Reviewed by hand: claims reworded, one dropped with the company it named, gists written.
    draft["claims"] = [
        {**c, "text": factory.FIGUREVILLE_PARAPHRASES[c["id"]]}
        for c in draft["claims"]
        if c["id"] not in dropped
    ]
    draft["companies"] = [c for c in draft["companies"] if c["claim"] not in dropped]
    for paragraph in draft["source"]["paragraphs"]:
        paragraph["gist"] = factory.FIGUREVILLE_GISTS[paragraph["number"]]
    target.write_text(yaml.safe_dump(draft, sort_keys=False, allow_unicode=True), encoding="utf-8")
    out = io.StringIO()
    assert cli.main(["publish", str(target)], out) == 0
    assert out.getvalue().splitlines() == [line.format(file=target) for line in lines]
    pack = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert [
        (f["id"], f["measure"], f["value"], f["unit"], f.get("scale"), f.get("qualifier"))
        for f in pack["figures"]
    ] == figures
    assert {(f["claim"], f["paragraph"], f["place"]) for f in pack["figures"]} <= {
        (c["id"], c["paragraph"], c["place"]) for c in pack["claims"]
    }
    assert cli.main(["validate", str(tmp_path)], io.StringIO()) == 0


def test_validate_refuses_a_published_pack_with_placeholders(tmp_path):
    target = reviewed_draft(tmp_path, {})
    pack = yaml.safe_load(target.read_text(encoding="utf-8"))
    # Published by hand: status set and the article's text removed, the gists left as they were.
    pack["status"] = "published"
    for paragraph in pack["source"]["paragraphs"]:
        del paragraph["text"]
    target.write_text(yaml.safe_dump(pack, sort_keys=False, allow_unicode=True), encoding="utf-8")
    out = io.StringIO()
    assert cli.main(["validate", str(tmp_path)], out) == 1
    assert out.getvalue().splitlines() == [
        f"{target}: source.paragraphs: 5 gists still to summarise in our own words "
        "(¶1, ¶3, ¶4, ¶5, ¶6)",
        "1 problem; 1 valid pack",
    ]


def test_bad_date_is_an_argparse_error_not_a_traceback(tmp_path, capsys):
    with pytest.raises(SystemExit) as caught:
        cli.main(["ingest", str(ARTICLE), *INGEST, "--date", "20/12/2017", "-o", "x.yaml"])
    assert caught.value.code == 2
    assert "'20/12/2017' is not a date like 2017-12-20" in capsys.readouterr().err


def export(tmp_path, *args):
    """Run ``export`` over one synthetic pack; return the code, stdout, stderr and the file."""
    data = tmp_path / "data"
    factory.write_pack(data, factory.pack())
    target = tmp_path / "out.bin"
    out, err = io.StringIO(), io.StringIO()
    argv = ["export", "--data", str(data), "--today", "2026-11-25", "-o", str(target), *args]
    code = cli.main(argv, out, err)
    return code, out.getvalue(), err.getvalue(), target


def slide_texts(blob: bytes) -> list[list[str]]:
    """Every text on every slide, in order."""
    prs = Presentation(io.BytesIO(blob))
    return [[s.text_frame.text for s in slide.shapes if s.has_text_frame] for slide in prs.slides]


def test_export_pptx_is_the_deck_the_app_makes(tmp_path):
    code, out, err, target = export(
        tmp_path,
        "--claims",
        "test-c2, test-c3>test-c4",
        "--title",
        "For Acme",
        "--prospect",
        "Acme",
        "--format",
        "pptx",
    )
    assert (code, err) == (0, "")
    assert out == f"wrote {target} (pptx, {target.stat().st_size} bytes)\n"
    catalog = factory.catalog_of(factory.pack())
    chosen = Pitch("For Acme", "Acme", ("test-c2", Pair("test-c3", "test-c4")))
    made = talk.resolve_talk(chosen, catalog.claims, dt.date(2026, 11, 25), factory.verify_rule())
    assert slide_texts(target.read_bytes()) == slide_texts(deck.build_deck(made))
    assert len(slide_texts(target.read_bytes())) == 5


@pytest.mark.parametrize(
    ("args", "ids"),
    [
        (["--place", "alpha"], ["test-c1", "test-c2"]),
        (["--theme", "talent"], ["test-c1", "test-c6"]),
        (
            ["--place", "beta,gamma", "--theme", "stability", "--theme", "capital"],
            ["test-c3", "test-c5"],
        ),
        (["--claims", "test-c6,test-c1"], ["test-c6", "test-c1"]),
        ([], [f"test-c{n}" for n in range(1, 7)]),
    ],
)
def test_export_selects_by_filters_or_claims(tmp_path, args, ids):
    code, _, _, target = export(tmp_path, *args, "--format", "json")
    assert code == 0
    assert [r["id"] for r in json.loads(target.read_bytes())] == ids


def test_export_csv_and_markdown(tmp_path):
    code, _, _, target = export(tmp_path, "--place", "alpha", "--format", "csv")
    assert code == 0
    rows = pd.read_csv(target)
    assert rows["id"].tolist() == ["test-c1", "test-c2"]
    assert rows["citation"].tolist()[0] == "Example Research (then Old Example), 15 Mar 2020, ¶1"
    code, _, _, target = export(
        tmp_path, "--place", "alpha", "--stale-after", "10", "--format", "md"
    )
    assert code == 0
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Testland: talking points\n")
    assert (
        "2. Firms Acme and Zenith.  \n   *Source: Example Research (vendor blog), Mar 2020, ¶1*\n"
        in text
    )


def test_export_pdf_holds_every_point_and_its_source_line(tmp_path):
    code, out, err, target = export(
        tmp_path,
        "--claims",
        "test-c2,test-c3>test-c4,test-c6",
        "--prospect",
        "Acme",
        "--format",
        "pdf",
    )
    assert (code, err) == (0, "")
    assert out == f"wrote {target} (pdf, {target.stat().st_size} bytes)\n"
    text = " ".join(" ".join(documents.pdf_text(target)).split())
    catalog = factory.catalog_of(factory.pack())
    made = talk.resolve_talk(
        Pitch(items=("test-c2", Pair("test-c3", "test-c4"), "test-c6")),
        catalog.claims,
        dt.date(2026, 11, 25),
        factory.verify_rule(),
    )
    for point in made.points:
        assert f"{point.text} {point.source_line}" in text
    for heading in ("Prepared for Acme", "Objection", "Answer", "Sources", "Next step"):
        assert heading in text
    # The rep's copy (the default) carries each claim's check, as the deck's notes do.
    for point in made.points:
        assert f"Check (for you, not the prospect): {point.age}" in text
    code, _, err, prospects = export(
        tmp_path, "--claims", "test-c2,test-c3>test-c4", "--copy", "prospect", "--format", "pdf"
    )
    assert (code, err) == (0, "")
    their_text = " ".join(documents.pdf_text(prospects))
    for rep_only in ("verify", "years old", "Check (for you"):
        assert rep_only not in their_text


# The synthetic pack, whose call to action names a target, and the shipped content, at a place
# of each: a file links the sources it cites, never a source's call to action.
CONTENTS = {"synthetic": (None, "alpha"), "shipped": (settings.SHIPPED_DATA, "guadalajara")}


@pytest.mark.parametrize("fmt", ["md", "pdf", "pptx"])
@pytest.mark.parametrize("content", list(CONTENTS))
def test_without_a_profile_no_output_links_a_sources_call_to_action(
    tmp_path, monkeypatch, content, fmt
):
    monkeypatch.delenv(settings.SELLER_FILE_ENV, raising=False)
    monkeypatch.delenv(settings.PUBLIC_URL_ENV, raising=False)
    folder, place = CONTENTS[content]
    if folder is None:
        folder = tmp_path / "data"
        factory.write_pack(folder, factory.pack())
    path = tmp_path / f"out.{fmt}"
    argv = ["export", "--data", str(folder), "--place", place, "--format", fmt, "-o", str(path)]
    assert cli.main(argv, io.StringIO(), io.StringIO()) == 0
    catalog = load.load_packs(folder)
    actions = [a for call in catalog.calls for a in call.actions]
    assert actions, "the content records a source's call to action"
    links = documents.links_in(path)
    assert set(links) == set(catalog.sources["url"]) & set(links)
    assert links, "the sources are linked"
    assert not {str(a.target) for a in actions if a.target is not None} & set(links)
    text = documents.read_any(path)
    # The source's own prompt is not ours either.
    for call in catalog.calls:
        assert " ".join(call.prompt.split()) not in " ".join(text.split())
    assert "Contact your account team" in text


@pytest.mark.parametrize("fmt", ["md", "pdf", "pptx"])
def test_a_profile_names_the_seller_and_its_booking_link_in_every_format(
    tmp_path, monkeypatch, fmt
):
    monkeypatch.setenv(
        settings.SELLER_FILE_ENV, str(factory.write_seller(tmp_path, factory.SELLER))
    )
    code, _, _, path = export(tmp_path, "--place", "alpha", "--format", fmt)
    assert code == 0
    text = documents.read_any(path)
    assert "Northwind Cloud" in text
    assert "https://seller.example/book" in text


def test_a_broken_profile_stops_the_export_naming_the_field(tmp_path, monkeypatch):
    broken = factory.write_seller(tmp_path, {**factory.SELLER, "booking_url": "http://x.test"})
    monkeypatch.setenv(settings.SELLER_FILE_ENV, str(broken))
    code, _, err, _ = export(tmp_path, "--place", "alpha", "--format", "md")
    assert code == 1
    assert err == (
        "error: INSIGHTS_SELLER_FILE: seller.yaml: booking_url: must be an https:// link\n"
    )


@pytest.mark.parametrize(
    ("extra", "notes", "columns"),
    [
        ((), True, {"bias", "age", "verify"}),
        (("--copy", "rep"), True, {"bias", "age", "verify"}),
        (("--copy", "prospect"), False, set()),
    ],
)
def test_the_reps_copy_is_the_default_and_the_prospects_is_asked_for(
    tmp_path, extra, notes, columns
):
    code, _, _, deck_path = export(tmp_path, "--place", "alpha", "--format", "pptx", *extra)
    assert code == 0
    slides = list(Presentation(str(deck_path)).slides)
    noted = [s.has_notes_slide and bool(s.notes_slide.notes_text_frame.text) for s in slides]
    # The rep's copy: notes on every slide; the prospect's: on none (not even an empty one).
    assert noted == [notes] * len(slides)
    assert [s.has_notes_slide for s in slides] == [notes] * len(slides)
    code, _, _, json_path = export(tmp_path, "--place", "alpha", "--format", "json", *extra)
    rows = json.loads(json_path.read_text(encoding="utf-8"))
    assert {"bias", "age", "verify"} & set(rows[0]) == columns


def test_public_url_leads_the_calls_of_every_format_to_the_request_page(tmp_path, monkeypatch):
    monkeypatch.setenv(settings.PUBLIC_URL_ENV, "https://insights.example")
    data = tmp_path / "sales"
    factory.write_sales_pack(data)
    wanted = "https://insights.example/request?kind=quote&place=alpha"
    for fmt in ("md", "pdf", "pptx"):
        target = tmp_path / f"out.{fmt}"
        argv = [
            "export",
            "--data",
            str(data),
            "--place",
            "alpha",
            "--format",
            fmt,
            "-o",
            str(target),
        ]
        assert cli.main(argv, io.StringIO(), io.StringIO()) == 0
        if fmt == "md":
            assert f"<{wanted}>" in target.read_text(encoding="utf-8")
        elif fmt == "pdf":
            assert wanted in " ".join(documents.pdf_text(target))
        else:
            assert wanted in slide_texts(target.read_bytes())[-1][-1]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--place", "nowhere"], "error: --place: unknown 'nowhere'; known: alpha, beta, gamma"),
        (
            ["--theme", "talnet"],
            "error: --theme: unknown 'talnet'; known: talent, industry, culture, capital, "
            "stability, partnerships, demand, infrastructure",
        ),
        (
            ["--claims", "test-c1,zz"],
            "error: --claims: unknown 'zz'; known: test-c1, test-c2, test-c3, test-c4, test-c5, "
            "test-c6",
        ),
        (["--claims", "test-c1,,test-c2"], "error: --claims: item 2 has an empty id"),
        (["--claims", "test-c3>"], "error: --claims: item 1 has an empty id"),
        (
            ["--claims", "test-c4>test-c3"],
            "error: --claims: the source does not answer 'test-c4' with 'test-c3'",
        ),
        (
            ["--claims", "test-c1", "--place", "alpha"],
            "error: give --claims or --place/--theme, not both",
        ),
        (
            ["--place", "gamma", "--theme", "talent"],
            "error: no claim matches: 0 claims about Gamma Bay on talent & education",
        ),
    ],
)
def test_export_refuses_unknown_input_with_a_message(tmp_path, args, message):
    code, out, err, target = export(tmp_path, *args, "--format", "pptx")
    assert (code, out, err) == (1, "", message + "\n")
    assert not target.exists()


def test_export_says_when_it_cannot_write(tmp_path):
    data = tmp_path / "data"
    factory.write_pack(data, factory.pack())
    err = io.StringIO()
    target = tmp_path / "missing" / "deck.pptx"
    argv = ["export", "--data", str(data), "--format", "md", "-o", str(target)]
    assert cli.main(argv, io.StringIO(), err) == 1
    assert err.getvalue() == f"error: -o: cannot write {target}: No such file or directory\n"


def test_export_reports_bad_packs_and_an_empty_folder(tmp_path):
    factory.write_pack(tmp_path, "claims: [", "broken.yaml")
    err = io.StringIO()
    argv = ["export", "--data", str(tmp_path), "--format", "md", "-o", str(tmp_path / "x.md")]
    assert cli.main(argv, io.StringIO(), err) == 1
    assert err.getvalue().splitlines() == [
        f"warning: left out: {tmp_path}/broken.yaml: line 1: not valid YAML: did not find "
        "expected node content",
        f"error: --data: no valid content pack in {tmp_path}",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "docx"], "argument --format: invalid choice: 'docx'"),
        (
            ["--format", "md", "--stale-after", "0"],
            "not a whole number of years from 1 to 100: '0'",
        ),
        (["--format", "md", "--today", "25/11/2026"], "'25/11/2026' is not a date like 2017-12-20"),
    ],
)
def test_export_usage_errors(tmp_path, capsys, args, message):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["export", "-o", str(tmp_path / "x"), *args])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_module_entry_point_exports_or_fails_cleanly(tmp_path):
    factory.write_pack(tmp_path / "data", factory.pack())
    base = [sys.executable, "-m", "insights", "export", "--data", str(tmp_path / "data")]
    good = subprocess.run(
        [*base, "--claims", "test-c3>test-c4", "--format", "pptx", "-o", str(tmp_path / "d.pptx")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (good.returncode, good.stderr) == (0, "")
    assert len(Presentation(str(tmp_path / "d.pptx")).slides) == 4
    bad = subprocess.run(
        [*base, "--place", "nowhere", "--format", "md", "-o", str(tmp_path / "x.md")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 1
    assert bad.stderr.startswith("error: --place: unknown 'nowhere'")
    assert "Traceback" not in bad.stderr


# Issue 15, cases 1 and 2, as the files that took every page down: each beside a good pack,
# validate exits 1 naming the file, prints no traceback and stays far below 500 MB.
HOSTILE_PACKS = {
    "deep.yaml": "a: " + "[" * 5000 + "]" * 5000 + "\n",
    "bomb.yaml": "".join(
        f"l{n}: &l{n} [{', '.join([f'*l{n - 1}' if n else 'lol'] * 9)}]\n" for n in range(9)
    )
    + "id: *l8\n",
    # 25 million integers, 52 MB: refused by size before it is read.
    "ints.yaml": "- 1\n" * 13_000_000,
    # Just under the size cap: refused by the count of values while it is parsed.
    "under-cap.yaml": "- 1\n" * 2_000_000,
    # Within every bound but wrong throughout: 99,000 numbers where claims belong.
    "wrong.yaml": factory.dump({**factory.pack("wrong"), "claims": [1] * 99_000}),
}


# The child reports its own peak resident memory (KB) after validating. VmHWM, not
# getrusage's ru_maxrss: Linux carries ru_maxrss over from the forked copy of the test
# process itself, so it would report pytest's size late in a long run.
_MEASURED_VALIDATE = (
    "import sys\n"
    "from insights import cli\n"
    "code = cli.main(['validate', sys.argv[1]])\n"
    "status = open('/proc/self/status').read().split('VmHWM:')[1]\n"
    "print(status.split()[0], file=sys.stderr)\n"
    "sys.exit(code)\n"
)


@pytest.mark.parametrize("name", list(HOSTILE_PACKS))
def test_validate_refuses_a_hostile_pack_in_bounded_memory(tmp_path, name):
    factory.write_pack(tmp_path, factory.pack())
    (tmp_path / name).write_text(HOSTILE_PACKS[name], encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", _MEASURED_VALIDATE, str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    *problems, total = done.stdout.splitlines()
    assert problems
    assert all(line.startswith(f"{tmp_path / name}: ") for line in problems)
    # A file wrong throughout lists the first problems and counts the rest.
    assert len(problems) <= load.MAX_LISTED_PROBLEMS + 1
    assert total == f"{count_noun(len(problems), 'problem')}; 1 valid pack"
    assert int(done.stderr) < 500 * 1024


def test_export_pitch_takes_a_saved_pitch_by_name_notes_in_the_reps_copy(tmp_path, monkeypatch):
    monkeypatch.setenv("INSIGHTS_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    engine = store.make_engine(store.default_database_url(tmp_path / "state"))
    store.create_schema(engine)
    saved = plan.set_note(
        Pitch("Energy", "Acme", ("test-c1", plan.OwnAnswer("test-c5", "Our own fuel, on site."))),
        "test-c1",
        "Ask first about their rollout.",
    )
    library.save_new(engine, "Acme energy", saved, {}, THIS_MACHINE, dt.datetime.now(dt.UTC))
    engine.dispose()
    code, _out, err, target = export(tmp_path, "--pitch", "Acme energy", "--format", "md")
    assert (code, err) == (0, "")
    md = target.read_text(encoding="utf-8")
    assert md.startswith("# Energy\n\nPrepared for Acme, 25 Nov 2026\n")
    assert "**Our answer:** Our own fuel, on site.  \n   *In our own words*" in md
    # The rep's copy by default: the note is there, marked as ours.
    assert "*Our note (for you, not the prospect):* Ask first about their rollout." in md
    rep = export(tmp_path, "--pitch", "Acme energy", "--format", "pptx", "--copy", "rep")[3]
    notes = [s.notes_slide.notes_text_frame.text for s in Presentation(str(rep)).slides]
    assert notes[1].startswith("Our note: Ask first about their rollout.\n")
    prospect = export(tmp_path, "--pitch", "Acme energy", "--format", "json", "--copy", "prospect")
    assert "rollout" not in prospect[3].read_text(encoding="utf-8")
    code, _out, err, _ = export(tmp_path, "--pitch", "Nope", "--format", "md")
    assert (code, err) == (1, "error: --pitch: no saved pitch is named 'Nope'\n")
    code, _out, err, _ = export(
        tmp_path, "--pitch", "Acme energy", "--place", "alpha", "--format", "md"
    )
    assert (code, err) == (1, "error: give --pitch alone, without --claims, --place or --theme\n")
