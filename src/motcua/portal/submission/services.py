"""Online and assisted submission: one use case, one transaction — the dossier is received
through the same service as at the counter (``receive_dossier``), its scanned papers are
attached (``add_attachment``, kind "scan") and, for an assisted submission, the citizen's
consent is recorded; if anything fails nothing is kept, files included.

Who receives an online dossier: each commune has a system account "Cổng dịch vụ công trực
tuyến" (username ``cong-dvc-<commune code>``, role CLERK, no usable password, so nobody can
sign in with it), created on first use. The dossier's ``received_by`` is that account, so
the counter's reports tell online dossiers from the clerks' own work.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from motcua.accounts.domain import Role
from motcua.accounts.models import AssistedConsent, Citizen, Official, OfficialRole
from motcua.catalog.domain import OnlineLevel
from motcua.catalog.models import Procedure
from motcua.dossiers import services as dossier_services
from motcua.dossiers.models import AttachmentKind, Channel, Dossier
from motcua.errors import InvalidInput, PermissionDenied
from motcua.text import nfc
from motcua.units.models import Unit
from motcua.uploads import CheckedFile

PORTAL_ACCOUNT_NAME = "Cổng dịch vụ công trực tuyến"
PORTAL_ACCOUNT_PREFIX = "cong-dvc-"
ONLINE_LEVELS = (OnlineLevel.FULLY_ONLINE.value, OnlineLevel.PARTLY_ONLINE.value)


@dataclass(frozen=True)
class Applicant:
    name: str
    personal_id: str
    phone: str = ""
    email: str = ""
    address: str = ""


@dataclass(frozen=True)
class Paper:
    """One catalog document: a scanned file, or taken from data already held."""

    document_id: int
    file: CheckedFile | None = None
    from_data_held: bool = False


@dataclass(frozen=True)
class Consent:
    given: bool
    photo: CheckedFile | None = None
    note: str = ""


def check_online(procedure: Procedure) -> None:
    if not procedure.is_active or procedure.online_level not in ONLINE_LEVELS:
        raise InvalidInput(
            f"Thủ tục «{procedure.name}» chưa cung cấp dịch vụ công trực tuyến; xin nộp hồ sơ "
            "tại bộ phận một cửa của xã.", code="procedure.not_online",
            details={"field": "procedure_code"})


def portal_account(commune_code: str) -> Official:
    """The commune's system account that receives online dossiers (created on first use)."""
    unit = Unit.objects.filter(code=commune_code).first()
    if unit is None:
        raise InvalidInput(f"Không có xã, phường mã «{commune_code}».", code="commune.unknown",
                           details={"field": "commune_code"})
    username = f"{PORTAL_ACCOUNT_PREFIX}{unit.code}"
    account = Official.objects.filter(username=username).first()
    if account is None:
        try:
            with transaction.atomic():
                account = Official(
                    username=username, full_name=PORTAL_ACCOUNT_NAME,
                    position=PORTAL_ACCOUNT_NAME, province_code=unit.province_id,
                    commune_code=unit.code)
                account.set_unusable_password()
                account.save()
                OfficialRole.objects.create(official=account, role=Role.CLERK.value)
        except IntegrityError:  # created meanwhile by a concurrent submission
            account = Official.objects.get(username=username)
    return account


def _documents(papers: Sequence[Paper]) -> list[dict[str, object]]:
    return [
        {"required_document_id": p.document_id, "from_data_held": True, "provided": False}
        if p.from_data_held and p.file is None
        else {"required_document_id": p.document_id, "provided": True, "scanned": True}
        for p in papers
    ]


def _consent_photo(commune_code: str, photo: CheckedFile) -> str:
    now = timezone.now()
    name = f"consents/{commune_code}/{now:%Y/%m}/{uuid.uuid4().hex}{photo.stored_name('')}"
    return default_storage.save(name, ContentFile(photo.data))


def submit(
    *,
    procedure: Procedure,
    commune_code: str,
    applicant: Applicant,
    papers: Sequence[Paper],
    citizen: Citizen | None = None,
    team_member: Official | None = None,
    consent: Consent | None = None,
    note: str = "",
) -> Dossier:
    """Receive a dossier submitted through the portal: by the signed-in ``citizen``
    (channel online) or by ``team_member`` of the village digital team on a citizen's behalf
    (channel assisted, with ``consent``). Returns the dossier."""
    check_online(procedure)
    if (citizen is None) == (team_member is None):
        raise InvalidInput("Hồ sơ phải do công dân hoặc thành viên tổ công nghệ số nộp.",
                           code="submission.who")
    if citizen is not None:
        # The number comes from the identity service, never from the form.
        applicant = Applicant(applicant.name, citizen.personal_id, applicant.phone,
                              applicant.email, applicant.address)
        channel = Channel.ONLINE
    else:
        assert team_member is not None
        if not team_member.is_active or Role.VILLAGE_TEAM not in team_member.role_set:
            raise PermissionDenied("Chỉ thành viên Tổ công nghệ số cộng đồng được nộp hộ.",
                                   code="submission.not_village_team")
        if not team_member.commune_code:
            raise PermissionDenied("Tài khoản của bạn chưa gắn với xã nào.",
                                   code="official.no_commune")
        commune_code = team_member.commune_code
        if consent is None or not consent.given:
            raise InvalidInput("Phải có sự đồng ý của người dân mới được nộp hộ: hãy đánh dấu "
                               "ô «Người dân đã đồng ý».", code="consent.required",
                               details={"field": "consent"})
        channel = Channel.ASSISTED
    written: list[str] = []
    try:
        with transaction.atomic():
            account = portal_account(commune_code)
            dossier = dossier_services.receive_dossier(
                account, procedure_code=procedure.code, applicant_name=applicant.name,
                applicant_personal_id=applicant.personal_id, applicant_phone=applicant.phone,
                applicant_email=applicant.email, applicant_address=applicant.address,
                channel=channel, documents=_documents(papers), assisted_by=team_member,
                note=nfc(note)[:2000],
            )
            names = {d.pk: d.name for d in procedure.documents.all()}
            for index, paper in enumerate(papers, start=1):
                if paper.file is None:
                    continue
                row = dossier_services.add_attachment(
                    account, dossier.code, file=paper.file.as_file(f"giay-to-{index}"),
                    kind=AttachmentKind.SCAN, note=names.get(paper.document_id, "")[:500])
                written.append(row.file.name)
            if team_member is not None:
                assert consent is not None
                photo_name = ""
                if consent.photo is not None:
                    photo_name = _consent_photo(commune_code, consent.photo)
                    written.append(photo_name)
                AssistedConsent.objects.create(
                    dossier=dossier, team_member=team_member, commune_code=commune_code,
                    consent_at=timezone.now(), photo=photo_name,
                    photo_sha256=(hashlib.sha256(consent.photo.data).hexdigest()
                                  if consent.photo is not None else ""),
                    note=nfc(consent.note)[:2000])
    except BaseException:
        for name in written:
            try:
                default_storage.delete(name)
            except OSError:  # pragma: no cover - best effort
                pass
        raise
    dossier.refresh_from_db()
    return dossier
