"""Pure rules of the public portal: the lookup key, the public timeline, rating checks."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.portal import domain

digits = st.text(alphabet="0123456789", min_size=4, max_size=12)


@given(phone=digits, pid=digits)
def test_last_four_of_either_number_open_and_nothing_else_does(phone, pid):
    assert domain.last_digits_match(phone[-4:], phone=phone, personal_id=pid)
    assert domain.last_digits_match(pid[-4:], phone=phone, personal_id=pid)
    for n in range(10000):
        guess = f"{n:04d}"
        if guess not in (phone[-4:], pid[-4:]):
            assert not domain.last_digits_match(guess, phone=phone, personal_id=pid)
            break


@pytest.mark.parametrize("given_digits", ["", "123", "12345", "12a4", "5 678", "56-78"])
def test_only_exactly_four_digits_are_a_key(given_digits):
    assert not domain.last_digits_match(given_digits, phone="0912 345 678",
                                        personal_id="012090005678")


def test_spaces_in_the_stored_phone_do_not_matter_and_short_numbers_never_match():
    assert domain.last_digits_match("5678", phone="0912 345 678", personal_id="")
    assert not domain.last_digits_match("0000", phone="", personal_id="")
    assert not domain.last_digits_match("\0\0\0\0", phone="12", personal_id="")


@pytest.mark.parametrize(("typed", "code"), [
    (" 000.00.12.h26-261125-0001 ", "000.00.12.H26-261125-0001"),
    ("000.00.12.H26 - 261125 - 0001", "000.00.12.H26-261125-0001"),
    ("https://evil.example/", ""),
    ("https://dvc.laichau.gov.vn/dich-vu-cong/tra-cuu/?ma=000.00.12.H26-261125-0001",
     "000.00.12.H26-261125-0001"),
    ("Lò Văn Minh", ""),
    ("", ""),
])
def test_code_normalisation(typed, code):
    assert domain.normalize_code(typed) == code


def test_mask_keeps_first_letters_only():
    assert domain.mask("Lò Văn Minh") == "L* V** M***"
    assert "345" not in domain.mask("0912345678")


def _ev(action, to="in_processing"):
    return domain.RawEvent(action, "x", to, action)


def test_public_steps_hide_internal_actions_and_repeat_starts():
    events = [_ev("receive", "received"), _ev("route"), _ev("start"), _ev("add_note"),
              _ev("submit_for_signature"), _ev("reject"), _ev("start"), _ev("reassign"),
              _ev("approve", "result_ready"), _ev("attach"), _ev("return_result", "returned")]
    steps = domain.public_steps(events)
    assert [s.action for s in steps] == [
        "receive", "start", "submit_for_signature", "approve", "return_result"]
    assert all(s.label for s in steps)


def test_scores_need_overall_and_take_only_known_criteria_in_range():
    assert domain.check_scores({"overall": "5", "time": 3, "attitude": ""}) == {
        "overall": 5, "time": 3}
    with pytest.raises(domain.RatingError) as e:
        domain.check_scores({"time": "4"})
    assert e.value.field == "overall"
    for bad in ("0", "6", "ba", "4.5"):
        with pytest.raises(domain.RatingError):
            domain.check_scores({"overall": bad})
    with pytest.raises(domain.RatingError) as e:
        domain.check_scores({"overall": 5, "mood": 1})
    assert e.value.field == "mood"


@given(st.dictionaries(st.sampled_from([c.value for c in domain.Criterion]),
                       st.integers(1, 5), min_size=1))
def test_valid_scores_round_trip(scores):
    scores = {**scores, "overall": scores.get("overall", 3)}
    assert domain.check_scores({k: str(v) for k, v in scores.items()}) == scores


def test_every_criterion_has_a_label_and_only_returned_dossiers_are_rated():
    assert set(domain.CRITERIA) == set(domain.Criterion)
    assert domain.may_rate("returned")
    assert not any(domain.may_rate(s) for s in ("received", "result_ready", "refused"))
