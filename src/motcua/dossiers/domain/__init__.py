"""Pure rules of the one-stop-shop dossier (hồ sơ một cửa): no Django, no database.

- ``states``: statuses, the ``DossierState`` value, invariants
- ``commands``: one command per action; ``Actor``
- ``rules``: the transition table (state × action → roles, target), ``allowed_actions``
- ``machine``: ``receive`` and ``apply`` (→ new state + one ``Event``)
- ``effects``: what each action does to the state; ``errors``: ``TransitionError``
- ``audit``: the events' hash chain
- ``codes``: dossier codes ``<agency>-YYMMDD-XXXX``
- ``identity``: personal identification numbers, masking of personal data

See docs/dossier-lifecycle.md.
"""

from .audit import BrokenLink, ChainedEvent, chain, chain_events, event_hash, verify_chain
from .codes import DossierCode, format_code, next_sequence, parse_code
from .commands import (
    ACTION_LABELS,
    Action,
    Actor,
    ApologizeAndReschedule,
    Approve,
    Command,
    Forward,
    MarkResultReady,
    Reassign,
    Receive,
    ReceiveBack,
    ReceiveSupplement,
    Refuse,
    Reject,
    RequestSupplement,
    ReturnResult,
    Route,
    Start,
    Stop,
    SubmitForSignature,
    Transfer,
    Withdraw,
)
from .errors import TransitionError
from .events import Event
from .identity import (
    PersonalIdInfo,
    mask_email,
    mask_personal_id,
    mask_phone,
    validate_personal_id,
)
from .machine import apply, receive
from .rules import TRANSITIONS, allowed_actions
from .states import (
    SETTLED,
    STATUS_LABELS,
    TERMINAL,
    Apology,
    Channel,
    DossierState,
    Pause,
    ReturnChannel,
    Status,
    invariant_violations,
)

__all__ = [
    "ACTION_LABELS",
    "SETTLED",
    "STATUS_LABELS",
    "TERMINAL",
    "TRANSITIONS",
    "Action",
    "Actor",
    "ApologizeAndReschedule",
    "Apology",
    "Approve",
    "BrokenLink",
    "ChainedEvent",
    "Channel",
    "Command",
    "DossierCode",
    "DossierState",
    "Event",
    "Forward",
    "MarkResultReady",
    "Pause",
    "PersonalIdInfo",
    "Reassign",
    "Receive",
    "ReceiveBack",
    "ReceiveSupplement",
    "Refuse",
    "Reject",
    "RequestSupplement",
    "ReturnChannel",
    "ReturnResult",
    "Route",
    "Start",
    "Status",
    "Stop",
    "SubmitForSignature",
    "Transfer",
    "TransitionError",
    "Withdraw",
    "allowed_actions",
    "apply",
    "chain",
    "chain_events",
    "event_hash",
    "format_code",
    "invariant_violations",
    "mask_email",
    "mask_personal_id",
    "mask_phone",
    "next_sequence",
    "parse_code",
    "receive",
    "validate_personal_id",
    "verify_chain",
]
