"""The catalog shipped with motcua: complete, consistent, realistic."""

from decimal import Decimal

import pytest

from motcua.catalog.domain.rules import (
    Limit,
    LimitUnit,
    OnlineLevel,
    Step,
    StepUnit,
    is_local_code,
    is_valid_code,
    steps_problem,
)
from motcua.catalog.services import check_builtin_catalog

DATA, ERRORS = check_builtin_catalog()


def test_shipped_catalog_passes_the_import_checks():
    assert ERRORS == []


def test_at_least_forty_procedures_with_valid_codes():
    assert len(DATA.procedures) >= 40
    assert all(is_valid_code(p.code) for p in DATA.procedures)
    assert len({p.code for p in DATA.procedures}) == len(DATA.procedures)
    # Local codes are the exception, each explained in its note.
    local = [p for p in DATA.procedures if is_local_code(p.code)]
    assert len(local) <= 3
    assert all("Mã địa phương" in p.note for p in local)


@pytest.mark.parametrize("procedure", DATA.procedures, ids=lambda p: p.code)
def test_every_procedure_has_steps_adding_up_to_its_limit(procedure):
    assert procedure.steps, "no steps"
    steps = [Step(s.name, s.duration_value, StepUnit(s.duration_unit)) for s in procedure.steps]
    limit = Limit(procedure.limit_value, LimitUnit(procedure.limit_unit))
    assert steps_problem(limit, steps) is None
    total = sum(s.duration for s in steps)
    if limit.unit is LimitUnit.SAME_DAY:
        assert all(s.unit is StepUnit.HOURS for s in steps) and total <= 8
    else:
        assert total == limit.value


@pytest.mark.parametrize("procedure", DATA.procedures, ids=lambda p: p.code)
def test_every_procedure_has_legal_basis_documents_and_results(procedure):
    assert procedure.legal_basis
    assert procedure.documents
    assert procedure.results
    assert procedure.submit_where


def test_online_share_is_realistic():
    fully = [p for p in DATA.procedures if p.online_level == OnlineLevel.FULLY_ONLINE]
    share = len(fully) / len(DATA.procedures)
    assert 0.05 <= share <= 0.2  # the communes report 43 of 399 (about 11%)


def test_expected_fields_and_known_procedures_are_there():
    fields = {f.code: f.name for f in DATA.fields}
    for name in ["Hộ tịch", "Chứng thực", "Đất đai", "Bảo trợ xã hội", "Xây dựng", "Cư trú",
                 "Bảo hiểm y tế", "Thành lập và hoạt động của hộ kinh doanh"]:
        assert name in fields.values()
    by_code = {p.code: p for p in DATA.procedures}
    assert by_code["1.001193"].name == "Đăng ký khai sinh"
    assert by_code["1.001193"].limit_unit == "same_day"
    assert by_code["1.001193"].fee_amount == 0
    land = by_code["1.013978"]
    assert land.limit_value == Decimal(17) and land.limit_unit == "days"
    assert "03 ngày làm việc" in land.limit_note and "sổ đỏ" in land.aliases
    # The commune's part of a first-time certificate is at most 3 working days.
    commune_part = [s for s in land.steps if s.performer in ("", "Ủy ban nhân dân cấp xã")
                    and s.role in ("clerk", "specialist")][:2]
    assert sum(s.duration_value for s in commune_part) <= 3


def test_newborn_bundle_links_birth_residence_and_health_insurance():
    (group,) = [g for g in DATA.groups if g.code == "LT-KS-TT-BHYT"]
    assert group.procedure_code == "2.000986"
    assert group.member_codes == ["1.001193", "1.004222", "DP-BHYT-01"]
    assert any("63/2024/NĐ-CP" in law for law in group.legal_basis)
