"""Tokens, aliases, records and agency identifiers: pure rules."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.units.domain import (
    COMMUNE_AGENCIES,
    PROVINCE_AGENCIES,
    PROVINCE_KINDS,
    UNIT_KINDS,
    UnitInfo,
    clean_aliases,
    commune_agency_specs,
    lower_label,
    name_key,
    province_agency_specs,
    split_full_name,
    tokenize,
)
from motcua.units.domain.tokens import Level, marker_before


def test_tokenize_folds_and_keeps_segments():
    tokens = tokenize("TT. Tam Đường, H.Tam Đường")
    assert [t.folded for t in tokens] == ["tt", "tam", "duong", "h", "tam", "duong"]
    assert [t.segment for t in tokens] == [0, 0, 0, 1, 1, 1]
    assert tokens[2].plain == "đường"


def test_tokenize_splits_a_type_letter_glued_to_a_number():
    assert [t.folded for t in tokenize("Q1, P12, F.7")] == ["q", "1", "p", "12", "f", "7"]


def test_nfd_and_nfc_tokenize_alike():
    text = "Thị trấn Tam Đường, huyện Tam Đường"
    assert tokenize(unicodedata.normalize("NFD", text)) == tokenize(text)


@pytest.mark.parametrize(("text", "level", "kind"), [
    ("thị xã Mường Lay", Level.DISTRICT, "thi_xa"),
    ("xã Mường Lay", Level.WARD, "xa"),
    ("TX. Mường Lay", Level.DISTRICT, "thi_xa"),
    ("thành phố Lai Châu", Level.CITY, "thanh_pho"),
    ("đặc khu Lý Sơn", Level.WARD, "dac_khu"),
    ("tổ dân phố Tân Phong", Level.NOISE, None),
    ("bản Nà Đon", Level.NOISE, None),
])
def test_marker_before_prefers_the_longest_type_word(text, level, kind):
    tokens = tokenize(text)
    words = len(text.split()) - 2  # the name is the last two words
    marker = marker_before(tokens, words)
    assert marker is not None and marker.level is level
    if kind:
        assert kind in marker.kinds


def test_no_marker_across_a_comma():
    tokens = tokenize("xã, Bình Lư")
    assert marker_before(tokens, 1) is None


def test_clean_aliases_keeps_bare_names():
    assert clean_aliases(["xaphuthi", "phuthi", "xakimson", "kimson"]) == ("phuthi", "kimson")
    assert clean_aliases(["huyentrangbang"]) == ("trangbang",)
    # A bare name that starts like a type word is kept when its typed twin is listed.
    assert clean_aliases(["xaxaluong", "xaluong"]) == ("xaluong",)
    assert clean_aliases(["quan9", "q9"]) == ("9",)


def test_split_full_name_prefers_the_longest_kind():
    assert split_full_name("Thị trấn Tam Đường", {"thi_tran": "Thị trấn", "xa": "Xã"}) == (
        "thi_tran", "Tam Đường")
    assert split_full_name("Thành phố Hà Nội", PROVINCE_KINDS) == ("thanh_pho", "Hà Nội")
    with pytest.raises(ValueError):
        split_full_name("Bản Nà Đon", UNIT_KINDS)


def test_lower_label():
    assert lower_label("Xã Bình Lư", UNIT_KINDS) == "xã Bình Lư"
    assert lower_label("Đặc khu Lý Sơn", UNIT_KINDS) == "đặc khu Lý Sơn"
    assert lower_label("Thành phố Hà Nội", PROVINCE_KINDS) == "thành phố Hà Nội"


@given(st.text(max_size=30))
def test_name_key_has_no_spaces_and_is_idempotent(text):
    key = name_key(text)
    assert " " not in key
    assert name_key(key) == key


def test_commune_agencies_and_their_identifiers():
    unit = UnitInfo("03390", "Bình Lư", "Xã Bình Lư", "xa", "12")
    specs = commune_agency_specs(unit, "xã Bình Lư")
    assert len(specs) == len(COMMUNE_AGENCIES) == 5
    by_kind = {s.kind: s for s in specs}
    assert by_kind["ubnd"].name == "Ủy ban nhân dân xã Bình Lư"
    assert by_kind["ubnd"].electronic_id == "000.00.03390.H12"
    assert by_kind["ubnd"].parent_code == "p12-ubnd"
    assert by_kind["economic_division"].name == "Phòng Kinh tế xã Bình Lư"
    assert by_kind["culture_social_division"].name == "Phòng Văn hóa - Xã hội xã Bình Lư"
    assert by_kind["service_center"].electronic_id == "000.04.03390.H12"
    assert by_kind["service_center"].parent_code == "03390-ubnd"
    ward = UnitInfo("03388", "Đoàn Kết", "Phường Đoàn Kết", "phuong", "12")
    economic = [s for s in commune_agency_specs(ward, "phường Đoàn Kết")
                if s.kind == "economic_division"][0]
    assert economic.name == "Phòng Kinh tế, Hạ tầng và Đô thị phường Đoàn Kết"


def test_province_agencies_include_departments_for_inter_agency_procedures():
    specs = province_agency_specs("12", "tỉnh Lai Châu")
    names = {s.name for s in specs}
    assert {"Sở Tư pháp", "Sở Nông nghiệp và Môi trường", "Sở Xây dựng", "Sở Y tế",
            "Sở Nội vụ", "Sở Tài chính"} <= names
    assert "Ủy ban nhân dân tỉnh Lai Châu" in names
    assert all(s.commune_code == "" for s in specs)
    top = [s for s in specs if not s.parent_code]
    assert len(top) == 1 and top[0].electronic_id == "000.00.00.H12"
    assert len(specs) == len(PROVINCE_AGENCIES)


def test_electronic_identifiers_are_unique_across_a_province(source_data):
    ids: list[str] = []
    codes: list[str] = []
    for province in source_data.provinces:
        specs = province_agency_specs(province.code, province.full_name.lower())
        for unit in source_data.units:
            if unit.province_code == province.code:
                specs += commune_agency_specs(unit, unit.full_name)
        ids += [s.electronic_id for s in specs]
        codes += [s.code for s in specs]
    assert len(ids) == len(set(ids)) == len(codes) == len(set(codes))
    assert len(ids) == 34 * len(PROVINCE_AGENCIES) + 3321 * 5
