"""What a draft still needs before publishing, and the publishing step's guard."""

from __future__ import annotations

from pathlib import Path

import pytest

from insights import ingest
from insights.content import load
from insights.ingest import review
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
    "claims[{id}].text: still word for word from the article (¶{p}); paraphrase it before "
    "publishing"
)
IDS_AND_PARAGRAPHS = [
    ("testville-p3-s1", 3),
    ("testville-p3-s2", 3),
    ("testville-p4-s1", 4),
    ("testville-p5-s1", 5),
    ("testville-p5-s2", 5),
]
PARAPHRASES = factory.TESTVILLE_PARAPHRASES
GISTS = ingest.SourceEdits(gists=factory.TESTVILLE_GISTS)
LEANS = (
    "claims[{id}].text: opens with {word!r}, which leans on a sentence before it; name the "
    "subject so the claim stands alone on a slide"
)
TODO_GISTS = "source.paragraphs: 5 gists still to summarise in our own words (¶1, ¶3, ¶4, ¶5, ¶6)"


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
    notes = review.review_pack(pack)
    assert [(str(n), n.blocks) for n in notes] == [
        ("source.publisher: still a placeholder; give the source's own", True),
        ("source.url: still a placeholder; give the source's own", True),
        ("source.bias: still a placeholder; give the source's own", True),
        (TODO_GISTS, True),
        (COPIED.format(id="testville-p3-s1", p=3), True),
        (COPIED.format(id="testville-p3-s2", p=3), True),
        (LEANS.format(id="testville-p3-s2", word="Its"), True),
        ("claims[testville-p3-s2].stance: no lexicon word decided it; check it", False),
        (COPIED.format(id="testville-p4-s1", p=4), True),
        (COPIED.format(id="testville-p5-s1", p=5), True),
        (LEANS.format(id="testville-p5-s1", word="However"), True),
        (COPIED.format(id="testville-p5-s2", p=5), True),
        (LEANS.format(id="testville-p5-s2", word="Therefore"), True),
        ("source.paragraphs[].text: the article's own words; remove them when publishing", False),
        ("status: draft; set it to published once the points above are done", False),
    ]
    assert [n.field for n in review.blocks_publishing(pack)] == [
        "source.publisher",
        "source.url",
        "source.bias",
        "source.paragraphs",
        *(f"claims[{i}].text" for i, _ in IDS_AND_PARAGRAPHS[:2]),
        "claims[testville-p3-s2].text",
        "claims[testville-p4-s1].text",
        *("claims[testville-p5-s1].text",) * 2,
        *("claims[testville-p5-s2].text",) * 2,
    ]


def test_a_published_pack_has_nothing_to_review():
    pack, _ = load.check_pack_text(factory.dump(factory.pack()), "p.yaml")
    assert review.review_pack(pack) == []


@pytest.mark.parametrize(
    ("paraphrase", "publish", "edits", "status", "reasons"),
    [
        (False, False, None, "draft", []),
        (True, True, GISTS, "published", []),
        (
            False,
            True,
            GISTS,
            None,
            [
                COPIED.format(id="testville-p3-s1", p=3),
                COPIED.format(id="testville-p3-s2", p=3),
                LEANS.format(id="testville-p3-s2", word="Its"),
                COPIED.format(id="testville-p4-s1", p=4),
                COPIED.format(id="testville-p5-s1", p=5),
                LEANS.format(id="testville-p5-s1", word="However"),
                COPIED.format(id="testville-p5-s2", p=5),
                LEANS.format(id="testville-p5-s2", word="Therefore"),
            ],
        ),
        # Every claim paraphrased, every gist still the placeholder: not published.
        (True, True, None, None, [TODO_GISTS]),
        (
            True,
            True,
            ingest.SourceEdits(gists={**factory.TESTVILLE_GISTS, 4: "  "}),
            None,
            ["source.paragraphs: 1 gist still to summarise in our own words (¶4)"],
        ),
    ],
)
def test_finalise_publishes_only_paraphrased_claims_and_summarised_paragraphs(
    paraphrase, publish, edits, status, reasons
):
    draft, rows = draft_and_rows(paraphrase)
    pack, why = review.finalise(draft, rows, publish, "t.yaml", edits)
    assert why == reasons
    assert (pack or {}).get("status") == status


@pytest.mark.parametrize(
    ("edits", "fields"),
    [
        (ingest.SourceEdits(), ["publisher", "url", "bias"]),
        (ingest.SourceEdits(publisher="Made-up Press"), ["url", "bias"]),
        (
            ingest.SourceEdits(
                publisher="P", url="https://example.test/a", bias="A made-up bias note."
            ),
            [],
        ),
    ],
)
def test_source_placeholders_block_publishing(edits, fields):
    draft = ingest.ingest_text(
        ingest.read_article(ARTICLE), str(ARTICLE), ingest.SourceFacts("Testville", lat=0, lon=0)
    )
    rows = [{**row, "text": PARAPHRASES[row["id"]]} for row in ingest.list_proposals(draft)]
    edits = ingest.SourceEdits(
        edits.publisher, edits.title, edits.url, edits.bias, factory.TESTVILLE_GISTS
    )
    pack, why = review.finalise(draft, rows, True, "t.yaml", edits)
    assert why == [f"source.{f}: still a placeholder; give the source's own" for f in fields]
    assert (pack is None) is bool(fields)


def test_a_published_pack_with_a_placeholder_is_noted():
    pack, _ = load.check_pack_text(factory.dump(factory.pack()), "p.yaml")
    source = pack.source.model_copy(update={"publisher": ingest.PUBLISHER_TODO})
    placeholder = pack.model_copy(update={"source": source})
    assert [(str(n), n.blocks) for n in review.review_pack(placeholder)] == [
        ("source.publisher: still a placeholder; give the source's own", True)
    ]


def test_a_published_pack_keeps_none_of_the_article():
    draft, rows = draft_and_rows(paraphrase=True)
    pack, _ = review.finalise(draft, rows, True, "t.yaml", GISTS)
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
                "Claim testville-p4-s1: another pack already uses this id; change it in the "
                "claim's Id box",
            ],
        ),
    ],
)
def test_find_clashes(pack_ids, claim_ids, notes):
    draft, _ = draft_and_rows(paraphrase=False)
    assert review.find_clashes(draft, pack_ids, claim_ids) == notes


@pytest.mark.parametrize(
    ("text", "note"),
    [
        # Eight words in a row from the article.
        (
            "Testville, a fictional city in an imaginary country, hosts firms like Acme Widgets.",
            "claims[testville-p3-s1].text: still word for word from the article (¶3); "
            "paraphrase it before publishing",
        ),
        # No eight-word run, yet the article's sentence with a few words swapped.
        (
            "Testville, a fictional town in an imagined country, is home to several software "
            "firms including Acme Widgets, Globex and Initech.",
            "claims[testville-p3-s1].text: close to the article's wording (90% alike, ¶3); "
            "paraphrase it further",
        ),
        (PARAPHRASES["testville-p3-s1"], None),
    ],
)
def test_copies_and_near_copies_block_publishing(text, note):
    draft, rows = draft_and_rows(paraphrase=True)
    rows = [{**row, "text": text} if row["id"] == "testville-p3-s1" else row for row in rows]
    pack, why = review.finalise(draft, rows, True, "t.yaml", GISTS)
    assert why == ([note] if note else [])
    assert (pack is None) is (note is not None)


def test_characters_stripped_from_a_claim_are_noted_without_blocking():
    text = "2024-01-02\n\nTestville is home\u202e to many soft\u200bware companies\u0007 today."
    draft = ingest.ingest_text(text, "a.txt", FACTS)
    claim = draft["claims"][0]
    assert claim["text"] == "Testville is home to many software companies today."
    assert claim["proposal"]["stripped"] == ["U+202E", "U+200B", "U+0007"]
    pack, _ = load.check_pack_text(ingest.dump_pack(draft), "d.yaml")
    notes = [n for n in review.review_pack(pack) if "invisible" in n.message]
    assert [(str(n), n.blocks) for n in notes] == [
        (
            "claims[testville-p2-s1].text: invisible or control characters were removed from "
            "the article's sentence (U+202E, U+200B, U+0007); check the wording",
            False,
        )
    ]


CLAIMS = [
    {"id": "x-p3-s1", "paragraph": 3},
    {"id": "x-p3-s2", "paragraph": 3},
    {"id": "x-p5-s1", "paragraph": 5},
]


@pytest.mark.parametrize(
    ("line", "plain"),
    [
        (
            "claims[x-p3-s2].text: still word for word from the article (¶3); paraphrase it "
            "before publishing",
            "Claim 2 of paragraph 3 is still the article's own words; paraphrase it before "
            "publishing",
        ),
        (
            "claims[x-p5-s1].stance: no lexicon word decided it; check it",
            "Claim 1 of paragraph 5, its stance: no word of the sentence decided it; check it",
        ),
        ("source.url: still a placeholder", "Address (URL): still a placeholder"),
        (
            "figures: check each one's measure (figures compare across packs by measure id)",
            "Figures: check each one's measure (figures of one measure are compared across "
            "regions)",
        ),
        ("claims[gone].text: too long", "Claim gone: too long"),
        ("no field here", "no field here"),
    ],
)
def test_describe_line(line, plain):
    assert review.describe_line(line, CLAIMS) == plain


def test_a_stance_set_by_hand_clears_its_note():
    draft, rows = draft_and_rows(paraphrase=True)
    undecided = [n.field for n in review.check_edits(draft, rows) if n.field.endswith("].stance")]
    assert undecided
    first = undecided[0].removeprefix("claims[").removesuffix("].stance")
    proposed = next(r["stance"] for r in rows if r["id"] == first)
    chosen = "context" if proposed != "context" else "strength"
    edited = [{**r, "stance": chosen} if r["id"] == first else r for r in rows]
    after = [n.field for n in review.check_edits(draft, edited) if n.field.endswith("].stance")]
    assert after == undecided[1:]
