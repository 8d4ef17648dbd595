"""Helpers of the dossier screen tests (tests/dossiers/test_views*.py).

Not a conftest: the test modules load it explicitly (``load_helpers`` below is copied in
each, since tests are imported with importlib and are not a package). The ``world`` and
``receive`` fixtures come from tests/dossiers/conftest.py.
"""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path
from typing import Any

from django.test import Client

from motcua.accounts.models import Official

APPLICANT_FORM = {
    "applicant_name": "Lò Thị Mai",
    "applicant_personal_id": "012190001234",
    "applicant_phone": "0912 345 678",
    "applicant_email": "mai@example.vn",
    "applicant_address": "bản Nà Khum, thị trấn Tam Đường, huyện Tam Đường, tỉnh Lai Châu",
    "channel": "counter",
}


def client_for(official: Official) -> Client:
    client = Client()
    client.force_login(official)
    return client


def page_text(response: Any) -> str:
    """The visible text of a page, tags dropped and whitespace collapsed."""
    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def checked_boxes(response: Any) -> dict[str, str]:
    """The ticked checkboxes of a rendered form, as POST data."""
    body = response.content.decode()
    return {
        m.group(1): "on"
        for m in re.finditer(r'<input type="checkbox" name="([^"]+)"[^>]*\bchecked\b', body)
    }


def intake_data(client: Client, procedure_code: str, **overrides: Any) -> dict[str, Any]:
    """What the counter screen posts for ``procedure_code`` with the boxes as it ticks them."""
    form_page = client.get("/ho-so/tiep-nhan/", {"thu-tuc": procedure_code})
    assert form_page.status_code == 200
    data: dict[str, Any] = {"procedure_code": procedure_code, **APPLICANT_FORM,
                            **checked_boxes(form_page)}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def hidden_version(response: Any, action: str) -> str:
    body = response.content.decode()
    form = re.search(rf'<form[^>]+id="action-{action}".*?</form>', body, flags=re.S)
    assert form is not None, f"no form for {action}"
    found = re.search(r'name="[^"]*expected_version" value="(\d+)"', form.group(0))
    assert found is not None
    return found.group(1)


def act(client: Client, code: str, action: str, files: dict[str, Any] | None = None,
        expect: int = 302, **fields: Any) -> Any:
    """Take ``action`` from the dossier page the way the official does: the form must be
    on the page; its fields are prefixed with the action's name."""
    page = client.get(f"/ho-so/{code}/")
    assert page.status_code == 200
    data = {f"{action}-expected_version": hidden_version(page, action)}
    data.update({f"{action}-{k}": v for k, v in fields.items()})
    data.update({f"{action}-{k}": v for k, v in (files or {}).items()})
    response = client.post(f"/ho-so/{code}/thao-tac/{action}/", data)
    assert response.status_code == expect, page_text(response)[:2000]
    return response


def pdf_text(pdf: bytes, tmp: Path) -> str:
    path = tmp / "slip.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],
                         check=True, capture_output=True, text=True).stdout
    return " ".join(out.split())
