"""Feedback about a dossier: linked when the code exists, without telling the sender."""

from views_fixtures import page_text

from motcua.petitions.models import Feedback


def test_feedback_links_an_existing_dossier_and_answers_alike(pw, client, make_dossier, settings):
    settings.MOTCUA_PORTAL_PROVINCE = "12"
    d = make_dossier()
    pages = []
    for code in (d.code.lower(), "000.00.12.H26-200101-0001"):
        r = client.post("/dich-vu-cong/phan-anh/", {
            "kind": "recommendation", "text": "Xin hướng dẫn rõ hơn về giấy chứng sinh.",
            "commune_code": "03390", "dossier_code": code})
        assert r.status_code == 302
        pages.append(page_text(client.get(r["Location"])))
    linked, unlinked = Feedback.objects.order_by("received_at", "id")
    assert linked.dossier_id == d.pk and linked.dossier_code == d.code
    assert unlinked.dossier is None
    strip = [p.replace(f.reference, "REF") for p, f in zip(pages, (linked, unlinked), strict=True)]
    assert strip[0] == strip[1]
