"""Small synthetic content packs for tests: valid by default, overridable field by field."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from insights.content import citation, evidence, frames, load
from insights.pitch.seller import Profile, Seller

SOURCE = {
    "publisher": "Example Research",
    "former_name": "Old Example",
    "title": "A test source",
    "published": "2020-03-15",
    "url": "https://example.test/report",
    "kind": "vendor_blog",
    "bias": "Written by a vendor with an interest in the region.",
    "paragraphs": [{"number": n, "gist": f"Gist {n}."} for n in (1, 2, 3)],
}
PLACES = [
    {"id": "alpha", "name": "Alpha City", "kind": "city", "lat": 10.0, "lon": -20.0},
    {"id": "beta", "name": "Beta Land", "kind": "country", "lat": 11.0, "lon": -21.0},
    {
        "id": "gamma",
        "name": "Gamma Bay",
        "kind": "metro",
        "lat": 30.0,
        "lon": -100.0,
        "role": "comparison",
    },
]


def claim(cid: str, **fields: Any) -> dict[str, Any]:
    """Return one valid claim, with any field overridden."""
    base = {
        "id": cid,
        "text": f"Claim {cid} says something.",
        "theme": "talent",
        "place": "alpha",
        "stance": "strength",
        "paragraph": 1,
    }
    return {**base, **fields}


def action(aid: str, **fields: Any) -> dict[str, Any]:
    """Return one valid call-to-action action (a link unless form is set), any field overridden."""
    base = {
        "id": aid,
        "label": f"Action {aid}",
        "target": f"https://example.test/{aid}",
        "paragraph": 3,
    }
    return {**base, **fields}


def pack(pack_id: str = "test-pack", **fields: Any) -> dict[str, Any]:
    """Return a valid pack of six claims over three places; override any top-level field."""
    prefix = pack_id.split("-")[0]
    base = {
        "id": pack_id,
        "region": {"id": "testland", "name": "Testland"},
        "source": copy.deepcopy(SOURCE),
        "places": copy.deepcopy(PLACES),
        "claims": [
            claim(f"{prefix}-c1", theme="talent", place="alpha", headline=True),
            claim(f"{prefix}-c2", theme="industry", place="alpha", text="Firms Acme and Zenith."),
            claim(f"{prefix}-c3", theme="stability", place="beta", stance="challenge"),
            claim(f"{prefix}-c4", theme="partnerships", place="beta", stance="recommendation"),
            claim(f"{prefix}-c5", theme="capital", place="gamma", stance="challenge"),
            claim(f"{prefix}-c6", theme="talent", place="beta", paragraph=2, headline=True),
        ],
        "companies": [
            {"name": "Acme", "place": "alpha", "claim": f"{prefix}-c2"},
            {"name": "Zenith", "place": "alpha", "claim": f"{prefix}-c2"},
        ],
        "universities": [
            {"sector": "public", "count": 3, "place": "alpha", "claim": f"{prefix}-c1"},
            {"sector": "private", "qualifier": "a few", "place": "alpha", "claim": f"{prefix}-c1"},
        ],
        "responses": [{"challenge": f"{prefix}-c3", "remedy": f"{prefix}-c4"}],
        "call_to_action": {
            "prompt": "Talk to us.",
            "paragraph": 3,
            "actions": [action("talk", label="Talk")],
        },
    }
    return {**base, **fields}


# The pack the app tests browse (tests/test_app.py, tests/test_quote_form.py): the factory's
# source, region and places (Alpha City, Beta Land, and Gamma Bay for comparison), with claims
# enough to filter, compare and pitch, and a call to action with a link and two forms.
SALES_CLAIMS = [
    claim(
        "alpha-firms",
        theme="industry",
        paragraph=3,
        headline=True,
        text="Acme and Zenith keep offices in Alpha City.",
    ),
    claim(
        "alpha-campus",
        paragraph=3,
        headline=True,
        text="Alpha City lists three public universities and a few private ones.",
    ),
    claim("alpha-culture", theme="culture", paragraph=2, text="Firms here build it their way."),
    claim("alpha-buyers", theme="demand", paragraph=2, text="Local buyers want hosted tools."),
    claim("alpha-funds", theme="capital", text="Funds in Alpha City back young firms."),
    claim(
        "beta-instability",
        theme="stability",
        place="beta",
        stance="challenge",
        paragraph=3,
        text="Instability in Beta Land keeps lenders cautious.",
    ),
    claim(
        "beta-partnerships",
        theme="partnerships",
        place="beta",
        stance="recommendation",
        paragraph=3,
        text="Joint state and business projects reassure those lenders.",
    ),
    claim(
        "beta-talent", place="beta", paragraph=2, headline=True, text="Beta Land trains engineers."
    ),
    claim("gamma-capital", theme="capital", place="gamma", text="Gamma Bay raised big sums."),
    claim(
        "gamma-costs",
        theme="capital",
        place="gamma",
        stance="challenge",
        text="Gamma Bay has grown costly for new firms.",
    ),
]
# One link and two actions that open the request form (keys cta.0.expert and cta.0.quote).
SALES_ACTIONS = [
    action("chat", label="Open a chat"),
    action("expert", label="Ask a specialist", form="contact"),
    action("quote", label="Request a price", form="quote"),
]
SALES_FILE = "sales.yaml"


def sales_pack() -> dict[str, Any]:
    """Return the sales pack: SALES_CLAIMS, two companies, two university rows, one answer."""
    return pack(
        "sales-pack",
        claims=copy.deepcopy(SALES_CLAIMS),
        companies=[
            {"name": name, "place": "alpha", "claim": "alpha-firms"} for name in ("Acme", "Zenith")
        ],
        universities=[
            {"sector": "public", "count": 3, "place": "alpha", "claim": "alpha-campus"},
            {"sector": "private", "qualifier": "a few", "place": "alpha", "claim": "alpha-campus"},
        ],
        responses=[{"challenge": "beta-instability", "remedy": "beta-partnerships"}],
        call_to_action={
            "prompt": "Ask the vendor.",
            "paragraph": 3,
            "actions": copy.deepcopy(SALES_ACTIONS),
        },
    )


def dump(data: Any) -> str:
    """Return data as YAML text."""
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def write_pack(folder: Path, data: Any, name: str = "pack.yaml") -> Path:
    """Write a pack (or any YAML-able value, or raw text) into folder and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(data if isinstance(data, str) else dump(data), encoding="utf-8")
    return path


def write_sales_pack(folder: Path) -> Path:
    """Write the sales pack into folder as SALES_FILE and return its path."""
    return write_pack(folder, sales_pack(), SALES_FILE)


def catalog_of(*packs: dict[str, Any]) -> frames.Catalog:
    """Validate packs in memory and return their catalog; fail loudly if any is invalid."""
    valid = []
    for i, data in enumerate(packs):
        found, problems = load.check_pack_text(dump(data), f"pack{i}.yaml")
        assert not problems, problems
        valid.append(found)
    return frames.build_catalog(valid)


# Our own wording for each claim proposed from tests/fixtures/articles/testville.txt (a made-up
# article); a review step replaces the article's sentences with these before publishing.
TESTVILLE_PARAPHRASES = {
    "testville-p3-s1": "Made-up software firms such as Acme Widgets cluster in Testville.",
    "testville-p3-s2": "Founders from the city travel abroad to find buyers.",
    "testville-p4-s1": "Testville reports three public universities and a few private ones.",
    "testville-p5-s1": "Loose rules and permit delays keep money away from Testville.",
    "testville-p5-s2": "Joint public and private projects are offered as the fix.",
}


def verify_rule(
    stale_after: int = citation.STALE_AFTER_YEARS, catalog: frames.Catalog | None = None
) -> evidence.VerifyRule:
    """Return the one verify rule at this age, weighing the catalog's links when one is given."""
    if catalog is None:
        return evidence.VerifyRule(stale_after)
    return evidence.VerifyRule(stale_after, evidence.index_linked(catalog.links, catalog.claims))


def figure(fid: str, **fields: Any) -> dict[str, Any]:
    """Return one valid figure (300,000 tech specialists in Alpha City), any field overridden."""
    base = {
        "id": fid,
        "measure": "tech-specialists",
        "measure_label": "Tech specialists",
        "value": 300000,
        "unit": "count",
        "place": "alpha",
        "period": "2023",
        "claim": "test-c1",
        "paragraph": 1,
    }
    return {**base, **fields}


def link(claim_id: str, target: str, kind: str = "corroborates", **fields: Any) -> dict[str, Any]:
    """Return one link from a claim of a pack to a claim of another."""
    return {"claim": claim_id, "target": target, "kind": kind, **fields}


def other_pack(
    pack_id: str = "newer-pack", published: str = "2024-05-03", **fields: Any
) -> dict[str, Any]:
    """Return a valid pack of another source (its own publisher, URL and date)."""
    data = pack(pack_id, **fields)
    data["source"] = {
        **data["source"],
        "publisher": "Newer Analytics",
        "former_name": None,
        "url": f"https://example.test/{pack_id}",
        "published": published,
    }
    return data


# A made-up source text in the shared sources' layout: header, ---, blank-line paragraphs.
SOURCE_TEXT = (
    "url: https://example.test/report\n"
    "publisher: Example Research\n"
    "language: en\n"
    "---\n"
    "Alpha City has 300,000 tech specialists and 1,5 million people.\n"
    "\n"
    "Beta Land trained 24.050 graduates in 2023, up 42%.\n"
    "\n"
    "Costs rose.\n"
)


def write_source_text(folder: Path, text: str = SOURCE_TEXT, name: str = "01-example.txt") -> Path:
    """Write a source text into folder and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# A newer source beside the sales pack, for the app tests of evidence and figures: it backs
# one objection (recently, so its verify mark is lifted), updates a claim, contradicts another,
# and gives one measure for two places.
EVIDENCE_FILE = "newer.yaml"
EVIDENCE_CLAIMS = [
    claim(
        "newer-lenders",
        theme="stability",
        place="beta",
        stance="challenge",
        text="Lenders in Beta Land still hold back, a newer survey finds.",
    ),
    claim("newer-campus", paragraph=2, text="Alpha City now lists four public universities."),
    claim(
        "newer-funds", theme="capital", text="Young firms in Alpha City struggle to raise money."
    ),
    claim("newer-beta-staff", place="beta", text="Beta Land counts engineers by the thousand."),
]


def evidence_published(today: dt.date) -> dt.date:
    """Return the newer pack's date: recent enough, on any day the tests run, to vouch."""
    return today - dt.timedelta(days=200)


def evidence_pack() -> dict[str, Any]:
    """Return the newer pack: links to the sales pack's claims, and figures for two places."""
    return other_pack(
        "newer-pack",
        evidence_published(dt.date.today()).isoformat(),
        places=copy.deepcopy(PLACES[:2]),
        claims=copy.deepcopy(EVIDENCE_CLAIMS),
        companies=[],
        universities=[],
        responses=[],
        call_to_action=None,
        figures=[
            figure("newer-alpha-staff", claim="newer-campus"),
            figure("newer-beta-staff-count", claim="newer-beta-staff", place="beta", value=1400),
        ],
        links=[
            link("newer-lenders", "beta-instability"),
            link("newer-campus", "alpha-campus", "updates", note="four, not three"),
            link("newer-funds", "alpha-funds", "contradicts"),
        ],
    )


def write_evidence_pack(folder: Path) -> Path:
    """Write the newer pack beside the sales pack and return its path."""
    return write_pack(folder, evidence_pack(), EVIDENCE_FILE)


# Our own one-line summaries of the test article's six paragraphs, for publishing its draft.
# Our own wording for each claim proposed from tests/fixtures/articles/figureville.txt, and its
# paragraphs' gists: the article whose proposed figures become a published pack's.
FIGUREVILLE_PARAPHRASES = {
    "figureville-p3-s1": "The made-up town counts software firms and engineers by the thousand.",
    "figureville-p4-s1": "Startup money, and the share of it one firm took, are reported.",
    "figureville-p5-s1": "Permit delays hold back offices in the made-up town.",
}
FIGUREVILLE_GISTS = {
    1: "Headline naming the made-up hub.",
    2: "Date line.",
    3: "Firms and engineers counted.",
    4: "Money invested and one firm's share.",
    5: "Permits as an obstacle.",
}
# The pack figures publishing Figureville gives: (id, measure, value, unit, scale, qualifier).
FIGUREVILLE_FIGURES = [
    ("figureville-p3-s1-f1", "software-companies", 120.0, "count", None, None),
    ("figureville-p3-s1-f2", "engineers", 9000.0, "count", None, "about"),
    ("figureville-p4-s1-f1", "into-figureville-startups", 45.0, "money", "million", None),
    ("figureville-p4-s1-f2", "share", 30.0, "percent", None, None),
]


TESTVILLE_GISTS = {
    1: "Headline naming the made-up hub.",
    2: "Date line.",
    3: "Made-up firms and a link to Lisbon buyers.",
    4: "Universities and engineering graduates.",
    5: "Loose rules as an obstacle, joint projects as the fix.",
    6: "The publisher's call to read on.",
}


def source_dated(**fields: Any) -> dict[str, Any]:
    """Return the factory's source with its date replaced by these fields."""
    src = {k: v for k, v in copy.deepcopy(SOURCE).items() if k != "published"}
    return {**src, **fields}


# Figures of every unit on the factory pack's claims: one measure at three places (a chart),
# and four single figures (a list), money with a currency code and with a sign.
FIGURES = [
    figure("fig-alpha", claim="test-c1"),
    figure("fig-beta", claim="test-c1", place="beta", value=240227),
    figure("fig-gamma", claim="test-c1", place="gamma", value=120500, qualifier="about"),
    figure(
        "fig-fdi",
        claim="test-c2",
        measure="fdi",
        measure_label="Foreign direct investment",
        value=29,
        unit="money",
        currency="USD",
        scale="billion",
        period="first half of 2023",
        paragraph=2,
    ),
    figure(
        "fig-wages",
        claim="test-c2",
        measure="wage-growth",
        measure_label="Growth of tech wages",
        value=42,
        unit="percent",
        period="the last five years",
    ),
    figure(
        "fig-rank",
        claim="test-c6",
        measure="metro-rank",
        measure_label="Rank among the metro areas of the Americas",
        value=23,
        unit="rank",
        period=None,
        paragraph=2,
    ),
    figure(
        "fig-exports",
        claim="test-c6",
        measure="exports",
        measure_label="Exports",
        value=20,
        unit="money",
        currency="$",
        scale="billion",
        qualifier="more than",
        period="at publication",
        paragraph=2,
    ),
]


def figures_pack(**fields: Any) -> dict[str, Any]:
    """Return the factory pack with FIGURES on its claims test-c1, test-c2 and test-c6."""
    return pack(figures=copy.deepcopy(FIGURES), **fields)


def figures_sales_pack() -> dict[str, Any]:
    """Return the sales pack with figures on alpha-firms: one measure at two places, one alone."""
    data = sales_pack()
    data["figures"] = [
        figure("f-alpha", claim="alpha-firms"),
        figure("f-beta", claim="alpha-firms", place="beta", value=1400),
        figure(
            "f-fdi",
            claim="alpha-firms",
            measure="fdi",
            measure_label="Foreign direct investment",
            value=29,
            unit="money",
            currency="USD",
            scale="billion",
            paragraph=2,
        ),
    ]
    return data


ROOT = Path(__file__).resolve().parent.parent
SELLER = {
    "company": "Northwind Cloud",
    "rep": {
        "name": "Dana Ruiz",
        "title": "Account Executive",
        "email": "dana@seller.example",
        "phone": "+1 555 0100",
    },
    "booking_url": "https://seller.example/book",
    "call_to_action": "Book 30 minutes with us",
}
# A real one-pixel PNG: what a logo file's first bytes must look like.
PNG_PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000b49444154789c6360000200000500017a5eab3f0000000049454e44ae426082"
)


def seller_profile(**fields: object) -> Profile:
    """A valid seller profile (logo left out unless given as bytes under ``logo_bytes``)."""
    logo = fields.pop("logo_bytes", None)
    seller = Seller.model_validate({**SELLER, **fields})
    return Profile(seller=seller, logo=logo, logo_type="image/png" if logo else None)


def write_seller(folder: Path, data: object, name: str = "seller.yaml") -> Path:
    """Write a seller profile (a mapping as YAML, or text as it is) and return its path."""
    path = folder / name
    text = data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path
