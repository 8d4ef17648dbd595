"""Dossier codes ``<agency identifier>-YYMMDD-XXXX``."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.dossiers.domain import DossierCode, format_code, next_sequence, parse_code
from motcua.dossiers.domain.codes import InvalidDossierCode, SequenceExhausted
from motcua.errors import Conflict, InvalidInput

ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
agencies = st.builds(
    lambda a, b, c, letter, n: f"{a}.{b}.{c}.{letter}{n:02d}",
    st.text(ALNUM, min_size=3, max_size=3),
    st.text(ALNUM, min_size=2, max_size=2),
    st.text(ALNUM, min_size=2, max_size=2),
    st.sampled_from("ABCDEFGH"),
    st.integers(0, 99),
)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
seqs = st.integers(1, 9999)


def test_reference_example():
    assert format_code("000.00.12.H26", date(2026, 2, 13), 1) == "000.00.12.H26-260213-0001"
    code = parse_code("000.00.12.H26-260213-0001")
    assert code == DossierCode("000.00.12.H26", date(2026, 2, 13), 1)
    assert str(code) == "000.00.12.H26-260213-0001"


def test_parse_accepts_what_people_type():
    assert parse_code("  000.00.12.h26-260213-0042 \n").seq == 42


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "không đúng định dạng"),
        ("000.00.12.H26-260213-001", "không đúng định dạng"),  # 3-digit sequence
        ("000.00.12.H26-2602130-0001", "không đúng định dạng"),
        ("000.00.12-260213-0001", "không đúng định dạng"),  # agency missing a level
        ("000.00.12.H26-260230-0001", "ngày có thật"),  # 30 February
        ("000.00.12.H26-261301-0001", "ngày có thật"),
        ("000.00.12.H26-260213-0000", "0001 đến 9999"),
        ("000.00.12.H26_260213_0001", "không đúng định dạng"),
    ],
)
def test_parse_rejects_malformed_codes_in_vietnamese(text, fragment):
    with pytest.raises(InvalidDossierCode) as err:
        parse_code(text)
    assert fragment in err.value.message
    assert isinstance(err.value, InvalidInput) and err.value.code == "dossier_code.invalid"


def test_sequence_range_and_what_happens_past_9999():
    assert format_code("000.00.12.H26", date(2026, 2, 13), 9999).endswith("-9999")
    with pytest.raises(SequenceExhausted) as err:
        format_code("000.00.12.H26", date(2026, 2, 13), 10000)
    assert isinstance(err.value, Conflict) and err.value.status == 409
    assert "9999" in err.value.message and "13/02/2026" in err.value.message
    for bad in (0, -1):
        with pytest.raises(InvalidDossierCode):
            format_code("000.00.12.H26", date(2026, 2, 13), bad)
    assert next_sequence(None) == 1
    assert next_sequence(41) == 42
    with pytest.raises(SequenceExhausted):
        next_sequence(9999)


def test_format_rejects_bad_agency_and_out_of_range_years():
    with pytest.raises(InvalidDossierCode) as err:
        format_code("UBND-BINHLU", date(2026, 2, 13), 1)
    assert "000.00.12.H26" in err.value.message
    with pytest.raises(InvalidDossierCode):
        format_code("000.00.12.H26", date(2100, 1, 1), 1)


@settings(max_examples=200)
@given(agency=agencies, day=days, seq=seqs)
def test_parse_inverts_format(agency, day, seq):
    text = format_code(agency, day, seq)
    assert parse_code(text) == DossierCode(agency, day, seq)
    assert format_code(agency.lower(), day, seq) == text


@settings(max_examples=100)
@given(
    agency=agencies, entries=st.lists(st.tuples(days, seqs), min_size=2, max_size=30, unique=True)
)
def test_codes_of_one_agency_sort_by_date_then_sequence(agency, entries):
    codes = [format_code(agency, day, seq) for day, seq in entries]
    assert sorted(codes) == [format_code(agency, d, s) for d, s in sorted(entries)]
    assert sorted(parse_code(c) for c in codes) == [
        DossierCode(agency, d, s) for d, s in sorted(entries)
    ]
