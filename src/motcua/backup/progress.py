"""Progress of the long steps: silent for tests and scripts, rich bars on a terminal."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

Advance = Callable[..., None]  # advance(n, total=None)


class Silent:
    def say(self, text: str) -> None:
        pass

    @contextmanager
    def task(self, description: str, total: int | None, *, as_bytes: bool = False) -> Iterator[Advance]:
        yield lambda n, total=None: None


class Bars(Silent):
    """One rich bar per step on stderr (stdout stays for the summary)."""

    def __init__(self, write: Callable[[str], Any]) -> None:
        self._write = write

    def say(self, text: str) -> None:
        self._write(text)

    @contextmanager
    def task(self, description: str, total: int | None, *, as_bytes: bool = False) -> Iterator[Advance]:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        count = DownloadColumn() if as_bytes else MofNCompleteColumn()
        with Progress(TextColumn(description), BarColumn(), count, TimeElapsedColumn(),
                      console=Console(file=sys.stderr), transient=True) as bar:
            task = bar.add_task(description, total=total)
            yield lambda n, total=None: bar.update(task, advance=n, total=total)
