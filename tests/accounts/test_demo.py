import pytest
from django.core.management import call_command

from motcua.accounts.domain import Role
from motcua.accounts.models import Official


@pytest.mark.django_db
def test_demo_load_creates_one_official_per_role_and_prints_logins_once(settings, tmp_path, capsys):
    settings.VAR_DIR = tmp_path
    call_command("demo", "load", "--quiet")
    first = capsys.readouterr().out
    assert "3321 đơn vị cấp xã" in first
    assert "binhlu.tiepnhan" in first
    roles = set()
    for official in Official.objects.all():
        roles |= official.role_set
    assert roles == set(Role)
    clerk = Official.objects.get(username="binhlu.tiepnhan")
    assert clerk.commune_code == "03390" and clerk.province_code == "12"
    saved = (tmp_path / "demo-logins.txt").read_text(encoding="utf-8")
    password = next(line.split("\t")[1] for line in saved.splitlines() if line.startswith("binhlu.tiepnhan\t"))
    assert clerk.check_password(password)

    call_command("demo", "load", "--quiet")
    second = capsys.readouterr().out
    assert password not in second
    assert "đã có từ trước" in second
    assert Official.objects.count() == len(Role) + 2
