import pytest
from django.core.management import CommandError, call_command

from motcua.accounts.domain import Role
from motcua.accounts.services import create_official
from motcua.dossiers.services import official_for_token


@pytest.mark.django_db
def test_create_list_and_revoke_a_token(capsys):
    official, _ = create_official(
        username="hethong.tinh", full_name="Cổng tỉnh", roles=[Role.CLERK], commune_code="03390"
    )
    call_command("apitoken", "create", "hethong.tinh", "Cổng dịch vụ công tỉnh")
    out = capsys.readouterr()
    raw = out.out.strip()
    assert raw.startswith("mc_") and "chỉ hiện một lần" in out.err
    assert official_for_token(raw) == official
    call_command("apitoken", "list")
    listing = capsys.readouterr().out
    assert "hethong.tinh" in listing and "đang dùng" in listing and raw not in listing
    token_id = int(listing.split("\t")[0])
    call_command("apitoken", "revoke", str(token_id))
    assert official_for_token(raw) is None
    call_command("apitoken", "list")
    assert "đã thu hồi" in capsys.readouterr().out


@pytest.mark.django_db
def test_unknown_account_is_a_clear_error():
    with pytest.raises(CommandError, match="Không có tài khoản"):
        call_command("apitoken", "create", "khongco", "X")
