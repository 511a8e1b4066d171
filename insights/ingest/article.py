"""Reading an article: bytes checked, its format told, its paragraphs, title and date read."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import bs4
from markdown_it import MarkdownIt

from insights.errors import PackError

# Bounded so an upload or a stray file is refused with a message, not read into memory.
MAX_ARTICLE_BYTES = 2 * 1024 * 1024
HTML_SUFFIXES = (".html", ".htm")
MARKDOWN_SUFFIXES = (".md", ".markdown")
# Elements whose text is never article prose.
_DROPPED = (
    "script",
    "style",
    "noscript",
    "template",
    "head",
    "svg",
    "iframe",
    "form",
    "button",
    "nav",
)
_BLOCKS = frozenset(
    [
        "p",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "div",
        "section",
        "article",
        "main",
        "aside",
        "header",
        "footer",
        "nav",
        "blockquote",
        "pre",
        "table",
        "tr",
        "td",
        "th",
        "figure",
        "figcaption",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "br",
    ]
)
_HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ]
    )
}


@dataclass(frozen=True)
class Article:
    """An article read into numbered paragraphs (number i is paragraphs[i-1])."""

    paragraphs: tuple[str, ...]
    title: str | None = None
    published: dt.date | None = None


def decode_article(data: bytes, file: str) -> str:
    """Return an article's bytes as text, or raise PackError saying why they are not usable."""
    if len(data) > MAX_ARTICLE_BYTES:
        raise PackError(file, "", f"larger than {MAX_ARTICLE_BYTES // 2**20} MB; not read")
    if b"\x00" in data:
        raise PackError(file, "", "not a text file (it holds binary data)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PackError(file, "", f"not UTF-8 text (byte {exc.start})") from None
    if not text.strip():
        raise PackError(file, "", "is empty: there is no article to read")
    return text


def read_article(path: Path) -> str:
    """Read an article file as text, refusing oversized, binary and empty files by name."""
    try:
        if path.stat().st_size > MAX_ARTICLE_BYTES:
            raise PackError(str(path), "", f"larger than {MAX_ARTICLE_BYTES // 2**20} MB; not read")
        data = path.read_bytes()
    except OSError as exc:
        raise PackError(str(path), "", f"cannot be read: {exc.strerror}") from None
    return decode_article(data, str(path))


def detect_format(name: str, text: str) -> str:
    """Tell whether an article is ``html``, ``markdown`` or ``text``, by its name, then its look."""
    suffix = Path(name).suffix.casefold()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix == "" and re.search(r"<(html|body|p|div|article)\b", text, re.IGNORECASE):
        return "html"
    return "text"


def squash(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _html_blocks(node: bs4.Tag, out: list[tuple[str, str]], buf: list[str], tag: str) -> None:
    # Walking the tree and cutting at every block boundary keeps a list item's own words apart
    # from the items of a list nested inside it.
    def flush(kind: str) -> None:
        text = squash("".join(buf))
        if text:
            out.append((kind, text))
        buf.clear()

    for child in node.children:
        if isinstance(child, bs4.Comment | bs4.Doctype | bs4.ProcessingInstruction):
            continue
        if isinstance(child, bs4.NavigableString):
            buf.append(str(child))
        elif isinstance(child, bs4.Tag):
            if child.name in _DROPPED:
                continue
            if child.name in _BLOCKS:
                flush(tag)
                _html_blocks(child, out, buf, child.name)
                flush(child.name)
            else:
                _html_blocks(child, out, buf, tag)


def read_html(html: str) -> Article:
    """Read an HTML article into paragraphs, scripts and styles dropped; headings give a title."""
    soup = bs4.BeautifulSoup(html, "lxml")
    title_tag = soup.find("title")
    title = squash(title_tag.get_text()) if title_tag is not None else ""
    blocks: list[tuple[str, str]] = []
    root = soup.body or soup
    _html_blocks(root, blocks, [], "body")
    headings = [text for kind, text in blocks if kind in _HEADINGS]
    paragraphs = tuple(text for kind, text in blocks if kind not in _HEADINGS)
    return Article(paragraphs, title or (headings[0] if headings else None))


def read_markdown(text: str) -> Article:
    """Read a Markdown article by rendering it with markdown-it, then reading that HTML."""
    return read_html(MarkdownIt("commonmark").render(text))


def read_plain(text: str) -> Article:
    """Read plain text: a paragraph is a block of lines between blank lines."""
    blocks = tuple(b for b in (squash(b) for b in re.split(r"\n\s*\n", text)) if b)
    return Article(blocks)


def find_date(text: str) -> dt.date | None:
    """Return the first date an article states (2017-12-20, Dec 20, 2017 or 20 Dec 2017)."""
    months = "|".join(_MONTHS)
    patterns = [
        (r"\b(\d{4})-(\d{2})-(\d{2})\b", lambda m: (m[1], m[2], m[3])),
        (rf"\b({months})\s+(\d{{1,2}}),?\s+(\d{{4}})\b", lambda m: (m[3], _MONTHS[m[1]], m[2])),
        (rf"\b(\d{{1,2}})\s+({months})\s+(\d{{4}})\b", lambda m: (m[3], _MONTHS[m[2]], m[1])),
    ]
    found = []
    for pattern, parts in patterns:
        for match in re.finditer(pattern, text.casefold()):
            try:
                found.append((match.start(), dt.date(*(int(p) for p in parts(match)))))
            except ValueError:
                continue
    return min(found)[1] if found else None


def read_article_text(text: str, name: str) -> Article:
    """Read an article's text in its format, with the date it states if any."""
    fmt = detect_format(name, text)
    reader = {"html": read_html, "markdown": read_markdown, "text": read_plain}[fmt]
    article = reader(text)
    if not article.paragraphs:
        raise PackError(name, "", "holds no paragraph of text")
    published = find_date(" ".join((article.title or "", *article.paragraphs)))
    return Article(article.paragraphs, article.title, published)
