import datetime as dt
import io

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from insights.content.text import find_hidden_character
from insights.outputs import tables
from insights.quotes import requests

GOOD = {
    "name": "Ana Ruiz",
    "company": "Acme",
    "email": "ana@example.com",
    "consent": True,
}


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({}, {}),
        ({"email": "Ana.Ruiz+quotes@Example.COM"}, {}),
        ({"email": "josé@correo.example.mx"}, {}),
        ({"phone": "+52 (33) 1234-5678", "message": "Line one\r\nline two"}, {}),
        ({"name": ""}, {"name": "Required."}),
        ({"name": "   "}, {"name": "Required (only spaces were typed)."}),
        ({"company": None}, {"company": "Holds a value this form does not offer."}),
        ({"email": ""}, {"email": "Required."}),
        (
            {"email": "ana.example.com"},
            {"email": "Not a valid email address. An email address must have an @-sign."},
        ),
        ({"email": "ana@@example.com"}, {"email": "Not a valid email address. The part after"}),
        ({"email": "ana@localhost"}, {"email": "Not a valid email address. The part after"}),
        (
            {"email": "ana@example.com\r\nBcc: all@example.com"},
            {"email": "Contains a line break (U+000D); type it as plain text on one line."},
        ),
        (
            {"name": "Ana\u200bRuiz"},
            {"name": "Contains an invisible or control character (U+200B)"},
        ),
        ({"company": "Acme\u202egnp.exe"}, {"company": "Contains an invisible or control"}),
        (
            {"company": "Acme\x00"},
            {"company": "Contains an invisible or control character (U+0000)"},
        ),
        ({"name": "Ana\nRuiz"}, {"name": "Contains a line break (U+000A)"}),
        ({"message": "ok\x00"}, {"message": "Contains an invisible or control character (U+0000)"}),
        ({"name": "x" * 101}, {"name": "Use at most 100 characters (this has 101)."}),
        ({"email": "a" * 250 + "@example.com"}, {"email": "Use at most 254 characters (this has"}),
        (
            {"message": "x" * 2**20},
            {"message": "Use at most 5,000 characters (this has 1,048,576)."},
        ),
        ({"phone": "call me"}, {"phone": "Use digits, spaces and + ( ) - . / only"}),
        ({"phone": "(--) 12"}, {"phone": "Use digits, spaces and + ( ) - . / only"}),
        ({"themes": ["talnet"]}, {"themes": "Holds a value this form does not offer."}),
        ({"places": ["<img src=x>"]}, {"places": "Holds a value this form does not offer."}),
        ({"places": [f"p{i}" for i in range(21)]}, {"places": "Choose at most 20."}),
        ({"consent": False}, {"consent": "Tick the box so we may contact you about this."}),
        ({"kind": "order"}, {"kind": "Holds a value this form does not offer."}),
    ],
)
def test_validation_names_each_bad_field(fields, expected):
    request, errors = requests.validate_request({**GOOD, **fields})
    assert set(errors) == set(expected)
    for field, start in expected.items():
        assert errors[field].startswith(start)
    assert (request is None) == bool(expected)


OFFERED_PLACES = ("mexico", "guadalajara")


@pytest.mark.parametrize(
    ("fields", "places", "expected"),
    [
        ({"places": ["guadalajara"], "themes": ["talent"]}, OFFERED_PLACES, {}),
        (
            {"places": ["atlantis"]},
            OFFERED_PLACES,
            {"places": "Holds a place this form does not offer."},
        ),
        (
            {"places": ["mexico", "atlantis"], "themes": ["talent"]},
            OFFERED_PLACES,
            {"places": "Holds a place this form does not offer."},
        ),
        ({"places": ["atlantis"]}, (), {"places": "Holds a place this form does not offer."}),
        ({"places": ["atlantis"]}, None, {}),  # no catalog given: any well-formed id
        (
            {"themes": ["talnet"]},
            OFFERED_PLACES,
            {"themes": "Holds a value this form does not offer."},
        ),
    ],
)
def test_only_places_and_themes_the_form_offers_are_accepted(fields, places, expected):
    request, errors = requests.validate_request({**GOOD, **fields}, places)
    assert errors == expected
    assert (request is None) == bool(expected)
    assert all("atlantis" not in message for message in errors.values())


def test_themes_can_be_narrowed_too():
    _, errors = requests.validate_request({**GOOD, "themes": ["capital"]}, (), themes=["talent"])
    assert errors == {"themes": "Holds a theme this form does not offer."}


def test_a_valid_request_is_normalised_not_truncated():
    request, _ = requests.validate_request(
        {
            **GOOD,
            "name": "  Ana  ",
            "email": "Ana@EXAMPLE.com",
            "message": "a\r\nb",
            "places": ["mexico", "mexico", "guadalajara"],
            "kind": "contact",
        }
    )
    assert request is not None
    assert (request.name, request.email, request.message) == ("Ana", "Ana@example.com", "a\nb")
    assert request.places == ["mexico", "guadalajara"]
    assert request.kind == "contact"


def test_every_missing_field_is_listed_at_once():
    _, errors = requests.validate_request({})
    assert errors == {
        "name": "Required.",
        "company": "Required.",
        "email": "Required.",
        "consent": "Required.",
    }


def stored(**fields) -> requests.StoredRequest:
    base = {
        "reference": "Q-000007",
        "received_at": dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC),
        "kind": "quote",
        "name": "Ana",
        "company": "Acme",
        "email": "ana@example.com",
        "phone": "",
        "places": ("guadalajara",),
        "themes": ("talent", "capital"),
        "message": "Hello",
    }
    return requests.StoredRequest(**{**base, **fields})


def test_requests_table_has_readable_columns():
    table = requests.make_requests_table([stored()], {"guadalajara": "Guadalajara"})
    assert list(table.columns) == list(requests.REQUEST_COLUMNS.values())
    assert table.iloc[0].to_dict() == {
        "Reference": "Q-000007",
        "Received (UTC)": "2026-11-02 09:30",
        "Form": "quote",
        "Name": "Ana",
        "Company": "Acme",
        "Work email": "ana@example.com",
        "Phone": "",
        "Places": "Guadalajara",
        "Themes": "talent & education, investment & capital",
        "Message": "Hello",
        "Status": "new",
        "Owner": "",
        "Same company": "",
        "Pitch": "",
    }
    assert requests.make_requests_table([], {}).empty


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"status": "won", "owner": "Ana <ana@example.com>"}, ("won", "Ana <ana@example.com>")),
        ({"same_company": 2}, ("new", "")),
    ],
)
def test_requests_table_carries_the_workflow(fields, expected):
    row = requests.make_requests_table([stored(**fields)], {}).iloc[0]
    assert (row["Status"], row["Owner"]) == expected
    assert row["Same company"] == ("2 other requests" if fields.get("same_company") else "")


@pytest.mark.parametrize(
    ("items", "saved", "expected"),
    [
        ((), None, ""),
        (("gdl-talent", "mx-risk>mx-answer"), None, "items gdl-talent, mx-risk>mx-answer"),
        ((), "p-42", "saved pitch p-42"),
        (("a",), "p-42", "saved pitch p-42; items a"),
    ],
)
def test_the_origin_says_which_pitch_a_request_came_from(items, saved, expected):
    assert requests.describe_origin(items, saved) == expected


@pytest.mark.parametrize(
    ("saved", "kept"),
    [("p-42", "p-42"), ("", None), (None, None), ("<b>x</b>", None), ("a" * 65, None)],
)
def test_a_saved_pitch_id_is_kept_only_when_well_formed(saved, kept):
    assert requests.make_origin(["x"], saved) == requests.Origin(("x",), kept)


@pytest.mark.parametrize(
    ("one", "other", "same"),
    [
        ("ACME, Inc.", "acme inc", True),
        ("  Acme   Logistics ", "acme-logistics", True),
        ("Acme", "Acme Logistics", False),
        ("Café Uno", "CAFÉ UNO", True),
    ],
)
def test_company_keys_match_the_same_company_written_differently(one, other, same):
    assert (requests.company_key(one) == requests.company_key(other)) is same


def test_csv_export_neutralises_formula_like_cells_and_keeps_the_rest():
    hostile = {
        "name": '=HYPERLINK("http://evil.test","x")',
        "company": "@SUM(A1)",
        "phone": "+52 33 1234 5678",
        "message": "-2+3",
    }
    table = requests.make_requests_table([stored(**hostile)], {})
    back = pd.read_csv(io.BytesIO(tables.to_csv_bytes(table)), dtype=str, keep_default_na=False)
    row = back.iloc[0]
    assert row["Name"] == '\'=HYPERLINK("http://evil.test","x")'
    assert row["Company"] == "'@SUM(A1)"
    assert row["Phone"] == "'+52 33 1234 5678"
    assert row["Message"] == "'-2+3"
    assert row["Work email"] == "ana@example.com"
    # Only the export is changed: the table (and the database behind it) keep what was typed.
    assert table.iloc[0]["Name"] == hostile["name"]


@pytest.mark.parametrize(
    ("since", "until", "expected"),
    [
        (None, None, (None, None)),
        (
            dt.date(2026, 11, 1),
            dt.date(2026, 11, 2),
            (
                dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
                dt.datetime(2026, 11, 3, tzinfo=dt.UTC),
            ),
        ),
        (None, dt.date(2026, 12, 31), (None, dt.datetime(2027, 1, 1, tzinfo=dt.UTC))),
    ],
)
def test_day_window_covers_whole_days(since, until, expected):
    assert requests.day_window(since, until) == expected


def test_describe_request_lists_every_field_as_typed():
    pairs = requests.describe_request(stored(message="<b>hi</b>\nthere"), {})
    assert pairs[0] == ("Reference", "Q-000007")
    assert ("Message", "<b>hi</b>\nthere") in pairs
    assert ("Phone", "—") in pairs


def test_fingerprint_changes_with_content_only():
    one, _ = requests.validate_request(GOOD)
    same, _ = requests.validate_request({**GOOD, "name": " Ana Ruiz "})
    other, _ = requests.validate_request({**GOOD, "message": "another"})
    assert requests.fingerprint(one) == requests.fingerprint(same)
    assert requests.fingerprint(one) != requests.fingerprint(other)
    assert len(requests.fingerprint(one)) == 16


# Property tests: whatever a form (or a script posting to it) holds, validation ends in a
# clean request or in one sentence per bad field, and never repeats what was typed.
_ANY_TEXT = st.text(max_size=120) | st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=60)
_FIELDS = st.fixed_dictionaries(
    {},
    optional={
        "name": _ANY_TEXT,
        "company": _ANY_TEXT,
        "email": _ANY_TEXT | st.emails(),
        "phone": _ANY_TEXT | st.from_regex(r"\+?[0-9 ()\-]{5,20}", fullmatch=True),
        "message": _ANY_TEXT,
        "places": st.lists(_ANY_TEXT, max_size=3),
        "themes": st.lists(st.sampled_from(["talent", "industry", "x"]), max_size=3),
        "consent": st.booleans(),
        "kind": st.sampled_from(["quote", "contact", "order"]),
    },
)


@given(_FIELDS)
def test_any_form_is_a_clean_request_or_a_sentence_per_bad_field(fields):
    request, errors = requests.validate_request({**GOOD, **fields})
    assert (request is None) == bool(errors)
    assert set(errors) <= set(requests.LABELS)
    for field, message in errors.items():
        assert message.endswith(".") or message.startswith("Not a valid email"), message
        typed = fields.get(field)
        if isinstance(typed, str) and len(typed.strip()) > 3:
            assert typed.strip() not in message
    if request is not None:
        for field in ("name", "company", "phone", "message"):
            value = getattr(request, field)
            assert len(value) <= requests.LIMITS[field]
            assert find_hidden_character(value, "\n\t" if field == "message" else "") is None
            # Stored as typed, never cut short (only trimmed, line breaks made one form).
            typed = {**GOOD, **fields}.get(field, "")
            assert value == typed.replace("\r\n", "\n").strip()


@given(st.text(min_size=1, max_size=40).filter(lambda t: t.strip()))
def test_a_name_is_refused_exactly_when_it_holds_a_hidden_character(name):
    request, errors = requests.validate_request({**GOOD, "name": name})
    hidden = find_hidden_character(name)
    assert (request is None) == (hidden is not None)
    if hidden is not None:
        assert errors["name"].startswith("Contains")
        assert f"U+{ord(hidden):04X}" in errors["name"]
