"""Reading the shapes of a master, layout or slide: which are placeholders (type and index),
their boxes in points, their text frames' insets and anchor. Part of describing a
template; the raw XML stays here and in its neighbours."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..ns import qn
from ..primitives import EMU_PER_PT, Anchor, Insets, Rect

SHAPE_TAGS = frozenset({qn("p:sp"), qn("p:pic"), qn("p:grpSp"), qn("p:graphicFrame"),
                        qn("p:cxnSp")})
"""The elements of a shape tree that draw something."""


def pt(emu: Any) -> float:
    """A length in EMU (int or attribute text) in points."""
    return int(emu) / EMU_PER_PT


def xfrm_rect(sp: Any) -> Rect | None:
    """A shape's box as its transform states it (a shape's, a group's or a graphic
    frame's); None when it has none."""
    xfrm = sp.find(qn("p:spPr/a:xfrm"))
    if xfrm is None:
        xfrm = sp.find(qn("p:grpSpPr/a:xfrm"))
    if xfrm is None:
        xfrm = sp.find(qn("p:xfrm"))  # graphic frames
    if xfrm is None:
        return None
    off, ext = xfrm.find(qn("a:off")), xfrm.find(qn("a:ext"))
    if off is None or ext is None:
        return None
    return Rect(pt(off.get("x", 0)), pt(off.get("y", 0)), pt(ext.get("cx", 0)),
                pt(ext.get("cy", 0)))


def ph_of(sp: Any) -> tuple[str, int] | None:
    """A placeholder's type (obj when unstated) and index; None for other shapes."""
    nv = sp[0] if len(sp) else None
    ph = None if nv is None else nv.find(qn("p:nvPr/p:ph"))
    if ph is None:
        return None
    return ph.get("type") or "obj", int(ph.get("idx", "0"))


def shapes(tree: Any) -> Iterator[Any]:
    """The shapes of a shape tree, in drawing order (not those inside groups)."""
    for el in tree.iterchildren():
        if el.tag in SHAPE_TAGS:
            yield el


def body_pr(sp: Any) -> Any:
    """A shape's text frame properties (a:bodyPr), or None."""
    return None if sp is None else sp.find(qn("p:txBody/a:bodyPr"))


def insets(layout_sp: Any, master_sp: Any) -> tuple[Insets, str]:
    """A placeholder's insets and anchor: the layout's, else the master's, else
    PowerPoint's defaults (those of :class:`~deckgen.primitives.Insets`, top)."""
    found: dict[str, float] = {}
    anchor = None
    for sp in (layout_sp, master_sp):
        frame = body_pr(sp)
        if frame is None:
            continue
        for attr in ("lIns", "tIns", "rIns", "bIns"):
            if attr not in found and frame.get(attr) is not None:
                found[attr] = pt(frame.get(attr))
        anchor = anchor or frame.get("anchor")
    default = Insets()
    box = Insets(found.get("lIns", default.left), found.get("tIns", default.top),
                 found.get("rIns", default.right), found.get("bIns", default.bottom))
    return box, anchor or "t"


def anchor(value: str) -> Anchor:
    """A bodyPr anchor as the plan states it (t, ctr or b; justified and distributed
    anchors count as top)."""
    return "ctr" if value == "ctr" else "b" if value == "b" else "t"
