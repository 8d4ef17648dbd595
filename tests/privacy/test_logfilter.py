"""Personal identifiers never reach the log output: a real logger, a real handler, the
filter as settings.LOGGING attaches it."""

from __future__ import annotations

import io
import logging
import logging.config

import pytest
from django.conf import settings
from hypothesis import given
from hypothesis import strategies as st

from motcua.privacy.logfilter import ID_MARK, PHONE_MARK, PersonalDataFilter, redact


@pytest.fixture
def captured():
    """A logger writing through a StreamHandler carrying the filter, to a string."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(PersonalDataFilter())
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logger = logging.getLogger("motcua.tests.privacy")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    yield logger, stream
    logger.removeHandler(handler)


def test_message_and_args_are_redacted(captured):
    logger, stream = captured
    logger.info("Hồ sơ của %s (CCCD %s, ĐT %s) gửi %s", "Lò Văn Minh", "012090001234",
                "0912 345 678", "minh.lo@example.vn")
    logger.warning("CMND cũ %d và số +84 912 345 678, mã hồ sơ H12.22-261206-0001",
                   123456789)
    logger.info("thẻ %(id)s", {"id": "012 090 001 234"})
    out = stream.getvalue()
    for raw in ("012090001234", "0912 345 678", "minh.lo@example.vn", "123456789",
                "912 345 678", "012 090 001 234"):
        assert raw not in out
    assert "Lò Văn Minh" in out and "H12.22-261206-0001" in out
    assert out.count(ID_MARK) == 3 and out.count(PHONE_MARK) == 2


def test_exception_text_is_redacted(captured):
    logger, stream = captured
    try:
        raise ValueError("số định danh 012090001234 không hợp lệ")
    except ValueError:
        logger.exception("lỗi khi tiếp nhận 0987654321")
    out = stream.getvalue()
    assert "012090001234" not in out and "0987654321" not in out
    assert "ValueError" in out and "Traceback" in out


def test_settings_attach_the_filter_to_every_handler(caplog):
    assert settings.LOGGING["filters"]["personal_data"]["()"].endswith("PersonalDataFilter")
    for handler in settings.LOGGING["handlers"].values():
        assert "personal_data" in handler["filters"]
    # The configuration as Django applies it: the console handler of the root logger.
    stream = io.StringIO()
    config = {**settings.LOGGING, "handlers": {
        name: {**h, "stream": stream} for name, h in settings.LOGGING["handlers"].items()}}
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        logging.config.dictConfig(config)
        logging.getLogger("motcua.somewhere").warning("gọi lại 0912345678 về hồ sơ")
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    assert "0912345678" not in stream.getvalue()
    assert "gọi lại [số điện thoại] về hồ sơ" in stream.getvalue()


def test_short_numbers_stay():
    text = "Đã gửi 42 thông báo, mã xã 03390, năm 2026, IP 192.168.100.200, 10.0.0.1"
    assert redact(text) == text


ids = st.text(alphabet="0123456789", min_size=12, max_size=12)


@given(st.text(), ids, st.text())
def test_any_embedded_id_is_gone(before, number, after):
    record = logging.LogRecord("t", logging.INFO, __file__, 1, "%s", (before + number + after,),
                               None)
    PersonalDataFilter().filter(record)
    assert number not in record.getMessage()


@given(st.text(), ids, st.text())
def test_any_embedded_id_in_the_message_itself_is_gone(before, number, after):
    message = (before + number + after).replace("%", "")
    record = logging.LogRecord("t", logging.INFO, __file__, 1, message, None, None)
    PersonalDataFilter().filter(record)
    assert number not in record.getMessage()


@given(st.text(alphabet=st.characters(blacklist_categories=("Nd",),
                                      blacklist_characters="@")))
def test_text_without_digits_is_unchanged(text):
    assert redact(text) == text


@pytest.mark.parametrize(("text", "expected"), [
    ("G12.03390-261206-0001", "G12.03390-261206-0001"),  # codes are not phones
    ("000.00.13.H12-261206-0001", "000.00.13.H12-261206-0001"),
    ("SĐT0912 345 678 và CCCD012 090 001 234x", "SĐT[số điện thoại] và CCCD[số định danh]x"),
    ("ĐT:0912.345.678, +84 912 345 678, 84912345678",
     "ĐT:[số điện thoại], [số điện thoại], [số điện thoại]"),
    ("CMND 123456789.", "CMND [số định danh]."),
    ("gửi tới a.b-c+1@mail.example.vn lúc 10:00", "gửi tới [thư điện tử] lúc 10:00"),
])
def test_redaction_cases(text, expected):
    assert redact(text) == expected
