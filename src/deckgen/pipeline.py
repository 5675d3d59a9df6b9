"""The pipeline from outline file to deck, and to a checked plan without a deck."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .a11y import Finding
from .a11y import check as accessibility
from .deckplan import DeckPlan
from .errors import BuildError, OutlineError, Problem
from .plan import Image, Talk, plan, with_palette
from .source import load
from .templateinfo import TemplateInfo
from .timing import Timing, estimate
from .validate import Validated, validate

Progress = Callable[[str], None]


@dataclass(frozen=True)
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
    accessibility: tuple[Finding, ...] = field(default=())
    kept: Path | None = None  # where an edited deck was kept before it was overwritten


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
    deck: DeckPlan
    info: TemplateInfo
    warnings: tuple[str, ...]


def template_path(talk: Talk) -> Path:
    """The template file a talk is drawn on: the outline's, or the shipped default."""
    from .theme import default_theme

    return talk.template or default_theme(talk.aspect)


def _template_problem(v: Validated, exc: Exception) -> OutlineError:
    return OutlineError([v.source.positions.problem(
        ("deck", "theme", "template"),
        f"cannot use this template: {type(exc).__name__}: {exc}; open it in PowerPoint "
        "or LibreOffice and save it again as .pptx")])


def _known(talk: Talk, cache_dir: Path | None, digest: str) -> TemplateInfo | None:
    """The description of the template file with this hash that needs no reading: the
    shipped one for the default theme, else the cached one."""
    from . import templateinfo as ti
    from .theme import shipped_info

    if talk.template is None:
        return shipped_info(talk.aspect)
    return ti.cached(cache_dir, digest)


def describe_template(talk: Talk, v: Validated, cache_dir: Path | None) -> TemplateInfo:
    """The template's description: shipped for the default theme, else from the cache,
    else read from the file (python-pptx)."""
    from .templateinfo import file_digest
    from .theme import shipped_info

    if talk.template is None and (shipped := shipped_info(talk.aspect)) is not None:
        return shipped  # checked against the theme file's hash already
    try:
        digest = file_digest(template_path(talk).read_bytes())
    except OSError as exc:
        raise _template_problem(v, exc) from None
    found = _known(talk, cache_dir, digest)
    return found if found is not None and found.digest == digest else \
        _open(talk, v, cache_dir).info


def _open(talk: Talk, v: Validated, cache_dir: Path | None = None) -> Any:
    """The template opened, its description taken from what is shipped or cached."""
    from .template import open_template

    try:
        return open_template(template_path(talk),
                             lambda digest: _known(talk, cache_dir, digest))
    except Exception as exc:  # python-pptx raises many kinds for a damaged package
        if talk.template is None:
            raise
        raise _template_problem(v, exc) from None


def _prepare(outline: Path, allow_outside: bool,
             info_for: Callable[[Talk, Validated], TemplateInfo]) -> _Prepared:
    """Load, validate, plan and lay out: all checks, no writing."""
    from .layout import lay_out

    v, warnings = _validated(outline, allow_outside)
    talk = plan(v)
    info = info_for(talk, v)
    if talk.template is not None and not info.aspect_ok(talk.aspect):
        warnings = (*warnings, f"the template's slides are not {talk.aspect}; its own slide "
                    "size is used")
    if talk.template is not None and not v.outline.deck.theme.palette:
        # charts and drawn shapes follow the template's own accent colours
        talk = with_palette(talk, info.palette or talk.palette)
    deck = lay_out(talk, info, _image_sizes(talk, v))
    return _Prepared(v, deck, info, warnings)


def _image_sizes(talk: Talk, v: Validated) -> dict[Path, tuple[int, int]]:
    """Pixel size of every picture, each checked (decoded fully) before anything is drawn."""
    from .images import ImageProblem, prepare

    sizes: dict[Path, tuple[int, int]] = {}
    problems: list[Problem] = []
    for sp in talk.slides:
        if not isinstance(sp.content, Image):
            continue
        try:
            img = prepare(sp.content.path)
        except ImageProblem as exc:
            problems.append(v.source.positions.problem((*sp.key, "image"), str(exc)))
            continue
        sizes[sp.content.path] = (img.width, img.height)
    if problems:
        raise OutlineError(problems)
    return sizes


def _report(ready: _Prepared, **kw: Any) -> Report:
    timing = estimate(ready.deck)
    extra = (timing.warning,) if timing.warning else ()
    warnings = (*ready.warnings, *ready.deck.warnings, *kw.pop("warnings", ()), *extra)
    return Report(ready.deck, timing, warnings, files=input_files(ready.v),
                  template=ready.info, accessibility=tuple(accessibility(ready.deck)), **kw)


def check(outline: str | os.PathLike[str], *, allow_outside: bool = False) -> Report:
    """Validate and lay out an outline and estimate its timing; write nothing."""
    outline = Path(outline)
    cache = cache_dir_for(default_output(outline))
    return _report(_prepare(outline, allow_outside,
                            lambda talk, v: describe_template(talk, v, cache)))


_WRITTEN: dict[Path, tuple[int, int]] = {}
"""Size and modification time of each deck this process wrote: a deck that still has them
was not edited since (watch and serve rebuild without reading it back)."""


class EditedDeck(BuildError):
    """The output deck was edited after deckgen built it; building would lose the edits."""


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


_STAMPS = "written.json"
"""Size and modification time of the decks written from this output folder, in its cache
folder, so that a new process need not read an untouched deck back to know it is one."""


def _stamped(out: Path) -> tuple[int, int] | None:
    import json

    try:
        known = json.loads((cache_dir_for(out) / _STAMPS).read_text(encoding="utf-8"))
        size, mtime = known[out.name]
        return int(size), int(mtime)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _remember_written(out: Path, stamp: tuple[int, int]) -> None:
    import json

    _WRITTEN[out.resolve()] = stamp
    path = cache_dir_for(out) / _STAMPS
    try:
        known = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(known, dict):
            known = {}
    except (OSError, ValueError):
        known = {}
    known[out.name] = list(stamp)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(known), encoding="utf-8")
    except OSError:
        pass  # then the next build reads the deck back instead


def _keep_edits(out: Path, outline: Path, force: bool) -> Path | None:
    """Refuse to overwrite a deck whose texts differ from what deckgen last wrote there;
    with force, keep it beside the new one. The path it was kept as, if any."""
    from .pull import diff as deckdiff
    from .pull import readdeck
    from .source import display_name

    stamp = _stamp(out)
    if stamp is None or _WRITTEN.get(out.resolve()) == stamp or _stamped(out) == stamp:
        return None  # exactly the file deckgen wrote: nobody saved over it since
    try:
        read = readdeck.read_deck(out.read_bytes())
        changes: list[Any] = deckdiff.diff(read)
        if changes:
            from .pull import was_pulled

            if was_pulled(outline, read):  # its edits are in the outline now
                changes = []
    except Exception as exc:  # not a zip, damaged XML, unreadable: not a deck to trust
        if not force:
            raise EditedDeck(f"{display_name(out)} exists but cannot be read as a deck "
                             f"({type(exc).__name__}: {exc}); move it away or build with "
                             "--force (it is then kept beside the new deck)") from None
        changes = [None]
    if not changes:
        return None
    if not force:
        lines = deckdiff.describe([c for c in changes if c is not None])
        shown = "\n".join(f"  {x}" for x in lines[:12])
        more = f"\n  … and {len(lines) - 12} more" if len(lines) > 12 else ""
        raise EditedDeck(
            f"{display_name(out)} was edited after deckgen built it; building now would "
            f"overwrite those edits:\n{shown}{more}\n"
            f"Bring the edits into the outline with `deckgen pull {display_name(out)}`, then "
            f"build again; or run `deckgen build {display_name(outline)} --force` to overwrite "
            f"it (the edited deck is kept beside it).")
    import datetime as dt
    import shutil

    when = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    kept = out.with_name(f"{out.stem}.edited-{when}{out.suffix}")
    n = 1
    while kept.exists():
        n += 1
        kept = out.with_name(f"{out.stem}.edited-{when}-{n}{out.suffix}")
    try:
        shutil.copy2(out, kept)
    except OSError as exc:
        raise BuildError(f"cannot keep the edited deck as {display_name(kept)}: "
                         f"{exc.strerror or exc}; nothing was written") from None
    return kept


def build(outline: str | os.PathLike[str], output: str | os.PathLike[str] | None = None, *,
          allow_outside: bool = False, use_cache: bool = True, force: bool = False,
          warm: bool = False, progress: Progress | None = None) -> Report:
    """Build the deck for an outline; everything is checked before anything is written,
    and a deck edited since deckgen built it is never overwritten without ``force``.
    ``warm``: the process builds again soon (watch), so slides are kept for reuse."""
    from . import charts, ooxml, pptx_build, templateinfo
    from .write import prepare_output, write_atomic, zip_entries

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

    ready = _prepare(outline, allow_outside, info_for)
    v, deck = ready.v, ready.deck
    prepare_output(out, input_files(v))
    kept = _keep_edits(out, outline, force)
    if ready.deck.template is not None:
        templateinfo.store(cache, ready.info)
    chart_dir = out.parent / "charts"
    jobs = pptx_build.charts_to_render(deck)
    rendered = charts.render_all(jobs, cache_dir=cache, out_dir=chart_dir,
                                 progress=progress) if jobs else {}
    chart_warnings = tuple(
        f"chart '{r.name}': the chart font has no glyph for {' '.join(r.missing)}; "
        "those characters show as boxes" for r in rendered.values() if r.missing)
    if progress:
        progress(f"building {len(deck.slides)} slides")
    ooxml.fast_presentation(opened[0].prs)
    rel = os.path.relpath(outline.absolute(), out.absolute().parent)
    prs = pptx_build.build_presentation(deck, opened[0], rendered, outline=rel, warm=warm,
                                        progress=progress)
    data = zip_entries(ooxml.package_entries(prs))
    write_atomic(out, data)
    stamp = _stamp(out)
    if stamp is not None:
        _remember_written(out, stamp)
    return _report(ready, warnings=chart_warnings, output=out,
                   charts_rendered=sum(not r.cached for r in rendered.values()),
                   charts_cached=sum(r.cached for r in rendered.values()),
                   chart_dir=chart_dir if rendered else None, kept=kept)
