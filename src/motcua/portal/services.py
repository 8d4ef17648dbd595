"""Writers of the public portal: one function per use case, each one transaction."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import IntegrityError, transaction
from django.utils import timezone

from motcua.errors import Conflict, InvalidInput, NotFound
from motcua.portal import domain
from motcua.portal.models import Rating
from motcua.portal.selectors import find_dossier
from motcua.text import nfc

NOT_FOUND_MESSAGE = (
    "Không tìm thấy hồ sơ với mã và 4 chữ số này. Hãy kiểm tra mã hồ sơ trên giấy tiếp nhận "
    "và 4 số cuối của số điện thoại hoặc số định danh cá nhân đã khai khi nộp."
)
ALREADY_RATED_MESSAGE = "Hồ sơ này đã được đánh giá. Mỗi hồ sơ chỉ đánh giá một lần. Xin cảm ơn!"
NOT_YET_MESSAGE = "Chỉ đánh giá được sau khi đã nhận kết quả giải quyết hồ sơ."


def _comment(text: str | None) -> str:
    lines = (text or "").replace("\r\n", "\n").split("\n")
    return "\n".join(nfc(line) for line in lines).strip()


def rate_dossier(
    *, code: str, digits: str, scores: Mapping[str, object], comment: str = ""
) -> Rating:
    """Record the citizen's satisfaction with a handed-back dossier, once.

    ``scores`` maps criterion values (``domain.Criterion``) to 1–5; only ``overall`` is
    required. Raises NotFound (same words for an unknown code and wrong digits),
    InvalidInput (bad score, comment too long, not handed back yet) or Conflict (rated)."""
    try:
        criteria = domain.check_scores(scores)
    except domain.RatingError as e:
        raise InvalidInput(str(e), code="rating.score", details={"field": e.field}) from None
    text = _comment(comment)
    if len(text) > domain.COMMENT_MAX:
        raise InvalidInput(f"Ý kiến dài quá {domain.COMMENT_MAX} ký tự.",
                           code="rating.comment", details={"field": "comment"})
    found = find_dossier(code, digits)
    if found is None:
        raise NotFound(NOT_FOUND_MESSAGE, code="lookup.not_found")
    from motcua.dossiers.models import Dossier

    try:
        with transaction.atomic():
            # The row lock serialises two ratings sent at once; the one-to-one key is the
            # last guard.
            dossier = Dossier.objects.select_for_update().get(pk=found.pk)
            if not domain.may_rate(dossier.state):
                raise InvalidInput(NOT_YET_MESSAGE, code="rating.not_returned")
            if Rating.objects.filter(dossier=dossier).exists():
                raise Conflict(ALREADY_RATED_MESSAGE, code="rating.already_rated")
            return Rating.objects.create(
                dossier=dossier,
                score=criteria[domain.Criterion.OVERALL.value],
                criteria=criteria,
                comment=text,
                rated_at=timezone.now(),
                commune_code=dossier.commune_code,
                province_code=dossier.province_code,
                procedure_code=dossier.procedure.code,
            )
    except IntegrityError:
        raise Conflict(ALREADY_RATED_MESSAGE, code="rating.already_rated") from None
