"""Opening the template (or default theme) and reading its geometry; the deck-wide theme
parts. Part of the build stage; imports python-pptx."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from pptx import Presentation
from pptx.oxml.ns import qn

from . import ooxml
from .plan import DeckPlan
from .theme import LayoutInfo, choose_layouts, default_theme, template_bytes

EMU_PER_IN = 914400
EMU_PER_PT = 12700


@dataclass(frozen=True)
class Rect:
    """A box on the slide in EMU."""

    x: int
    y: int
    w: int
    h: int

    def inches(self) -> tuple[float, float]:
        """Width and height in inches."""
        return self.w / EMU_PER_IN, self.h / EMU_PER_IN


@dataclass(frozen=True)
class Geometry:
    """Slide size and the boxes content is laid out in."""

    width: int
    height: int
    title: Rect
    body: Rect
    layouts: dict[str, int]


def open_base(plan: DeckPlan) -> Any:
    """The template (or default theme) as a presentation with its sample slides removed."""
    path = plan.template or default_theme(plan.aspect)
    prs = Presentation(io.BytesIO(template_bytes(path)))
    sld_lst = prs.slides._sldIdLst
    for sld in list(sld_lst):
        prs.part.drop_rel(sld.rId)
        sld_lst.remove(sld)
    ooxml.fast_partnames(prs.part.package)
    return prs


def _layout_infos(prs: Any) -> list[LayoutInfo]:
    out = []
    for i, layout in enumerate(prs.slide_layouts):
        phs = tuple(ph_type(ph) for ph in layout.placeholders)
        out.append(LayoutInfo(i, layout.name or "", layout.element.get("type"), phs))
    return out


def ph_type(ph: Any) -> str:
    """A placeholder's type (title, body, ctrTitle, …); obj when unstated."""
    el = ph.element.find(f".//{qn('p:ph')}")
    return (el.get("type") if el is not None else None) or "obj"


def _rect(shape: Any) -> Rect:
    return Rect(int(shape.left or 0), int(shape.top or 0), int(shape.width or 0),
                int(shape.height or 0))


def geometry(prs: Any) -> Geometry:
    """Slide size and content boxes, read from the layouts that serve each role."""
    width, height = int(prs.slide_width), int(prs.slide_height)
    layouts = choose_layouts(_layout_infos(prs))
    content = prs.slide_layouts[layouts["content"]]
    title = body = None
    for ph in content.placeholders:
        t = ph_type(ph)
        if t in ("title", "ctrTitle") and title is None:
            title = _rect(ph)
        elif t in ("body", "obj") and body is None:
            body = _rect(ph)
    margin = int(width * 0.05)
    if title is None or title.w == 0:
        title = Rect(margin, int(height * 0.05), width - 2 * margin, int(height * 0.13))
    if body is None or body.w == 0:
        top = title.y + title.h + int(height * 0.03)
        body = Rect(title.x, top, title.w, int(height * 0.92) - top)
    return Geometry(width, height, title, body, layouts)


def apply_theme(prs: Any, plan: DeckPlan) -> None:
    """The deck's typefaces in every master's theme (major and minor fonts)."""
    for master in prs.slide_masters:
        theme_part = master.part.part_related_by(
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme")
        theme_part._blob = ooxml.set_theme_fonts(theme_part.blob, plan.latin_font,
                                                 plan.east_asian_font)


def slide_size_ok(prs: Any, aspect: str) -> bool:
    """Whether the presentation's slide size matches the outline's aspect."""
    ratio = int(prs.slide_width) / int(prs.slide_height)
    return abs(ratio - (16 / 9 if aspect == "16:9" else 4 / 3)) < 0.02
