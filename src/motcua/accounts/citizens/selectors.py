"""What a citizen may read: their own dossiers (applicant_personal_id equals their number)
and the electronic results of those, once the result is issued."""

from __future__ import annotations

from django.db.models import QuerySet

from motcua.accounts.models import Citizen
from motcua.dossiers.domain import Status
from motcua.dossiers.models import AttachmentKind, Dossier, DossierAttachment
from motcua.errors import NotFound

# A result file attached while the dossier is still processed is a draft for the
# officials; the citizen gets it once the result is issued.
RESULT_VISIBLE_STATES = (Status.RESULT_READY.value, Status.RETURNED.value)


def own_dossiers(citizen: Citizen) -> QuerySet[Dossier]:
    return (Dossier.objects.filter(applicant_personal_id=citizen.personal_id)
            .select_related("procedure", "competent_agency")
            .order_by("-received_at", "-id"))


def own_dossier(citizen: Citizen, code: str) -> Dossier:
    """The citizen's dossier ``code``; another person's does not exist for them."""
    dossier = own_dossiers(citizen).filter(code=(code or "").strip().upper()).first()
    if dossier is None:
        raise NotFound(f"Không tìm thấy hồ sơ mã «{code}» của bạn.", code="dossier.not_found")
    return dossier


def electronic_results(dossier: Dossier) -> QuerySet[DossierAttachment]:
    if dossier.state not in RESULT_VISIBLE_STATES:
        return DossierAttachment.objects.none()
    return (DossierAttachment.objects
            .filter(dossier=dossier, kind=AttachmentKind.RESULT, electronic=True)
            .order_by("uploaded_at", "id"))


def electronic_result(citizen: Citizen, code: str, attachment_id: int) -> DossierAttachment:
    dossier = own_dossier(citizen, code)
    row = electronic_results(dossier).filter(pk=attachment_id).first()
    if row is None:
        raise NotFound("Không có kết quả điện tử này cho hồ sơ của bạn.",
                       code="result.not_found")
    return row
