"""Personal identification numbers and the masking of personal data."""

from __future__ import annotations

import importlib.util
import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.dossiers.domain import (
    mask_email,
    mask_personal_id,
    mask_phone,
    validate_personal_id,
)
from motcua.dossiers.domain.identity import Gender, InvalidPersonalId
from motcua.dossiers.domain.identity_codes import BIRTH_REGISTRATION_PROVINCES
from motcua.errors import InvalidInput
from motcua.text import fold

TODAY = date(2026, 2, 13)


def test_table_has_the_63_old_provinces_with_the_reference_examples():
    assert len(BIRTH_REGISTRATION_PROVINCES) == 63
    for code, name in {
        "001": "Hà Nội",
        "031": "Hải Phòng",
        "048": "Đà Nẵng",
        "079": "Hồ Chí Minh",
        "096": "Cà Mau",
        "012": "Lai Châu",
    }.items():
        assert BIRTH_REGISTRATION_PROVINCES[code].endswith(name)
    assert all(len(code) == 3 and code.isdigit() for code in BIRTH_REGISTRATION_PROVINCES)


def test_table_agrees_with_the_old_province_list_of_the_address_package():
    """Cross-check with the pre-2025 province list shipped by the address-conversion package
    (statistical codes; the identity codes are the same with a leading zero)."""
    # Locate the data without importing the package (its import pulls in heavy libraries).
    spec = importlib.util.find_spec("onflow_location_platform")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("address-conversion package not installed")
    path = Path(list(spec.submodule_search_locations)[0]) / "data" / "ops" / "ops_nh_provinces.json"
    if not path.exists():
        pytest.skip("package data layout changed")
    theirs = {"0" + row["pk"]: row["fields"]["full_name"] for row in json.loads(path.read_text())}
    assert set(theirs) == set(BIRTH_REGISTRATION_PROVINCES)
    for code, name in theirs.items():
        assert fold(name) == fold(BIRTH_REGISTRATION_PROVINCES[code]), code


def test_reads_province_gender_and_year():
    info = validate_personal_id("012 1 95 001234", today=TODAY)
    assert info.number == "012195001234"
    assert info.place_name == "Tỉnh Lai Châu"
    assert info.gender is Gender.FEMALE and info.birth_year == 1995
    info = validate_personal_id("079205000001", today=TODAY)
    assert info.gender is Gender.MALE and info.birth_year == 2005
    assert info.place_name == "Thành phố Hồ Chí Minh"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "Chưa nhập"),
        ("01239500123", "đúng 12 chữ số"),
        ("123456789", "chứng minh nhân dân"),
        ("01239500123A", "chỉ gồm chữ số"),
        ("０１２３９５００１２３４", "chỉ gồm chữ số"),  # full-width digits
        ("003095001234", "«003»"),  # 003 was never assigned
        ("097095001234", "«097»"),
        ("012230001234", "tương lai"),  # male born 2030
        ("012499001234", "tương lai"),  # 2199
    ],
)
def test_rejects_malformed_numbers_in_vietnamese(text, fragment):
    with pytest.raises(InvalidPersonalId) as err:
        validate_personal_id(text, today=TODAY)
    assert fragment in err.value.message
    assert isinstance(err.value, InvalidInput) and err.value.code == "personal_id.invalid"


def test_extra_codes_accept_births_registered_abroad():
    info = validate_personal_id("400090001234", today=TODAY, extra_codes={"400": "Nước ngoài"})
    assert info.place_name == "Nước ngoài"


province_codes = st.sampled_from(sorted(BIRTH_REGISTRATION_PROVINCES))


@settings(max_examples=200)
@given(
    code=province_codes,
    year=st.integers(1900, TODAY.year),
    female=st.booleans(),
    tail=st.integers(0, 999_999),
)
def test_every_valid_number_reads_back_what_was_encoded(code, year, female, tail):
    century_digit = 2 * ((year - 1900) // 100) + int(female)
    number = f"{code}{century_digit}{year % 100:02d}{tail:06d}"
    info = validate_personal_id(number, today=TODAY)
    assert (info.place_code, info.birth_year) == (code, year)
    assert info.gender is (Gender.FEMALE if female else Gender.MALE)
    assert info.place_name == BIRTH_REGISTRATION_PROVINCES[code]


@settings(max_examples=200)
@given(number=st.text("0123456789", min_size=12, max_size=12))
def test_any_twelve_digits_are_accepted_exactly_when_code_and_year_are(number):
    code_known = number[:3] in BIRTH_REGISTRATION_PROVINCES
    year = 1900 + 100 * (int(number[3]) // 2) + int(number[4:6])
    try:
        validate_personal_id(number, today=TODAY)
    except InvalidPersonalId:
        assert not code_known or year > TODAY.year
    else:
        assert code_known and year <= TODAY.year


def test_masks_from_the_docstrings():
    assert mask_personal_id("012345678901") == "********8901"
    assert mask_phone("0912 345 678") == "091****678"
    assert mask_email("nguyenvana@example.vn") == "n*********@example.vn"
    assert mask_email("not-an-email") == "************"
    assert mask_email("a@b.vn") == "*@b.vn"
    assert mask_phone("1234") == "**34"


@settings(max_examples=200)
@given(digits=st.text("0123456789", min_size=1, max_size=15))
def test_masked_ids_and_phones_keep_length_and_show_few_digits(digits):
    for masked, most in ((mask_personal_id(digits), 4), (mask_phone(digits), 6)):
        assert len(masked) == len(digits)
        shown = [c for c in masked if c != "*"]
        assert len(shown) <= most and len(shown) < len(digits)
        assert all(m in ("*", d) for m, d in zip(masked, digits, strict=True))
    if len(digits) > 4:
        assert mask_personal_id(digits).endswith(digits[-4:])


@settings(max_examples=200)
@given(
    local=st.from_regex(r"[A-Za-z0-9._%+\-]{1,20}", fullmatch=True),
    domain=st.from_regex(r"[a-z0-9]{1,10}\.vn", fullmatch=True),
)
def test_masked_email_keeps_domain_and_first_character_only(local, domain):
    masked = mask_email(f"{local}@{domain}")
    assert masked.endswith("@" + domain)
    hidden = masked[: -len(domain) - 1]
    assert len(hidden) == len(local)
    assert set(hidden[1:]) <= {"*"}
    if len(local) > 1:
        assert hidden[0] == local[0]
    else:
        assert hidden == "*"
