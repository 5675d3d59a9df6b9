"""The theme's colour scheme and fonts, and the colours DrawingML colour elements stand for
(scheme slots through a master's colour map, presets, modifiers such as lumMod and tint,
gradients' stops): part of describing a template. The colour maths is :mod:`deckgen.colors`'."""

from __future__ import annotations

from typing import Any

from lxml import etree

from ..colors import average, shade, tint, to_hex, unit
from ..ns import qn
from ..primitives import Fonts
from .info import Paint

SCHEME = ("dk1", "lt1", "dk2", "lt2", "accent1", "accent2", "accent3", "accent4", "accent5",
          "accent6", "hlink", "folHlink")
"""The slots of a theme's colour scheme."""
MAP_DEFAULT = {"bg1": "lt1", "tx1": "dk1", "bg2": "lt2", "tx2": "dk2"}
"""The colour map a master states most often (p:clrMap), before its own is applied."""
_PRESET = {"black": "#000000", "white": "#FFFFFF", "red": "#FF0000", "green": "#008000",
           "blue": "#0000FF", "yellow": "#FFFF00", "gray": "#808080", "grey": "#808080",
           "darkGray": "#A9A9A9", "lightGray": "#D3D3D3", "silver": "#C0C0C0",
           "navy": "#000080", "orange": "#FFA500"}


class Colors:
    """The theme's colour scheme seen through a master's (or layout's) colour map."""

    def __init__(self, scheme: dict[str, str], mapping: dict[str, str]) -> None:
        self.scheme = scheme
        self.mapping = mapping

    def with_map(self, el: Any) -> Colors:
        """The same scheme under a colour map element's attributes (p:clrMap)."""
        if el is None:
            return self
        return Colors(self.scheme, {**self.mapping, **{k: v for k, v in el.attrib.items()}})

    def named(self, name: str) -> str:
        """The colour of a scheme slot or colour-map name (tx1, accent2 …)."""
        key = self.mapping.get(name, name)
        return self.scheme.get(key, self.scheme.get(name, "#000000"))

    def of(self, el: Any) -> str | None:
        """The colour a DrawingML colour element (srgbClr, schemeClr, …) stands for; None
        for one that names no colour readably (a damaged template's)."""
        try:
            return self._of(el)
        except (ValueError, TypeError, IndexError):
            return None

    def _of(self, el: Any) -> str | None:
        if el is None:
            return None
        tag = etree.QName(el).localname
        if tag == "srgbClr":
            base = "#" + (el.get("val") or "000000").upper()
        elif tag == "schemeClr":
            base = self.named(el.get("val") or "tx1")
        elif tag == "sysClr":
            base = "#" + (el.get("lastClr") or "000000").upper()
        elif tag == "prstClr":
            base = _PRESET.get(el.get("val") or "", "#000000")
        elif tag == "scrgbClr":
            base = "#" + "".join(f"{round(int(el.get(c, '0')) / 100000 * 255):02X}"
                                 for c in "rgb")
        else:
            return None
        return _modified(base, el)

    def fill(self, parent: Any) -> str | None:
        """The colour of the first fill under an element (spPr, bgPr, rPr …); a gradient
        as the mean of its stops; None for no fill."""
        if parent is None:
            return None
        solid = parent.find(qn("a:solidFill"))
        if solid is not None and len(solid):
            return self.of(solid[0])
        grad = parent.find(qn("a:gradFill"))
        if grad is not None:
            stops = [self.of(gs[0]) for gs in grad.iter(qn("a:gs")) if len(gs)]
            return average([c for c in stops if c]) if stops else None
        patt = parent.find(qn("a:pattFill"))
        if patt is not None:
            fg = patt.find(qn("a:fgClr"))
            return self.of(fg[0]) if fg is not None and len(fg) else None
        return None

    def paint(self, parent: Any) -> Paint | None:
        """The colours a solid fill or gradient under an element paints, with a
        gradient's stops, opacities and shape; None for none, a picture or a pattern."""
        if parent is None:
            return None
        solid = parent.find(qn("a:solidFill"))
        if solid is not None and len(solid):
            c = self.of(solid[0])
            return Paint((c,), (0.0,), (alpha_in(solid[0]),)) if c else None
        grad = parent.find(qn("a:gradFill"))
        if grad is None:
            return None
        stops = [(c, fraction(gs.get("pos", "0")), alpha_in(gs[0])) for gs in
                 grad.iter(qn("a:gs")) if len(gs) and (c := self.of(gs[0]))]
        if not stops:
            return None
        lin, path = grad.find(qn("a:lin")), grad.find(qn("a:path"))
        angle, kind, focus = None, None, (0.5, 0.5, 0.5, 0.5)
        if path is not None:
            kind = path.get("path") or "circle"
            rect = path.find(qn("a:fillToRect"))
            if rect is not None:
                focus = tuple(fraction(rect.get(k, "0"), signed=True)
                              for k in ("l", "t", "r", "b"))  # type: ignore[assignment]
        elif lin is not None:
            try:
                angle = int(lin.get("ang", "0")) / 60000
            except ValueError:
                angle = 0.0
        return Paint(tuple(c for c, _, _ in stops), tuple(p for _, p, _ in stops),
                     tuple(a for *_, a in stops), angle, kind, focus)


def alpha_in(color: Any) -> float:
    """The opacity a DrawingML colour element's a:alpha gives it."""
    found = color.find(qn("a:alpha"))
    return 1.0 if found is None else fraction(found.get("val"))


def _modified(base: str, el: Any) -> str:
    """A colour with DrawingML's modifiers applied (lumMod, lumOff, tint, shade)."""
    import colorsys

    r, g, b = unit(base)
    for mod in el:
        name = etree.QName(mod).localname
        val = int(mod.get("val", "100000")) / 100000
        if name in ("lumMod", "lumOff"):
            h, lum, s = colorsys.rgb_to_hls(r, g, b)
            lum = lum * val if name == "lumMod" else lum + val
            r, g, b = colorsys.hls_to_rgb(h, min(1.0, max(0.0, lum)), s)
        elif name in ("tint", "shade"):
            mixed = (tint if name == "tint" else shade)(to_hex((r, g, b)), val)
            r, g, b = unit(mixed)
    return to_hex((r, g, b))


def scheme_colors(theme: Any) -> dict[str, str]:
    """The theme part's colour scheme: dk1, lt1, dk2, lt2, accent1 … folHlink."""
    root = theme
    scheme = root.find(f".//{qn('a:clrScheme')}")
    out: dict[str, str] = {}
    if scheme is None:
        return out
    plain = Colors({}, {})
    for name in SCHEME:
        slot = scheme.find(qn(f"a:{name}"))
        if slot is not None and len(slot):
            color = plain.of(slot[0])
            if color:
                out[name] = color
    return out


def theme_fonts(theme: Any) -> tuple[Fonts, Fonts]:
    """The theme part's heading (major) and body (minor) typefaces ("" where it names
    none; a Chinese face under the Hans script where it names no East Asian one)."""
    root = theme
    out = []
    for group in ("a:majorFont", "a:minorFont"):
        font = root.find(f".//{qn(group)}")
        faces = {}
        for tag in ("latin", "ea"):
            el = None if font is None else font.find(qn(f"a:{tag}"))
            faces[tag] = (el.get("typeface") or "") if el is not None else ""
        if font is not None and not faces["ea"]:
            hans = next((f.get("typeface") or "" for f in font.findall(qn("a:font"))
                         if f.get("script") == "Hans"), "")
            faces["ea"] = hans
        out.append(Fonts(faces["latin"], faces["ea"]))
    return out[0], out[1]


def fraction(value: str | None, signed: bool = False) -> float:
    """A DrawingML percentage ("50000") as a fraction, clipped to 0..1 unless `signed`."""
    try:
        v = int(value or "100000") / 100000
    except ValueError:
        return 1.0
    return v if signed else min(1.0, max(0.0, v))
