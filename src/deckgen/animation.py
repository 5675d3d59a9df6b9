"""Build animations in PresentationML: a slide's reveal steps (:class:`deckgen.deckplan.Step`)
as the ``p:timing`` tree PowerPoint writes for "Appear, on click", which PowerPoint, Keynote
and LibreOffice play.

One click is a ``p:par`` of the main sequence; in it each shape, or each paragraph of a text
box, appears by a ``p:set`` of ``style.visibility`` to ``visible``: the first effect of a click
is its ``clickEffect``, the others come ``withEffect``. A text box's paragraphs are targeted
one by one (``p:txEl/p:pRg``, start and end the same paragraph), as PowerPoint writes a build
by paragraph, because LibreOffice reads only the start of a paragraph range. ``p:bldLst``
says how each shape is built: by paragraph (``build="p"``), or as one object with its fill
(``animBg``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from lxml import etree

from .deckplan import Step
from .ns import qn
from .package import parse as parse_xml

_P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
_BEFORE_TIMING = frozenset(qn(f"p:{t}") for t in ("cSld", "clrMapOvr", "transition"))
_SHAPES = frozenset(qn(f"p:{t}") for t in ("sp", "pic", "graphicFrame", "grpSp", "cxnSp"))
_CNVPR = etree.XPath("./*[1]/p:cNvPr", namespaces={"p": _P_NS})


def shape_ids(tree: Any) -> dict[str, tuple[int, str]]:
    """The id and element kind ("sp", "pic", …) of each top-level shape of a shape tree,
    by its name."""
    out: dict[str, tuple[int, str]] = {}
    for el in tree.iterchildren():
        if el.tag in _SHAPES:
            found = _CNVPR(el)
            if found:
                out.setdefault(found[0].get("name", ""), (int(found[0].get("id")),
                                                          etree.QName(el).localname))
    return out


def _effect(ids: _Ids, spid: int, paragraph: int | None, first: bool) -> str:
    """One shape or paragraph appearing: a preset "Appear" entrance effect."""
    effect, behaviour = ids.take(), ids.take()
    text = (f'<p:txEl><p:pRg st="{paragraph}" end="{paragraph}"/></p:txEl>'
            if paragraph is not None else "")
    return (f'<p:par><p:cTn id="{effect}" presetID="1" presetClass="entr" presetSubtype="0" '
            f'fill="hold" grpId="0" nodeType="{"clickEffect" if first else "withEffect"}">'
            '<p:stCondLst><p:cond delay="0"/></p:stCondLst><p:childTnLst><p:set><p:cBhvr>'
            f'<p:cTn id="{behaviour}" dur="1" fill="hold"><p:stCondLst><p:cond delay="0"/>'
            f'</p:stCondLst></p:cTn><p:tgtEl><p:spTgt spid="{spid}">{text}</p:spTgt>'
            '</p:tgtEl><p:attrNameLst><p:attrName>style.visibility</p:attrName>'
            '</p:attrNameLst></p:cBhvr><p:to><p:strVal val="visible"/></p:to></p:set>'
            '</p:childTnLst></p:cTn></p:par>')


class _Ids:
    """The time nodes' ids, counted from 1 in document order."""

    def __init__(self) -> None:
        self.n = 0

    def take(self) -> int:
        self.n += 1
        return self.n


def timing_xml(steps: Iterable[Step], ids: Mapping[str, tuple[int, str]]) -> str | None:
    """The ``p:timing`` element of a slide's steps (shapes named by the steps that the
    slide does not hold are left out); None when nothing is left to build."""
    n = _Ids()
    root, main = n.take(), n.take()
    clicks: list[str] = []
    builds: dict[int, str] = {}
    for step in steps:
        effects: list[tuple[int, int | None]] = []
        for t in step.targets:
            if t.shape not in ids:
                continue
            spid, kind = ids[t.shape]
            if t.paragraphs is None:
                effects.append((spid, None))
                builds.setdefault(spid, _build(spid, kind, False))
            else:
                first, last = t.paragraphs
                effects += [(spid, i) for i in range(first, last + 1)]
                builds[spid] = _build(spid, kind, True)
        if not effects:
            continue
        outer, inner = n.take(), n.take()
        body = "".join(_effect(n, spid, para, i == 0) for i, (spid, para) in enumerate(effects))
        clicks.append(f'<p:par><p:cTn id="{outer}" fill="hold"><p:stCondLst>'
                      '<p:cond delay="indefinite"/></p:stCondLst><p:childTnLst><p:par>'
                      f'<p:cTn id="{inner}" fill="hold"><p:stCondLst><p:cond delay="0"/>'
                      f'</p:stCondLst><p:childTnLst>{body}</p:childTnLst></p:cTn></p:par>'
                      '</p:childTnLst></p:cTn></p:par>')
    if not clicks:
        return None
    slide = '<p:tgtEl><p:sldTgt/></p:tgtEl>'
    return (f'<p:timing xmlns:p="{_P_NS}"><p:tnLst><p:par><p:cTn id="{root}" dur="indefinite" '
            'restart="never" nodeType="tmRoot"><p:childTnLst><p:seq concurrent="1" '
            f'nextAc="seek"><p:cTn id="{main}" dur="indefinite" nodeType="mainSeq">'
            f'<p:childTnLst>{"".join(clicks)}</p:childTnLst></p:cTn>'
            f'<p:prevCondLst><p:cond evt="onPrev" delay="0">{slide}</p:cond></p:prevCondLst>'
            f'<p:nextCondLst><p:cond evt="onNext" delay="0">{slide}</p:cond></p:nextCondLst>'
            '</p:seq></p:childTnLst></p:cTn></p:par></p:tnLst>'
            f'<p:bldLst>{"".join(builds[k] for k in sorted(builds))}</p:bldLst></p:timing>')


def _build(spid: int, kind: str, paragraphs: bool) -> str:
    """How a shape is built: by paragraph, or (a shape with its fill, a picture, a table
    or chart frame) as one object."""
    if paragraphs:
        return f'<p:bldP spid="{spid}" grpId="0" uiExpand="1" build="p"/>'
    if kind == "graphicFrame":
        return f'<p:bldGraphic spid="{spid}" grpId="0"><p:bldAsOne/></p:bldGraphic>'
    if kind == "sp":
        return f'<p:bldP spid="{spid}" grpId="0" animBg="1"/>'
    return ""  # a picture or group appears as one object without a build entry


def set_timing(slide_el: Any, steps: Iterable[Step]) -> None:
    """Write a slide's build animations (replacing any it had) after its shapes are drawn
    and numbered."""
    for old in slide_el.findall(qn("p:timing")):
        slide_el.remove(old)
    tree = slide_el.find(qn("p:cSld")).find(qn("p:spTree"))
    xml = timing_xml(steps, shape_ids(tree))
    if xml is None:
        return
    timing = parse_xml(xml)
    at = 0
    for i, child in enumerate(slide_el):
        if child.tag in _BEFORE_TIMING:
            at = i + 1
    slide_el.insert(at, timing)
