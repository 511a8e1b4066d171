"""Turn an article (plain text, Markdown or HTML) into a draft content pack to review."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import bs4
import pydantic
import yaml
from markdown_it import MarkdownIt

from insights import load
from insights.errors import PackError
from insights.gazetteer import Spot, find_place, load_gazetteer
from insights.model import STANCES, THEMES, Line, SourceKind

# Bounded so an upload or a stray file is refused with a message, not read into memory.
MAX_ARTICLE_BYTES = 2 * 1024 * 1024
DEFAULT_LEXICON = Path(__file__).resolve().parent.parent / "data" / "lexicon" / "ingest.yaml"
HTML_SUFFIXES = (".html", ".htm")
MARKDOWN_SUFFIXES = (".md", ".markdown")
# Placeholders a reviewer must replace; review.py lists every one still in a draft.
GIST_TODO = "To summarise in our own words."
PUBLISHER_TODO = "Publisher to confirm"
URL_TODO = "https://source.invalid/"
BIAS_TODO = "To review: who published this, and what they sell or argue for."
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
_NUMBER_WORDS = {
    w: i + 1
    for i, w in enumerate(
        [
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
# Words that can stand before "public"/"private" without being a quantity.
_NOT_QUANTITIES = frozenset(
    ["and", "or", "the", "its", "their", "of", "with", "both", "in", "for", "to", "at"]
)
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "dr.", "mr.", "mrs.", "ms.", "inc.", "st.", "vs.")
_WORD = re.compile(r"[^\W_](?:[\w&.-]|['\u2019](?=\w))*")
_CONNECTORS = frozenset({"of", "de", "del", "la"})


class Lexicon(pydantic.BaseModel):
    """Keyword lists that propose a sentence's theme and stance, read from data/lexicon."""

    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)

    themes: dict[str, list[Line]]
    stances: dict[str, list[Line]]
    links: list[Line]
    not_claims: list[Line]
    not_names: list[Line]

    @pydantic.model_validator(mode="after")
    def _known_keys(self) -> Lexicon:
        for name, given, known in (
            ("themes", self.themes, THEMES),
            ("stances", self.stances, STANCES),
        ):
            unknown = sorted(set(given) - set(known))
            if unknown:
                raise ValueError(f"{name}: {unknown} are not in the vocabulary")
        return self


@dataclass(frozen=True)
class Article:
    """An article read into numbered paragraphs (number i is paragraphs[i-1])."""

    paragraphs: tuple[str, ...]
    title: str | None = None
    published: dt.date | None = None


@dataclass(frozen=True)
class SourceFacts:
    """What the person ingesting says about the source; None where they gave nothing."""

    region: str
    publisher: str | None = None
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    kind: SourceKind = "news"
    bias: str | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class ClaimProposal:
    """One sentence proposed as a claim, with why its theme and stance were chosen."""

    id: str
    text: str
    paragraph: int
    theme: str
    theme_words: tuple[str, ...]
    stance: str
    stance_words: tuple[str, ...]
    place: str
    organisations: tuple[str, ...] = ()
    universities: tuple[dict[str, Any], ...] = ()
    places: tuple[str, ...] = ()
    answers: str | None = None


def read_lexicon(path: Path = DEFAULT_LEXICON) -> Lexicon:
    """Read and validate the keyword lexicon, or raise PackError naming file and field."""
    text = load.read_pack_text(path)
    try:
        return Lexicon.model_validate(load.parse_yaml(text))
    except yaml.YAMLError as exc:
        raise PackError(str(path), "", f"not valid YAML: {exc}") from None
    except pydantic.ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        raise PackError(
            str(path), load.format_location(err["loc"]), load.describe_validation_error(err)
        ) from None


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


def _squash(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _html_blocks(node: bs4.Tag, out: list[tuple[str, str]], buf: list[str], tag: str) -> None:
    # Walking the tree and cutting at every block boundary keeps a list item's own words apart
    # from the items of a list nested inside it.
    def flush(kind: str) -> None:
        text = _squash("".join(buf))
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
    title = _squash(title_tag.get_text()) if title_tag is not None else ""
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
    blocks = tuple(b for b in (_squash(b) for b in re.split(r"\n\s*\n", text)) if b)
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


def split_sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences, keeping abbreviations like "e.g." inside theirs."""
    pieces = re.split(r"(?<=[.!?])\s+|(?<=[.!?][\"\u201d\u2019)])\s+", paragraph)
    sentences: list[str] = []
    for piece in pieces:
        if sentences and (
            sentences[-1].casefold().endswith(_ABBREVIATIONS)
            or re.search(r"\b[A-Z]\.$", sentences[-1])
            or piece[:1].islower()
        ):
            sentences[-1] = f"{sentences[-1]} {piece}"
        elif piece:
            sentences.append(piece)
    return sentences


def _term_pattern(term: str) -> re.Pattern[str]:
    if term.endswith("*"):
        return re.compile(rf"\b{re.escape(term[:-1])}[\w-]*", re.IGNORECASE)
    return re.compile(rf"\b{re.escape(term)}\b", re.IGNORECASE)


def match_terms(sentence: str, terms: Sequence[str]) -> tuple[str, ...]:
    """Return the words of a sentence that match any lexicon term, lower-cased, once each."""
    found: list[str] = []
    for term in terms:
        for match in _term_pattern(term).finditer(sentence):
            word = match.group(0).casefold()
            if word not in found:
                found.append(word)
    return tuple(found)


def choose(
    sentence: str, choices: Mapping[str, Sequence[str]], order: Sequence[str]
) -> tuple[str | None, tuple[str, ...]]:
    """Return the choice whose terms the sentence matches most (ties by order) and its words."""
    best: tuple[str | None, tuple[str, ...]] = (None, ())
    for key in order:
        words = match_terms(sentence, choices.get(key, ()))
        if len(words) > len(best[1]):
            best = (key, words)
    return best


def slugify(text: str, limit: int = 64) -> str:
    """Return a lower-case ASCII slug: ``Ciudad de México`` -> ``ciudad-de-mexico``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.casefold()).strip("-")
    return slug[:limit].rstrip("-") or "x"


def find_names(sentence: str, known: frozenset[str], not_names: frozenset[str]) -> list[str]:
    """Return the capitalised names in a sentence (runs like "University of Testville")."""
    runs: list[tuple[int, list[str]]] = []
    current: list[str] = []
    pending: list[str] = []
    start = end = 0
    for i, match in enumerate(_WORD.finditer(sentence)):
        token = match.group(0).rstrip(".-")
        # Punctuation between two words ("IBM, HP") ends a name.
        if current and sentence[end : match.start()].strip():
            runs.append((start, current))
            current, pending = [], []
        end = match.end()
        bare = re.sub(r"['\u2019]s$", "", token)
        if bare[:1].isupper() and bare not in not_names:
            if not current:
                start = i
            current += [*pending, bare]
            pending = []
            # A possessive ends the name: "Testville's firms".
            if bare != token:
                runs.append((start, current))
                current = []
        elif current and token in _CONNECTORS:
            pending.append(token)
        elif current and token.isdigit():
            current.append(token)
        else:
            if current:
                runs.append((start, current))
            current, pending = [], []
    if current:
        runs.append((start, current))
    # A sentence's first word is capitalised anyway: alone, it is a name only if known as one.
    names = []
    for begin, words in runs:
        if begin == 0 and words[0] not in known:
            if len(words) == 1:
                continue
            # "Imitating Silicon Valley": a verb or adverb opening the sentence is no name.
            if words[0].endswith(("ing", "ly", "ed")):
                words = words[1:]
        names.append(" ".join(words))
    return list(dict.fromkeys(names))


def count_universities(sentence: str) -> list[dict[str, Any]]:
    """Return the universities a sentence counts by sector ("five public and several private")."""
    if "universit" not in sentence.casefold():
        return []
    found = []
    pattern = r"\b(\d+|a few|a handful of|a couple of|[a-z]+)\s+(public|private)\b"
    for quantity, sector in re.findall(pattern, sentence, re.IGNORECASE):
        qty = quantity.casefold()
        if qty in _NOT_QUANTITIES:
            continue
        if qty.isdigit() or qty in _NUMBER_WORDS:
            found.append({"sector": sector.casefold(), "count": int(_NUMBER_WORDS.get(qty, qty))})
        else:
            found.append({"sector": sector.casefold(), "qualifier": qty})
    return found


def _mid_sentence_names(sentences: Sequence[str], not_names: frozenset[str]) -> frozenset[str]:
    # Names seen inside a sentence are names wherever they stand, even first.
    names: set[str] = set()
    for sentence in sentences:
        names.update(find_names(sentence, frozenset({"*"}), not_names))
    return frozenset(n.split()[0] for n in names)


def _is_demonym(name: str, country_stems: frozenset[str]) -> bool:
    # "Mexican" names no organisation: it is a country's adjective.
    word = name.casefold()
    return (
        " " not in word and word.endswith(("an", "ese", "ish", "i")) and word[:5] in country_stems
    )


def _claim_like(sentence: str, lexicon: Lexicon) -> bool:
    return (
        len(sentence.split()) >= 6
        and len(sentence) <= 1000
        and not sentence.rstrip('"\u201d\u2019) ').endswith("?")
        and not match_terms(sentence, lexicon.not_claims)
    )


def propose_claims(
    article: Article,
    region_name: str,
    region_place: str,
    lexicon: Lexicon,
    gazetteer: Mapping[str, Spot],
) -> list[ClaimProposal]:
    """Propose one claim per sentence that carries one, each tied to its paragraph."""
    not_names = frozenset(lexicon.not_names)
    by_paragraph = [(n, split_sentences(p)) for n, p in enumerate(article.paragraphs, start=1)]
    every = [s for _, sentences in by_paragraph for s in sentences]
    known = _mid_sentence_names(every, not_names) | {region_name}
    country_stems = frozenset(
        spot.name.casefold()[:5] for spot in gazetteer.values() if spot.kind == "country"
    )
    proposals: list[ClaimProposal] = []
    for number, sentences in by_paragraph:
        for index, sentence in enumerate(sentences, start=1):
            theme, theme_words = choose(sentence, lexicon.themes, list(THEMES))
            if theme is None or not _claim_like(sentence, lexicon):
                continue
            order = ["recommendation", "challenge", "strength"]
            stance, stance_words = choose(sentence, lexicon.stances, order)
            first = sentence.split(maxsplit=1)[0].strip(",.:;")
            place_first = {first} if find_place(first, gazetteer) is not None else set()
            names = find_names(sentence, known | place_first, not_names)
            places = [n for n in names if find_place(n, gazetteer) is not None]
            organisations = [
                n
                for n in names
                if n not in places
                and n.casefold() != region_name.casefold()
                and not _is_demonym(n, country_stems)
            ]
            # The first place the sentence names (the region included) is what it is about.
            where = next(
                (n for n in names if n in places or n.casefold() == region_name.casefold()), None
            )
            answers = None
            if stance == "recommendation" and match_terms(sentence[:40], lexicon.links):
                answers = _last_challenge(proposals, number)
            proposals.append(
                ClaimProposal(
                    id=f"{region_place}-p{number}-s{index}"[:64].rstrip("-"),
                    text=sentence,
                    paragraph=number,
                    theme=theme,
                    theme_words=theme_words,
                    stance=stance or "strength",
                    stance_words=stance_words,
                    place=region_place
                    if where is None or where.casefold() == region_name.casefold()
                    else slugify(where),
                    organisations=tuple(organisations),
                    universities=tuple(count_universities(sentence)),
                    places=tuple(places),
                    answers=answers,
                )
            )
    return proposals


def _last_challenge(proposals: Sequence[ClaimProposal], paragraph: int) -> str | None:
    # A remedy answers the challenge just before it, in its paragraph or the one before.
    for earlier in reversed(proposals):
        if earlier.paragraph < paragraph - 1:
            return None
        if earlier.stance == "challenge":
            return earlier.id
    return None


def _place_row(place_id: str, spot: Spot, name: str | None = None) -> dict[str, Any]:
    kind = spot.kind if spot.kind in {"city", "country"} else "region"
    return {
        "id": place_id,
        "name": name or spot.name,
        "kind": kind,
        "lat": round(spot.lat, 4),
        "lon": round(spot.lon, 4),
    }


def build_draft(
    article: Article,
    facts: SourceFacts,
    lexicon: Lexicon,
    gazetteer: Mapping[str, Spot] | None = None,
    file: str = "article",
) -> dict[str, Any]:
    """Return a draft pack (plain data, ready for YAML) proposing claims from the article."""
    places_known = load_gazetteer() if gazetteer is None else gazetteer
    region_id = slugify(facts.region)
    spot = find_place(facts.region, places_known)
    if facts.lat is not None and facts.lon is not None:
        spot = Spot(facts.region, "region", facts.lat, facts.lon)
    if spot is None:
        raise PackError(
            file,
            "region",
            f"{facts.region!r} is not in the offline gazetteer; give its latitude and longitude",
        )
    published = facts.published or article.published
    if published is None:
        raise PackError(file, "date", "the article states no date; give the date it was published")
    proposals = propose_claims(article, facts.region.strip(), region_id, lexicon, places_known)
    if not proposals:
        raise PackError(file, "", "no sentence reads as a claim about a place; nothing to draft")
    places = {region_id: _place_row(region_id, spot, facts.region.strip())}
    for proposal in proposals:
        for name in proposal.places:
            found = find_place(name, places_known)
            if found is not None:
                places.setdefault(slugify(name), _place_row(slugify(name), found))
    title = facts.title or article.title or facts.region
    return {
        "id": slugify(f"{region_id}-{slugify(title)}"),
        "status": "draft",
        "region": {"id": region_id, "name": facts.region.strip()},
        "source": {
            "publisher": facts.publisher or PUBLISHER_TODO,
            "title": title[:200],
            "published": published,
            "url": facts.url or URL_TODO,
            "kind": facts.kind,
            "bias": facts.bias or BIAS_TODO,
            "paragraphs": [
                {"number": n, "gist": GIST_TODO, "text": text}
                for n, text in enumerate(article.paragraphs, start=1)
            ],
        },
        "places": list(places.values()),
        "claims": [
            {
                "id": p.id,
                "text": p.text,
                "theme": p.theme,
                "place": p.place,
                "stance": p.stance,
                "paragraph": p.paragraph,
                "proposal": {
                    "theme_words": list(p.theme_words),
                    "stance_words": list(p.stance_words),
                },
            }
            for p in proposals
        ],
        "companies": [
            {"name": name, "place": p.place, "claim": p.id}
            for p in proposals
            for name in p.organisations
        ],
        "universities": [
            {**u, "place": p.place, "claim": p.id} for p in proposals for u in p.universities
        ],
        "responses": [
            {"challenge": p.answers, "remedy": p.id} for p in proposals if p.answers is not None
        ],
    }


def dump_pack(data: Mapping[str, Any]) -> str:
    """Return a pack as YAML text in field order."""
    return load.dump_yaml(data)


def check_draft(data: Mapping[str, Any], file: str) -> list[PackError]:
    """Validate a pack made here exactly as the loader would; return its problems."""
    _, problems = load.check_pack_text(dump_pack(data), file)
    return problems


def ingest_text(
    text: str, name: str, facts: SourceFacts, lexicon: Lexicon | None = None
) -> dict[str, Any]:
    """Read an article's text and return its validated draft pack, or raise PackError."""
    draft = build_draft(read_article_text(text, name), facts, lexicon or read_lexicon(), file=name)
    problems = check_draft(draft, name)
    if problems:
        raise problems[0]
    return draft


def apply_edits(
    draft: Mapping[str, Any], rows: Sequence[Mapping[str, Any]], status: str = "draft"
) -> dict[str, Any]:
    """Return the draft with reviewed claims (text, theme, stance, place; unkept rows dropped)."""
    kept = {row["id"]: row for row in rows if row.get("keep", True)}
    claims = []
    for claim in draft["claims"]:
        row = kept.get(claim["id"])
        if row is None:
            continue
        edited = {**claim, **{k: row[k] for k in ("text", "theme", "stance", "place") if k in row}}
        claims.append({**edited, "text": _squash(str(edited["text"]))})
    if status == "published":
        claims = [{k: v for k, v in c.items() if k != "proposal"} for c in claims]
    ids = {c["id"] for c in claims}
    out = {
        **draft,
        "status": status,
        "claims": claims,
        "companies": [c for c in draft.get("companies", []) if c["claim"] in ids],
        "universities": [u for u in draft.get("universities", []) if u["claim"] in ids],
        "responses": [
            r for r in draft.get("responses", []) if r["challenge"] in ids and r["remedy"] in ids
        ],
    }
    if status == "published":
        # The article's own words stay behind: a published pack keeps only our paraphrase.
        paragraphs = [
            {k: v for k, v in p.items() if k != "text"} for p in draft["source"]["paragraphs"]
        ]
        out["source"] = {**draft["source"], "paragraphs": paragraphs}
    return out


def list_proposals(draft: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Return a draft's claims as rows to review: keep, wording, theme, stance, place, why."""
    return [
        {
            "keep": True,
            "id": c["id"],
            "paragraph": c["paragraph"],
            "text": c["text"],
            "theme": c["theme"],
            "stance": c["stance"],
            "place": c["place"],
            "decided_by": _reason(c.get("proposal") or {}),
        }
        for c in draft["claims"]
    ]


def _reason(proposal: Mapping[str, Sequence[str]]) -> str:
    theme = ", ".join(proposal.get("theme_words", ())) or "none"
    stance = ", ".join(proposal.get("stance_words", ())) or "none (check it)"
    return f"theme: {theme}; stance: {stance}"
