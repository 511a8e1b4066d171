"""Every page in a real browser: no exception, nothing fetched from off the machine."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
import sqlalchemy as sa
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect
from pptx import Presentation

from bench import serve
from insights.quotes import packs, store
from tests import documents, factory
from tests.conftest import skip_or_fail
from tests.test_frozen_store import FreezingProxy
from ui import navigation, slides
from ui import presenter as presenter_view

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
PAGES = [
    ("", "Market overview"),
    ("companies", "Companies"),
    ("talent", "Talent & universities"),
    ("challenges", "Challenges & remedies"),
    ("explorer", "Claim explorer"),
    ("compare", "Compare"),
    ("add_region", "Add a region"),
    ("admin", "Quote requests"),
    ("pitch", "Pitch builder"),
    # With no pitch built, presentation mode presents the claims in view under this title.
    ("present", "Mexico: talking points"),
    ("presenter", "Presenter view"),
    ("request?kind=quote", "Get a quote"),
]
# A seven-point pitch on the shipped data, the example.
SEVEN = (
    "gdl-mexican-valley,gdl-own-culture,gdl-it-companies,gdl-mariachi,gdl-universities,"
    "mx-talent-pool,mx-instability>mx-partnerships"
)
SEVEN_QUERY = f"pitch={quote(SEVEN)}&prospect=Acme+Logistics"
SCREENS = 9  # cover, seven items, next step
ADMIN_PASSWORD = "browser-test-pässwörd"
HOSTILE = "<img src=x onerror=alert(1)>"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}

pytestmark = pytest.mark.browser


@contextmanager
def run_server(env: Mapping[str, str], log_name: str = "server.log") -> Iterator[str]:
    """A real app server on a free loopback port, with these environment variables added."""
    port = serve.free_port()
    url = f"http://127.0.0.1:{port}"
    ARTIFACTS.mkdir(exist_ok=True)
    with (ARTIFACTS / log_name).open("w") as log:
        proc = serve.launch(ROOT, port, env, output=log)
        try:
            serve.wait_healthy(url, proc)
            yield url
        finally:
            serve.stop(proc)


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """The app on loopback for the module, its quote store a fresh SQLite file."""
    env = {
        "INSIGHTS_STATE_DIR": str(tmp_path_factory.mktemp("state")),
        "DATABASE_URL": "",
        "INSIGHTS_ADMIN_PASSWORD": ADMIN_PASSWORD,
    }
    with run_server(env) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright (Playwright's own download is not used)."""
    if not serve.CHROMIUM.exists():
        skip_or_fail(f"no Chromium at {serve.CHROMIUM} (apt-get install chromium)")
    try:
        from playwright import sync_api
    except ImportError:
        skip_or_fail("playwright is not installed (make test installs requirements.txt)")
    with sync_api.sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=str(serve.CHROMIUM), args=serve.CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    """A fresh tab that records every request leaving the machine and every page error."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    tab = context.new_page()
    tab.outside = []
    tab.errors = []
    tab.on(
        "request",
        lambda r: (
            tab.outside.append(r.url)
            if urlsplit(r.url).scheme in {"http", "https", "ws", "wss"}
            and urlsplit(r.url).hostname not in LOCAL_HOSTS
            else None
        ),
    )
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))
    # alert(), confirm() and prompt() would mean some typed text ran as script.
    tab.dialogs = []
    tab.on("dialog", lambda d: (tab.dialogs.append(d.message), d.dismiss()))
    yield tab
    context.close()


def _open(tab, url: str, title: str) -> None:
    tab.goto(url)
    tab.get_by_role("heading", name=title, level=1).wait_for(timeout=30_000)
    # The final page, not a half-drawn one: the script run is over and every chart has drawn
    # (charts load lazily, and an outside-request check before they draw proves little).
    tab.wait_for_function(serve.RENDERED_JS, timeout=30_000)
    tab.wait_for_load_state("networkidle")
    tab.wait_for_function(serve.RENDERED_JS, timeout=30_000)
    wait_settled(tab)


@pytest.mark.parametrize(("path", "title"), PAGES)
def test_page_renders_offline_without_exception(server, page, path, title):
    _open(page, f"{server}/{path}", title)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.outside == []
    assert page.errors == []
    # The call to action sits in the app's chrome; the audience and prospect screens have none.
    spec = navigation.PAGES_BY_PATH[path.split("?")[0] or "overview"]
    assert page.get_by_text("Get in touch").count() == int(spec.chrome)
    page.screenshot(path=str(ARTIFACTS / f"page-{(path or 'overview').split('?')[0]}.png"))


def test_overview_map_draws_its_outlines_from_the_app(server, page):
    _open(page, server, "Market overview")
    # The charts are drawn on request, so the first paint does not wait for plotly.js.
    assert page.locator('[data-testid="stPlotlyChart"]').count() == 0
    page.get_by_role("button", name="Draw the map and the theme chart").click()
    page.locator('[data-testid="stPlotlyChart"]').nth(1).wait_for(timeout=30_000)
    page.wait_for_function(serve.RENDERED_JS, timeout=30_000)
    page.locator(".geo .countries path").first.wait_for(timeout=30_000)
    assert page.locator(".geo .countries path").count() > 0
    assert page.outside == []


def test_the_source_list_is_drawn_when_opened(server, page):
    _open(page, server, "Market overview")
    sources = page.locator('[data-testid="stExpander"]').filter(has_text="Sources, their age")
    assert sources.locator('[data-testid="stCode"]').count() == 0  # closed: not drawn
    sources.get_by_text("Sources, their age and their bias").click()
    codes = sources.locator('[data-testid="stCode"]')
    codes.first.wait_for(timeout=30_000)
    # Seven sources, each with its URL and bias note; the 2017 post among them.
    assert any("aptum.com" in url for url in codes.all_inner_texts())
    assert sources.get_by_text("Bias:", exact=False).count() == 7
    assert page.outside == []


def test_filters_from_a_link_survive_navigation(server, page):
    _open(page, f"{server}/?place=guadalajara&theme=talent", "Market overview")
    sentence = "5 claims about Guadalajara on talent & education"
    assert page.locator('[data-testid="stSidebar"]').get_by_text(sentence).count() == 1
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Claim explorer").click()
    page.get_by_role("heading", name="Claim explorer", level=1).wait_for(timeout=30_000)
    page.wait_for_url("**/explorer?place=guadalajara&theme=talent", timeout=30_000)
    assert page.locator('[data-testid="stSidebar"]').get_by_text(sentence).count() == 1
    page.screenshot(path=str(ARTIFACTS / "explorer-filtered.png"))


def test_compare_link_opens_the_pair_it_names(server, page):
    _open(page, f"{server}/compare?left=guadalajara&right=bay-area", "Compare")
    main = page.locator('[data-testid="stMain"]')
    assert main.get_by_role("heading", name="Guadalajara", level=3).count() == 1
    assert main.get_by_role("heading", name="San Francisco Bay Area", level=3).count() == 1
    assert page.outside == []
    page.screenshot(path=str(ARTIFACTS / "compare-linked.png"))


def test_compare_decides_with_shared_ground_and_a_scorecard_in_view(server, page):
    _open(page, f"{server}/compare?left=guadalajara&right=mexico-city", "Compare")
    main = page.locator('[data-testid="stMain"]')
    # Drawn without a click: the scorecard, then what both cities share.
    for heading in ("Scorecard", "Shared ground", "What differs"):
        assert main.get_by_role("heading", name=heading, exact=True).count() == 1
    assert main.get_by_text("Risks: shared by both").count() == 1
    assert main.get_by_text("no source").count() >= 1
    assert main.get_by_text("22 claims both sides hold", exact=False).count() == 1
    # The scorecard cell lists the first three shared risks; the fourth is a card below.
    assert main.get_by_text("Shared challenges", exact=True).count() == 1
    assert main.get_by_text("gaps in energy infrastructure", exact=False).count() == 1
    # Neither side says it has no challenge: each counts the national ones.
    lists = main.locator('[data-testid="stMarkdownContainer"] li').filter(has_text="Challenges:")
    assert lists.count() == 2
    for text in lists.all_inner_texts():
        assert re.fullmatch(r"Challenges: \d+, \d+ of them national", text.strip()), text
    assert page.outside == []
    main.get_by_role("heading", name="Scorecard").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "compare-scorecard.png"), full_page=True)


def test_compare_and_challenges_show_newer_evidence_and_figures(server, page):
    _open(page, f"{server}/compare?left=guadalajara&right=mexico-city", "Compare")
    main = page.locator('[data-testid="stMain"]')
    main.get_by_text("Also stated by", exact=False).first.wait_for(timeout=30_000)
    assert main.get_by_text("newest evidence: 2019").count() >= 1
    # The two cities' population figures count different things (a municipality, a city of
    # unstated boundary): never set side by side, each row saying which side has none.
    assert main.get_by_role("heading", name="Figures side by side").count() == 1
    assert main.get_by_text("no figure for Mexico City in these sources").count() >= 1
    page.screenshot(path=str(ARTIFACTS / "compare-evidence.png"), full_page=True)
    _open(page, f"{server}/challenges?source=mexico-tech-hub", "Challenges & remedies")
    main.get_by_text("Newer evidence for it").first.wait_for(timeout=30_000)
    assert main.get_by_text("corroborated by Mexico Business News", exact=False).count() >= 1
    assert page.outside == []
    page.screenshot(path=str(ARTIFACTS / "challenges-evidence.png"), full_page=True)


def send_request(tab, base_url: str, name: str, message: str = "") -> str:
    """Fill and send the sidebar's quote form through a real browser; return the reference."""
    _open(tab, base_url, "Market overview")
    tab.locator('[data-testid="stSidebar"]').get_by_role("button", name="Get a quote").click()
    form = tab.get_by_role("dialog")
    form.get_by_label("Name", exact=True).fill(name)
    form.get_by_label("Company", exact=True).fill("Acme")
    form.get_by_label("Work email", exact=True).fill("ana@example.com")
    form.get_by_label("Message", exact=True).fill(message)
    form.get_by_text("You may contact me about this request.").click()
    tab.screenshot(path=str(ARTIFACTS / "quote-form.png"))
    form.get_by_role("button", name="Send request").click()
    confirmation = form.get_by_text("Your reference is")
    confirmation.wait_for(timeout=30_000)
    return confirmation.inner_text().rsplit(" ", 1)[-1].rstrip(".")


def test_typed_markup_is_shown_as_text_in_the_admin_view(server, page):
    reference = send_request(page, server, HOSTILE, message=f"**{HOSTILE}**")
    page.goto(f"{server}/admin")
    page.get_by_label("Admin password").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Unlock").click()
    page.get_by_text("Request details").wait_for(timeout=30_000)
    details = page.locator('[data-testid="stText"]')
    for typed in (reference, HOSTILE, f"**{HOSTILE}**"):
        # The page streams in; wait for each field rather than race the last ones.
        details.get_by_text(typed, exact=True).wait_for(timeout=30_000)
        assert details.get_by_text(typed, exact=True).count() == 1
    assert page.locator('img[src="x"]').count() == 0
    page.screenshot(path=str(ARTIFACTS / "admin-literal-text.png"))
    assert page.dialogs == []
    assert page.errors == []
    assert page.outside == []


@pytest.mark.postgres
def test_two_app_servers_share_one_postgresql(postgres_schema_url, browser, page):
    env = {"DATABASE_URL": postgres_schema_url, "INSIGHTS_ADMIN_PASSWORD": ADMIN_PASSWORD}
    with (
        run_server(env, "server-a.log") as first,
        run_server(env, "server-b.log") as second,
    ):
        refs = [
            send_request(page, base, f"Prospect {i}")
            for i, base in enumerate([first, second, first, second])
        ]
    engine = store.make_engine(postgres_schema_url)
    try:
        names = {r.reference: r.name for r in store.list_requests(engine)}
    finally:
        engine.dispose()
    assert len(set(refs)) == 4
    assert names == {ref: f"Prospect {i}" for i, ref in enumerate(refs)}


# Waits are for a state, never for a time: what an action's run shows, then that run's end.
WAIT_MS = 30_000
# The app's own record of its script run (fragment runs included): "running" from a run's
# first message to its last, "notRunning" after, once no element is left from the run before
# and none is a placeholder for a component still loading.
SETTLED_JS = (
    "document.querySelector('[data-testid=\"stApp\"]')?.dataset.testScriptState === 'notRunning'"
    ' && !document.querySelector(\'[data-stale="true"], [data-testid="stSkeleton"]\')'
)


def wait_settled(tab, shown_js: str = "true") -> None:
    """Wait until shown_js holds and the app's run has finished.

    shown_js must turn true only once the run an action started has begun (a URL parameter or
    text that run writes), so "finished" means that run, not one before it. After a page load
    the default will do: the script state reads "initial" until the first run.
    """
    tab.wait_for_function(f"() => ({shown_js}) && {SETTLED_JS}", timeout=WAIT_MS)


def param_is(name: str, value: str) -> str:
    """JavaScript: the page's address holds this query parameter with this value."""
    return f"new URL(location.href).searchParams.get({name!r}) === {value!r}"


def shown_then_settled(tab, locator) -> None:
    """Wait for an element an action's run draws, then for that run to finish."""
    locator.wait_for(timeout=WAIT_MS)
    wait_settled(tab)


def choose_option(tab, select, name: str) -> None:
    """Open a select box and pick an option, opening it again if a redraw closed it first."""
    option = tab.get_by_role("option", name=name, exact=True)
    for _ in range(3):
        select.click()
        try:
            option.wait_for(timeout=10_000)
        except PlaywrightTimeout:
            tab.keyboard.press("Escape")
            continue
        option.click()
        return
    tab.screenshot(path=str(ARTIFACTS / "select-never-opened.png"), full_page=True)
    raise AssertionError(f"the option {name!r} never showed")


def test_a_rep_goes_from_filters_to_a_presented_pitch_and_a_deck(server, page, tmp_path):
    # The flow: filters, a six-point pitch, presentation mode, a downloaded deck.
    # The 2017 post's Guadalajara claims (the source facet keeps the newer packs' out).
    _open(page, f"{server}/pitch?q=guadalajara&source=mexico-tech-hub", "Pitch builder")
    page.get_by_role("button", name="Add all 5 shown").click()
    shown_then_settled(page, page.get_by_role("button", name="All shown are in the pitch"))
    search = page.get_by_label("Search claims")
    search.fill("instability")
    search.press("Enter")
    wait_settled(page, param_is("q", "instability"))
    # Search by words also finds the regulation claims (the "legal" concept): the claim that
    # says "instability" itself comes first.
    page.get_by_role("button", name="Add this pair").first.click()
    shown_then_settled(page, page.get_by_role("button", name="Pair added"))
    prospect = page.get_by_role("textbox", name="Prospect")
    prospect.fill("Acme")
    prospect.press("Enter")
    # The download buttons are drawn after the address is written: wait for the run's end.
    wait_settled(page, param_is("prospect", "Acme"))
    assert "prospect=Acme" in page.url
    assert "mx-instability%3Emx-partnerships" in page.url
    # The prospect's copy comes first; the rep's (speaker notes and checks) second.
    with page.expect_download(timeout=30_000) as download:
        page.get_by_role("button", name="PPTX").nth(1).click()
    assert download.value.suggested_filename == "mexico-talking-points-acme-notes.pptx"
    target = tmp_path / "deck.pptx"
    download.value.save_as(target)
    assert page.outside == []
    assert page.errors == []

    # "Add all shown" adds the claims in view in the view's order: by relevance to the search.
    (built,) = parse_qs(urlsplit(page.url).query)["pitch"]
    assert sorted(built.split(",")) == [
        "gdl-it-companies",
        "gdl-mariachi",
        "gdl-mexican-valley",
        "gdl-own-culture",
        "gdl-universities",
        "mx-instability>mx-partnerships",
    ]
    page.get_by_role("button", name="Present").click()
    page.locator(".st-key-slide-audience").wait_for(timeout=30_000)
    # The app chrome goes once the page's stylesheet applies.
    page.locator('[data-testid="stSidebar"]').wait_for(state="hidden", timeout=30_000)
    wait_for_slide(page, 1)  # its step buttons drawn: the keys press them
    for shown in range(2, 8):
        page.keyboard.press("ArrowRight")
        wait_for_slide(page, shown)
    page.screenshot(path=str(ARTIFACTS / "present-objection.png"))
    assert page.outside == []
    assert page.errors == []
    prs = Presentation(str(target))
    assert len(prs.slides) == 9  # cover, 6 items, sources, call to action
    for slide in list(prs.slides)[1:7]:
        assert any(s.name.startswith("Source line") for s in slide.shapes)
    assert all(s.has_notes_slide for s in prs.slides)
    # The command line makes the same deck from the same pitch.
    cli_deck = tmp_path / "cli.pptx"
    items = built
    done = subprocess.run(
        [
            *(sys.executable, "-m", "insights", "export", "--claims", items),
            *("--prospect", "Acme", "--format", "pptx", "-o", str(cli_deck)),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr

    def texts(path):
        slides = Presentation(str(path)).slides
        return [[s.text_frame.text for s in slide.shapes if s.has_text_frame] for slide in slides]

    assert texts(cli_deck) == texts(target)


@pytest.mark.parametrize(
    ("path", "title"),
    [("explorer", "Claim explorer"), ("pitch", "Pitch builder"), ("admin", "Quote requests")],
)
def test_a_link_to_a_page_opens_in_the_app_frame_on_a_fresh_server(tmp_path, page, path, title):
    # The first request a new server gets is the shared link itself: Streamlit must not fall
    # back to its automatic pages/ menu (which would list every file, admin included).
    with run_server({"INSIGHTS_STATE_DIR": str(tmp_path)}, f"fresh-{path}.log") as url:
        _open(page, f"{url}/{path}?place=guadalajara", title)
    nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
    assert "Claim explorer" in nav
    assert "Quote requests" not in nav
    assert "admin" not in nav.lower().split()
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert sidebar.get_by_text("17 claims about Guadalajara").count() == 1
    assert page.outside == []


# The audience screen is ready for the eye and the keys: its two stylesheets apply (st.html
# draws them after the run that sends them: the slide is 16:9, the step buttons are hidden) and
# its script has wired the keys and clicks.
AUDIENCE_READY_JS = (
    "((slide, next) => !!slide && !!next"
    " && getComputedStyle(slide).aspectRatio === '16 / 9'"
    " && getComputedStyle(next).display === 'none'"
    " && window.__presentKeys === true)"
    "(document.querySelector('.st-key-slide-audience'),"
    " document.querySelector('.st-key-present-next'))"
)


def wait_for_slide(tab, number: int) -> None:
    """Wait until the audience screen is on this slide, drawn in full and taking keys."""
    # The run that moves to a slide writes it into the address before drawing it; on a page
    # load the address may hold it already, and the script state reads "initial" until then.
    wait_settled(tab, f"{param_is('slide', str(number))} && {AUDIENCE_READY_JS}")


def audience_text(tab) -> str:
    return tab.locator(".st-key-slide-audience").inner_text()


def visible_buttons(tab) -> list[str]:
    return [b.get_attribute("class") or "" for b in tab.locator("button:visible").all()]


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1920, 1080)])
def test_the_audience_screen_is_the_slide_alone(server, browser, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    tab = context.new_page()
    tab.goto(f"{server}/present?{SEVEN_QUERY}")
    wait_for_slide(tab, 1)
    for number in range(1, SCREENS + 1):
        box = tab.locator(".st-key-slide-audience").bounding_box()
        # 16:9 and as wide as the window (these windows are 16:9 too): letterboxed otherwise.
        assert abs(box["width"] - width) <= 2
        assert abs(box["height"] - width * 9 / 16) <= 2
        text = audience_text(tab)
        assert "verify" not in text.lower()
        assert "years old" not in text
        # The only control on screen is the faint full-screen one.
        assert visible_buttons(tab) == ["present-fullscreen"]
        if number == 2:
            tab.screenshot(path=str(ARTIFACTS / f"present-{width}x{height}.png"))
        if number < SCREENS:
            tab.keyboard.press(["ArrowRight", " ", "PageDown"][number % 3])
            wait_for_slide(tab, number + 1)
    context.close()


def test_the_slide_survives_a_reload_and_clicks_move_it(server, page):
    page.goto(f"{server}/present?{SEVEN_QUERY}&slide=4")
    wait_for_slide(page, 4)
    fourth = audience_text(page)
    assert "IBM, HP, Oracle and Intel" in fourth
    page.reload()
    wait_for_slide(page, 4)
    assert audience_text(page) == fourth
    page.locator(".st-key-slide-audience").click(position={"x": 200, "y": 200})
    wait_for_slide(page, 5)
    page.keyboard.press("PageUp")
    wait_for_slide(page, 4)
    page.keyboard.press("ArrowLeft")
    wait_for_slide(page, 3)
    assert page.errors == []
    assert page.outside == []


@pytest.fixture(scope="module")
def figures_server(tmp_path_factory) -> Iterator[str]:
    """The app serving the sales pack with figures on its claim alpha-firms."""
    folder = tmp_path_factory.mktemp("figures-data")
    factory.write_pack(folder, factory.figures_sales_pack())
    env = {
        "INSIGHTS_STATE_DIR": str(tmp_path_factory.mktemp("figures-state")),
        "INSIGHTS_DATA_DIR": str(folder),
        "DATABASE_URL": "",
    }
    with run_server(env, "server-figures.log") as url:
        yield url


@pytest.mark.parametrize(
    ("slide", "shown"),
    [(3, ["Tech specialists", "300,000", "1,400", "Beta Land"]), (4, ["USD 29 billion"])],
)
def test_the_presented_figure_slide_is_the_slide_alone(figures_server, page, slide, shown):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{figures_server}/present?pitch=alpha-firms&slide={slide}")
    audience = page.locator(".st-key-slide-audience")
    wait_for_slide(page, slide)
    text = audience_text(page)
    for part in (*shown, "Source: Example Research (vendor blog), Mar 2020"):
        assert part in text
    for rep_only in ("verify", "years old", "Bias"):
        assert rep_only not in text
    # Everything on the slide sits inside it (the slide hides what overflows).
    box = audience.bounding_box()
    assert abs(box["height"] - 720) <= 2
    for caption in audience.locator('[data-testid="stCaptionContainer"]').all():
        inner = caption.bounding_box()
        assert box["y"] <= inner["y"]
        assert inner["y"] + inner["height"] <= box["y"] + box["height"]
    assert visible_buttons(page) == ["present-fullscreen"]
    page.screenshot(path=str(ARTIFACTS / f"present-figures-{slide}.png"))
    assert page.outside == []
    assert page.errors == []


def follow_presentation(browser, presenter_base: str, audience_base: str) -> None:
    """The presenter moves the audience screen; the audience's keys move nothing."""
    rep = browser.new_context(viewport={"width": 1440, "height": 1000})
    room = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        presenter = rep.new_page()
        _open(presenter, f"{presenter_base}/presenter?{SEVEN_QUERY}", "Presenter view")
        code = parse_qs(urlsplit(presenter.url).query)["code"][0]
        audience = room.new_page()
        audience.goto(f"{audience_base}/present?{SEVEN_QUERY}&code={code}")
        audience.locator(".st-key-slide-audience").wait_for(timeout=30_000)
        assert (
            "verify them before presenting"
            in presenter.locator("[data-testid='stText']").inner_text()
        )
        for shown in (2, 3):
            presenter.get_by_role("button", name="Next").click()
            shown_then_settled(presenter, presenter.get_by_text(f"{shown} / {SCREENS}", exact=True))
        # The audience screen follows within a second or two (it looks every second).
        wait_for_slide(audience, 3)
        assert "a local culture" in audience_text(audience)
        # The audience never drives: its key moves nothing, so the presenter's next step
        # brings both to slide 4 (not 5).
        audience.keyboard.press("ArrowRight")
        presenter.get_by_role("button", name="Next").click()
        shown_then_settled(presenter, presenter.get_by_text(f"4 / {SCREENS}", exact=True))
        wait_for_slide(audience, 4)
        presenter.screenshot(path=str(ARTIFACTS / "presenter.png"))
    finally:
        rep.close()
        room.close()


def test_the_presenter_view_drives_the_audience_screen(server, browser):
    follow_presentation(browser, server, server)


@pytest.mark.postgres
def test_a_presentation_runs_across_two_app_servers_on_one_postgresql(postgres_schema_url, browser):
    env = {"DATABASE_URL": postgres_schema_url}
    with (
        run_server(env, "present-a.log") as first,
        run_server(env, "present-b.log") as second,
    ):
        follow_presentation(browser, first, second)


@pytest.mark.postgres
def test_a_frozen_postgresql_lets_the_presenter_move_on_in_the_browser(
    postgres_schema_url, browser
):
    url = sa.make_url(postgres_schema_url)
    proxy = FreezingProxy(url.port or 5432)
    through = url.set(port=proxy.port).render_as_string(hide_password=False)
    rep = browser.new_context(viewport={"width": 1440, "height": 1000})
    try:
        with run_server({"DATABASE_URL": through}, "present-frozen.log") as base:
            presenter = rep.new_page()
            _open(presenter, f"{base}/presenter?{SEVEN_QUERY}", "Presenter view")
            proxy.frozen.set()
            start = time.monotonic()
            presenter.get_by_role("button", name="Next").click()
            # Answered within the form's bound: the message, and the slide moved on this screen.
            expect(presenter.get_by_text(slides.UNSAVED_TOAST)).to_be_visible(timeout=5_000)
            expect(presenter.get_by_text(f"2 / {SCREENS}", exact=True)).to_be_visible(timeout=5_000)
            assert time.monotonic() - start < 5
            expect(presenter.get_by_text(presenter_view.PANEL_UNREACHABLE)).to_be_visible()
            presenter.screenshot(path=str(ARTIFACTS / "presenter-frozen.png"))
    finally:
        rep.close()
        proxy.close()


SHARED = [
    ("", "?place=guadalajara&theme=talent", "Market overview"),
    ("explorer", "?stance=challenge&q=capital", "Claim explorer"),
    ("compare", "?left=guadalajara&right=bay-area&theme=industry", "Compare"),
    (
        "pitch",
        "?pitch=gdl-it-companies,mx-instability%3Emx-partnerships&title=Acme",
        "Pitch builder",
    ),
]


@pytest.mark.parametrize(("path", "query", "title"), SHARED)
def test_a_shared_link_opens_the_page_as_the_rep_saw_it(server, browser, page, path, query, title):
    _open(page, f"{server}/{path}{query}", title)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role("button", name="Share this view").click()
    link = page.locator('[data-testid="stPopoverBody"] code').inner_text(timeout=30_000).strip()
    assert link.startswith(server)
    assert urlsplit(link).path.strip("/") == path
    main = page.locator('[data-testid="stMain"]')
    seen = main.inner_text()
    fresh = browser.new_context(viewport={"width": 1440, "height": 1000})
    try:
        other = fresh.new_page()
        _open(other, link, title)
        assert other.locator('[data-testid="stMain"]').inner_text() == seen
    finally:
        fresh.close()


# Issue 15, case 3: text from data, a link or a visitor never becomes a link. Each of the
# forms GitHub-flavoured Markdown links by itself, in claims and names and in the URL.
EVIL_FORMS = "https://evil.test/login, www.evil.test and x@evil.test"
EVIL_QUERY = "q=https%3A%2F%2Fevil.test%2Flogin"
EVIL_PITCH = "title=https%3A%2F%2Fevil.test%2Fslides&prospect=www.evil.test"
# Every link's target outside the page's own address (its host or e-mail, and its fragment:
# a heading's anchor is made from the heading's text); the page's own query is not a target.
TARGETS_JS = (
    "() => [...document.querySelectorAll('a[href]')]"
    ".map(a => a.protocol === 'mailto:' ? a.href : a.host + a.pathname + a.hash)"
)


def hostile_pack() -> dict:
    """The sales pack with the three link forms in every claim, a company and a place name."""
    data = factory.sales_pack()
    for claim in data["claims"]:
        claim["text"] = f"{claim['text']} See {EVIL_FORMS}."
    data["companies"][0]["name"] = "www.evil.test"
    data["places"][0]["name"] = "Alpha x@evil.test"
    data["source"]["bias"] = f"Vendor; see {EVIL_FORMS}."
    return data


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory) -> Iterator[str]:
    """The app serving only the hostile pack."""
    folder = tmp_path_factory.mktemp("hostile-data")
    factory.write_pack(folder, hostile_pack())
    env = {
        "INSIGHTS_STATE_DIR": str(tmp_path_factory.mktemp("hostile-state")),
        "INSIGHTS_DATA_DIR": str(folder),
        "DATABASE_URL": "",
        "INSIGHTS_ADMIN_PASSWORD": ADMIN_PASSWORD,
    }
    with run_server(env, "server-hostile.log") as url:
        yield url


def _assert_no_evil_link(tab) -> None:
    # The text is there (else the test proves nothing), and no link points at it.
    shown = tab.locator('[data-testid="stMain"]').inner_text().replace("\u2060", "")
    assert "evil.test" in shown
    assert [t for t in tab.evaluate(TARGETS_JS) if "evil" in t] == []


HOSTILE_PAGES = [
    (f"?{EVIL_QUERY}", "Market overview"),
    (f"companies?{EVIL_QUERY}", "Companies"),
    (f"talent?{EVIL_QUERY}", "Talent & universities"),
    (f"challenges?{EVIL_QUERY}", "Challenges & remedies"),
    (f"explorer?{EVIL_QUERY}", "Claim explorer"),
    (f"compare?left=alpha&right=beta&{EVIL_QUERY}", "Compare"),
    (f"pitch?{EVIL_PITCH}&{EVIL_QUERY}", "Pitch builder"),
]


@pytest.mark.parametrize(("path", "title"), HOSTILE_PAGES)
def test_no_text_from_data_or_the_link_becomes_a_link(hostile_server, page, path, title):
    _open(page, f"{hostile_server}/{path}", title)
    _assert_no_evil_link(page)
    sidebar = page.locator('[data-testid="stSidebar"]').inner_text().replace("\u2060", "")
    assert "https://evil.test/login" in sidebar  # the summary sentence repeats the search
    assert page.locator('[data-testid="stException"]').count() == 0


def test_the_presented_cover_and_points_link_nothing(hostile_server, page):
    page.goto(f"{hostile_server}/present?{EVIL_PITCH}&{EVIL_QUERY}")
    page.get_by_text("Prepared for").wait_for(timeout=30_000)
    wait_for_slide(page, 1)
    cover = page.locator('[data-testid="stMain"]').inner_text().replace("\u2060", "")
    assert "https://evil.test/slides" in cover
    assert "Prepared for www.evil.test" in cover
    _assert_no_evil_link(page)
    page.keyboard.press("ArrowRight")
    wait_for_slide(page, 2)
    _assert_no_evil_link(page)
    page.screenshot(path=str(ARTIFACTS / "present-hostile.png"))


def test_typed_links_stay_text_in_the_admin_view(server, page):
    send_request(page, server, "Eve", message=f"Call me: {EVIL_FORMS}")
    page.goto(f"{server}/admin")
    page.get_by_label("Admin password").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Unlock").click()
    page.get_by_text("Request details").wait_for(timeout=30_000)
    page.get_by_text(f"Call me: {EVIL_FORMS}", exact=True).first.wait_for(timeout=30_000)
    _assert_no_evil_link(page)


# A note the review lists until the pack is published: the notes are drawn while it shows.
DRAFT_NOTE = "Status: draft;"
# How the review notes name each Testville claim, in plain words.
PLAIN_CLAIMS = {
    "testville-p3-s1": "Claim 1 of paragraph 3",
    "testville-p3-s2": "Claim 2 of paragraph 3",
    "testville-p4-s1": "Claim 1 of paragraph 4",
    "testville-p5-s1": "Claim 1 of paragraph 5",
    "testville-p5-s2": "Claim 2 of paragraph 5",
}


def no_note_matches(pattern: str) -> str:
    """JavaScript: the review's notes (code blocks) are drawn, and none matches this regex."""
    return (
        "(notes => notes.some(t => t.includes(" + json.dumps(DRAFT_NOTE) + "))"
        f" && !notes.some(t => new RegExp({json.dumps(pattern)}).test(t)))"
        "([...document.querySelectorAll('[data-testid=\"stCode\"]')].map(c => c.innerText))"
    )


def propose_testville(tab, base: str) -> None:
    """On Add a region: name Testville, place it, name its source, paste it, propose claims."""
    _open(tab, f"{base}/add_region", "Add a region")
    main = tab.locator('[data-testid="stMain"]')
    main.get_by_role("textbox", name="Region", exact=True).fill("Testville")
    tab.get_by_text("Coordinates, if the offline gazetteer").click()
    # Each field keeps what is typed; the click on "Propose claims" (enabled once the region
    # has reached the app) sends every field's value with it.
    for label in ("Latitude", "Longitude"):
        main.get_by_role("spinbutton", name=label).fill("0")
        main.get_by_role("spinbutton", name=label).press("Enter")
    for label, value in (
        ("Publisher", "Made-up Press"),
        ("Address (URL)", "https://example.test/testville"),
        ("Bias: who publishes it, what they gain", "A made-up publisher for tests."),
    ):
        main.get_by_role("textbox", name=label, exact=True).fill(value)
        main.get_by_role("textbox", name=label, exact=True).press("Enter")
    pasted = main.get_by_role("textbox", name="…or paste its text")
    article = ROOT / "tests" / "fixtures" / "articles" / "testville.txt"
    pasted.fill(article.read_text(encoding="utf-8"))
    pasted.press("Control+Enter")
    tab.get_by_role("button", name="Propose claims").click()
    shown_then_settled(tab, tab.get_by_role("heading", name="Review the proposed claims"))


def paraphrase_testville(tab) -> None:
    """Rewrite each proposed claim and summarise each paragraph: nothing blocks publishing."""
    main = tab.locator('[data-testid="stMain"]')
    # Each edit is taken once the notes of what blocks publishing stop naming it.
    for cid, text in factory.TESTVILLE_PARAPHRASES.items():
        box = main.get_by_role("textbox", name=f"Claim {cid} (paraphrase it)")
        box.fill(text)
        box.press("Control+Enter")
        wait_settled(tab, no_note_matches(re.escape(PLAIN_CLAIMS[cid]) + " (is |:)"))
    for number, gist in factory.TESTVILLE_GISTS.items():
        field = main.get_by_role("textbox", name=f"Gist of ¶{number}, in our own words")
        field.fill(gist)
        field.press("Enter")
        wait_settled(tab, no_note_matches(f"still to summarise[^\\n]*¶{number}[,)]"))
    assert main.get_by_text("block publishing").count() == 0


def test_a_draft_is_reviewed_beside_its_paragraphs_and_published(browser, page, tmp_path):
    # Add a region as a content editor would: paste, propose, paraphrase each claim beside the
    # paragraph it came from, summarise each paragraph, save the draft; an admin publishes it.
    data = tmp_path / "data"
    factory.write_sales_pack(data)
    env = {
        "INSIGHTS_DATA_DIR": str(data),
        "INSIGHTS_STATE_DIR": str(tmp_path / "state"),
        "DATABASE_URL": "",
        "INSIGHTS_ADMIN_PASSWORD": ADMIN_PASSWORD,
    }
    with run_server(env, "server-add-region.log") as url:
        propose_testville(page, url)
        main = page.locator('[data-testid="stMain"]')
        # Every field arrived: the region is unknown offline, so no review without the
        # coordinates, and the notes ask for no publisher, address or bias.
        # The notes are code blocks, whose component loads on first use, after the run.
        main.locator('[data-testid="stCode"]').filter(has_text=DRAFT_NOTE).wait_for(timeout=WAIT_MS)
        notes = "\n".join(main.locator('[data-testid="stCode"]').all_inner_texts())
        assert "Claim 1 of paragraph 3 is still the article's own words" in notes
        assert not any(f"{field}:" in notes for field in ("Publisher", "Address (URL)", "Bias"))
        # The paragraph a claim came from is shown beside it.
        beside = (
            main.locator('[data-testid="stText"]')
            .filter(has_text="Testville, a fictional city in an imaginary country")
            .locator("xpath=ancestor::*[@data-testid='stHorizontalBlock'][1]")
        )
        assert beside.count() == 1
        assert (
            beside.get_by_role("textbox", name="Claim testville-p3-s1 (paraphrase it)").count() == 1
        )
        page.screenshot(path=str(ARTIFACTS / "add-region-review.png"), full_page=True)
        paraphrase_testville(page)
        page.get_by_role("button", name="Save draft").click()
        saved_note = page.get_by_text("Saved draft testville-testville in the team's store.")
        saved_note.wait_for(timeout=60_000)
        page.screenshot(path=str(ARTIFACTS / "add-region-saved.png"), full_page=True)
        # The second step: an admin (on this laptop, with the admin password) approves it.
        _open(page, f"{url}/admin", "Quote requests")
        page.get_by_label("Admin password").fill(ADMIN_PASSWORD)
        page.get_by_role("button", name="Unlock").click()
        # The unlocking run draws the whole admin page; a click before it ends is undone.
        shown_then_settled(page, page.get_by_label("Draft to approve"))
        draft = page.get_by_label("Draft to approve")
        choose_option(page, draft, "Testville (testville), this machine")
        page.get_by_role("button", name="Approve and publish").click()
        page.get_by_text("Published testville-testville").wait_for(timeout=60_000)
        page.screenshot(path=str(ARTIFACTS / "add-region-published.png"), full_page=True)
    assert sorted(p.name for p in data.iterdir()) == ["sales.yaml"]  # never into data/
    engine = store.make_engine(store.default_database_url(tmp_path / "state"))
    try:
        saved = packs.find_pack(engine, "testville-testville")
    finally:
        engine.dispose()
    assert (saved.status, saved.published_by) == ("published", "this machine")
    assert factory.TESTVILLE_PARAPHRASES["testville-p3-s1"] in saved.body
    assert page.outside == []
    assert page.errors == []


def test_the_presenter_view_fits_a_laptop_screen(server, browser):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    tab = context.new_page()
    try:
        _open(tab, f"{server}/presenter?{SEVEN_QUERY}", "Presenter view")
        tab.get_by_text(f"1 / {SCREENS}", exact=True).wait_for(timeout=30_000)
        scrolled = tab.evaluate(
            "() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight"
        )
        assert scrolled <= 768
        for part in (".st-key-slide-current", ".st-key-slide-upcoming", "[data-testid='stText']"):
            box = tab.locator(part).first.bounding_box()
            assert box is not None
            assert 0 <= box["y"] < 768 - 20, part
        current = tab.locator(".st-key-slide-current").bounding_box()
        assert current["y"] + current["height"] <= 768
        # The audience link is folded away until asked for.
        assert not tab.locator("[data-testid='stCode']").first.is_visible()
        tab.screenshot(path=str(ARTIFACTS / "presenter-1366x768.png"))
    finally:
        context.close()


def test_keys_jump_black_out_and_leave_only_the_reps_own_screen(server, browser, page):
    page.goto(f"{server}/present?{SEVEN_QUERY}&slide=2")
    wait_for_slide(page, 2)
    page.keyboard.press("5")
    page.keyboard.press("Enter")
    wait_for_slide(page, 5)
    page.keyboard.press("b")
    assert page.evaluate("() => document.body.classList.contains('present-black')")
    assert not page.locator(".st-key-slide-audience").is_visible()
    page.keyboard.press("b")
    assert page.locator(".st-key-slide-audience").is_visible()
    # Esc on the rep's own screen goes back to the pitch builder, the pitch kept.
    page.keyboard.press("Escape")
    page.get_by_role("heading", name="Pitch builder", level=1).wait_for(timeout=30_000)
    assert "gdl-it-companies" in page.url
    # A screen joined by code never shows the builder: Esc leaves a blank end slide.
    rep = browser.new_context(viewport={"width": 1366, "height": 768})
    try:
        presenter = rep.new_page()
        _open(presenter, f"{server}/presenter?{SEVEN_QUERY}", "Presenter view")
        code = parse_qs(urlsplit(presenter.url).query)["code"][0]
        page.goto(f"{server}/present?{SEVEN_QUERY}&code={code}")
        page.locator(".st-key-slide-audience").wait_for(timeout=30_000)
        wait_settled(page, AUDIENCE_READY_JS)
        page.keyboard.press("Escape")
        assert page.evaluate("() => document.body.classList.contains('present-ended')")
        assert not page.locator(".st-key-slide-audience").is_visible()
        assert page.get_by_role("heading", name="Pitch builder").count() == 0
        assert "/present" in page.url
    finally:
        rep.close()
    assert page.errors == []
    assert page.outside == []


def test_slash_focuses_the_search_box_and_best_matches_show_why(server, page):
    _open(page, f"{server}/?q=salario", "Market overview")
    assert page.get_by_role("heading", name="Best matches").count() == 1
    assert page.get_by_text(re.compile(r"^.+ · words: salario")).count() == 1
    page.locator("h1").click()
    page.keyboard.press("/")
    focused = page.evaluate("document.activeElement && document.activeElement.ariaLabel")
    assert focused == "Search claims"
    assert page.outside == []
    assert page.errors == []
    page.screenshot(path=str(ARTIFACTS / "search-overview.png"))


@pytest.mark.parametrize(
    ("query", "wanted", "why"),
    [
        ("salario", ["cdmx-tech-wages-rising"], "words: salario"),
        ("developers", ["cdmx-tech-specialists", "cdmx-graduates-2023"], "words: developers (tech"),
    ],
)
def test_a_query_ranks_the_wanted_claims_first_and_says_why(server, page, query, wanted, why):
    _open(page, f"{server}/?q={query}", "Market overview")
    assert page.get_by_role("heading", name="Best matches").count() == 1
    reasons = page.get_by_text(re.compile(rf"^.+ · {re.escape(why)}"))
    assert reasons.count() == len(wanted)
    _open(page, f"{server}/explorer?q={query}", "Claim explorer")
    # The grid draws on a canvas; its accessible table holds the cells of the rows in sight.
    grid = page.locator('[data-testid="stDataFrame"]').last
    expect(grid.locator('[role="row"] td').first).to_be_attached(timeout=30_000)
    rows = [
        row.locator("td").all_inner_texts()
        for row in grid.locator('[role="row"]').all()[1 : len(wanted) + 1]
    ]
    assert sorted(cells[1] for cells in rows) == sorted(wanted)
    assert all(cells[0].startswith(why) for cells in rows), rows
    assert page.errors == []
    assert page.outside == []


def test_a_click_on_a_facet_count_narrows_the_view(server, page):
    _open(page, f"{server}/explorer", "Claim explorer")
    themes = page.locator('[data-testid="stDataFrame"]').nth(2)
    box = themes.bounding_box()
    # The row marker of the first row (most claims first): header, then rows of ~35 px.
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 18)
    page.wait_for_url("**theme=*", timeout=30_000)
    page.wait_for_function(serve.RENDERED_JS, timeout=30_000)
    chosen = urlsplit(page.url).query
    assert chosen.startswith("theme=")
    # The URL changes before the rerun that narrows the view has drawn: wait for the caption.
    caption = page.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"]').first
    expect(caption).to_have_text(re.compile(r"^\d+ claims? on .+$"), timeout=30_000)
    assert page.errors == []
    page.screenshot(path=str(ARTIFACTS / "search-facet-click.png"))


ENERGY = "mx-energy-legal-risks"
OUR_ENERGY_ANSWER = "We bring our own power: 48 hours of generation on site at every rack."
OUR_NOTE = "Ask first which sites they are weighing."


def _download(tab, name: str, copy_index: int, target: Path) -> Path:
    with tab.expect_download(timeout=60_000) as download:
        tab.get_by_role("button", name=name, exact=True).nth(copy_index).click()
    download.value.save_as(target)
    return target


def test_a_rep_answers_the_energy_objection_in_their_words_with_a_note(server, page, tmp_path):
    # The flow: the 2024 energy objection (no source answers it) answered in the rep's
    # own words, a note on one point, then each copy of each document.
    _open(page, f"{server}/pitch?source=mbn-nearshoring-risks-2024", "Pitch builder")
    page.locator(".st-key-pitch-add-nw-warehouse-investment-fall button").click()
    wait_settled(page, param_is("pitch", "nw-warehouse-investment-fall"))
    own = page.locator(f".st-key-pitch-own-{ENERGY} input")
    own.fill(OUR_ENERGY_ANSWER)
    own.press("Enter")
    page.locator(f".st-key-pitch-own_add-{ENERGY} button").click()
    wait_settled(page, param_is("answer", f"{ENERGY}:{OUR_ENERGY_ANSWER}"))
    assert parse_qs(urlsplit(page.url).query)["pitch"] == [
        f"nw-warehouse-investment-fall,{ENERGY}>*"
    ]
    note = page.locator(".st-key-pitch-note-nw-warehouse-investment-fall textarea")
    note.fill(OUR_NOTE)
    note.press("Control+Enter")
    shown_then_settled(page, page.get_by_text("Kept in your copy's speaker notes").first)
    # The note never travels in the link.
    assert "weighing" not in page.url
    page.get_by_text(f"Our answer: {OUR_ENERGY_ANSWER}").first.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "pitch-own-answer.png"), full_page=True)
    files = {
        (fmt, copy): _download(page, label, n, tmp_path / f"{copy}.{fmt}")
        for fmt, label in (("pptx", "PPTX"), ("pdf", "PDF"), ("md", "Markdown"))
        for n, copy in enumerate(("prospect", "rep"))
    }
    assert page.outside == []
    assert page.errors == []
    for copy in ("prospect", "rep"):
        prs = Presentation(str(files[("pptx", copy)]))
        answer_slide = list(prs.slides)[2]
        names = {s.name: s.text_frame.text for s in answer_slide.shapes if s.has_text_frame}
        assert names["Answer"] == f"Our answer\n{OUR_ENERGY_ANSWER}"
        assert names["Own words"] == "In our own words"
        assert "Source line: answer" not in names
        assert names["Source line: objection"].startswith("Source: Mexico Business News")
        notes = [
            s.notes_slide.notes_text_frame.text if s.has_notes_slide else "" for s in prs.slides
        ]
        has_note = any(OUR_NOTE in n for n in notes)
        assert has_note is (copy == "rep")
        if copy == "rep":
            assert notes[1].startswith(f"Our note: {OUR_NOTE}\n")
        md = files[("md", copy)].read_text(encoding="utf-8")
        assert (
            "   **Our answer:** We bring our own power: 48 hours of generation on site at every "
            in md
        )
        assert "rack.  \n   *In our own words*\n" in md
        assert (OUR_NOTE in md) is (copy == "rep")
        pdf = documents.read_any(files[("pdf", copy)])
        assert f"Our answer {OUR_ENERGY_ANSWER} In our own words" in pdf
        assert (OUR_NOTE in pdf) is (copy == "rep")
    # A slide as the prospect sees it, rendered, to look at.
    rendered = documents.render_to_pdf(files[("pptx", "prospect")], tmp_path)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "3",
            "-l",
            "3",
            str(rendered),
            str(ARTIFACTS / "own-answer-slide"),
        ],
        check=True,
    )


def test_a_saved_pitch_reopens_by_name_after_a_server_restart(tmp_path, browser):
    # SQLite under the state folder; the PostgreSQL side is tests/test_library.py's restart.
    env = {"INSIGHTS_STATE_DIR": str(tmp_path / "state"), "DATABASE_URL": ""}
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    tab = context.new_page()
    with run_server(env, "library-1.log") as url:
        _open(tab, f"{url}/pitch?pitch=gdl-it-companies", "Pitch builder")
        note = tab.locator(".st-key-pitch-note-gdl-it-companies textarea")
        note.fill(OUR_NOTE)
        note.press("Control+Enter")
        shown_then_settled(tab, tab.get_by_text("Kept in your copy's speaker notes").first)
        tab.get_by_text("Saved pitches: save, open, duplicate").click()
        name = tab.get_by_role("textbox", name="Pitch name")
        name.fill("Acme energy")
        name.press("Enter")
        tab.locator(".st-key-pitch-library-save button").click()
        wait_settled(tab, param_is("saved", "1"))
        expect(tab.get_by_text("Saved as “Acme energy”.")).to_be_visible()
        # The share link names the saved pitch and its items, never the note.
        tab.get_by_role("button", name="Share this view").click()
        link = tab.locator('[data-testid="stPopoverBody"] code').inner_text(timeout=30_000)
        assert "saved=1" in link
        assert "pitch=gdl-it-companies" in link
        assert "weighing" not in link
        tab.screenshot(path=str(ARTIFACTS / "pitch-library-saved.png"))
    with run_server(env, "library-2.log") as url:
        _open(tab, f"{url}/pitch", "Pitch builder")
        tab.get_by_text("Saved pitches: save, open, duplicate").click()
        search = tab.get_by_role("textbox", name="Find a saved pitch")
        search.fill("acme")
        search.press("Enter")
        row = tab.locator(".st-key-pitch-library-open-1 button").first
        row.click()
        wait_settled(tab, param_is("saved", "1"))
        expect(tab.locator(".st-key-pitch-note-gdl-it-companies textarea")).to_have_value(OUR_NOTE)
        expect(tab.get_by_text("Opened “Acme energy”.")).to_be_visible()
        tab.screenshot(path=str(ARTIFACTS / "pitch-library-reopened.png"))
    context.close()


@pytest.fixture(scope="module")
def seller_server(tmp_path_factory) -> Iterator[str]:
    """The app with the shipped example profile: Northwind Cloud, its logo, its booking link."""
    env = {
        "INSIGHTS_STATE_DIR": str(tmp_path_factory.mktemp("seller-state")),
        "DATABASE_URL": "",
        "INSIGHTS_SELLER_FILE": str(ROOT / "seller.example.yaml"),
    }
    with run_server(env, "server-seller.log") as url:
        yield url


LOGO_JS = (
    "(img => !!img && img.complete && img.naturalWidth > 0)"
    "(document.querySelector('.st-key-slide-audience [class*=\"st-key-cover-logo-\"] img'))"
)


def test_the_audience_cover_shows_the_sellers_logo_inside_the_slide(seller_server, page):
    page.goto(f"{seller_server}/present?{SEVEN_QUERY}")
    wait_for_slide(page, 1)
    page.wait_for_function(LOGO_JS, timeout=WAIT_MS)
    logo = page.locator('.st-key-slide-audience [class*="st-key-cover-logo-"] img')
    expect(logo).to_be_visible()
    # The app's own media route, from the profile's bytes: nothing fetched off the machine.
    assert urlsplit(logo.evaluate("img => img.src")).hostname == "127.0.0.1"
    slide = page.locator(".st-key-slide-audience").bounding_box()
    box = logo.bounding_box()
    assert slide["x"] <= box["x"]
    assert box["x"] + box["width"] <= slide["x"] + slide["width"]
    assert slide["y"] <= box["y"]
    assert box["y"] + box["height"] <= slide["y"] + slide["height"]
    # A fixed share of the slide: 7cqw of its width less its 6cqw side margins, square as drawn.
    assert abs(box["height"] - 0.07 * 0.88 * slide["width"]) <= 2
    assert abs(box["width"] - box["height"]) <= 1
    text = audience_text(page)
    assert "Prepared for Acme Logistics" in text
    assert "By Northwind Cloud" in text
    page.screenshot(path=str(ARTIFACTS / "present-cover-logo.png"))
    assert (page.outside, page.errors) == ([], [])
    page.keyboard.press("ArrowRight")
    wait_for_slide(page, 2)
    expect(logo).to_have_count(0)
