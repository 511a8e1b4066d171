"""What a draft still needs before publishing, and the publishing step's guard."""

from __future__ import annotations

from pathlib import Path

import pytest

from insights import ingest, load, review
from tests import factory

ARTICLE = Path(__file__).resolve().parent / "fixtures" / "articles" / "testville.txt"
FACTS = ingest.SourceFacts(
    region="Testville",
    lat=0.0,
    lon=0.0,
    publisher="Made-up Press",
    url="https://example.test/testville",
    bias="A made-up publisher for tests.",
)
COPIED = (
    "claims[{i}].text: still word for word from the article (¶{p}); paraphrase it before publishing"
)
PARAPHRASES = factory.TESTVILLE_PARAPHRASES


def draft_and_rows(paraphrase: bool) -> tuple[dict, list[dict]]:
    """The test article's draft and its review rows, reworded or left as proposed."""
    draft = ingest.ingest_text(ingest.read_article(ARTICLE), str(ARTICLE), FACTS)
    rows = ingest.list_proposals(draft)
    if paraphrase:
        rows = [{**row, "text": PARAPHRASES[row["id"]]} for row in rows]
    return draft, rows


@pytest.mark.parametrize(
    ("text", "sources", "shared"),
    [
        (
            "one two three four five six seven eight",
            ["x one two three four five six seven eight"],
            True,
        ),
        (
            "One, two: three four five six seven EIGHT",
            ["one two three four five six seven eight"],
            True,
        ),
        (
            "one two three four five six seven nine",
            ["one two three four five six seven eight"],
            False,
        ),
        ("short copied text", ["a short copied text here"], True),
        ("short text", ["a short copied text here"], False),
        (
            "it\u2019s a run of eight words right here",
            ["it's a run of eight words right here"],
            True,
        ),
    ],
)
def test_shares_a_run(text, sources, shared):
    assert review.shares_a_run(text, sources) is shared


def test_review_lists_what_is_left_in_a_fresh_draft():
    draft = ingest.ingest_text(
        ingest.read_article(ARTICLE), str(ARTICLE), ingest.SourceFacts("Testville", lat=0, lon=0)
    )
    pack, _ = load.check_pack_text(ingest.dump_pack(draft), "d.yaml")
    assert review.review_pack(pack) == [
        "source.publisher: still a placeholder; give the source's own",
        "source.url: still a placeholder; give the source's own",
        "source.bias: still a placeholder; give the source's own",
        "source.paragraphs: 6 gist(s) still to summarise in our own words",
        COPIED.format(i=0, p=3),
        COPIED.format(i=1, p=3),
        "claims[1].stance: no lexicon word decided it; check it",
        COPIED.format(i=2, p=4),
        COPIED.format(i=3, p=5),
        COPIED.format(i=4, p=5),
        "source.paragraphs[].text: the article's own words; remove them when publishing",
        "status: draft; set it to published once the points above are done",
    ]


def test_a_published_pack_has_nothing_to_review():
    pack, _ = load.check_pack_text(factory.dump(factory.pack()), "p.yaml")
    assert review.review_pack(pack) == []


@pytest.mark.parametrize(
    ("paraphrase", "publish", "status", "reasons"),
    [
        (False, False, "draft", []),
        (True, True, "published", []),
        (
            False,
            True,
            None,
            [COPIED.format(i=i, p=p) for i, p in enumerate([3, 3, 4, 5, 5])],
        ),
    ],
)
def test_finalise_publishes_only_paraphrased_claims(paraphrase, publish, status, reasons):
    draft, rows = draft_and_rows(paraphrase)
    pack, why = review.finalise(draft, rows, publish, "t.yaml")
    assert why == reasons
    assert (pack or {}).get("status") == status


def test_a_published_pack_keeps_none_of_the_article():
    draft, rows = draft_and_rows(paraphrase=True)
    pack, _ = review.finalise(draft, rows, True, "t.yaml")
    text = ingest.dump_pack(pack)
    article = ARTICLE.read_text(encoding="utf-8")
    assert not review.shares_a_run(text, [article])
    assert all("text" not in p for p in pack["source"]["paragraphs"])
    assert all("proposal" not in c for c in pack["claims"])
    found, problems = load.check_pack_text(text, "t.yaml")
    assert problems == []
    assert found.status == "published"


def test_published_text_fields_are_refused_by_the_loader():
    draft, _ = draft_and_rows(paraphrase=False)
    _, problems = load.check_pack_text(ingest.dump_pack({**draft, "status": "published"}), "x.yaml")
    assert problems[0].field == "source.paragraphs[0].text"
    assert problems[0].message == (
        "the article's own words are kept only in a draft; remove them to publish"
    )


@pytest.mark.parametrize(
    ("pack_ids", "claim_ids", "notes"),
    [
        ([], [], []),
        (
            ["testville-testville"],
            ["testville-p4-s1"],
            [
                "id: 'testville-testville' is already a pack; change the region or title",
                "claims[2].id: 'testville-p4-s1' is already used by another pack",
            ],
        ),
    ],
)
def test_find_clashes(pack_ids, claim_ids, notes):
    draft, _ = draft_and_rows(paraphrase=False)
    assert review.find_clashes(draft, pack_ids, claim_ids) == notes
