"""Rate: once per dossier, after hand-back, by whoever knows the code and the 4 digits."""

import unicodedata

import pytest
from views_fixtures import page_text

from motcua.errors import Conflict, InvalidInput, NotFound
from motcua.portal import services
from motcua.portal.models import Rating


def _form(code, digits="5678", **scores):
    data = {"ma": code, "so": digits, "y_kien": "Cán bộ nhiệt tình"}
    data.update({f"diem_{k}": v for k, v in scores.items()})
    return data


def test_rating_form_appears_only_after_hand_back(pw, client, make_dossier):
    ready = make_dossier("result_ready")
    text = page_text(client.post("/dich-vu-cong/tra-cuu/", {"ma": ready.code, "so": "5678"}))
    assert "Đã có kết quả" in text and "Đánh giá mức độ hài lòng" not in text
    returned = make_dossier("returned")
    body = client.post("/dich-vu-cong/tra-cuu/", {"ma": returned.code, "so": "1234"})
    assert "Đánh giá mức độ hài lòng" in page_text(body)
    assert "Thái độ, tinh thần phục vụ" in page_text(body)


def test_rate_once_through_the_page(pw, client, make_dossier):
    d = make_dossier("returned")
    r = client.post("/dich-vu-cong/danh-gia/", _form(d.code, overall="4", attitude="5", time=""))
    assert r.status_code == 200 and "Cảm ơn" in page_text(r)
    rating = Rating.objects.get(dossier=d)
    assert rating.score == 4 and rating.criteria == {"overall": 4, "attitude": 5}
    assert rating.comment == "Cán bộ nhiệt tình"
    assert (rating.commune_code, rating.province_code) == ("03390", "12")
    again = client.post("/dich-vu-cong/danh-gia/", _form(d.code, overall="1"))
    assert again.status_code == 409 and "đã được đánh giá" in page_text(again)
    assert Rating.objects.get(dossier=d).score == 4
    # The lookup now says it was rated and offers no form.
    text = page_text(client.post("/dich-vu-cong/tra-cuu/", {"ma": d.code, "so": "5678"}))
    assert "đã được đánh giá" in text and "Gửi đánh giá" not in text


def test_missing_overall_score_keeps_what_was_chosen(pw, client, make_dossier):
    d = make_dossier("returned")
    r = client.post("/dich-vu-cong/danh-gia/", _form(d.code, attitude="2"))
    assert r.status_code == 400
    body = r.content.decode()
    assert "Hãy chọn mức điểm" in page_text(r)
    assert 'name="diem_attitude" value="2" checked' in body
    assert not Rating.objects.filter(dossier=d).exists()


def test_service_rules(pw, make_dossier):
    d = make_dossier("returned")
    with pytest.raises(NotFound):
        services.rate_dossier(code=d.code, digits="0000", scores={"overall": 5})
    with pytest.raises(InvalidInput):
        services.rate_dossier(code=d.code, digits="5678", scores={"overall": 9})
    with pytest.raises(InvalidInput):
        services.rate_dossier(code=d.code, digits="5678", scores={"overall": 5},
                              comment="x" * 2001)
    early = make_dossier("in_processing")
    with pytest.raises(InvalidInput, match="sau khi đã nhận kết quả"):
        services.rate_dossier(code=early.code, digits="5678", scores={"overall": 5})
    nfd = "Cán bộ nhiệt tình"
    r = services.rate_dossier(code=d.code, digits="5678", scores={"overall": "2"},
                              comment=unicodedata.normalize("NFD", nfd))
    assert r.comment == unicodedata.normalize("NFC", nfd)
    with pytest.raises(Conflict):
        services.rate_dossier(code=d.code, digits="1234", scores={"overall": 5})
    assert Rating.objects.filter(dossier=d).count() == 1


def test_rating_goes_through_the_lookup_limit(pw, client, make_dossier, settings):
    settings.MOTCUA_PORTAL_LOOKUP_LIMIT = "2/600"
    d = make_dossier("returned")
    for _ in range(2):
        client.post("/dich-vu-cong/danh-gia/", _form(d.code, digits="0000", overall="1"))
    r = client.post("/dich-vu-cong/danh-gia/", _form(d.code, overall="5"))
    assert r.status_code == 429
    assert not Rating.objects.filter(dossier=d).exists()

