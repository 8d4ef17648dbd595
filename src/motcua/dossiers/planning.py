"""The processing plan of a dossier, copied from the catalog's steps when it is assigned.

The catalog describes the whole procedure, counter included: reception (clerk), the
specialists' work, the leader's signature, hand-back (clerk). The state machine has its
own actions for reception, signature and hand-back, so the plan keeps only the work in
between; whether a signature is needed comes from the leader's step. Pure Python.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

COUNTER_ROLE = "clerk"
SIGNING_ROLE = "leader"
# When the catalog lists no work between the counter and the signature (e.g. a certified
# copy), a specialist still checks the papers and submits them for signature.
FALLBACK_STEP: dict[str, Any] = {
    "name": "Thẩm tra hồ sơ, trình ký",
    "role": "specialist",
    "duration_value": None,
    "duration_unit": "",
    "performer": "",
}


@dataclass(frozen=True)
class Plan:
    steps: tuple[dict[str, Any], ...]
    signature_required: bool


def step_dict(name: str, role: str, duration_value: Decimal | str | None, duration_unit: str,
              performer: str = "") -> dict[str, Any]:
    return {
        "name": name,
        "role": role,
        "duration_value": str(duration_value) if duration_value is not None else None,
        "duration_unit": duration_unit or "",
        "performer": performer or "",
    }


def plan_from_steps(steps: Iterable[Mapping[str, Any]]) -> Plan:
    """The machine's plan from the catalog's ordered steps."""
    work = [dict(s) for s in steps]
    while work and work[0]["role"] == COUNTER_ROLE:
        work.pop(0)
    while work and work[-1]["role"] == COUNTER_ROLE:
        work.pop()
    signature_required = any(s["role"] == SIGNING_ROLE for s in work) or not work
    work = [s for s in work if s["role"] != SIGNING_ROLE]
    if not work:
        work = [dict(FALLBACK_STEP)]
    return Plan(tuple(work), signature_required)
