"""The one test of the shipped content: every pack in data/ validates, with its key facts."""

from pathlib import Path

from insights import ingest
from insights.content import frames, load, numbers
from insights.content.model import STANCES, THEMES
from insights.view import compare, entities, facets

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
# The source texts sit in shared/ beside the checkout (CI puts it beside the clone); a git
# worktree under a folder of worktrees finds it one level further up.
SOURCE_DIRS = [ROOT.parent / "shared/sources", ROOT.parent.parent / "shared/sources"]
# The 2017 claims the newer sources speak to.
OLD_CLAIMS = {"gdl-it-companies", "gdl-mexican-valley", "mx-talent-pool", "mx-instability"}


def test_shipped_packs_are_valid_and_state_what_the_source_states():
    packs, problems = load.check_packs(DATA)
    assert problems == []
    # Each figure's number stands in the paragraph it cites, when the source texts are at hand.
    sources = next((d for d in SOURCE_DIRS if d.is_dir()), None)
    if sources is not None:
        assert numbers.check_figures(packs, numbers.read_source_dir(sources)) == []
        assert len(numbers.read_source_dir(sources)) == len(packs) - 1  # the seed is elsewhere
    catalog = frames.build_catalog([pack for _, pack in packs])
    assert len(packs) == 7
    assert len(catalog.figures) >= 12
    to_2017 = catalog.links[catalog.links["target_pack"] == "mexico-tech-hub"]
    assert len(to_2017) >= 5
    assert OLD_CLAIMS | {"mx-weak-regulation"} == set(to_2017["target"]) - {"latam-looks-elsewhere"}
    # The Spanish source is marked as such; the undated ones say so.
    languages = dict(zip(catalog.sources["pack"], catalog.sources["language"], strict=True))
    assert languages["iworld-cbre-cdmx-talent"] == "es"
    assert set(catalog.sources.loc[catalog.sources["pack"] == "mexico-it-jalisco", "label"]) == {
        "Mexico IT, date not stated"
    }
    assert {"mexico-city", "monterrey", "jalisco", "guadalajara"} <= set(catalog.places["id"])
    # Mexico's totals leave out the Bay Area, there for contrast only.
    whole = compare.build_side(
        "region:mexico",
        "Mexico",
        catalog.claims,
        facets.make_vocabulary(catalog),
        catalog.companies,
        catalog.universities,
        catalog.responses,
        catalog.figures,
        compare.list_comparison_places(catalog.places),
    )
    assert "bay-area" not in set(whole.claims["place"])
    assert {"sao-paulo", "united-states"}.isdisjoint(whole.figures["place"])
    mexico = catalog.claims[catalog.claims["pack"] == "mexico-tech-hub"]
    assert len(mexico) >= 15
    assert set(mexico["paragraph"]) == {1, 2, 3, 4, 5}
    companies = catalog.companies[catalog.companies["pack"] == "mexico-tech-hub"]
    assert set(companies["name"]) == {"IBM", "HP", "Oracle", "Intel"}
    assert set(companies["place"]) == {"guadalajara"}
    assert entities.describe_universities(catalog.universities) == "5 public + several private"
    # Only the 2017 pack has a call to action.
    assert [a.label for cta in catalog.calls for a in cta.actions] == [
        "Start the conversation",
        "Talk to an infrastructure solutions expert",
        "Get a quote",
    ]
    # Only reviewed content ships: no draft, and no article text kept for review.
    assert set(catalog.sources["status"]) == {"published"}
    assert all(p.text is None for _, pack in packs for p in pack.source.paragraphs)
    # The ingest lexicon is shipped data too (data/lexicon/, not read as a pack).
    lexicon = ingest.read_lexicon(DATA / "lexicon" / "ingest.yaml")
    assert set(lexicon.themes) == set(THEMES)
    assert set(lexicon.stances) == set(STANCES)
    assert [a.form for cta in catalog.calls for a in cta.actions] == [None, "contact", "quote"]
    assert set(catalog.responses["remedy"]) == {
        "mx-own-strengths",
        "mx-add-own-offerings",
        "mx-partnerships",
    }
