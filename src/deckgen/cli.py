"""The command line: parse options, call one function, print the report."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path
from typing import Any

import click

from . import __version__
from .errors import DeckgenError

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class _Out:
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


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="deckgen")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors and the output path.")
@click.option("-v", "--verbose", is_flag=True, help="Print every step, and tracebacks of "
              "internal errors.")
@click.pass_context
def cli(ctx: click.Context, quiet: bool, verbose: bool) -> None:
    """Turn one YAML outline into a finished PowerPoint deck.

    \b
    Quick start:
      deckgen build outline.yaml     writes output/outline.pptx
      deckgen check outline.yaml     validates, reports layout and timing; writes nothing

    The outline format is described in the README and by `deckgen schema`.
    """
    ctx.obj = _Out(quiet, verbose)


def _outline_arg() -> Any:
    return click.argument("outline", type=click.Path(path_type=Path, dir_okay=False))


_allow_outside = click.option(
    "--allow-outside", is_flag=True,
    help="Allow images, CSV files, templates and included chapters outside the outline's "
    "folder.")


def _print_report(report: Any, out: _Out, *, wrote: bool) -> None:
    from .report import render_report

    text = render_report(report, verbose=out.verbose)
    if out.quiet:
        if wrote and report.output:
            click.echo(str(report.output))
        return
    click.echo(text)


@cli.command(context_settings=CONTEXT)
@_outline_arg()
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Where to write the deck (default: output/<outline name>.pptx beside the "
              "outline).")
@click.option("--no-cache", is_flag=True, help="Draw every chart again instead of using the "
              "chart cache.")
@_allow_outside
@click.pass_obj
def build(out: _Out, outline: Path, output: Path | None, no_cache: bool,
          allow_outside: bool) -> None:
    """Build the deck for OUTLINE.

    Everything is checked before anything is written: a broken outline leaves the previous
    deck untouched. Charts are also saved as PNG files under output/charts/.
    """
    from .pipeline import build as run

    try:
        report = run(outline, output, allow_outside=allow_outside, use_cache=not no_cache,
                     progress=out.progress)
    finally:
        out.done()
    _print_report(report, out, wrote=True)


@cli.command(context_settings=CONTEXT)
@_outline_arg()
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 1).")
@_allow_outside
@click.pass_obj
def check(out: _Out, outline: Path, strict: bool, allow_outside: bool) -> None:
    """Validate OUTLINE and report slides, layout and timing, without writing a deck."""
    from .pipeline import check as run

    report = run(outline, allow_outside=allow_outside)
    _print_report(report, out, wrote=False)
    if strict and report.warnings:
        raise DeckgenError(f"{len(report.warnings)} warning(s) and --strict was given")


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, turning unexpected failures into one clear line."""
    verbose = "-v" in (argv or sys.argv) or "--verbose" in (argv or sys.argv)
    try:
        cli.main(args=argv, prog_name="deckgen", standalone_mode=False)
    except DeckgenError as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("interrupted; the previous deck is untouched.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("\ninterrupted; the previous deck is untouched.", err=True)
        sys.exit(130)
    except Exception as exc:  # a bug in deckgen, not a user mistake
        if verbose:
            traceback.print_exc()
        click.echo(f"deckgen: internal error: {type(exc).__name__}: {exc}\n"
                   "This is a bug in deckgen; run again with --verbose for details and "
                   "report it.", err=True)
        sys.exit(1)
