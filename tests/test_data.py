"""The one test of the shipped content: every pack in data/ validates, with its key facts."""

from pathlib import Path

from insights import entities, ingest, load
from insights.model import STANCES, THEMES

DATA = Path(__file__).resolve().parent.parent / "data"


def test_shipped_packs_are_valid_and_state_what_the_source_states():
    packs, problems = load.check_packs(DATA)
    assert problems == []
    catalog = load.build_catalog([pack for _, pack in packs])
    mexico = catalog.claims[catalog.claims["pack"] == "mexico-tech-hub"]
    assert len(mexico) >= 15
    assert set(mexico["paragraph"]) == {1, 2, 3, 4, 5}
    assert set(catalog.companies["name"]) == {"IBM", "HP", "Oracle", "Intel"}
    assert set(catalog.companies["place"]) == {"guadalajara"}
    assert entities.describe_universities(catalog.universities) == "5 public + several private"
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
