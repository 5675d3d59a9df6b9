"""The terminal side of the command line (:mod:`deckgen.cli` is the switchboard): where
messages go (--quiet, --verbose, progress on a terminal), the options every command shares,
printing a report, and SIGTERM/SIGHUP handled like Ctrl-C with the exit code a shell
expects."""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from . import __version__

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class Out:
    """Where messages go, honouring --quiet and --verbose."""

    def __init__(self, quiet: bool = False, verbose: bool = False) -> None:
        self.quiet, self.verbose = quiet, verbose
        self.tty = sys.stderr.isatty()

    def progress(self, message: str) -> None:
        if self.quiet:
            return
        if self.tty:
            click.echo(f"\r\033[K… {message}", nl=False, err=True)
        elif self.verbose:
            click.echo(f"… {message}", err=True)

    def done(self) -> None:
        if self.tty and not self.quiet:
            click.echo("\r\033[K", nl=False, err=True)

    def info(self, message: str) -> None:
        if not self.quiet:
            click.echo(message)


def _set_flag(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    if value:
        setattr(ctx.ensure_object(Out), str(param.name), True)
    return value


def common(f: Callable[..., Any]) -> Callable[..., Any]:
    """-q/-v/-V accepted after the command too: `deckgen build outline.yaml -q`."""
    f = click.version_option(__version__, "-V", "--version", prog_name="deckgen")(f)
    f = click.option("-v", "--verbose", is_flag=True, expose_value=False, callback=_set_flag,
                     help="Print every step, and tracebacks of internal errors.")(f)
    return click.option("-q", "--quiet", is_flag=True, expose_value=False, callback=_set_flag,
                        help="Print only errors and the files written.")(f)


def outline_arg() -> Any:
    return click.argument("outline", type=click.Path(path_type=Path, dir_okay=False))


allow_outside_option = click.option(
    "--allow-outside", is_flag=True,
    help="Allow images, CSV files, templates and included chapters outside the outline's "
    "folder.")

output_option = click.option(
    "-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
    help="Where to write the deck (default: output/<outline name>.pptx beside the outline).")


def print_report(report: Any, out: Out, *, wrote: bool) -> None:
    from .report import render_report

    text = render_report(report, verbose=out.verbose)
    if out.quiet:
        if wrote and report.output:
            click.echo(str(report.output))
        return
    click.echo(text)


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised wherever the program is, so that it stops as on Ctrl-C:
    temporary files removed, the previous deck kept."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _stop(signum: int, frame: Any) -> None:
    raise Stopped(signum)


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP (a closed terminal) handled like Ctrl-C while a command runs."""
    wanted = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers
        return
    before = {s: signal.signal(s, _stop) for s in wanted}
    try:
        yield
    finally:
        for s, handler in before.items():
            signal.signal(s, handler)


def interrupted(exc: BaseException | None, newline: bool) -> None:
    """Exit as a shell expects of a signal: 128 + its number (130 for Ctrl-C)."""
    click.echo(("\n" if newline else "") + "interrupted; the previous deck is untouched.",
               err=True)
    sys.exit(128 + (exc.signum if isinstance(exc, Stopped) else signal.SIGINT))
