import datetime as dt
import io

import pytest
from pptx import Presentation

from insights.outputs import download
from insights.pitch.plan import OwnAnswer, Pitch
from tests import factory

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def sales():
    return factory.catalog_of(factory.sales_pack())


def test_a_link_gives_the_pitchs_file(sales):
    params = {"pitch": ["alpha-firms,beta-instability>beta-partnerships"], "prospect": ["Acme"]}
    got = download.build_download(
        "pptx", params, sales, TODAY, rule=factory.verify_rule(catalog=sales)
    )
    assert isinstance(got, download.Download)
    assert got.file_name == "testland-talking-points-acme-notes.pptx"
    assert got.mime.endswith("presentationml.presentation")
    assert len(Presentation(io.BytesIO(got.body)).slides) == 5


def test_with_no_pitch_the_view_is_exported(sales):
    got = download.build_download(
        "json", {"place": ["beta"]}, sales, TODAY, rule=factory.verify_rule(catalog=sales)
    )
    assert isinstance(got, download.Download)
    assert got.body.count(b'"role":"talking point"') == 3


def test_calls_to_action_lead_to_the_public_form(sales):
    got = download.build_download(
        "md",
        {"place": ["alpha"]},
        sales,
        TODAY,
        "https://insights.example",
        rule=factory.verify_rule(catalog=sales),
    )
    assert isinstance(got, download.Download)
    assert b"<https://insights.example/request?kind=quote&place=alpha>" in got.body


HOSTILE = "<script>alert(1)</script>"


@pytest.mark.parametrize(
    ("fmt", "params", "message"),
    [
        ("exe", {}, "Unknown format; use one of: pptx, pdf, md, csv, json."),
        ("pptx", {HOSTILE: ["1"]}, "The link has a parameter a download does not take."),
        ("pptx", {"drafts": ["1"]}, "The link has a parameter a download does not take."),
        ("pptx", {"pitch": [f"alpha-firms,{HOSTILE}"]}, "no source offers"),
        ("pptx", {"pitch": ["alpha-firms,no-such-claim"]}, "claim this content does not have"),
        ("pptx", {"place": [HOSTILE]}, "a place this content does not have"),
        ("pptx", {"q": ["zzzz-nothing"]}, "No claim matches the link's filters."),
        ("pptx", {"pitch": ["a"] * 65}, "The link has too many values."),
        ("pptx", {"title": ["x\u202ey"]}, "was not usable"),
    ],
)
def test_a_bad_link_is_refused_plainly_and_never_echoed(sales, fmt, params, message):
    got = download.build_download(
        fmt, params, sales, TODAY, rule=factory.verify_rule(catalog=sales)
    )
    assert isinstance(got, download.Refusal)
    assert message in got.message
    assert "script" not in got.message
    assert "\u202e" not in got.message


def test_the_path_names_the_format():
    assert download.make_download_path("pdf") == "/export/pitch.pdf"


@pytest.mark.parametrize(
    ("copy", "allowed", "notes", "name"),
    [
        ([], True, True, "testland-talking-points-notes.pptx"),
        (["rep"], True, True, "testland-talking-points-notes.pptx"),
        (["prospect"], True, False, "testland-talking-points.pptx"),
        # A team server's visitor: the prospect's copy by default, and when asked for.
        ([], False, False, "testland-talking-points.pptx"),
        (["prospect"], False, False, "testland-talking-points.pptx"),
    ],
)
def test_a_link_asks_for_the_prospects_or_the_reps_copy(sales, copy, allowed, notes, name):
    params = {"pitch": ["alpha-firms"], **({"copy": copy} if copy else {})}
    got = download.build_download(
        "pptx",
        params,
        sales,
        TODAY,
        rep_copy_allowed=allowed,
        rule=factory.verify_rule(catalog=sales),
    )
    assert isinstance(got, download.Download)
    assert got.file_name == name
    slides = Presentation(io.BytesIO(got.body)).slides
    assert any(s.has_notes_slide and s.notes_slide.notes_text_frame.text for s in slides) is notes


@pytest.mark.parametrize("fmt", ["md", "pptx", "json"])
def test_the_reps_copy_asked_for_by_a_visitor_is_refused_with_403(sales, fmt):
    params = {"pitch": ["alpha-firms"], "copy": ["rep"]}
    got = download.build_download(
        fmt, params, sales, TODAY, rep_copy_allowed=False, rule=factory.verify_rule(catalog=sales)
    )
    assert got == download.Refusal(
        "The rep's copy (bias notes, verify marks, speaker notes) needs a signed-in person: "
        "sign in on this server, or ask for copy=prospect.",
        403,
    )


@pytest.mark.parametrize("copy", [["both"], ["rep", "prospect"], ["<b>x</b>"]])
def test_a_link_with_another_copy_is_refused_plainly(sales, copy):
    got = download.build_download(
        "md",
        {"pitch": ["alpha-firms"], "copy": copy},
        sales,
        TODAY,
        rule=factory.verify_rule(catalog=sales),
    )
    assert got == download.Refusal("The link's copy must be prospect or rep.")


def test_a_link_closes_with_the_sellers_booking_link(sales):
    got = download.build_download(
        "md",
        {"pitch": ["alpha-firms"]},
        sales,
        TODAY,
        "",
        factory.seller_profile(),
        rule=factory.verify_rule(catalog=sales),
    )
    assert isinstance(got, download.Download)
    assert b"<https://seller.example/book>" in got.body
    assert b"example.test/chat" not in got.body


SAVED = Pitch(
    "Costs, answered",
    "Acme",
    ("alpha-firms", OwnAnswer("gamma-costs", "We bring our own fixed price.")),
    notes=(("alpha-firms", "SECRET: they churned last year"), ("@cover", "SECRET cover")),
    saved=7,
)


@pytest.mark.parametrize("fmt", ["md", "json", "pptx"])
@pytest.mark.parametrize("copy", ["rep", "prospect"])
def test_a_link_to_a_saved_pitch_gives_its_items_and_never_its_notes(sales, fmt, copy):
    asked = []

    def find(pitch_id):
        asked.append(pitch_id)
        return SAVED

    params = {"saved": ["7"], "copy": [copy]}
    got = download.build_download(
        fmt, params, sales, TODAY, find_saved=find, rule=factory.verify_rule(catalog=sales)
    )
    assert isinstance(got, download.Download), got
    assert asked == [7]
    body = got.body if fmt != "pptx" else "\n".join(all_texts(got.body)).encode()
    assert b"We bring our own fixed price." in body
    assert b"SECRET" not in body
    assert got.file_name.startswith("costs-answered-acme")


def all_texts(blob):
    prs = Presentation(io.BytesIO(blob))
    found = []
    for slide in prs.slides:
        found += [s.text_frame.text for s in slide.shapes if s.has_text_frame]
        if slide.has_notes_slide:
            found.append(slide.notes_slide.notes_text_frame.text)
    return found


def test_a_link_to_a_saved_pitch_the_library_lacks_is_refused(sales):
    got = download.build_download(
        "md",
        {"saved": ["8"]},
        sales,
        TODAY,
        find_saved=lambda _: None,
        rule=factory.verify_rule(catalog=sales),
    )
    assert got == download.Refusal("The link's saved pitch is not in the pitch library.")


def test_a_pitchs_call_to_action_carries_its_items_to_the_request_form(sales):
    items = "alpha-firms,beta-instability>beta-partnerships"
    got = download.build_download(
        "md",
        {"pitch": [items], "prospect": ["Acme"]},
        sales,
        TODAY,
        "https://insights.example",
        rule=factory.verify_rule(catalog=sales),
    )
    assert isinstance(got, download.Download)
    # The request the prospect sends from it records the pitch; the prospect's name stays out.
    wanted = "https://insights.example/request?kind=quote&pitch=alpha-firms%2Cbeta-instability%3Ebeta-partnerships"
    assert f"<{wanted}>".encode() in got.body
    assert b"prospect=" not in got.body
