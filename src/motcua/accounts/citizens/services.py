"""Writers for citizens. Each function is one transaction."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import Citizen
from motcua.dossiers.domain import validate_personal_id
from motcua.dossiers.domain.identity import InvalidPersonalId
from motcua.errors import InvalidInput
from motcua.text import nfc
from motcua.workdays.domain import VN_TZ


def _claim(claims: Mapping[str, Any], name: str) -> str:
    value = claims.get(name)
    return value.strip() if isinstance(value, str) else ""


@transaction.atomic
def record_sign_in(claims: Mapping[str, Any], *, issuer: str, id_claim: str) -> Citizen:
    """The citizen named by verified ID-token ``claims`` (created on first sign-in, name,
    email and phone refreshed on every later one)."""
    raw = _claim(claims, id_claim)
    if not raw:
        raise InvalidInput(
            "Tài khoản định danh không cung cấp số định danh cá nhân nên không đăng nhập "
            "được. Hãy dùng tài khoản định danh điện tử của chính mình.",
            code="citizen.no_personal_id", details={"claim": id_claim})
    try:
        number = validate_personal_id(raw, today=timezone.now().astimezone(VN_TZ).date()).number
    except InvalidPersonalId as exc:
        raise InvalidInput(f"Số định danh từ tài khoản định danh không hợp lệ: {exc.message}",
                           code="citizen.bad_personal_id") from None
    email = _claim(claims, "email")
    try:
        if email:
            validate_email(email)
    except ValidationError:
        email = ""
    phone = _claim(claims, "phone_number")[:20]
    name = nfc(_claim(claims, "name"))[:200]
    citizen = Citizen.objects.select_for_update().filter(personal_id=number).first()
    if citizen is None:
        citizen = Citizen(personal_id=number)
    citizen.full_name = name or citizen.full_name
    citizen.email = email or citizen.email
    citizen.phone = phone or citizen.phone
    citizen.issuer = issuer[:300]
    citizen.subject = _claim(claims, "sub")[:255]
    citizen.last_login_at = timezone.now()
    citizen.save()
    return citizen
