"""Runs every benchmark in bench/ (files named bench_*.py), each printing its figure and
the same-run baseline it is compared with."""

from __future__ import annotations

import os
import runpy
import sys
from pathlib import Path


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    here = Path(__file__).parent
    benches = sorted(here.glob("bench_*.py"))
    if not benches:
        print("bench: no benchmarks yet")
        return 0
    for path in benches:
        print(f"== {path.name} ==", flush=True)
        runpy.run_path(str(path), run_name="__main__")
    return 0


if __name__ == "__main__":
    sys.exit(main())
