"""The build and check report as text."""

from __future__ import annotations

from typing import Any

from .a11y import problems, summary
from .source import display_name


def _width(s: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)


def _pad(s: str, n: int) -> str:
    return s + " " * max(0, n - _width(s))


def render_report(report: Any, *, verbose: bool = False) -> str:
    """Slides per chapter, timing per presenter, warnings and the output path."""
    p = report.plan
    t = report.timing
    lines = [f"{p.title}: {len(p.slides)} slides"]
    counts: dict[str, int] = {}
    for st in t.slides:
        counts[st.chapter] = counts.get(st.chapter, 0) + 1
    wide = max((_width(c) for c in counts), default=10) + 2
    for chapter, n in counts.items():
        lines.append(f"  {_pad(chapter, wide)}{n:3d} slide{'s' if n != 1 else ''}")
    lines.append("")
    lines.append("Timing (estimated from the notes):")
    who_w = max([_width('presenter'), *(_width(r.presenter) for r in t.rows)]) + 2
    ch_w = max([_width('chapter'), *(_width(r.chapter) for r in t.rows)]) + 2
    lines.append(f"  {_pad('presenter', who_w)}{_pad('chapter', ch_w)}slides  minutes")
    for r in t.rows:
        lines.append(f"  {_pad(r.presenter, who_w)}{_pad(r.chapter, ch_w)}"
                     f"{r.slides:6d}  {r.minutes:7.1f}")
    target = f" of {t.duration:g} planned" if t.duration else ""
    lines.append(f"  total {t.total_minutes:.1f} min{target}")
    if verbose:
        lines.append("")
        for st in t.slides:
            lines.append(f"  {st.number:3d}  {st.seconds:5.0f}s  {st.title}")
    fitting = getattr(p, "fitting", ())
    if fitting:
        lines.append("")
        lines.append("Text fitted to its boxes:")
        lines.extend(f"  - {f}" for f in fitting)
    found = getattr(report, "accessibility", ())
    lines.append("")
    lines.append(f"Accessibility: {summary(found)}")
    lines.extend(f"  - {f}" for f in problems(found))
    if verbose:
        lines.extend(f"  - {f}" for f in found if f.severity == "info")
    if report.warnings:
        lines.append("")
        lines.append(f"{len(report.warnings)} warning{'s' if len(report.warnings) != 1 else ''}:")
        lines.extend(f"  - {w}" for w in report.warnings)
    if report.output is not None:
        lines.append("")
        if report.chart_dir is not None:
            lines.append(f"charts: {report.charts_rendered} drawn, {report.charts_cached} "
                         f"from cache, PNGs in {display_name(report.chart_dir)}/")
        kept = getattr(report, "kept", None)
        if kept is not None:
            lines.append(f"kept the edited deck as {display_name(kept)}")
        lines.append(f"wrote {display_name(report.output)}")
    return "\n".join(lines)


def _where(file: Any, line: int, column: int) -> str:
    return f"{display_name(file)}:{line}:{column}"


def _structural(reshaped: list[Any], dry_run: bool) -> str:
    """"1 slide moved, 2 bullets added, " (in the order first made)."""
    counts: dict[str, int] = {}
    for r in reshaped:
        counts[r.kind] = counts.get(r.kind, 0) + 1
    out = []
    for kind, n in counts.items():
        noun, _, verb = kind.partition(" ")
        out.append(f"{n} {noun}{'s' if n != 1 else ''} {'would be ' if dry_run else ''}{verb}, ")
    return "".join(out)


def render_pull(merges: Any, *, dry_run: bool = False, quiet: bool = False) -> str:
    """What pulling decks did: edits as a diff, conflicts with both versions, and what
    could not be mapped."""
    lines: list[str] = []
    for m in merges:
        if not quiet:
            lines.append(f"{display_name(m.deck)} → {display_name(m.outline)}")
        for e in m.edits:
            lines.append(f"  {_where(e.file, e.line, e.column)}: slide {e.slide}, {e.what}")
            lines += [f"    - {x}" for x in e.old.split("\n")] if e.old else []
            lines += [f"    + {x}" for x in e.new.split("\n")]
        for r in m.reshaped:  # moves, added and deleted slides and bullets
            lines.append(f"  {display_name(r.file)}:{r.line}: {r.message}")
            lines += [f"    {x}" for x in r.lines]
        for c in m.conflicts:
            why = getattr(c, "why", "")
            lines.append(f"  conflict: {_where(c.file, c.line, c.column)}: slide {c.slide}, "
                         + (f"{c.what}: {why}:" if why else f"{c.what} was changed in both:"))
            lines += [f"    deck:    {x}" for x in c.deck.split("\n")]
            lines += [f"    outline: {x}" for x in c.outline.split("\n")]
        for u in m.unmapped:
            lines.append(f"  not merged: {u.message}")
            if u.yaml:
                lines += [f"    {x}" for x in u.yaml.rstrip().split("\n")]
        reshaped = list(m.reshaped)
        if not (m.edits or m.conflicts or m.unmapped or reshaped):
            lines.append("  nothing to bring back: the deck has no edits the outline lacks")
        elif not quiet:
            verb = "would change" if dry_run else "changed"
            n = len(m.edits)
            noun = "text" if all(isinstance(e.new, str) and not isinstance(e.key[0], int)
                                 and "chart" not in e.what for e in m.edits) else "value"
            lines.append(f"  {n} {noun}{'s' if n != 1 else ''} {verb}, "
                         + _structural(reshaped, dry_run) + f"{len(m.conflicts)} "
                         f"conflict{'s' if len(m.conflicts) != 1 else ''}, "
                         f"{len(m.unmapped)} not merged"
                         + ("; nothing was written (--dry-run)" if dry_run else ""))
        if not dry_run and not m.complete:
            lines.append("  build will not overwrite this deck while the outline lacks any of "
                         "this (build --force keeps it beside the new deck)")
    return "\n".join(lines)
