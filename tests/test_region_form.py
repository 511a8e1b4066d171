"""The Add a region page (ui/region_form.py) under AppTest: propose, review beside the
paragraph, save a draft in the store; the admin page's Content view publishes it only once
nothing blocks it, and only for an admin (on a laptop: with the admin password)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from insights import cli, ingest
from insights.content.text import escape_markdown as esc
from insights.quotes import packs, store
from tests import factory
from tests.apptest import ROOT, open_page, switch_to

ADMIN_PASSWORD = "correct horse battery staple"

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


@pytest.fixture(autouse=True)
def _admin_password(monkeypatch):
    monkeypatch.setenv("INSIGHTS_ADMIN_PASSWORD", ADMIN_PASSWORD)


def stored(data_dir: Path, pack_id: str) -> packs.StoredPack | None:
    """The pack as the app's store (this test's own SQLite file) holds it."""
    engine = store.make_engine(store.default_database_url(data_dir.parent / "state"))
    try:
        return packs.find_pack(engine, pack_id)
    finally:
        engine.dispose()


def publish(at: AppTest, password: str | None = ADMIN_PASSWORD) -> AppTest:
    """Save the draft, then approve it on the admin page's Content view, as an admin would."""
    at.button(key="add.save").click().run()
    assert not at.exception
    at = switch_to(at, "pages/admin.py").run()
    if password is not None:
        at.text_input(key="admin.password").input(password)
        at.button(key="admin.unlock").click().run()
    at.selectbox(key="content.approve_which").set_value(
        at.selectbox(key="content.approve_which").options[0]
    )
    return at.button(key="content.approve").click().run()


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
    # In plain words, never a field path.
    assert (
        "Claim 1 of paragraph 3 is still the article's own words; paraphrase it before publishing"
        in report
    )
    assert "claims[" not in report


def test_a_draft_is_saved_in_the_store_and_stays_hidden_until_asked(data_dir):
    at = proposed(data_dir)
    at.button(key="add.save").click().run()
    assert not at.exception
    # Never written into the content folder: the store holds it.
    assert sorted(p.name for p in data_dir.iterdir()) == ["sales.yaml"]
    saved = stored(data_dir, "testville-testville")
    assert (saved.status, saved.created_by) == ("draft", "this machine")
    # Said at once, under the button; on the next run at the top, the review of it gone.
    assert esc("Saved draft testville-testville in the team's store.") in at.success[0].value
    at.run()
    assert esc("Saved draft testville-testville in the team's store.") in at.success[0].value
    assert "Review the proposed claims" not in [h.value for h in at.subheader]
    # Named by its id, never by a server path.
    assert str(data_dir.parent) not in at.success[0].value
    assert at.multiselect(key="filters.region").options == ["Testland"]
    at.toggle(key="filters.drafts").set_value(True).run()
    assert at.multiselect(key="filters.region").options == ["Testland", "Testville"]
    # Shown with drafts, a draft's claims say so on their cards.
    at.multiselect(key="filters.region").set_value(["Testville"]).run()
    cards = switch_to(at, "pages/companies.py").run()
    captions = [c.value for c in cards.caption if "bias:" in c.value]
    assert captions
    assert all(c.startswith(esc("Draft · Publisher to confirm, 2 May 2024, ¶")) for c in captions)


def test_a_saved_draft_is_reopened_and_finished_later(data_dir):
    at = proposed(data_dir, SOURCE)
    at.button(key="add.save").click().run()
    # Another session (another tab, or another app server on the same store) picks it up.
    later = open_page("pages/add_region.py")
    assert later.selectbox(key="add.reopen").options == ["Testville (testville), by this machine"]
    later.selectbox(key="add.reopen").set_value("testville-testville")
    later.button(key="add.reopen_go").click().run()
    assert later.subheader[0].value == "Review the proposed claims"
    later = paraphrase(later, factory.TESTVILLE_GISTS)
    later.button(key="add.save").click().run()
    assert not later.exception
    assert not later.error
    text = stored(data_dir, "testville-testville").body
    assert factory.TESTVILLE_PARAPHRASES["testville-p3-s1"] in text
    assert ingest.GIST_TODO not in text


def test_a_second_article_about_the_region_saves_beside_the_first(data_dir):
    at = proposed(data_dir, SOURCE)
    at.button(key="add.save").click().run()
    second = open_page("pages/add_region.py")
    second.text_input(key="add.region").input("Testville")
    second.text_input(key="add.title").input("Testville revisited")
    second.number_input(key="add.lat").set_value(0.0)
    second.number_input(key="add.lon").set_value(0.0)
    second.text_area(key="add.text").input(ARTICLE.read_text(encoding="utf-8") + "\nMore.")
    second.run()
    second.button(key="add.propose").click().run()
    # Its ids, taken by the first, get a suffix; each stays editable.
    ids = [a.key for a in second.text_input if a.key.endswith(".id")]
    assert ids[0] == "add.1.testville-p3-s1-2.id"
    second.text_input(key="add.1.testville-p3-s1-2.id").input("testville-firms-2024")
    second.run()
    second.button(key="add.save").click().run()
    assert not second.exception
    assert not second.error
    body = stored(data_dir, "testville-testville-revisited").body
    assert "id: testville-firms-2024" in body
    assert "id: testville-p3-s2-2" in body


def test_the_same_article_again_is_flagged_not_linked_to_itself(data_dir):
    at = proposed(data_dir, SOURCE)
    at.button(key="add.save").click().run()
    again = proposed(data_dir, {**SOURCE, "add.title": "Copy"})
    assert not again.exception
    assert esc("This article was ingested before, as testville-testville.") in (
        again.warning[0].value
    )
    draft = again.session_state["add.draft"]
    assert draft["ingested"]["links"] == []


def test_a_bad_claim_id_is_refused_in_plain_words(data_dir):
    at = proposed(data_dir)
    at.text_input(key=claim_key("testville-p3-s1", "id")).input("Bad Id!")
    at.run()
    at.button(key="add.save").click().run()
    assert "The draft was not saved" in at.error[0].value
    assert at.main.code[-1].value == (
        "Claim testville-p3-s1: the new id 'Bad Id!' may hold only a-z, 0-9 and single dashes"
    )
    assert stored(data_dir, "testville-testville") is None


def test_publishing_a_copied_draft_is_refused(data_dir):
    at = publish(proposed(data_dir, SOURCE))
    assert not at.exception
    assert "cannot be published yet" in at.error[0].value
    assert esc("Claim 1 of paragraph 3 is still the article's own words") in at.error[0].value
    assert stored(data_dir, "testville-testville").status == "draft"


def test_publishing_with_placeholder_gists_is_refused(data_dir):
    at = publish(paraphrase(proposed(data_dir, SOURCE), {}))
    assert not at.exception
    assert at.error[0].value == esc(
        "cannot be published yet: Paragraph summaries: 5 gists still to summarise in our own "
        "words (¶1, ¶3, ¶4, ¶5, ¶6)"
    )
    assert stored(data_dir, "testville-testville").status == "draft"


def test_publishing_with_a_placeholder_source_is_refused(data_dir):
    at = publish(paraphrase(proposed(data_dir), factory.TESTVILLE_GISTS))
    assert not at.exception
    assert at.error[0].value == esc(
        "cannot be published yet: "
        + "; ".join(
            f"{field}: still a placeholder; give the source's own"
            for field in ("Publisher", "Address (URL)", "Bias")
        )
    )


def test_a_paraphrased_and_summarised_draft_is_published_by_the_admin(data_dir):
    at = publish(paraphrase(proposed(data_dir, SOURCE), factory.TESTVILLE_GISTS))
    assert not at.exception
    assert not at.error
    assert at.success[-1].value == esc("Published testville-testville: it is live for every rep.")
    done = stored(data_dir, "testville-testville")
    assert (done.status, done.published_by) == ("published", "this machine")
    assert done.published_at is not None
    assert "status: published" in done.body
    assert ingest.GIST_TODO not in done.body
    # Live without drafts: the published catalog carries it.
    overview = switch_to(at, "pages/overview.py").run()
    assert overview.multiselect(key="filters.region").options == ["Testland", "Testville"]
    assert cli.main(["validate", str(data_dir)], io.StringIO()) == 0


def test_a_laptop_needs_the_admin_password_to_publish(data_dir):
    at = proposed(data_dir, SOURCE)
    at = paraphrase(at, factory.TESTVILLE_GISTS)
    at.button(key="add.save").click().run()
    at = switch_to(at, "pages/admin.py").run()
    # The admin page asks for the password before anything, Content included.
    assert "content.approve" not in [b.key for b in at.button]
    assert "admin.password" in [t.key for t in at.text_input]
    assert stored(data_dir, "testville-testville").status == "draft"


FIGUREVILLE = ARTICLE.with_name("figureville.txt")


@pytest.mark.parametrize(
    ("dropped", "figures", "left_out"),
    [
        (set(), factory.FIGUREVILLE_FIGURES, []),
        (
            {"figureville-p4-s1"},
            factory.FIGUREVILLE_FIGURES[:2],
            [
                "Figures: 'US$45 million' (figureville-p4-s1, ¶4): its claim "
                "figureville-p4-s1 is not kept; left out of the published pack",
                "Figures: '30%' (figureville-p4-s1, ¶4): its claim figureville-p4-s1 "
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
        f"Figures: {len(figures)} proposed figure{'' if len(figures) == 1 else 's'} "
        f"{'goes' if len(figures) == 1 else 'go'} into the pack's figures when publishing; "
        "check each one's measure (figures of one measure are compared across regions)"
    )
    assert [line for line in report if line.startswith("Figures:")] == [
        carried,
        *left_out,
    ]
    at = publish(at)
    assert not at.exception
    assert not at.error
    pack = yaml.safe_load(stored(data_dir, "figureville-figureville").body)
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
        (
            ("evil.exe", b"MZ\x90\x00", "application/octet-stream"),
            "evil.exe: this kind of file (.exe) cannot be read; upload an article as plain "
            "text, Markdown or HTML (.txt, .md, .markdown, .html, .htm)",
        ),
        (
            ("x.yaml", b"id: x\n", "application/yaml"),
            "x.yaml: this kind of file (.yaml) cannot be read; upload an article as plain "
            "text, Markdown or HTML (.txt, .md, .markdown, .html, .htm)",
        ),
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


MARKDOWN = ARTICLE.with_name("testville.md")


def test_pasted_and_uploaded_markdown_give_the_same_draft(data_dir):
    pasted = proposed(data_dir, article=MARKDOWN)
    uploaded = open_page("pages/add_region.py")
    uploaded.text_input(key="add.region").input("Testville")
    uploaded.number_input(key="add.lat").set_value(0.0)
    uploaded.number_input(key="add.lon").set_value(0.0)
    uploaded.file_uploader(key="add.file").set_value(
        ("testville.md", MARKDOWN.read_bytes(), "text/markdown")
    )
    uploaded.run()
    uploaded.button(key="add.propose").click().run()
    assert not uploaded.exception
    one, other = pasted.session_state["add.draft"], uploaded.session_state["add.draft"]
    # The heading is the title, not paragraph 1 and a claim, whichever way the text came.
    assert one["source"]["title"] == other["source"]["title"] == "Testville in brief"
    assert one == other


def test_a_figures_label_is_edited_before_it_goes_live(data_dir):
    at = proposed(data_dir, SOURCE, FIGUREVILLE, "Figureville")
    at = paraphrase(at, factory.FIGUREVILLE_GISTS, factory.FIGUREVILLE_PARAPHRASES)
    [share] = [t for t in at.text_input if ".measure." in t.key and t.value == "share"]
    assert share.label == "Figure 30% (percent): what it measures"
    share.input("share of software exports").run()
    at = publish(at)
    assert not at.error
    pack = yaml.safe_load(stored(data_dir, "figureville-figureville").body)
    assert [
        (f["measure"], f["measure_label"]) for f in pack["figures"] if f["unit"] == "percent"
    ] == [("share-of-software-exports", "Share of software exports")]
