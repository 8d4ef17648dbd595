"""Address conversion on the full packaged data, without a database."""

from __future__ import annotations

import random
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motcua.text import fold
from motcua.units.domain import AddressIndex, Status, convert

BINH_LU = "03390"
MUONG_THAN = "03618"
THU_LUM = "03439"


# REFERENCE §1: xã Bình Lư = xã Bình Lư + xã Sơn Bình + thị trấn Tam Đường;
# xã Mường Than = xã Mường Mít + xã Phúc Than; xã Thu Lũm = xã Thu Lũm + xã Ka Lăng.
REFERENCE_EXAMPLES = [
    ("xã Bình Lư, huyện Tam Đường, tỉnh Lai Châu", BINH_LU, "Xã Bình Lư"),
    ("xã Sơn Bình, huyện Tam Đường, tỉnh Lai Châu", BINH_LU, "Xã Sơn Bình"),
    ("thị trấn Tam Đường, huyện Tam Đường, tỉnh Lai Châu", BINH_LU, "Thị trấn Tam Đường"),
    ("xã Mường Mít, huyện Than Uyên, tỉnh Lai Châu", MUONG_THAN, "Xã Mường Mít"),
    ("xã Phúc Than, huyện Than Uyên, tỉnh Lai Châu", MUONG_THAN, "Xã Phúc Than"),
    ("xã Thu Lũm, huyện Mường Tè, tỉnh Lai Châu", THU_LUM, "Xã Thu Lũm"),
    ("xã Ka Lăng, huyện Mường Tè, tỉnh Lai Châu", THU_LUM, "Xã Ka Lăng"),
]


@pytest.mark.parametrize(("address", "code", "old_name"), REFERENCE_EXAMPLES)
def test_reference_examples_convert(address_index, address, code, old_name):
    result = convert(address, address_index)
    assert result.status is Status.EXACT
    assert [u.code for u in result.units] == [code]
    assert result.old is not None and result.old.full_name == old_name
    assert result.old.province_full_name == "Tỉnh Lai Châu"


def test_binh_lu_display_and_old_district(address_index):
    result = convert("thị trấn Tam Đường, huyện Tam Đường, tỉnh Lai Châu", address_index)
    assert result.headline == "Xã Bình Lư, Tỉnh Lai Châu"
    assert result.old.display == "Thị trấn Tam Đường, Huyện Tam Đường, Tỉnh Lai Châu"
    assert "nay thuộc Xã Bình Lư, Tỉnh Lai Châu" in result.message


@pytest.mark.parametrize(("address", "code", "old_name"), REFERENCE_EXAMPLES)
def test_reference_examples_without_diacritics_and_nfd(address_index, address, code, old_name):
    for variant in (fold(address), unicodedata.normalize("NFD", address), address.upper()):
        result = convert(variant, address_index)
        assert [u.code for u in result.units] == [code], variant
        assert result.old.full_name == old_name


@pytest.mark.parametrize("address", [
    "TT. Tam Duong, H. Tam Duong, T. Lai Chau",
    "TT Tam Đường, H.Tam Đường, Tp. Lai Châu",  # "Tp" before a province name
    "tt.tam duong h.tam duong t.lai chau",
    "Tam Đường (thị trấn), huyện Tam Đường, Lai Châu",
    "số 5, bản Nà Đon, thị trấn Tam Đường, huyện Tam Đường, tỉnh Lai Châu",
    "Bản Nà Đon - TT Tam Đường - Tam Đường - Lai Châu",
    "tỉnh Lai Châu, huyện Tam Đường, thị trấn Tam Đường",  # reversed order
    "thi tran tam duong huyen tam duong tinh lai chau",
])
def test_abbreviations_extra_words_and_order(address_index, address):
    result = convert(address, address_index)
    assert result.status is Status.EXACT, result.message
    assert result.unit.code == BINH_LU
    assert result.old.full_name == "Thị trấn Tam Đường"


def test_township_and_commune_of_the_same_name_are_told_apart(address_index):
    # Huyện Mường Tè had both thị trấn Mường Tè and xã Mường Tè, which went different ways.
    town = convert("thị trấn Mường Tè, huyện Mường Tè, Lai Châu", address_index)
    commune = convert("xã Mường Tè, huyện Mường Tè, Lai Châu", address_index)
    assert town.old.full_name == "Thị trấn Mường Tè"
    assert commune.old.full_name == "Xã Mường Tè"
    assert town.unit.code != commune.unit.code


def test_address_already_in_new_form_is_returned_as_is(address_index):
    result = convert("Xã Bình Lư, Tỉnh Lai Châu", address_index)
    assert result.status is Status.ALREADY_NEW
    assert result.unit.code == BINH_LU
    assert result.old is None
    assert convert("xa muong than, lai chau", address_index).unit.code == MUONG_THAN


def test_old_commune_with_province_but_no_district(address_index):
    result = convert("xã Sơn Bình, Lai Châu", address_index)
    assert result.status is Status.EXACT
    assert result.unit.code == BINH_LU


def test_split_unit_lists_every_successor(address_index):
    result = convert("xã Tân Thạnh, huyện Thới Lai, thành phố Cần Thơ", address_index)
    assert result.status is Status.SPLIT
    assert {u.full_name for u in result.units} == {"Xã Tân Thạnh", "Xã Trường Thành"}
    assert result.unit is None and not result.resolved
    assert "đã được chia cho 2 đơn vị mới" in result.message


def test_every_split_unit_in_a_sample_reports_all_its_successors(address_index):
    split = sorted(code for code, ts in address_index.targets.items() if len(ts) > 1)
    assert len(split) > 400
    for code in random.Random(7).sample(split, 40):
        legacy = address_index.legacy[code]
        result = convert(legacy.display, address_index)
        assert result.status is Status.SPLIT
        assert {u.code for u in result.units} == {t.unit_code for t in address_index.targets[code]}


def test_same_name_without_province_is_ambiguous_with_candidates(address_index):
    result = convert("xã Tân Thành", address_index)
    assert result.status is Status.AMBIGUOUS
    assert len(result.candidates) > 5
    provinces = {c.old.province_full_name for c in result.candidates if c.old}
    assert len(provinces) > 3
    assert "không có tỉnh" in result.message


def test_province_disambiguates_a_repeated_name(address_index):
    names = [c for c in convert("xã Tân Thành", address_index).candidates if c.old]
    chosen = next(c for c in names if "Hòa Bình" in c.old.province_full_name)
    district = chosen.old.district_full_name
    result = convert(f"xã Tân Thành, {district}, tỉnh Hòa Bình", address_index)
    assert result.resolved
    assert result.units == chosen.units


@pytest.mark.parametrize("address", ["", "   ", "asdf qwerty", "12345", "số 5 đường 3", "Lai Châu"])
def test_garbage_is_not_found(address_index, address):
    result = convert(address, address_index)
    assert result.status is Status.NOT_FOUND
    assert not result.units
    assert result.message


def test_district_only_lists_where_the_district_went(address_index):
    result = convert("huyện Tam Đường, tỉnh Lai Châu", address_index)
    assert result.status is Status.AMBIGUOUS
    codes = {c.units[0].code for c in result.candidates}
    assert BINH_LU in codes
    assert "cấp huyện" in result.message


def test_island_district_without_communes_becomes_special_zone(address_index):
    result = convert("huyện Lý Sơn, tỉnh Quảng Ngãi", address_index)
    assert result.status is Status.EXACT
    assert result.headline == "Đặc khu Lý Sơn, Tỉnh Quảng Ngãi"


def test_numbered_wards_need_their_type_word(address_index):
    result = convert("P.12, Q. Gò Vấp, TP.HCM", address_index)
    assert result.status is Status.EXACT
    assert result.old.full_name == "Phường 12"
    assert result.old.district_full_name == "Quận Gò Vấp"
    # The house number 12 is not ward 12.
    other = convert("12 Nguyễn Kiệm, phường 3, quận Gò Vấp, TP Hồ Chí Minh", address_index)
    assert other.old.full_name == "Phường 3"


def test_earlier_name_from_before_2025_is_recognised(address_index):
    # Xã Phú Thị (Gia Lâm) was merged into xã Phú Sơn before 2025.
    result = convert("xã Phú Thị, huyện Gia Lâm, Hà Nội", address_index)
    assert result.old is not None and result.old.full_name == "Xã Phú Sơn"
    assert result.notes and "tên trước đây" in result.notes[0]


def test_old_commune_with_new_province_name(address_index):
    result = convert("xã Lũng Cú, huyện Đồng Văn, tỉnh Tuyên Quang", address_index)
    assert result.status is Status.EXACT
    assert result.old.province_full_name == "Tỉnh Hà Giang"
    assert result.headline == "Xã Lũng Cú, Tỉnh Tuyên Quang"


def test_every_lai_chau_old_unit_converts_to_its_mapped_unit(address_index):
    lai_chau = [lu for lu in address_index.legacy.values() if lu.province_code == "12"]
    assert len(lai_chau) == 106
    for legacy in lai_chau:
        for text in (legacy.display, fold(legacy.display)):
            result = convert(text, address_index)
            assert result.status is Status.EXACT, text
            assert result.units[0].code == address_index.targets[legacy.code][0].unit_code
            assert result.units[0].province_code == "12"


def test_sample_of_the_whole_country_converts_to_mapped_units(address_index):
    codes = sorted(address_index.legacy)
    for code in random.Random(2025).sample(codes, 1500):
        legacy = address_index.legacy[code]
        result = convert(legacy.display, address_index)
        assert result.status in (Status.EXACT, Status.SPLIT), legacy.display
        assert {u.code for u in result.units} == {
            t.unit_code for t in address_index.targets[code]}, legacy.display


def _lai_chau_units(index: AddressIndex) -> list:
    return sorted((lu for lu in index.legacy.values() if lu.province_code == "12"),
                  key=lambda u: u.code)


_PREFIXES = st.sampled_from(["", "số 5, ", "Số nhà 12, tổ 3, ", "bản Nà Đon, ", "thôn 2 - ",
                             "Khu phố 4, đường Trần Phú, "])
_CASES = st.sampled_from(["keep", "upper", "lower", "fold", "nfd"])


def _variant(text: str, how: str) -> str:
    return {"keep": text, "upper": text.upper(), "lower": text.lower(), "fold": fold(text),
            "nfd": unicodedata.normalize("NFD", text)}[how]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data(), _PREFIXES, _CASES)
def test_decorations_and_spelling_do_not_change_the_answer(address_index, data, prefix, how):
    units = _lai_chau_units(address_index)
    legacy = data.draw(st.sampled_from(units))
    expected = address_index.targets[legacy.code][0].unit_code
    result = convert(_variant(prefix + legacy.display, how), address_index)
    assert result.status is Status.EXACT
    assert result.units[0].code == expected


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=60))
def test_any_text_gives_a_result_not_an_exception(address_index, text):
    result = convert(text, address_index)
    assert result.status in Status
    assert result.message
    if result.resolved:
        assert len(result.units) == 1


def test_names_that_differ_only_by_diacritics_in_one_district(address_index):
    plain = convert("xa minh quan, huyen tran yen, tinh yen bai", address_index)
    assert plain.status is Status.AMBIGUOUS
    assert {c.old.full_name for c in plain.candidates} == {"Xã Minh Quân", "Xã Minh Quán"}
    assert "có dấu" in plain.message
    quan = convert("xã Minh Quân, huyện Trấn Yên, tỉnh Yên Bái", address_index)
    quan_ = convert("xã Minh Quán, huyện Trấn Yên, tỉnh Yên Bái", address_index)
    assert quan.old.full_name == "Xã Minh Quân" and quan_.old.full_name == "Xã Minh Quán"
    assert quan.unit.code != quan_.unit.code
