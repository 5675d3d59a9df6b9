"""The pipeline from outline file to deck, and to a checked plan without a deck."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import BuildError, OutlineError, Problem
from .plan import DeckPlan, plan, with_palette
from .source import load
from .timing import Timing, estimate
from .validate import Validated, validate

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Report:
    """What a build or check did: slides, warnings, timing, output."""

    plan: DeckPlan
    timing: Timing
    warnings: tuple[str, ...]
    output: Path | None = None
    charts_rendered: int = 0
    charts_cached: int = 0
    chart_dir: Path | None = None
    files: tuple[Path, ...] = field(default=())


def default_output(outline: Path) -> Path:
    """`output/<stem>.pptx` beside the outline."""
    return outline.parent / "output" / f"{outline.stem}.pptx"


def cache_dir_for(output: Path) -> Path:
    """$DECKGEN_CACHE_DIR when set, else a .cache folder inside the output folder."""
    env = os.environ.get("DECKGEN_CACHE_DIR", "").strip()
    return Path(env) if env else output.parent / ".cache"


def _validated(outline: Path, allow_outside: bool) -> tuple[Validated, tuple[str, ...]]:
    source = load(outline, allow_outside=allow_outside)
    return validate(source, allow_outside=allow_outside), source.warnings


def input_files(v: Validated) -> tuple[Path, ...]:
    """Every file a build reads: the outline, included chapters, CSV files, images, template."""
    assets = sorted({p.absolute() for p in v.paths.values()} - set(v.source.files))
    return (*v.source.files, *assets)


@dataclass(frozen=True)
class _Prepared:
    """Everything read and decided before a deck is drawn."""

    v: Validated
    plan: DeckPlan
    prs: Any
    geom: Any
    warnings: tuple[str, ...]


def _prepare(outline: Path, allow_outside: bool) -> _Prepared:
    """Load, validate, plan, open the template and fit the text: all checks, no writing."""
    from . import ooxml, template

    v, warnings = _validated(outline, allow_outside)
    p = plan(v)
    prs = _open(p, v)
    ooxml.fast_presentation(prs)
    geom = template.geometry(prs)
    if p.template is not None and not template.slide_size_ok(prs, p.aspect):
        warnings = (*warnings, f"the template's slides are not {p.aspect}; its own slide size "
                    "is used")
    if p.template is not None and not v.outline.deck.theme.palette:
        # charts and drawn shapes follow the template's own accent colours
        p = with_palette(p, template.theme_palette(prs) or p.palette)
    p = _fit(p, geom, prs)
    _check_images(p, v)
    return _Prepared(v, p, prs, geom, warnings)


def check(outline: str | os.PathLike[str], *, allow_outside: bool = False) -> Report:
    """Validate and plan an outline, fit its text and estimate its timing; write nothing."""
    ready = _prepare(Path(outline), allow_outside)
    p = ready.plan
    timing = estimate(p)
    extra = (timing.warning,) if timing.warning else ()
    return Report(p, timing, (*ready.warnings, *p.warnings, *extra),
                  files=input_files(ready.v))


def _open(p: DeckPlan, v: Validated) -> Any:
    from . import template

    try:
        return template.open_base(p)
    except Exception as exc:  # python-pptx raises many kinds for a damaged package
        if p.template is None:
            raise
        raise OutlineError([v.source.positions.problem(
            ("deck", "theme", "template"),
            f"cannot use this template: {type(exc).__name__}: {exc}; open it in PowerPoint "
            "or LibreOffice and save it again as .pptx")]) from None


def _fit(p: DeckPlan, geom: Any, prs: Any) -> DeckPlan:
    """Font sizes for every text box and continuation slides, measured against the
    template's own boxes (see layout.py); the plan's ``fitting`` says what changed."""
    from . import layout, pptx_build

    return layout.fit_deck(p, pptx_build.frames(prs, geom))


def _check_images(p: DeckPlan, v: Validated) -> None:
    from .images import ImageProblem, prepare

    problems: list[Problem] = []
    for sp in p.slides:
        if sp.image is None:
            continue
        try:
            prepare(sp.image)
        except ImageProblem as exc:
            problems.append(v.source.positions.problem((*sp.key, "image"), str(exc)))
    if problems:
        raise OutlineError(problems)


def build(outline: str | os.PathLike[str], output: str | os.PathLike[str] | None = None, *,
          allow_outside: bool = False, use_cache: bool = True,
          progress: Progress | None = None) -> Report:
    """Build the deck for an outline; everything is checked before anything is written."""
    from . import charts, ooxml, pptx_build
    from .write import prepare_output, write_atomic, zip_entries

    outline = Path(outline)
    ready = _prepare(outline, allow_outside)
    v, p, prs, geom, warnings = ready.v, ready.plan, ready.prs, ready.geom, ready.warnings
    out = Path(output) if output else default_output(outline)
    if out.suffix.lower() != ".pptx":
        raise BuildError(f"the output file must end in .pptx: {out}")
    prepare_output(out, input_files(v))
    chart_dir = out.parent / "charts"
    jobs = pptx_build.charts_to_render(p, geom)
    rendered = charts.render_all(jobs, cache_dir=cache_dir_for(out) if use_cache else None,
                                 out_dir=chart_dir, progress=progress) if jobs else {}
    chart_warnings = tuple(
        f"chart '{r.name}': the chart font has no glyph for {' '.join(r.missing)}; "
        "those characters show as boxes" for r in rendered.values() if r.missing)
    if progress:
        progress(f"building {len(p.slides)} slides")
    prs = pptx_build.build_presentation(p, prs, geom, rendered, progress=progress)
    data = zip_entries(ooxml.package_entries(prs))
    write_atomic(out, data)
    timing = estimate(p)
    extra = (timing.warning,) if timing.warning else ()
    return Report(p, timing, (*warnings, *p.warnings, *chart_warnings, *extra), output=out,
                  charts_rendered=sum(not r.cached for r in rendered.values()),
                  charts_cached=sum(r.cached for r in rendered.values()),
                  chart_dir=chart_dir if rendered else None, files=input_files(v))
