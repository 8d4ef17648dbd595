"""Procedure search: the ranked, diacritics- and typo-tolerant index over a province-sized
catalog (the 44 shipped procedures replicated to 400, the size of a commune's official
list), against the same-run baseline of a naive folded-substring scan of the same names."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _common import per_call, report, setup_django  # noqa: E402

setup_django()

from motcua.catalog.domain import SearchDoc, build_index  # noqa: E402
from motcua.catalog.selectors import search_data  # noqa: E402
from motcua.text import fold  # noqa: E402

data_dir = Path(__file__).parents[1] / "src" / "motcua" / "catalog" / "data"
raw = json.loads((data_dir / "procedures.json").read_text(encoding="utf-8"))
procs = raw["procedures"] if isinstance(raw, dict) else raw
docs = []
for copy in range(10):
    for p in procs:
        docs.append(
            SearchDoc(
                code=f"{p['code']}-{copy}",
                name=p["name"] if copy == 0 else f"{p['name']} (mẫu {copy})",
                field_code=str(p.get("field", "")),
                aliases=tuple(p.get("aliases", ())),
            )
        )
docs = docs[:400]
index = build_index(docs, search_data())
queries = ["lam giay khai sinh", "sổ đỏ", "xin giấy xác nhận độc thân", "đăng ký kinh doanh hộ",
           "khai sinh cho con", "chung thuc ban sao", "giay phep xay dung", "ket hon"]
folded_names = [(d.code, fold(d.name)) for d in docs]
state = {"i": 0}


def one_search():
    state["i"] += 1
    return index.search(queries[state["i"] % len(queries)], limit=20)


def one_naive():
    state["i"] += 1
    q = fold(queries[state["i"] % len(queries)])
    return [c for c, n in folded_names if q in n][:20]


print(f"catalog size: {len(docs)} procedures, {len(queries)} queries")
report("catalog index.search (ranked, 400 procedures)", per_call(one_search, number=200),
       per_call(one_naive, number=200), "naive folded substring scan")
