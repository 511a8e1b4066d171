"""How a claim, a source and a content problem look, wherever they are shown."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from insights import citation, evidence, paging
from insights.errors import PackError
from insights.frames import Catalog
from insights.kpis import Kpi
from insights.model import LANGUAGES, SOURCE_KINDS
from insights.talk import Point
from insights.text import escape_markdown as esc
from ui.paging import choose_page


def cite_line(
    claim: Mapping[str, Any], today: dt.date, freshness: evidence.Freshness | None = None
) -> str:
    """Return the citation, age and bias line shown under every claim (Markdown-escaped)."""
    if freshness is None:
        age = citation.describe_age(claim["as_of"], today)
        stale = citation.is_stale(claim["as_of"], today)
    else:
        age = evidence.describe_freshness(claim["as_of"], today, freshness)
        stale = freshness.verify
    warn = ":material/history: " if stale else ""
    kind = SOURCE_KINDS.get(claim["source_kind"], claim["source_kind"])
    return (
        f"{esc(claim['citation'])} · {warn}{esc(age)} · "
        f":material/info: bias: {esc(kind)} (hover for why)"
    )


def render_cite(
    claim: Mapping[str, Any],
    today: dt.date,
    where: Any = st,
    freshness: evidence.Freshness | None = None,
) -> None:
    """Show a claim's citation, age and bias line, the bias note on hover, in `where`."""
    where.caption(cite_line(claim, today, freshness), help=esc(str(claim["bias"])))


def render_point_cite(point: Point) -> None:
    """Show a talking point's citation and age, its source's bias note on hover."""
    warn = ":material/history: " if point.stale else ""
    st.caption(f"{esc(point.citation)} · {warn}{esc(point.age)}", help=esc(point.source.bias))


def render_kpi(kpi: Kpi) -> None:
    """Show one headline figure as a bordered tile: what it counts, then its value, large."""
    # A caption and a heading rather than st.metric: the metric element makes the browser
    # fetch and run its own scripts (number formatting, sparklines) before a page can paint,
    # ~0.1 s of the overview's cold start, for a value we already hold as text.
    with st.container(border=True):
        st.caption(esc(kpi.label))
        st.subheader(esc(kpi.value), anchor=False, help=esc(kpi.help))


def render_claim(claim: Mapping[str, Any], today: dt.date, catalog: Catalog | None = None) -> None:
    """Show one claim as a card: its text, where it comes from, how old, what else says so."""
    linked = _linked_to([claim["id"]], catalog)[claim["id"]] if catalog is not None else None
    _render_card(claim, today, linked)


def _linked_to(
    ids: Sequence[str], catalog: Catalog | None
) -> dict[str, tuple[evidence.Linked, ...]]:
    if catalog is None:
        return {}
    return evidence.collect_linked(ids, catalog.links, catalog.claims)


def _render_card(
    claim: Mapping[str, Any],
    today: dt.date,
    linked: tuple[evidence.Linked, ...] | None,
) -> None:
    with st.container(border=True):
        st.markdown(esc(claim["text"]))
        st.caption(
            f"{esc(claim['place_name'])} · {esc(claim['theme_label'])} · "
            f"{esc(claim['stance_label'])}"
        )
        if linked is None:
            render_cite(claim, today)
            return
        render_cite(claim, today, freshness=evidence.judge_freshness(claim["as_of"], linked, today))
        render_evidence(claim, linked, today)


def render_evidence(
    claim: Mapping[str, Any], linked: tuple[evidence.Linked, ...], today: dt.date
) -> None:
    """Show a claim's evidence lines, each opening the other claims with their own citations."""
    if not linked:
        return
    newest = evidence.newest_year(claim["as_of"], linked)
    if newest is not None:
        st.caption(f":material/update: newest evidence: {newest}")
    for line in evidence.make_lines(linked):
        # No key: the same claim may be drawn twice on a page (a remedy answering two objections).
        with st.expander(esc(line.text), icon=_LINE_ICONS.get(line.opening)):
            for other in line.claims:
                st.markdown(esc(other.text))
                age = citation.describe_age(other.dated, today)
                note = f" · {esc(other.note)}" if other.note else ""
                st.caption(f"{esc(other.citation)} · {esc(age)}{note}", help=esc(other.bias))


_LINE_ICONS = {
    "Also stated by": ":material/done_all:",
    "Updated by": ":material/update:",
    "Updates": ":material/history:",
    "Contradicted by": ":material/report:",
    "Contradicts": ":material/report:",
}


def render_claims(
    claims: pd.DataFrame,
    today: dt.date,
    empty: str,
    key: str,
    catalog: Catalog | None = None,
    per_page: int = paging.CARDS_PER_PAGE,
) -> None:
    """Show the claims of a frame as cards, a page at a time, or a note when there are none."""
    if claims.empty:
        st.info(empty, icon=":material/filter_alt_off:")
        return
    span = choose_page(len(claims), key, "claims", per_page)
    rows = paging.records(paging.take(claims, span))
    # One lookup for the page's cards: the links frame is scanned once, not once per card.
    linked = _linked_to([r["id"] for r in rows], catalog)
    for claim in rows:
        _render_card(claim, today, linked.get(claim["id"]) if catalog is not None else None)


SOURCES_KEY = "sources.open"


def render_sources(sources: pd.DataFrame, today: dt.date) -> None:
    """Show every source with its date, age, kind and bias note, once the rep opens the list."""
    box = st.expander(
        "Sources, their age and their bias",
        icon=":material/menu_book:",
        key=SOURCES_KEY,
        on_change="rerun",
    )
    # Drawn only while open: every claim card already cites its source, age and bias, and a
    # thousand packs' list would otherwise be redrawn, unseen, on every rerun of every page.
    if not box.open:
        return
    with box:
        span = choose_page(len(sources), "sources.page", "sources", paging.CARDS_PER_PAGE)
        for src in paging.records(paging.take(sources, span)):
            kind = SOURCE_KINDS.get(src["kind"], src["kind"])
            who = f" (then {esc(src['former_name'])})" if src["former_name"] else ""
            # Who wrote it, and in which language, where the source says.
            if src.get("author"):
                who += f", by {esc(src['author'])}"
            if src.get("language", "en") != "en":
                kind = f"{kind}, in {LANGUAGES.get(src['language'], src['language'])}"
            st.markdown(
                f"**{esc(src['title'])}** — {esc(src['publisher'])}{who}, "
                f"{esc(citation.format_day(src['published']))} · {esc(kind)}"
            )
            st.caption(
                f"{esc(citation.describe_age(src['published'], today))} · Bias: {esc(src['bias'])}"
            )
            st.code(src["url"], language=None, wrap_lines=True)


def render_problems(problems: Sequence[PackError]) -> None:
    """List content files that could not be loaded, as literal text naming file and field."""
    if not problems:
        return
    files = sorted({p.file for p in problems})
    st.error(
        f"{len(files)} content file(s) could not be loaded and are left out; "
        "everything else is shown. Fix the fields below, then reload.",
        icon=":material/error:",
    )
    # Every visitor sees this: a pack by its name in the data folder (packs sit directly in
    # it), never by where the server keeps it.
    shown = (PackError(Path(p.file).name, p.field, p.message) for p in problems)
    st.code("\n".join(str(p) for p in shown), language=None, wrap_lines=True)


def render_notices(notices: Iterable[str]) -> None:
    """Show notices about what was ignored in the link the page was opened with."""
    for notice in notices:
        st.warning(esc(notice), icon=":material/link_off:")
