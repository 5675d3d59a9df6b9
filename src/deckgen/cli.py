"""The command line: parse options, call one function, print the report."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import click

from . import __version__
from .console import (
    CONTEXT,
    Out,
    allow_outside_option,
    common,
    interrupted,
    outline_arg,
    output_option,
    print_report,
    stop_on_signals,
)
from .errors import DeckgenError
from .yamlstart import prepare as prepare_yaml

prepare_yaml()  # before a command first imports PyYAML (with the outline reader): 7 ms less


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="deckgen")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors and the files written.")
@click.option("-v", "--verbose", is_flag=True, help="Print every step, and tracebacks of "
              "internal errors.")
@click.pass_context
def cli(ctx: click.Context, quiet: bool, verbose: bool) -> None:
    """Turn one YAML outline into a finished PowerPoint deck.

    \b
    Quick start:
      deckgen init my-talk           a starter outline to edit, in my-talk/
      deckgen build outline.yaml     writes output/outline.pptx
      deckgen check outline.yaml     validates, reports layout and timing; writes nothing
      deckgen watch outline.yaml     rebuilds whenever you save
      deckgen serve outline.yaml     the slides in your browser, redrawn as you type
      deckgen preview outline.yaml   builds, then a PDF and a picture of every slide
      deckgen export outline.yaml    a PDF, hand-outs, booklets, PNGs; no office suite
      deckgen notes outline.yaml     the speaker notes as a rehearsal script
      deckgen pull DECK.pptx         co-presenters' edits back into the outline

    Every key of the outline is listed by `deckgen schema --markdown` and in the README.
    """
    ctx.obj = Out(quiet, verbose)


def _build(out: Out, outline: Path, output: Path | None, *, allow_outside: bool,
           use_cache: bool = True, force: bool = False, warm: bool = False) -> Any:
    from .pipeline import build as run

    try:
        return run(outline, output, allow_outside=allow_outside, use_cache=use_cache,
                   force=force, warm=warm, progress=out.progress)
    finally:
        out.done()


@cli.command(context_settings=CONTEXT, short_help="Build the deck for OUTLINE.")
@outline_arg()
@output_option
@click.option("--no-cache", is_flag=True, help="Draw every chart again instead of using the "
              "chart cache.")
@click.option("--force", is_flag=True, help="Build even over a deck that was edited since it "
              "was built, or that deckgen did not write: that deck is kept beside the new one "
              "as <name>.edited-<time>.pptx.")
@allow_outside_option
@common
@click.pass_obj
def build(out: Out, outline: Path, output: Path | None, no_cache: bool, force: bool,
          allow_outside: bool) -> None:
    """Build the deck for OUTLINE.

    Everything is checked before anything is written: a broken outline leaves the previous
    deck untouched. Charts are also saved as PNG files under output/charts/.

    A deck at the output path is replaced only when deckgen can show it is exactly what it
    wrote there, or a deck whose every change a pull brought into the outline. Any other
    difference (a text, notes, chart numbers, a picture, formatting, the manifest removed,
    a file deckgen never wrote) stops the build, naming each slide and what changed there.
    Bring the edits into the outline with `deckgen pull`, or build with --force, which keeps
    the edited deck beside the new one.

    \b
    Example:
      deckgen build outline.yaml                 writes output/outline.pptx
      deckgen build outline.yaml -o talk.pptx
    """
    report = _build(out, outline, output, allow_outside=allow_outside, use_cache=not no_cache,
                    force=force)
    print_report(report, out, wrote=True)


@cli.command(context_settings=CONTEXT, short_help="Validate and report, without writing a deck.")
@outline_arg()
@click.option("--strict", is_flag=True, help="Treat warnings and accessibility findings as "
              "errors (exit 1).")
@click.option("--layouts", is_flag=True, help="List the template's layouts instead: their "
              "placeholders and which kinds of slide each holds (OUTLINE may also be the "
              "template file itself).")
@allow_outside_option
@common
@click.pass_obj
def check(out: Out, outline: Path, strict: bool, layouts: bool, allow_outside: bool) -> None:
    """Validate OUTLINE and report slides, layout, timing and accessibility, without
    writing a deck.

    Exits with 2 when the outline has errors (each names its file, line and key), and with 1
    under --strict when there are warnings, such as a slide without notes, or accessibility
    findings, such as a picture without alt text.

    With --layouts, lists the layouts of the outline's template (theme.template, or the
    default theme; or of a .pptx/.potx given instead of the outline): each layout's
    placeholders (type, x,y position and width×height in points), the kinds of slide
    deckgen puts on it by itself, those it holds when the outline names it (`layout:` on a
    slide, or theme.layouts) and those it refuses, with why.

    \b
    Example:
      deckgen check outline.yaml --strict
      deckgen check outline.yaml --layouts       the names to write in layout:
      deckgen check school.potx --layouts
    """
    from .a11y import problems
    from .pipeline import check as run

    if layouts:
        from .layout.choice import survey
        from .pipeline import template_of
        from .source import display_name

        path, info = template_of(outline, allow_outside=allow_outside)
        click.echo("\n".join(survey(info, display_name(path))))
        return
    from .opctypes import TEMPLATE_SUFFIXES

    if outline.suffix.lower() in TEMPLATE_SUFFIXES:
        raise click.UsageError(f"{outline.name} is a PowerPoint file, not an outline; list its "
                               f"layouts with `deckgen check {outline.name} --layouts`")
    report = run(outline, allow_outside=allow_outside)
    print_report(report, out, wrote=False)
    if strict and (report.warnings or problems(report.accessibility)):
        found = [f"{len(report.warnings)} warning(s)"] if report.warnings else []
        if problems(report.accessibility):
            found.append(f"{len(problems(report.accessibility))} accessibility finding(s)")
        raise DeckgenError(f"{' and '.join(found)} and --strict was given")


@cli.command(context_settings=CONTEXT, short_help="Start a new talk from a starter outline.")
@click.argument("folder", required=False, default=".",
                type=click.Path(path_type=Path, file_okay=False))
@common
@click.pass_obj
def init(out: Out, folder: Path) -> None:
    """Start a new talk in FOLDER (default: here) from a commented starter outline.

    Writes outline.yaml (every key explained in Chinese and English), assets/data/ with one
    CSV file for the example chart, and outline.schema.json so editors such as VS Code
    complete and check keys. Existing files are never overwritten.

    \b
    Example:
      deckgen init my-talk && cd my-talk && deckgen build outline.yaml
    """
    from .scaffold import init_project
    from .source import display_name

    written = init_project(folder)
    if out.quiet:
        click.echo("\n".join(display_name(p) for p in written))
        return
    click.echo("wrote " + ", ".join(display_name(p) for p in written))
    outline = display_name(folder / "outline.yaml")
    click.echo(f"next: edit {outline}, then run `deckgen build {outline}`")


@cli.command(context_settings=CONTEXT, short_help="Print the outline's JSON Schema.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Write to this file instead of printing.")
@click.option("--markdown", is_flag=True, help="The outline reference as Markdown tables "
              "instead of the JSON Schema.")
@click.option("--template", "template", type=click.Path(path_type=Path, dir_okay=False),
              help="Offer this template's layout names for `layout:` and theme.layouts: a "
              ".pptx/.potx, or an outline whose theme.template is used.")
@allow_outside_option
@common
@click.pass_obj
def schema(out: Out, output: Path | None, markdown: bool, template: Path | None,
           allow_outside: bool) -> None:
    """Print the outline's JSON Schema (draft 2020-12), for editors and other tools.

    With the schema, editors complete keys and flag mistakes as you type. In VS Code (YAML
    extension) put this first line in the outline:

    \b
      # yaml-language-server: $schema=outline.schema.json

    With --template, a slide's `layout` and the values of theme.layouts are limited to that
    template's layout names, so the editor offers them.

    \b
    Example:
      deckgen schema -o outline.schema.json
      deckgen schema --template outline.yaml -o outline.schema.json
      deckgen schema --markdown          every key, its type and meaning
    """
    from .schema import reference_markdown, schema_text

    if template is not None and markdown:
        raise click.UsageError("--template makes a JSON Schema; it cannot go with --markdown")
    text = reference_markdown() if markdown else schema_text()
    if template is not None:
        import json

        from .pipeline import template_of
        from .schema import with_layouts
        from .source import display_name
        from .template.roles import layout_names

        path, info = template_of(template, allow_outside=allow_outside)
        text = json.dumps(with_layouts(json.loads(text), layout_names(info.every),
                                       path.name), ensure_ascii=False, indent=2) + "\n"
        if output is not None:
            out.info(f"layouts of {display_name(path)}: {', '.join(layout_names(info.every))}")
    if output is None:
        click.echo(text, nl=False)
        return
    from .source import display_name
    from .write import write_atomic

    write_atomic(output, text.encode("utf-8"))
    out.info(f"wrote {display_name(output)}")


def _summary(report: Any) -> str:
    from .source import display_name

    n = len(report.warnings)
    warned = f", {n} warning{'s' if n != 1 else ''}" if n else ""
    return (f"{len(report.plan.slides)} slides, {report.timing.total_minutes:.1f} min"
            f"{warned} → {display_name(report.output)}")


@cli.command(context_settings=CONTEXT, short_help="Live preview in the browser.")
@outline_arg()
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on; when it is busy, the next free one.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but a loopback address (127.0.0.1, ::1, "
              "localhost) lets other machines see the talk.")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="Also answer requests that name this host (a name others use to reach "
              "this machine). Pages are answered only for loopback names, the --host address "
              "and these, so no other web site can read the talk (DNS rebinding).")
@click.option("--no-open", is_flag=True, help="Do not open the browser.")
@allow_outside_option
@common
@click.pass_obj
def serve(out: Out, outline: Path, port: int, host: str, allow_hosts: tuple[str, ...],
          no_open: bool, allow_outside: bool) -> None:
    """Show OUTLINE's slides in the browser, redrawn each time you save.

    Every slide as it will look, with its notes, presenter and minutes beside it, the
    timing table and warnings; a mistake shows as a banner over the last good slides.
    Keys: arrows or j/k move, Home/End, a number and Enter jumps, p opens the presenter
    view (current and next slide, notes, a timer). Writes no deck. Stop with Ctrl-C.

    \b
    Example:
      deckgen serve outline.yaml               opens http://127.0.0.1:8000/
      deckgen serve outline.yaml --no-open --port 9000
      deckgen serve outline.yaml --host 0.0.0.0 --allow-host talk.local
    """
    from .serve import run

    if not outline.is_file():
        raise click.BadParameter(f"no such file: {outline}", param_hint="OUTLINE")
    def say(message: str) -> None:
        # --quiet keeps what a user must see: where the page is, and the host warning
        if not out.quiet or message.startswith(("live preview", "warning")):
            click.echo(message)

    try:
        run(outline, host=host.strip().strip("[]"), port=port,
            open_browser=not no_open and sys.stdout.isatty(), allow_outside=allow_outside,
            echo=say, allow_hosts=allow_hosts)
    except KeyboardInterrupt:
        click.echo("stopped.", err=True)


@cli.command(context_settings=CONTEXT, short_help="Rebuild the deck whenever a file changes.")
@outline_arg()
@output_option
@allow_outside_option
@common
@click.pass_obj
def watch(out: Out, outline: Path, output: Path | None, allow_outside: bool) -> None:
    """Build OUTLINE, then build again whenever it or a file it uses changes.

    Watches the outline, its included chapter files, CSV files, images and the template.
    A mistake is printed and watching goes on: fix it, save, and the deck is rebuilt.
    Stop with Ctrl-C.

    \b
    Example:
      deckgen watch outline.yaml
    """
    from .pipeline import default_output
    from .source import display_name
    from .watch import Outcome, Watcher

    target = output or default_output(outline)

    def show(o: Outcome) -> None:
        stamp = time.strftime("%H:%M:%S")
        why = f" ({', '.join(display_name(p) for p in o.changed)} changed)" if o.changed else ""
        if o.error is not None:
            if isinstance(o.error, click.ClickException):
                text = o.error.format_message()
            else:  # a bug: say so, and keep watching
                if out.verbose:
                    import traceback  # only for --verbose

                    traceback.print_exception(o.error)
                text = f"internal error: {type(o.error).__name__}: {o.error}"
            click.echo(f"[{stamp}] build failed{why}:\n{text}", err=True)
        elif out.quiet:
            click.echo(str(o.report.output))
        elif out.verbose or not o.changed:
            click.echo(f"[{stamp}] built{why}")
            print_report(o.report, out, wrote=True)
        else:
            click.echo(f"[{stamp}] rebuilt{why}: {_summary(o.report)}")
            for w in o.report.warnings:
                click.echo(f"  - {w}")
        if not out.quiet:
            click.echo(f"watching {display_name(outline)} and its files; Ctrl-C to stop",
                       err=True)

    watcher = Watcher(outline, lambda: _build(out, outline, output, allow_outside=allow_outside,
                                              warm=True),
                      show, output_dir=target.parent)
    try:
        watcher.run()
    except KeyboardInterrupt:
        out.info("stopped watching.")


@cli.command(context_settings=CONTEXT, short_help="Build, then render a PDF and slide pictures.")
@outline_arg()
@output_option
@click.option("--renderer", type=click.Choice(["deckgen", "libreoffice"]), default="deckgen",
              show_default=True, help="Who draws the PDF: deckgen itself (nothing to install), "
              "or LibreOffice, to see the deck as LibreOffice shows it.")
@click.option("--timeout", type=click.FloatRange(min=5), default=240.0, show_default=True,
              help="Seconds to wait for LibreOffice.")
@allow_outside_option
@common
@click.pass_obj
def preview(out: Out, outline: Path, output: Path | None, renderer: str, timeout: float,
            allow_outside: bool) -> None:
    """Build OUTLINE, then render it: a PDF and a picture of every slide.

    Writes output/<name>.pdf and output/<name>-contact.png (all slides as thumbnails),
    drawn by deckgen; with --renderer libreoffice LibreOffice renders the built deck
    (it must be installed; the contact sheet then also needs pdftoppm from poppler).

    \b
    Example:
      deckgen preview outline.yaml      then open output/outline-contact.png
      deckgen preview outline.yaml --renderer libreoffice
    """
    from .export import preview as draw
    from .preview import preview as render
    from .report import render_preview

    report = _build(out, outline, output, allow_outside=allow_outside)
    print_report(report, out, wrote=True)
    try:
        result = (draw(report, progress=out.progress) if renderer == "deckgen" else
            render(report.output, progress=out.progress, timeout=timeout))
    finally:
        out.done()
    click.echo(render_preview(result, quiet=out.quiet))
    if result.warning:
        click.echo(f"warning: {result.warning}", err=True)


@cli.command(context_settings=CONTEXT, short_help="PDF, hand-outs, rehearsal booklets and "
             "PNGs, without an office suite.")
@outline_arg()
@click.option("--pdf", "pdf", is_flag=True, help="The slides as a PDF, one page a slide "
              "(what you get when nothing else is asked for).")
@click.option("--handout", type=click.Choice(["1", "2", "3", "4", "6"]), metavar="N",
              help="A hand-out with N slides a page: 1, 2, 3 (with lines for notes), 4 or 6.")
@click.option("--booklet", is_flag=True, help="A rehearsal booklet for each presenter: their "
              "parts and hand-overs, then each slide with its notes and time window.")
@click.option("--presenter", metavar="NAME", help="Only this presenter's booklet.")
@click.option("--png", is_flag=True, help="A PNG picture of every slide, and a contact sheet "
              "of them all.")
@click.option("--dpi", type=click.IntRange(24, 600), default=96, show_default=True,
              help="Resolution of the PNG pictures.")
@click.option("--paper", type=click.Choice(["a4", "letter"]), help="Paper of hand-outs and "
              "booklets (default: Letter for Letter countries' languages and locales, else A4).")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="The file to write when one is asked for (or the PNG folder); default: "
              "output/<outline name>.pdf and the like beside the outline.")
@click.option("--no-cache", is_flag=True, help="Draw every chart again.")
@allow_outside_option
@common
@click.pass_obj
def export(out: Out, outline: Path, pdf: bool, handout: str | None, booklet: bool,
           presenter: str | None, png: bool, dpi: int, paper: str | None,
           output: Path | None, no_cache: bool, allow_outside: bool) -> None:
    """Export OUTLINE as a PDF, hand-outs, rehearsal booklets or PNG pictures, drawn by
    deckgen itself (no PowerPoint or LibreOffice); the .pptx is not touched. The PDF: a page
    a slide, fonts embedded (Chinese included), text to select and search, charts as
    vectors, a bookmark per chapter and slide. Files go to output/ beside the outline.

    \b
    Example:
      deckgen export outline.yaml                      the slides as output/outline.pdf
      deckgen export outline.yaml --handout 3          three slides a page, lines for notes
      deckgen export outline.yaml --booklet --presenter 汇报人乙
      deckgen export outline.yaml --png --dpi 144      pictures for a chat or a README
    """
    from .export import Wanted
    from .export import export as run

    wanted = Wanted(pdf=pdf or not (handout or booklet or png),
                    handout=int(handout) if handout else None, booklet=booklet,
                    presenter=presenter, png=png, dpi=dpi, paper=paper)
    try:
        done = run(outline, output, wanted, allow_outside=allow_outside,
                   use_cache=not no_cache, progress=out.progress)
    finally:
        out.done()
    from .report import render_export

    click.echo(render_export(done, quiet=out.quiet))


@cli.command(context_settings=CONTEXT, short_help="The notes as a Markdown rehearsal script.")
@outline_arg()
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the script to this Markdown file instead of printing it.")
@click.option("--presenter", metavar="NAME", help="Only this presenter's part.")
@allow_outside_option
@common
@click.pass_obj
def notes(out: Out, outline: Path, output: Path | None, presenter: str | None,
          allow_outside: bool) -> None:
    """Write the speaker notes of OUTLINE as a rehearsal script in Markdown.

    For each presenter: their slides in order, with slide number, title, when the slide
    comes up, its estimated minutes and the notes to say. Nothing else is written.

    \b
    Example:
      deckgen notes outline.yaml -o script.md
      deckgen notes outline.yaml --presenter 汇报人乙
    """
    from .pipeline import check as run
    from .script import rehearsal_script

    text = rehearsal_script(run(outline, allow_outside=allow_outside), presenter)
    if output is None:
        click.echo(text, nl=False)
        return
    from .source import display_name
    from .write import write_atomic

    write_atomic(output, text.encode("utf-8"))
    if out.quiet:
        click.echo(str(output))
    else:
        click.echo(f"wrote {display_name(output)}")


@cli.command(context_settings=CONTEXT, short_help="Bring edits made in the deck back into "
             "the outline.")
@click.argument("decks", nargs=-1, required=True,
                type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--outline", "outline", type=click.Path(path_type=Path, dir_okay=False),
              help="The outline to merge into (default: X/NAME.yaml for a deck at "
              "X/output/NAME.pptx, else the one .yaml outline in the working folder). Only it "
              "and the files it includes are ever written.")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--add-slides", is_flag=True, help="Also add the slides added by hand in the "
              "deck to the outline, where they stand, as the kind of slide they look like "
              "(bullets, columns, table, quote, stats, chart, image).")
@click.option("--delete-slides", is_flag=True, help="Also delete from the outline the slides "
              "deleted in the deck (a slide that continues on more slides only when all of "
              "them were deleted).")
@common
@click.pass_obj
def pull(out: Out, decks: tuple[Path, ...], outline: Path | None, dry_run: bool,
         add_slides: bool, delete_slides: bool) -> None:
    """Bring the edits co-presenters made in DECKS back into the outline.

    Each text, note and editable chart's number is merged three ways: as deckgen built
    it, as the outline has it now, and as the deck has it now. An edit made only in the
    deck is written into the outline file it came from (an included chapter gets its own
    edits; a CSV-backed chart's edits go into just the changed cells of its CSV file),
    changing only that value: comments, order and formatting stay. Notes typed on the
    title, agenda or closing slide get their key (deck.notes, deck.agenda.notes,
    deck.closing.notes). A value changed in both places differently is a conflict: both
    versions are shown and the outline keeps its own (exit 1).

    The deck's order comes back too: slides moved within or between chapters (an included
    chapter file too) and chapters moved are moved in the outline, with their comments.
    Bullets typed in the deck become new items of the list (sub-bullets where indented);
    bullets deleted in the deck are deleted where the outline still has them as built.
    Slides added or deleted by hand are listed, and applied with --add-slides and
    --delete-slides. What has no place in the outline (texts deckgen wrote itself,
    formatting, pictures, footers) is listed. Several decks, one per co-presenter, are
    merged in turn.

    Only the outline (--outline; else the one beside the deck's output folder, else the
    one .yaml outline in the working folder) and the files it includes, inside its folder,
    are ever written, and only their texts and chart data: a deck whose manifest names
    another outline or points at a setting or file path is refused.
    The new files are checked as `deckgen check` would before anything is written, and
    written all or nothing. A deck whose every change is now in the outline is up to date
    for `deckgen build`; one with a conflict or a change pull could only list stays
    protected (build refuses, or keeps it with --force).

    \b
    Example:
      deckgen pull output/outline.pptx
      deckgen pull 乙的版本.pptx 丙的版本.pptx --outline outline.yaml --dry-run
      deckgen pull output/outline.pptx --add-slides --delete-slides
      deckgen build outline.yaml            then rebuild the deck with the edits in it
    """
    from .pull import pull as run
    from .report import render_pull

    merges, _ = run(list(decks), outline=outline, dry_run=dry_run, add_slides=add_slides,
                    delete_slides=delete_slides,
                    say=lambda note: click.echo(note, err=True))
    click.echo(render_pull(merges, dry_run=dry_run, quiet=out.quiet))
    if any(m.conflicts for m in merges):
        raise DeckgenError(f"{sum(len(m.conflicts) for m in merges)} conflict(s): the outline "
                           "kept its own text there; edit those by hand")


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, turning unexpected failures into one clear line."""
    args = sys.argv[1:] if argv is None else argv
    verbose = "-v" in args or "--verbose" in args
    try:
        with stop_on_signals():
            cli.main(args=argv, prog_name="deckgen", standalone_mode=False)
    except DeckgenError as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Abort as exc:  # click's own answer to KeyboardInterrupt
        interrupted(exc.__cause__, newline=False)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except KeyboardInterrupt as exc:
        interrupted(exc, newline=True)
    except Exception as exc:  # a bug in deckgen, not a user mistake
        if verbose:
            import traceback  # only for an internal error

            traceback.print_exc()
        click.echo(f"deckgen: internal error: {type(exc).__name__}: {exc}\n"
                   "This is a bug in deckgen; run again with --verbose for details and "
                   "report it.", err=True)
        sys.exit(1)
