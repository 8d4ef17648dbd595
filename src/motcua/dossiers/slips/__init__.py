"""The official slips of the one-stop-shop process as PDF (Phụ lục I, Thông tư 03/2025/TT-VPCP).

Fill the view models of ``data`` and call one function of ``render`` per form; the register
also exports to XLSX (``register_xlsx``). See docs/slips.md.
"""

import importlib

from .data import (
    CHANNEL_LABELS,
    DOCUMENT_FORM_LABELS,
    TIMELINESS_LABELS,
    AgencyHeader,
    Applicant,
    DocumentForm,
    DocumentLine,
    HandOver,
    MissingItem,
    Register,
    RegisterRow,
    Signer,
    SlipDossier,
    Timeliness,
)

# WeasyPrint and openpyxl load only when a slip is rendered: services that merely build the
# view models do not pay for them.
_LAZY = {
    "LocalFileFetcher": "pdf",
    "register_xlsx": "xlsx",
    "apology_pdf": "render",
    "control_slip_pdf": "render",
    "receipt_pdf": "render",
    "refusal_pdf": "render",
    "register_pdf": "render",
    "stop_notice_pdf": "render",
    "supplement_request_pdf": "render",
}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        module = importlib.import_module(f"{__name__}.{_LAZY[name]}")
        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "CHANNEL_LABELS",
    "DOCUMENT_FORM_LABELS",
    "TIMELINESS_LABELS",
    "AgencyHeader",
    "Applicant",
    "DocumentForm",
    "DocumentLine",
    "HandOver",
    "LocalFileFetcher",
    "MissingItem",
    "Register",
    "RegisterRow",
    "Signer",
    "SlipDossier",
    "Timeliness",
    "apology_pdf",
    "control_slip_pdf",
    "receipt_pdf",
    "refusal_pdf",
    "register_pdf",
    "register_xlsx",
    "stop_notice_pdf",
    "supplement_request_pdf",
]
