"""The seller's details as an admin stored them (insights/quotes/profiles), on both databases."""

import pytest

from insights.errors import PackError
from insights.pitch import seller
from insights.quotes import profiles
from tests import factory


def test_a_setting_is_stored_replaced_and_read_back(engine):
    assert profiles.read_setting(engine, profiles.COMPANY_SETTING) is None
    profiles.write_setting(engine, profiles.COMPANY_SETTING, '{"company": "A"}')
    profiles.write_setting(engine, profiles.COMPANY_SETTING, '{"company": "B"}')
    assert profiles.read_setting(engine, profiles.COMPANY_SETTING) == '{"company": "B"}'
    assert profiles.person_setting(7) == "seller.person.7"


def test_stored_company_details_replace_the_files_but_keep_its_logo():
    profile = factory.seller_profile(logo_bytes=factory.PNG_PIXEL)
    company = seller.check_fields(seller.Seller, {"company": "Other Co", "booking_url": ""}, "x")
    merged = seller.with_company(profile, company)
    assert merged is not None
    assert (merged.seller.company, merged.logo) == ("Other Co", factory.PNG_PIXEL)
    assert seller.with_company(profile, None) is profile
    stored = seller.read_stored(seller.Seller, company.model_dump_json())
    assert stored == company
    assert seller.read_stored(seller.Seller, "{broken") is None


@pytest.mark.parametrize(
    ("raw", "field", "message"),
    [
        ({"phone": "call <b>me</b>"}, "phone", "should match pattern"),
        ({"title": "x" * 201}, "title", "at most 200 characters"),
        ({"title": "A\u202eB\u0007"}, "title", "holds U+0007"),
        ({"booking_url": "http://x.example"}, "booking_url", "must be an https:// link"),
    ],
)
def test_typed_details_are_refused_naming_the_field(raw, field, message):
    with pytest.raises(PackError) as found:
        seller.check_fields(seller.PersonDetails, raw, "person's details")
    assert (found.value.file, found.value.field) == ("person's details", field)
    assert message in found.value.message
