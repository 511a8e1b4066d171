"""The public /request page: the form alone, its kind and filters from the link, stored once."""

from __future__ import annotations

import pytest

from tests.apptest import open_page
from tests.test_quote_form import db_url, fill, stored, submit  # noqa: F401 (db_url is a fixture)

pytestmark = pytest.mark.usefixtures("data_dir")


@pytest.mark.parametrize(
    ("kind", "title", "stored_kind"),
    [("quote", "Get a quote", "quote"), ("contact", "Talk to an expert", "contact")],
)
def test_a_prospect_sends_a_request_from_the_public_page(db_url, kind, title, stored_kind):  # noqa: F811
    at = open_page("pages/request.py", {"kind": kind, "place": "beta", "theme": "talent"})
    assert not at.exception
    assert at.title[0].value == title
    # The form is on the page itself, pre-filled from the link, not in a dialog.
    assert at.multiselect(key="quote.places").value == ["beta"]
    assert at.multiselect(key="quote.themes").value == ["talent"]
    submit(fill(at, message="Please call"))
    assert not at.exception
    assert any("Your reference is" in s.value for s in at.success)
    (request,) = stored(db_url)
    assert (request.kind, request.places, request.themes) == (stored_kind, ("beta",), ("talent",))


def test_an_unknown_kind_is_a_contact_request_and_never_echoed(db_url):  # noqa: F811
    at = open_page("pages/request.py", {"kind": "<script>x</script>"})
    assert not at.exception
    assert at.title[0].value == "Talk to an expert"
    assert all("script" not in c.value for c in at.caption)


def test_the_page_hides_the_sidebar(db_url):  # noqa: F811
    at = open_page("pages/request.py", {"kind": "quote"})
    styles = [h.proto.body for h in at.get("html")]
    assert any('[data-testid="stSidebar"]' in body for body in styles)
