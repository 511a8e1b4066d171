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
    assert OLD_CLAIMS | {"mx-weak-regulation", "mx-socioeconomic-drag", "gdl-universities"} == set(
        to_2017["target"]
    ) - {"latam-looks-elsewhere"}
    # The newer sources (2019-2024) speak to each other too, and every link says what it means.
    newer = catalog.links[catalog.links["target_pack"] != "mexico-tech-hub"]
    assert len(newer) >= 6
    newer_packs = [pack for _, pack in packs if pack.id != "mexico-tech-hub"]
    assert all(pack.links and all(link.note for link in pack.links) for pack in newer_packs)
    kinds = {
        (c, g): k
        for c, g, k in zip(
            catalog.links["claim"], catalog.links["target"], catalog.links["kind"], strict=True
        )
    }
    # Maplecroft reports the record inflow and still warns of instability: it backs the
    # objection, so nothing of its says the objection is wrong.
    assert kinds[("mx-nearshoring-hurdles", "mx-instability")] == "corroborates"
    assert ("mx-record-fdi-2023", "mx-instability") not in kinds
    assert "contradicts" not in set(catalog.links["kind"])
    # A link says what the two claims share: a city's headcount backs a national claim, a newer
    # count of the same city's graduates updates the older statement about them.
    assert kinds[("cdmx-tech-specialists", "mx-talent-pool")] == "corroborates"
    assert kinds[("cdmx-tech-specialists", "cdmx-talent-pool")] == "updates"
    assert kinds[("cdmx-graduates-2023", "cdmx-graduates")] == "updates"
    # Background is context: neither pitched as a strength nor listed as a challenge.
    stance = dict(zip(catalog.claims["id"], catalog.claims["stance"], strict=True))
    assert stance["bay-not-enough"] == "context"  # the Bay Area's shortfall is not its strength
    assert {stance[c] for c in ("gdl-mariachi", "mx-publisher-invests", "bay-capital-admired")} == {
        "context"
    }
    # Rising pay is the cost objection a rep meets, as the ingest files it: a challenge.
    assert stance["cdmx-tech-wages-rising"] == "challenge"
    # A claim sits where its paragraph puts it: the IT-services paragraph names no city.
    place = dict(zip(catalog.claims["id"], catalog.claims["place"], strict=True))
    assert place["gdl-it-services"] == "jalisco"
    # Figures say where they count; a fall is negative.
    boundary = {f.id: f.boundary for _, pack in packs for f in pack.figures}
    assert boundary["gdl-municipality-population"] == "municipality"
    assert boundary["gdl-metro-population"] == "metro area"
    assert boundary["cdmx-residents-2021"] == "not stated"
    measure = dict(zip(catalog.figures["id"], catalog.figures["measure"], strict=True))
    populations = ("gdl-municipality-population", "gdl-metro-population", "cdmx-residents-2021")
    assert len({measure[f] for f in populations}) == 3  # never paired as one measure
    assert measure["cdmx-tech-wage-growth"] != measure["us-tech-wage-growth"]  # city vs country
    value = dict(zip(catalog.figures["id"], catalog.figures["value"], strict=True))
    assert value["nw-warehouse-investment-1q24"] == -53
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
    # The article names no address for its buttons: none is recorded (none invented).
    assert [a.target for cta in catalog.calls for a in cta.actions] == [None, None, None]
    assert set(catalog.responses["remedy"]) == {
        "mx-own-strengths",
        "mx-add-own-offerings",
        "mx-partnerships",
    }
