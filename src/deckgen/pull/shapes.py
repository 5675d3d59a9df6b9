"""The shapes of a returned deck's slide, as pull needs them beyond the bare texts: each
shape's name, placeholder type and box, its paragraphs with their outline level, a table's
rows, a picture's or chart's part. Read from the slide XML in the same order as the texts
:mod:`deckgen.pull.readdeck` lists, so a paragraph's shape and level can be looked up."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from ..frozen import frozen

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
FURNITURE_PH = frozenset({"ftr", "sldNum", "dt"})


@frozen
class DeckShape:
    """One shape of a slide: a text shape (paragraphs with levels), a table (rows of
    cells), a picture or a chart (the part it shows), or something else."""

    kind: str  # "text", "table", "picture", "chart" or "other"
    name: str
    placeholder: str | None  # "title", "ctrTitle", "body", "subTitle", "obj", … or None
    box: tuple[int, int, int, int] | None  # x, y, width, height in EMU (None: inherited)
    paras: tuple[tuple[str, int], ...] = ()  # (text, level) of each paragraph
    rows: tuple[tuple[str, ...], ...] = ()
    part: str | None = None  # the picture's media part or the chart's part
    size: float = 0.0  # the largest font size set on its runs, in points (0: inherited)

    @property
    def furniture(self) -> bool:
        """A footer, slide number or date placeholder."""
        return self.placeholder in FURNITURE_PH

    @property
    def text(self) -> str:
        """All its paragraphs, one per line."""
        return "\n".join(t for t, _ in self.paras)


def para_text(p: Any) -> str:
    """A paragraph's text: runs and fields, line breaks as "\\n"."""
    out = []
    for el in p:
        if el.tag in (_A + "r", _A + "fld"):
            out.append("".join(t.text or "" for t in el.iter(_A + "t")))
        elif el.tag == _A + "br":
            out.append("\n")
    return "".join(out)


def _level(p: Any) -> int:
    ppr = p.find(_A + "pPr")
    try:
        return int(ppr.get("lvl", "0")) if ppr is not None else 0
    except ValueError:
        return 0


def _ph(el: Any) -> str | None:
    ph = el.find(f"./*/{_P}nvPr/{_P}ph")
    return None if ph is None else (ph.get("type") or "obj")


def _name(el: Any) -> str:
    nv = next((c for c in el if c.tag.endswith("}nvSpPr") or c.tag.endswith("}nvPicPr")
               or c.tag.endswith("}nvGraphicFramePr") or c.tag.endswith("}nvGrpSpPr")),
              None)
    pr = nv.find(_P + "cNvPr") if nv is not None else None
    return (pr.get("name") or "") if pr is not None else ""


def _box(el: Any) -> tuple[int, int, int, int] | None:
    xfrm = next((x for x in el.iter(_A + "xfrm", _P + "xfrm")), None)
    if xfrm is None:
        return None
    off, ext = xfrm.find(_A + "off"), xfrm.find(_A + "ext")
    if off is None or ext is None:
        return None
    try:
        return (int(off.get("x", "0")), int(off.get("y", "0")), int(ext.get("cx", "0")),
                int(ext.get("cy", "0")))
    except ValueError:
        return None


def _size(el: Any) -> float:
    sizes = []
    for rpr in el.iter(_A + "rPr"):
        try:
            sizes.append(int(rpr.get("sz", "0")) / 100)
        except ValueError:
            continue
    return max(sizes, default=0.0)


def read_shapes(tree: Any, rels: Callable[[str], str | None]) -> tuple[DeckShape, ...]:
    """Every shape of a slide's shape tree, groups flattened, in tree order; `rels` gives
    the part a relationship id points at."""
    return tuple(_shapes(tree, rels))


def _shapes(tree: Any, rels: Callable[[str], str | None]) -> Iterator[DeckShape]:
    for el in tree:
        tag = el.tag
        if tag == _P + "grpSp":
            yield from _shapes(el, rels)
        elif tag == _P + "sp":
            body = el.find(_P + "txBody")
            paras = (tuple((para_text(p), _level(p)) for p in body.iter(_A + "p"))
                if body is not None else ())
            yield DeckShape("text" if body is not None else "other", _name(el), _ph(el),
                            _box(el), paras, size=_size(el))
        elif tag == _P + "pic":
            blip = next(el.iter(_A + "blip"), None)
            rid = blip.get(_R + "embed") if blip is not None else None
            yield DeckShape("picture", _name(el), _ph(el), _box(el),
                            part=rels(rid) if rid else None)
        elif tag == _P + "graphicFrame":
            tbl = next(el.iter(_A + "tbl"), None)
            chart = next(el.iter(_C + "chart"), None)
            if tbl is not None:
                rows = tuple(tuple("\n".join(para_text(p) for p in tc.find(_A + "txBody")
                                             .iter(_A + "p"))
                                   if tc.find(_A + "txBody") is not None else ""
                                   for tc in tr.iter(_A + "tc"))
                             for tr in tbl.iter(_A + "tr"))
                yield DeckShape("table", _name(el), None, _box(el), rows=rows)
            elif chart is not None:
                rid = chart.get(_R + "id")
                yield DeckShape("chart", _name(el), None, _box(el),
                                part=rels(rid) if rid else None)
            else:
                yield DeckShape("other", _name(el), None, _box(el))


def paragraphs(shapes: tuple[DeckShape, ...]) -> list[tuple[str, int, int]]:
    """(text, shape index, level) of every paragraph and table cell outside the footer, in
    the order readdeck lists a slide's texts."""
    out = []
    for i, sh in enumerate(shapes):
        if sh.furniture:
            continue
        if sh.kind == "table":
            out += [(cell, i, 0) for row in sh.rows for cell in row]
        else:
            out += [(t, i, lvl) for t, lvl in sh.paras]
    return out
