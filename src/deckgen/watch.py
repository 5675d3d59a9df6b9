"""Rebuilding a deck whenever the outline or a file it names changes."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .frozen import frozen
from .opctypes import TEMPLATE_SUFFIXES

# Files worth a rebuild while the outline is broken and its file list is unknown.
INPUT_SUFFIXES = frozenset({".yaml", ".yml", ".csv", ".png", ".jpg", ".jpeg", ".gif", ".bmp",
                            ".tif", ".tiff", ".webp"}) | TEMPLATE_SUFFIXES


@frozen
class Outcome:
    """One rebuild: its report or the error that stopped it, and the files that triggered it."""

    report: Any  # the build's Report; None when `error` is set
    error: BaseException | None
    changed: tuple[Path, ...] = ()


def _resolved(paths: Any) -> set[Path]:
    return {Path(p).resolve() for p in paths}


class Watcher:
    """Runs `build` once, then again each time one of its input files changes."""

    def __init__(self, outline: Path, build: Callable[[], Any],
                 on_outcome: Callable[[Outcome], None], *, output_dir: Path | None = None,
                 debounce_ms: int = 400, force_polling: bool | None = None) -> None:
        self.outline = outline.resolve()
        self.build = build
        self.on_outcome = on_outcome
        self.output_dir = output_dir.resolve() if output_dir else None
        self.debounce_ms = debounce_ms
        self.force_polling = force_polling
        self.files: set[Path] = {self.outline}
        self.ok = False
        self.builds = 0

    def rebuild(self, changed: tuple[Path, ...] = ()) -> Outcome:
        """Build once; a failure is reported, never raised, so watching goes on."""
        try:
            report = self.build()
        except Exception as exc:  # a broken outline or a bug must not end the watch
            self.ok = False
            outcome = Outcome(None, exc, changed)
        else:
            self.ok = True
            self.files = _resolved(getattr(report, "files", ())) | {self.outline}
            outcome = Outcome(report, None, changed)
        self.builds += 1
        self.on_outcome(outcome)
        return outcome

    def relevant(self, path: Path) -> bool:
        """Whether a change to `path` calls for a rebuild."""
        if path in self.files:
            return True
        if self.ok or path.suffix.lower() not in INPUT_SUFFIXES:
            return False
        # The outline is broken, so the file it is missing may be the one just saved.
        return self.output_dir is None or not path.is_relative_to(self.output_dir)

    def folders(self) -> list[Path]:
        """The folders to watch: those holding an input file (not recursive)."""
        return sorted({p.parent for p in self.files if p.parent.is_dir()})

    def run(self, *, stop: threading.Event | None = None, max_builds: int | None = None,
            first: bool = True) -> int:
        """Build (unless `first` is False: the caller built already), then rebuild on every
        change until `stop` is set or `max_builds` is reached; returns the number of builds."""
        import watchfiles

        if first:
            self.rebuild()
        while not (stop and stop.is_set()) and not self._enough(max_builds):
            folders = self.folders()
            restarted = False
            for changes in watchfiles.watch(*folders, stop_event=stop, recursive=False,
                                            debounce=self.debounce_ms,
                                            force_polling=self.force_polling):
                changed = tuple(sorted(p for p in _resolved(path for _, path in changes)
                                       if self.relevant(p)))
                if not changed:
                    continue
                self.rebuild(changed)
                if self._enough(max_builds):
                    return self.builds
                if self.folders() != folders:  # an include or asset in a new folder
                    restarted = True
                    break
            if not restarted:
                break
        return self.builds

    def _enough(self, max_builds: int | None) -> bool:
        return max_builds is not None and self.builds >= max_builds
