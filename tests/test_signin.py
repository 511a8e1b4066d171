"""/signin and /signout as the app serves them: a signed HttpOnly cookie, a lockout, plain HTML."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from starlette.applications import Starlette
from starlette.testclient import TestClient

from insights.quotes import people, store
from ui import export_routes, signin_routes

PASSWORD = "correct horse battery staple"
T0 = dt.datetime(2026, 12, 6, 9, 0, tzinfo=dt.UTC)
HOSTILE = '<script>alert("x")</script>'


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine(request, tmp_path, monkeypatch) -> Iterator[sa.Engine]:
    """The app's store with one rep's account, handed to the routes as the app hands it."""
    if request.param == "sqlite":
        url = store.default_database_url(tmp_path / "state")
    else:
        url = request.getfixturevalue("postgres_schema_url")
    made = store.make_engine(url)
    store.create_schema(made)
    monkeypatch.setattr(signin_routes, "open_engine", lambda: made)
    yield made
    made.dispose()


def add_rep(engine: sa.Engine, email: str = "rep@example.com") -> people.Account:
    """Add a rep with the test password."""
    new = people.NewAccount(name="Rita Rep", email=email, role=people.Role.REP, password=PASSWORD)
    return people.add_account(engine, new, T0)


@pytest.fixture
def client(engine) -> Iterator[TestClient]:
    """A client of the routes the App is given, on loopback."""
    app = Starlette(routes=[*export_routes.ROUTES, *signin_routes.ROUTES])
    with TestClient(app, base_url="http://127.0.0.1:8501", follow_redirects=False) as made:
        yield made


def post(client: TestClient, **fields: str):
    """Post the sign-in form as the page's browser would."""
    return client.post("/signin", data=fields, headers={"Origin": "http://127.0.0.1:8501"})


def errors(response) -> list[str]:
    """The page's alerts, as text."""
    return [re.sub(r"<[^>]+>", "", m) for m in re.findall(r'role="alert">(.*?)</p>', response.text)]


def test_a_server_without_accounts_needs_no_sign_in(client):
    response = client.get("/signin")
    assert response.status_code == 200
    assert "nobody needs to sign in" in response.text
    assert "<form" not in response.text


def test_the_right_password_sets_a_signed_http_only_lax_cookie_for_twelve_hours(engine, client):
    account = add_rep(engine)
    page = client.get("/signin?next=/explorer%3Fq%3Dmexico")
    assert page.status_code == 200
    assert '<input type="hidden" name="next" value="/explorer?q=mexico">' in page.text
    assert page.headers["Content-Security-Policy"].startswith("default-src 'none'")
    response = post(client, email="REP@example.com", password=PASSWORD, next="/explorer?q=mexico")
    assert response.status_code == 303
    assert response.headers["location"] == "/explorer?q=mexico"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{people.SESSION_COOKIE}=")
    attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")[1:]}
    assert {"httponly", "max-age", "path", "samesite"} <= attributes
    assert "Max-Age=43200" in cookie
    assert "SameSite=lax" in cookie or "samesite=lax" in cookie.lower()
    value = response.cookies[people.SESSION_COOKIE]
    assert PASSWORD not in value
    assert people.current_person(engine, value) == account.person()
    out = client.get("/signout")
    assert out.status_code == 200
    assert f'{people.SESSION_COOKIE}=""' in out.headers["set-cookie"]
    assert "Max-Age=0" in out.headers["set-cookie"]


@pytest.mark.parametrize(
    ("next_path", "goes_to"),
    [
        ("/admin", "/admin"),
        ("https://evil.test/", "/"),
        ("//evil.test/x", "/"),
        ("/\\evil.test", "/"),
        ("javascript:alert(1)", "/"),
        ('/x"><script>', "/"),
        ("", "/"),
    ],
)
def test_after_sign_in_only_a_path_of_this_app_is_followed(engine, client, next_path, goes_to):
    add_rep(engine)
    response = post(client, email="rep@example.com", password=PASSWORD, next=next_path)
    assert response.headers["location"] == goes_to


@pytest.mark.parametrize(
    ("fields", "status", "alerts"),
    [
        (
            {"email": "e" * 10_000, "password": "x"},
            400,
            ["Email: Use at most 254 characters (this has 10,000)."],
        ),
        (
            {"email": HOSTILE, "password": HOSTILE},
            400,
            ["Email: Not a valid email address. The display name contains invalid characters"],
        ),
        ({"email": "rep@example.com", "password": ""}, 400, ["Password: Required."]),
        (
            {"email": "rep@example.com", "password": "p" * 10_000},
            400,
            ["Password: Use at most 1,024 characters (this has 10,000)."],
        ),
        (
            {"email": "rep@example.com", "password": "pass\x00word"},
            400,
            ["Password: Contains a control character (U+0000); use printable characters only."],
        ),
        (
            {"email": "rep@exa\u200bmple.com", "password": "x"},
            400,
            [
                "Email: Contains an invisible or control character (U+200B); type it as plain "
                "text on one line."
            ],
        ),
        ({"email": "rep@example.com", "password": "wrong"}, 401, ["Wrong email or password."]),
    ],
)
def test_hostile_sign_in_input_is_named_by_field_and_never_markup(
    engine, client, fields, status, alerts
):
    add_rep(engine)
    response = post(client, **fields)
    assert response.status_code == status
    said = errors(response)
    assert len(said) == len(alerts)
    assert all(got.startswith(want) for got, want in zip(said, alerts, strict=True)), said
    assert "<script>" not in response.text
    assert people.SESSION_COOKIE not in response.headers.get("set-cookie", "")


def test_wrong_passwords_are_locked_out_as_admin_passwords_are(engine, client):
    add_rep(engine)
    said = [errors(post(client, email="rep@example.com", password="wrong")) for _ in range(3)]
    assert said[:2] == [["Wrong email or password."]] * 2
    assert said[2][0].startswith("Wrong email or password. Too many attempts: wait 2 s")
    locked = post(client, email="rep@example.com", password=PASSWORD)
    assert locked.status_code == 429
    assert errors(locked)[0].startswith("Too many wrong passwords: try again in")
    assert "set-cookie" not in locked.headers
    # The same count as /admin: loopback is one address there too.
    assert not store.judge_admin_attempt(engine, "unknown", 0.0, lambda: True).checked


def test_a_form_from_another_site_or_too_large_is_refused(engine, client):
    add_rep(engine)
    foreign = client.post(
        "/signin",
        data={"email": "rep@example.com", "password": PASSWORD},
        headers={"Origin": "https://evil.test"},
    )
    assert (foreign.status_code, "set-cookie" in foreign.headers) == (403, False)
    huge = post(client, email="rep@example.com", password="x" * 20_000)
    assert huge.status_code == 413


def test_a_password_is_never_logged(engine, client, caplog):
    caplog.set_level(logging.DEBUG)
    add_rep(engine)
    post(client, email="rep@example.com", password=PASSWORD)
    post(client, email="rep@example.com", password=PASSWORD + "-wrong")
    assert PASSWORD not in caplog.text
