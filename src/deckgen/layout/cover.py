"""Title, section and closing slides: the title, and the lines under it (subtitle, authors,
event and date; a chapter's number and presenter; the closing line) in the layout's subtitle
placeholder or, where it has none or they need more room, in free bands near the title."""

from __future__ import annotations

from collections.abc import Sequence

from .. import fit
from .. import plan as p
from ..deckplan import Shape
from ..frozen import frozen, replace
from ..i18n import texts
from ..primitives import Anchor, Fonts
from ..style import FLOOR_PT, PT_PER_IN, START_PT, SUB_STYLE, TEXT
from ..template import clearance
from ..template.info import SUB_TYPES, TITLE_TYPES, LayoutDesc
from .areas import PPT_INSETS, Area, fit_box, text_paras
from .frames import Frames
from .setting import Page, Setting, align_of
from .sizing import Log, Sized, ellipsized, joined, pt
from .titles import fit_title, shown, title_box, title_fonts

COVER_KIND = {"title": "deck", "section": "section", "closing": "closing"}
"""The kind of cover each kind of slide is, as its sizes are named (deck_title, …)."""


def lay(sp: p.SlideSpec, st: Setting, desc: LayoutDesc, log: Log) -> list[Page]:
    """A title, section or closing slide: the title, and the lines under it in the
    layout's subtitle placeholder and, when they need more room or it has none, in a text
    box near the title (:func:`cover_subs`)."""
    kind = COVER_KIND[sp.kind]
    title, _ = st.frames.cover(kind)
    start, floor = START_PT[f"{kind}_title"], FLOOR_PT[f"{kind}_title"]
    fonts = title_fonts(st, desc)
    size = log.put("title", start, fit_title(sp.title, title, start, floor, None, fonts),
                   floor)
    shapes: list[Shape] = [title_box(sp, st, desc, title, size,
                                     shown(sp, st, title, size, None, fonts))]
    lines = sub_lines(sp, st.language)
    if lines:
        shapes += _subtitles(st, desc, log, kind, lines)
    return [Page(sp, tuple(shapes), furnished=False)]


def _subtitles(st: Setting, desc: LayoutDesc, log: Log, kind: str,
               lines: Sequence[SubLine]) -> list[Shape]:
    ph = desc.placeholder(*SUB_TYPES)
    # measured in the placeholder's capitals, if it has them, in deckgen's own boxes too
    # (capitals are wider: what fits in them fits as written)
    fonts = st.fonts_in(ph)
    got, boxes = cover_subs(st.frames, kind, desc, lines, fonts)
    if not boxes:
        log.say(f"{joined([x.what for x in lines])} left out: the layout '{desc.name}' has no "
                "subtitle placeholder and no free room near the title; choose a template whose "
                "title layout has one")
        return []
    drawn = [shown_subs(box.lines, box.area, got.size, fonts) for box in boxes]
    last, shown_last = boxes[-1], drawn[-1]
    if got.cut and len(shown_last) < len(last.lines):
        log.say(f"{joined([x.what for x in last.lines[len(shown_last):]])} left out: no room "
                f"under the title at {pt(got.size)} pt; shorten the text above")
        got = replace(got, cut=bool(shown_last) and shown_last[-1].endswith("…"))
    log.put("subtitle", START_PT[f"{kind}_sub"], got, FLOOR_PT[f"{kind}_sub"])
    # A text box of deckgen's own takes the subtitle's colour, else the title's: the
    # layout chose them for its background.
    look = ph.style if ph is not None else getattr(desc.placeholder(*TITLE_TYPES), "style",
                                                   None)
    color, align = (look.color, align_of(look.align)) if look is not None else (TEXT, "l")
    shapes: list[Shape] = []
    for i, (box, shown_lines) in enumerate(zip(boxes, drawn)):
        name = "Subtitle" if i == 0 else f"Subtitle {i + 1}"
        if box.placeholder and ph is not None:
            paras = [st.para(text, box.area, got.size, color=color, bold=ph.style.bold,
                             style=SUB_STYLE, align=align, origin=x.text.key,
                             affixes=x.text.affixes, fonts=fonts)
                     for text, x in zip(shown_lines, box.lines)]
            shapes.append(st.textbox(name, "subtitle", box.area, paras, anchor=ph.anchor,
                                     placeholder=ph.type, inherits=frozenset(
                                         {"color", "bold", "align", "bullet", "anchor"})))
        else:
            paras = [st.para(text, box.area, got.size, color=color, style=SUB_STYLE,
                             align=align, origin=x.text.key, affixes=x.text.affixes)
                     for text, x in zip(shown_lines, box.lines)]
            shapes.append(st.textbox(name, "subtitle", box.area, paras, anchor=box.anchor))
    return shapes


@frozen
class SubLine:
    """A line under a cover, section or closing title: its text, what it is (for
    warnings) and, when a line break may fall only between them, its parts and their
    separator (names, "第一部分  ·  甲同学")."""

    text: p.Text
    what: str
    parts: tuple[str, ...] = ()
    sep: str = ""


def sub_lines(sp: p.SlideSpec, lang: str) -> list[SubLine]:
    """The lines under a cover, section or closing slide's title."""
    t = texts(lang)
    c = sp.content
    match c:
        case p.Cover(lines=lines):
            out = []
            for x in lines:
                if x.key == ("deck", "authors"):
                    out.append(SubLine(x, "authors", tuple(x.text.split(t["authors_sep"])),
                                       t["authors_sep"]))
                else:
                    out.append(SubLine(x, "subtitle" if x.key == ("deck", "subtitle")
                                       else "event line"))
            return out
        case p.Divider():
            if c.presenter is None:
                return [SubLine(p.Text(c.number), "chapter number", (c.number,))]
            return [SubLine(p.Text(_divider_line(c, lang)), f"'{_divider_line(c, lang)}' line",
                            (c.number, c.presenter.text),
                            t["section_sub"].format(number="", who=""))]
        case p.Closing(subtitle=sub):
            return [SubLine(sub, "closing subtitle")] if sub else []
        case _:
            return []


def packed(line: SubLine, width: float, size: float, fonts: fit.Fonts) -> tuple[str, bool]:
    """A line as drawn at a size: its parts joined, with a line break instead of the
    separator where the next part would not fit; False when a part itself needs more than
    one line."""
    if not line.parts:
        return line.text.text, True
    out = [line.parts[0]]
    for part in line.parts[1:]:
        both = out[-1] + line.sep + part
        if fit.text_width(both, size, False, fonts) <= width:
            out[-1] = both
        else:
            out.append(part)
    whole = all(fit.text_width(x, size, False, fonts) <= width for x in out)
    return "\n".join(out), whole


def _sub_box(a: Area, fonts: fit.Fonts) -> fit.Box:
    return fit_box(SUB_STYLE, a, fonts=fonts)


def _subs_fit(shown: Sequence[str], a: Area, size: float, fonts: fit.Fonts) -> bool:
    # room under the last line for its descent, whatever the anchor: a template's
    # subtitle placeholder often has no bottom inset
    box = _sub_box(a.for_bottom_anchor(size), fonts)
    return fit.fit(text_paras("\n".join(shown)), box, size, size).fits


def _whole(lines: Sequence[SubLine], a: Area, size: float, fonts: fit.Fonts) -> bool:
    """Whether the lines fit a box at a size with every part kept on one line."""
    done = [packed(x, a.w - 2 * a.lr, size, fonts) for x in lines]
    return all(whole for _, whole in done) and _subs_fit([t for t, _ in done], a, size, fonts)


def shown_subs(lines: Sequence[SubLine], a: Area, size: float, fonts: fit.Fonts) -> list[str]:
    """The subtitle lines as drawn at a size: whole while they fit; the first that does
    not is cut with an ellipsis and those after it are left out."""
    done = [packed(x, a.w - 2 * a.lr, size, fonts)[0] for x in lines]
    if _subs_fit(done, a, size, fonts):
        return done
    k = next(i for i in range(len(done)) if not _subs_fit(done[:i + 1], a, size, fonts))
    last = ellipsized(done[k], lambda t: _subs_fit([*done[:k], t], a, size, fonts))
    return [*done[:k], last] if last.strip("…") else done[:k]


SUB_GAP_PT = 0.1 * PT_PER_IN
"""Gap between a title (or subtitle) and the text box deckgen adds below it."""


def free_band(ref: Area, desc: LayoutDesc | None, width: float, height: float,
              need: float) -> tuple[Area, Anchor] | None:
    """A band across a box's width for text with no placeholder: the first free one below
    it (else the nearest above it) at least `need` tall, inside the slide's 5 % margins
    and clear of the layout's art and furniture (art under the box itself is its
    background). None when there is no such room."""
    margin = 0.05 * height
    blocks = sorted(_blocks(ref, desc, width, height))

    def gaps(lo: float, hi: float) -> list[tuple[float, float]]:
        out, y = [], lo
        for top, bottom in blocks:
            if top > y:
                out.append((y, min(top, hi)))
            y = max(y, bottom)
        out.append((y, hi))
        return [(a, b) for a, b in out if b - a >= need - 1e-6]

    below = gaps(ref.bottom + SUB_GAP_PT, height - margin)
    if below:
        y0, y1 = below[0]
        return Area(ref.x, y0, ref.w, y1 - y0), "t"
    above = gaps(margin, ref.y - SUB_GAP_PT)
    if above:
        y0, y1 = above[-1]
        return Area(ref.x, y0, ref.w, y1 - y0), "b"
    return None


def _blocks(ref: Area, desc: LayoutDesc | None, width: float,
            height: float) -> list[tuple[float, float]]:
    """The heights across a box's width that the layout's furniture and art take up: the
    rows where art really paints (not the slide's background, faint texture, a hairline
    or the panel the box sits on); furniture and art under the box itself not counted."""
    if desc is None:
        return []
    x0, x1 = ref.x, ref.x + ref.w
    out = [(ph.box.y, ph.box.bottom) for ph in desc.placeholders
           if ph.type in ("ftr", "dt", "sldNum") and min(ph.box.right, x1) - max(ph.box.x, x0)
           > 0.5 and not ph.box.overlaps(ref.rect)]
    for a in desc.art:
        if min(a.box.right, x1) - max(a.box.x, x0) <= 0.5 or clearance.is_background(
                a, width, height) or clearance.backdrop([a], ref.rect, width, height) is a:
            continue
        band = clearance.painted_rows(a, x0, x1)
        if band is not None:
            out.append(band)
    return out


def _band_need(size: float, fonts: Fonts) -> float:
    return fit.line_height(size, SUB_STYLE.spacing, fonts) + 2 * PPT_INSETS.top


@frozen
class SubBox:
    """Where some of the lines under a cover title go: the layout's subtitle placeholder
    (``placeholder``) or a text box of deckgen's in a free band."""

    area: Area
    lines: tuple[SubLine, ...]
    placeholder: bool
    anchor: Anchor = "t"


def cover_subs(fr: Frames, kind: str, desc: LayoutDesc | None, lines: Sequence[SubLine],
               fonts: fit.Fonts) -> tuple[Sized, list[SubBox]]:
    """The size of the lines under a cover, section or closing title and the boxes they
    go in: all in the layout's subtitle placeholder (a free band near the title when it
    has none) at the largest size down to the floor; else the lines that do not fit there
    continue in a free band below it; else, at the floor, cut with an ellipsis."""
    start, floor = START_PT[f"{kind}_sub"], FLOOR_PT[f"{kind}_sub"]
    title, sub = fr.cover(kind)
    if sub is not None:
        first = SubBox(sub, tuple(lines), True)
    else:
        band = free_band(title, desc, fr.width, fr.height, _band_need(floor, fonts))
        if band is None or not lines:
            return Sized(start, True), []
        first = SubBox(band[0], tuple(lines), False, band[1])
    a = first.area
    for s in fit.size_steps(start, floor):
        if _whole(lines, a, s, fonts):
            return Sized(s, True), [first]
    for s in fit.size_steps(start, floor):
        k = next((i for i in range(len(lines) - 1, 0, -1) if _whole(lines[:i], a, s, fonts)), 0)
        more = free_band(a, desc, fr.width, fr.height, _band_need(s, fonts)) if k else None
        if more is not None and more[1] == "t" and _whole(lines[k:], more[0], s, fonts):
            return Sized(s, True), [replace(first, lines=tuple(lines[:k])),
                                    SubBox(more[0], tuple(lines[k:]), False)]
    cut = not _subs_fit([packed(x, a.w - 2 * a.lr, floor, fonts)[0] for x in lines], a, floor,
                        fonts)
    return Sized(floor, True, cut=cut), [first]


def _divider_line(c: p.Divider, lang: str) -> str:
    if c.presenter is None:
        return c.number
    return texts(lang)["section_sub"].format(number=c.number, who=c.presenter.text)
