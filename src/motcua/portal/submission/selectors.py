"""Reads of the submission pages."""

from __future__ import annotations

import os

from django.conf import settings
from django.db.models import QuerySet

from motcua.accounts.domain import Role
from motcua.accounts.models import AssistedConsent, Citizen, Official
from motcua.catalog.models import Procedure
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.routing import COMMUNE_COUNTER_KINDS
from motcua.errors import NotFound
from motcua.portal.submission.services import ONLINE_LEVELS
from motcua.units.models import Agency, Unit


def online_procedures() -> QuerySet[Procedure]:
    return Procedure.objects.filter(is_active=True, online_level__in=ONLINE_LEVELS).order_by(
        "name")


def online_procedure(code: str) -> Procedure:
    procedure = (Procedure.objects.prefetch_related("documents")
                 .filter(code=(code or "").strip(), is_active=True).first())
    if procedure is None:
        raise NotFound(f"Không có thủ tục mã «{code}».", code="procedure.not_found")
    return procedure


def portal_province() -> str:
    """``MOTCUA_PORTAL_PROVINCE`` (a province code), the same setting as the public pages;
    empty means every province this installation serves."""
    code = str(getattr(settings, "MOTCUA_PORTAL_PROVINCE",
                       os.environ.get("MOTCUA_PORTAL_PROVINCE", ""))).strip()
    return code.zfill(2) if code else ""


def communes() -> list[Unit]:
    """The communes whose counter this installation runs (they have a one-stop agency),
    of the portal's province."""
    codes = (Agency.objects.filter(is_active=True, kind__in=COMMUNE_COUNTER_KINDS)
             .exclude(commune_code="").values_list("commune_code", flat=True))
    units = Unit.objects.filter(code__in=codes).select_related("province")
    if portal_province():
        units = units.filter(province_id=portal_province())
    return list(units.order_by("province_id", "name"))


def may_see_receipt(dossier: Dossier, *, citizen: Citizen | None, official: Official | None
                    ) -> bool:
    if citizen is not None and dossier.applicant_personal_id == citizen.personal_id:
        return True
    return (official is not None and official.is_active
            and Role.VILLAGE_TEAM in official.role_set and dossier.assisted_by_id == official.pk)


def submitted_dossier(code: str, *, citizen: Citizen | None, official: Official | None
                      ) -> Dossier:
    dossier = (Dossier.objects.select_related("procedure", "competent_agency",
                                              "receiving_agency")
               .filter(code=(code or "").strip().upper()).first())
    if dossier is None or not may_see_receipt(dossier, citizen=citizen, official=official):
        raise NotFound(f"Không tìm thấy hồ sơ mã «{code}».", code="dossier.not_found")
    return dossier


def consent_of(dossier: Dossier) -> AssistedConsent:
    consent = AssistedConsent.objects.filter(dossier=dossier).first()
    if consent is None or not consent.photo:
        raise NotFound("Hồ sơ này không có ảnh giấy đồng ý nộp hộ.", code="consent.no_photo")
    return consent
