"""The officials' screens of the dossier lifecycle (server-rendered, htmx where it helps,
everything usable without JavaScript). Views only parse, call a service or a selector and
render; ``MotcuaError`` becomes a Vietnamese message, never a 500."""

from motcua.dossiers.views.detail import act, attachment, detail
from motcua.dossiers.views.intake import intake, procedure_suggestions
from motcua.dossiers.views.slips import register, slip
from motcua.dossiers.views.worklist import worklist

__all__ = [
    "act",
    "attachment",
    "detail",
    "intake",
    "procedure_suggestions",
    "register",
    "slip",
    "worklist",
]
