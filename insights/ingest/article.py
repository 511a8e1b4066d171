"""Reading an article: bytes checked, its format told, its paragraphs, metadata, language, date.

HTML goes through trafilatura (main text and metadata), Markdown through markdown-it's flat
token stream, dates through dateparser and the language through CLD3 (cld3-py). Nothing here
recurses on the input's depth: HTML is measured by a flat scan before any tree is built.
"""

from __future__ import annotations

import configparser
import datetime as dt
import functools
import html.parser
import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import dateparser
import gcld3
from lxml import etree
from markdown_it import MarkdownIt

from insights.errors import PackError

# Bounded so an upload or a stray file is refused with a message, not read into memory.
MAX_ARTICLE_BYTES = 2 * 1024 * 1024
HTML_SUFFIXES = (".html", ".htm")
MARKDOWN_SUFFIXES = (".md", ".markdown")
TEXT_SUFFIXES = (".txt",)
ARTICLE_SUFFIXES = (*TEXT_SUFFIXES, *MARKDOWN_SUFFIXES, *HTML_SUFFIXES)
# A heading, a link or emphasis at a line's start: Markdown, though the text has no name.
_MARKDOWN_LOOK = re.compile(r"^(#{1,6} \S|\[[^\]\n]+\]\([^)\s]+\)|\*\*\S|__\S)", re.MULTILINE)
# A byline: "By Ana Ruiz", "Por Juan Pérez | 2 de mayo", "Written by …", short.
_BYLINE = re.compile(
    "(?i:written by|escrito por|by|por)\\s+(?P<who>[^|\u00b7\u2022\u2014\u2013,\\n]{1,80}?)"
    "\\s*(?:[|\u00b7\u2022\u2014\u2013,]\\s*(?P<rest>.*))?$"
)
# Lower-case words a name may hold ("Ana de la Cruz").
_NAME_PARTICLES = frozenset({"de", "del", "la", "las", "los", "y", "van", "von", "da", "do", "dos"})
BYLINE_MAX_CHARS = 120
DATELINE_MAX_CHARS = 60
# libxml2 (under lxml and trafilatura) silently cuts a tree deeper than 255 levels; a page
# nested deeper than this is refused with a message instead of read in part.
MAX_HTML_DEPTH = 200
# Languages an answer is taken in: the ones the lexicon reads, and near neighbours so a
# Portuguese or French article is named as such. CLD3 calls a few words of anything some
# language, reliably ("Hola" Zulu, "Testville grew." Norwegian): outside these, or unsure, the
# text is read as FALLBACK_LANGUAGE (the lexicon's fallback too) and the draft says so.
DETECTED_LANGUAGES = ("en", "es", "pt", "fr", "it", "de")
FALLBACK_LANGUAGE = "en"
# A date line sits near the top; reading only this much keeps a large article's cost flat.
DATE_WINDOW_CHARS = 4000
LANGUAGE_WINDOW_CHARS = 20_000
METADATA_WINDOW_CHARS = 100_000
# Shapes a stated date takes ("2017-12-20", "20 Dec 2017", "Dec 20, 2017",
# "20 de diciembre de 2017"); dateparser decides whether the words are a month.
_DATE_SHAPES = re.compile(
    r"\b\d{4}-\d{2}-\d{2}\b"
    r"|\b\d{1,2}(?:st|nd|rd|th)?(?:\s+de)?\s+[^\W\d_]{3,}\.?(?:\s+de\s+|,?\s+)\d{4}\b"
    r"|\b[^\W\d_]{3,}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b"
)
_STRICT_DATE = {"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]}
# HTML elements that hold no end tag, and those a new one of the same kind closes.
_VOID = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()  # noqa: SIM905
)
_SELF_CLOSING = frozenset("p li dt dd tr td th option".split())  # noqa: SIM905
# trafilatura's output elements that are paragraphs (lists keep each item apart).
_TEXT_BLOCKS = ("p", "item", "quote", "cell", "code")
Format = Literal["html", "markdown", "text"]


@dataclass(frozen=True)
class Article:
    """An article read into numbered paragraphs (number i is paragraphs[i-1]) and its facts."""

    paragraphs: tuple[str, ...]
    title: str | None = None
    published: dt.date | None = None
    language: str = "en"
    author: str | None = None
    site: str | None = None
    # False when the text was too short or mixed for the detector to tell its language.
    language_sure: bool = True


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


def detect_format(name: str, text: str) -> Format:
    """Tell whether an article is ``html``, ``markdown`` or ``text``, by its name, then its look."""
    suffix = Path(name).suffix.casefold()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix == "" and re.search(r"<(html|body|p|div|article)\b", text, re.IGNORECASE):
        return "html"
    # Pasted text has no name to go by: Markdown's headings, links or emphasis tell it, so
    # pasted Markdown reads as the same file uploaded does.
    if suffix not in TEXT_SUFFIXES and _MARKDOWN_LOOK.search(text[:METADATA_WINDOW_CHARS]):
        return "markdown"
    return "text"


def check_article_name(name: str) -> None:
    """Raise PackError naming the file unless its kind is one the ingest reads."""
    suffix = Path(name).suffix.casefold()
    if suffix not in ARTICLE_SUFFIXES:
        kinds = ", ".join(ARTICLE_SUFFIXES)
        raise PackError(
            Path(name).name,
            "",
            f"this kind of file ({suffix or 'no extension'}) cannot be read; upload an article "
            f"as plain text, Markdown or HTML ({kinds})",
        )


def find_byline(paragraph: str, language: str = "en") -> str | None:
    """Return the author a byline names ("By Ana Ruiz | 2 May 2024" gives "Ana Ruiz"), or None."""
    if len(paragraph) > BYLINE_MAX_CHARS:
        return None
    found = _BYLINE.match(paragraph.strip())
    if found is None:
        return None
    words = squash(found["who"]).removesuffix(".").split()
    # A name: two to five words, each capitalised (particles aside); and nothing after it but
    # a date ("By March, the city grew" is a sentence, not a byline).
    named = 2 <= len(words) <= 5 and all(
        w[0].isupper() or w.casefold() in _NAME_PARTICLES for w in words
    )
    rest = (found["rest"] or "").strip()
    if not named or (rest and not is_dateline(rest, language)):
        return None
    return " ".join(words)


def is_dateline(paragraph: str, language: str = "en") -> bool:
    """Tell whether a paragraph only dates the article ("2024-05-02", "Updated May 2, 2024")."""
    return len(paragraph) <= DATELINE_MAX_CHARS and find_date(paragraph, language) is not None


def squash(text: str) -> str:
    """Return text in NFC with every run of white space made one space, ends trimmed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


class _DepthScan(html.parser.HTMLParser):
    # A flat scan: a stack of open elements, never a tree, so its cost follows the length.
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.open: list[str] = []
        self.deepest = 0

    def handle_starttag(self, tag: str, attrs: Sequence[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        if tag in _SELF_CLOSING and self.open and self.open[-1] == tag:
            self.open.pop()
        self.open.append(tag)
        self.deepest = max(self.deepest, len(self.open))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            while self.open and self.open.pop() != tag:
                pass


def measure_depth(html_text: str) -> int:
    """Return how deeply an HTML page nests its elements, by a flat scan of its tags."""
    scan = _DepthScan()
    scan.feed(html_text)
    scan.close()
    return scan.deepest


@functools.cache
def _extraction_config() -> configparser.ConfigParser:
    # Short pages count too (a pasted paragraph), no timeout signal (Streamlit runs pages in
    # a thread), and no near-duplicate pruning: review wants every paragraph.
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "min_extracted_size", "1")
    config.set("DEFAULT", "extraction_timeout", "0")
    config.set("DEFAULT", "min_duplcheck_size", "1000000")
    return config


def _block_text(element: etree._Element) -> str:
    # The element's own words and its inline children's, never those of a list nested in it.
    words = element.xpath("text()|*[not(self::list)]//text()")
    return squash("".join(str(w) for w in words))


def _paragraphs_of(body: etree._Element) -> list[str]:
    found = []
    for element in body.iter(*_TEXT_BLOCKS):
        found.append(_block_text(element))
        # Words standing between blocks, outside any element, are prose too.
        if element.getparent() is body:
            found.append(squash(element.tail or ""))
    return [text for text in found if text]


def read_html(html_text: str, file: str = "article") -> Article:
    """Read an HTML article's main text and metadata with trafilatura, after a depth check."""
    depth = measure_depth(html_text)
    if depth > MAX_HTML_DEPTH:
        raise PackError(
            file,
            "",
            f"its HTML nests elements {depth:,} deep (at most {MAX_HTML_DEPTH} are read); "
            "save the page as plain text and try again",
        )
    # Imported here: trafilatura costs ~40 MB and is only needed for HTML.
    import trafilatura

    document = trafilatura.bare_extraction(
        html_text,
        with_metadata=False,
        favor_recall=True,
        # No second opinion from the fallback extractors: each copies the whole tree again.
        fast=True,
        include_tables=True,
        include_comments=False,
        config=_extraction_config(),
    )
    paragraphs: list[str] = []
    body = getattr(document, "body", None)
    if body is not None:
        paragraphs = _paragraphs_of(body)
    if not paragraphs:
        # trafilatura keeps nothing from a page with no main block; all its text is then one
        # paragraph rather than none.
        whole = squash(trafilatura.html2txt(html_text) or "")
        paragraphs = [whole] if whole else []
    # Title, author, date and site sit in the head and the top of the body; reading them from
    # there keeps a large page's metadata pass (htmldate's search above all) from costing
    # several times the page's size in memory.
    meta = trafilatura.extract_metadata(html_text[:METADATA_WINDOW_CHARS])
    return Article(
        tuple(paragraphs),
        title=_clean(getattr(meta, "title", None)),
        published=_iso_date(getattr(meta, "date", None)),
        author=_clean(getattr(meta, "author", None)),
        site=_clean(getattr(meta, "sitename", None)),
    )


def _clean(value: str | None) -> str | None:
    text = squash(value or "")
    return text[:200] or None


def _iso_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _inline_text(token_children: Iterable[object]) -> str:
    pieces = []
    for child in token_children:
        kind = getattr(child, "type", "")
        if kind in {"text", "code_inline"}:
            pieces.append(getattr(child, "content", ""))
        elif kind in {"softbreak", "hardbreak"}:
            pieces.append(" ")
    return squash("".join(pieces))


def read_markdown(text: str) -> Article:
    """Read a Markdown article from markdown-it's flat token stream; headings give the title."""
    tokens = MarkdownIt("commonmark").parse(text)
    paragraphs: list[str] = []
    headings: list[str] = []
    for before, token in itertools.pairwise(tokens):
        if token.type != "inline":
            continue
        words = _inline_text(token.children or ())
        if not words:
            continue
        (headings if before.type == "heading_open" else paragraphs).append(words)
    return Article(tuple(paragraphs), headings[0] if headings else None)


def read_plain(text: str) -> Article:
    """Read plain text: a paragraph is a block of lines between blank lines."""
    blocks = tuple(b for b in (squash(b) for b in re.split(r"\n\s*\n", text)) if b)
    return Article(blocks)


def detect_language(paragraphs: Sequence[str]) -> tuple[str, bool]:
    """Return the article's language (ISO 639-1) and whether CLD3 could tell it, from a sample."""
    sample = " ".join(paragraphs)[:LANGUAGE_WINDOW_CHARS]
    # CLD3's network is compiled into its module: a detector costs no model file and no load,
    # so one is made per call rather than kept (py3langid's model, used before, was the
    # ingest's largest allocation and stayed for the process's life). The byte bound only
    # keeps CLD3 from cutting the sample short.
    detector = gcld3.NNetLanguageIdentifier(min_num_bytes=0, max_num_bytes=4 * len(sample) + 4)
    result = detector.FindLanguage(text=sample)
    code = str(result.language)
    if result.is_reliable and code in DETECTED_LANGUAGES:
        return code, True
    return FALLBACK_LANGUAGE, False


def find_date(text: str, language: str = "en") -> dt.date | None:
    """Return the first full date the text states, read by dateparser in the article's language."""
    languages = list(dict.fromkeys([language, "en"]))
    for match in _DATE_SHAPES.finditer(text[:DATE_WINDOW_CHARS]):
        found = dateparser.parse(match.group(0), languages=languages, settings=_STRICT_DATE)
        if found is not None:
            return found.date()
    return None


def read_article_text(text: str, name: str) -> Article:
    """Read an article's text in its format, with its language and the date it states if any."""
    fmt = detect_format(name, text)
    if fmt == "html":
        article = read_html(text, name)
    else:
        article = (read_markdown if fmt == "markdown" else read_plain)(text)
    if not article.paragraphs:
        raise PackError(name, "", "holds no paragraph of text")
    language, sure = detect_language(article.paragraphs)
    published = article.published or find_date(
        "\n".join((article.title or "", *article.paragraphs)), language
    )
    return Article(
        article.paragraphs,
        article.title,
        published,
        language,
        article.author,
        article.site,
        sure,
    )
