"""Opening the template (or default theme), reading it once into a
:class:`~deckgen.templateinfo.TemplateInfo`, and the deck-wide theme parts. Part of the
build stage; the only module besides the renderer that imports python-pptx."""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part, XmlPart
from pptx.opc.packuri import PackURI
from pptx.oxml.ns import qn

from . import artmask, ooxml
from . import colors as wcag
from .primitives import EMU_PER_IN, EMU_PER_PT, Anchor, Fonts, Insets, Rect
from .templateinfo import (
    GRID,
    Art,
    LayoutDesc,
    Paint,
    Piece,
    PlaceholderInfo,
    TemplateInfo,
    TextStyle,
    file_digest,
    layout_key,
)
from .theme import ROLES, LayoutInfo, choose_layouts, read_template, template_bytes


@dataclass
class Opened:
    """A template opened for drawing: the presentation and its description."""

    prs: Any
    info: TemplateInfo


def open_template(path: Path,
                  known: Callable[[str], TemplateInfo | None] | None = None) -> Opened:
    """The template (or default theme) as a presentation with its sample slides removed,
    its content master first, LibreOffice's quirks repaired and symbol-font bullets made
    Unicode characters, and its description:
    ``known(digest)`` when it has one (shipped, or cached by the file's hash), else read."""
    data = read_template(path)
    prs = Presentation(io.BytesIO(template_bytes(path, data)))
    masters = [m.part for m in prs.slide_masters]
    used = [masters.index(s.slide_layout.slide_master.part) for s in prs.slides]
    content = _content_master(prs, used)
    remove_sample_slides(prs)
    _master_first(prs, content)
    # the master of the first sample slide dresses the title roles
    title = used[0] if used else 0
    order = [content] + [i for i in range(len(masters)) if i != content]
    prefer = {"title": order.index(title), "content": 0}
    from_libreoffice = _made_by(prs, "LibreOffice")
    for master in prs.slide_masters:
        if from_libreoffice:
            ooxml.date_fields(master.element)
            for layout in master.slide_layouts:
                ooxml.inherit_master_geometry(layout.element, master.element,
                                              gap=int(0.3 * EMU_PER_IN))
        if ooxml.lift_list_styles(master.element):
            for layout in master.slide_layouts:
                ooxml.plain_subtitles(layout.element)
        for tree in (master.element, *(layout.element for layout in master.slide_layouts)):
            ooxml.symbol_bullets(tree)
    _ensure_table_styles(prs)
    ooxml.fast_partnames(prs.part.package)
    digest = file_digest(data)
    memo = _DESCRIBED.get(digest)
    if memo is None and known is not None:
        found = known(digest)
        if found is not None and found.digest == digest:
            memo = _DESCRIBED[digest] = (found, found.first_master)
    if memo is None:  # a description depends only on the file's bytes
        cache: dict[Any, list[Art]] = {}
        info = describe(prs, prefer, digest, from_libreoffice, cache)
        chosen = info.layout("content").master
        if chosen:
            # art crowded the sample slides' master: the one chosen instead goes first
            _master_first(prs, chosen)
            order = [chosen] + [i for i in range(len(masters)) if i != chosen]
            prefer = {"title": order.index(info.layout("title").master), "content": 0}
            info = replace(describe(prs, prefer, digest, from_libreoffice, cache),
                           first_master=chosen)
        memo = _DESCRIBED[digest] = (info, chosen)
    elif memo[1]:
        _master_first(prs, memo[1])
    return Opened(prs, memo[0])


_DESCRIBED: dict[str, tuple[TemplateInfo, int]] = {}


def _made_by(prs: Any, app: str) -> bool:
    """Whether the extended properties name this application as the package's maker."""
    for part in prs.part.package.iter_parts():
        if part.content_type == _CT_APP:
            root = etree.fromstring(part.blob)
            return any((el.text or "").startswith(app) for el in root
                       if etree.QName(el).localname == "Application")
    return False


_TABLE_STYLES = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 b'<a:tblStyleLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/'
                 b'main" def="{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"/>')


def _ensure_table_styles(prs: Any) -> None:
    """A table-styles part: without one LibreOffice draws tables without their built-in
    style (PowerPoint always writes it)."""
    if any(rel.reltype == RT.TABLE_STYLES for rel in prs.part.rels.values()):
        return
    part = Part(PackURI("/ppt/tableStyles.xml"), CT.PML_TABLE_STYLES, prs.part.package,
                _TABLE_STYLES)
    prs.part.relate_to(part, RT.TABLE_STYLES)


def ph_type(ph: Any) -> str:
    """A placeholder's type (title, body, ctrTitle, …); obj when unstated."""
    el = ph.element.find(f".//{qn('p:ph')}")
    return (el.get("type") if el is not None else None) or "obj"


def _content_master(prs: Any, used: list[int]) -> int:
    """The master of the first sample slide after the title slide that has a body."""
    slides = list(prs.slides)
    for slide, master in list(zip(slides, used))[1:] + list(zip(slides, used))[:1]:
        if {ph_type(ph) for ph in slide.slide_layout.placeholders} & {"body", "obj"}:
            return master
    return used[1] if len(used) > 1 else 0


def _master_first(prs: Any, index: int) -> None:
    if index:
        lst = prs.part._element.find(qn("p:sldMasterIdLst"))
        lst.insert(0, lst[index])


def remove_sample_slides(prs: Any) -> None:
    """Remove every slide, with whatever in the package points at one: custom shows, the
    slide range of the show settings, outline-view entries, links, sections, and the
    slide counts and titles of the extended properties. Parts only the slides used (notes,
    media, comments, tags) become unreachable and are not written."""
    prs_part = prs.part
    root = prs_part._element
    slides = {prs_part.related_part(s.rId) for s in prs.slides._sldIdLst}
    shows = root.find(qn("p:custShowLst"))  # custom shows list slides by relationship
    if shows is not None:
        ooxml.remove_element(shows)
    for sld in list(prs.slides._sldIdLst):
        sld.getparent().remove(sld)
    for ext in root.findall(f"{qn('p:extLst')}/{qn('p:ext')}"):
        if ext.get("uri") == ooxml.SECTION_EXT_URI:
            ooxml.remove_element(ext)
    for part in list(prs_part.package.iter_parts()):
        gone = [rid for rid, rel in part.rels.items()
                if not rel.is_external and rel.target_part in slides]
        if gone and part not in slides:
            _edit_xml(part, functools.partial(ooxml.drop_rid_refs, rids=gone))
            for rid in gone:
                part.rels.pop(rid)
    for part in prs_part.package.iter_parts():
        if part.partname == "/ppt/presProps.xml" or part.content_type == _CT_PRES_PROPS:
            _edit_xml(part, ooxml.show_all_slides)
        elif part.content_type == _CT_APP:
            _edit_xml(part, ooxml.forget_slide_counts)


_CT_PRES_PROPS = "application/vnd.openxmlformats-officedocument.presentationml.presProps+xml"
_CT_APP = "application/vnd.openxmlformats-officedocument.extended-properties+xml"


def _edit_xml(part: Any, edit: Callable[[Any], None]) -> None:
    """Edit a part's XML in place, whether python-pptx holds it parsed or as bytes."""
    if isinstance(part, XmlPart):
        edit(part._element)
        return
    root = etree.fromstring(part.blob)
    edit(root)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                standalone=True)


def theme_parts(prs: Any) -> list[Any]:
    """The theme part of every slide master, each once."""
    parts: list[Any] = []
    for master in prs.slide_masters:
        part = master.part.part_related_by(RT.THEME)
        if part not in parts:
            parts.append(part)
    return parts



def apply_theme(prs: Any, major: Fonts | None, minor: Fonts | None,
                palette: tuple[str, ...]) -> None:
    """The deck's typefaces (where the outline or the language names them) and its palette
    (when the outline sets one, or on the default theme) in every master's theme."""
    for part in theme_parts(prs):
        blob = part.blob
        if major is not None or minor is not None:
            blob = ooxml.set_theme_fonts(blob, major, minor)
        part._blob = ooxml.set_theme_accents(blob, palette) if palette else blob


# -------------------------------------------------------------------- reading the template

_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_NS = {"a": _A, "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
_SCHEME = ("dk1", "lt1", "dk2", "lt2", "accent1", "accent2", "accent3", "accent4", "accent5",
           "accent6", "hlink", "folHlink")
_MAP_DEFAULT = {"bg1": "lt1", "tx1": "dk1", "bg2": "lt2", "tx2": "dk2"}
_PRESET = {"black": "#000000", "white": "#FFFFFF", "red": "#FF0000", "green": "#008000",
           "blue": "#0000FF", "yellow": "#FFFF00", "gray": "#808080", "grey": "#808080",
           "darkGray": "#A9A9A9", "lightGray": "#D3D3D3", "silver": "#C0C0C0",
           "navy": "#000080", "orange": "#FFA500"}
_DEFAULT_LR, _DEFAULT_TB = 91440, 45720


def _q(path: str) -> str:
    return "/".join(qn(p) for p in path.split("/"))


class _Colors:
    """The theme's colour scheme seen through a master's (or layout's) colour map."""

    def __init__(self, scheme: dict[str, str], mapping: dict[str, str]) -> None:
        self.scheme = scheme
        self.mapping = mapping

    def with_map(self, el: Any) -> _Colors:
        """The same scheme under a colour map element's attributes (p:clrMap)."""
        if el is None:
            return self
        return _Colors(self.scheme, {**self.mapping, **{k: v for k, v in el.attrib.items()}})

    def named(self, name: str) -> str:
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
            return mean([c for c in stops if c]) if stops else None
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
            return Paint((c,), (0.0,), (_alpha_in(solid[0]),)) if c else None
        grad = parent.find(qn("a:gradFill"))
        if grad is None:
            return None
        stops = [(c, _fraction(gs.get("pos", "0")), _alpha_in(gs[0])) for gs in
                 grad.iter(qn("a:gs")) if len(gs) and (c := self.of(gs[0]))]
        if not stops:
            return None
        lin, path = grad.find(qn("a:lin")), grad.find(qn("a:path"))
        angle, kind, focus = None, None, (0.5, 0.5, 0.5, 0.5)
        if path is not None:
            kind = path.get("path") or "circle"
            rect = path.find(qn("a:fillToRect"))
            if rect is not None:
                focus = tuple(_fraction(rect.get(k, "0"), signed=True)
                              for k in ("l", "t", "r", "b"))  # type: ignore[assignment]
        elif lin is not None:
            try:
                angle = int(lin.get("ang", "0")) / 60000
            except ValueError:
                angle = 0.0
        return Paint(tuple(c for c, _, _ in stops), tuple(p for _, p, _ in stops),
                     tuple(a for *_, a in stops), angle, kind, focus)


def _alpha_in(color: Any) -> float:
    """The opacity a DrawingML colour element's a:alpha gives it."""
    found = color.find(qn("a:alpha"))
    return 1.0 if found is None else _fraction(found.get("val"))


def _hex(c: str) -> tuple[float, float, float]:
    c = c.lstrip("#")
    return int(c[0:2], 16) / 255, int(c[2:4], 16) / 255, int(c[4:6], 16) / 255


def _to_hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(min(1.0, max(0.0, v)) * 255):02X}" for v in rgb)


def mean(colors: list[str]) -> str:
    """The average of some colours."""
    rgbs = [_hex(c) for c in colors]
    return _to_hex(tuple(sum(v[i] for v in rgbs) / len(rgbs) for i in range(3)))  # type: ignore[arg-type]


def _modified(base: str, el: Any) -> str:
    """A colour with DrawingML's modifiers applied (lumMod, lumOff, tint, shade)."""
    import colorsys

    r, g, b = _hex(base)
    for mod in el:
        name = etree.QName(mod).localname
        val = int(mod.get("val", "100000")) / 100000
        if name in ("lumMod", "lumOff"):
            h, lum, s = colorsys.rgb_to_hls(r, g, b)
            lum = lum * val if name == "lumMod" else lum + val
            r, g, b = colorsys.hls_to_rgb(h, min(1.0, max(0.0, lum)), s)
        elif name in ("tint", "shade"):
            mixed = (wcag.tint if name == "tint" else wcag.shade)(_to_hex((r, g, b)), val)
            r, g, b = _hex(mixed)
    return _to_hex((r, g, b))


def _scheme(theme_blob: bytes) -> dict[str, str]:
    root = etree.fromstring(theme_blob)
    scheme = root.find(f".//{qn('a:clrScheme')}")
    out: dict[str, str] = {}
    if scheme is None:
        return out
    plain = _Colors({}, {})
    for name in _SCHEME:
        slot = scheme.find(qn(f"a:{name}"))
        if slot is not None and len(slot):
            color = plain.of(slot[0])
            if color:
                out[name] = color
    return out


def _theme_fonts(theme_blob: bytes) -> tuple[Fonts, Fonts]:
    root = etree.fromstring(theme_blob)
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


def _pt(emu: Any) -> float:
    return int(emu) / EMU_PER_PT


def _xfrm_rect(sp: Any) -> Rect | None:
    xfrm = sp.find(f"{qn('p:spPr')}/{qn('a:xfrm')}")
    if xfrm is None:
        xfrm = sp.find(f"{qn('p:grpSpPr')}/{qn('a:xfrm')}")
    if xfrm is None:
        xfrm = sp.find(qn("p:xfrm"))  # graphic frames
    if xfrm is None:
        return None
    off, ext = xfrm.find(qn("a:off")), xfrm.find(qn("a:ext"))
    if off is None or ext is None:
        return None
    return Rect(_pt(off.get("x", 0)), _pt(off.get("y", 0)), _pt(ext.get("cx", 0)),
                _pt(ext.get("cy", 0)))


def _ph_of(sp: Any) -> tuple[str, int] | None:
    nv = sp[0] if len(sp) else None
    ph = None if nv is None else nv.find(f"{qn('p:nvPr')}/{qn('p:ph')}")
    if ph is None:
        return None
    return ph.get("type") or "obj", int(ph.get("idx", "0"))


_SHAPES = {qn("p:sp"), qn("p:pic"), qn("p:grpSp"), qn("p:graphicFrame"), qn("p:cxnSp")}


def _shapes(tree: Any) -> Iterator[Any]:
    for el in tree.iterchildren():
        if el.tag in _SHAPES:
            yield el


def _master_phs(master_el: Any, kind: str) -> list[Any]:
    """The master placeholders a layout placeholder of this type may inherit from; the
    first is PowerPoint's choice."""
    want = "title" if kind in ("title", "ctrTitle") else "body" if kind in (
        "body", "obj", "subTitle") else kind
    return [sp for sp in _shapes(master_el.find(_q("p:cSld/p:spTree")))
            if (found := _ph_of(sp)) and found[0] == want]


def _level(sp: Any, n: int) -> Any:
    return None if sp is None else sp.find(_q(f"p:txBody/a:lstStyle/a:lvl{n}pPr"))


def _style_chain(layout_sp: Any, master_sp: Any, master_el: Any, kind: str,
                 n: int = 1) -> list[Any]:
    """The lvlNpPr elements a placeholder's text at level n inherits from, nearest first."""
    group = "titleStyle" if kind in ("title", "ctrTitle") else "bodyStyle" if kind in (
        "body", "obj", "subTitle") else "otherStyle"
    styles = master_el.find(qn("p:txStyles"))
    base = None if styles is None else styles.find(f"{qn('p:' + group)}/{qn(f'a:lvl{n}pPr')}")
    return [el for el in (_level(layout_sp, n), _level(master_sp, n), base) if el is not None]


def _bullet_char(el: Any) -> str | None:
    if el.find(qn("a:buNone")) is not None:
        return ""
    char = el.find(qn("a:buChar"))
    if char is not None:
        return char.get("char")
    return "1." if el.find(qn("a:buAutoNum")) is not None else None


def _first(chain: list[Any], get: Callable[[Any], Any]) -> Any:
    for el in chain:
        v = get(el)
        if v is not None:
            return v
    return None


def _typeface(face: str | None, major: Fonts, minor: Fonts) -> str | None:
    if not face:
        return None
    return {"+mj-lt": major.latin, "+mn-lt": minor.latin, "+mj-ea": major.east_asian,
            "+mn-ea": minor.east_asian}.get(face, face) or None


def _text_style(chain: list[Any], chain2: list[Any], colors: _Colors, major: Fonts,
                minor: Fonts, kind: str) -> TextStyle:
    def rpr(el: Any) -> Any:
        return el.find(qn("a:defRPr"))

    size = _first(chain, lambda el: None if rpr(el) is None or rpr(el).get("sz") is None
                  else int(rpr(el).get("sz")) / 100)
    bold = _first(chain, lambda el: None if rpr(el) is None or rpr(el).get("b") is None
                  else rpr(el).get("b") in ("1", "true"))
    color = _first(chain, lambda el: None if rpr(el) is None else colors.fill(rpr(el)))
    align = _first(chain, lambda el: el.get("algn"))
    bullet = _first(chain, _bullet_char)
    sub_bullet = _first(chain2, _bullet_char)
    bu_color = _first(chain, lambda el: None if el.find(qn("a:buClr")) is None or not len(
        el.find(qn("a:buClr"))) else colors.of(el.find(qn("a:buClr"))[0]))
    default_face = major if kind in ("title", "ctrTitle") else minor
    latin = _first(chain, lambda el: None if rpr(el) is None or rpr(el).find(qn("a:latin"))
                   is None else _typeface(rpr(el).find(qn("a:latin")).get("typeface"),
                                          major, minor))
    ea = _first(chain, lambda el: None if rpr(el) is None or rpr(el).find(qn("a:ea"))
                is None else _typeface(rpr(el).find(qn("a:ea")).get("typeface"), major, minor))
    return TextStyle(size=size, bold=bool(bold), color=color or colors.named("tx1"),
                     align=align, bullet=bullet or None, bullet_color=bu_color,
                     sub_bullet=sub_bullet or None,
                     latin=latin or default_face.latin or None,
                     east_asian=ea or default_face.east_asian or None)


def _body_pr(sp: Any) -> Any:
    return None if sp is None else sp.find(_q("p:txBody/a:bodyPr"))


def _insets(layout_sp: Any, master_sp: Any) -> tuple[Insets, str]:
    found: dict[str, int] = {}
    anchor = None
    for sp in (layout_sp, master_sp):
        body_pr = _body_pr(sp)
        if body_pr is None:
            continue
        for attr in ("lIns", "tIns", "rIns", "bIns"):
            if attr not in found and body_pr.get(attr) is not None:
                found[attr] = int(body_pr.get(attr))
        anchor = anchor or body_pr.get("anchor")
    return Insets(found.get("lIns", _DEFAULT_LR) / EMU_PER_PT,
                  found.get("tIns", _DEFAULT_TB) / EMU_PER_PT,
                  found.get("rIns", _DEFAULT_LR) / EMU_PER_PT,
                  found.get("bIns", _DEFAULT_TB) / EMU_PER_PT), anchor or "t"


def _centred_block(layout_sp: Any, master_sp: Any) -> bool:
    """Whether the nearer bodyPr that says so centres the text block (anchorCtr)."""
    for sp in (layout_sp, master_sp):
        body_pr = _body_pr(sp)
        if body_pr is not None and body_pr.get("anchorCtr") is not None:
            return body_pr.get("anchorCtr") in ("1", "true")
    return False


def _anchor(value: str) -> Anchor:
    return "ctr" if value == "ctr" else "b" if value == "b" else "t"


def _ph_fill(layout_sp: Any, master_sp: Any, colors: _Colors) -> str | None:
    """The fill a placeholder inherits: the layout's own, else the master's."""
    for sp in (layout_sp, master_sp):
        pr = None if sp is None else sp.find(qn("p:spPr"))
        if pr is None:
            continue
        if pr.find(qn("a:noFill")) is not None:
            return None
        found = colors.fill(pr)
        if found is not None:
            return found
    return None


def _placeholders(layout: Any, master_el: Any, colors: _Colors, major: Fonts,
                  minor: Fonts) -> tuple[PlaceholderInfo, ...]:
    out = []
    for sp in _shapes(layout.element.find(_q("p:cSld/p:spTree"))):
        found = _ph_of(sp)
        if found is None:
            continue
        kind, idx = found
        candidates = _master_phs(master_el, kind)
        master_sp = candidates[0] if candidates else None
        box = _xfrm_rect(sp) or (_xfrm_rect(master_sp) if master_sp is not None else None)
        if box is None:
            continue
        insets, anchor = _insets(sp, master_sp)
        vert = _first([el for el in (_body_pr(sp), _body_pr(master_sp)) if el is not None],
                      lambda el: el.get("vert"))
        style = _text_style(_style_chain(sp, master_sp, master_el, kind),
                            _style_chain(sp, master_sp, master_el, kind, 2), colors, major,
                            minor, kind)
        if style.align is None and _centred_block(sp, master_sp):
            style = replace(style, align="ctr")  # one line centred as a block is centred
        # a master with two placeholders of a type: viewers inherit from different ones
        ambiguous = len(candidates) > 1
        out.append(PlaceholderInfo(kind, idx, box, insets, _anchor(anchor), style,
                                   _ph_fill(sp, master_sp, colors), ambiguous,
                                   vert not in (None, "horz")))
    return tuple(out)


def _background(cSld: Any, colors: _Colors, part: Any
                ) -> tuple[str, str | None, Paint | None, tuple[str, ...]] | None:
    """The colour (and picture member, and a gradient's stops) of a slide's, layout's or
    master's background."""
    bg = None if cSld is None else cSld.find(qn("p:bg"))
    if bg is None:
        return None
    pr = bg.find(qn("p:bgPr"))
    if pr is not None:
        blip = pr.find(_q("a:blipFill/a:blip"))
        if blip is not None:
            media = _media(part, blip.get(qn("r:embed")))
            rid = blip.get(qn("r:embed"))
            mean, grid = _picture_colors(part, rid)
            return mean or colors.named("bg1"), media, None, grid
        color = colors.fill(pr)
        return (color, None, colors.paint(pr), ()) if color else None
    ref = bg.find(qn("p:bgRef"))
    if ref is not None and len(ref):
        return colors.of(ref[0]) or colors.named("bg1"), None, None, ()
    return None


def _media(part: Any, rid: str | None) -> str | None:
    if not rid or rid not in part.rels:
        return None
    rel = part.rels[rid]
    return None if rel.is_external else str(rel.target_part.partname).lstrip("/")


@functools.lru_cache(maxsize=64)
def _colors_of(blob: bytes) -> tuple[str | None, tuple[str, ...]]:
    """A picture's mean colour (of the pixels that show) and its mean colours in GRID
    cells (row by row, transparent parts on white), from one decoding; None and () for
    an image Pillow cannot read."""
    from PIL import Image, ImageStat

    try:
        with Image.open(io.BytesIO(blob)) as im:
            rgba = im.convert("RGBA")
    except Exception:  # an image Pillow cannot read: no colour to report
        return None, ()
    small = rgba.resize((32, 32))
    shown = small.getchannel("A").point(lambda a: 255 if a > 16 else 0)  # more than faint
    mean = None
    if shown.getbbox() is not None:
        values = ImageStat.Stat(small.convert("RGB"), mask=shown).mean
        mean = "#" + "".join(f"{round(v):02X}" for v in values[:3])
    flat = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    flat.alpha_composite(rgba)
    data = flat.convert("RGB").resize(GRID, Image.Resampling.BOX).tobytes()  # 3 bytes a pixel
    return mean, tuple("#" + data[i:i + 3].hex().upper() for i in range(0, len(data), 3))


def _picture_colors(part: Any, rid: str | None) -> tuple[str | None, tuple[str, ...]]:
    """The mean colour and grid colours of the picture a relationship points at."""
    if not rid or rid not in part.rels or part.rels[rid].is_external:
        return None, ()
    return _colors_of(part.rels[rid].target_part.blob)


def _opacity(sp: Any) -> float:
    """The opacity of a shape's fill (a:alpha in its colour) or picture (a:alphaModFix)."""
    pr = sp.find(qn("p:spPr"))
    el = None if pr is None else pr.find(f"{qn('a:solidFill')}/*/{qn('a:alpha')}")
    if el is None:
        el = sp.find(f"{_q('p:blipFill/a:blip')}/{qn('a:alphaModFix')}")
        if el is not None:
            return _fraction(el.get("amt"))
        return 1.0
    return _fraction(el.get("val"))


def _fraction(value: str | None, signed: bool = False) -> float:
    try:
        v = int(value or "100000") / 100000
    except ValueError:
        return 1.0
    return v if signed else min(1.0, max(0.0, v))


def _alpha(part: Any) -> Callable[[Any], Any]:
    """A picture element's alpha channel (None when opaque), read through its part."""
    def of(pic: Any) -> Any:
        blip = pic.find(_q("p:blipFill/a:blip"))
        rid = None if blip is None else blip.get(qn("r:embed"))
        if not rid or rid not in part.rels or part.rels[rid].is_external:
            return None
        return _alpha_of(part.rels[rid].target_part.blob)
    return of


@functools.lru_cache(maxsize=64)
def _alpha_of(blob: bytes) -> Any:
    return artmask.alpha_of(blob)


def _art(tree: Any, part: Any, colors: _Colors, master: bool) -> list[Art]:
    """Every shape the tree draws that is not a placeholder, with where it really paints."""
    out = []
    fill, line, media = artmask.painters(
        colors, lambda blip: _media(part, blip.get(qn("r:embed"))))
    for sp in _shapes(tree):
        if _ph_of(sp) is not None:
            continue
        items = list(artmask.drawn(sp, artmask.IDENTITY, _alpha(part)))
        box = artmask.bounds(items) or _xfrm_rect(sp)
        if box is None or box.w <= 0 or box.h <= 0:
            continue
        text = "".join(t.text or "" for t in sp.iter(qn("a:t"))).strip()
        fld = next(iter(sp.iter(qn("a:fld"))), None)
        field = None if fld is None else (fld.get("type") or None)
        opacity = _opacity(sp)
        if sp.tag == qn("p:pic"):
            blip = sp.find(_q("p:blipFill/a:blip"))
            rid = None if blip is None else blip.get(qn("r:embed"))
            mean, grid = _picture_colors(part, rid)
            out.append(Art("picture", box, mean, _media(part, rid), grid=grid,
                           master=master, opacity=opacity,
                           cover=artmask.rasterise(items, box),
                           pieces=artmask.pieces(items, fill, line, media)))
        elif text:
            if field == "slidenum":
                insets, anchor = _insets(sp, None)
                number: tuple[Piece, ...] = (artmask.number_field(sp, fld, box, colors, insets,
                                                                  _anchor(anchor)),)
            else:
                number = ()
            out.append(Art("text", box, colors.fill(sp.find(qn("p:spPr"))), text=text[:200],
                           master=master, opacity=opacity, field=field,
                           paint=colors.paint(sp.find(qn("p:spPr"))),
                           pieces=artmask.pieces(items, fill, line, media) + number))
        else:
            color = colors.fill(sp.find(qn("p:spPr")))
            paint = colors.paint(sp.find(qn("p:spPr")))
            if color is None and sp.tag != qn("p:cxnSp"):
                ref = sp.find(_q("p:style/a:fillRef"))
                if ref is not None and len(ref) and ref.get("idx", "0") != "0":
                    color = colors.of(ref[0])
                    paint = None
            painted = [it for it in items if isinstance(it, artmask.Bitmap)
                       or it.filled or it.pen > 0]
            if not painted:
                continue
            filled = any(isinstance(it, artmask.Bitmap) or it.filled for it in painted)
            kind = "group" if sp.tag == qn("p:grpSp") else "shape" if filled or \
                sp.tag == qn("p:graphicFrame") else "line"
            out.append(Art(kind, box, color if kind != "line" else None, master=master,
                           opacity=opacity, cover=artmask.rasterise(painted, box),
                           paint=paint if kind != "line" else None,
                           pieces=artmask.pieces(painted, fill, line, media)))
    return out


def _layout_infos(prs: Any) -> list[tuple[LayoutInfo, Any]]:
    out = []
    i = 0
    for m, master in enumerate(prs.slide_masters):
        for layout in master.slide_layouts:
            phs = []
            for sp in _shapes(layout.element.find(_q("p:cSld/p:spTree"))):
                found = _ph_of(sp)
                if found:
                    phs.append(found[0])
            out.append((LayoutInfo(i, layout.name or "", layout.element.get("type"),
                                   tuple(phs), m), layout))
            i += 1
    return out


def _layout_desc(role: str, info: LayoutInfo, layout: Any, scheme: dict[str, str],
                 major: Fonts, minor: Fonts, art_of: Callable[..., list[Art]]) -> LayoutDesc:
    """One layout's description: placeholders, background and art (its master's too)."""
    master = layout.slide_master
    m_el, l_el = master.element, layout.element
    colors = _Colors(scheme, _MAP_DEFAULT).with_map(m_el.find(qn("p:clrMap")))
    colors = colors.with_map(l_el.find(_q("p:clrMapOvr/a:overrideClrMapping")))
    index = list(master.slide_layouts).index(layout)
    bg = (_background(l_el.find(qn("p:cSld")), colors, layout.part)
          or _background(m_el.find(qn("p:cSld")), colors, master.part)
          or (colors.named("bg1"), None, None, ()))
    art = art_of(layout.part, colors, False)
    if l_el.get("showMasterSp") not in ("0", "false"):
        art = art_of(master.part, colors, True) + art
    return LayoutDesc(role, info.master, index, info.name,
                      _placeholders(layout, m_el, colors, major, minor), bg[0], bg[1],
                      tuple(art), bg[2], bg[3])


TEXT_PLACEHOLDERS = ("title", "ctrTitle", "subTitle", "body", "obj")


def room_of(desc: LayoutDesc, width: float, height: float) -> float:
    """The least share of a text placeholder's box that stays clear of the layout's art."""
    from .room import share_free

    shares = [share_free(desc, ph.box, width, height) for ph in desc.placeholders
              if ph.type in TEXT_PLACEHOLDERS and ph.box.w > 0 and ph.box.h > 0]
    return min(shares, default=1.0)


def describe(prs: Any, prefer: dict[str, int] | None, digest: str,
             made_by_libreoffice: bool = False,
             cache: dict[Any, list[Art]] | None = None) -> TemplateInfo:
    """The facts layout needs, read from an opened template. Among layouts equally fit
    for a role, those whose art leaves their text boxes free win (theme.choose_layouts)."""
    theme = theme_parts(prs)[0].blob
    scheme = _scheme(theme)
    major, minor = _theme_fonts(theme)
    width, height = _pt(prs.slide_width), _pt(prs.slide_height)
    cache = {} if cache is None else cache

    def art_of(part: Any, colors: _Colors, master: bool) -> list[Art]:
        key = (str(part.partname), tuple(sorted(colors.mapping.items())), master)
        if key not in cache:
            cache[key] = _art(part._element.find(_q("p:cSld/p:spTree")), part, colors, master)
        return cache[key]

    every: list[LayoutDesc] = []
    infos: list[LayoutInfo] = []
    for li, layout in _layout_infos(prs):
        index = list(layout.slide_master.slide_layouts).index(layout)
        desc = _layout_desc(layout_key(li.master, index), li, layout, scheme, major, minor,
                            art_of)
        every.append(desc)
        infos.append(replace(li, room=room_of(desc, width, height)))
    chosen = choose_layouts(infos, prefer)
    layouts = {role: replace(every[chosen[role]], role=role) for role in ROLES}
    palette = tuple(scheme[a] for a in _SCHEME[4:10] if a in scheme)
    return TemplateInfo(width, height, layouts, scheme, major, minor, palette, digest,
                        made_by_libreoffice, every=tuple(every),
                        master_names=tuple(_master_name(m) for m in prs.slide_masters))


def _master_name(master: Any) -> str:
    """A master's name as PowerPoint shows it: its own, else its theme's."""
    if master.name:
        return str(master.name)
    try:
        return etree.fromstring(master.part.part_related_by(RT.THEME).blob).get("name") or ""
    except (KeyError, etree.XMLSyntaxError):
        return ""


def layout_of(prs: Any, desc: LayoutDesc) -> Any:
    """The python-pptx layout a description names."""
    return prs.slide_masters[desc.master].slide_layouts[desc.index]
