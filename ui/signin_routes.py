"""``/signin`` and ``/signout``: plain-HTML sign-in that sets a signed, HttpOnly session cookie.

The cookie belongs to the browser, not the tab: every tab and reload of the app reads it
(st.context.cookies), and every app server sharing the database can check it.
"""

from __future__ import annotations

import html
import ipaddress
import math
import re
import time
import urllib.parse
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from insights.quotes import people

# The store's modules (pydantic, SQLAlchemy, argon2) are imported when a route is first used.

SIGNIN_PATH = "/signin"
SIGNOUT_PATH = "/signout"
# A sign-in form is a few hundred bytes; anything much larger is refused unread.
MAX_FORM_BYTES = 16 * 1024
# Where to go after signing in: a path of this app only (never another site, never "//host").
_SAFE_NEXT = re.compile(r"/(?![/\\])[A-Za-z0-9_\-./?=&%+,:~]{0,500}")
_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    # The page is static HTML and one form: no script runs, nothing is fetched from elsewhere.
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
}
_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:26rem;margin:4rem auto;padding:0 1rem}"
    "label{display:block;margin-top:1rem}input{width:100%;padding:.4rem;font-size:1rem}"
    "button{margin-top:1.2rem;padding:.5rem 1.2rem;font-size:1rem}"
    ".error{color:#a00}.notice{background:#fee;padding:.6rem}"
)


def open_engine() -> Engine:
    """Return the app's database engine (the same one the pages use)."""
    from ui import store as ui_store  # Streamlit's cache: imported when a route is first used

    return ui_store.open_store()


def safe_next(value: str | None) -> str:
    """Return where to go after signing in: the path asked for if it is this app's, else /."""
    candidate = (value or "").strip()
    return candidate if _SAFE_NEXT.fullmatch(candidate) else "/"


def client_key(host: str | None) -> str:
    """Return the lockout key for a client, loopback counted as Streamlit counts it (unknown)."""
    from insights.quotes import access

    try:
        if host and ipaddress.ip_address(host).is_loopback:
            return access.UNKNOWN_CLIENT
    except ValueError:
        pass
    return access.client_key(host)


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    """Return a minimal HTML page; the caller has escaped everything in body."""
    document = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body><h1>{html.escape(title)}</h1>{body}</body></html>"
    )
    return HTMLResponse(document, status_code=status, headers=_HEADERS)


def render_form(
    next_path: str, email: str = "", errors: Mapping[str, str] | None = None, notice: str = ""
) -> str:
    """Return the sign-in form's HTML; every value and message is escaped, none becomes markup."""
    from insights.quotes import people

    errors = errors or {}

    def error(field: str) -> str:
        if field not in errors:
            return ""
        label = people.LABELS[field]
        text = html.escape(f"{label}: {errors[field]}")
        return f'<p class="error" id="{field}-error" role="alert">{text}</p>'

    shown_email = email if len(email) <= 254 else ""
    parts = [
        f'<p class="notice" role="alert">{html.escape(notice)}</p>' if notice else "",
        f'<form method="post" action="{SIGNIN_PATH}">',
        f'<input type="hidden" name="next" value="{html.escape(next_path)}">',
        '<label for="email">Email</label>',
        '<input id="email" name="email" type="email" autocomplete="username" required '
        f'value="{html.escape(shown_email)}">',
        error("email"),
        '<label for="password">Password</label>',
        '<input id="password" name="password" type="password" '
        'autocomplete="current-password" required>',
        error("password"),
        '<button type="submit">Sign in</button></form>',
        f'<p><a href="{html.escape(next_path)}">Back to the app</a></p>',
    ]
    return "".join(parts)


def _no_accounts_page() -> HTMLResponse:
    """Say that this server has no accounts, so nobody needs to sign in."""
    return _page(
        "Sign in",
        "<p>This app has no accounts: nobody needs to sign in. An admin creates them with "
        '<code>python -m insights users add</code>.</p><p><a href="/">Open the app</a></p>',
    )


def _unavailable_page() -> HTMLResponse:
    """Say that the database cannot be reached, so nobody can sign in right now."""
    return _page(
        "Sign in",
        '<p class="notice" role="alert">The app\'s database cannot be reached, so you cannot '
        "sign in right now. Try again in a moment.</p>",
        status=503,
    )


def show_form(request: Request) -> Response:
    """Answer GET /signin with the form (or a note that this server has no accounts)."""
    from insights.quotes import people, store

    next_path = safe_next(request.query_params.get("next"))
    try:
        if not people.is_team_server(open_engine()):
            return _no_accounts_page()
    except store.StoreUnavailable:
        return _unavailable_page()
    return _page("Sign in", render_form(next_path))


async def _read_form(request: Request) -> dict[str, str] | None:
    """Return the posted fields (the first value of each), or None when the body is too large."""
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > MAX_FORM_BYTES:
            return None
    fields = urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
    return {name: values[0] for name, values in fields.items() if values}


def _same_origin(request: Request) -> bool:
    """Tell whether a posted form came from a page of this app (no Origin header: a script)."""
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return origin is None
    return urllib.parse.urlsplit(origin).netloc == request.headers.get("host", "")


def _refused(wait: float) -> str:
    """Return the lockout sentence, as /admin words it."""
    return f"Too many wrong passwords: try again in {math.ceil(wait)} s."


def check_sign_in(
    engine: Engine, fields: Mapping[str, str], client: str, now: Callable[[], float]
) -> tuple[people.Account | None, int, str, dict[str, str]]:
    """Validate and check a posted sign-in; return (account, status, notice, field errors)."""
    from insights.quotes import people

    form, errors = people.validate_sign_in(
        {"email": fields.get("email", ""), "password": fields.get("password", "")}
    )
    if form is None:
        return None, 400, "", errors
    if not people.is_team_server(engine):
        return None, 400, "This app has no accounts: nobody needs to sign in.", {}
    wall = now()
    result = people.sign_in(engine, form, client, wall)
    if not result.verdict.checked:
        return None, 429, _refused(result.verdict.wait_seconds(wall)), {}
    if result.account is None:
        wait = result.verdict.wait_seconds(wall)
        extra = f" Too many attempts: wait {math.ceil(wait)} s before the next one." if wait else ""
        return None, 401, f"Wrong email or password.{extra}", {}
    return result.account, 303, "", {}


async def sign_in(request: Request) -> Response:
    """Answer POST /signin: check the password under the lockout, set the cookie, go on."""
    from insights.quotes import people, store

    fields = await _read_form(request)
    if fields is None:
        return _page("Sign in", render_form("/", notice="The form is too large."), 413)
    next_path = safe_next(fields.get("next"))
    if not _same_origin(request):
        return _page("Sign in", render_form(next_path, notice="Sign in from this app's page."), 403)
    client = client_key(request.client.host if request.client else None)
    try:
        engine = await run_in_threadpool(open_engine)
        # argon2 takes tens of milliseconds of CPU: off the event loop every websocket uses.
        account, status, notice, errors = await run_in_threadpool(
            check_sign_in, engine, fields, client, time.time
        )
        key = await run_in_threadpool(people.session_key, engine) if account else ""
    except store.StoreUnavailable:
        return _unavailable_page()
    if account is None:
        email = fields.get("email", "")
        return _page("Sign in", render_form(next_path, email, errors, notice), status)
    response = RedirectResponse(next_path, status_code=303, headers=_HEADERS)
    response.set_cookie(
        people.SESSION_COOKIE,
        people.make_session_cookie(key, account),
        max_age=people.SESSION_MAX_AGE_S,
        path="/",
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )
    return response


def sign_out(request: Request) -> Response:
    """Answer /signout: clear the session cookie and say so."""
    from insights.quotes import people

    response = _page(
        "Signed out",
        '<p>You are signed out in this browser.</p><p><a href="/signin">Sign in again</a> · '
        '<a href="/">Open the app</a></p>',
    )
    response.delete_cookie(people.SESSION_COOKIE, path="/", httponly=True, samesite="lax")
    return response


ROUTES = [
    Route(SIGNIN_PATH, show_form, methods=["GET"]),
    Route(SIGNIN_PATH, sign_in, methods=["POST"]),
    Route(SIGNOUT_PATH, sign_out, methods=["GET", "POST"]),
]
