"""The province page in a real browser: a province overseer logs in, opens the indicators
and sees the 38 communes of the demo province (Lai Châu) side by side, ranks them, drills
down to a commune and downloads its report — at 360 px, with nothing fetched from elsewhere.
"""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.accounts.domain import Role
from motcua.accounts.services import create_official

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
VN = dt.timezone(dt.timedelta(hours=7))


@pytest.fixture
def province(transactional_db, settings):
    from motcua.catalog.models import Procedure
    from motcua.catalog.services import load_builtin_catalog
    from motcua.dossiers.models import Dossier
    from motcua.indicators.rollups import rebuild
    from motcua.units.models import Agency
    from motcua.units.services import create_agencies, load_units

    settings.PASSWORD_HASHERS = FAST_HASHERS
    load_units()
    create_agencies("12")
    load_builtin_catalog()
    overseer, password = create_official(
        username="tinh.theodoi", full_name="Đèo Thị Lan", roles=[Role.PROVINCE_OVERSEER],
        province_code="12")
    clerk, _ = create_official(username="binhlu.tn", full_name="Nguyễn Thị Hoa",
                               roles=[Role.CLERK], province_code="12", commune_code="03390")
    agency = Agency.objects.filter(commune_code="03390").first()
    received = dt.datetime.now(VN).replace(hour=8, minute=0) - dt.timedelta(days=3)
    Dossier.objects.bulk_create([
        Dossier(code=f"E2E-{i}", province_code="12", commune_code="03390",
                receiving_commune_code="03390", receiving_agency=agency,
                competent_agency=agency, procedure=Procedure.objects.get(code="1.001193"),
                applicant_name="Lò Văn Minh", channel="online", received_by=clerk,
                state="returned", received_at=received, due_at=received + dt.timedelta(days=2),
                original_due_at=received + dt.timedelta(days=2), updated_at=received,
                finished_at=received + dt.timedelta(hours=2), digitized=True)
        for i in range(3)
    ])
    rebuild()
    return overseer, password


def test_province_overseer_sees_all_38_communes(page, province):
    overseer, password = province
    page.goto(page.base_url + "/tai-khoan/dang-nhap/?next=/chi-so/")
    page.get_by_label("Tên đăng nhập").fill(overseer.username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/chi-so/tinh/12/**")
    assert "Lai Châu" in page.locator("h1").inner_text()
    rows = page.locator("#communes tbody tr")
    assert rows.count() == 38
    assert page.locator("svg.chart").count() >= 2
    # The commune with dossiers settled early ranks first by on-time rate.
    assert "Bình Lư" in rows.first.inner_text()
    page.get_by_label("Xếp hạng theo", exact=True).select_option("ho-so")
    page.get_by_role("button", name="Xem").click()
    page.wait_for_url("**sap-xep=ho-so**")
    assert "Bình Lư" in page.locator("#communes tbody tr").first.inner_text()
    page.locator("#communes").get_by_role("link", name="Bình Lư").click()
    page.wait_for_url("**/chi-so/xa/03390/**")
    assert "Tổng số hồ sơ tiếp nhận theo kỳ báo cáo là: 3 hồ sơ" in page.content()
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải báo cáo DOCX").click()
    assert info.value.suggested_filename.endswith(".docx")
