"""Why the state machine refused an action."""

from __future__ import annotations

from motcua.errors import MotcuaError

from .commands import Action
from .states import Status


class TransitionError(MotcuaError):
    """An action the state machine does not allow. ``code`` tells the kind, for programs:

    - ``dossier.terminal``: the dossier is closed (409)
    - ``dossier.invalid_state``: the action does not apply in this state (409)
    - ``dossier.forbidden``: none of the actor's roles may do it (403)
    - ``dossier.not_handler``: only the official holding the dossier may do it (403)
    - ``dossier.invalid_data``: the command's data is missing or wrong (400)
    """

    STATUS_BY_CODE = {
        "dossier.terminal": 409,
        "dossier.invalid_state": 409,
        "dossier.forbidden": 403,
        "dossier.not_handler": 403,
        "dossier.invalid_data": 400,
    }

    def __init__(
        self,
        message: str,
        *,
        code: str,
        action: Action,
        from_state: Status | None,
        field: str | None = None,
    ) -> None:
        details: dict[str, str] = {"action": action.value}
        if from_state is not None:
            details["state"] = from_state.value
        if field is not None:
            details["field"] = field
        super().__init__(message, code=code, details=details)
        self.status = self.STATUS_BY_CODE.get(code, 400)
        self.action = action
        self.from_state = from_state
        self.field = field
