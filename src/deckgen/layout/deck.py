"""The deck pass: every outline slide laid out by its kind (one ``match``), continued where
it needs more room, with the layout's footer and slide number, readable text colours and
every line placed; the deck-wide decisions (sections, properties, theme colours); and what
the build report says about it all."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import assert_never

from .. import fit, fontset
from .. import plan as p
from ..deckplan import (
    DeckPlan,
    Paragraph,
    Properties,
    Section,
    Shape,
    Slide,
    Step,
    Table,
    TextBox,
)
from ..frozen import frozen, replace
from ..i18n import section_name, texts
from ..primitives import Align, Anchor, Fonts, Insets, Rect
from ..style import CEILING_PT, START_PT, TEXT
from ..template.files import template_path
from ..template.info import LayoutDesc, TemplateInfo
from . import bullets, chart, columns, cover, image, quote, reveal, stats, table
from . import logo as logos
from .areas import Typefaces
from .choice import LAYOUT_ROLE, bound, choose, frames_on
from .footer import furniture
from .frames import frames_of
from .ink import Change, Inker
from .lines import placed
from .setting import Page, Setting
from .sizing import Log
from .titles import titled

Pixels = tuple[tuple[int, int] | None, ...]
"""The size of each picture a slide shows (its image, its columns' pictures), None where
unknown."""


def _pages(sp: p.SlideSpec, st: Setting, desc: LayoutDesc, log: Log,
           pixels: Pixels) -> list[Page]:
    """One outline slide laid out by its kind: fitted once, its shapes placed, on as many
    slides as it needs; content slides get their titles."""
    c = sp.content
    match c:
        case p.Cover() | p.Divider() | p.Closing():
            return cover.lay(sp, st, desc, log)
        case p.Bullets(paras=paras):
            pages = bullets.lay(sp, paras, "body", p.Bullets, st, desc, log)
        case p.Agenda(items=paras):
            pages = bullets.lay(sp, paras, "agenda", p.Agenda, st, desc, log)
        case p.Sources(paras=paras):
            pages = bullets.lay(sp, paras, "sources", p.Sources, st, desc, log)
        case p.Columns():
            pages = columns.lay(sp, c, st, log, desc, pixels)
        case p.Stats():
            pages = stats.lay(sp, c, st, log)
        case p.Quote():
            pages = quote.lay(sp, c, st, log)
        case p.Table():
            pages = table.lay(sp, c, st, log)
        case p.Chart():
            pages = chart.lay(sp, c, st, log)
        case p.Image():
            pages = image.lay(sp, c, st, log, pixels[0] if pixels else None, desc)
        case _:
            assert_never(c)
    return titled(pages, st, desc, log)


@frozen
class _Laid:
    """One outline slide laid out: its pages, the sizes chosen and what to say."""

    pages: tuple[Page, ...]
    sizes: tuple[tuple[str, float], ...]
    said: tuple[str, ...]
    problems: tuple[str, ...]
    warnings: tuple[str, ...] = ()


_MEMO: dict[tuple[object, ...], _Laid] = {}
_MEMO_MAX = 4096


def _laid(sp: p.SlideSpec, st: Setting, desc: LayoutDesc, pixels: Pixels) -> _Laid:
    """Layout is pure and slides rarely change between rebuilds (watch, serve): an
    unchanged slide in the same setting, on the same layout, is laid out once per
    process."""
    key = (sp, st, desc, pixels)
    found = _MEMO.get(key)
    if found is None:
        log = Log()
        pages = _pages(sp, st, desc, log, pixels)
        found = _Laid(tuple(pages), tuple(sorted(log.sizes.items())), tuple(log.report()),
                      tuple(log.problems), tuple(log.warnings))
        if len(_MEMO) >= _MEMO_MAX:
            _MEMO.clear()
        _MEMO[key] = found
    return found


def lay_out(talk: p.Talk, info: TemplateInfo,
            image_sizes: dict[Path, tuple[int, int]] | None = None) -> DeckPlan:
    """The talk as positioned slides, with a report (``fitting``) of what was shrunk or
    continued and which typefaces were measured with a stand-in's widths; text below a
    floor, cut short, broken inside a word or left out adds a warning."""
    avoid_art = talk.template is not None
    fr = frames_of(info, avoid_art=avoid_art)
    pictures = image_sizes or {}
    chosen = [choose(sp, talk, info) for sp in talk.slides]  # LayoutRefused when one cannot be
    warnings: list[str] = list(fr.notes)
    logo = None
    if talk.logo is not None:
        content = [info.layout("content"), info.layout("title_only")]
        logo, fr, said = logos.place(talk.logo, pictures.get(talk.logo.path), fr, content)
        warnings += said
    title_fonts, body_fonts = deck_fonts(talk, info)
    faces = Typefaces(title_fonts, body_fonts)
    st = Setting(fr, talk.language, faces, talk.palette, info.colors.get("dk1", TEXT),
                 talk.body_max or CEILING_PT["body"])
    slides: list[Slide] = []
    report: list[str] = estimates(faces)
    inks = [info.colors[k] for k in ("dk1", "lt1", "dk2", "lt2") if k in info.colors]
    whole = Rect(0, 0, info.width, info.height)
    inkers = {role: Inker(desc, inks, whole) for role, desc in info.layouts.items()}
    named: dict[tuple[str, str], tuple[Setting, bool]] = {}
    for sp, choice in zip(talk.slides, chosen):
        role = LAYOUT_ROLE.get(sp.kind, "title_only")
        desc, here, with_logo = info.layout(role), st, logo is not None
        if choice is not None:
            role, desc = choice.key, choice.desc
            if (role, sp.kind) not in named:
                on = frames_on(fr, desc, sp.kind, choice.fit, avoid_art)
                room_left = logos.cleared(on, logo.picture.box) if logo else None
                named[role, sp.kind] = (replace(st, frames=room_left or on),
                    room_left is not None)
                warnings.extend(x for x in on.notes if x not in warnings)
            here, with_logo = named[role, sp.kind]
            inkers.setdefault(role + sp.kind, Inker(desc, inks, whole))
        # a picture's size is the one thing a slide's layout reads from outside the outline
        laid = _laid(sp, here, desc, _pixels(sp.content, pictures))
        label = f"slide {len(slides) + 1} '{sp.title}'"
        said = list(laid.said)
        if len(laid.pages) > 1:
            said.append(f"continued on {len(laid.pages)} slides")
        if said:
            report.append(f"{label}: {', '.join(said)}")
        warnings.extend(f"{label}: {x}" for x in laid.problems)
        warnings.extend(laid.warnings)
        sizes = dict(laid.sizes)
        for page in laid.pages:
            number = len(slides) + 1
            shapes = list(page.shapes)
            if page.furnished:
                shapes += furniture(here, desc, talk.footer, page.spec.presenter, number,
                                    talk.template is not None)
                if logo is not None:
                    shapes, why = logo.on_page(shapes, desc, here.frames) if with_logo else (
                        shapes, "no room for the logo: the layout's title or body would "
                        "give up too much; left out on this slide")
                    if why:
                        warnings.append(f"slide {number} '{page.spec.title}': {why}")
            if choice is not None:
                shapes = bound(shapes, desc)
            inker = inkers[role if choice is None else role + sp.kind]
            shapes, changes = inker.shapes([_positive(x) for x in shapes])
            warnings.extend(_palette_warnings(number, page.spec.title, changes, talk))
            slides.append(_slide(number, page.spec, role, [placed(x) for x in shapes],
                                 desc.background, sizes, reveal.steps(page)))
    return DeckPlan(
        width=info.width, height=info.height, slides=tuple(slides), language=talk.language,
        title=talk.title, authors=talk.authors, chapters=talk.chapters,
        duration=talk.duration, speaking_rate=talk.speaking_rate, fonts=body_fonts,
        title_fonts=title_fonts, palette=talk.palette, template=talk.template,
        drawn_on=template_path(talk.template, talk.aspect),
        template_hash=info.digest, notes_size=START_PT["notes"],
        sections=_sections(slides, talk), properties=_properties(talk),
        # the default theme takes the palette; a template keeps its own unless the outline
        # names one
        theme_palette=talk.palette if talk.template is None or talk.custom_palette else (),
        twins=_twins(slides, title_fonts, body_fonts),
        number_fields=_number_fields(info, {sl.layout for sl in slides}),
        fitting=tuple(report), warnings=(*talk.warnings, *warnings))


def _pixels(c: p.Content, pictures: dict[Path, tuple[int, int]]) -> Pixels:
    """The size of each picture a slide shows."""
    match c:
        case p.Image():
            return (pictures.get(c.path),)
        case p.Columns():
            return tuple(pictures.get(x.image.path) if x.image else None for x in c.columns)
    return ()


def estimates(faces: Typefaces) -> list[str]:
    """What the build report says about typefaces measured with a stand-in's widths."""
    out: list[str] = []
    for fonts in (faces.title, faces.body):
        for face in fit.estimated_faces(fonts):
            line = f"measured {face.family} with {face.metrics_of}'s widths: an estimate"
            if line not in out:
                out.append(line)
    return out


LEAST_PT = 1.0  # the least side of any box the plan emits


def _positive(shape: Shape) -> Shape:
    """A shape whose box has a positive size: a template's odd geometry (a body too small
    for a chart with its caption and source, say) never yields an empty or negative box,
    which the file format forbids and the chart renderer cannot draw."""
    b = shape.box
    if b.w >= LEAST_PT and b.h >= LEAST_PT:
        return shape
    return replace(shape, box=Rect(b.x, b.y, max(b.w, LEAST_PT), max(b.h, LEAST_PT)))


def _palette_warnings(number: int, title: str, changes: Sequence[Change],
                      talk: p.Talk) -> list[str]:
    """What to say when a colour of the author's theme.palette was too faint for text."""
    if not talk.custom_palette:
        return []
    own = {c.upper() for c in talk.palette}
    return [f"slide {number} '{title}': {c.role.replace('-', ' ')} '{_short(c.text)}' "
            f"{c.old.upper()} on {c.background} is {c.before:.1f}:1; {c.verb} to {c.new} "
            f"({c.after:.1f}:1)" for c in changes if c.old.upper() in own]


def _short(text: str, limit: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def deck_fonts(talk: p.Talk, info: TemplateInfo) -> tuple[Fonts, Fonts]:
    """The typefaces of titles and of body text: the outline's, else the template's theme
    fonts (headings, body), else Calibri and the language's East Asian default."""
    ea_default = p.default_east_asian(talk.language)

    def pick(theme: Fonts) -> Fonts:
        latin = talk.latin_font or theme.latin or p.DEFAULT_LATIN
        ea = talk.east_asian_font or (theme.east_asian if talk.template else "") or ea_default
        return Fonts(latin, ea)

    return pick(info.major), pick(info.minor)


def _slide(number: int, sp: p.SlideSpec, role: str, shapes: Sequence[Shape],
           background: str, sizes: dict[str, float], steps: tuple[Step, ...]) -> Slide:
    """The plan's slide: its shapes, what it is and where it came from, its clicks."""
    return Slide(number=number, kind=sp.kind, title=sp.title, layout=role,
                 shapes=tuple(shapes), notes=sp.notes, background=background,
                 sizes=tuple(sizes.items()), chapter=sp.chapter, presenter=sp.presenter,
                 key=sp.key, continued=sp.continued, notes_key=sp.notes_key,
                 notes_added=sp.notes_added, steps=steps)


def _sections(slides: Sequence[Slide], talk: p.Talk) -> tuple[Section, ...]:
    """The deck's sections: the opening (title, agenda), one per chapter, the ending."""
    t = texts(talk.language)
    groups: list[tuple[str, list[int]]] = []
    for sl in slides:
        if sl.kind in ("title", "agenda"):
            name = t["opening"]
        elif sl.kind in ("sources", "closing"):
            name = t["ending"]
        else:
            assert sl.chapter is not None
            title, who = talk.chapters[sl.chapter]
            name = section_name(title, who, talk.language)
        if not groups or name != groups[-1][0]:
            groups.append((name, []))
        groups[-1][1].append(sl.number)
    return tuple(Section(name, tuple(numbers)) for name, numbers in groups)


def _properties(talk: p.Talk) -> Properties:
    """The document properties: the talk's title, authors and language."""
    return Properties(title=talk.title, author=texts(talk.language)["sep"].join(talk.authors),
                      language=talk.language, comments="Built by deckgen from an outline.",
                      last_modified_by="deckgen")


def _number_fields(info: TemplateInfo, roles: set[str]) -> tuple[tuple[str, Paragraph], ...]:
    """The template's slide-number fields on the layouts the slides use, each placed as a
    one-line text box of its own (it shows the slide's number)."""
    out = []
    for role in sorted(roles):
        desc = info.layouts.get(role)
        for art in desc.art if desc else ():
            for f in (pc for pc in art.pieces if pc.kind == "field"):
                (x0, y0), _, (x1, y1), _ = f.xy()
                align: Align = "ctr" if f.align == "ctr" else "r" if f.align == "r" else "l"
                para = Paragraph("#", f.width, ("#",), f.line or "#000000", f.bold,
                                 align=align, line_height=fit.drawn_line_height(f.width),
                                 field="slidenum")
                anchor: Anchor = ("ctr" if f.anchor == "ctr" else "b" if f.anchor == "b"
                    else "t")
                box = placed(TextBox("number", "slide-number", Rect(x0, y0, x1 - x0, y1 - y0),
                                     (para,), Fonts(), Insets(*f.insets), anchor))
                assert isinstance(box, TextBox)
                out.append((role, box.paragraphs[0]))
    return tuple(out)


def _twins(slides: Sequence[Slide], *fonts: Fonts) -> tuple[tuple[str, str], ...]:
    """The metric-compatible twin of each typeface the deck names that has one."""
    names: dict[str, None] = {}
    for f in fonts:
        names.update(dict.fromkeys((f.latin, f.east_asian)))
    for sl in slides:
        for shape in sl.shapes:
            if isinstance(shape, (TextBox, Table)):
                names.update(dict.fromkeys((shape.fonts.latin, shape.fonts.east_asian)))
            paras = shape.paragraphs if isinstance(shape, TextBox) else [
                c.paragraph for row in shape.cells for c in row] if isinstance(
                shape, Table) else []
            names.update(dict.fromkeys(q.bullet.font for q in paras if q.bullet is not None))
    return tuple((n, twin) for n in names if (twin := fontset.metric_twin(n)) is not None)
