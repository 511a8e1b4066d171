"""The Markdown one-pager links nothing from data: titles, prospects and claims stay text."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from markdown_it import MarkdownIt

from insights.content.text import WORD_JOINER
from insights.outputs import markdown
from insights.pitch import talk
from insights.pitch.plan import Pitch
from tests import factory

TODAY = dt.date(2026, 11, 25)
# The source's own URL is the only link the one-pager may hold (the seller's close has none here).
PACK_LINKS = {"https://example.test/report"}


def render_gfm(text: str) -> str:
    """Render as GitHub-flavoured Markdown links: scheme:// and e-mail autolinks from the text."""
    md = MarkdownIt("commonmark", {"linkify": True}).enable(["linkify", "strikethrough"])
    # GFM links www., scheme:// and e-mail addresses, not bare domains (linkify-it's fuzzy links).
    md.linkify.set({"fuzzy_link": False})
    return md.render(text)


@pytest.mark.parametrize(
    ("title", "prospect", "claim_text", "trigger"),
    [
        ("https://evil.test/login", "Acme", "A claim.", "://"),
        ("Deck", "https://evil.test/login", "A claim.", "://"),
        ("Deck", "Acme", "Log in at https://evil.test/login now", "://"),
        ("Write to ceo@evil.test", "Acme", "A claim.", "@"),
        ("Deck", "sales@evil.test", "Mail x@evil.test", "@"),
        ("www.evil.test", "www.evil.test", "See www.evil.test/login", "www."),
    ],
)
def test_no_data_string_becomes_a_link(title, prospect, claim_text, trigger):
    data = factory.pack()
    data["claims"][0]["text"] = claim_text
    catalog = factory.catalog_of(data)
    made = talk.resolve_talk(
        Pitch(items=("test-c1",), title=title, prospect=prospect),
        catalog.claims,
        TODAY,
        factory.verify_rule(),
    )
    text = markdown.to_markdown(made)
    rendered = render_gfm(text)
    assert set(re.findall(r'href="([^"]*)"', rendered)) <= PACK_LINKS
    assert "evil" not in " ".join(re.findall(r'href="([^"]*)"', rendered))
    # Each trigger is broken by the same word joiner every other output uses.
    joined = {"://": ":" + WORD_JOINER + "//", "@": WORD_JOINER + "@", "www.": "www" + WORD_JOINER}
    assert joined[trigger] in text
    # Read back, the words are the same once the invisible joiner is taken out.
    plain = rendered.replace(WORD_JOINER, "")
    for shown in (title, prospect, claim_text):
        assert shown.replace("&", "&amp;") in plain


def test_the_packs_own_links_stay_live():
    catalog = factory.catalog_of(factory.pack())
    made = talk.resolve_talk(
        Pitch(items=("test-c1",)), catalog.claims, TODAY, factory.verify_rule()
    )
    rendered = render_gfm(markdown.to_markdown(made))
    assert set(re.findall(r'href="([^"]*)"', rendered)) == {"https://example.test/report"}
