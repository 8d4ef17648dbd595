"""``{% load dossier_ui %}``: the worklist counts on the official's landing page, whose
view belongs to the web app and does not know the dossiers; the name of a state in the
current language."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from motcua.dossiers import selectors
from motcua.dossiers.views.translations import state_label as _state_label

register = template.Library()

LANDING_KINDS = ("new", "due_soon", "overdue", "waiting_supplement", "waiting_my_signature",
                 "mine", "result_ready")


@register.simple_tag
def dossier_worklists(user: Any) -> list[dict[str, Any]]:
    """The worklists with their counts for ``user`` (empty for anyone without a role)."""
    if not getattr(user, "is_authenticated", False) or not user.role_set:
        return []
    counts = selectors.worklist_counts(user)
    return [
        {"kind": k, "label": _(selectors.WORKLIST_KINDS[k]), "count": counts[k]}
        for k in LANDING_KINDS
    ]


@register.filter
def state_label(state: str) -> str:
    """``{{ d.state|state_label }}``: "Đã tiếp nhận" in Vietnamese, "Received" in English."""
    return _state_label(state)
