"""Named accounts: validation, argon2 passwords, sign-in under the lockout, session cookies."""

from __future__ import annotations

import datetime as dt
import io
import logging

import pytest
import sqlalchemy as sa

from insights import cli
from insights.errors import PackError
from insights.quotes import access, people, permissions, store
from insights.quotes.schema import PEOPLE

T0 = dt.datetime(2026, 12, 6, 9, 0, tzinfo=dt.UTC)
PASSWORD = "correct horse battery staple"
GOOD = {"name": "Ana Ruiz", "email": "Ana@Example.com", "role": "rep", "password": PASSWORD}


def add(engine: sa.Engine, **fields: str) -> people.Account:
    """Add an account, any field overridden."""
    new, errors = people.validate_account({**GOOD, **fields})
    assert new is not None, errors
    return people.add_account(engine, new, T0)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "x" * 10_000, "Use at most 100 characters (this has 10,000)."),
        ("name", "Ana\x00Ruiz", "Contains an invisible or control character (U+0000)"),
        ("name", "Ana\nRuiz", "Contains a line break (U+000A)"),
        ("name", "Ana\u200bRuiz", "Contains an invisible or control character (U+200B)"),
        ("name", "   ", "Required"),
        ("email", "x" * 10_000 + "@example.com", "Use at most 254 characters (this has 10,012)."),
        ("email", "not-an-address", "Not a valid email address. An email address must have an @"),
        ("email", "<script>@example.com", "Not a valid email address."),
        ("email", "ana@example.com\r\n", "Contains a line break (U+000D)"),
        ("role", "root", "Choose rep or admin."),
        ("role", "<b>admin</b>", "Choose rep or admin."),
        ("password", "short", "Use at least 12 characters."),
        ("password", "p" * 10_000, "Use at most 1,024 characters (this has 10,000)."),
        ("password", "long enough\x07bell", "Contains a control character (U+0007)"),
        ("password", "long enough\ttab!", "Contains a control character (U+0009)"),
    ],
)
def test_a_bad_account_field_is_named_with_a_clear_message(field, value, message):
    new, errors = people.validate_account({**GOOD, field: value})
    assert new is None
    assert list(errors) == [field]
    assert errors[field].startswith(message)
    # The message never repeats what was typed (it could be markup or megabytes).
    assert value.strip() not in errors[field] or not value.strip()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "e" * 10_000, "Use at most 254 characters (this has 10,000)."),
        ("email", "<img src=x onerror=alert(1)>", "Not a valid email address."),
        ("email", "", "Required."),
        ("password", "", "Required."),
        ("password", "p" * 10_000, "Use at most 1,024 characters (this has 10,000)."),
        ("password", "secret\x1b[31m", "Contains a control character (U+001B)"),
    ],
)
def test_a_bad_sign_in_field_is_named_with_a_clear_message(field, value, message):
    form, errors = people.validate_sign_in(
        {"email": "ana@example.com", "password": "x", field: value}
    )
    assert form is None
    assert list(errors) == [field]
    assert errors[field].startswith(message)


def test_markup_in_a_name_is_kept_as_typed_text():
    new, errors = people.validate_account({**GOOD, "name": "<b>Ana</b> [x](https://evil.test)"})
    assert errors == {}
    assert new is not None
    assert new.name == "<b>Ana</b> [x](https://evil.test)"


def test_the_first_problem_is_the_packages_one_exception_naming_form_and_field():
    _, errors = people.validate_account({**GOOD, "email": "nope"})
    problem = people.first_problem(errors, "account")
    assert (problem.file, problem.field) == ("account", "Email")
    assert str(problem).startswith("account: Email: Not a valid email address.")


def test_an_account_keeps_only_an_argon2_hash_of_its_password(engine, caplog):
    caplog.set_level(logging.DEBUG)
    account = add(engine)
    assert (account.name, account.email, account.role, account.disabled) == (
        "Ana Ruiz",
        "ana@example.com",
        people.Role.REP,
        False,
    )
    assert account.created_at == T0
    with engine.connect() as conn:
        row = conn.execute(sa.select(PEOPLE)).one()
    assert row.password_hash.startswith("$argon2id$")
    assert all(PASSWORD not in str(value) for value in row)
    assert PASSWORD not in caplog.text
    assert people.verify_password(row.password_hash, PASSWORD)
    assert not people.verify_password(row.password_hash, PASSWORD + " ")
    assert not people.verify_password("not a hash", PASSWORD)


def test_an_email_has_one_account_whatever_its_case(engine):
    add(engine)
    with pytest.raises(PackError, match="account: Email: An account with this email exists"):
        add(engine, email="ANA@example.com")
    assert [a.email for a in people.list_accounts(engine)] == ["ana@example.com"]


@pytest.mark.parametrize(
    ("rep_name", "recorded"),
    [(None, "this machine"), ("", "this machine"), ("Dana Ruiz", "Dana Ruiz")],
)
def test_a_laptop_person_is_the_profiles_rep_else_this_machine(engine, rep_name, recorded):
    me = people.current_person(engine, None, rep_name)
    assert (me.name, me.label, me.role, me.signed_in, me.on_laptop) == (
        recorded,
        recorded,
        people.Role.REP,
        False,
        True,
    )
    # Named or not, the laptop's person has the laptop's rights.
    assert permissions.find_standing(me) == permissions.Standing.LAPTOP
    assert (
        permissions.find_standing(me, password_given=True) == permissions.Standing.LAPTOP_UNLOCKED
    )
    # The rep's name goes only to a laptop: a team server's visitor is still nobody.
    add(engine)
    assert people.current_person(engine, None, rep_name) == people.NOBODY


def test_no_accounts_means_this_machine_and_the_first_makes_a_team_server(engine):
    assert not people.is_team_server(engine)
    assert people.current_person(engine, None) == people.THIS_MACHINE
    account = add(engine, role="admin")
    assert people.is_team_server(engine)
    assert people.current_person(engine, None) == people.NOBODY
    cookie = people.make_session_cookie(people.session_key(engine), account)
    me = people.current_person(engine, cookie)
    assert (me.name, me.email, me.role, me.signed_in, me.is_admin) == (
        "Ana Ruiz",
        "ana@example.com",
        people.Role.ADMIN,
        True,
        True,
    )
    assert me.label == "Ana Ruiz <ana@example.com>"
    # Disabled: the cookie it holds no longer signs anyone in, and the server stays a team's.
    people.disable_account(engine, "ANA@example.com")
    assert people.current_person(engine, cookie) == people.NOBODY
    assert people.is_team_server(engine)


def test_a_session_cookie_is_signed_with_a_key_every_server_shares_and_expires(engine):
    account = add(engine)
    other = store.make_engine(engine.url.render_as_string(hide_password=False))
    key = people.session_key(engine)
    assert people.session_key(other) == key  # made once, stored in the database
    other.dispose()
    cookie = people.make_session_cookie(key, account)
    assert people.read_session_cookie(key, cookie) == account.id
    body, _, signature = cookie.rpartition(".")
    tampered = [
        cookie[:-2] + ("AA" if not cookie.endswith("AA") else "BB"),
        f"{body}x.{signature}",
        people.make_session_cookie("another key", account),
        "",
        "<script>",
        "x" * 10_000,
    ]
    assert [people.read_session_cookie(key, value) for value in tampered] == [None] * 6
    assert people.read_session_cookie(key, cookie, max_age_s=-1) is None  # expired


def test_sign_in_checks_the_password_under_the_address_lockout_shared_with_admin(engine):
    add(engine)
    form = lambda password: people.SignIn(email="ANA@example.com", password=password)  # noqa: E731
    right = people.sign_in(engine, form(PASSWORD), "10.0.0.5", 0.0)
    assert right.account is not None
    assert right.account.email == "ana@example.com"
    results = [people.sign_in(engine, form("wrong password"), "10.0.0.5", 0.0) for _ in range(3)]
    assert [(r.account, r.verdict.checked) for r in results] == [(None, True)] * 3
    # Locked: the right password is not even checked, at sign-in or at /admin.
    locked = people.sign_in(engine, form(PASSWORD), "10.0.0.5", 1.0)
    assert (locked.account, locked.verdict.checked, locked.verdict.wait_seconds(1.0)) == (
        None,
        False,
        1.0,
    )
    admin = store.judge_admin_attempt(engine, "10.0.0.5", 1.0, lambda: True)
    assert not admin.checked
    assert people.sign_in(engine, form(PASSWORD), "10.0.0.5", 2.0).account is not None


@pytest.mark.parametrize(
    ("email", "password"),
    [
        ("nobody@example.com", PASSWORD),  # no such account: a miss like a wrong password
        ("ana@example.com", "wrong password"),
    ],
)
def test_unknown_emails_and_disabled_accounts_are_wrong_passwords(engine, email, password):
    add(engine)
    result = people.sign_in(engine, people.SignIn(email=email, password=password), "10.0.0.6", 0)
    assert (result.account, result.verdict.checked, result.verdict.ok) == (None, True, False)


def test_a_disabled_account_cannot_sign_in(engine):
    add(engine)
    people.disable_account(engine, "ana@example.com")
    form = people.SignIn(email="ana@example.com", password=PASSWORD)
    assert people.sign_in(engine, form, access.UNKNOWN_CLIENT, 0.0).account is None


def run_cli(argv: list[str], stdin: str, monkeypatch) -> tuple[int, str]:
    """Run the command line with this standard input; return its exit code and output."""
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    out = io.StringIO()
    return cli.main(argv, out=out), out.getvalue()


def test_users_and_db_commands_make_a_team_server(tmp_path, monkeypatch, caplog):
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("INSIGHTS_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert run_cli(["db", "current"], "", monkeypatch) == (
        0,
        "none (not yet upgraded); head is 0006\n",
    )
    assert run_cli(["db", "upgrade"], "", monkeypatch) == (
        0,
        "upgraded: the schema is at 0006 (head)\n",
    )
    assert run_cli(["db", "current"], "", monkeypatch) == (0, "0006 (head)\n")
    add_admin = [
        "users",
        "add",
        "--name",
        "Ana Ruiz",
        "--email",
        "Ana@Example.com",
        "--role",
        "admin",
    ]
    assert run_cli(add_admin, PASSWORD + "\n", monkeypatch) == (
        0,
        "added ana@example.com (admin): Ana Ruiz\n",
    )
    assert run_cli(add_admin, PASSWORD + "\n", monkeypatch) == (
        1,
        "error: account: Email: An account with this email exists already.\n",
    )
    bad = ["users", "add", "--name", "x" * 10_000, "--email", "ana@", "--role", "rep"]
    code, said = run_cli(bad, "short\n", monkeypatch)
    assert (code, said.splitlines()) == (
        1,
        [
            "error: Name: Use at most 100 characters (this has 10,000).",
            "error: Email: Not a valid email address. There must be something after the @-sign.",
            "error: Password: Use at least 12 characters.",
        ],
    )
    code, listed = run_cli(["users", "list"], "", monkeypatch)
    assert code == 0
    assert listed.startswith("ana@example.com\tadmin\tactive\t")
    assert listed.endswith("\tAna Ruiz\n")
    assert run_cli(["users", "disable", "--email", "ana@example.com"], "", monkeypatch) == (
        0,
        "disabled ana@example.com\n",
    )
    assert run_cli(["users", "disable", "--email", "no@example.com"], "", monkeypatch) == (
        1,
        "error: account: Email: No account has this email.\n",
    )
    assert PASSWORD not in caplog.text
    engine = store.make_engine(store.default_database_url(tmp_path / "state"))
    assert people.is_team_server(engine)
    engine.dispose()


def test_a_command_on_an_unreachable_database_says_so_without_its_password(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://sales:s3cret-pw@127.0.0.1:1/quotes")
    code, said = run_cli(["db", "upgrade"], "", monkeypatch)
    assert code == 1
    assert said.startswith("error: database: OperationalError")
    assert "s3cret-pw" not in said
