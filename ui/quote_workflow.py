"""The admin view's workflow: status, owner, notes and history of a request, and the CRM outbox.

Everything a prospect or a colleague typed is shown with st.text or in a dataframe: as text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine

from insights.content.text import count_noun
from insights.content.text import escape_markdown as esc
from insights.errors import PackError
from insights.quotes import outbox, people, store, workflow
from insights.quotes.outbox import State
from insights.quotes.requests import StoredRequest
from insights.quotes.workflow import Change, Status
from ui import accounts
from ui import store as ui_store

STATUS_FILTER = "workflow.status_filter"
SAVE = "workflow.save"
RETRY = "outbox.retry"
_NOTICE = "workflow.notice"
_ERROR = "workflow.error"
_OUTBOX_NOTICE = "outbox.notice"
UNTOUCHED_COLUMN = "Untouched for"
# Who a change made through the admin password (no named account signed in) is recorded as.
PASSWORD_ADMIN = "admin (password)"


def field_key(field: str, reference: str, version: int) -> str:
    """Return a workflow widget's key: fresh for each request and each version of it."""
    # A saved change moves the version on, so the widgets start again from the stored values.
    return f"workflow.{field}.{reference}.{version}"


def render_summary(engine: Engine) -> None:
    """Show a badge for new requests and how many are in each status."""
    counts = workflow.count_statuses(engine)
    new = counts[Status.NEW]
    if new:
        st.badge(f"{new:,} new", icon=":material/fiber_new:", color="blue")
    st.caption(" · ".join(f"{status.value}: {count:,}" for status, count in counts.items()))


def render_status_filter() -> list[str]:
    """Draw the status filter; return the statuses chosen (none: every status)."""
    chosen = st.multiselect(
        "Status", [s.value for s in Status], key=STATUS_FILTER, placeholder="Any status"
    )
    return list(chosen)


def with_age(
    table: pd.DataFrame, requests: Sequence[StoredRequest], now: dt.datetime
) -> pd.DataFrame:
    """Return the table with how long each new request has waited untouched."""
    ages = [
        workflow.describe_age(workflow.untouched_for(r.status, r.received_at, r.touched_at, now))
        for r in requests
    ]
    return table.assign(**{UNTOUCHED_COLUMN: ages})


def _who() -> str:
    """Return how the person making a change is recorded."""
    person = accounts.current_person()
    return person.label if person.name else PASSWORD_ADMIN


def _save(reference: str, version: int) -> None:
    state = st.session_state
    owner = state.get(field_key("owner", reference, version))
    change = Change(
        Status(state.get(field_key("status", reference, version), Status.NEW.value)),
        None if owner is None else int(owner),
        str(state.get(field_key("note", reference, version), "")),
    )
    state.pop(_NOTICE, None)
    state.pop(_ERROR, None)
    try:
        engine = ui_store.open_store()
        done = workflow.change_request(
            engine, reference, change, _who(), dt.datetime.now(dt.UTC), version
        )
    except PackError as exc:
        # The widgets keep what was typed (their keys hold this version until a save works).
        field = f"{exc.field}: " if exc.field else ""
        state[_ERROR] = f"Not saved — {field}{exc.message}"
        return
    except store.StoreUnavailable:
        state[_ERROR] = "Not saved — the request store cannot be reached. Try again in a moment."
        return
    state[_NOTICE] = f"Saved: {done.reference} is {done.status.value}, owner {done.owner}."


def render_panel(engine: Engine, request: StoredRequest) -> None:
    """Draw the chosen request's status, owner and note form, then its history."""
    reference = request.reference
    current = workflow.read_workflow(engine, reference)
    active = [a for a in people.list_accounts(engine) if not a.disabled]
    names = {a.id: a.person().label for a in active}
    if current.owner_id is not None and current.owner_id not in names:
        names[current.owner_id] = current.owner  # a disabled owner stays shown until changed
    st.subheader(f"Workflow of {esc(reference)}")
    if request.same_company:
        st.warning(
            f"{count_noun(request.same_company, 'other request')} name the same company.",
            icon=":material/groups:",
        )
    version = current.version
    options: list[int | None] = [None, *names]
    with st.form(f"workflow.form.{reference}.{version}", border=True):
        statuses = [s.value for s in workflow.allowed_statuses(current.status)]
        left, right = st.columns(2)
        left.selectbox(
            "Status of this request", statuses, key=field_key("status", reference, version)
        )
        right.selectbox(
            "Owner",
            options,
            index=options.index(current.owner_id),
            format_func=lambda i: "Nobody" if i is None else names[i],
            key=field_key("owner", reference, version),
        )
        st.text_area(
            "Internal note (the prospect never sees it)",
            key=field_key("note", reference, version),
            max_chars=workflow.NOTE_LIMIT,
        )
        st.form_submit_button(
            "Save changes",
            key=f"{SAVE}.{reference}.{version}",
            on_click=_save,
            args=(reference, version),
            icon=":material/save:",
        )
    if st.session_state.get(_ERROR):
        st.error(esc(st.session_state[_ERROR]), icon=":material/error:")
    elif st.session_state.get(_NOTICE):
        st.success(esc(st.session_state[_NOTICE]), icon=":material/check_circle:")
    history = workflow.read_history(engine, reference)
    st.caption("History (UTC): who changed what and when")
    if not history:
        st.text("No change yet.")
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "When (UTC)": e.changed_at.strftime("%Y-%m-%d %H:%M"),
                    "Who": e.changed_by,
                    "What": workflow.FIELD_LABELS.get(e.field, e.field),
                    "From": e.old_value,
                    "To": e.new_value,
                }
                for e in history
            ]
        ),
        hide_index=True,
        width="stretch",
        key=f"workflow.history.{reference}",
    )


def _retry(letter_id: int, reference: str) -> None:
    try:
        done = outbox.retry_letter(ui_store.open_store(), letter_id, dt.datetime.now(dt.UTC))
    except store.StoreUnavailable:
        st.session_state[_OUTBOX_NOTICE] = "Not retried — the request store cannot be reached."
        return
    st.session_state[_OUTBOX_NOTICE] = (
        f"{reference} is queued again: the relay sends it within seconds."
        if done
        else f"{reference} is no longer a dead letter."
    )


def render_outbox(engine: Engine) -> None:
    """Show the CRM hand-off: events by state, and each dead letter with a Retry button."""
    counts = outbox.count_states(engine)
    if not any(counts.values()):
        return
    st.subheader("CRM hand-off")
    st.caption(
        f"Delivered {counts[State.DELIVERED]:,} · waiting {counts[State.PENDING]:,} · "
        f"dead letters {counts[State.DEAD]:,}"
    )
    notice = st.session_state.pop(_OUTBOX_NOTICE, None)
    if notice:
        st.info(esc(notice), icon=":material/send:")
    for letter in outbox.list_letters(engine, State.DEAD):
        with st.container(border=True):
            st.caption(
                f"{esc(letter.reference)} · {count_noun(letter.attempts, 'attempt')} · event "
                f"{esc(letter.event_id)}"
            )
            st.text(f"Last error: {letter.last_error}")
            st.button(
                "Retry",
                key=f"{RETRY}.{letter.id}",
                on_click=_retry,
                args=(letter.id, letter.reference),
                icon=":material/replay:",
            )


def render_chosen(engine: Engine, requests: Sequence[StoredRequest], chosen: str | None) -> None:
    """Draw the workflow of the request the details show, and the outbox, if the store answers."""
    picked = next((r for r in requests if r.reference == chosen), requests[0] if requests else None)
    try:
        if picked is not None:
            render_panel(engine, picked)
        render_outbox(engine)
    except store.StoreUnavailable:
        st.error(
            "The request store cannot be reached, so the workflow cannot be shown right now.",
            icon=":material/cloud_off:",
        )
