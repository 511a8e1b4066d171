"""The Add a region page (ui/region_form.py) under AppTest: propose, review beside the
paragraph, save a draft, publish only once nothing blocks it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from insights import cli, ingest
from insights.content.text import escape_markdown as esc
from tests import factory
from tests.apptest import ROOT, open_page, switch_to

ARTICLE = ROOT / "tests" / "fixtures" / "articles" / "testville.txt"
SOURCE = {
    "add.publisher": "Made-up Press",
    "add.url": "https://example.test/testville",
    "add.bias": "A made-up publisher for tests.",
}


def proposed(
    data_dir: Path,
    source: dict[str, str] | None = None,
    article: Path = ARTICLE,
    region: str = "Testville",
) -> AppTest:
    """Open the page, fill in the region (and source fields given), paste the article, propose."""
    at = open_page("pages/add_region.py")
    at.text_input(key="add.region").input(region)
    at.number_input(key="add.lat").set_value(0.0)
    at.number_input(key="add.lon").set_value(0.0)
    for key, value in (source or {}).items():
        at.text_input(key=key).input(value)
    at.text_area(key="add.text").input(article.read_text(encoding="utf-8"))
    at.run()
    return at.button(key="add.propose").click().run()


def claim_key(cid: str, part: str) -> str:
    """The widget key of one part of one proposed claim, in the first draft of the session."""
    return f"add.1.{cid}.{part}"


def paraphrase(
    at: AppTest, gists: dict[int, str], wording: dict[str, str] = factory.TESTVILLE_PARAPHRASES
) -> AppTest:
    """Reword every proposed claim and write the gists given, as a reviewer would."""
    for cid, text in wording.items():
        at.text_area(key=claim_key(cid, "text")).input(text)
    for number, gist in gists.items():
        at.text_input(key=f"add.1.gist.{number}").input(gist)
    return at.run()


def publish(at: AppTest) -> AppTest:
    """Turn on "Publish now" and save."""
    at.toggle(key="add.publish").set_value(True).run()
    return at.button(key="add.save").click().run()


def test_each_claim_is_shown_beside_its_paragraph_with_labels(data_dir):
    at = proposed(data_dir)
    assert not at.exception
    paragraphs = [t.value for t in at.main.text]
    assert paragraphs[2].startswith("Testville, a fictional city")
    claims = [a.key for a in at.text_area if a.key.startswith("add.1.")]
    assert claims == [claim_key(c, "text") for c in factory.TESTVILLE_PARAPHRASES]
    theme = at.selectbox(key=claim_key("testville-p3-s1", "theme"))
    assert (theme.value, theme.format_func(theme.value)) == ("industry", "industry presence")
    report = "\n".join(c.value for c in at.main.code)
    assert "claims[testville-p3-s1].text: still word for word from the article (¶3)" in report


def test_a_draft_is_saved_and_stays_hidden_until_asked(data_dir):
    at = proposed(data_dir)
    at.button(key="add.save").click().run()
    assert not at.exception
    saved = data_dir / "testville-testville.yaml"
    assert saved.exists()
    out = io.StringIO()
    assert cli.main(["validate", str(data_dir)], out) == 0
    assert "(1 draft)" in out.getvalue()
    at.run()
    assert esc(f"Saved {saved}.") in at.success[0].value
    assert at.multiselect(key="filters.region").options == ["Testland"]
    at.toggle(key="filters.drafts").set_value(True).run()
    assert at.multiselect(key="filters.region").options == ["Testland", "Testville"]
    # Shown with drafts, a draft's claims say so on their cards.
    at.multiselect(key="filters.region").set_value(["Testville"]).run()
    cards = switch_to(at, "pages/companies.py").run()
    captions = [c.value for c in cards.caption if "bias:" in c.value]
    assert captions
    assert all(c.startswith(esc("Draft · Publisher to confirm, 2 May 2024, ¶")) for c in captions)


def test_publishing_a_copied_draft_is_refused(data_dir):
    at = publish(proposed(data_dir, SOURCE))
    assert not at.exception
    assert "The pack was not saved" in at.error[0].value
    report = "\n".join(c.value for c in at.main.code)
    assert "claims[testville-p3-s1].text: still word for word from the article (¶3)" in report
    assert not (data_dir / "testville-testville.yaml").exists()


def test_publishing_with_placeholder_gists_is_refused(data_dir):
    at = publish(paraphrase(proposed(data_dir, SOURCE), {}))
    assert not at.exception
    assert "The pack was not saved" in at.error[0].value
    reasons = at.main.code[-1].value.splitlines()
    assert reasons == [
        "source.paragraphs: 6 gists still to summarise in our own words (¶1, ¶2, ¶3, ¶4, ¶5, ¶6)"
    ]
    assert not (data_dir / "testville-testville.yaml").exists()


def test_publishing_with_a_placeholder_source_is_refused(data_dir):
    at = publish(paraphrase(proposed(data_dir), factory.TESTVILLE_GISTS))
    assert not at.exception
    assert at.main.code[-1].value.splitlines() == [
        f"source.{field}: still a placeholder; give the source's own"
        for field in ("publisher", "url", "bias")
    ]


def test_a_paraphrased_and_summarised_draft_is_published(data_dir):
    at = publish(paraphrase(proposed(data_dir, SOURCE), factory.TESTVILLE_GISTS))
    assert not at.exception
    assert not at.error
    saved = data_dir / "testville-testville.yaml"
    text = saved.read_text(encoding="utf-8")
    assert "status: published" in text
    assert ingest.GIST_TODO not in text
    assert cli.main(["validate", str(data_dir)], io.StringIO()) == 0


FIGUREVILLE = ARTICLE.with_name("figureville.txt")


@pytest.mark.parametrize(
    ("dropped", "figures", "left_out"),
    [
        (set(), factory.FIGUREVILLE_FIGURES, []),
        (
            {"figureville-p4-s1"},
            factory.FIGUREVILLE_FIGURES[:2],
            [
                "ingested.figures: 'US$45 million' (figureville-p4-s1, ¶4): its claim "
                "figureville-p4-s1 is not kept; left out of the published pack",
                "ingested.figures: '30%' (figureville-p4-s1, ¶4): its claim figureville-p4-s1 "
                "is not kept; left out of the published pack",
            ],
        ),
    ],
)
def test_publishing_makes_the_proposed_figures_the_packs(data_dir, dropped, figures, left_out):
    at = proposed(data_dir, SOURCE, FIGUREVILLE, "Figureville")
    at = paraphrase(at, factory.FIGUREVILLE_GISTS, factory.FIGUREVILLE_PARAPHRASES)
    for cid in dropped:
        at.checkbox(key=claim_key(cid, "keep")).uncheck()
    at.run()
    report = at.main.code[-1].value.splitlines()
    carried = (
        f"figures: {len(figures)} proposed figure{'' if len(figures) == 1 else 's'} "
        f"{'goes' if len(figures) == 1 else 'go'} into the pack's figures when publishing; "
        "check each one's measure (figures compare across packs by measure id)"
    )
    assert [line for line in report if line.startswith(("figures:", "ingested.figures:"))] == [
        carried,
        *left_out,
    ]
    at = publish(at)
    assert not at.exception
    assert not at.error
    pack = yaml.safe_load((data_dir / "figureville-figureville.yaml").read_text(encoding="utf-8"))
    assert pack["status"] == "published"
    assert [
        (f["id"], f["measure"], f["value"], f["unit"], f.get("scale"), f.get("qualifier"))
        for f in pack["figures"]
    ] == figures
    assert cli.main(["validate", str(data_dir)], io.StringIO()) == 0


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "text/plain"),
            "photo.txt: not a text file (it holds binary data)",
        ),
        (("empty.md", b"", "text/markdown"), "empty.md: is empty: there is no article to read"),
    ],
)
def test_a_bad_upload_gets_a_clear_error_and_keeps_what_was_typed(data_dir, upload, message):
    at = open_page("pages/add_region.py")
    at.text_input(key="add.region").input("Testville")
    at.number_input(key="add.lat").set_value(0.0)
    at.file_uploader(key="add.file").set_value(upload)
    at.run()
    at.button(key="add.propose").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [esc(message)]
    assert at.text_input(key="add.region").value == "Testville"
    assert at.number_input(key="add.lat").value == 0.0
    assert not list(data_dir.glob("testville*"))


def test_an_uploaded_article_is_let_go_once_proposed(data_dir):
    at = open_page("pages/add_region.py")
    at.text_input(key="add.region").input("Testville")
    at.number_input(key="add.lat").set_value(0.0)
    at.number_input(key="add.lon").set_value(0.0)
    at.file_uploader(key="add.file").set_value(
        ("testville.txt", ARTICLE.read_bytes(), "text/plain")
    )
    at.run()
    at.button(key="add.propose").click().run()
    assert not at.exception
    assert at.subheader[0].value == "Review the proposed claims"
    assert "add.upload_id" not in at.session_state
    at.run()
    # The draft holds what was read; the next run draws a fresh uploader, nothing keeps the file.
    assert at.subheader[0].value == "Review the proposed claims"
    assert at.file_uploader(key="add.file.1").value is None
    assert "add.file" not in at.session_state
