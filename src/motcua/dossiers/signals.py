"""What other apps hear of dossier changes (indicators, notifications), without the dossier
services knowing who listens.

``dossier_changed`` is sent by every service that writes a dossier event, inside that
service's transaction, after the row and its event are written:

    dossier_changed.send(sender=Dossier, dossier=row, before=copy_or_None, event=event_row)

- ``dossier``: the row as it is now (saved).
- ``before``: a shallow copy of the row as it was before this change, ``None`` for a new
  dossier (each member of a linked group is sent as its own new dossier).
- ``event``: the ``DossierEvent`` just written (``event.action`` says what happened).

A receiver that keeps derived data in step (rollups) writes inside the same transaction, so
the change and its consequence commit or roll back together. A receiver that talks to the
outside world (mail, SMS) must defer with ``transaction.on_commit``. The bulk demo
generator (``services/history``) does not send it; whoever derives data rebuilds after it.
"""

from __future__ import annotations

import copy
from typing import Any

from django.dispatch import Signal

dossier_changed = Signal()


def snapshot(dossier: Any) -> Any:
    """The row as it is now, for ``before``: a shallow copy, with the JSON columns copied
    so that later changes to the live row do not show through."""
    before = copy.copy(dossier)
    for name in ("steps", "missing_items", "apologies"):
        value = getattr(dossier, name, None)
        if isinstance(value, list):
            setattr(before, name, list(value))
    return before


def send(dossier: Any, before: Any, event: Any) -> None:
    from motcua.dossiers.models import Dossier

    dossier_changed.send(sender=Dossier, dossier=dossier, before=before, event=event)
