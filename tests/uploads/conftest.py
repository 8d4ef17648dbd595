"""Fixtures of the upload tests: the dossiers' shared world (units, agencies, catalog,
officials of two communes) and the real test identity provider of the portal tests,
borrowed from their conftest modules rather than copied."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def _borrow(directory: str) -> Any:
    path = HERE.parent / directory / "conftest.py"
    spec = importlib.util.spec_from_file_location(f"_uploads_{directory}_conftest", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


_dossiers = _borrow("dossiers")
_submission = _borrow("submission")

world = _dossiers.world
w = _dossiers.w
receive = _dossiers.receive
dossier_in = _dossiers.dossier_in
provider = _submission.provider
oidc = _submission.oidc


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    yield
    _dossiers._HOLDER.close_unless_next_uses(item, nextitem, "world")
