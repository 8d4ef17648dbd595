import pytest
from django.urls import reverse

from motcua.accounts.domain import Role, may_see_commune
from motcua.accounts.models import Official
from motcua.accounts.services import create_official
from motcua.errors import Conflict, InvalidInput


def test_commune_official_sees_only_own_commune():
    roles = frozenset({Role.CLERK, Role.SPECIALIST})
    assert may_see_commune(roles, "12", "03390", "12", "03390")
    assert not may_see_commune(roles, "12", "03390", "12", "03618")


def test_province_overseer_sees_every_commune_of_own_province_only():
    roles = frozenset({Role.PROVINCE_OVERSEER})
    assert may_see_commune(roles, "12", "", "12", "03618")
    assert not may_see_commune(roles, "12", "", "01", "00004")


def test_official_without_commune_sees_nothing():
    assert not may_see_commune(frozenset({Role.CLERK}), "12", "", "12", "")


@pytest.mark.django_db
def test_create_official_with_concurrent_roles():
    official, password = create_official(
        username="Binhlu.Kiemnhiem",
        full_name="Lường Văn Tâm",
        roles=[Role.CLERK, Role.SPECIALIST],
        province_code="12",
        commune_code="03390",
    )
    official = Official.objects.get(pk=official.pk)
    assert official.username == "binhlu.kiemnhiem"
    assert official.role_set == {Role.CLERK, Role.SPECIALIST}
    assert official.check_password(password)
    assert len(password) >= 16
    assert not official.is_staff


@pytest.mark.django_db
def test_create_official_refuses_duplicates_and_missing_commune_without_writing():
    create_official(username="a.b", full_name="A", roles=[Role.CLERK], commune_code="03390")
    with pytest.raises(Conflict):
        create_official(username="A.B", full_name="A", roles=[Role.CLERK], commune_code="1")
    with pytest.raises(InvalidInput) as err:
        create_official(username="c.d", full_name="C", roles=[Role.LEADER])
    assert "xã" in err.value.message
    with pytest.raises(InvalidInput):
        create_official(username="e.f", full_name="E", roles=[])
    assert Official.objects.count() == 1


@pytest.mark.django_db
def test_admin_role_gets_admin_site_access():
    admin, _ = create_official(username="qt", full_name="Quản trị", roles=[Role.ADMIN])
    assert admin.is_staff and admin.is_superuser


@pytest.mark.django_db
def test_login_page_in_vietnamese_and_workspace_needs_login(client):
    response = client.get(reverse("web:workspace"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    page = client.get(reverse("accounts:login"))
    assert page.status_code == 200
    assert "Đăng nhập cán bộ" in page.content.decode()


@pytest.mark.django_db
def test_wrong_password_shows_vietnamese_error_and_right_one_logs_in(client):
    _, password = create_official(
        username="clerk1", full_name="Lò Thị Mai", roles=[Role.CLERK], commune_code="03390"
    )
    bad = client.post(reverse("accounts:login"), {"username": "clerk1", "password": "sai"})
    assert bad.status_code == 200
    assert "không đúng" in bad.content.decode()
    good = client.post(reverse("accounts:login"), {"username": "clerk1", "password": password})
    assert good.status_code == 302
    workspace = client.get(reverse("web:workspace"))
    assert "Công chức tiếp nhận" in workspace.content.decode()
