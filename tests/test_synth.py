import io

import pytest

from insights import cli
from insights.content import frames, load, synth
from insights.content.model import STANCES, THEMES
from insights.content.synth import SynthSpec
from insights.view import facets, filters
from insights.view.selection import Selection
from tests import factory


def _catalog(spec: SynthSpec) -> frames.Catalog:
    found = []
    for i, data in enumerate(synth.make_packs(spec)):
        pack, problems = load.check_pack_text(synth.dump_pack(data), f"synth{i}.yaml")
        assert problems == []
        found.append(pack)
    return frames.build_catalog(found)


@pytest.mark.parametrize(
    ("spec", "packs", "places"),
    [
        (SynthSpec(1, 1), 1, 1),
        (SynthSpec(250, 7, seed=3), 3, 7),
        (SynthSpec(1000, 50, claims_per_pack=400), 3, 50),
    ],
)
def test_packs_are_valid_and_sized_as_asked(spec, packs, places):
    catalog = _catalog(spec)
    assert len(catalog.claims) == spec.claims
    assert catalog.claims["id"].is_unique
    assert catalog.claims["pack"].nunique() == packs
    assert len(catalog.places) == places


def test_spread_covers_every_theme_and_stance_unevenly():
    claims = _catalog(SynthSpec(2000, 20)).claims
    themes = claims["theme"].value_counts()
    assert set(themes.index) == set(THEMES)
    assert set(claims["stance"]) == set(STANCES)
    assert themes["talent"] > themes["culture"]
    assert claims["place"].value_counts().max() > 2 * claims["place"].value_counts().min()


def test_same_seed_same_packs_other_seed_other_packs():
    spec = SynthSpec(300, 9, seed=1)
    assert synth.make_packs(spec) == synth.make_packs(spec)
    assert synth.make_packs(spec) != synth.make_packs(SynthSpec(300, 9, seed=2))


def test_text_says_it_is_synthetic():
    claims = _catalog(SynthSpec(100, 5)).claims
    assert claims["text"].str.startswith("Synthetic claim ").all()
    assert claims["text"].str.contains("states no fact about any real place").all()
    assert claims["url"].str.startswith("https://example.test/").all()


@pytest.mark.parametrize("fields", [(0, 5), (5, 0), (5, 5, 0, 0)])
def test_spec_refuses_empty_sizes(fields):
    with pytest.raises(ValueError, match="at least 1"):
        SynthSpec(*fields)


def test_cli_writes_a_set_that_validates_and_replaces_an_earlier_one(tmp_path):
    out = io.StringIO()
    args = ["synth", "--claims", "120", "--places", "4", "--per-pack", "50", "-o", str(tmp_path)]
    assert cli.main(args, out) == 0
    assert cli.main([*args[:2], "30", *args[3:]], out) == 0
    assert len(list(tmp_path.glob("*.yaml"))) == 1
    check = io.StringIO()
    assert cli.main(["validate", str(tmp_path)], check) == 0
    assert check.getvalue() == f"ok: 1 pack, 30 claims in {tmp_path}\n"


def test_cli_never_writes_into_the_shipped_data(tmp_path):
    shipped = factory.write_pack(tmp_path / "data", factory.pack()).parent
    out = io.StringIO()
    spec = SynthSpec(5, 2)
    assert cli.run_synth(spec, shipped / "sub", out, shipped) == 1
    assert cli.run_synth(spec, shipped, out, shipped) == 1
    assert "refusing" in out.getvalue()
    assert [p.name for p in shipped.iterdir()] == ["pack.yaml"]
    assert cli.main(["synth", "--claims", "5", "--places", "2", "-o", "data"], out) == 1


def test_packs_carry_links_to_earlier_packs_figures_and_undated_sources():
    catalog = _catalog(SynthSpec(2000, 20, claims_per_pack=100))
    links = catalog.links
    assert len(links) > 100
    assert set(links["kind"]) == {"corroborates", "updates", "contradicts"}
    assert (links["pack"] != links["target_pack"]).all()
    assert links["target"].isin(catalog.claims["id"]).all()
    figures = catalog.figures
    assert len(figures) > 100
    assert figures["measure"].nunique() == synth.MEASURES
    assert set(figures.loc[figures["unit"] == "money", "currency"]) == {"USD"}
    labels = set(catalog.sources["label"])
    assert any("date not stated" in label for label in labels)
    assert any("(month not stated)" in label for label in labels)
    assert catalog.claims["newest_evidence"].notna().all()


def test_places_lie_within_places_and_each_pack_names_the_places_its_own_lie_in():
    spec = SynthSpec(3000, 50, claims_per_pack=100)
    catalog = _catalog(spec)
    vocab = facets.make_vocabulary(catalog)
    tree = vocab.places
    kinds = dict(zip(catalog.places["id"], catalog.places["kind"], strict=True))
    roles = dict(zip(catalog.places["id"], catalog.places["role"], strict=True))
    # Cities and metro areas in countries, countries in regions; contrast places in none.
    for place, parents in tree.parents.items():
        assert {kinds[p] for p in parents} <= {"country", "region"}
        assert roles[place] == "focus"
    assert len(tree.ancestors(["place-1"])) == 2
    # The most written-about place keeps its country's and region's claims, marked.
    shown = filters.apply_filters(catalog.claims, vocab, Selection(places=("place-1",)))
    assert ", and " in shown.sentence
    assert shown.sentence.endswith("as a whole")
    assert set(shown.frame["applies_to"]) - {""} == set(tree.ancestors(["place-1"]))
