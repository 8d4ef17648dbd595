"""Helpers for benchmarks: timing with the same-run baseline beside each figure."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    import django

    django.setup()


def per_call(fn: Callable[[], object], *, repeat: int = 5, number: int = 1000) -> float:
    """Median seconds per call over ``repeat`` runs of ``number`` calls."""
    fn()  # warm caches
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        runs.append((time.perf_counter() - start) / number)
    return statistics.median(runs)


def report(name: str, figure: float, baseline: float, baseline_name: str, unit: str = "µs") -> None:
    scale = {"µs": 1e6, "ms": 1e3, "s": 1.0}[unit]
    ratio = figure / baseline if baseline else float("inf")
    print(
        f"{name}: {figure * scale:,.1f} {unit}/call | baseline ({baseline_name}): "
        f"{baseline * scale:,.1f} {unit}/call | ratio {ratio:,.1f}x",
        flush=True,
    )
