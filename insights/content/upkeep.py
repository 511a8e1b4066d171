"""Keeping content current: each pack's owner and review date, what is due, what newer sources
update or contradict, and what a pitch should be warned about before it is exported."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pandas as pd

from insights.content.model import Team

# A review falling due within this many days is listed as due; past it, as overdue.
DUE_SOON_DAYS = 30
# Link kinds that mean a newer source changes what a claim says, as the Content view says them.
CHALLENGES = {"updates": "updated by", "contradicts": "contradicted by"}
DUE_COLUMNS = ["pack", "title", "owner", "reviewed_on", "review_due", "state"]
CHALLENGED_COLUMNS = ["claim", "pack", "how", "by_claim", "by_pack"]


def _add_months(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.month - 1 + months, 12)
    # The last day of a shorter month when the day does not exist there (31 Jan + 1 month).
    for last in (day.day, 30, 29, 28):
        try:
            return dt.date(day.year + year, month + 1, last)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def find_review_due(team: Team | None) -> dt.date | None:
    """Return when a pack is due for review: its date, else months after its last review."""
    if team is None:
        return None
    if team.review_by is not None:
        return team.review_by
    if team.reviewed_on is not None and team.review_every_months is not None:
        return _add_months(team.reviewed_on, team.review_every_months)
    return None


def describe_review(owner: str | None, reviewed_on: dt.date | None) -> str:
    """Return the rep's line about a pack's review ("reviewed Mar 2026 by Ana Ruiz"), or ""."""
    parts = []
    if reviewed_on is not None:
        parts.append(f"reviewed {reviewed_on:%b %Y}")
    if owner:
        parts.append(f"by {owner}" if parts else f"owner {owner}")
    return " ".join(parts)


def judge_due(review_due: dt.date | None, today: dt.date) -> str:
    """Return "overdue", "due" (within DUE_SOON_DAYS) or "" for a review date."""
    if review_due is None or pd.isna(review_due):
        return ""
    if review_due < today:
        return "overdue"
    return "due" if (review_due - today).days <= DUE_SOON_DAYS else ""


def list_due(claims: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """Return one row per pack whose review is due or overdue, overdue and earliest first."""
    rows: dict[str, dict[str, Any]] = {}
    for row in claims.to_dict("records"):
        state = judge_due(row.get("review_due"), today)
        if state and row["pack"] not in rows:
            rows[row["pack"]] = {**{c: row.get(c) for c in DUE_COLUMNS}, "state": state}
    found = sorted(rows.values(), key=lambda r: (r["state"] != "overdue", r["review_due"]))
    return pd.DataFrame(found, columns=DUE_COLUMNS)


def list_challenged(links: pd.DataFrame) -> pd.DataFrame:
    """Return each claim a newer source updates or contradicts, and by which claim."""
    found = [
        {
            "claim": link["target"],
            "pack": link["target_pack"],
            "how": CHALLENGES[link["kind"]],
            "by_claim": link["claim"],
            "by_pack": link["pack"],
        }
        for link in links.to_dict("records")
        if link["kind"] in CHALLENGES
    ]
    return pd.DataFrame(found, columns=CHALLENGED_COLUMNS)


def warn_pitch(
    point_ids: Sequence[str], claims: pd.DataFrame, links: pd.DataFrame, today: dt.date
) -> list[str]:
    """Return what a pitch's export should warn about: points overdue for review or challenged."""
    by_id = {str(r["id"]): r for r in claims.to_dict("records")}
    challenged: dict[str, list[str]] = {}
    for row in list_challenged(links).to_dict("records"):
        challenged.setdefault(str(row["claim"]), []).append(f"{row['how']} {row['by_claim']}")
    warnings: list[str] = []
    for number, cid in enumerate(point_ids, start=1):
        claim = by_id.get(cid)
        if claim is None:
            continue
        due = claim.get("review_due")
        if judge_due(due, today) == "overdue":
            owner = f" ({claim['owner']})" if claim.get("owner") else ""
            warnings.append(f"Point {number} ({cid}): its review was due {due:%d %b %Y}{owner}")
        for how in challenged.get(cid, []):
            warnings.append(f"Point {number} ({cid}): {how}")
    return warnings


def team_columns(team: Team | None) -> dict[str, Any]:
    """Return the columns every claim of a pack inherits from its team metadata."""
    return {
        "owner": (team.owner if team else None) or "",
        "reviewed_on": team.reviewed_on if team else None,
        "review_due": find_review_due(team),
    }
