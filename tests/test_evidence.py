import datetime as dt

import pytest

from insights.content import evidence
from tests import factory

TODAY = dt.date(2026, 12, 2)


def _catalog(*links_by_pack):
    """The factory pack (2020) and three newer sources, each with the links given for it."""
    old = factory.pack()
    newer = [
        factory.other_pack(pid, published, links=links)
        for (pid, published), links in zip(
            [
                ("newer-pack", "2024-05-03"),
                ("later-pack", "2019-06-17"),
                ("undated-pack", "not stated"),
            ],
            links_by_pack,
            strict=False,
        )
    ]
    return factory.catalog_of(old, *newer)


def _evidence(catalog, cid):
    linked = evidence.collect_linked([cid], catalog.links, catalog.claims)[cid]
    claims = catalog.claims.set_index("id")
    return linked, claims.loc[cid, "as_of"]


@pytest.mark.parametrize(
    ("links", "cid", "lines"),
    [
        ([[]], "test-c1", []),
        (
            [[factory.link("newer-c1", "test-c1")], [factory.link("later-c1", "test-c1")]],
            "test-c1",
            ["Also stated by 2 sources (2019, 2024)"],
        ),
        (
            [[factory.link("newer-c1", "test-c1", "updates")]],
            "test-c1",
            ["Updated by Newer Analytics, 2024"],
        ),
        (
            [[factory.link("newer-c1", "test-c1", "updates")]],
            "newer-c1",
            ["Updates Example Research, 2020"],
        ),
        (
            [
                [factory.link("newer-c1", "test-c1", "contradicts")],
                [factory.link("later-c1", "test-c1")],
            ],
            "test-c1",
            ["Contradicted by Newer Analytics, 2024", "Also stated by Newer Analytics, 2019"],
        ),
        (
            [[], [], [factory.link("undated-c1", "test-c1")]],
            "test-c1",
            ["Also stated by Newer Analytics, date not stated"],
        ),
        (
            [[factory.link("newer-c1", "test-c1", "contradicts")]],
            "newer-c1",
            ["Contradicts Example Research, 2020"],
        ),
        # A corroboration reads the same from either end.
        (
            [[factory.link("newer-c1", "test-c1")]],
            "newer-c1",
            ["Also stated by Example Research, 2020"],
        ),
    ],
)
def test_evidence_lines_name_the_other_sources_and_their_years(links, cid, lines):
    linked, _ = _evidence(_catalog(*links), cid)
    assert [line.text for line in evidence.make_lines(linked)] == lines


def test_each_line_opens_the_other_claim_with_its_own_citation():
    linked, _ = _evidence(
        _catalog([factory.link("newer-c1", "test-c1", note="same story")]), "test-c1"
    )
    (item,) = evidence.make_lines(linked)[0].claims
    assert (item.id, item.citation, item.note) == (
        "newer-c1",
        "Newer Analytics, 3 May 2024, ¶1",
        "same story",
    )


@pytest.mark.parametrize(
    ("links", "cid", "verify", "line"),
    [
        ([[]], "test-c1", True, ""),
        (
            [[factory.link("newer-c1", "test-c1")]],
            "test-c1",
            False,
            "no need to verify: corroborated by Newer Analytics, 3 May 2024",
        ),
        # A corroboration older than the window does not vouch for it.
        (
            [[], [factory.link("later-c1", "test-c1")]],
            "test-c1",
            True,
            "verify before presenting: every other source stating it is 3+ years old too",
        ),
        (
            [[factory.link("newer-c1", "test-c1", "updates")]],
            "test-c1",
            True,
            "verify before presenting: updated by Newer Analytics, 2024",
        ),
        (
            [[factory.link("newer-c1", "test-c1", "contradicts")]],
            "test-c1",
            True,
            "verify before presenting: contradicted by Newer Analytics, 2024",
        ),
        ([[factory.link("newer-c1", "test-c1")]], "newer-c1", False, ""),
    ],
)
def test_freshness_is_lifted_only_by_a_recent_corroboration(links, cid, verify, line):
    linked, own = _evidence(_catalog(*links), cid)
    assert evidence.judge_freshness(own, linked, TODAY, 3) == evidence.Freshness(verify, line)


def test_newest_evidence_is_the_newest_year_at_either_end():
    catalog = _catalog([factory.link("newer-c1", "test-c1")], [factory.link("later-c1", "test-c2")])
    newest = dict(zip(catalog.claims["id"], catalog.claims["newest_evidence"], strict=True))
    assert (newest["test-c1"], newest["test-c2"], newest["test-c3"]) == (2024, 2020, 2020)
    assert (newest["newer-c1"], newest["later-c1"]) == (2024, 2020)
    linked, own = _evidence(catalog, "test-c1")
    assert evidence.newest_year(own, linked) == 2024


@pytest.mark.parametrize(
    ("day", "shown"),
    [
        (dt.date(2019, 6, 17), "2019"),
        (evidence.citation.PartialDate(2023), "2023"),
        (evidence.citation.PartialDate(None, 2023), "figures for 2023"),
        (evidence.citation.PartialDate(), "date not stated"),
    ],
)
def test_format_year(day, shown):
    assert evidence.format_year(day) == shown


def test_sort_by_newest_evidence_puts_the_newest_first_and_undated_last():
    newer = factory.other_pack(links=[factory.link("newer-c2", "test-c6")])
    undated = factory.other_pack(
        "undated-pack",
        "not stated",
        claims=[factory.claim("undated-c1")],
        companies=[],
        universities=[],
        responses=[],
    )
    catalog = factory.catalog_of(factory.pack(), newer, undated)
    ordered = list(evidence.sort_by_newest_evidence(catalog.claims)["id"])
    assert ordered[:7] == ["test-c6", *(f"newer-c{n}" for n in range(1, 7))]
    assert ordered[-1] == "undated-c1"


def test_the_claims_frame_carries_each_claims_evidence_as_text():
    catalog = _catalog(
        [factory.link("newer-c1", "test-c1", "updates")], [factory.link("later-c1", "test-c1")]
    )
    summary = dict(zip(catalog.claims["id"], catalog.claims["evidence"], strict=True))
    assert (
        summary["test-c1"]
        == "Updated by Newer Analytics, 2024; Also stated by Newer Analytics, 2019"
    )
    assert summary["newer-c1"] == "Updates Example Research, 2020"
    assert summary["test-c2"] == ""


def test_the_evidence_text_reads_as_the_cards_lines_do():
    catalog = _catalog(
        [factory.link("newer-c1", "test-c1", "updates"), factory.link("newer-c2", "test-c1")],
        [factory.link("later-c1", "test-c1", "contradicts"), factory.link("later-c2", "newer-c2")],
        [factory.link("undated-c1", "test-c1"), factory.link("undated-c3", "later-c2")],
    )
    linked = evidence.collect_linked(catalog.claims["id"], catalog.links, catalog.claims)
    cards = [
        "; ".join(line.text for line in evidence.make_lines(linked[c]))
        for c in catalog.claims["id"]
    ]
    assert list(catalog.claims["evidence"]) == cards
    assert cards[0] == (
        "Contradicted by Newer Analytics, 2019; Updated by Newer Analytics, 2024; "
        "Also stated by 2 sources (2024, date not stated)"
    )
