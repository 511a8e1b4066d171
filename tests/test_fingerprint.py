"""What a saved pitch remembers of its claims, and the changes it reports when reopened."""

from __future__ import annotations

import datetime as dt

import pytest

from insights.pitch import fingerprint
from insights.pitch.fingerprint import Change, Drift
from insights.pitch.plan import OwnAnswer, Pair, Pitch
from tests import factory


def catalog_with(**changes):
    """The small pack with test-c1 and test-c3 changed as asked."""
    data = factory.pack()
    claims = []
    for claim in data["claims"]:
        if claim["id"] in changes:
            if changes[claim["id"]] is None:
                continue
            claim = {**claim, **changes[claim["id"]]}
        claims.append(claim)
    return factory.catalog_of({**data, "claims": claims, "responses": []})


PITCH = Pitch(items=("test-c1", Pair("test-c3", "test-c4"), OwnAnswer("test-c5", "ours")))


@pytest.mark.parametrize(
    ("changes", "drift"),
    [
        ({}, ()),
        (
            {"test-c1": {"text": "Claim test-c1 says something else now."}},
            (("test-c1", "reworded"),),
        ),
        ({"test-c3": {"as_of": dt.date(2020, 1, 2)}}, (("test-c3", "re-dated"),)),
        ({"test-c4": None}, (("test-c4", "withdrawn"),)),
    ],
)
def test_a_saved_pitch_tells_which_claims_changed_since(changes, drift):
    saved = fingerprint.take_fingerprints(PITCH, factory.catalog_of(factory.pack()).claims)
    assert sorted(saved) == ["test-c1", "test-c3", "test-c4", "test-c5"]
    found = fingerprint.find_drift(saved, catalog_with(**changes).claims)
    assert tuple((d.claim, d.change.value) for d in found) == drift


def test_a_drift_says_what_changed():
    assert Drift("mx-energy", Change.REDATED).sentence == (
        "Claim mx-energy was re-dated since this pitch was saved."
    )
