"""The team's workflow on a request: status, owner, notes and history, on both databases."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from insights.errors import PackError
from insights.quotes import people, store, workflow
from insights.quotes.requests import QuoteRequest
from insights.quotes.workflow import Change, Status

T0 = dt.datetime(2026, 12, 6, 9, 0, tzinfo=dt.UTC)
TYPED = "Ana <b>Ruiz</b> **now**"


def save(engine, company: str = "Acme", name: str = TYPED) -> str:
    """Store one request as the form does and return its reference."""
    request = QuoteRequest.model_validate(
        {"name": name, "company": company, "email": "ana@example.com", "consent": True}
    )
    return store.save_request(engine, request, uuid.uuid4().hex, T0)


def add_person(engine, name: str, email: str) -> people.Account:
    """A named account to own requests."""
    new, errors = people.validate_account(
        {"name": name, "email": email, "role": "rep", "password": "a long password here"}
    )
    assert new is not None, errors
    return people.add_account(engine, new, T0)


def test_status_owner_and_notes_are_recorded_with_who_and_when(engine):
    reference = save(engine)
    bo = add_person(engine, "Bo Diaz", "bo@example.com")
    start = workflow.read_workflow(engine, reference)
    assert (start.status, start.owner, start.version, start.touched_at) == (
        Status.NEW,
        "nobody",
        0,
        None,
    )
    later = T0 + dt.timedelta(hours=2)
    changed = workflow.change_request(
        engine,
        reference,
        Change(Status.CONTACTED, bo.id, "Called; wants <b>two</b> racks"),
        "Ana Ruiz <ana@example.com>",
        later,
        version=0,
    )
    assert (changed.status, changed.owner, changed.version, changed.touched_at) == (
        Status.CONTACTED,
        "Bo Diaz <bo@example.com>",
        1,
        later,
    )
    again = workflow.change_request(
        engine, reference, Change(Status.QUALIFIED, bo.id), "this machine", later, version=1
    )
    assert again.status is Status.QUALIFIED
    history = [
        (e.changed_at, e.changed_by, e.field, e.old_value, e.new_value)
        for e in workflow.read_history(engine, reference)
    ]
    who = "Ana Ruiz <ana@example.com>"
    assert history == [
        (later, who, "status", "new", "contacted"),
        (later, who, "owner", "nobody", "Bo Diaz <bo@example.com>"),
        (later, who, "note", "", "Called; wants <b>two</b> racks"),
        (later, "this machine", "status", "contacted", "qualified"),
    ]
    # What the prospect typed is untouched; the list shows the team's side beside it.
    (listed,) = store.list_requests(engine)
    assert (listed.name, listed.status, listed.owner) == (TYPED, "qualified", bo.person().label)
    assert store.count_requests(engine, statuses=["qualified"]) == 1
    assert store.list_requests(engine, statuses=["new", "won"]) == []


@pytest.mark.parametrize(
    ("path", "refused", "message"),
    [
        ((), Status.WON, "A new request goes to contacted or lost, not won."),
        (
            (Status.CONTACTED,),
            Status.NEW,
            "A contacted request goes to qualified or lost, not new.",
        ),
        ((Status.LOST,), Status.WON, "A lost request goes to contacted, not won."),
    ],
)
def test_a_status_out_of_order_is_refused_naming_the_field(engine, path, refused, message):
    reference = save(engine)
    for version, status in enumerate(path):
        workflow.change_request(engine, reference, Change(status, None), "x", T0, version)
    with pytest.raises(PackError) as caught:
        workflow.change_request(engine, reference, Change(refused, None), "x", T0, len(path))
    assert (caught.value.field, caught.value.message) == ("Status", message)
    assert workflow.read_history(engine, reference)[len(path) :] == []


def test_a_change_made_on_a_stale_screen_is_refused(engine):
    reference = save(engine)
    workflow.change_request(engine, reference, Change(Status.CONTACTED, None), "a", T0, 0)
    with pytest.raises(PackError, match="Someone changed this request meanwhile"):
        workflow.change_request(engine, reference, Change(Status.LOST, None), "b", T0, 0)
    assert workflow.read_workflow(engine, reference).status is Status.CONTACTED


@pytest.mark.parametrize(
    ("note", "message"),
    [
        ("x" * 5001, "Use at most 5,000 characters (this has 5,001)."),
        ("bell\x07", "Contains an invisible or control character (U+0007)."),
    ],
)
def test_an_unusable_note_is_refused_and_nothing_changes(engine, note, message):
    reference = save(engine)
    with pytest.raises(PackError) as caught:
        workflow.change_request(engine, reference, Change(Status.CONTACTED, None, note), "a", T0, 0)
    assert (caught.value.field, caught.value.message) == ("Note", message)
    assert workflow.read_workflow(engine, reference).version == 0


def test_a_disabled_or_unknown_owner_is_refused(engine):
    reference = save(engine)
    gone = add_person(engine, "Cy Old", "cy@example.com")
    people.disable_account(engine, "cy@example.com")
    for owner in (gone.id, 999):
        with pytest.raises(PackError, match=r"Choose an active account, or nobody\."):
            workflow.change_request(engine, reference, Change(Status.NEW, owner), "a", T0, 0)


def test_requests_from_the_same_company_are_flagged_and_counted_by_status(engine):
    for company in ("ACME, Inc.", "acme inc", "Other Co", "Acme Inc"):
        save(engine, company)
    flagged = {r.company: r.same_company for r in store.list_requests(engine)}
    assert flagged == {"ACME, Inc.": 2, "acme inc": 2, "Acme Inc": 2, "Other Co": 0}
    assert workflow.count_statuses(engine) == {
        Status.NEW: 4,
        Status.CONTACTED: 0,
        Status.QUALIFIED: 0,
        Status.WON: 0,
        Status.LOST: 0,
    }


@pytest.mark.parametrize(
    ("status", "touched", "age", "said"),
    [
        ("new", None, dt.timedelta(minutes=45), "45 min"),
        ("new", None, dt.timedelta(hours=3, minutes=5), "3 h 5 min"),
        ("new", None, dt.timedelta(days=2, hours=4), "2 d 4 h"),
        ("new", T0, dt.timedelta(days=2), ""),
        ("contacted", None, dt.timedelta(days=2), ""),
    ],
)
def test_the_age_of_an_untouched_new_request(status, touched, age, said):
    found = workflow.untouched_for(status, T0, touched, T0 + age)
    assert workflow.describe_age(found) == said


@pytest.mark.parametrize("reference", ["Q-42x", "42", "", "Q-"])
def test_a_malformed_reference_is_refused(reference):
    with pytest.raises(PackError, match=r"Use a reference like Q-000042\."):
        workflow.parse_reference(reference)
