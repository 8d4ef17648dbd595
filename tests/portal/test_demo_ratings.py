"""Ratings of the demo history: only handed-back dossiers, scores within the scale, the same
for the same seed, never a second rating for a dossier."""

from __future__ import annotations

from motcua.portal import demo_ratings
from motcua.portal.models import Rating


def test_demo_ratings_rate_handed_back_dossiers_once(make_dossier, monkeypatch):
    returned = [make_dossier("returned") for _ in range(4)]
    open_one = make_dossier("in_processing")
    monkeypatch.setattr(demo_ratings, "RATED_SHARE", 1.0)
    written = demo_ratings.generate_demo_ratings("12", seed=3)
    rated = {r.dossier_id: r for r in Rating.objects.all()}
    assert written == len(returned) == len(rated)
    assert open_one.pk not in rated
    for d in returned:
        r = rated[d.pk]
        assert 1 <= r.score <= 5 and r.criteria["overall"] == r.score
        assert r.rated_at > d.returned_at and r.commune_code == d.commune_code
        assert all(1 <= v <= 5 for v in r.criteria.values())
    assert demo_ratings.generate_demo_ratings("12", seed=3) == 0


def test_demo_ratings_are_deterministic_for_a_seed(make_dossier, monkeypatch):
    for _ in range(6):
        make_dossier("returned")
    monkeypatch.setattr(demo_ratings, "RATED_SHARE", 0.5)
    first = demo_ratings.generate_demo_ratings("12", seed=9)
    scores = sorted(Rating.objects.values_list("dossier_id", "score"))
    Rating.objects.all().delete()
    assert demo_ratings.generate_demo_ratings("12", seed=9) == first
    assert sorted(Rating.objects.values_list("dossier_id", "score")) == scores
