"""The "Add a region" form: article in, proposed claims reviewed in a table, pack saved."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from insights import ingest, review
from insights.errors import PackError
from insights.model import SOURCE_KINDS, STANCES, THEMES
from insights.text import escape_markdown as esc
from ui import data

MAX_UPLOAD_MB = ingest.MAX_ARTICLE_BYTES // 2**20
_DRAFT = "add.draft"
_SAVED = "add.saved"


def read_facts() -> ingest.SourceFacts | None:
    """Draw the source's fields; return them, or None (with a note) while the region is empty."""
    region = st.text_input("Region", key="add.region", max_chars=80, placeholder="e.g. Colombia")
    left, right = st.columns(2)
    publisher = left.text_input("Publisher", key="add.publisher", max_chars=200)
    title = right.text_input("Title", key="add.title", max_chars=200)
    published = left.date_input("Published on", value=None, key="add.date")
    url = right.text_input("Address (URL)", key="add.url", max_chars=500)
    kind = left.selectbox(
        "Kind of source",
        list(SOURCE_KINDS),
        index=list(SOURCE_KINDS).index(ingest.SourceFacts.kind),
        key="add.kind",
        format_func=SOURCE_KINDS.__getitem__,
    )
    bias = right.text_input("Bias: who publishes it, what they gain", key="add.bias")
    with st.expander("Coordinates, if the offline gazetteer does not know the region"):
        lat = st.number_input("Latitude", -90.0, 90.0, value=None, key="add.lat")
        lon = st.number_input("Longitude", -180.0, 180.0, value=None, key="add.lon")
    if not region.strip():
        st.caption("Name the region to start.")
        return None
    return ingest.SourceFacts(
        region=region.strip(),
        publisher=publisher.strip() or None,
        title=title.strip() or None,
        published=published,
        url=url.strip() or None,
        kind=kind,
        bias=bias.strip() or None,
        lat=lat,
        lon=lon,
    )


def read_article() -> tuple[bytes, str] | None:
    """Draw the upload and paste boxes; return the article's bytes and name, if any."""
    upload = st.file_uploader(
        "Upload the article (plain text, Markdown or HTML)",
        type=["txt", "md", "markdown", "html", "htm"],
        key="add.file",
        max_upload_size=MAX_UPLOAD_MB,
    )
    pasted = st.text_area("…or paste its text", key="add.text", height=200)
    if upload is not None:
        return upload.getvalue(), upload.name
    if pasted.strip():
        return pasted.encode("utf-8"), "pasted text"
    return None


def propose(facts: ingest.SourceFacts, article: tuple[bytes, str]) -> None:
    """Read the article and keep its draft for review, showing each step while it works."""
    raw, name = article
    with st.status("Reading the article…", expanded=True) as status:
        try:
            st.write("Checking it is text…")
            text = ingest.decode_article(raw, name)
            st.write("Numbering paragraphs and proposing claims…")
            draft = ingest.ingest_text(text, name, facts)
        except PackError as exc:
            status.update(label="The article could not be read", state="error")
            st.session_state.pop(_DRAFT, None)
            st.error(esc(str(exc)), icon=":material/error:")
            return
        status.update(
            label=f"{len(draft['claims'])} claims proposed from "
            f"{len(draft['source']['paragraphs'])} paragraphs",
            state="complete",
            expanded=False,
        )
    st.session_state[_DRAFT] = draft


def current_draft() -> dict[str, Any] | None:
    """Return the draft being reviewed in this session, if any."""
    return st.session_state.get(_DRAFT)


def review_claims(draft: dict[str, Any]) -> list[dict[str, Any]]:
    """Show the proposed claims in an editable table; return the rows as edited."""
    places = [p["id"] for p in draft["places"]]
    edited = st.data_editor(
        pd.DataFrame(ingest.list_proposals(draft)),
        key="add.claims",
        hide_index=True,
        width="stretch",
        disabled=["id", "paragraph", "decided_by"],
        column_config={
            "keep": st.column_config.CheckboxColumn("Keep"),
            "id": "ID",
            "paragraph": st.column_config.NumberColumn("¶"),
            "text": st.column_config.TextColumn("Claim (paraphrase it)", max_chars=1000),
            "theme": st.column_config.SelectboxColumn("Theme", options=list(THEMES)),
            "stance": st.column_config.SelectboxColumn("Stance", options=list(STANCES)),
            "place": st.column_config.SelectboxColumn("Place", options=places),
            "decided_by": "Lexicon words that decided it",
        },
    )
    return edited.to_dict("records")


def save(draft: dict[str, Any], rows: list[dict[str, Any]], publish: bool) -> None:
    """Validate the reviewed pack and write it into the data folder, or say why not."""
    folder = data.data_dir()
    target = folder / f"{draft['id']}.yaml"
    with st.status("Saving the pack…", expanded=True) as status:
        st.write("Validating…")
        pack, reasons = review.finalise(draft, rows, publish, str(target))
        if pack is not None:
            # Against everything loaded, drafts included: ids must stay unique across packs.
            catalog = data.get_catalog()
            reasons = review.find_clashes(pack, catalog.sources["pack"], catalog.claims["id"])
        if pack is not None and target.exists():
            reasons.append(f"{target}: already exists; remove it or change the title")
        if pack is None or reasons:
            status.update(label="Not saved", state="error")
            st.error("The pack was not saved. Fix these, then save again.", icon=":material/error:")
            st.code("\n".join(reasons), language=None, wrap_lines=True)
            return
        st.write(f"Writing {target.name}…")
        try:
            _write(target, ingest.dump_pack(pack))
        except OSError as exc:
            status.update(label="Not saved", state="error")
            st.error(esc(f"{target}: cannot be written: {exc.strerror}"), icon=":material/error:")
            return
        data.clear_catalog()
        status.update(label=f"Saved {target.name}", state="complete", expanded=False)
    st.session_state[_SAVED] = str(target)
    st.session_state.pop(_DRAFT, None)


def _write(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def render_saved() -> None:
    """Say where the last pack went and how to see it."""
    saved = st.session_state.get(_SAVED)
    if saved:
        st.success(
            esc(f"Saved {saved}. Drafts show when the sidebar's \u201cInclude drafts\u201d is on."),
            icon=":material/check_circle:",
        )
