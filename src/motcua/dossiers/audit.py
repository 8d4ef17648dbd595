"""Checking the dossiers' audit chains (``motcua audit verify``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.services.chain import check_rows
from motcua.dossiers.services.core import normalize_code
from motcua.errors import NotFound

BATCH = 500


@dataclass(frozen=True)
class Problem:
    code: str
    seq: int
    kind: str
    message: str


@dataclass
class AuditReport:
    dossiers: int = 0
    events: int = 0
    problems: list[Problem] | None = None

    @property
    def broken_dossiers(self) -> int:
        return len({p.code for p in self.problems or []})


def _batches(code: str | None) -> Iterator[list[tuple[int, str, str]]]:
    qs = Dossier.objects.order_by("pk").values_list("pk", "code", "last_event_hash")
    if code:
        wanted = normalize_code(code)
        rows = list(qs.filter(code=wanted))
        if not rows:
            raise NotFound(f"Không tìm thấy hồ sơ mã «{wanted}».", code="dossier.not_found")
        yield rows
        return
    last = 0
    while True:
        rows = list(qs.filter(pk__gt=last)[:BATCH])
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def count_dossiers(code: str | None = None) -> int:
    return 1 if code else Dossier.objects.count()


def verify(code: str | None = None,
           progress: Callable[[int], None] | None = None) -> AuditReport:
    """Recompute every chain (or one dossier's) from the stored columns; report each
    broken link with the dossier code, the event number and the reason."""
    report = AuditReport(problems=[])
    assert report.problems is not None
    for rows in _batches(code):
        by_dossier: dict[int, list[DossierEvent]] = {pk: [] for pk, _, _ in rows}
        events = DossierEvent.objects.filter(dossier_id__in=list(by_dossier)).order_by(
            "dossier_id", "seq")
        for event in events:
            by_dossier[event.dossier_id].append(event)
        for pk, dossier_code, head in rows:
            chain = by_dossier[pk]
            report.dossiers += 1
            report.events += len(chain)
            for seq, kind, message in check_rows(chain, head):
                report.problems.append(Problem(dossier_code, seq, kind, message))
        if progress is not None:
            progress(len(rows))
    return report
