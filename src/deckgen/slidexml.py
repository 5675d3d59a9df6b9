"""Slide-level XML in plain lxml, byte for byte as python-pptx 1.0.2 writes it for the same
calls, without importing python-pptx: a new slide and its notes page, the placeholders
cloned from a layout or notes master, text boxes, rectangles, pictures (alone or in a
picture placeholder), crops and tables.

Each factory repeats python-pptx's own steps (the same XML templates, the same order of
inserts and attribute writes) because lxml's output depends on them: a namespace
declaration is kept or dropped by where an element was made, and an attribute keeps the
place where it was first set. Lengths are EMU ints; ``tree`` is a slide's ``p:spTree``."""

from __future__ import annotations

from lxml import etree

from .ns import NSMAP, qn

_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
_NS = {"a": NSMAP["a"], "p": NSMAP["p"], "r": NSMAP["r"]}
_TABLE_URI = "http://schemas.openxmlformats.org/drawingml/2006/table"
_TABLE_STYLE = "{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"
_ST_COORDINATE = (-27273042329600, 27273042316900)
_ST_INT = (-2147483648, 2147483647)
_ANCHORS = ("t", "ctr", "b")
_SHAPE_TAGS = frozenset(qn(t) for t in ("p:sp", "p:grpSp", "p:graphicFrame", "p:cxnSp",
                                        "p:pic", "p:contentPart"))
_PH_TYPES = frozenset(("clipArt", "body", "ctrTitle", "chart", "dt", "ftr", "hdr", "media",
                       "obj", "dgm", "pic", "sldImg", "sldNum", "subTitle", "tbl", "title"))
_SLIDE_NAMES = {
    "clipArt": "ClipArt Placeholder", "body": "Text Placeholder", "ctrTitle": "Title",
    "chart": "Chart Placeholder", "dt": "Date Placeholder", "ftr": "Footer Placeholder",
    "hdr": "Header Placeholder", "media": "Media Placeholder", "obj": "Content Placeholder",
    "dgm": "SmartArt Placeholder", "pic": "Picture Placeholder",
    "sldNum": "Slide Number Placeholder", "subTitle": "Subtitle",
    "tbl": "Table Placeholder", "title": "Title",
}
"""Placeholder names on a slide by type, as python-pptx's ``_BaseShapes.ph_basename``."""
_NOTES_NAMES = {
    "body": "Notes Placeholder", "dt": "Date Placeholder", "ftr": "Footer Placeholder",
    "hdr": "Header Placeholder", "sldImg": "Slide Image Placeholder",
    "sldNum": "Slide Number Placeholder",
}
_TEXT_TYPES = ("title", "ctrTitle", "subTitle", "body", "obj")
_MASTER_TYPE = {
    "body": "body", "chart": "body", "clipArt": "body", "ctrTitle": "title", "dgm": "body",
    "dt": "dt", "ftr": "ftr", "media": "body", "obj": "body", "pic": "body",
    "sldNum": "sldNum", "subTitle": "body", "tbl": "body", "title": "title",
}
"""The slide master placeholder a layout placeholder takes its size from, by type."""


def escape(text: str) -> str:
    """Text with &, < and > escaped, as xml.sax.saxutils.escape does (whose import pulls
    in urllib and the email package: a tenth of a build's start)."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def _decls(*prefixes: str) -> str:
    return " ".join(f'xmlns:{p}="{NSMAP[p]}"' for p in prefixes)


def _parse(xml: str) -> etree._Element:
    return etree.fromstring(xml, _PARSER)


def _new(tag: str) -> etree._Element:
    """A loose element declaring its own prefix, as python-pptx's ``OxmlElement``."""
    prefix = tag.split(":")[0]
    return _PARSER.makeelement(qn(tag), nsmap={prefix: NSMAP[prefix]})


def _insert(parent: etree._Element, el: etree._Element, *successors: str) -> etree._Element:
    """``el`` before the first child of the first successor tag present, else last."""
    for tag in successors:
        after = parent.find(qn(tag))
        if after is not None:
            after.addprevious(el)
            return el
    parent.append(el)
    return el


def _get_or_add(parent: etree._Element, tag: str, *successors: str) -> etree._Element:
    found = parent.find(qn(tag))
    return found if found is not None else _insert(parent, _new(tag), *successors)


def _in_range(value: int, bounds: tuple[int, int]) -> str:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"value must be an integral type, got {type(value)}")
    if not bounds[0] <= value <= bounds[1]:
        raise ValueError(f"value must be in range {bounds[0]} to {bounds[1]} inclusive, "
                         f"got {value}")
    return str(value)


# -- the slide and its shape tree -----------------------------------------------------------
def new_slide() -> etree._Element:
    """A new slide's ``p:sld`` root with an empty shape tree (``CT_Slide.new``)."""
    return _parse(
        f'<p:sld {_decls("a", "p", "r")}><p:cSld><p:spTree><p:nvGrpSpPr>'
        '<p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>'
        "</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>")


def shape_tree(root: etree._Element) -> etree._Element:
    """The ``p:cSld/p:spTree`` of a slide, layout, master or notes root."""
    tree = root.find(qn("p:cSld/p:spTree"))
    if tree is None:
        raise ValueError(f"no p:cSld/p:spTree in {root.tag}")
    return tree


def next_shape_id(tree: etree._Element) -> int:
    """One more than the largest all-digit ``@id`` anywhere in the tree's document (shape
    ids, but also animation ids: python-pptx's ``_next_shape_id``)."""
    used = [int(s) for s in tree.xpath("//@id") if s.isdigit()]
    return (max(used) if used else 0) + 1


_NVPR_PH = f"{qn('p:nvPr')}/{qn('p:ph')}"


def placeholder_of(el: etree._Element) -> etree._Element | None:
    """A shape's ``p:ph`` (``./*[1]/p:nvPr/p:ph``, python-pptx's ``BaseShapeElement.ph``)."""
    for first in el.iterchildren("*"):  # the first child element, as *[1] selects it
        return first.find(_NVPR_PH)
    return None


def placeholders(root: etree._Element) -> list[etree._Element]:
    """The placeholder shapes of a slide-like root's shape tree, in document order (a layout's
    and a master's ``placeholders`` as python-pptx iterates them: not in idx order)."""
    return [el for el in shape_tree(root).iterchildren()
            if el.tag in _SHAPE_TAGS and placeholder_of(el) is not None]


def _ph(el: etree._Element) -> etree._Element:
    """The ``p:ph`` of a shape known to be a placeholder."""
    ph = placeholder_of(el)
    assert ph is not None
    return ph


def _ph_type(ph: etree._Element) -> str:
    value = ph.get("type")
    if value is None:
        return "obj"
    if value not in _PH_TYPES:
        raise ValueError(f"PP_PLACEHOLDER has no XML mapping for {value!r}")
    return value


def _ph_idx(ph: etree._Element) -> int:
    value = ph.get("idx")
    return 0 if value is None else int(value)


def _ph_name(tree: etree._Element, basename: str, shape_id: int, orient: str) -> str:
    if orient == "vert":
        basename = f"Vertical {basename}"
    names = tree.xpath("//p:cNvPr/@name", namespaces=_NS)
    n = shape_id - 1
    while f"{basename} {n}" in names:
        n += 1
    return f"{basename} {n}"


def _clone(tree: etree._Element, source: etree._Element, names: dict[str, str]) -> None:
    """A copy of a layout or master placeholder (``clone_placeholder``): type, orientation,
    size and index, no position, a text body for the text types."""
    ph = _ph(source)
    kind, orient = _ph_type(ph), ph.get("orient", "horz")
    size, idx = ph.get("sz", "full"), _ph_idx(ph)
    shape_id = next_shape_id(tree)
    name = _ph_name(tree, names[kind], shape_id, orient)
    sp = _parse(f'<p:sp {_decls("a", "p")}><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"/>'
                '<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr/></p:nvSpPr>'
                "<p:spPr/></p:sp>")
    new_ph = _insert(sp.find(qn("p:nvSpPr/p:nvPr")), _new("p:ph"))
    if kind != "obj":
        new_ph.set("type", kind)
    if idx != 0:
        new_ph.set("idx", _in_range(idx, (0, 4294967295)))
    for attr, value, default, allowed in (("orient", orient, "horz", ("vert",)),
                                          ("sz", size, "full", ("half", "quarter"))):
        if value != default:
            if value not in allowed:
                raise ValueError(f"{attr} must be one of {(default, *allowed)}, got {value!r}")
            new_ph.set(attr, value)
    if kind in _TEXT_TYPES:
        sp.append(_parse(f'<p:txBody {_decls("a", "p")}><a:bodyPr/><a:lstStyle/><a:p/>'
                         "</p:txBody>"))
    _insert(tree, sp, "p:extLst")


def clone_layout_placeholders(tree: etree._Element, layout: etree._Element) -> None:
    """The layout's placeholders on a new slide, in the layout's order, except date, footer
    and slide number (``SlideShapes.clone_layout_placeholders``)."""
    for el in placeholders(layout):
        if _ph_type(_ph(el)) not in ("dt", "ftr", "sldNum"):
            _clone(tree, el, _SLIDE_NAMES)


# -- the notes page -------------------------------------------------------------------------
def new_notes_slide(notes_master: etree._Element) -> etree._Element:
    """A new notes page's ``p:notes`` root with the notes master's slide image, body and
    slide number placeholders (``NotesSlidePart.new``)."""
    notes = _parse(
        f'<p:notes {_decls("a", "p", "r")}><p:cSld><p:spTree><p:nvGrpSpPr>'
        '<p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm>'
        '<a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/>'
        '<a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr></p:spTree></p:cSld>'
        "<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:notes>")
    tree = shape_tree(notes)
    for el in placeholders(notes_master):
        if _ph_type(_ph(el)) in ("sldImg", "body", "sldNum"):
            _clone(tree, el, _NOTES_NAMES)
    return notes


def notes_body(notes: etree._Element) -> etree._Element | None:
    """The ``p:txBody`` of a notes page's first body placeholder (added to a ``p:sp`` that
    has none), or None without one: python-pptx's ``notes_text_frame`` is then None."""
    for el in placeholders(notes):
        if _ph_type(_ph(el)) == "body":
            return _get_or_add_body(el)
    return None


def _get_or_add_body(sp: etree._Element) -> etree._Element:
    body = sp.find(qn("p:txBody"))
    if body is None:
        body = _insert(sp, _parse(f'<p:txBody {_decls("p", "a")}><a:bodyPr/><a:p/>'
                                  "</p:txBody>"), "p:extLst")
    return body


# -- shapes ---------------------------------------------------------------------------------
def add_textbox(tree: etree._Element, x: int, y: int, w: int, h: int) -> etree._Element:
    """A text box ("TextBox N") at the end of the tree (``shapes.add_textbox``)."""
    shape_id = next_shape_id(tree)
    sp = _parse(
        f'<p:sp {_decls("a", "p")}><p:nvSpPr><p:cNvPr id="{shape_id:d}" '
        f'name="TextBox {shape_id - 1:d}"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr>'
        f'<p:spPr><a:xfrm><a:off x="{x:d}" y="{y:d}"/><a:ext cx="{w:d}" cy="{h:d}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></p:spPr><p:txBody>'
        '<a:bodyPr wrap="none"><a:spAutoFit/></a:bodyPr><a:lstStyle/><a:p/></p:txBody></p:sp>')
    return _insert(tree, sp, "p:extLst")


def add_rectangle(tree: etree._Element, x: int, y: int, w: int, h: int,
                  rgb: str) -> etree._Element:
    """A rectangle ("Rectangle N") filled with ``rgb`` ("#RRGGBB" or "RRGGBB") and no line:
    ``add_shape(MSO_SHAPE.RECTANGLE, …)``, ``fill.solid()``, ``fill.fore_color.rgb``,
    ``line.fill.background()``."""
    shape_id = next_shape_id(tree)
    sp = _parse(
        f'<p:sp {_decls("a", "p")}><p:nvSpPr><p:cNvPr id="{shape_id:d}" '
        f'name="Rectangle {shape_id - 1:d}"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr>'
        f'<a:xfrm><a:off x="{x:d}" y="{y:d}"/><a:ext cx="{w:d}" cy="{h:d}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr><p:style>'
        '<a:lnRef idx="1"><a:schemeClr val="accent1"/></a:lnRef>'
        '<a:fillRef idx="3"><a:schemeClr val="accent1"/></a:fillRef>'
        '<a:effectRef idx="2"><a:schemeClr val="accent1"/></a:effectRef>'
        '<a:fontRef idx="minor"><a:schemeClr val="lt1"/></a:fontRef></p:style><p:txBody>'
        '<a:bodyPr rtlCol="0" anchor="ctr"/><a:lstStyle/><a:p><a:pPr algn="ctr"/></a:p>'
        "</p:txBody></p:sp>")
    _insert(tree, sp, "p:extLst")
    hexes = rgb.lstrip("#").upper()
    channels = (int(hexes[:2], 16), int(hexes[2:4], 16), int(hexes[4:], 16))
    if any(not 0 <= c <= 255 for c in channels):
        raise ValueError(f"RGBColor() takes three integer values 0-255, got {rgb!r}")
    sp_pr = sp.find(qn("p:spPr"))
    fill = _insert(sp_pr, _new("a:solidFill"), "a:ln", "a:effectLst", "a:effectDag",
                   "a:scene3d", "a:sp3d", "a:extLst")
    _insert(fill, _new("a:srgbClr")).set("val", "".join(f"{c:02X}" for c in channels))
    line = _insert(sp_pr, _new("a:ln"), "a:effectLst", "a:effectDag", "a:scene3d",
                   "a:sp3d", "a:extLst")
    _insert(line, _new("a:noFill"), "a:prstDash", "a:custDash", "a:round", "a:bevel",
            "a:miter", "a:headEnd", "a:tailEnd", "a:extLst")
    return sp


def add_picture(tree: etree._Element, rid: str, desc: str, x: int, y: int, w: int,
                h: int) -> etree._Element:
    """A picture ("Picture N") showing the image related as ``rid`` (``add_picture`` with a
    width and a height: python-pptx sizes a picture from the image itself when either is 0,
    which this refuses)."""
    if not (w and h):
        raise ValueError(f"a picture needs a width and a height, got {w} x {h}")
    shape_id = next_shape_id(tree)
    pic = _parse(
        f'<p:pic {_decls("a", "p", "r")}><p:nvPicPr><p:cNvPr id="{shape_id:d}" '
        f'name="Picture {shape_id - 1:d}" descr="{escape(desc)}"/><p:cNvPicPr>'
        '<a:picLocks noChangeAspect="1"/></p:cNvPicPr><p:nvPr/></p:nvPicPr><p:blipFill>'
        f'<a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></p:blipFill><p:spPr>'
        f'<a:xfrm><a:off x="{x:d}" y="{y:d}"/><a:ext cx="{w:d}" cy="{h:d}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>')
    return _insert(tree, pic, "p:extLst")


def picture_into_placeholder(ph_sp: etree._Element, rid: str, desc: str,
                             image_px: tuple[int, int],
                             view: tuple[int | None, int | None]) -> etree._Element:
    """A ``p:pic`` in place of a slide's picture placeholder, with its id, name and ``p:ph``
    (``PicturePlaceholder.insert_picture``), cropped to fill ``view`` (the placeholder's
    size, :func:`inherited_extent`) from an image of ``image_px`` pixels. Setting the crops
    afterwards replaces these values, but the attributes set here keep their places."""
    c_nv_pr = ph_sp[0].find(qn("p:cNvPr"))
    assert c_nv_pr is not None
    shape_id, name = int(c_nv_pr.get("id")), c_nv_pr.get("name")
    pic = _parse(
        f'<p:pic {_decls("p", "a", "r")}><p:nvPicPr><p:cNvPr id="{shape_id:d}" name="{name}" '
        f'descr="{desc}"/><p:cNvPicPr><a:picLocks noGrp="1" noChangeAspect="1"/></p:cNvPicPr>'
        f'<p:nvPr/></p:nvPicPr><p:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/>'
        "</a:stretch></p:blipFill><p:spPr/></p:pic>")
    fill = pic.find(qn("p:blipFill"))
    rect = _insert(fill, _new("a:srcRect"), "a:tile", "a:stretch")
    for attr, value in zip("ltrb", _fill_cropping(image_px, view)):
        _set_percentage(rect, attr, value)
    _insert(pic.find(qn("p:nvPicPr/p:nvPr")), _ph(ph_sp), "a:audioCd", "a:wavAudioFile",
            "a:audioFile", "a:videoFile", "a:quickTimeFile", "p:custDataLst", "p:extLst")
    ph_sp.addprevious(pic)
    parent = ph_sp.getparent()
    assert parent is not None
    parent.remove(ph_sp)
    return pic


def _fill_cropping(image: tuple[int, int],
                   view: tuple[int | None, int | None]) -> tuple[float, float, float, float]:
    if view[0] is None or view[1] is None:
        raise TypeError("the placeholder has no size of its own or inherited")
    ar_view, ar_image = view[0] / view[1], image[0] / image[1]
    if ar_view < ar_image:
        crop = (1.0 - (ar_view / ar_image)) / 2.0
        return (crop, 0.0, crop, 0.0)
    if ar_view > ar_image:
        crop = (1.0 - (ar_image / ar_view)) / 2.0
        return (0.0, crop, 0.0, crop)
    return (0.0, 0.0, 0.0, 0.0)


def _set_percentage(el: etree._Element, attr: str, value: float) -> None:
    """An ST_Percentage attribute (0 removes it; 0.123456 is "12346")."""
    if value == 0.0:
        el.attrib.pop(attr, None)
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"value must be a number, got {type(value)}")
    if not -21474.83648 <= value <= 21474.83647:
        raise ValueError(f"value must be in range -21474.83648 to 21474.83647 inclusive, "
                         f"got {value}")
    el.set(attr, str(round(value * 100000.0)))


def set_crop(pic: etree._Element, left: float, top: float, right: float,
             bottom: float) -> None:
    """A picture's crop, fractions of the image per side: ``crop_left``, ``crop_top``,
    ``crop_right`` and ``crop_bottom`` set in that order (an ``a:srcRect`` is added even
    when all four are 0)."""
    fill = pic.find(qn("p:blipFill"))
    if fill is None:
        raise ValueError("not a picture: no p:blipFill")
    for attr, value in zip("ltrb", (left, top, right, bottom)):
        _set_percentage(_get_or_add(fill, "a:srcRect", "a:tile", "a:stretch"), attr, value)


def _extent(el: etree._Element, attr: str) -> int | None:
    """A shape's own ``cx`` or ``cy`` (from its ``a:ext``), or None."""
    if el.tag == qn("p:graphicFrame"):
        xfrm = el.find(qn("p:xfrm"))
    elif el.tag == qn("p:grpSp"):
        xfrm = el.find(qn("p:grpSpPr/a:xfrm"))
    else:
        xfrm = el.find(qn("p:spPr/a:xfrm"))
    ext = xfrm.find(qn("a:ext")) if xfrm is not None else None
    return None if ext is None else int(ext.get(attr, ""))


def inherited_extent(ph_sp: etree._Element, layout: etree._Element,
                     master: etree._Element) -> tuple[int | None, int | None]:
    """A slide placeholder's width and height as python-pptx reads them, each side on its
    own: the shape's, else its layout placeholder's (the first of the same idx), else, for a
    layout ``p:sp``, that one's master placeholder's (the first of the type it maps to: a
    picture, text or table placeholder takes the body's, a centred title the title's)."""
    idx = _ph_idx(_ph(ph_sp))
    base = next((el for el in placeholders(layout) if _ph_idx(_ph(el)) == idx), None)

    def side(attr: str) -> int | None:
        own = _extent(ph_sp, attr)
        if own is not None or base is None:
            return own
        value = _extent(base, attr)
        if value is not None or base.tag != qn("p:sp"):
            return value
        want = _MASTER_TYPE[_ph_type(_ph(base))]
        top = next((el for el in placeholders(master) if _ph_type(_ph(el)) == want), None)
        return None if top is None else _extent(top, attr)

    return side("cx"), side("cy")


def picture_rids(tree: etree._Element) -> list[str]:
    """The image relationship id of each picture in the tree's top level, in order, as
    python-pptx's ``Picture`` shapes of ``slide.shapes`` list them: placeholder pictures
    count, movies (a ``p:pic`` with ``a:videoFile``) and pictures inside groups do not."""
    out = []
    for el in tree.iterchildren(qn("p:pic")):
        if el.xpath("./p:nvPicPr/p:nvPr/a:videoFile", namespaces=_NS):
            continue
        blip = el.find(qn("p:blipFill/a:blip"))
        rid = blip.get(qn("r:embed")) if blip is not None else None
        if rid is None:
            raise ValueError("no embedded image")
        out.append(rid)
    return out


# -- tables ---------------------------------------------------------------------------------
def add_table(tree: etree._Element, rows: int, cols: int, x: int, y: int, w: int,
              h: int) -> etree._Element:
    """A table's ``p:graphicFrame`` ("Table N"): the default table style, first row and row
    bands on, the width and height shared evenly (the last column and row take the
    remainder), every cell with an empty text body (``shapes.add_table``)."""
    shape_id = next_shape_id(tree)
    frame = _parse(
        f'<p:graphicFrame {_decls("a", "p")}><p:nvGraphicFramePr><p:cNvPr id="{shape_id}" '
        f'name="Table {shape_id - 1:d}"/><p:cNvGraphicFramePr><a:graphicFrameLocks noGrp="1"/>'
        '</p:cNvGraphicFramePr><p:nvPr/></p:nvGraphicFramePr><p:xfrm>'
        f'<a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></p:xfrm><a:graphic>'
        "<a:graphicData/></a:graphic></p:graphicFrame>")
    data = frame.find(qn("a:graphic/a:graphicData"))
    data.set("uri", _TABLE_URI)
    tbl = _parse(f'<a:tbl {_decls("a")}><a:tblPr firstRow="1" bandRow="1"><a:tableStyleId>'
                 f"{_TABLE_STYLE}</a:tableStyleId></a:tblPr><a:tblGrid/></a:tbl>")
    heights, widths = _shares(h, rows), _shares(w, cols)
    grid = tbl.find(qn("a:tblGrid"))
    for size, tag, attr, parent in ([(x, "a:gridCol", "w", grid) for x in widths]
                                    + [(x, "a:tr", "h", tbl) for x in heights]):
        el = _new(tag)
        el.set(attr, _in_range(size, _ST_COORDINATE))
        parent.append(el)
    for tr in tbl.findall(qn("a:tr")):
        for _ in range(cols):
            _insert(tr, _parse(f'<a:tc {_decls("a")}><a:txBody><a:bodyPr/><a:lstStyle/><a:p/>'
                               "</a:txBody><a:tcPr/></a:tc>"), "a:extLst")
    data.append(tbl)
    return _insert(tree, frame, "p:extLst")


def _shares(total: int, n: int) -> list[int]:
    """``total`` in ``n`` equal parts, the last taking the remainder (as ``new_tbl``)."""
    each = total // n
    return [each] * (n - 1) + [total - (n - 1) * each]


def _tbl(frame: etree._Element) -> etree._Element:
    tbl = frame.find(qn("a:graphic/a:graphicData/a:tbl"))
    if tbl is None:
        raise ValueError("shape does not contain a table")
    return tbl


def _resize(frame: etree._Element, path: str, attr: str, i: int, value: int,
            side: str) -> None:
    """One column's width or row's height; the frame's ``a:ext`` side becomes their sum."""
    items = _tbl(frame).findall(qn(path))
    if not 0 <= i < len(items):
        raise IndexError(f"{path} index [{i}] out of range")
    items[i].set(attr, _in_range(value, _ST_COORDINATE))
    ext = frame.find(qn("p:xfrm/a:ext"))
    assert ext is not None
    ext.set(side, _in_range(sum(int(e.get(attr, "")) for e in items), (0, 27273042316900)))


def set_column_width(frame: etree._Element, col: int, w: int) -> None:
    """A table column's width; the frame's width becomes the columns' sum, as python-pptx's
    ``columns[c].width`` setter does."""
    _resize(frame, "a:tblGrid/a:gridCol", "w", col, w, "cx")


def set_row_height(frame: etree._Element, row: int, h: int) -> None:
    """A table row's height; the frame's height becomes the rows' sum (``rows[r].height``)."""
    _resize(frame, "a:tr", "h", row, h, "cy")


def cell(frame: etree._Element, row: int, col: int) -> etree._Element:
    """A table cell's ``a:tc`` (``table.cell(r, c)._tc``)."""
    return _tbl(frame).findall(qn("a:tr"))[row].findall(qn("a:tc"))[col]


def cell_body(tc: etree._Element) -> etree._Element | None:
    """A cell's ``a:txBody`` (python-pptx's ``_tc.txBody`` only finds it, never adds it)."""
    return tc.find(qn("a:txBody"))


def _cell_property(tc: etree._Element, attr: str, value: str | None) -> None:
    """An ``a:tcPr`` attribute (None removes it; no ``a:tcPr`` is added only to remove)."""
    if value is None and tc.find(qn("a:tcPr")) is None:
        return
    tc_pr = _get_or_add(tc, "a:tcPr", "a:extLst")
    if value is None:
        tc_pr.attrib.pop(attr, None)
    else:
        tc_pr.set(attr, value)


def set_cell_margins(tc: etree._Element, left: int | None, right: int | None,
                     top: int | None, bottom: int | None) -> None:
    """A cell's margins, written in the order ``margin_left``, ``margin_right``,
    ``margin_top``, ``margin_bottom`` (None removes one)."""
    for attr, value in (("marL", left), ("marR", right), ("marT", top), ("marB", bottom)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise TypeError(f"margin value must be integer or None, got '{value}'")
        _cell_property(tc, attr, None if value is None else _in_range(value, _ST_INT))


def set_cell_anchor(tc: etree._Element, anchor: str | None) -> None:
    """A cell's vertical anchor, "t", "ctr" or "b" (``vertical_anchor``; None removes it)."""
    if anchor is not None and anchor not in _ANCHORS:
        raise ValueError(f"anchor must be one of {_ANCHORS}, got {anchor!r}")
    _cell_property(tc, "anchor", anchor)
