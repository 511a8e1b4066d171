"""Small synthetic content packs for tests: valid by default, overridable field by field."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from insights import load

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


def dump(data: Any) -> str:
    """Return data as YAML text."""
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def write_pack(folder: Path, data: Any, name: str = "pack.yaml") -> Path:
    """Write a pack (or any YAML-able value, or raw text) into folder and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(data if isinstance(data, str) else dump(data), encoding="utf-8")
    return path


def catalog_of(*packs: dict[str, Any]) -> load.Catalog:
    """Validate packs in memory and return their catalog; fail loudly if any is invalid."""
    valid = []
    for i, data in enumerate(packs):
        found, problems = load.check_pack_text(dump(data), f"pack{i}.yaml")
        assert not problems, problems
        valid.append(found)
    return load.build_catalog(valid)


# Our own wording for each claim proposed from tests/fixtures/articles/testville.txt (a made-up
# article); a review step replaces the article's sentences with these before publishing.
TESTVILLE_PARAPHRASES = {
    "testville-p3-s1": "Made-up software firms such as Acme Widgets cluster in Testville.",
    "testville-p3-s2": "Founders from the city travel abroad to find buyers.",
    "testville-p4-s1": "Testville reports three public universities and a few private ones.",
    "testville-p5-s1": "Loose rules and permit delays keep money away from Testville.",
    "testville-p5-s2": "Joint public and private projects are offered as the fix.",
}
