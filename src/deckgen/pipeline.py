"""The pipeline from outline file to deck, and to a checked plan without a deck."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .deckplan import DeckPlan
from .errors import BuildError, OutlineError, Problem
from .frozen import frozen
from .paths import cache_dir_for, default_output
from .plan import Columns, Image, Talk, plan, with_palette
from .source import Key, load
from .template.info import TemplateInfo
from .timing import Timing, estimate
from .validate import Validated, validate

if TYPE_CHECKING:
    from .a11y import Finding

Progress = Callable[[str], None]


@frozen
class Report:
    """What a build or check did: the positioned deck, timing, warnings, output."""

    plan: DeckPlan
    timing: Timing
    warnings: tuple[str, ...]
    output: Path | None = None
    charts_rendered: int = 0
    charts_cached: int = 0
    chart_dir: Path | None = None
    files: tuple[Path, ...] = field(default=())
    template: TemplateInfo | None = None
    kept: Path | None = None  # where an edited deck was kept before it was overwritten

    @cached_property
    def accessibility(self) -> tuple[Finding, ...]:
        """What the slides lack for screen readers and low vision; found when asked."""
        from .a11y import check

        return tuple(check(self.plan))


def _validated(outline: Path, allow_outside: bool) -> tuple[Validated, tuple[str, ...]]:
    source = load(outline, allow_outside=allow_outside)
    return validate(source, allow_outside=allow_outside), source.warnings


def input_files(v: Validated) -> tuple[Path, ...]:
    """Every file a build reads: the outline, included chapters, CSV files, images, template."""
    assets = sorted({p.absolute() for p in v.paths.values()} - set(v.source.files))
    return (*v.source.files, *assets)


@frozen
class _Prepared:
    """Everything read and decided before a deck is drawn."""

    v: Validated
    deck: DeckPlan
    info: TemplateInfo
    warnings: tuple[str, ...]


def template_path(talk: Talk) -> Path:
    """The template file a talk is drawn on: the outline's, or the shipped default."""
    from .template.files import template_path as path_of

    return path_of(talk.template, talk.aspect)


def _template_problem(v: Validated, exc: Exception) -> OutlineError:
    return OutlineError([v.source.positions.problem(
        ("deck", "theme", "template"),
        f"cannot use this template: {type(exc).__name__}: {exc}; open it in PowerPoint "
        "or LibreOffice and save it again as .pptx")])


def _known(talk: Talk, cache_dir: Path | None, digest: str) -> TemplateInfo | None:
    """The description of the template file with this hash that needs no reading: the
    shipped one for the default theme, else the cached one."""
    from .template import info as ti
    from .template.files import shipped_info

    if talk.template is None:
        return shipped_info(talk.aspect)
    return ti.cached(cache_dir, digest)


def describe_template(talk: Talk, v: Validated, cache_dir: Path | None) -> TemplateInfo:
    """The template's description: shipped for the default theme, else from the cache,
    else read from the file (python-pptx)."""
    from . import safezip
    from .template import files
    from .template.files import shipped_info

    if talk.template is None and (shipped := shipped_info(talk.aspect)) is not None:
        return shipped  # checked against the theme file's hash already
    try:
        digest = files.read(template_path(talk)).digest  # read once: opening reuses it
    except (OSError, safezip.PackageProblem) as exc:
        raise _template_problem(v, exc) from None
    found = _known(talk, cache_dir, digest)
    return (found if found is not None and found.digest == digest else
        _open(talk, v, cache_dir).info)


def _open(talk: Talk, v: Validated, cache_dir: Path | None = None) -> Any:
    """The template opened, its description taken from what is shipped or cached."""
    from .template.opening import open_template

    try:
        return open_template(template_path(talk),
                             lambda digest: _known(talk, cache_dir, digest), cache_dir)
    except Exception as exc:  # python-pptx raises many kinds for a damaged package
        if talk.template is None:
            raise
        raise _template_problem(v, exc) from None


def _prepare(outline: Path, allow_outside: bool,
             info_for: Callable[[Talk, Validated], TemplateInfo],
             cache: Path | None) -> _Prepared:
    """Load, validate, plan and lay out: all checks, no writing."""
    from .layout import lay_out
    from .layout.choice import refusals
    from .pull.journal import recover

    note = recover(outline)  # a pull a crash interrupted: finished or rolled back first
    v, warnings = _validated(outline, allow_outside)
    if note:
        warnings = (note, *warnings)
    talk = plan(v)
    info = info_for(talk, v)
    if talk.template is not None and not info.aspect_ok(talk.aspect):
        warnings = (*warnings, f"the template's slides are not {talk.aspect}; its own slide "
                    "size is used")
    if talk.template is not None and not v.outline.deck.theme.palette:
        # charts and drawn shapes follow the template's own accent colours
        talk = with_palette(talk, info.palette or talk.palette)
    # layout names are checked once the template is read, reported with the pictures'
    refused = [v.source.positions.problem(k, m) for k, m in refusals(talk, info)]
    deck = lay_out(talk, info, _image_sizes(talk, v, refused, cache))
    return _Prepared(v, deck, info, warnings)


def _pictures(talk: Talk) -> list[tuple[Key, Path]]:
    """Every picture file the talk shows, with the outline key that names it."""
    found: list[tuple[Key, Path]] = []
    if talk.logo is not None:
        found.append((("deck", "theme", "logo"), talk.logo.path))
    for sp in talk.slides:
        if isinstance(sp.content, Image):
            found.append(((*sp.key, "image"), sp.content.path))
        elif isinstance(sp.content, Columns):
            found += [((*sp.key, "columns", i, "image"), col.image.path)
                      for i, col in enumerate(sp.content.columns) if col.image is not None]
    return found


def _image_sizes(talk: Talk, v: Validated, problems: list[Problem],
                 cache: Path | None) -> dict[Path, tuple[int, int]]:
    """Pixel size of every picture, each checked (decoded fully, or known to decode from
    the cache) before anything is drawn; OutlineError with these problems and the
    pictures' when there are any."""
    from .images import ImageProblem, checked_size

    sizes: dict[Path, tuple[int, int]] = {}
    for key, path in _pictures(talk):
        try:
            sizes[path] = checked_size(path, cache)
        except ImageProblem as exc:
            problems.append(v.source.positions.problem(key, str(exc)))
    if problems:
        raise OutlineError(problems)
    return sizes


def _report(ready: _Prepared, **kw: Any) -> Report:
    timing = estimate(ready.deck)
    extra = (timing.warning,) if timing.warning else ()
    warnings = (*ready.warnings, *ready.deck.warnings, *kw.pop("warnings", ()), *extra)
    return Report(ready.deck, timing, warnings, files=input_files(ready.v),
                  template=ready.info, **kw)


def check(outline: str | os.PathLike[str], *, allow_outside: bool = False) -> Report:
    """Validate and lay out an outline and estimate its timing; write nothing."""
    outline = Path(outline)
    cache = cache_dir_for(default_output(outline))
    return _report(_prepare(outline, allow_outside,
                            lambda talk, v: describe_template(talk, v, cache), cache))


def build(outline: str | os.PathLike[str], output: str | os.PathLike[str] | None = None, *,
          allow_outside: bool = False, use_cache: bool = True, force: bool = False,
          warm: bool = False, progress: Progress | None = None) -> Report:
    """Build the deck for an outline; everything is checked before anything is written,
    and a deck edited since deckgen built it is never overwritten without ``force``.
    ``warm``: the process builds again soon (watch), so slides are kept for reuse."""
    from . import charts, fingerprint, guard, pptx_build
    from .template.info import store
    from .write import finish_entries, prepare_output, write_atomic, zip_entries

    outline = Path(outline)
    out = Path(output) if output else default_output(outline)
    if out.suffix.lower() != ".pptx":
        raise BuildError(f"the output file must end in .pptx: {out}")
    cache = cache_dir_for(out) if use_cache else None
    opened: list[Any] = []

    def info_for(talk: Talk, v: Validated) -> TemplateInfo:
        o = _open(talk, v, cache)
        opened.append(o)
        return o.info

    ready = _prepare(outline, allow_outside, info_for, cache)
    v, deck = ready.v, ready.deck
    prepare_output(out, input_files(v))
    kept = guard.check(out, outline, force)
    if ready.deck.template is not None:
        store(cache, ready.info)
    chart_dir = out.parent / "charts"
    jobs = pptx_build.charts_to_render(deck)
    rendered = charts.render_all(jobs, cache_dir=cache, out_dir=chart_dir,
                                 progress=progress) if jobs else {}
    chart_warnings = tuple(
        f"chart '{r.name}': the chart font has no glyph for {' '.join(r.missing)}; "
        "those characters show as boxes" for r in rendered.values() if r.missing)
    if progress:
        progress(f"building {len(deck.slides)} slides")
    rel = os.path.relpath(outline.absolute(), out.absolute().parent)
    pkg = pptx_build.build_presentation(deck, opened[0], rendered, outline=rel, warm=warm,
                                        cache_dir=cache, progress=progress)
    entries, record = fingerprint.seal(finish_entries(pkg.entries()))
    data = zip_entries(entries, finished=True)
    write_atomic(out, data)
    guard.remember_written(out, data, fingerprint.to_json(record))
    return _report(ready, warnings=chart_warnings, output=out,
                   charts_rendered=sum(not r.cached for r in rendered.values()),
                   charts_cached=sum(r.cached for r in rendered.values()),
                   chart_dir=chart_dir if rendered else None, kept=kept)


def template_of(path: str | os.PathLike[str], *,
                allow_outside: bool = False) -> tuple[Path, TemplateInfo]:
    """The template a file stands for and its description: the file itself when it is a
    PowerPoint file (checked like a template an outline names), else the outline's
    theme.template (or the shipped default theme) after the outline is checked."""
    from .opctypes import TEMPLATE_SUFFIXES
    from .validate import check_template_file

    path = Path(path)
    if path.suffix.lower() in TEMPLATE_SUFFIXES:
        problem = check_template_file(path)
        if problem is not None:
            raise BuildError(problem)
        from .template.opening import open_template

        try:
            return path, open_template(path).info
        except Exception as exc:  # python-pptx raises many kinds for a damaged package
            raise BuildError(f"cannot use {path.name} as a template: {type(exc).__name__}: "
                             f"{exc}; open it in PowerPoint or LibreOffice and save it again "
                             "as .pptx") from None
    v, _ = _validated(path, allow_outside)
    talk = plan(v)
    cache = cache_dir_for(default_output(path))
    return template_path(talk), describe_template(talk, v, cache)
