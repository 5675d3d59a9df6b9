"""Describing a template: the facts layout needs, read once from the presentation python-pptx
opened (after :mod:`deckgen.template.repair`) into a
:class:`~deckgen.template.info.TemplateInfo`: slide size, colour scheme and fonts
(:mod:`~deckgen.template.scheme`), every layout's placeholders with their boxes, insets and
inherited text styles (:mod:`~deckgen.template.shapes`), backgrounds and art
(:mod:`~deckgen.template.art`), and the layout chosen per role
(:mod:`~deckgen.template.roles`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from ..frozen import frozen
from ..ns import qn
from ..primitives import Fonts
from .art import art_of as art_in
from .art import media_of, picture_colors
from .clearance import share_free
from .info import (
    TITLE_TYPES,
    Art,
    LayoutDesc,
    Paint,
    PlaceholderInfo,
    TemplateInfo,
    TextStyle,
    layout_key,
)
from .roles import ROLES, LayoutInfo, choose_layouts
from .scheme import MAP_DEFAULT, SCHEME, Colors, scheme_colors, theme_fonts
from .shapes import anchor as anchor_of
from .shapes import body_pr, ph_of, pt, shapes, xfrm_rect
from .shapes import insets as insets_of


def theme_parts(prs: Any) -> list[Any]:
    """The theme part of every slide master, each once."""
    parts: list[Any] = []
    for master in prs.slide_masters:
        part = master.part.part_related_by(RT.THEME)
        if part not in parts:
            parts.append(part)
    return parts


def _master_phs(master_el: Any, kind: str) -> list[Any]:
    """The master placeholders a layout placeholder of this type may inherit from; the
    first is PowerPoint's choice."""
    want = "title" if kind in TITLE_TYPES else "body" if kind in (
        "body", "obj", "subTitle") else kind
    return [sp for sp in shapes(master_el.find(qn("p:cSld/p:spTree")))
            if (found := ph_of(sp)) and found[0] == want]


def _level(sp: Any, n: int) -> Any:
    return None if sp is None else sp.find(qn(f"p:txBody/a:lstStyle/a:lvl{n}pPr"))


def _style_chain(layout_sp: Any, master_sp: Any, master_el: Any, kind: str,
                 n: int = 1) -> list[Any]:
    """The lvlNpPr elements a placeholder's text at level n inherits from, nearest first."""
    group = "titleStyle" if kind in TITLE_TYPES else "bodyStyle" if kind in (
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


CAPS = ("none", "all", "small")
"""The values of a run's ``cap`` (ST_TextCapsType); any other is not read."""


def _text_style(chain: list[Any], chain2: list[Any], colors: Colors, major: Fonts,
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
    default_face = major if kind in TITLE_TYPES else minor
    latin = _first(chain, lambda el: None if rpr(el) is None or rpr(el).find(qn("a:latin"))
                   is None else _typeface(rpr(el).find(qn("a:latin")).get("typeface"),
                                          major, minor))
    ea = _first(chain, lambda el: None if rpr(el) is None or rpr(el).find(qn("a:ea"))
                is None else _typeface(rpr(el).find(qn("a:ea")).get("typeface"), major, minor))
    cap = _first(chain, lambda el: None if rpr(el) is None or rpr(el).get("cap") not in CAPS
                 else rpr(el).get("cap"))
    return TextStyle(size=size, bold=bool(bold), color=color or colors.named("tx1"),
                     align=align, bullet=bullet or None, bullet_color=bu_color,
                     sub_bullet=sub_bullet or None,
                     latin=latin or default_face.latin or None,
                     east_asian=ea or default_face.east_asian or None, cap=cap or "none")


def _centred_block(layout_sp: Any, master_sp: Any) -> bool:
    """Whether the nearer bodyPr that says so centres the text block (anchorCtr)."""
    for sp in (layout_sp, master_sp):
        frame = body_pr(sp)
        if frame is not None and frame.get("anchorCtr") is not None:
            return frame.get("anchorCtr") in ("1", "true")
    return False


def _ph_fill(layout_sp: Any, master_sp: Any, colors: Colors) -> str | None:
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


def _placeholders(layout: Any, master_el: Any, colors: Colors, major: Fonts,
                  minor: Fonts) -> tuple[PlaceholderInfo, ...]:
    out = []
    for sp in shapes(layout.element.find(qn("p:cSld/p:spTree"))):
        found = ph_of(sp)
        if found is None:
            continue
        kind, idx = found
        candidates = _master_phs(master_el, kind)
        master_sp = candidates[0] if candidates else None
        box = xfrm_rect(sp) or (xfrm_rect(master_sp) if master_sp is not None else None)
        if box is None:
            continue
        insets, anchor = insets_of(sp, master_sp)
        vert = _first([el for el in (body_pr(sp), body_pr(master_sp)) if el is not None],
                      lambda el: el.get("vert"))
        style = _text_style(_style_chain(sp, master_sp, master_el, kind),
                            _style_chain(sp, master_sp, master_el, kind, 2), colors, major,
                            minor, kind)
        if style.align is None and _centred_block(sp, master_sp):
            style = replace(style, align="ctr")  # one line centred as a block is centred
        # a master with two placeholders of a type: viewers inherit from different ones
        ambiguous = len(candidates) > 1
        out.append(PlaceholderInfo(kind, idx, box, insets, anchor_of(anchor), style,
                                   _ph_fill(sp, master_sp, colors), ambiguous,
                                   vert not in (None, "horz")))
    return tuple(out)


def _background(cSld: Any, colors: Colors, part: Any
                ) -> tuple[str, str | None, Paint | None, tuple[str, ...]] | None:
    """The colour (and picture member, and a gradient's stops) of a slide's, layout's or
    master's background."""
    bg = None if cSld is None else cSld.find(qn("p:bg"))
    if bg is None:
        return None
    pr = bg.find(qn("p:bgPr"))
    if pr is not None:
        blip = pr.find(qn("a:blipFill/a:blip"))
        if blip is not None:
            media = media_of(part, blip.get(qn("r:embed")))
            rid = blip.get(qn("r:embed"))
            mean, grid = picture_colors(part, rid)
            return mean or colors.named("bg1"), media, None, grid
        color = colors.fill(pr)
        return (color, None, colors.paint(pr), ()) if color else None
    ref = bg.find(qn("p:bgRef"))
    if ref is not None and len(ref):
        return colors.of(ref[0]) or colors.named("bg1"), None, None, ()
    return None


def _layout_infos(prs: Any) -> list[tuple[LayoutInfo, Any]]:
    out = []
    i = 0
    for m, master in enumerate(prs.slide_masters):
        for layout in master.slide_layouts:
            phs = []
            for sp in shapes(layout.element.find(qn("p:cSld/p:spTree"))):
                found = ph_of(sp)
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
    colors = Colors(scheme, MAP_DEFAULT).with_map(m_el.find(qn("p:clrMap")))
    colors = colors.with_map(l_el.find(qn("p:clrMapOvr/a:overrideClrMapping")))
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
    shares = [share_free(desc, ph.box, width, height) for ph in desc.placeholders
              if ph.type in TEXT_PLACEHOLDERS and ph.box.w > 0 and ph.box.h > 0]
    return min(shares, default=1.0)


@frozen
class Layouts:
    """Every layout of an opened template described, in its masters' order, before the
    layouts are chosen per role; with the deck-wide facts."""

    every: tuple[LayoutDesc, ...]
    infos: tuple[LayoutInfo, ...]
    scheme: dict[str, str]
    major: Fonts
    minor: Fonts
    width: float
    height: float
    master_names: tuple[str, ...]

    def master_first(self, first: int) -> Layouts:
        """The same layouts after master `first` is put first in the presentation's list
        (:func:`deckgen.template.repair.master_first`): masters renumbered, nothing read
        again."""
        count = len(self.master_names)
        order = [first] + [m for m in range(count) if m != first]
        new = {old: i for i, old in enumerate(order)}
        pairs = sorted(zip(self.infos, self.every), key=lambda p: (new[p[0].master],
                                                                    p[1].index))
        infos, every = [], []
        for i, (li, desc) in enumerate(pairs):
            m = new[li.master]
            infos.append(replace(li, index=i, master=m))
            every.append(replace(desc, role=layout_key(m, desc.index), master=m))
        return replace(self, every=tuple(every), infos=tuple(infos),
                       master_names=tuple(self.master_names[m] for m in order))

    def info(self, prefer: dict[str, int] | None, digest: str,
             made_by_libreoffice: bool = False, first_master: int = 0) -> TemplateInfo:
        """The description: these layouts, and the one chosen for each role."""
        chosen = choose_layouts(list(self.infos), prefer)
        layouts = {role: replace(self.every[chosen[role]], role=role) for role in ROLES}
        palette = tuple(self.scheme[a] for a in SCHEME[4:10] if a in self.scheme)
        return TemplateInfo(self.width, self.height, layouts, self.scheme, self.major,
                            self.minor, palette, digest, made_by_libreoffice,
                            every=self.every, master_names=self.master_names,
                            first_master=first_master)


def read_layouts(prs: Any) -> Layouts:
    """Every layout of an opened template, described (the art of a master is read once for
    all its layouts)."""
    theme = etree.fromstring(theme_parts(prs)[0].blob)
    scheme = scheme_colors(theme)
    major, minor = theme_fonts(theme)
    width, height = pt(prs.slide_width), pt(prs.slide_height)
    cache: dict[Any, list[Art]] = {}

    def art_of(part: Any, colors: Colors, master: bool) -> list[Art]:
        key = (str(part.partname), tuple(sorted(colors.mapping.items())), master)
        if key not in cache:
            cache[key] = art_in(part, colors, master)
        return cache[key]

    every: list[LayoutDesc] = []
    infos: list[LayoutInfo] = []
    for li, layout in _layout_infos(prs):
        index = list(layout.slide_master.slide_layouts).index(layout)
        desc = _layout_desc(layout_key(li.master, index), li, layout, scheme, major, minor,
                            art_of)
        every.append(desc)
        infos.append(replace(li, room=room_of(desc, width, height)))
    return Layouts(tuple(every), tuple(infos), scheme, major, minor, width, height,
                   tuple(_master_name(m) for m in prs.slide_masters))


def describe(prs: Any, prefer: dict[str, int] | None, digest: str,
             made_by_libreoffice: bool = False) -> TemplateInfo:
    """The facts layout needs, read from an opened template. Among layouts equally fit
    for a role, those whose art leaves their text boxes free win (roles.choose_layouts)."""
    return read_layouts(prs).info(prefer, digest, made_by_libreoffice)


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
