"""Ratings for the demo history (``motcua demo generate``): the bulk generator writes
dossiers without going through the portal, so the satisfaction indicators would show "no
data". A seeded share of the handed-back dossiers gets a rating, mostly satisfied, less so
when the dossier was late — the pattern the communes describe, not real answers."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from motcua.dossiers.models import Dossier
from motcua.portal import domain
from motcua.portal.models import Rating

# Share of handed-back dossiers whose applicant rates (the communes report few ratings).
RATED_SHARE = 0.25
# Overall score weights, 5 … 1, for a dossier settled in time and for a late one.
IN_TIME = (70, 22, 5, 2, 1)
LATE = (20, 25, 25, 18, 12)
BATCH = 5000


def _score(rng: random.Random, late: bool) -> int:
    return 5 - rng.choices(range(5), weights=LATE if late else IN_TIME)[0]


def _criteria(rng: random.Random, overall: int) -> dict[str, int]:
    scores = {domain.Criterion.OVERALL.value: overall}
    for criterion in domain.Criterion:
        if criterion is not domain.Criterion.OVERALL and rng.random() < 0.6:
            scores[criterion.value] = max(domain.SCORE_MIN,
                                          min(domain.SCORE_MAX, overall + rng.choice((-1, 0, 0, 1))))
    return scores


@transaction.atomic
def generate_demo_ratings(province_code: str, *, seed: int = 1) -> int:
    """Rate a seeded sample of the province's handed-back dossiers that have no rating yet;
    returns how many ratings were written. Deterministic for a given seed and data."""
    rng = random.Random(f"ratings-{province_code}-{seed}")
    rows = (
        Dossier.objects.filter(province_code=province_code, state="returned",
                               returned_at__isnull=False, rating__isnull=True)
        .order_by("id")
        .values_list("id", "commune_code", "procedure__code", "returned_at", "finished_at",
                     "due_at", "late_by_supplements")
    )
    batch: list[Rating] = []
    written = 0
    for pk, commune, procedure, returned, finished, due, late_supp in rows.iterator(2000):
        if rng.random() >= RATED_SHARE:
            continue
        late = bool(late_supp) or (finished is not None and finished > due)
        overall = _score(rng, late)
        batch.append(Rating(
            dossier_id=pk, score=overall, criteria=_criteria(rng, overall), comment="",
            rated_at=returned + dt.timedelta(minutes=rng.randint(5, 3 * 24 * 60)),
            commune_code=commune, province_code=province_code, procedure_code=procedure,
        ))
        if len(batch) >= BATCH:
            Rating.objects.bulk_create(batch)
            written += len(batch)
            batch = []
    Rating.objects.bulk_create(batch)
    return written + len(batch)
