"""English interface of the officials' dossier screens (counter intake, worklists, the
dossier page, the register, the landing page's worklist counts): English once the
official picks it, Vietnamese otherwise. The labels that come from Django-free code are
listed for makemessages in ``dossiers/views/translations.py``; these tests keep that list in
step. The official slips (PDF) are Vietnamese forms and are not translated."""

from __future__ import annotations

import ast
import html
import importlib
import re
from pathlib import Path

import pytest
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings
from django.utils import translation

import motcua
from motcua.accounts.domain import Role
from motcua.dossiers import selectors, slip_data
from motcua.dossiers.domain import ACTION_LABELS, STATUS_LABELS, Action, Status
from motcua.dossiers.forms import ATTACHMENT_KIND_LABELS, RETURN_CHANNEL_LABELS
from motcua.dossiers.labels import ANNOTATION_LABELS
from motcua.dossiers.models import AttachmentKind, Channel
from motcua.dossiers.views import common
from motcua.dossiers.views.translations import STATE_MSGIDS, TRANSLATABLE_LABELS, state_label

PO = Path(motcua.__file__).resolve().parent / "locale" / "en" / "LC_MESSAGES" / "django.po"
LAI_CHAU, BINH_LU = "12", "03390"
BIRTH = "1.001193"
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The package exports the view ``worklist`` under the module's name.
worklist = importlib.import_module("motcua.dossiers.views.worklist")


def po_entries() -> list[tuple[str, list[str]]]:
    """(msgid, source files) of every entry of the English catalog."""
    entries = []
    for block in PO.read_text(encoding="utf-8").split("\n\n")[1:]:
        lines = block.splitlines()
        sources = [
            ref.rsplit(":", 1)[0]
            for line in lines
            if line.startswith("#:")
            for ref in line[2:].split()
        ]
        msgid, reading = "", False
        for line in lines:
            if line.startswith("msgid "):
                msgid, reading = ast.literal_eval(line[6:]), True
            elif line.startswith('"') and reading:
                msgid += ast.literal_eval(line)
            elif not line.startswith('"'):
                reading = False
        entries.append((msgid, sources))
    return entries


def ui_texts() -> list[str]:
    """The Vietnamese interface texts that hold no placeholder."""
    return [msgid for msgid, _ in po_entries() if msgid and "%" not in msgid]


def visible_text(response) -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def vietnamese_left(text: str, data: list[str]) -> list[str]:
    """Interface texts still in Vietnamese (whole words), once the page's own data —
    procedure, papers, names, addresses, which stay as recorded — is taken out."""
    for value in sorted(data, key=len, reverse=True):
        text = text.replace(value, " ")
    return [t for t in ui_texts() if re.search(rf"(?<!\w){re.escape(t)}(?!\w)", text)]


def in_english(client: Client) -> None:
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302


# --- the labels from Django-free code are in the catalog ----------------------------------


def test_labels_shown_on_the_dossier_screens_are_listed_for_translation():
    shown = {
        *(label for status, label in STATUS_LABELS.items() if status.value not in STATE_MSGIDS),
        *ACTION_LABELS.values(),
        *ANNOTATION_LABELS.values(),
        *selectors.WORKLIST_KINDS.values(),
        *worklist.SHORT_LABELS.values(),
        *common.ERROR_TITLES.values(),
        *(label for _, label in Channel.choices),
        *(label for _, label in AttachmentKind.choices),
        *(title for title, _ in slip_data.SLIP_FORMS.values()),
    }
    listed = {*TRANSLATABLE_LABELS, *common.ERROR_TITLES.values(), *worklist.SHORT_LABELS.values()}
    assert shown - listed == set()
    catalog = {msgid for msgid, _ in po_entries()}
    assert shown | set(STATE_MSGIDS.values()) <= catalog
    with translation.override("en"):
        for text in shown | set(STATE_MSGIDS.values()):
            assert translation.gettext(text) != text, text
        for lazy in (*ATTACHMENT_KIND_LABELS.values(), *RETURN_CHANNEL_LABELS.values()):
            assert not re.search(r"[^\x00-\x7f]", str(lazy)), lazy


def test_states_are_told_apart_from_the_actions_of_the_same_name():
    # Exactly the states that share their Vietnamese name with an action get a msgid of
    # their own, and Vietnamese still shows the domain's name.
    actions = set(ACTION_LABELS.values())
    assert {s.value for s, label in STATUS_LABELS.items() if label in actions} == set(STATE_MSGIDS)
    with translation.override("vi"):
        for status, label in STATUS_LABELS.items():
            assert state_label(status.value) == label
    with translation.override("en"):
        states = {status: state_label(status.value) for status in Status}
        actions_en = {action: translation.gettext(label) for action, label in ACTION_LABELS.items()}
        assert states[Status.REFUSED] == "Refused" and actions_en[Action.REFUSE] == "Refuse"
        assert states[Status.STOPPED] == "Stopped"
        assert actions_en[Action.STOP] == "Stop processing"
        assert states[Status.WAITING_SUPPLEMENT] == "Waiting for supplement"
        # Each state and each action has an English name of its own.
        assert len(set(states.values())) == len(states)
        assert len(set(actions_en.values())) == len(actions_en)
        assert not set(states.values()) & set(actions_en.values())
    assert state_label("") == ""


def test_slips_and_domain_messages_are_not_in_the_catalog():
    """The slips are official Vietnamese forms, and the domain stays Django-free."""
    sources = {s for _, refs in po_entries() for s in refs}
    assert not any(s.startswith(("dossiers/slips/", "dossiers/domain/")) for s in sources)


# --- the pages ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """Units, Lai Châu's agencies, the catalog, a counter clerk and a specialist of xã Bình
    Lư, and one birth registration received at the counter; built once for this module
    inside a transaction rolled back at its end, so that no other test sees them.

    Not called ``world``: tests/dossiers/conftest.py keeps its own world open as long as
    the next test asks for a fixture of that name."""
    from motcua.accounts.services import create_official
    from motcua.catalog.models import RequiredDocument
    from motcua.catalog.services import load_builtin_catalog
    from motcua.dossiers import services
    from motcua.units.services import create_agencies, load_units

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
                load_units()
                create_agencies(LAI_CHAU)
                load_builtin_catalog()
                people = {
                    role: create_official(
                        username=f"i18n-{role}",
                        full_name=f"Cán bộ {role}",
                        roles=[role],
                        province_code=LAI_CHAU,
                        commune_code=BINH_LU,
                    )[0]
                    for role in (Role.CLERK, Role.SPECIALIST, Role.LEADER)
                }
                documents = [
                    {"required_document_id": d.pk, "from_data_held": True}
                    if d.reusable_from_data
                    else {"required_document_id": d.pk, "scanned": True}
                    for d in RequiredDocument.objects.filter(
                        procedure__code=BIRTH, requirement="mandatory"
                    ).order_by("order", "id")
                ]
                dossier = services.receive_dossier(
                    people[Role.CLERK],
                    procedure_code=BIRTH,
                    applicant_name="Lò Văn Minh",
                    applicant_personal_id="012090001234",
                    applicant_phone="0912 345 678",
                    applicant_address="bản Nà Khum, xã Bình Lư, tỉnh Lai Châu",
                    documents=documents,
                )
            yield {"people": people, "dossier": dossier}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            from motcua.catalog.selectors import invalidate_search_index
            from motcua.units.selectors import clear_caches
            from motcua.workdays.selectors import clear_cache

            clear_caches()
            clear_cache()
            invalidate_search_index()


@pytest.fixture
def clerk(site, db) -> Client:
    client = Client()
    client.force_login(site["people"][Role.CLERK])
    return client


def page_data(site) -> list[str]:
    """What the pages show as recorded: procedure, papers, names, agencies, address."""
    from motcua.catalog.models import Procedure
    from motcua.units.models import Agency

    d = site["dossier"]
    procedure = Procedure.objects.get(code=BIRTH)
    texts = [
        procedure.name,
        procedure.fee_text or "",
        d.applicant_name,
        d.applicant_address,
        *(str(o) for o in site["people"].values()),
        *(a.name for a in Agency.objects.filter(province_code=LAI_CHAU)),
    ]
    for doc in procedure.documents.all():
        texts += [doc.name, doc.condition or ""]
    for doc in d.documents.all():
        texts.append(doc.name)
    for step in d.steps or []:
        texts.append(str(step["name"]))
    return [t for t in texts if t]


def test_intake_page_in_english(site, clerk):
    vi = visible_text(clerk.get("/ho-so/tiep-nhan/", {"thu-tuc": BIRTH}))
    assert "Tiếp nhận hồ sơ" in vi and "Người nộp hồ sơ" in vi
    assert "Receive dossier" not in vi
    assert {"Tiếp nhận hồ sơ", "bắt buộc", "Hình thức nộp"} <= set(
        vietnamese_left(vi, page_data(site))
    )
    in_english(clerk)
    picker = visible_text(clerk.get("/ho-so/tiep-nhan/", {"q": "khai sinh"}))
    assert "Receive dossier" in picker and "1. Administrative procedure" in picker
    assert "Choose a procedure (Enter), or use the arrow keys:" in picker
    response = clerk.get("/ho-so/tiep-nhan/", {"thu-tuc": BIRTH})
    en = visible_text(response)
    for english in (
        "2. Applicant",
        "Applicant's full name",
        "Personal identification number",
        "3. Submission channel",
        "In person at the one-stop-shop counter",
        "4. Dossier documents",
        "required",
        "received",
        "scanned",
        "Receive and issue the dossier code",
        "Change procedure",
        "Processing time limit: Same day",
        "Worklist",
    ):
        assert english in en, english
    assert vietnamese_left(en, page_data(site)) == []
    # A refusal of the form speaks English too; the service's own message stays Vietnamese.
    bad = clerk.post(
        "/ho-so/tiep-nhan/",
        {"procedure_code": BIRTH, "channel": "nowhere", "applicant_name": "Lò Văn Minh"},
    )
    assert bad.status_code == 400
    assert "Select a valid choice." in visible_text(bad)


def test_worklist_in_english(site, clerk):
    vi = visible_text(clerk.get("/ho-so/"))
    assert "Hồ sơ mới tiếp nhận" in vi and "Đã tiếp nhận" in vi and "Newly received" not in vi
    in_english(clerk)
    en = visible_text(clerk.get("/ho-so/"))
    for english in (
        "Dossiers: Newly received",
        "Receive dossier",
        "Register",
        "Due soon",
        "Overdue",
        "Waiting for supplement",
        "Waiting for my signature",
        "Assigned to me",
        "Result ready to return",
        "All dossiers",
        "1 dossier",
        "Dossier code",
        "Applicant",
        "Procedure",
        "Due",
        "Status",
        "Handler",
        "Received",
        "Filter",
    ):
        assert english in en, english
    assert site["dossier"].code in en
    assert vietnamese_left(en, page_data(site)) == []
    empty = visible_text(clerk.get("/ho-so/", {"ds": "overdue"}))
    assert "Dossiers: Overdue" in empty and "There are no dossiers in this list." in empty
    unknown = clerk.get("/ho-so/", {"ds": "nowhere"})
    assert unknown.status_code == 400
    assert "There is no worklist “nowhere”." in visible_text(unknown)


def test_dossier_page_in_english(site, clerk):
    code = site["dossier"].code
    url = f"/ho-so/{code}/"
    vi = visible_text(clerk.get(url, {"vua-tiep-nhan": "1"}))
    assert "In giấy tiếp nhận" in vi and "Nhật ký xử lý" in vi and "Print receipt" not in vi
    in_english(clerk)
    en = visible_text(clerk.get(url, {"vua-tiep-nhan": "1"}))
    for english in (
        f"Dossier received {code}",
        "Print receipt",
        "A5 size",
        "Receive a new dossier",
        f"Dossier {code}",
        "Dossier details",
        "Status",
        "Received",
        "Applicant",
        "ID number",
        "Submission channel",
        "In person at the one-stop-shop counter",
        "Competent agency",
        "Result due",
        "Actions",
        "Assign",
        "Request supplement",
        "Refuse",
        "Slips and forms",
        "Receipt and appointment for the result",
        "Dossier documents",
        "Attachments",
        "No attachments yet.",
        "Timeline",
        "Receive dossier",
        "Due: ",
    ):
        assert english in en, english
    assert vietnamese_left(en, page_data(site)) == []


def test_actions_in_english(site, clerk):
    code = site["dossier"].code
    url = f"/ho-so/{code}/"
    in_english(clerk)
    page = clerk.get(url).content.decode()
    version = re.search(r'name="request_supplement-expected_version" value="(\d+)"', page)
    assert version is not None
    # A refused form comes back in English, on the form it came from.
    empty = clerk.post(
        f"{url}thao-tac/request_supplement/",
        {"request_supplement-expected_version": version.group(1)},
    )
    assert empty.status_code == 400
    assert "Please state which documents or information must be supplemented." in visible_text(
        empty
    )
    done = clerk.post(
        f"{url}thao-tac/request_supplement/",
        {
            "request_supplement-expected_version": version.group(1),
            "request_supplement-missing_items": "Bản sao giấy chứng nhận kết hôn",
        },
        follow=True,
    )
    en = visible_text(done)
    assert "Done: Request supplement." in en
    assert "Waiting for supplement" in en and "Received → Waiting for supplement" in en
    assert "To supplement: Bản sao giấy chứng nhận kết hôn" in en
    assert "Supplement request slip" in en and "Receive supplement" in en


def test_register_workspace_and_error_page_in_english(site, clerk, db):
    vi = visible_text(clerk.get("/ho-so/so-theo-doi/"))
    assert "Sổ theo dõi hồ sơ" in vi and "Tải PDF" in vi
    in_english(clerk)
    register = visible_text(clerk.get("/ho-so/so-theo-doi/"))
    for english in (
        "Dossier register",
        "From",
        "To",
        "View",
        "Download PDF",
        "Download Excel",
        "1 dossier received in the selected period.",
        "No.",
        "Received",
    ):
        assert english in register, english
    assert vietnamese_left(register, page_data(site)) == []
    wrong = clerk.get("/ho-so/so-theo-doi/", {"tu": "2025-13-01"})
    assert "The “from” date “2025-13-01” is not valid (YYYY-MM-DD)." in visible_text(wrong)

    workspace = visible_text(clerk.get("/lam-viec/"))
    for english in (
        "My dossiers",
        "Receive dossier",
        "All dossiers",
        "Register",
        "Newly received",
        "Waiting for my signature",
        "Dossiers",
    ):
        assert english in workspace, english
    assert not re.search(r"Hồ sơ của tôi|Tất cả hồ sơ|Sổ theo dõi|Hồ sơ mới", workspace)

    specialist = Client()
    specialist.force_login(site["people"][Role.SPECIALIST])
    in_english(specialist)
    refused = specialist.get("/ho-so/tiep-nhan/")
    assert refused.status_code == 403
    text = visible_text(refused)
    assert "Not permitted" in text and "Back to the worklist" in text
    assert "Only receiving officers (one-stop-shop counter) can receive dossiers." in text
