"""English interface: the pages speak English once a visitor picks it, Vietnamese otherwise,
and the English catalog (locale/en) is complete and compiled."""

from __future__ import annotations

import ast
import gettext
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

import motcua
from motcua.accounts.domain import ROLE_LABELS, Role
from motcua.catalog import views as catalog_views
from motcua.catalog.domain import rules
from motcua.catalog.models import Procedure, ProcessingStep
from motcua.web import views as web_views

LC_MESSAGES = Path(motcua.__file__).resolve().parent / "locale" / "en" / "LC_MESSAGES"
PO, MO = LC_MESSAGES / "django.po", LC_MESSAGES / "django.mo"
CATALOG_DATA = Path(rules.__file__).resolve().parents[1] / "data" / "procedures.json"


def read_po(path: Path) -> list[dict]:
    """Entries of a .po file: msgid, msgid_plural, msgstr (list), flags. Obsolete ones
    (#~) are left out; the header (empty msgid) is kept."""
    entries: list[dict] = []
    entry: dict | None = None
    key = ""
    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line or line.startswith("#~"):
            if entry is not None and "msgid" in entry:
                entries.append(entry)
                entry = None
            continue
        if entry is None:
            entry = {"flags": set(), "msgstr": {}}
        if line.startswith("#,"):
            entry["flags"] |= {f.strip() for f in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            text = ast.literal_eval(line)
            if key.startswith("msgstr"):
                entry["msgstr"][key] += text
            else:
                entry[key] += text
        else:
            key, _, rest = line.partition(" ")
            if key.startswith("msgstr"):
                entry["msgstr"][key] = ast.literal_eval(rest)
            else:
                entry[key] = ast.literal_eval(rest)
    return entries


def ui_texts() -> list[str]:
    """The Vietnamese interface texts without placeholders (the msgids of the catalog)."""
    return [e["msgid"] for e in read_po(PO) if e["msgid"] and "%" not in e["msgid"]]


def in_english(client) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302


@pytest.fixture
def catalog(db):
    from motcua.catalog.services import load_builtin_catalog

    load_builtin_catalog()


# --- the message catalog itself -----------------------------------------------------------


def test_every_message_is_translated_and_none_is_fuzzy():
    entries = read_po(PO)
    header, messages = entries[0], entries[1:]
    assert header["msgid"] == "" and "fuzzy" not in header["flags"]
    assert "Language: en\n" in header["msgstr"]["msgstr"]
    assert len(messages) > 100
    for e in messages:
        assert "fuzzy" not in e["flags"], e["msgid"]
        assert e["msgstr"] and all(s.strip() for s in e["msgstr"].values()), e["msgid"]
        if "msgid_plural" in e:
            assert set(e["msgstr"]) == {"msgstr[0]", "msgstr[1]"}, e["msgid"]


def test_compiled_catalog_matches_the_po_file():
    """The .mo is committed (a fresh machine has no gettext tools); it must say what the .po
    says. Compared by content: a git checkout does not keep modification times."""
    with MO.open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    for e in read_po(PO)[1:]:
        if "msgid_plural" in e:
            assert compiled.ngettext(e["msgid"], e["msgid_plural"], 1) == e["msgstr"]["msgstr[0]"]
            assert compiled.ngettext(e["msgid"], e["msgid_plural"], 5) == e["msgstr"]["msgstr[1]"]
        else:
            assert compiled.gettext(e["msgid"]) == e["msgstr"]["msgstr"], e["msgid"]


def test_labels_from_domain_and_data_are_listed_for_translation():
    """Labels that reach the pages from Django-free domain code or from the shipped catalog
    data are listed in the views so that makemessages finds them; keep the lists in step."""
    fields = [f["name"] for f in json.loads(CATALOG_DATA.read_text(encoding="utf-8"))["fields"]]
    shown = [
        *fields,
        *rules.ONLINE_LEVEL_LABELS.values(),
        *rules.LEVEL_LABELS.values(),
        *rules.AGENCY_KIND_LABELS.values(),
        *rules.DOCUMENT_FORM_LABELS.values(),
        *rules.STEP_ROLE_LABELS.values(),
    ]
    assert set(shown) <= set(catalog_views.TRANSLATABLE_LABELS)
    assert set(ROLE_LABELS.values()) == set(web_views.ROLE_LABEL_MSGIDS)
    with translation.override("en"):
        for text in [*shown, *ROLE_LABELS.values()]:
            assert translation.gettext(text) != text, text


# --- labels composed in the views: Vietnamese exactly as the domain says them --------------

limits = st.decimals(min_value=Decimal("0.1"), max_value=Decimal("999.9"), places=1)


@given(value=limits, unit=st.sampled_from(["days", "hours", "same_day"]))
def test_time_labels_in_vietnamese_are_the_domain_wording(value, unit):
    procedure = Procedure(limit_value=value, limit_unit=unit)
    with translation.override("vi"):
        assert catalog_views.limit_label(procedure) == rules.describe_limit(value, unit)
        if unit != "same_day":
            step = ProcessingStep(duration_value=value, duration_unit=unit)
            assert catalog_views.duration_label(step) == rules.describe_duration(value, unit)


@given(amount=st.one_of(st.none(), st.integers(min_value=0, max_value=10**9)))
def test_fee_labels_in_vietnamese_are_the_domain_wording(amount):
    procedure = Procedure(fee_amount=amount)
    with translation.override("vi"):
        expected = rules.describe_fee(amount, "Theo quy định (xem chi tiết)")
        assert catalog_views.fee_label(procedure) == expected


def test_time_and_fee_labels_in_english():
    with translation.override("en"):
        assert (
            catalog_views.limit_label(Procedure(limit_value=1, limit_unit="same_day")) == "Same day"
        )
        assert (
            catalog_views.limit_label(Procedure(limit_value=1, limit_unit="days"))
            == "1 working day"
        )
        assert (
            catalog_views.limit_label(Procedure(limit_value=Decimal("17"), limit_unit="days"))
            == "17 working days"
        )
        step = ProcessingStep(duration_value=Decimal("0.5"), duration_unit="hours")
        assert catalog_views.duration_label(step) == "0.5 working hours"
        assert catalog_views.fee_label(Procedure(fee_amount=200000)) == "VND 200,000"
        assert catalog_views.fee_label(Procedure(fee_amount=0)) == "No fees"


# --- pages ---------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/tai-khoan/dang-nhap/", "/dia-chi/"])
def test_pages_without_data_have_no_vietnamese_interface_text_left_in_english(client, url):
    in_english(client)
    html = client.get(url).content.decode()
    left = [text for text in ui_texts() if text in html]
    assert left == []
    assert "Official login" in html and "One-stop shop" in html and "Language" in html


@pytest.mark.django_db
def test_home_page(client):
    vi = client.get("/").content.decode()
    assert "Dịch vụ hành chính công cấp xã" in vi and "Tìm thủ tục" in vi
    assert "Find a procedure" not in vi
    in_english(client)
    en = client.get("/").content.decode()
    assert "Commune-level public administrative services" in en
    assert "Find a procedure" in en and "Administrative procedures" in en
    assert "Tìm thủ tục" not in en and "Thủ tục hành chính" not in en


@pytest.mark.django_db
def test_login_page(client):
    vi = client.get("/tai-khoan/dang-nhap/").content.decode()
    assert "Đăng nhập cán bộ" in vi and "Mật khẩu" in vi and "Password" not in vi
    in_english(client)
    en = client.get("/tai-khoan/dang-nhap/").content.decode()
    assert "Official login" in en and "Username" in en and "Password" in en
    assert "Đăng nhập" not in en and "Mật khẩu" not in en
    wrong = client.post("/tai-khoan/dang-nhap/", {"username": "x", "password": "y"})
    assert "Incorrect username or password" in wrong.content.decode()


@pytest.mark.django_db
def test_address_page(client):
    vi = client.get("/dia-chi/").content.decode()
    assert "Tra cứu địa chỉ mới" in vi and "không còn cấp huyện" in vi
    in_english(client)
    en = client.get("/dia-chi/").content.decode()
    assert "Find your new address" in en and "there are no more districts" in en
    assert "Old address" in en and "Look up" in en
    assert "Tra cứu địa chỉ mới" not in en and "Địa chỉ cũ" not in en
    # The example addresses are what people type, so they stay Vietnamese.
    assert "huyện Tam Đường" in en


def test_catalog_list(catalog, client):
    vi = client.get("/thu-tuc/").content.decode()
    assert "Thủ tục hành chính cấp xã" in vi and "Hộ tịch (16)" in vi
    assert "Trong ngày" in vi and "3 ngày làm việc" in vi and "Không thu phí, lệ phí" in vi
    in_english(client)
    en = client.get("/thu-tuc/").content.decode()
    assert "Commune-level administrative procedures" in en
    assert "All (44)" in en and "Civil status (16)" in en and "Land (4)" in en
    assert "Social protection (4)" in en and "Certification (7)" in en
    assert "Time limit: Same day" in en and "3 working days" in en
    assert "Fees: No fees" in en and "VND 8,000" in en and "Fully online" in en
    for vietnamese in (
        "Thời hạn",
        "Phí, lệ phí",
        "Tất cả",
        "Hộ tịch (",
        "ngày làm việc",
        "Trực tuyến",
        "Tìm thủ tục",
        "8.000 đồng",
    ):
        assert vietnamese not in en, vietnamese
    # Procedure names are data and stay Vietnamese.
    assert "Đăng ký khai sinh" in en


def test_catalog_search_in_english(catalog, client):
    in_english(client)
    en = client.get("/thu-tuc/", {"q": "so do"}).content.decode()
    assert "4 procedures match “so do”" in en and "17 working days" in en
    none = client.get("/thu-tuc/", {"q": "qwxz zzyq"}).content.decode()
    assert "No matching procedure found." in none


def test_procedure_page(catalog, client):
    vi = client.get("/thu-tuc/1.001193/").content.decode()
    assert "Thời hạn giải quyết" in vi and "Giấy tờ cần nộp" in vi and "Căn cứ pháp lý" in vi
    assert "1 giờ làm việc" in vi and "0,5 giờ làm việc" in vi and "1 bản, bản chính" in vi
    in_english(client)
    en = client.get("/thu-tuc/1.001193/").content.decode()
    for english in (
        "Processing time limit",
        "Same day",
        "Fees",
        "No fees",
        "Required documents",
        "Legal basis",
        "Processing steps",
        "Receiving officer",
        "1 working hour",
        "0.5 working hours",
        "Quantity: 1, original",
        "If applicable",
        "Required",
        "Fully online",
        "← Civil status",
        "(commune level)",
        "Linked procedures",
    ):
        assert english in en, english
    for vietnamese in (
        "Thời hạn giải quyết",
        "Giấy tờ cần nộp",
        "Căn cứ pháp lý",
        "Bắt buộc",
        "Theo trường hợp",
        "giờ làm việc",
        "Công chức tiếp nhận",
        "1 bản",
        "Các bước giải quyết",
        "← Hộ tịch",
        "Cấp xã",
        "Mã thủ tục",
    ):
        assert vietnamese not in en, vietnamese
    fee = client.get("/thu-tuc/2.000815/").content.decode()
    assert "VND 2,000" in fee and "Quantity: 1, copy" in fee


def test_unknown_procedure(catalog, client):
    vi = client.get("/thu-tuc/9.999999/")
    assert vi.status_code == 404
    assert "Không tìm thấy thủ tục hành chính mã &#x27;9.999999&#x27;." in vi.content.decode()
    in_english(client)
    en = client.get("/thu-tuc/9.999999/")
    assert en.status_code == 404
    html = en.content.decode()
    assert "No administrative procedure with code &#x27;9.999999&#x27; was found." in html
    assert "Back to the procedure catalog" in html and "Không tìm thấy" not in html


@pytest.mark.django_db
def test_workspace_roles(client):
    from motcua.accounts.services import create_official

    official, _ = create_official(
        username="clerk1",
        full_name="Lò Thị Mai",
        roles=[Role.CLERK, Role.LEADER],
        commune_code="03390",
    )
    client.force_login(official)
    vi = client.get("/lam-viec/").content.decode()
    assert "Công chức tiếp nhận (bộ phận một cửa)" in vi and "Vai trò" in vi
    in_english(client)
    en = client.get("/lam-viec/").content.decode()
    assert "Receiving officer (one-stop-shop counter)" in en
    assert "Commune People&#x27;s Committee leader" in en and "Roles" in en
    assert not re.search(r"Công chức|Lãnh đạo|Vai trò|Trang làm việc", en)
