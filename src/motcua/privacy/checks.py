"""Startup checks: a mistyped privacy setting is reported by `motcua check` and at start,
not discovered by the nightly purge."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, register

from motcua.errors import InvalidInput


@register()
def privacy_settings(app_configs: Any, **kwargs: Any) -> list[Error]:
    from motcua.privacy import conf

    errors = []
    for name, read in (("MOTCUA_RETENTION", conf.retention),
                       ("MOTCUA_ACCESS_REASON_REQUIRED_FOR", conf.reason_roles)):
        try:
            read()
        except InvalidInput as exc:
            errors.append(Error(f"{name}: {exc.message}", id="motcua.privacy.E001"))
    return errors
