"""The clicks that build a slide up in a slide show (`reveal`): each top-level bullet with
its sub-bullets, or each column or stat card with everything drawn for it, appearing one
click at a time. The title, footer and slide number are there from the start."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .. import plan as p
from ..deckplan import Paragraph, Shape, Step, Target, TextBox
from .setting import Page

_NUMBERED = re.compile(r"^(?:Stat (?:card|accent|value|label)|Column heading|Column) "
                       r"(?P<n>\d+)(?: |$)")
"""How stats.py and columns.py name the shapes of their n-th card or column ("Stat value 2",
"Column heading 2", "Column 2", "Column 2 picture x.png", "Column 2 caption")."""


def steps(page: Page) -> tuple[Step, ...]:
    """A page's clicks, in order; none unless its slide reveals."""
    if not page.spec.reveal:
        return ()
    match page.spec.content:
        case p.Bullets():
            body = next((s for s in page.shapes if isinstance(s, TextBox) and s.role == "body"),
                        None)
            return () if body is None else tuple(
                Step((Target(body.name, run),)) for run in bullet_runs(body.paragraphs))
        case p.Columns() | p.Stats():
            return tuple(Step(tuple(Target(name) for name in names))
                         for names in numbered(page.shapes))
        case _:
            return ()


def bullet_runs(paras: Sequence[Paragraph]) -> list[tuple[int, int]]:
    """The first and last paragraph of each top-level bullet with its sub-bullets (a list
    that starts below the top level, as a continuation may, starts a run there too)."""
    runs: list[tuple[int, int]] = []
    for i, q in enumerate(paras):
        if q.level == 0 or not runs:
            runs.append((i, i))
        else:
            runs[-1] = (runs[-1][0], i)
    return runs


def numbered(shapes: Sequence[Shape]) -> list[list[str]]:
    """The names of the shapes drawn for each card or column, by its number."""
    groups: dict[int, list[str]] = {}
    for s in shapes:
        m = _NUMBERED.match(s.name)
        if m is not None:
            groups.setdefault(int(m["n"]), []).append(s.name)
    return [groups[n] for n in sorted(groups)]
