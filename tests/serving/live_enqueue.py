"""Run in a separate process by test_worker.py: builds Bình Lư's world in the live
database and receives one dossier whose applicant gave an email address. With the
database task backend the delivery is only queued; prints the dossier's code."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import django

django.setup()

from django.conf import settings  # noqa: E402

settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

spec = importlib.util.spec_from_file_location(
    "live_dossier_world", Path(__file__).resolve().parents[1] / "dossiers" / "conftest.py")
assert spec is not None and spec.loader is not None
dw = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = dw
spec.loader.exec_module(dw)

from motcua.accounts.domain import Role  # noqa: E402
from motcua.dossiers import services  # noqa: E402

world = dw._build()
data = {**dw.APPLICANT, "applicant_email": sys.argv[1]}
data["documents"] = dw.complete_documents(dw.BIRTH)
dossier = services.receive_dossier(world.own[Role.CLERK], procedure_code=dw.BIRTH, **data)
print(dossier.code)
