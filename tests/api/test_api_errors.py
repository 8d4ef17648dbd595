"""The faults the robustness run found, pinned one by one with a real client."""

from __future__ import annotations

import collections
import logging
from pathlib import Path

import upload_files
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from ninja import Schema

from motcua.dossiers.models import DossierAttachment

PDF = upload_files.pdf("to khai")  # a real PDF: uploads are opened and checked


def _client(aw) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {aw.token}")


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["code"] == code and error["message"], error
    return error


def test_a_form_expected_version_left_empty_or_null_means_none(aw):
    code = aw.dossier_codes[1]
    for blank in ("", "null", "NULL"):
        response = _client(aw).post(
            f"/api/dossiers/{code}/attachments",
            {"file": SimpleUploadedFile("to-khai.pdf", PDF, "application/pdf"),
             "expected_version": blank},
        )
        assert response.status_code == 201, (blank, response.content)
    stale = _client(aw).post(
        f"/api/dossiers/{code}/attachments",
        {"file": SimpleUploadedFile("to-khai.pdf", PDF, "application/pdf"),
         "expected_version": "1"},
    )
    _error(stale, 409, "dossier.stale")
    not_a_number = _client(aw).post(
        f"/api/dossiers/{code}/attachments",
        {"file": SimpleUploadedFile("to-khai.pdf", PDF, "application/pdf"),
         "expected_version": "hai"},
    )
    _error(not_a_number, 422, "invalid_input")


def test_empty_upload_is_refused(aw):
    response = _client(aw).post(
        f"/api/dossiers/{aw.dossier_codes[1]}/attachments",
        {"file": SimpleUploadedFile("to-khai.pdf", b"", "application/pdf")},
    )
    _error(response, 400, "upload.empty")


def test_an_attachment_missing_from_storage_is_a_404_and_an_error_in_the_log(aw, caplog):
    code, attachment_id = aw.attachment
    url = f"/api/dossiers/{code}/attachments/{attachment_id}"
    ok = _client(aw).get(url)
    assert ok.status_code == 200
    assert b"".join(ok.streaming_content).startswith(b"%PDF")
    stored = DossierAttachment.objects.get(pk=attachment_id)
    path = Path(stored.file.path)
    kept = path.read_bytes()
    path.unlink()
    try:
        with caplog.at_level(logging.ERROR, logger="motcua.dossiers.api"):
            response = _client(aw).get(url)
        _error(response, 404, "attachment.file_missing")
        assert any("missing from storage" in r.getMessage() for r in caplog.records)
    finally:
        path.write_bytes(kept)


def test_schema_names_are_unique_so_the_openapi_components_do_not_overwrite_each_other(aw):
    import motcua.api.api  # noqa: F401  (registers every router and its schemas)

    modules: dict[str, set[str]] = collections.defaultdict(set)

    def walk(cls: type) -> None:
        for sub in cls.__subclasses__():
            if sub.__module__.startswith("motcua."):
                modules[sub.__name__].add(sub.__module__)
            walk(sub)

    walk(Schema)
    assert {name: m for name, m in modules.items() if len(m) > 1} == {}
    components = Client().get("/api/openapi.json").json()["components"]["schemas"]
    assert "requirement" in components["RequiredDocumentOut"]["properties"]
    assert "scanned" in components["DocumentOut"]["properties"]


def test_public_and_indicator_errors_are_documented(aw):
    paths = Client().get("/api/openapi.json").json()["paths"]
    assert {"404"} <= set(paths["/api/units/provinces/{code}/units"]["get"]["responses"])
    assert {"400", "422"} <= set(paths["/api/workdays/due"]["get"]["responses"])
    csv = paths["/api/indicators/provinces/{code}/csv"]["get"]["responses"]
    assert set(csv["200"]["content"]) == {"text/csv"}
    assert {"401", "404"} <= set(csv)
    _error(Client().get("/api/units/provinces/99/units"), 404, "province_not_found")
    _error(Client().get("/api/indicators/communes/03390"), 401, "unauthenticated")


def test_a_worklist_page_out_of_range_is_a_422_not_a_database_overflow(aw):
    client = _client(aw)
    huge = "317069558148438481630941826514944"
    for query in (f"offset={huge}", "offset=-1", "limit=0", "limit=201", f"limit={huge}"):
        _error(client.get(f"/api/dossiers/?kind=mine&{query}"), 422, "invalid_input")
    page = client.get("/api/dossiers/?kind=all&limit=200&offset=2147483647")
    assert page.status_code == 200 and page.json()["items"] == []
    assert client.get("/api/dossiers/?kind=all&limit=2").json()["count"] >= 4
