"""Article ingest on articles written for the tests (tests/fixtures/articles, all made up)."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bench import ingest_eval
from insights import cli, ingest
from insights.content import load
from insights.errors import PackError
from insights.ingest import review

ARTICLES = Path(__file__).resolve().parent / "fixtures" / "articles"
# shared/ sits beside the checkout, on a developer's machine and in CI alike.
REAL_ARTICLE = (
    Path(__file__).resolve().parent.parent.parent / "shared/seeds/mexico-tech-hub-article.txt"
)
TESTVILLE = ingest.SourceFacts(region="Testville", lat=0.0, lon=0.0)


def draft_of(name: str, facts: ingest.SourceFacts = TESTVILLE) -> dict:
    """Ingest one fixture article and return its draft pack."""
    path = ARTICLES / name
    return ingest.ingest_text(ingest.read_article(path), str(path), facts)


@pytest.mark.parametrize(
    ("name", "title", "published", "paragraphs"),
    [
        (
            "testville.txt",
            None,
            dt.date(2024, 5, 2),
            [
                "Testville: a made-up tech hub for tests",
                "2024-05-02",
                "Testville, a fictional city in an imaginary country, is home to several software "
                "companies including Acme Widgets, Globex and Initech. Its founders often fly to "
                "Lisbon to meet customers.",
                "The city also boasts three public and a few private universities, and the "
                "University of Testville trains many engineers every year.",
                "However, weak regulation and slow permits hinder the flow of capital into "
                "Testville. Therefore, public-private partnerships should help the city attract "
                "investors.",
                "Is Testville the next big thing? Contact us to find out more.",
            ],
        ),
        (
            "testville.md",
            "Testville in brief",
            dt.date(2024, 3, 3),
            [
                "Published 3 March 2024 by a made-up paper.",
                "Testville's café scene draws software engineers from São Paulo and Zürich "
                "every year.",
                "Local firms:",
                "Acme Widgets builds robots for factories.",
                "Globex sells cloud software to customers abroad.",
                "A shortage of senior engineers slows hiring at startups.",
                "Read more on our site.",
            ],
        ),
        (
            "testville.html",
            "Testville report",
            dt.date(2023, 11, 5),
            [
                "Published on 2023-11-05.",
                "Testville is home to a growing cluster of robot companies, led by Acme Widgets.",
                "Talent: the University of Testville graduates many engineers.",
                "Two public universities teach robotics in Testville.",
                "Weak regulation is a risk for investors in Testville.",
            ],
        ),
    ],
)
def test_articles_are_read_into_numbered_paragraphs(name, title, published, paragraphs):
    path = ARTICLES / name
    article = ingest.read_article_text(ingest.read_article(path), str(path))
    assert list(article.paragraphs) == paragraphs
    assert (article.title, article.published) == (title, published)


def test_html_scripts_styles_and_navigation_are_dropped():
    article = ingest.read_html((ARTICLES / "testville.html").read_text(encoding="utf-8"))
    text = " ".join(article.paragraphs)
    assert "Script text" not in text
    assert "Hidden companies" not in text
    assert "color" not in text
    assert "Home | About" not in text


@pytest.mark.parametrize(
    ("name", "claims"),
    [
        (
            "testville.txt",
            [
                ("testville-p3-s1", 3, "industry", "strength", "testville", ["companies"]),
                ("testville-p3-s2", 3, "demand", "strength", "lisbon", ["customers"]),
                (
                    "testville-p4-s1",
                    4,
                    "talent",
                    "strength",
                    "testville",
                    ["universities", "university", "engineers"],
                ),
                (
                    "testville-p5-s1",
                    5,
                    "stability",
                    "challenge",
                    "testville",
                    ["regulation", "permits"],
                ),
                (
                    "testville-p5-s2",
                    5,
                    "partnerships",
                    "recommendation",
                    "testville",
                    ["partnerships", "public-private"],
                ),
            ],
        ),
        (
            "testville.md",
            [
                ("testville-p2-s1", 2, "talent", "strength", "testville", ["engineers"]),
                ("testville-p4-s1", 4, "industry", "strength", "testville", ["factories"]),
                ("testville-p5-s1", 5, "demand", "strength", "testville", ["customers"]),
                (
                    "testville-p6-s1",
                    6,
                    "talent",
                    "challenge",
                    "testville",
                    ["engineers", "hiring"],
                ),
            ],
        ),
        (
            "testville.html",
            [
                ("testville-p2-s1", 2, "industry", "strength", "testville", ["companies"]),
                (
                    "testville-p3-s1",
                    3,
                    "talent",
                    "strength",
                    "testville",
                    ["talent", "university", "graduates", "engineers"],
                ),
                ("testville-p4-s1", 4, "talent", "strength", "testville", ["universities"]),
                ("testville-p5-s1", 5, "capital", "challenge", "testville", ["investors"]),
            ],
        ),
    ],
)
def test_claims_are_proposed_with_paragraph_theme_stance_and_reason(name, claims):
    draft = draft_of(name)
    assert draft["status"] == "draft"
    found = [
        (c["id"], c["paragraph"], c["theme"], c["stance"], c["place"], c["proposal"]["theme_words"])
        for c in draft["claims"]
    ]
    assert found == [(*c[:5], c[5]) for c in claims]


@pytest.mark.parametrize(
    ("name", "stance_words"),
    [
        (
            "testville.txt",
            [
                ["home to"],
                [],
                ["boasts", "many"],
                ["hinder", "weak", "slow"],
                ["should", "therefore"],
            ],
        ),
        ("testville.md", [[], [], [], ["shortage", "slows"]]),
        ("testville.html", [["home to", "growing"], ["many"], [], ["weak", "risk"]]),
    ],
)
def test_stance_keeps_the_words_that_decided_it(name, stance_words):
    assert [c["proposal"]["stance_words"] for c in draft_of(name)["claims"]] == stance_words


@pytest.mark.parametrize(
    ("name", "companies", "universities", "places", "responses"),
    [
        (
            "testville.txt",
            [
                ("Acme Widgets", "testville-p3-s1"),
                ("Globex", "testville-p3-s1"),
                ("Initech", "testville-p3-s1"),
            ],
            [
                (None, None, None, "University of Testville"),
                ("public", 3, None, None),
                ("private", None, "a few", None),
            ],
            [("testville", "region", 0.0, 0.0), ("lisbon", "city", 38.7251, -9.1498)],
            [("testville-p5-s1", "testville-p5-s2")],
        ),
        (
            "testville.md",
            [("Acme Widgets", "testville-p4-s1")],
            [],
            [
                ("testville", "region", 0.0, 0.0),
                ("sao-paulo", "city", -23.5475, -46.6361),
                ("zurich", "city", 47.3667, 8.55),
            ],
            [],
        ),
        (
            "testville.html",
            [("Acme Widgets", "testville-p2-s1")],
            [(None, None, None, "University of Testville"), ("public", 2, None, None)],
            [("testville", "region", 0.0, 0.0)],
            [],
        ),
    ],
)
def test_entities_places_and_links_are_found(name, companies, universities, places, responses):
    draft = draft_of(name)
    assert [(c["name"], c["claim"]) for c in draft["companies"]] == companies
    assert [
        (u.get("sector"), u.get("count"), u.get("qualifier"), u.get("name"))
        for u in draft["universities"]
    ] == universities
    assert [(p["id"], p["kind"], p["lat"], p["lon"]) for p in draft["places"]] == places
    assert [(r["challenge"], r["remedy"]) for r in draft["responses"]] == responses


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("testville.txt", {2: "Dateline: when the article appeared."}),
        ("testville.md", {1: "Dateline: when the article appeared."}),
        ("testville.html", {1: "Dateline: when the article appeared."}),
    ],
)
def test_the_draft_validates_and_keeps_the_article_for_review(name, said, tmp_path):
    draft = draft_of(name)
    pack, problems = load.check_pack_text(ingest.dump_pack(draft), "draft.yaml")
    assert problems == []
    assert pack.status == "draft"
    assert all(p.text for p in pack.source.paragraphs)
    # A dateline's gist is said for it; every other paragraph waits for ours.
    assert {p.number: p.gist for p in pack.source.paragraphs if p.gist != ingest.GIST_TODO} == said
    notes = review.review_pack(pack)
    # Every proposed claim is the article's sentence (some also lean on the one before it).
    copied = [n for n in notes if n.field.startswith("claims[") and "article" in n.message]
    assert all(n.blocks for n in copied)
    assert [n.field for n in copied] == [f"claims[{c.id}].text" for c in pack.claims]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "empty.txt", "empty.txt: is empty: there is no article to read"),
        (b"  \n\n\t ", "blank.md", "blank.md: is empty: there is no article to read"),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "photo.txt",
            "photo.txt: not a text file (it holds binary data)",
        ),
        (b"caf\xe9 au lait", "latin1.txt", "latin1.txt: not UTF-8 text (byte 3)"),
        (
            b"x" * (ingest.MAX_ARTICLE_BYTES + 1),
            "huge.txt",
            "huge.txt: larger than 2 MB; not read",
        ),
    ],
)
def test_unusable_articles_get_a_clear_error(data, name, message):
    with pytest.raises(PackError) as caught:
        ingest.decode_article(data, name)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty: there is no article to read"),
        (b"\x00\x01\x02binary", "not a text file (it holds binary data)"),
    ],
)
def test_read_article_names_the_file(tmp_path, content, message):
    path = tmp_path / "article.txt"
    path.write_bytes(content)
    with pytest.raises(PackError) as caught:
        ingest.read_article(path)
    assert str(caught.value) == f"{path}: {message}"


def test_oversized_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "big.txt"
    with path.open("wb") as f:
        f.truncate(ingest.MAX_ARTICLE_BYTES + 1)
    with pytest.raises(PackError, match="larger than 2 MB"):
        ingest.read_article(path)


@pytest.mark.parametrize(
    ("facts", "text", "field", "message"),
    [
        (
            ingest.SourceFacts(region="Testville"),
            "Testville is home to many software companies today.",
            "region",
            "'Testville' is not in the offline gazetteer; give its latitude and longitude",
        ),
        (
            TESTVILLE,
            "Testville is home to many software companies today.",
            "date",
            "the article states no date; give the date it was published",
        ),
        (
            TESTVILLE,
            "2024-01-01\n\nNothing here.",
            "",
            "no sentence reads as a claim about a place; nothing to draft",
        ),
    ],
)
def test_missing_facts_are_asked_for(facts, text, field, message):
    with pytest.raises(PackError) as caught:
        ingest.ingest_text(text, "pasted text", facts)
    assert (caught.value.file, caught.value.field, caught.value.message) == (
        "pasted text",
        field,
        message,
    )


def test_a_known_region_needs_no_coordinates():
    facts = ingest.SourceFacts(region="Lisbon", published=dt.date(2024, 1, 1))
    draft = ingest.ingest_text("Lisbon is home to many software companies.", "a.txt", facts)
    assert draft["places"] == [
        {"id": "lisbon", "name": "Lisbon", "kind": "city", "lat": 38.7251, "lon": -9.1498}
    ]


@pytest.mark.parametrize(
    ("name", "text", "fmt"),
    [
        ("a.html", "plain", "html"),
        ("a.HTM", "plain", "html"),
        ("a.md", "<p>x</p>", "markdown"),
        ("a.txt", "<p>x</p>", "text"),
        ("pasted text", "<div><p>x</p></div>", "html"),
        ("pasted text", "# Title\n\nBody", "markdown"),
        ("pasted text", "Title\n\nBody with a # sign", "text"),
    ],
)
def test_detect_format(name, text, fmt):
    assert ingest.detect_format(name, text) == fmt


@pytest.mark.parametrize(
    ("paragraph", "sentences"),
    [
        ("One. Two! Three?", ["One.", "Two!", "Three?"]),
        ("Firms, e.g. Acme, grow. Then more.", ["Firms, e.g. Acme, grow.", "Then more."]),
        ("J. Smith founded it. It grew.", ["J. Smith founded it.", "It grew."]),
        ("He said “yes.” Then left.", ["He said “yes.”", "Then left."]),
        ("Version 2.5 shipped. ok.", ["Version 2.5 shipped.", "ok."]),
    ],
)
def test_split_sentences(paragraph, sentences):
    assert ingest.split_sentences(paragraph) == sentences


@pytest.mark.parametrize(
    ("sentence", "names"),
    [
        ("The city hosts IBM, HP, Oracle and Intel.", ["IBM", "HP", "Oracle", "Intel"]),
        ("Testville's firms hire.", []),
        ("Firms in Testville's centre hire.", ["Testville"]),
        ("Work at the University of Testville grows.", ["University of Testville"]),
        ("Imitating Silicon Valley fails.", ["Silicon Valley"]),
        ("Acme Widgets builds robots.", ["Acme Widgets"]),
        ("Globex builds robots.", []),
        ("Known builds robots.", ["Known"]),
        ("At Peer 1 we invest.", ["Peer 1"]),
    ],
)
def test_find_names(sentence, names):
    lexicon = ingest.read_lexicon()
    assert ingest.find_names(sentence, frozenset({"Known"}), frozenset(lexicon.not_names)) == names


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        (
            "It has five public and several private universities.",
            [{"sector": "public", "count": 5}, {"sector": "private", "qualifier": "several"}],
        ),
        ("There are 12 private universities.", [{"sector": "private", "count": 12}]),
        ("Both public and private universities teach.", []),
        ("It has five public parks.", []),
    ],
)
def test_count_universities(sentence, found):
    assert ingest.count_universities(sentence) == found


@pytest.mark.parametrize(
    ("text", "slug"),
    [("Ciudad de México", "ciudad-de-mexico"), ("  São Paulo!! ", "sao-paulo"), ("東京", "x")],
)
def test_slugify(text, slug):
    assert ingest.slugify(text) == slug


def test_lexicon_errors_name_the_file_and_field(tmp_path):
    path = tmp_path / "lexicon.yaml"
    path.write_text(
        "themes: {talnet: [x]}\nstances: {}\nlinks: []\nnot_claims: []\nnot_names: []\n",
        encoding="utf-8",
    )
    with pytest.raises(PackError) as caught:
        ingest.read_lexicon(path)
    assert str(caught.value) == f"{path}: themes: ['talnet'] are not in the vocabulary"


def test_apply_edits_keeps_reviewed_rows_and_drops_the_rest():
    draft = draft_of("testville.txt")
    rows = ingest.list_proposals(draft)
    assert rows[0]["decided_by"] == "theme: companies; stance: home to"
    assert rows[1]["decided_by"] == "theme: customers; stance: none (check it)"
    rows[0] = {**rows[0], "text": "  Made-up firms   cluster here. ", "theme": "demand"}
    rows[3] = {**rows[3], "keep": False}
    edited = ingest.apply_edits(draft, rows)
    assert [c["id"] for c in edited["claims"]] == [
        "testville-p3-s1",
        "testville-p3-s2",
        "testville-p4-s1",
        "testville-p5-s2",
    ]
    assert (edited["claims"][0]["text"], edited["claims"][0]["theme"]) == (
        "Made-up firms cluster here.",
        "demand",
    )
    assert edited["responses"] == []  # its challenge was dropped
    assert draft["claims"][0]["theme"] == "industry"  # the draft given is left alone


def test_the_real_article_ingests_into_a_valid_draft(tmp_path):
    # The real article is read into tmp_path only: its words must never be committed.
    if not REAL_ARTICLE.exists():
        pytest.skip(f"no seed article at {REAL_ARTICLE} (shared/ beside the checkout)")
    facts = ingest.SourceFacts(region="Mexico", publisher="Aptum")
    draft = ingest.ingest_text(ingest.read_article(REAL_ARTICLE), str(REAL_ARTICLE), facts)
    pack, problems = load.check_pack_text(ingest.dump_pack(draft), "mexico.yaml")
    assert problems == []
    assert {"IBM", "HP", "Oracle", "Intel"} <= {c.name for c in pack.companies}
    assert [(u.sector, u.count, u.qualifier) for u in pack.universities] == [
        ("public", 5, None),
        ("private", None, "several"),
    ]
    assert "guadalajara" in {c.place for c in pack.claims}
    # Every claim is still the article's own words, so every one is held back for that.
    notes = [n for n in review.review_pack(pack) if n.field.endswith("].text")]
    notes = [n for n in notes if n.field.startswith("claims[")]
    copied = [n for n in notes if "word for word" in n.message]
    assert len(copied) == len(pack.claims)
    assert all(n.blocks for n in notes)


@pytest.mark.parametrize("depth", [1000, 5000])
def test_deeply_nested_html_gets_a_clear_message(tmp_path, depth):
    sentence = "Testville is home to many software companies today, 2024-01-02."
    path = tmp_path / "deep.html"
    path.write_text(f"{'<div>' * depth}<p>{sentence}</p>{'</div>' * depth}", encoding="utf-8")
    out = io.StringIO()
    args = ["ingest", str(path), "--region", "Testville", "--lat", "0", "--lon", "0"]
    assert cli.main([*args, "-o", str(tmp_path / "d.yaml")], out) == 1
    assert out.getvalue() == (
        f"error: {path}: its HTML nests elements {depth + 1:,} deep (at most "
        f"{ingest.article.MAX_HTML_DEPTH} are read); save the page as plain text and try again\n"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # markdown-it stops nesting at its own limit; the quote's words are then not read.
        ("> " * 5000 + "Testville is home to many software companies today.", "holds no paragraph"),
        (
            "".join(
                f"{'  ' * i}- Testville is home to many software companies.\n" for i in range(1000)
            ),
            None,
        ),
        ("[" * 5000 + "Testville is home to many software companies." + "]" * 5000, "no sentence"),
    ],
)
def test_deeply_nested_markdown_gives_a_draft_or_a_message(text, message):
    facts = ingest.SourceFacts(region="Testville", lat=0.0, lon=0.0, published=dt.date(2024, 1, 2))
    if message is None:
        draft = ingest.ingest_text(text, "deep.md", facts)
        assert "software companies" in draft["claims"][0]["text"]
    else:
        with pytest.raises(PackError, match=message) as caught:
            ingest.ingest_text(text, "deep.md", facts)
        assert caught.value.file == "deep.md"


def test_html_metadata_and_loose_text_are_read():
    page = (
        "<html><head><title>Recife report</title>"
        '<meta name="author" content="Ana Souza">'
        '<meta property="og:site_name" content="Daily Test">'
        '<meta property="article:published_time" content="2024-02-03"></head><body><article>'
        "<p>Recife is home to a growing cluster of software companies.</p>"
        "Loose words outside a paragraph still count as prose here.<p>Two more short words.</p>"
        "</article></body></html>"
    )
    article = ingest.read_article_text(page, "recife.html")
    assert article.paragraphs == (
        "Recife is home to a growing cluster of software companies.",
        "Loose words outside a paragraph still count as prose here.",
        "Two more short words.",
    )
    assert (article.title, article.author, article.site, article.published) == (
        "Recife report",
        "Ana Souza",
        "Daily Test",
        dt.date(2024, 2, 3),
    )


@pytest.mark.parametrize(
    ("text", "language", "date"),
    [
        (
            "Publicado el 20 de diciembre de 2017. La ciudad tiene muchas empresas.",
            "es",
            (2017, 12, 20),
        ),
        ("Posted Dec 20, 2017 by the team. The city has many firms.", "en", (2017, 12, 20)),
        ("Published 3 March 2024. The city has many firms and engineers.", "en", (2024, 3, 3)),
        ("Nothing dated here, though one of five firms grew in May.", "en", None),
    ],
)
def test_language_and_date_are_read(text, language, date):
    article = ingest.read_article_text(text, "a.txt")
    assert article.language == language
    assert article.published == (dt.date(*date) if date else None)


@pytest.mark.parametrize(
    ("paragraphs", "found"),
    [
        (
            ["La ciudad tiene muchas empresas de software y universidades que forman ingenieros."],
            ("es", True),
        ),
        (["The city has many software firms and universities that train engineers."], ("en", True)),
        (
            ["A cidade tem muitas empresas de software e universidades que formam engenheiros."],
            ("pt", True),
        ),
        # A few words CLD3 names some far language ("Hola" Zulu): read as English, said so.
        (["Hola"], ("en", False)),
        (["Testville grew."], ("en", False)),
        (["12345 678"], ("en", False)),
    ],
)
def test_detect_language(paragraphs, found):
    assert ingest.article.detect_language(paragraphs) == found


def test_an_unsure_language_is_noticed_in_the_draft():
    article = ingest.Article(
        ("Testville is home to many software companies.",),
        published=dt.date(2024, 1, 2),
        language_sure=False,
    )
    draft = ingest.build_draft(article, TESTVILLE, ingest.read_lexicons())
    assert draft["ingested"]["notices"] == [
        "The article's language could not be told from so little or so mixed text; it was "
        "read with the English rules."
    ]


def test_a_spanish_article_gives_a_spanish_draft():
    path = ARTICLES / "eval" / "colombia-software.txt"
    facts = ingest.SourceFacts(region="Colombia")
    draft = ingest.ingest_text(ingest.read_article(path), str(path), facts)
    assert draft["ingested"]["language"] == "es"
    assert draft["source"]["published"] == dt.date(2017, 12, 20)
    assert draft["claims"][0]["text"].startswith("Colombia vendió software")
    assert {p["id"] for p in draft["places"]} >= {"colombia", "bogota", "medellin", "cali"}
    assert {c["name"] for c in draft["companies"]} >= {"Procolombia", "Softland", "Heinsohn"}
    assert [(f["value"], f["unit"], f["currency"]) for f in draft["ingested"]["figures"]][:2] == [
        (600_000_000.0, "money", "USD"),
        (12.0, "percent", None),
    ]
    # "Por ello, …" opens a remedy, answering the challenge before it.
    assert draft["responses"] == [{"challenge": "colombia-p7-s1", "remedy": "colombia-p8-s1"}]


def test_a_capped_reading_says_so():
    sentence = "Testville is home to many software companies, part {n}."
    text = "2024-01-02\n\n" + "\n\n".join(sentence.format(n=n) for n in range(250))
    draft = ingest.ingest_text(text, "long.txt", TESTVILLE)
    assert len(draft["claims"]) == ingest.claims.MAX_PROPOSALS
    assert len(draft["source"]["paragraphs"]) == ingest.claims.MAX_PROPOSALS + 1
    assert draft["ingested"]["notices"] == [
        "Reading stopped at 200 claims: paragraphs 202 to 251 were not read for claims nor "
        "kept in the draft; split the article to review the rest."
    ]


@given(
    tags=st.lists(
        st.sampled_from(["div", "p", "ul", "li", "b", "span", "table", "td"]), max_size=400
    ),
    words=st.text(min_size=0, max_size=80),
    closed=st.booleans(),
)
def test_any_nesting_of_html_gives_a_draft_or_a_message(tags, words, closed):
    opening = "".join(f"<{t}>" for t in tags)
    closing = "".join(f"</{t}>" for t in reversed(tags)) if closed else ""
    page = f"<html><body>{opening}Testville is home to many software companies. {words}{closing}"
    facts = ingest.SourceFacts(region="Testville", lat=0.0, lon=0.0, published=dt.date(2024, 1, 2))
    try:
        draft = ingest.ingest_text(page, "random.html", facts)
    except PackError as exc:
        assert exc.file == "random.html"  # noqa: PT017 - either outcome is fine; a traceback is not
    else:
        assert draft["status"] == "draft"


# Ingests the 2 MB single paragraph in a child process of its own and prints, as JSON, the
# draft's shape, the ingest's CPU seconds and the child's peak resident memory in KB. VmHWM,
# not getrusage's ru_maxrss: Linux carries ru_maxrss over from the forked test process.
_MEASURED_BIG_PARAGRAPH = """
import json, time
from insights import ingest
sentence = "Monterrey hosts {} software firms such as Acme Corp, up {}% in 2023. "
paragraph = "".join(sentence.format(i, i % 50) for i in range(30_000))[: 2 * 1024 * 1024]
text = f"Monterrey report\\n\\n2024-01-02\\n\\n{paragraph}"
started = time.process_time()
draft = ingest.ingest_text(text, "big.txt", ingest.SourceFacts("Monterrey"))
cpu = time.process_time() - started
status = open("/proc/self/status").read().split("VmHWM:")[1]
print(json.dumps({
    "bytes": len(paragraph.encode("utf-8")),
    "claims": len(draft["claims"]),
    "paragraphs": [p["number"] for p in draft["source"]["paragraphs"]],
    "cpu": cpu,
    "peak_kb": int(status.split()[0]),
}))
"""


def test_a_2_mb_single_paragraph_is_read_within_the_targets():
    # The bench's 2 MB targets (make eval: 10 s of CPU, 300 MB peak) for the worst shape: one
    # paragraph, measured in a child so the peak is this ingest's and not pytest's.
    done = subprocess.run(
        [sys.executable, "-c", _MEASURED_BIG_PARAGRAPH],
        capture_output=True,
        text=True,
        check=False,
        cwd=ingest_eval.ROOT,
    )
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    assert got["bytes"] == 2 * 1024 * 1024
    assert (got["claims"], got["paragraphs"]) == (200, [1, 2, 3])
    assert got["cpu"] < ingest_eval.TARGETS["seconds"]
    assert got["peak_kb"] / 1024 < ingest_eval.TARGETS["megabytes"]


# A made-up article: the companies open sentences, or follow what they make.
MADE_UP_MONTERREY = """Monterrey report

2024-01-02

By Ana Ruiz

Ternium runs a large steel plant in Monterrey and plans to expand its industry operations.

Tesla announced a new factory near Monterrey that will bring manufacturing jobs to Nuevo Leon.

Steelmaker Ternium and carmaker Tesla both hire engineers from local universities in Monterrey.

In Monterrey, engineering salaries rose 12% in 2023 as many firms compete for talent.
"""


def test_a_made_up_article_naming_ternium_and_tesla():
    draft = ingest.ingest_text(MADE_UP_MONTERREY, "a.txt", ingest.SourceFacts("Monterrey"))
    assert [(c["name"], c["claim"]) for c in draft["companies"]] == [
        ("Ternium", "monterrey-p4-s1"),
        ("Tesla", "monterrey-p5-s1"),
        ("Ternium", "monterrey-p6-s1"),
        ("Tesla", "monterrey-p6-s1"),
    ]
    # The byline names the author and needs no gist of ours; the dateline neither.
    assert draft["ingested"]["author"] == "Ana Ruiz"
    assert [p["gist"] for p in draft["source"]["paragraphs"][1:3]] == [
        "Dateline: when the article appeared.",
        "Byline: who wrote the article.",
    ]


@pytest.mark.parametrize(
    ("sentence", "stance", "words"),
    [
        (
            "In Monterrey, engineering salaries rose 12% in 2023 as many firms compete for talent.",
            "challenge",
            ["salaries", "rose"],
        ),
        (
            "Office rents in Monterrey keep climbing as new firms arrive each year.",
            "challenge",
            ["rents", "climbing"],
        ),
        (
            "Monterrey is home to many software firms and growing talent every year.",
            "strength",
            ["home to", "growing", "many"],
        ),
    ],
)
def test_a_rise_in_pay_or_cost_is_a_challenge(sentence, stance, words):
    text = f"Monterrey report\n\n2024-01-02\n\n{sentence}"
    [claim] = ingest.ingest_text(text, "a.txt", ingest.SourceFacts("Monterrey"))["claims"]
    assert (claim["stance"], claim["proposal"]["stance_words"]) == (stance, words)
