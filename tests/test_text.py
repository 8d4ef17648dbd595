import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from motcua.text import fold, nfc


def test_fold_strips_diacritics_and_d_stroke():
    assert fold("Xã Bình Lư, Tỉnh LAI CHÂU") == "xa binh lu tinh lai chau"
    assert fold("Đăng ký khai sinh") == "dang ky khai sinh"


def test_nfc_turns_nfd_input_into_nfc():
    nfd = unicodedata.normalize("NFD", "Lai Châu")
    assert nfd != "Lai Châu"
    assert nfc(nfd) == "Lai Châu"


@given(st.text())
def test_fold_is_idempotent_and_same_for_nfc_and_nfd(s):
    assert fold(fold(s)) == fold(s)
    assert fold(unicodedata.normalize("NFD", s)) == fold(unicodedata.normalize("NFC", s))
