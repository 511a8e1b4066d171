"""Who may write, see drafts and publish: the table, for each kind of person."""

from __future__ import annotations

import pytest

from insights.errors import PackError
from insights.quotes.people import NOBODY, THIS_MACHINE, Person, Role
from insights.quotes.permissions import Action, Standing, find_standing, may, require

REP = Person("Ana Ruiz", "ana@example.com", Role.REP, 1)
ADMIN = Person("Bo Diaz", "bo@example.com", Role.ADMIN, 2)
# A signed-out visitor whose role somehow came along is still a visitor: no account id.
ROLE_WITHOUT_ACCOUNT = Person("Cy", "cy@example.com", Role.ADMIN)


@pytest.mark.parametrize(
    ("person", "password", "standing", "write", "drafts", "notes", "publish"),
    [
        (NOBODY, False, Standing.VISITOR, False, False, False, False),
        (NOBODY, True, Standing.VISITOR, False, False, False, False),
        (ROLE_WITHOUT_ACCOUNT, True, Standing.VISITOR, False, False, False, False),
        (REP, False, Standing.REP, True, True, True, False),
        (REP, True, Standing.REP, True, True, True, False),
        (ADMIN, False, Standing.ADMIN, True, True, True, True),
        (THIS_MACHINE, False, Standing.LAPTOP, True, True, True, False),
        (THIS_MACHINE, True, Standing.LAPTOP_UNLOCKED, True, True, True, True),
    ],
)
def test_rights(person, password, standing, write, drafts, notes, publish):
    assert find_standing(person, password) is standing
    assert (
        may(person, Action.WRITE, password),
        may(person, Action.SEE_DRAFTS, password),
        may(person, Action.SEE_REP_NOTES, password),
        may(person, Action.PUBLISH, password),
    ) == (write, drafts, notes, publish)


@pytest.mark.parametrize(
    ("person", "action", "message"),
    [
        (
            NOBODY,
            Action.WRITE,
            "Cannot write content: sign in first: this server's content is written by its team.",
        ),
        (
            REP,
            Action.PUBLISH,
            "Cannot publish content: only an admin may publish; ask one to approve the draft.",
        ),
        (
            THIS_MACHINE,
            Action.PUBLISH,
            "Cannot publish content: give the admin password first (on the admin page).",
        ),
    ],
)
def test_a_refusal_says_why(person, action, message):
    with pytest.raises(PackError) as caught:
        require(person, action)
    assert caught.value.message == message


def test_allowed_is_silent():
    assert require(ADMIN, Action.PUBLISH) is None
