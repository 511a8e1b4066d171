"""The catalog's frames: claims, places, figures and links laid out from validated packs."""

import pytest

from insights.content import citation, frames, load
from insights.view import entities
from tests import factory


def test_claims_frame_carries_citation_and_defaults_as_of_to_publication(catalog):
    row = catalog.claims.set_index("id").loc["test-c6"]
    assert row["citation"] == "Example Research (then Old Example), 15 Mar 2020, ¶2"
    assert str(row["as_of"]) == "2020-03-15"
    assert row["place_name"] == "Beta Land"
    assert row["theme_label"] == "talent & education"


def test_keep_published_leaves_drafts_out(tmp_path):
    draft = factory.pack(
        "draft-pack",
        status="draft",
        region={"id": "draftland", "name": "Draftland"},
        places=[
            *factory.PLACES[:1],
            {"id": "omega", "name": "Omega", "kind": "city", "lat": 0.0, "lon": 0.0},
        ],
        claims=[factory.claim("draft-c1", place="omega"), factory.claim("draft-c2")],
        companies=[{"name": "Draftco", "place": "omega", "claim": "draft-c1"}],
        universities=[],
        responses=[],
        call_to_action=None,
    )
    factory.write_pack(tmp_path, draft, "a-draft.yaml")
    factory.write_pack(tmp_path, factory.pack(), "b-published.yaml")
    every = load.load_packs(tmp_path)
    assert sorted(every.sources["status"]) == ["draft", "published"]
    shown = frames.keep_published(every)
    assert (frames.has_drafts(every), frames.has_drafts(shown)) == (True, False)
    assert set(shown.claims["pack"]) == {"test-pack"}
    assert set(shown.claims["status"]) == {"published"}
    # alpha is declared by the draft first, and by the published pack too: it stays.
    assert list(shown.places["id"]) == ["alpha", "beta", "gamma"]
    assert list(shown.companies["name"]) == ["Acme", "Zenith"]
    assert list(shown.sources["pack"]) == ["test-pack"]
    assert frames.keep_published(shown) is shown
    assert set(shown.companies["claim"]) <= set(shown.claims["id"])
    assert list(entities.in_view(shown.companies, shown.claims)["name"]) == ["Acme", "Zenith"]


@pytest.mark.parametrize(
    ("source", "citation_line", "as_of"),
    [
        (
            factory.source_dated(published="2021-07-15"),
            "Example Research (then Old Example), 15 Jul 2021, ¶1",
            "2021-07-15",
        ),
        (
            factory.source_dated(published="not stated", figures_year=2023),
            "Example Research (then Old Example), date not stated (figures for 2023), ¶1",
            "not stated",
        ),
        (
            factory.source_dated(published="not stated"),
            "Example Research (then Old Example), date not stated, ¶1",
            "not stated",
        ),
        (
            factory.source_dated(published_year=2023),
            "Example Research (then Old Example), 2023 (month not stated), ¶1",
            "2023",
        ),
    ],
)
def test_a_source_is_cited_as_dated_as_it_states(source, citation_line, as_of):
    claims = factory.catalog_of(factory.pack(source=source)).claims.set_index("id")
    assert claims.loc["test-c1", "citation"] == citation_line
    assert citation.format_iso(claims.loc["test-c1", "as_of"]) == as_of


def test_catalog_lays_out_figures_links_and_the_source_facet():
    newer = factory.other_pack(
        figures=[factory.figure("f1", claim="newer-c1", qualifier="more than")],
        links=[factory.link("newer-c1", "test-c1", kind="updates", note="a count")],
    )
    catalog = factory.catalog_of(factory.pack(), newer)
    fig = catalog.figures.iloc[0]
    assert (fig["measure"], fig["value"], fig["qualifier"], fig["place_name"]) == (
        "tech-specialists",
        300000,
        "more than",
        "Alpha City",
    )
    assert fig["citation"] == "Newer Analytics, 3 May 2024, ¶1"
    assert fig["claim"] == "newer-c1"
    link = catalog.links.iloc[0]
    assert (link["claim"], link["target"], link["kind"], link["target_pack"]) == (
        "newer-c1",
        "test-c1",
        "updates",
        "test-pack",
    )
    # What a "source" facet needs: an id column on the claims and a label per value.
    assert set(catalog.claims["source"]) == {"test-pack", "newer-pack"}
    labels = dict(zip(catalog.sources["source"], catalog.sources["label"], strict=True))
    assert labels == {
        "test-pack": "Example Research, 15 Mar 2020",
        "newer-pack": "Newer Analytics, 3 May 2024",
    }


def test_keep_published_leaves_drafts_figures_and_links_out():
    draft = factory.other_pack(
        status="draft",
        figures=[factory.figure("f1", claim="newer-c1")],
        links=[factory.link("newer-c1", "test-c1")],
    )
    shown = frames.keep_published(factory.catalog_of(factory.pack(), draft))
    assert shown.figures.empty
    assert shown.links.empty
