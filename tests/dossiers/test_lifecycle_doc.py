"""docs/dossier-lifecycle.md describes the transition table the code enforces."""

from __future__ import annotations

import re
from pathlib import Path

from motcua.accounts.domain import Role
from motcua.dossiers.domain import TRANSITIONS, Action, Status

DOC = Path(__file__).resolve().parents[2] / "docs" / "dossier-lifecycle.md"


def render_transition_table() -> str:
    order = list(Role)
    lines = [
        "| from | action | to | roles (★ only while holding the dossier) |",
        "| --- | --- | --- | --- |",
    ]
    for t in TRANSITIONS:
        roles = ", ".join(
            role.value + ("★" if role in t.handler_bound else "")
            for role in sorted(t.roles, key=order.index)
        )
        target = t.target.value if t.target else "(status before the wait)"
        lines.append(f"| {t.source.value} | {t.action.value} | {target} | {roles} |")
    return "\n".join(lines)


def test_transition_table_in_the_doc_matches_the_code():
    text = DOC.read_text(encoding="utf-8")
    match = re.search(r"<!-- transitions:start -->\n(.*?)\n<!-- transitions:end -->", text, re.S)
    assert match, "markers missing in docs/dossier-lifecycle.md"
    expected = render_transition_table()
    assert match.group(1) == expected, "paste this table into the doc:\n" + expected


def test_diagram_names_every_status_and_action():
    text = DOC.read_text(encoding="utf-8")
    diagram = text.split("```mermaid", 1)[1].split("```", 1)[0]
    for status in Status:
        assert status.value in diagram, status
    for action in Action:
        word = "apologize" if action is Action.APOLOGIZE else action.value
        assert word in diagram, action
