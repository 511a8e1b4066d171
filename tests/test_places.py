"""Issue 24 on the shipped content: national claims under every city, Compare that decides.

A rep choosing between Guadalajara and Mexico City must see the national risks under both,
figures set side by side only like for like, and a scorecard with every cell cited.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pandas as pd
import pytest

from insights import cli
from insights.content import evidence, load
from insights.content.text import escape_markdown as esc
from insights.outputs import tables
from insights.view import compare, entities, facets, filters, scorecard
from insights.view.selection import Selection

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
TODAY = dt.date(2026, 12, 6)
# The national risks the issue names, stored on the place "Mexico".
NATIONAL_RISKS = {
    "mx-energy-legal-risks",
    "mx-water-stressed",
    "mx-nearshoring-hurdles",
    "mx-instability",
    "mx-weak-regulation",
}


@pytest.fixture(scope="module")
def catalog():
    return load.load_packs(DATA)


@pytest.fixture(scope="module")
def vocab(catalog):
    return facets.make_vocabulary(catalog)


def export(tmp_path: Path, *args: str) -> tuple[int, bytes, str]:
    target = tmp_path / "out"
    err = io.StringIO()
    code = cli.main(
        ["export", "--data", str(DATA), "--today", TODAY.isoformat(), *args, "-o", str(target)],
        io.StringIO(),
        err,
    )
    return code, target.read_bytes() if target.exists() else b"", err.getvalue()


def test_places_nest_as_the_sources_place_them(vocab):
    tree = vocab.places
    assert tree.ancestors(["guadalajara"]) == ("jalisco", "mexico", "latin-america")
    assert tree.ancestors(["mexico-city"]) == ("mexico", "latin-america")
    assert {"guadalajara", "jalisco", "mexico-city", "monterrey"} <= tree.descendants(["mexico"])
    # The places there for contrast lie in none of them.
    assert {"bay-area", "sao-paulo", "united-states"}.isdisjoint(
        tree.descendants(["latin-america"])
    )


def test_export_for_guadalajara_carries_the_national_risks_marked_as_mexicos(tmp_path):
    code, body, err = export(tmp_path, "--place", "guadalajara", "--format", "json")
    assert (code, err) == (0, "")
    rows = {r["id"]: r for r in json.loads(body)}
    assert set(rows) >= NATIONAL_RISKS
    assert {rows[c]["applies_to"] for c in NATIONAL_RISKS} == {"mexico"}
    assert {rows[c]["applies_to_name"] for c in NATIONAL_RISKS} == {"Mexico"}
    # Guadalajara's own claims carry no mark, and come first.
    assert rows["gdl-it-companies"]["applies_to"] == ""
    assert next(iter(rows)).startswith("gdl-")
    code, body, _ = export(tmp_path, "--place", "guadalajara", "--format", "csv")
    table = pd.read_csv(io.BytesIO(body), keep_default_na=False).set_index("id")
    assert table.loc["mx-water-stressed", "applies_to"] == "mexico"


def test_the_sentence_says_what_is_about_the_city_and_what_about_mexico(catalog, vocab):
    shown = filters.apply_filters(catalog.claims, vocab, Selection(places=("guadalajara",)))
    assert shown.sentence == (
        "17 claims about Guadalajara, and 2 about Jalisco, 19 about Mexico and 3 about "
        "Latin America as a whole"
    )
    assert set(shown.frame["id"]) >= NATIONAL_RISKS
    # Jalisco keeps Guadalajara's claims as its own.
    jalisco = filters.apply_filters(catalog.claims, vocab, Selection(places=("jalisco",)))
    assert jalisco.sentence.startswith("19 claims about Jalisco, and ")
    own = jalisco.frame[jalisco.frame["applies_to"] == ""]
    assert {"gdl-it-companies", "gdl-universities"} <= set(own["id"])
    # Mexico's totals leave out the Bay Area, there for contrast only.
    mexico = filters.apply_filters(catalog.claims, vocab, Selection(places=("mexico",)))
    assert "bay-area" not in set(mexico.frame["place"])
    assert "gamma" not in set(mexico.frame["place"])


def test_challenges_under_a_city_are_never_none_while_mexico_has_some(catalog, vocab):
    for place in ("guadalajara", "mexico-city"):
        shown = filters.apply_filters(catalog.claims, vocab, Selection(places=(place,))).frame
        challenges = entities.keep_challenges(shown)
        assert set(challenges["id"]) >= NATIONAL_RISKS


@pytest.fixture(scope="module")
def decided(catalog, vocab):
    return compare.compare_keys(catalog, vocab, Selection(), "guadalajara", "mexico-city")


def test_compare_shows_the_national_risks_once_and_counts_them_in_both_sides(decided):
    assert set(decided.shared["id"]) >= NATIONAL_RISKS
    assert set(decided.shared["applies_to"]) == {"mexico", "latin-america"}
    for side in (decided.left, decided.right):
        values = dict((k.label, k.value) for k in side.kpis)
        count, _, shared = values["Challenges"].partition(", ")
        assert int(count) >= len(NATIONAL_RISKS)
        assert shared.endswith("of them national")
        # What differs holds no national claim: that is shown once, as shared ground.
        assert NATIONAL_RISKS.isdisjoint(side.challenges["id"])
    assert decided.describe_shared() == (
        "22 claims both sides hold: 19 about Mexico as a whole and 3 about Latin America as a "
        "whole."
    )


def test_figures_pair_only_like_for_like_and_say_a_gap(decided):
    paired = compare.pair_side_figures(decided)
    rows = paired.to_dict("records")
    for row in rows:
        gaps = [side for side in ("Left", "Right") if row[side].startswith("no figure for ")]
        assert len(gaps) <= 1
    by_measure = {(r["Measure"], r["Counted within"]): r for r in rows}
    # Guadalajara's municipality and metro area, Mexico City's boundary-less residents: three
    # rows, none set beside another.
    assert by_measure[("Residents of the municipality", "municipality")]["Right"] == (
        "no figure for Mexico City in these sources"
    )
    assert by_measure[("Inhabitants of the metropolitan area", "metropolitan area")][
        "Right"
    ].startswith("no figure for Mexico City")
    assert by_measure[("Residents (boundary not stated)", "boundary not stated")]["Left"] == (
        "no figure for Guadalajara in these sources"
    )
    assert by_measure[("Tech specialists", "boundary not stated")]["Left"] == (
        "no figure for Guadalajara in these sources"
    )


def test_the_scorecard_cites_every_cell_or_says_no_source(decided):
    card = decided.full_card()
    assert [line.spec.title for line in card.lines] == [
        "Talent: workforce",
        "Talent: graduates",
        "Talent: universities",
        "Cost: pay and its growth",
        "Companies present",
        "Risks: shared by both",
        "Risks: its own",
    ]
    long = scorecard.make_long_table(card)
    cited = long[long["Evidence"] != scorecard.NO_SOURCE]
    assert (cited["Source"].str.contains("¶")).all()
    assert (cited["As of"] != "").all()
    assert (long.loc[long["Evidence"] == scorecard.NO_SOURCE, "Source"] == "").all()
    cells = {
        (ln.spec.key, side): entries
        for ln in card.lines
        for side, entries in (("left", ln.left), ("right", ln.right))
    }
    assert [e.id for e in cells[("graduates", "right")]][:1] == ["cdmx-tech-graduates-2023"]
    assert cells[("graduates", "left")] == ()
    assert cells[("universities", "left")][0].text == "Guadalajara: 5 public + several private"
    assert {e.id for e in cells[("shared-risks", "left")]} >= NATIONAL_RISKS
    assert "cdmx-tech-wage-growth" in {e.id for e in cells[("pay", "right")]}
    # Companies under the name they go by: Hewlett Packard is listed as HP.
    names = " ".join(e.text for e in cells[("companies", "left")])
    assert "HP" in names
    assert "Hewlett Packard" not in names


def test_hp_and_hewlett_packard_count_as_one_company(catalog, vocab):
    shown = filters.apply_filters(catalog.claims, vocab, Selection(places=("guadalajara",))).frame
    named = entities.in_view(catalog.companies, shown)
    assert {"HP", "Hewlett Packard"} <= set(named["name"])
    assert entities.count_named(named) == named["company"].nunique()
    groups = {g.name: g for g in entities.group_companies(named, catalog.claims)}
    assert "Hewlett Packard" not in groups
    assert groups["HP"].also == ("Hewlett Packard",)
    assert {c["id"] for c in groups["HP"].claims} == {"gdl-equipment-makers", "gdl-it-companies"}


@pytest.mark.parametrize("fmt", ["pptx", "pdf", "md", "csv", "json"])
def test_export_compare_works_in_every_format(tmp_path, fmt):
    code, body, err = export(tmp_path, "--compare", "guadalajara,mexico-city", "--format", fmt)
    assert (code, err) == (0, "")
    assert body
    if fmt == "json":
        data = json.loads(body)
        assert data["sides"] == {"left": "Guadalajara", "right": "Mexico City"}
        for row in data["scorecard"]:
            for side in ("left", "right", "both"):
                cell = row.get(side)
                if cell is None:
                    continue
                assert cell == scorecard.NO_SOURCE or all(e["source"] and e["as_of"] for e in cell)
        assert all("id" in c for c in data["claims"])
    if fmt == "csv":
        table = pd.read_csv(io.BytesIO(body), keep_default_na=False)
        card = table[table["Part"] == "scorecard"]
        assert ((card["Evidence"] == scorecard.NO_SOURCE) | (card["Source"] != "")).all()
        assert set(table["Part"]) == {"scorecard", "claims"}
    if fmt == "md":
        text = body.decode()
        assert "## Scorecard: Guadalajara and Mexico City" in text
        assert "*no source*" in text


def test_export_compare_refuses_what_it_cannot_compare(tmp_path):
    code, _, err = export(tmp_path, "--compare", "guadalajara,atlantis", "--format", "md")
    assert code == 1
    assert "--compare: unknown 'atlantis'" in err
    code, _, err = export(tmp_path, "--compare", "guadalajara", "--format", "md")
    assert code == 1
    assert "two different places" in err
    code, _, err = export(
        tmp_path, "--compare", "guadalajara,mexico-city", "--place", "mexico", "--format", "md"
    )
    assert code == 1
    assert "not both" in err


def test_the_compare_csv_is_neutralised_like_every_csv(decided):
    table = compare.make_compare_download(decided, TODAY, evidence.VerifyRule(3))
    body = tables.to_csv_bytes(table).decode()
    assert body.startswith('"Part","Row","Side","ID"')


def test_the_explorer_and_challenges_under_guadalajara_show_the_national_risks(monkeypatch):
    from tests.apptest import open_page

    monkeypatch.setenv("INSIGHTS_DATA_DIR", str(DATA))
    explorer = open_page("pages/explorer.py", {"place": "guadalajara"})
    assert not explorer.exception
    # The filter sentence, the first caption under the title, says both parts.
    assert explorer.main.caption[0].value.startswith(
        "17 claims about Guadalajara\\, and 2 about Jalisco"
    )
    table = explorer.dataframe[-1].value.set_index("ID")
    assert table.loc["mx-weak-regulation", "Applies to"] == "Mexico"
    assert table.loc["gdl-it-companies", "Applies to"] == ""
    challenges = open_page("pages/challenges.py", {"place": "guadalajara"})
    assert not challenges.exception
    assert challenges.main.caption[0].value.startswith("11 challenges in this view")
    captions = [c.value for c in challenges.main.caption]
    assert any(":material/public: Mexico as a whole" in c for c in captions)


def test_compare_shows_shared_ground_and_a_scorecard_without_a_click(monkeypatch):
    from tests.apptest import kpi_lists, open_page, section_headings

    monkeypatch.setenv("INSIGHTS_DATA_DIR", str(DATA))
    at = open_page("pages/compare.py", {"left": "guadalajara", "right": "mexico-city"})
    assert not at.exception
    assert section_headings(at)[:3] == ["Scorecard", "Shared ground", "Figures side by side"]
    texts = [m.value for m in at.main.markdown]
    assert "**Risks\\: shared by both**" in texts
    assert any("Water stress" in t for t in texts)
    challenges = [value for label, value in kpi_lists(at) if label == "Challenges"]
    assert len(challenges) == 2
    assert all(v != "0" and v.endswith("of them national") for v in challenges)
    table = next(m.value for m in at.main.markdown if m.value.startswith("| Measure |"))
    assert "no figure for Guadalajara in these sources" in table
    # A side of several places (the city, its state, Mexico) says whose universities it counts.
    assert (esc("Universities in Guadalajara (public · private)"), "5 · several") in kpi_lists(at)
    # Adding the scorecard to the pitch puts it in the link.
    at.button(key="compare.to_pitch").click().run()
    assert at.query_params["versus"] == "guadalajara,mexico-city"


def test_ingest_fills_where_each_place_lies_from_the_gazetteer(tmp_path):
    article = ROOT / "tests" / "fixtures" / "articles" / "eval" / "guadalajara-restated.txt"
    target = tmp_path / "draft.yaml"
    args = ["ingest", str(article), "--region", "Mexico", "--date", "2024-05-02"]
    assert cli.main([*args, "-o", str(target)], io.StringIO()) == 0
    pack, problems = load.check_pack_text(target.read_text(encoding="utf-8"), "draft.yaml")
    assert problems == []
    assert pack is not None
    within = {p.id: p.within for p in pack.places}
    assert within["mexico"] is None
    assert within["guadalajara"] == "mexico"
    assert within["jalisco"] == "mexico"
    # Beside the shipped packs (Guadalajara in Jalisco, in Mexico) it adds no loop.
    for shipped in DATA.glob("*.yaml"):
        (tmp_path / shipped.name).write_bytes(shipped.read_bytes())
    packs, problems = load.check_packs(tmp_path)
    assert problems == []
    assert len(packs) == 8


def test_the_audience_screen_and_the_builder_show_a_scorecard_the_pitch_carries(monkeypatch):
    from tests.apptest import open_page

    monkeypatch.setenv("INSIGHTS_DATA_DIR", str(DATA))
    link = {"pitch": "gdl-it-companies", "versus": "guadalajara,mexico-city", "slide": "3"}
    at = open_page("pages/present.py", link)
    assert not at.exception
    assert esc("Scorecard: Guadalajara and Mexico City (1 of 3)") in [c.value for c in at.caption]
    builder = open_page("pages/pitch.py", {"pitch": "gdl-it-companies", "versus": link["versus"]})
    assert not builder.exception
    assert any(
        "**Scorecard**: Guadalajara and Mexico City" in m.value for m in builder.main.markdown
    )
    builder.button(key="pitch.scorecard.remove").click().run()
    assert "versus" not in builder.query_params


@pytest.mark.parametrize(
    ("missing", "label"),
    [(0, "All shown are in the pitch"), (1, "Add the 1 shown"), (7, "Add all 7 shown")],
)
def test_the_add_button_counts_in_agreement(missing, label):
    from ui import admin, pitch_editor

    assert pitch_editor.describe_add_shown(missing) == label
    assert admin.describe_page(0, 1, 1) == "Showing the 1 request, newest first."


def test_search_finds_a_company_by_the_name_it_goes_by(catalog):
    from insights.search import documents

    found = {d.id: d for d in documents.documents_from_catalog(catalog)}
    assert "HP" in found["gdl-equipment-makers"].names
    assert "Hewlett Packard" in found["gdl-equipment-makers"].names
