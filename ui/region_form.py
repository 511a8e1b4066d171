"""The "Add a region" form: article in, each proposed claim reviewed beside its paragraph."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import streamlit as st
from streamlit import runtime
from streamlit.delta_generator import DeltaGenerator
from streamlit.runtime.scriptrunner import get_script_run_ctx

from insights import ingest
from insights.content.model import SOURCE_KINDS, STANCES, THEMES, SourceKind
from insights.content.text import count_noun
from insights.content.text import escape_markdown as esc
from insights.errors import PackError
from insights.ingest import review
from ui import data

MAX_UPLOAD_MB = ingest.MAX_ARTICLE_BYTES // 2**20
# How the page names the languages the ingest detects.
LANGUAGES = {
    "en": "English",
    "es": "Spanish",
    "pt": "Portuguese",
    "fr": "French",
    "it": "Italian",
    "de": "German",
}
_DRAFT = "add.draft"
_SAVED = "add.saved"
_ROUND = "add.round"
_UPLOAD_ID = "add.upload_id"  # the upload read last, dropped from memory once proposed


def _drop_upload() -> None:
    # Streamlit keeps an uploaded file's bytes for the session until the widget lets go of
    # it; once the draft holds what was read, the bytes are released here.
    file_id = st.session_state.pop(_UPLOAD_ID, None)
    ctx = get_script_run_ctx()
    if file_id is None or ctx is None or not runtime.exists():
        return
    # The in-memory manager Streamlit serves with has remove_file; its protocol does not say so.
    remove = getattr(runtime.get_instance().uploaded_file_mgr, "remove_file", None)
    if remove is not None:
        remove(ctx.session_id, file_id)


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
        # The choices are SOURCE_KINDS' keys, so the value is one of SourceKind's.
        kind=cast(SourceKind, kind),
        bias=bias.strip() or None,
        lat=lat,
        lon=lon,
    )


def read_article() -> tuple[bytes, str] | None:
    """Draw the upload and paste boxes; return the article's bytes and name, if any."""
    # A fresh uploader for each proposed draft (its key carries the draft's number), so the
    # file read for the last one is not held by the widget any longer.
    drafts = st.session_state.get(_ROUND, 0)
    upload = st.file_uploader(
        "Upload the article (plain text, Markdown or HTML)",
        type=["txt", "md", "markdown", "html", "htm"],
        key=f"add.file.{drafts}" if drafts else "add.file",
        max_upload_size=MAX_UPLOAD_MB,
    )
    pasted = st.text_area("…or paste its text", key="add.text", height=200)
    if upload is not None:
        st.session_state[_UPLOAD_ID] = upload.file_id
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
            # Links are proposed to everything loaded, drafts included.
            catalog = data.get_catalog()
            known = ingest.known_from_catalog(catalog.claims, catalog.companies)
            draft = ingest.ingest_text(text, name, facts, known=known)
        except PackError as exc:
            status.update(label="The article could not be read", state="error")
            st.session_state.pop(_DRAFT, None)
            st.error(esc(str(exc)), icon=":material/error:")
            return
        status.update(
            label=f"{count_noun(len(draft['claims']), 'claim')} proposed from "
            f"{count_noun(len(draft['source']['paragraphs']), 'paragraph')}",
            state="complete",
            expanded=False,
        )
    st.session_state[_DRAFT] = draft
    st.session_state[_ROUND] = st.session_state.get(_ROUND, 0) + 1
    _drop_upload()


def current_draft() -> dict[str, Any] | None:
    """Return the draft being reviewed in this session, if any."""
    return st.session_state.get(_DRAFT)


def _key(draft: dict[str, Any], *parts: object) -> str:
    # Keys carry the draft's number, so a newly proposed draft never inherits old edits.
    return ".".join(["add", str(st.session_state.get(_ROUND, 0)), *map(str, parts)])


def review_draft(draft: dict[str, Any]) -> tuple[list[dict[str, Any]], ingest.SourceEdits]:
    """Show each paragraph beside the claims proposed from it, all editable; return the edits."""
    places = {p["id"]: p["name"] for p in draft["places"]}
    by_paragraph: dict[int, list[dict[str, Any]]] = {}
    for row in ingest.list_proposals(draft):
        by_paragraph.setdefault(row["paragraph"], []).append(row)
    gists: dict[int, str] = {}
    rows: list[dict[str, Any]] = []
    render_reading(draft)
    found = _found_by_claim(draft)
    for paragraph in draft["source"]["paragraphs"]:
        number = paragraph["number"]
        with st.container(border=True):
            left, right = st.columns([2, 3])
            left.caption(f"¶{number} of the article")
            left.text(paragraph.get("text", ""))
            gists[number] = left.text_input(
                f"Gist of ¶{number}, in our own words",
                value="" if paragraph["gist"] == ingest.GIST_TODO else paragraph["gist"],
                key=_key(draft, "gist", number),
                max_chars=200,
                placeholder=ingest.GIST_TODO,
            )
            claims = by_paragraph.get(number, [])
            if not claims:
                right.caption("No claim proposed from this paragraph.")
            for row in claims:
                rows.append(_review_claim(right, draft, row, places, found.get(row["id"], [])))
    return rows, _source_edits(gists)


def render_reading(draft: dict[str, Any]) -> None:
    """Say what the ingest read: the article's language and any notice (a capped reading)."""
    ingested = draft.get("ingested") or {}
    language = ingested.get("language", "en")
    name = LANGUAGES.get(language, language)
    line = f"Article language: {name}."
    if language != "en":
        line += " Proposed claims keep the article's words; paraphrase them in English."
    st.caption(esc(line))
    for notice in ingested.get("notices", []):
        st.warning(esc(notice), icon=":material/content_cut:")


def _found_by_claim(draft: dict[str, Any]) -> dict[str, list[str]]:
    # One line per thing the ingest found for a claim, said plainly for the reviewer.
    ingested = draft.get("ingested") or {}
    lines: dict[str, list[str]] = {}

    def add(claim: str, line: str) -> None:
        lines.setdefault(claim, []).append(line)

    for company in draft.get("companies", []):
        add(company["claim"], f"Organisation: {company['name']}")
    for university in draft.get("universities", []):
        what = university.get("name") or (
            f"{university.get('count') or university.get('qualifier')} {university['sector']}"
        )
        add(university["claim"], f"University: {what}")
    for person in ingested.get("people", []):
        role = f" ({person['role']})" if person.get("role") else ""
        add(person["claim"], f"Person: {person['name']}{role}")
    for figure in ingested.get("figures", []):
        add(figure["claim"], f"Figure: {figure['words']} — {figure['measure']} ({figure['unit']})")
    for link in ingested.get("links", []):
        add(link["claim"], f"Probably {link['kind']} {link['target']}: {link['reason']}")
    return lines


def _review_claim(
    area: DeltaGenerator,
    draft: dict[str, Any],
    row: dict[str, Any],
    places: dict[str, str],
    found: list[str],
) -> dict[str, Any]:
    cid = row["id"]
    box = area.container(border=True)
    keep = box.checkbox(f"Keep {cid}", value=True, key=_key(draft, cid, "keep"))
    text = box.text_area(
        f"Claim {cid} (paraphrase it)",
        value=row["text"],
        key=_key(draft, cid, "text"),
        max_chars=1000,
        height="content",
    )
    # Theme, stance and place: one labelled pick each, from its vocabulary.
    picks = (("Theme", "theme", THEMES), ("Stance", "stance", STANCES), ("Place", "place", places))
    chosen = {
        field: column.selectbox(
            label,
            list(options),
            index=list(options).index(row[field]) if row[field] in options else 0,
            format_func=options.__getitem__,
            key=_key(draft, cid, field),
        )
        for column, (label, field, options) in zip(box.columns(len(picks)), picks, strict=True)
    }
    box.caption(esc(f"Proposed because of the words: {row['decided_by']}"))
    if found:
        box.text("\n".join(found))
    return {**row, "keep": keep, "text": text, **chosen}


def _source_edits(gists: dict[int, str]) -> ingest.SourceEdits:
    # The source's fields as the form above holds them now: filled in after proposing counts.
    state = st.session_state
    return ingest.SourceEdits(
        publisher=state.get("add.publisher") or None,
        title=state.get("add.title") or None,
        url=state.get("add.url") or None,
        bias=state.get("add.bias") or None,
        gists={n: g for n, g in gists.items() if g.strip()},
    )


def render_notes(
    draft: dict[str, Any], rows: list[dict[str, Any]], edits: ingest.SourceEdits
) -> None:
    """List what is left before publishing, each note named by its field or claim id."""
    notes = review.check_edits(draft, rows, edits)
    blocking = [str(n) for n in notes if n.blocks]
    other = [str(n) for n in notes if not n.blocks]
    if blocking:
        verb = "blocks" if len(blocking) == 1 else "block"
        st.warning(
            f"{count_noun(len(blocking), 'thing')} {verb} publishing:", icon=":material/block:"
        )
        st.code("\n".join(blocking), language=None, wrap_lines=True)
    if other:
        st.caption("To check before publishing:")
        st.code("\n".join(other), language=None, wrap_lines=True)


def save(
    draft: dict[str, Any], rows: list[dict[str, Any]], edits: ingest.SourceEdits, publish: bool
) -> None:
    """Validate the reviewed pack and write it into the data folder, or say why not."""
    folder = data.data_dir()
    target = folder / f"{draft['id']}.yaml"
    with st.status("Saving the pack…", expanded=True) as status:
        st.write("Validating…")
        pack, reasons = review.finalise(draft, rows, publish, str(target), edits)
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
