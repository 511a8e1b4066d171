"""The seller's profile (insights/pitch/seller): read, checked, every problem named by field."""

import os
import subprocess
import sys

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from insights.errors import PackError
from insights.pitch import seller
from tests import factory


def test_a_full_profile_is_read_with_its_logo(tmp_path):
    (tmp_path / "logo.png").write_bytes(factory.PNG_PIXEL)
    path = factory.write_seller(tmp_path, {**factory.SELLER, "logo": "logo.png"})
    profile = seller.read_profile(path)
    assert profile.seller.company == "Northwind Cloud"
    assert str(profile.seller.booking_url) == "https://seller.example/book"
    assert (profile.logo, profile.logo_type) == (factory.PNG_PIXEL, "image/png")
    assert profile.prompt == "Book 30 minutes with us"
    assert profile.contact_lines == (
        "Dana Ruiz, Account Executive",
        "dana@seller.example",
        "+1 555 0100",
    )


def test_the_shipped_example_is_a_valid_profile_with_its_logo():
    profile = seller.read_profile(factory.ROOT / seller.EXAMPLE_FILE)
    assert profile.seller.company == "Northwind Cloud"
    assert profile.seller.rep is not None
    assert profile.seller.rep.name == "Dana Ruiz"
    assert profile.logo == (factory.ROOT / "seller-logo.example.png").read_bytes()
    assert profile.logo_type == "image/png"
    assert len(profile.logo) < 20_000


def test_the_issues_trial_command_exports_with_the_example_profile(tmp_path):
    target = tmp_path / "pitch.pptx"
    argv = ["export", "--place", "guadalajara", "--format", "pptx", "-o", str(target)]
    done = subprocess.run(
        [sys.executable, "-m", "insights", *argv],
        cwd=factory.ROOT,
        env={**os.environ, "INSIGHTS_SELLER_FILE": "seller.example.yaml"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    cover = Presentation(str(target)).slides[0]
    assert any(s.shape_type == MSO_SHAPE_TYPE.PICTURE for s in cover.shapes)
    words = " ".join(s.text_frame.text for s in cover.shapes if s.has_text_frame)
    assert "Northwind Cloud" in words


def test_only_the_company_is_required_and_the_prompt_then_names_it(tmp_path):
    profile = seller.read_profile(factory.write_seller(tmp_path, {"company": "Acme Hosting"}))
    assert profile.prompt == "Talk to Acme Hosting"
    assert profile.contact_lines == ()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"company": None}, "company", "Input should be a valid string (got None)"),
        ({"booking_url": "http://seller.example/book"}, "booking_url", "must be an https:// link"),
        ({"booking_url": "javascript:alert(1)"}, "booking_url", "URL scheme should be"),
        ({"company": "Acme\u0007Hosting"}, "company", "holds U+0007"),
        ({"company": "Acme\nHosting"}, "company", "must be one line"),
        ({"company": "x" * 201}, "company", "at most 200 characters"),
        ({"call_to_action": "y" * 201}, "call_to_action", "at most 200 characters"),
        ({"rep": {"name": "Dana", "email": "not-an-email"}}, "rep.email", "email"),
        ({"rep": {"name": "Dana", "phone": "call me <b>"}}, "rep.phone", "should match pattern"),
        ({"colour": "blue"}, "colour", "is not a known field"),
    ],
)
def test_a_bad_field_is_refused_naming_the_file_and_field(tmp_path, change, field, message):
    data = {k: v for k, v in {**factory.SELLER, **change}.items()}
    with pytest.raises(PackError) as found:
        seller.read_profile(factory.write_seller(tmp_path, data))
    assert found.value.file == "seller.yaml"
    assert found.value.field == field
    assert message in found.value.message


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("logo.svg", b"<svg onload='x'/>", "must be a PNG or JPEG file"),
        ("logo.png", b"<svg onload='x'/>", "logo.png is not a PNG or JPEG image"),
        ("logo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * (1024 * 1024), "at most 1 MB"),
        ("missing.png", None, "no file missing.png beside the profile"),
    ],
)
def test_a_logo_must_be_a_small_png_or_jpeg(tmp_path, name, content, message):
    if content is not None:
        (tmp_path / name).write_bytes(content)
    path = factory.write_seller(tmp_path, {**factory.SELLER, "logo": name})
    with pytest.raises(PackError) as found:
        seller.read_profile(path)
    assert found.value.field == "logo"
    assert message in found.value.message


def test_a_50_mb_logo_is_refused_before_it_is_read(tmp_path):
    with (tmp_path / "big.png").open("wb") as big:
        big.truncate(50 * 1024 * 1024)
    path = factory.write_seller(tmp_path, {**factory.SELLER, "logo": "big.png"})
    with pytest.raises(PackError, match="52,428,800 bytes; at most 1 MB"):
        seller.read_profile(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("company: [", "not valid YAML"),
        ("- a list\n", "expected a mapping of fields at the top level"),
        ("company: " + "x" * 70_000, "a profile is at most 64 KB"),
    ],
)
def test_a_broken_file_is_refused_with_its_name(tmp_path, text, message):
    with pytest.raises(PackError) as found:
        seller.read_profile(factory.write_seller(tmp_path, text))
    assert found.value.file == "seller.yaml"
    assert message in found.value.message


def test_find_profile_says_unset_or_broken_without_raising(tmp_path):
    assert seller.find_profile(None) == (None, None)
    profile, broken = seller.find_profile(tmp_path / "absent.yaml")
    assert profile is None
    assert broken == PackError("absent.yaml", "", "no such file")


def test_a_signed_in_person_speaks_for_the_company_with_their_own_details():
    profile = seller.speak_as(factory.seller_profile(), "Bo Lind", "bo@seller.example")
    assert profile.seller.company == "Northwind Cloud"
    assert profile.contact_lines == ("Bo Lind", "bo@seller.example")
    # The file's booking link is another person's: it is not offered in Bo's name.
    assert profile.seller.booking_url is None
