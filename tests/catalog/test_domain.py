"""Pure rules: time limits in words, step plans, edit distance, ranking."""

import unicodedata
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from motcua.catalog.domain.rules import (
    Limit,
    LimitUnit,
    Step,
    StepUnit,
    describe_fee,
    describe_limit,
    limit_problem,
    parse_decimal,
    split_list,
    steps_problem,
)
from motcua.catalog.domain.search import SearchDoc, SearchIndex, within_one_edit


def test_limits_in_plain_words():
    assert describe_limit(Decimal(3), "days") == "3 ngày làm việc"
    assert describe_limit(Decimal("0.5"), "days") == "0,5 ngày làm việc"
    assert describe_limit(Decimal(4), "hours") == "4 giờ làm việc"
    assert describe_limit(Decimal(1), "same_day") == "Trong ngày"


def test_fees_in_plain_words():
    assert describe_fee(8000) == "8.000 đồng"
    assert describe_fee(0) == "Không thu phí, lệ phí"
    assert describe_fee(None, "Theo nghị quyết HĐND tỉnh") == "Theo nghị quyết HĐND tỉnh"


def test_limit_problems():
    assert limit_problem(Decimal(3), "days") is None
    assert limit_problem(Decimal(1), "same_day") is None
    assert "lớn hơn 0" in limit_problem(Decimal(0), "days")
    assert "không hợp lệ" in limit_problem(Decimal(3), "weeks")
    assert limit_problem(None, "days") == "thiếu thời hạn giải quyết"


def test_steps_must_add_up_in_the_limit_unit():
    limit = Limit(Decimal(3), LimitUnit.DAYS)
    ok = [Step("a", Decimal("0.5"), StepUnit.DAYS), Step("b", Decimal("2.5"), StepUnit.DAYS)]
    assert steps_problem(limit, ok) is None
    short = ok[:1]
    assert "khác thời hạn" in steps_problem(limit, short)
    mixed = [Step("a", Decimal(24), StepUnit.HOURS)]
    assert "dùng đơn vị khác" in steps_problem(limit, mixed)
    assert steps_problem(limit, []) is None


def test_same_day_steps_are_hours_within_one_day():
    limit = Limit(Decimal(1), LimitUnit.SAME_DAY)
    assert steps_problem(limit, [Step("a", Decimal(8), StepUnit.HOURS)]) is None
    assert "vượt quá" in steps_problem(limit, [Step("a", Decimal(9), StepUnit.HOURS)])
    assert "bằng giờ" in steps_problem(limit, [Step("a", Decimal(1), StepUnit.DAYS)])


@given(st.lists(st.integers(min_value=1, max_value=40), min_size=1, max_size=8))
def test_steps_summing_to_the_limit_always_pass(parts):
    steps = [Step(f"b{i}", Decimal(n) / 2, StepUnit.DAYS) for i, n in enumerate(parts)]
    total = sum(s.duration for s in steps)
    assert steps_problem(Limit(total, LimitUnit.DAYS), steps) is None
    assert steps_problem(Limit(total + Decimal("0.5"), LimitUnit.DAYS), steps) is not None


def test_parse_decimal_and_lists():
    assert parse_decimal("0,5") == Decimal("0.5")
    assert parse_decimal(3.0) == Decimal(3)
    assert parse_decimal("ba") is None and parse_decimal(True) is None
    assert split_list("a\nb; c\n\n") == ["a", "b", "c"]


def _levenshtein(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


@given(st.text(alphabet="abch", max_size=7), st.text(alphabet="abch", max_size=7))
def test_within_one_edit_agrees_with_levenshtein(a, b):
    assert within_one_edit(a, b) == (_levenshtein(a, b) <= 1)
    assert within_one_edit(a, b) == within_one_edit(b, a)


DOCS = [
    SearchDoc("1.001193", "Đăng ký khai sinh", "ho-tich", "Hộ tịch", ("làm giấy khai sinh",)),
    SearchDoc("1.004884", "Đăng ký lại khai sinh", "ho-tich", "Hộ tịch"),
    SearchDoc("1.000894", "Đăng ký kết hôn", "ho-tich", "Hộ tịch"),
    SearchDoc("2.000815", "Chứng thực bản sao từ bản chính", "chung-thuc", "Chứng thực"),
]
INDEX = SearchIndex(DOCS, synonyms=[("công chứng", "chứng thực bản sao")],
                    stop_words=["làm", "giấy", "thủ tục"])


def test_ranking_is_best_first_and_deterministic():
    codes = [h.code for h in INDEX.search("khai sinh")]
    assert codes == ["1.001193", "1.004884"]
    assert INDEX.search("thủ tục công chứng")[0].code == "2.000815"
    assert INDEX.search("khai sinh", field_code="chung-thuc") == []
    assert INDEX.search("") == [] and INDEX.search("   ") == []
    assert INDEX.search("1.000894")[0].code == "1.000894"


def test_filler_only_query_still_searches():
    assert INDEX.search("giấy")  # nothing but filler: the words are kept


@given(st.sampled_from(["khai sinh", "kết hôn", "chứng thực bản sao", "đăng ký lại"]))
def test_nfd_and_folded_queries_rank_like_nfc(query):
    nfc_hits = INDEX.search(query)
    assert INDEX.search(unicodedata.normalize("NFD", query)) == nfc_hits
    assert INDEX.search(query.upper()) == nfc_hits
