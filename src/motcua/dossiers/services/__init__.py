"""The only writers of dossiers (DESIGN: services). Each function is one transaction and
writes exactly one hash-chained ``DossierEvent``.

    receive_dossier(clerk, procedure_code=..., applicant_name=..., ...) -> Dossier
    assign(official, code, handler=...)            start(official, code)
    forward(official, code, handler=...)           reassign(official, code, handler=...)
    request_supplement(official, code, missing_items=[...])
    receive_supplement(official, code)             submit_for_signature(official, code)
    approve(official, code)                        reject(official, code, reason=...)
    attach_result(official, code, file=..., electronic=True)
    mark_result_ready(official, code)              return_result(official, code, collected_by=...)
    refuse(official, code, reason=...)             withdraw(official, code)
    stop(official, code, reason=...)               transfer(official, code, to_agency=...)
    receive_back(official, code)                   apologize(official, code, reason=..., new_due_at=...)
    add_note(official, code, text=..., file=None)  add_attachment(official, code, file=..., kind=...)

``code`` is a dossier code or a ``Dossier``. See docs/dossier-lifecycle.md.
"""

from motcua.dossiers.services.actions import (
    apologize,
    approve,
    assign,
    forward,
    mark_result_ready,
    notice_in_time,
    reassign,
    receive_back,
    receive_supplement,
    refuse,
    reject,
    request_supplement,
    return_result,
    start,
    stop,
    submit_for_signature,
    transfer,
    withdraw,
)
from motcua.dossiers.services.annotations import add_attachment, add_note, attach_result
from motcua.dossiers.services.intake import DocumentLine, receive_dossier
from motcua.dossiers.services.tokens import create_api_token, official_for_token, revoke_api_token

__all__ = [
    "DocumentLine",
    "add_attachment",
    "add_note",
    "apologize",
    "approve",
    "assign",
    "attach_result",
    "create_api_token",
    "forward",
    "mark_result_ready",
    "notice_in_time",
    "official_for_token",
    "reassign",
    "receive_back",
    "receive_dossier",
    "receive_supplement",
    "refuse",
    "reject",
    "request_supplement",
    "return_result",
    "revoke_api_token",
    "start",
    "stop",
    "submit_for_signature",
    "transfer",
    "withdraw",
]
