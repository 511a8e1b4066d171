"""The "Add a region" form: article in, each proposed claim reviewed beside its paragraph."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, cast

import streamlit as st
from streamlit import runtime
from streamlit.delta_generator import DeltaGenerator
from streamlit.runtime.scriptrunner import get_script_run_ctx

from insights import ingest
from insights.content.model import SOURCE_KINDS, STANCES, THEMES, UNITS, SourceKind
from insights.content.text import count_noun
from insights.content.text import escape_markdown as esc
from insights.errors import PackError
from insights.ingest import draft as drafting
from insights.ingest import review, worker
from ui import accounts, data

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
UNIT_NAMES = UNITS
_DRAFT = "add.draft"
_SAVED = "add.saved"
_ROUND = "add.round"
_UPLOAD_ID = "add.upload_id"  # the upload read last, dropped from memory once proposed
_HASH = "add.text_hash"  # the article's hash, stored with the draft
_SAME = "add.same"  # stored packs read from the same article
_NOTICE = "add.notice"
_REFUSED = "add.refused"  # the uploaded file is of a kind the ingest does not read
_REOPENED = "add.reopened"  # the stored draft being finished, if one was reopened
REOPEN = "add.reopen"


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
    # Any file is taken, then its kind checked here: Streamlit's own refusal is a generic box.
    upload = st.file_uploader(
        "Upload the article (plain text, Markdown or HTML)",
        key=f"add.file.{drafts}" if drafts else "add.file",
        max_upload_size=MAX_UPLOAD_MB,
    )
    pasted = st.text_area("…or paste its text", key="add.text", height=200)
    if upload is not None:
        st.session_state[_UPLOAD_ID] = upload.file_id
        try:
            ingest.check_article_name(upload.name)
        except PackError as exc:
            # Said as soon as the file is dropped, by its name: never the server's path.
            st.error(esc(str(exc)), icon=":material/error:")
            st.session_state[_REFUSED] = True
            return None
        st.session_state.pop(_REFUSED, None)
        return upload.getvalue(), upload.name
    st.session_state.pop(_REFUSED, None)
    if pasted.strip():
        return pasted.encode("utf-8"), "pasted text"
    return None


def _same_article(text_hash: str, url: str | None) -> list[str]:
    """Return the ids of stored packs read from the same article (none if the store is down)."""
    from insights.quotes import packs, store
    from ui import store as ui_store

    try:
        return [p.id for p in packs.find_same_article(ui_store.open_store(), text_hash, url)]
    except store.StoreUnavailable:
        return []


def _session_alive() -> Callable[[], bool]:
    """Return a check that this session is still open (its tab not closed)."""
    ctx = get_script_run_ctx()
    if ctx is None or not runtime.exists():
        return lambda: True
    instance, session_id = runtime.get_instance(), ctx.session_id
    return lambda: instance.is_active_session(session_id)


def explain_missing() -> None:
    """Say what to do when Propose is clicked with no article (a refused file is said already)."""
    if not st.session_state.get(_REFUSED):
        st.error("Upload a file or paste the article's text first.", icon=":material/error:")


def propose(facts: ingest.SourceFacts, article: tuple[bytes, str]) -> None:
    """Read the article and keep its draft for review, showing each step while it works."""
    from insights.quotes import packs

    raw, name = article
    with st.status("Reading the article…", expanded=True) as status:
        try:
            st.write("Checking it is text…")
            text = ingest.decode_article(raw, name)
            st.write("Numbering paragraphs and proposing claims…")
            # Links are proposed to everything loaded, drafts included, but the same article.
            catalog = data.get_catalog()
            known = ingest.known_from_catalog(catalog.claims, catalog.companies, url=facts.url)
            # In a child process with a time limit, ended if this tab closes meanwhile.
            draft = worker.run_limited(
                ingest.ingest_text, (text, name, facts, None, known), name, _session_alive()
            )
            text_hash = packs.hash_draft(draft)
            same = _same_article(text_hash, facts.url)
            own_copies = [
                str(c)
                for c, p in zip(catalog.claims["id"], catalog.claims["pack"], strict=True)
                if p in same
            ]
            draft = drafting.drop_links(draft, own_copies)
            # Another article about the same region numbers its claims alike: such ids get a
            # suffix here, and stay editable in review.
            taken = [str(c) for c in catalog.claims["id"]]
            draft = drafting.rename_claims(draft, drafting.free_claim_ids(draft, taken))
        except worker.Stopped:
            return  # the tab closed: nobody is left to show anything to
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
    st.session_state[_HASH] = text_hash
    st.session_state[_SAME] = same
    st.session_state.pop(_REOPENED, None)
    st.session_state[_ROUND] = st.session_state.get(_ROUND, 0) + 1
    _drop_upload()


def render_same_article() -> None:
    """Warn when the article was ingested before (the same text or address), naming the packs."""
    same = st.session_state.get(_SAME) or []
    if same:
        st.warning(
            esc(
                "This article was ingested before, as "
                + ", ".join(same)
                + ". Its claims are not proposed as corroborating their own copy; reopen that "
                "draft instead of saving a second one."
            ),
            icon=":material/content_copy:",
        )


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
    figures: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for i, figure in enumerate((draft.get("ingested") or {}).get("figures", [])):
        figures.setdefault(figure["claim"], []).append((i, figure))
    measures: dict[int, str] = {}
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
                reviewed, named = _review_claim(
                    right, draft, row, places, found.get(row["id"], []), figures.get(row["id"], [])
                )
                rows.append(reviewed)
                measures.update(named)
    return rows, _source_edits(gists, measures)


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
    for link in ingested.get("links", []):
        add(link["claim"], f"Probably {link['kind']} {link['target']}: {link['reason']}")
    return lines


def _review_claim(
    area: DeltaGenerator,
    draft: dict[str, Any],
    row: dict[str, Any],
    places: dict[str, str],
    found: list[str],
    figures: list[tuple[int, dict[str, Any]]],
) -> tuple[dict[str, Any], dict[int, str]]:
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
    new_id = box.text_input(
        "Id (links and shared pitches use it)",
        value=cid,
        key=_key(draft, cid, "id"),
        max_chars=64,
    )
    if found:
        box.text("\n".join(found))
    # Each figure's measure, editable: it becomes the published figure's label.
    measures = {
        i: box.text_input(
            f"Figure {figure['words']} ({UNIT_NAMES.get(figure['unit'], figure['unit'])}): "
            "what it measures",
            value=figure["measure"],
            key=_key(draft, cid, "measure", i),
            max_chars=200,
        )
        for i, figure in figures
    }
    return {**row, "keep": keep, "text": text, "new_id": new_id, **chosen}, measures


def _source_edits(gists: dict[int, str], measures: dict[int, str]) -> ingest.SourceEdits:
    # The source's fields as the form above holds them now: filled in after proposing counts.
    state = st.session_state
    return ingest.SourceEdits(
        publisher=state.get("add.publisher") or None,
        title=state.get("add.title") or None,
        url=state.get("add.url") or None,
        bias=state.get("add.bias") or None,
        gists={n: g for n, g in gists.items() if g.strip()},
        measures={i: m for i, m in measures.items() if m.strip()},
    )


def render_notes(
    draft: dict[str, Any], rows: list[dict[str, Any]], edits: ingest.SourceEdits
) -> None:
    """List what is left before publishing, each note named by its field or claim id."""
    notes = review.check_edits(draft, rows, edits)
    # In plain words: "Claim 2 of paragraph 3 is still the article's own words".
    blocking = [review.describe_line(str(n), draft["claims"]) for n in notes if n.blocks]
    other = [review.describe_line(str(n), draft["claims"]) for n in notes if not n.blocks]
    if blocking:
        verb = "blocks" if len(blocking) == 1 else "block"
        st.warning(
            f"{count_noun(len(blocking), 'thing')} {verb} publishing:", icon=":material/block:"
        )
        st.code("\n".join(blocking), language=None, wrap_lines=True)
    if other:
        st.caption("To check before publishing:")
        st.code("\n".join(other), language=None, wrap_lines=True)


def read_team(draft: dict[str, Any]) -> tuple[str | None, dt.date | None]:
    """Draw the pack's owner and review-by date (the team's, optional); return them."""
    team = draft.get("team") or {}
    left, right = st.columns(2)
    owner = left.text_input(
        "Owner (who keeps this pack current)",
        value=team.get("owner", ""),
        key=_key(draft, "owner"),
        max_chars=200,
    )
    review_by = right.date_input(
        "Review by", value=team.get("review_by"), key=_key(draft, "review_by")
    )
    return owner.strip() or None, review_by if isinstance(review_by, dt.date) else None


def _taken_ids(draft_id: str) -> tuple[list[str], list[str]]:
    # Every pack and claim id loaded but the draft's own (a reopened draft is loaded too).
    catalog = data.get_catalog()
    packs = [str(p) for p in catalog.sources["pack"] if p != draft_id]
    claims = [
        str(c)
        for c, p in zip(catalog.claims["id"], catalog.claims["pack"], strict=True)
        if p != draft_id
    ]
    return packs, claims


def save(
    draft: dict[str, Any],
    rows: list[dict[str, Any]],
    edits: ingest.SourceEdits,
    team: tuple[str | None, dt.date | None] = (None, None),
) -> None:
    """Validate the reviewed draft and keep it in the team's store, or say why not."""
    from insights.quotes import packs, store
    from ui import store as ui_store

    with st.status("Saving the draft…", expanded=True) as status:
        st.write("Validating…")
        renamed, renamed_rows, reasons = drafting.apply_renames(
            drafting.set_team(draft, *team), rows
        )
        pack = None
        if not reasons:
            pack, reasons = review.finalise(
                renamed, renamed_rows, False, f"{packs.STORE_PREFIX}:{draft['id']}", edits
            )
        if pack is not None:
            reasons = review.find_clashes(pack, *_taken_ids(draft["id"]))
        if pack is None or reasons:
            status.update(label="Not saved", state="error")
            st.error(
                "The draft was not saved. Fix these, then save again.", icon=":material/error:"
            )
            plain = [review.describe_line(r, renamed["claims"]) for r in reasons]
            st.code("\n".join(plain), language=None, wrap_lines=True)
            return
        st.write("Saving it in the team's store…")
        reopened = st.session_state.get(_REOPENED)
        try:
            # The store checks who may write: a visitor is refused there, whatever the page drew.
            saved = packs.save_draft(
                ui_store.open_store(),
                accounts.current_person(),
                pack,
                st.session_state.get(_HASH) or packs.hash_draft(draft),
                dt.datetime.now(dt.UTC),
                replacing=reopened == pack["id"],
            )
        except PackError as exc:
            status.update(label="Not saved", state="error")
            st.error(esc(exc.message), icon=":material/error:")
            return
        except store.StoreUnavailable:
            status.update(label="Not saved", state="error")
            st.error(
                "The team's store cannot be reached, so the draft was not saved. Try again.",
                icon=":material/cloud_off:",
            )
            return
        data.clear_catalog()
        status.update(label=f"Saved draft {saved.id}", state="complete", expanded=False)
    st.session_state[_SAVED] = saved.id
    st.session_state.pop(_DRAFT, None)
    st.session_state.pop(_REOPENED, None)
    # Said here, under the button just clicked: the page's own note at its top is drawn
    # before this run saved, and the rep is looking at the bottom of the review.
    _say_saved(saved.id)


def _reopen(choices: dict[str, Any]) -> None:
    chosen = choices.get(st.session_state.get(REOPEN) or "")
    if chosen is None:
        return
    try:
        st.session_state[_DRAFT] = chosen.data()
    except PackError as exc:
        st.session_state[_SAVED] = None
        st.session_state[_NOTICE] = exc.message
        return
    st.session_state[_HASH] = chosen.text_hash
    st.session_state[_SAME] = []
    st.session_state[_REOPENED] = chosen.id
    st.session_state[_ROUND] = st.session_state.get(_ROUND, 0) + 1


def render_reopen() -> None:
    """Offer the drafts saved in the team's store (by anyone, on any app server) to finish."""
    from insights.quotes import packs, store
    from ui import store as ui_store

    try:
        drafts = packs.list_packs(ui_store.open_store(), "draft")
    except store.StoreUnavailable:
        st.caption("The team's store cannot be reached: saved drafts cannot be listed now.")
        return
    if not drafts:
        return
    choices = {d.id: d for d in drafts}
    left, right = st.columns([4, 1], vertical_alignment="bottom")
    left.selectbox(
        "Finish a saved draft",
        list(choices),
        index=None,
        key=REOPEN,
        placeholder="Pick a draft",
        format_func=lambda i: (
            f"{choices[i].title} ({choices[i].region}), by {choices[i].updated_by}"
        ),
    )
    right.button("Reopen", key="add.reopen_go", on_click=_reopen, args=(choices,))
    notice = st.session_state.pop(_NOTICE, None)
    if notice:
        st.error(esc(notice), icon=":material/error:")


def render_saved() -> None:
    """Say which draft was saved last and what happens to it next."""
    saved = st.session_state.get(_SAVED)
    if saved:
        _say_saved(saved)


def _say_saved(saved: str) -> None:
    st.success(
        esc(
            f"Saved draft {saved} in the team's store. Anyone signed in can reopen it from "
            '"Finish a saved draft"; it goes live when an admin approves it on the admin page.'
        ),
        icon=":material/check_circle:",
    )
