"""User-facing errors: outline mistakes and build failures."""

from __future__ import annotations

from typing import IO, Any

import click

from .frozen import frozen


@frozen
class Problem:
    """One mistake in an outline, located by file, line, column and key path."""

    file: str
    line: int
    column: int
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


class DeckgenError(click.ClickException):
    """Base of every error deckgen shows to a user instead of a traceback."""

    exit_code = 1

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"error: {self.format_message()}", err=True, file=file)


class OutlineError(DeckgenError):
    """The outline (or a file it names) is wrong; carries every problem found."""

    exit_code = 2

    def __init__(self, problems: list[Problem], hint: str | None = None) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line, p.column))
        self.hint = hint
        super().__init__(self._text())

    def _text(self) -> str:
        lines = [str(p) for p in self.problems]
        n = len(self.problems)
        lines.append(f"{n} problem{'s' if n != 1 else ''} found; nothing was written.")
        if self.hint:
            lines.append(self.hint)
        return "\n".join(lines)

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(self.format_message(), err=True, file=file)


class BuildError(DeckgenError):
    """A failure outside the outline: output not writable, broken template, …"""
