"""Who may do what with content: write and see drafts, and publish, as a table per kind of person.

A team server (one with accounts) lets a signed-in person write and see drafts and an admin
publish; a visitor who has not signed in may do none of it. A laptop with no accounts is one
person (the seller profile's rep, or "this machine"), who writes freely but publishes only with
the admin password.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType

from insights.errors import PackError
from insights.quotes.people import Person


class Action(enum.StrEnum):
    """Something done with content that not every visitor may do."""

    WRITE = "write content"
    SEE_DRAFTS = "see drafts and the reps' checks"
    SEE_REP_NOTES = "see the reps' notes (bias, verify marks, speaker notes)"
    PUBLISH = "publish content"


class Standing(enum.StrEnum):
    """What kind of person is using the app, as far as content rights go."""

    VISITOR = "visitor"  # a team server's visitor who has not signed in: a prospect, say
    REP = "rep"
    ADMIN = "admin"
    LAPTOP = "laptop"  # a laptop with no accounts, before the admin password is given
    LAPTOP_UNLOCKED = "laptop unlocked"  # the same, once the admin password is given


RIGHTS: Mapping[Standing, frozenset[Action]] = MappingProxyType(
    {
        Standing.VISITOR: frozenset(),
        Standing.REP: frozenset({Action.WRITE, Action.SEE_DRAFTS, Action.SEE_REP_NOTES}),
        Standing.ADMIN: frozenset(Action),
        Standing.LAPTOP: frozenset({Action.WRITE, Action.SEE_DRAFTS, Action.SEE_REP_NOTES}),
        Standing.LAPTOP_UNLOCKED: frozenset(Action),
    }
)
# Why an action is refused, said to the person refused.
REFUSALS: Mapping[Standing, str] = MappingProxyType(
    {
        Standing.VISITOR: "sign in first: this server's content is written by its team",
        Standing.REP: "only an admin may publish; ask one to approve the draft",
        Standing.ADMIN: "",
        Standing.LAPTOP: "give the admin password first (on the admin page)",
        Standing.LAPTOP_UNLOCKED: "",
    }
)


def find_standing(person: Person, password_given: bool = False) -> Standing:
    """Return what kind of person this is: a visitor, a rep, an admin, or this laptop."""
    if person.on_laptop:
        return Standing.LAPTOP_UNLOCKED if password_given else Standing.LAPTOP
    if not person.signed_in:
        return Standing.VISITOR
    return Standing.ADMIN if person.is_admin else Standing.REP


def may(person: Person, action: Action, password_given: bool = False) -> bool:
    """Tell whether the person may do the action (password_given: the admin password, laptop)."""
    return action in RIGHTS[find_standing(person, password_given)]


def require(person: Person, action: Action, password_given: bool = False) -> None:
    """Raise PackError saying why, unless the person may do the action."""
    standing = find_standing(person, password_given)
    if action not in RIGHTS[standing]:
        raise PackError("content", "", f"Cannot {action}: {REFUSALS[standing]}.")
