"""What to tell the applicant, and the one-SMS law (pure rules, no database)."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.dossiers.domain import TRANSITIONS, Action, Status
from motcua.notifications.domain import (
    RECEIPT,
    SMS_LIMIT,
    Facts,
    Kind,
    MessageChannel,
    fits_one_sms,
    gives_up,
    gsm7_length,
    is_mobile,
    kind_of,
    messages_for,
    retry_delay,
    sms_text,
    unaccent,
)

AT = datetime(2025, 11, 25, 2, 30, tzinfo=UTC)  # 09:30 in Vietnam
DUE = datetime(2025, 12, 2, 9, 0, tzinfo=UTC)  # 16:00 in Vietnam


def facts(**kw) -> Facts:
    base = dict(code="G12.34-251125-0001", procedure_name="Đăng ký khai sinh",
                agency_name="UBND xã Bình Lư", received_at=AT, due_at=DUE)
    return Facts(**{**base, **kw})


# ---- which change says what -------------------------------------------------------------


@pytest.mark.parametrize(("action", "before", "after", "kind"), [
    ("receive", None, "received", Kind.RECEIVED),
    ("request_supplement", "in_processing", "waiting_supplement", Kind.SUPPLEMENT),
    ("request_supplement", "received", "waiting_supplement", Kind.SUPPLEMENT),
    ("apologize_and_reschedule", "in_processing", "in_processing", Kind.APOLOGY),
    ("approve", "waiting_signature", "result_ready", Kind.RESULT_READY),
    ("mark_result_ready", "in_processing", "result_ready", Kind.RESULT_READY),
    ("refuse", "received", "refused", Kind.REFUSED),
    ("stop", "in_processing", "stopped", Kind.STOPPED),
    ("return_result", "result_ready", "returned", Kind.RETURNED),
    ("route", "received", "received", None),
    ("start", "received", "in_processing", None),
    ("forward", "in_processing", "in_processing", None),
    ("submit_for_signature", "in_processing", "waiting_signature", None),
    ("reject", "waiting_signature", "in_processing", None),
    ("receive_supplement", "waiting_supplement", "in_processing", None),
    ("transfer", "in_processing", "transferred", None),
    ("withdraw", "received", "withdrawn", None),
    ("reassign", "in_processing", "in_processing", None),
    ("add_note", "in_processing", "in_processing", None),
])
def test_each_change_calls_for_its_message(action, before, after, kind):
    assert kind_of(action, before, after) is kind


def test_every_way_into_result_ready_in_the_state_machine_announces_the_result():
    ways = [t for t in TRANSITIONS if t.target is Status.RESULT_READY]
    assert {t.action for t in ways} == {Action.APPROVE, Action.MARK_RESULT_READY}
    for t in ways:
        assert kind_of(t.action.value, t.source.value, t.target.value) is Kind.RESULT_READY


def test_the_apology_action_value_is_the_one_the_machine_stores():
    assert Action.APOLOGIZE.value == "apologize_and_reschedule"


# ---- the texts ---------------------------------------------------------------------------


def test_receipt_email_for_an_online_dossier_attaches_form_1_and_gives_date_and_link():
    [email, sms] = messages_for(Kind.RECEIVED, facts(online=True),
                                base_url="https://dvc.example/", email=True, sms=True)
    assert email.channel is MessageChannel.EMAIL and email.attachment == RECEIPT
    assert email.subject == "Đã tiếp nhận hồ sơ G12.34-251125-0001"
    assert "16:00 02/12/2025" in email.body and "09:30 25/11/2025" in email.body
    assert "https://dvc.example/dich-vu-cong/tra-cuu/?ma=G12.34-251125-0001" in email.body
    assert "đính kèm" in email.body
    assert sms.channel is MessageChannel.SMS
    assert sms.body.startswith("Ho so G12.34-251125-0001 da duoc tiep nhan. "
                               "Hen tra ket qua 16:00 02/12/2025.")
    assert fits_one_sms(sms.body)


def test_counter_dossier_receipt_email_has_no_attachment():
    [email] = messages_for(Kind.RECEIVED, facts(online=False), base_url="", email=True,
                           sms=False)
    assert email.attachment == ""
    assert "Tra cứu hồ sơ" in email.body  # no portal address: told where, not a bare path


def test_supplement_lists_what_is_missing_in_both_channels():
    items = ("Bản sao Giấy chứng nhận kết hôn", "Giấy chứng sinh (bản chính)")
    [email, sms] = messages_for(Kind.SUPPLEMENT, facts(missing_items=items), base_url="",
                                email=True, sms=True)
    assert "  1. Bản sao Giấy chứng nhận kết hôn\n  2. Giấy chứng sinh (bản chính)" in email.body
    assert "Ban sao Giay chung nhan ket hon; Giay chung sinh (ban chinh)" in sms.body


def test_apology_gives_the_new_date_and_the_reason():
    new_due = DUE + timedelta(days=3)
    [email, sms] = messages_for(Kind.APOLOGY, facts(due_at=new_due, reason="Chờ xác minh"),
                                base_url="", email=True, sms=True)
    assert "xin lỗi" in email.body and "Lý do: Chờ xác minh" in email.body
    assert "16:00 05/12/2025" in email.body and "16:00 05/12/2025" in sms.body


def test_returned_invites_to_rate_on_the_lookup_page():
    [email, sms] = messages_for(Kind.RETURNED, facts(), base_url="https://dvc.example",
                                email=True, sms=True)
    link = "https://dvc.example/dich-vu-cong/tra-cuu/?ma=G12.34-251125-0001"
    assert "đánh giá" in email.body and link in email.body
    assert sms.body.endswith(link) and fits_one_sms(sms.body)


def test_refusal_and_stop_say_so_with_the_reason_in_the_email_only():
    for kind, word in ((Kind.REFUSED, "từ chối"), (Kind.STOPPED, "dừng")):
        [email, sms] = messages_for(kind, facts(reason="Không thuộc thẩm quyền"),
                                    base_url="", email=True, sms=True)
        assert word in email.subject and "Lý do: Không thuộc thẩm quyền" in email.body
        assert "Khong thuoc" not in sms.body


def test_result_ready_says_where_the_result_is():
    [paper] = messages_for(Kind.RESULT_READY, facts(), base_url="", email=False, sms=True)
    [online] = messages_for(Kind.RESULT_READY, facts(electronic_result=True), base_url="",
                            email=False, sms=True)
    assert "bo phan mot cua" in paper.body and "dien tu" in online.body


def test_unaccent_keeps_case_punctuation_and_codes():
    assert unaccent("Hồ sơ ĐÃ được tiếp nhận: G12.34-251125-0001 (đúng hạn)") == (
        "Ho so DA duoc tiep nhan: G12.34-251125-0001 (dung han)")
    assert unaccent("Nguyễn Thị Ánh Tuyết, Lò Văn Đức") == "Nguyen Thi Anh Tuyet, Lo Van Duc"


def test_gsm7_length_counts_extension_characters_twice_and_refuses_others():
    assert gsm7_length("abc") == 3
    assert gsm7_length("[x]") == 5
    assert gsm7_length("hồ") is None


# ---- laws --------------------------------------------------------------------------------

codes = st.one_of(
    st.from_regex(r"\A[0-9A-Z.\-]{4,40}\Z"),
    st.builds(lambda agency, day, seq: f"{agency}-{day:%y%m%d}-{seq:04d}",
              st.from_regex(r"\A[A-Z0-9][A-Z0-9.]{2,28}\Z"),
              st.dates(min_value=datetime(2025, 1, 1).date(),
                       max_value=datetime(2099, 12, 31).date()),
              st.integers(1, 9999)).filter(lambda c: len(c) <= 40),
)
moments = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2099, 12, 31),
                       timezones=st.just(UTC))
free_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=400)
vietnamese = st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩị"
                     "òóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵĐÂƯ ,.()-/", max_size=300)


@settings(max_examples=300, deadline=None)
@given(kind=st.sampled_from(list(Kind)), code=codes, due=moments,
       items=st.lists(st.one_of(vietnamese, free_text), max_size=12),
       reason=st.one_of(vietnamese, free_text), electronic=st.booleans(),
       base=st.sampled_from(["", "https://dichvucong.laichau.gov.vn",
                             "https://" + "x" * 150 + ".vn"]))
def test_every_sms_fits_one_gsm7_sms_and_carries_the_code(kind, code, due, items, reason,
                                                          electronic, base):
    f = facts(code=code, due_at=due, missing_items=tuple(items), reason=reason,
              electronic_result=electronic)
    [sms] = messages_for(kind, f, base_url=base, email=False, sms=True)
    length = gsm7_length(sms.body)
    assert length is not None and length <= SMS_LIMIT
    assert code in sms.body
    if kind in (Kind.RECEIVED, Kind.APOLOGY):
        assert due.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Ho_Chi_Minh")).strftime(
            "%d/%m/%Y") in sms.body


@settings(max_examples=200, deadline=None)
@given(kind=st.sampled_from(list(Kind)), code=codes, due=moments,
       items=st.lists(vietnamese, min_size=1, max_size=5), reason=vietnamese)
def test_emails_are_nfc_name_the_code_and_hold_no_personal_data(kind, code, due, items, reason):
    f = facts(code=code, due_at=due, missing_items=tuple(items), reason=reason)
    [email] = messages_for(kind, f, base_url="https://dvc.example", email=True, sms=False)
    for text in (email.subject, email.body):
        assert unicodedata.is_normalized("NFC", text)
    assert code in email.subject and code in email.body
    if kind is Kind.SUPPLEMENT:
        for item in items:
            assert unicodedata.normalize("NFC", item) in email.body


@given(st.text(max_size=200))
def test_unaccent_always_yields_the_gsm_alphabet_and_keeps_length(text):
    out = unaccent(text)
    assert gsm7_length(out) is not None
    assert len(out) <= len(unicodedata.normalize("NFD", text))


@given(st.integers(1, 50))
def test_backoff_never_shrinks_and_giving_up_is_monotone(n):
    assert retry_delay(n + 1) >= retry_delay(n) >= timedelta(minutes=1)
    assert gives_up(n, 6) == (n >= 6)


def test_the_rating_link_fits_with_a_real_code_and_drops_the_scheme_when_it_must():
    code = "000.04.03390.H12-251125-0001"
    short = sms_text(Kind.RETURNED, facts(code=code),
                     "https://dichvucong.laichau.gov.vn/dich-vu-cong/tra-cuu/?ma=" + code)
    assert short.endswith("https://dichvucong.laichau.gov.vn/dich-vu-cong/tra-cuu/?ma=" + code)
    longer = sms_text(Kind.RETURNED, facts(code=code),
                      "https://dichvucongtructuyen.laichau.gov.vn/dich-vu-cong/tra-cuu/?ma=" + code)
    assert longer.endswith(" dichvucongtructuyen.laichau.gov.vn/dich-vu-cong/tra-cuu/?ma=" + code)
    assert len(short) <= SMS_LIMIT and len(longer) <= SMS_LIMIT


def test_sms_of_a_very_long_missing_list_is_shortened_with_an_ellipsis():
    items = tuple(f"Giấy tờ số {i} rất dài để thử" for i in range(30))
    text = sms_text(Kind.SUPPLEMENT, facts(missing_items=items), "")
    assert len(text) <= SMS_LIMIT and "..." in text and text.endswith("Lien he bo phan mot cua.")


@pytest.mark.parametrize(("phone", "ok"), [
    ("0912345678", True), ("0345678901", True), ("0212345678", False),
    ("02133456789", False), ("091234567", False), ("", False),
])
def test_only_mobiles_get_sms(phone, ok):
    assert is_mobile(phone) is ok
