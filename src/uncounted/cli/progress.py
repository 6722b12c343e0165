"""A progress bar for long imports, shown only once a file passes a few thousand rows."""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn

THRESHOLD = 2000
PHASES = {"read": "Reading and checking", "store": "Storing"}


class ImportBar:
    """A ``progress(phase, done, total)`` callback drawing a Rich bar on ``console``."""

    def __init__(self, console: Console, threshold: int = THRESHOLD) -> None:
        self.console = console
        self.threshold = threshold
        self.progress: Progress | None = None
        self.tasks: dict[str, TaskID] = {}

    def __call__(self, phase: str, done: int, total: int | None) -> None:
        if self.progress is None:
            if done < self.threshold:
                return
            self.progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                console=self.console,
                transient=True,
            )
            self.progress.start()
        if phase not in self.tasks:
            self.tasks[phase] = self.progress.add_task(PHASES.get(phase, phase), total=total)
        self.progress.update(self.tasks[phase], completed=done, total=total)

    def __enter__(self) -> ImportBar:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.progress is not None:
            self.progress.stop()
