import datetime as dt

import pandas as pd
import pytest

from insights.content import evidence
from insights.view import entities
from tests import factory


def test_in_view_keeps_entities_whose_claim_is_shown(catalog):
    shown = catalog.claims[catalog.claims["id"] == "test-c1"]
    assert list(entities.in_view(catalog.companies, shown)["name"]) == []
    assert list(entities.in_view(catalog.universities, shown)["sector"]) == ["public", "private"]


def test_in_view_follows_the_claim_ids_of_a_view(catalog):
    shown = catalog.claims.iloc[1:].reset_index(drop=True)
    assert list(entities.in_view(catalog.companies, shown)["name"]) == ["Acme", "Zenith"]
    assert list(entities.in_view(catalog.universities, shown)["sector"]) == []


def test_attach_claims_adds_citation_age_and_bias(catalog):
    out = entities.attach_claims(
        catalog.companies, catalog.claims, dt.date(2026, 1, 1), factory.verify_rule()
    )
    assert list(out["name"]) == ["Acme", "Zenith"]
    assert set(out["citation"]) == {"Example Research (then Old Example), 15 Mar 2020, ¶1"}
    assert set(out["age"]) == {"as of Mar 2020 — 5 years old: verify before presenting"}
    assert set(out["bias"]) == {"vendor blog"}
    assert set(out["as_of"]) == {"2020-03-15"}


@pytest.mark.parametrize(
    ("stale_after", "age"),
    [
        (5, "as of Mar 2020 — 5 years old: verify before presenting"),
        (6, "as of Mar 2020 — 5 years old"),
    ],
)
def test_attach_claims_judges_the_age_by_the_one_verify_rule(catalog, stale_after, age):
    rule = evidence.VerifyRule(stale_after)
    out = entities.attach_claims(catalog.companies, catalog.claims, dt.date(2026, 1, 1), rule)
    assert set(out["age"]) == {age}


def test_group_companies_puts_each_companys_claims_under_it(catalog):
    groups = entities.group_companies(catalog.companies, catalog.claims)
    assert [(g.name, g.also, g.places, [c["id"] for c in g.claims]) for g in groups] == [
        ("Acme", (), ("Alpha City",), ["test-c2"]),
        ("Zenith", (), ("Alpha City",), ["test-c2"]),
    ]


def test_a_company_named_otherwise_by_another_source_counts_once_under_its_name():
    data = factory.pack(
        companies=[
            {"name": "HP", "place": "alpha", "claim": "test-c2"},
            {"name": "Hewlett Packard", "known_as": "HP", "place": "beta", "claim": "test-c6"},
            {"name": "Acme", "place": "alpha", "claim": "test-c6"},
        ]
    )
    catalog = factory.catalog_of(data)
    assert entities.count_named(catalog.companies) == 2
    groups = entities.group_companies(catalog.companies, catalog.claims)
    assert [(g.name, g.also, g.places, [c["id"] for c in g.claims]) for g in groups] == [
        ("HP", ("Hewlett Packard",), ("Alpha City", "Beta Land"), ["test-c2", "test-c6"]),
        ("Acme", (), ("Alpha City",), ["test-c6"]),
    ]


@pytest.mark.parametrize(
    ("rows", "counts", "sentence"),
    [
        ([], {}, "none reported"),
        (
            [("public", 5, None), ("private", None, "several")],
            {"public": "5", "private": "several"},
            "5 public + several private",
        ),
        (
            [("public", 2, None), ("public", 3, None), ("private", 1, None)],
            {"public": "5", "private": "1"},
            "5 public + 1 private",
        ),
        ([("private", 2, "several")], {"private": "2 + several"}, "2 + several private"),
    ],
)
def test_count_and_describe_universities(rows, counts, sentence):
    frame = pd.DataFrame(rows, columns=["sector", "count", "qualifier"])
    assert entities.count_universities(frame) == counts
    assert entities.describe_universities(frame) == sentence


def test_pair_responses_pairs_each_challenge_in_view():
    data = factory.pack()
    data["responses"].append({"challenge": "test-c5", "remedy": "test-c4"})
    catalog = factory.catalog_of(data)
    pairs = entities.pair_responses(catalog.responses, catalog.claims, catalog.claims)
    assert [(p.challenge["id"], [r["id"] for r in p.remedies]) for p in pairs] == [
        ("test-c3", ["test-c4"]),
        ("test-c5", ["test-c4"]),
    ]


def test_pair_responses_shows_remedy_even_when_filtered_out(catalog):
    shown = catalog.claims[catalog.claims["stance"] == "challenge"]
    pairs = entities.pair_responses(catalog.responses, shown, catalog.claims)
    assert [[r["id"] for r in p.remedies] for p in pairs] == [["test-c4"], []]


def test_keep_challenges_keeps_the_obstacles_in_view(catalog):
    shown = catalog.claims.iloc[1:]
    kept = entities.keep_challenges(shown)
    assert len(kept) == 2
    assert set(kept["stance"]) == {"challenge"}


def test_every_remedy_a_source_offers_can_be_picked(catalog):
    assert entities.list_remedies(catalog.responses, catalog.claims) == {
        "test-c4": "Claim test-c4 says something."
    }
