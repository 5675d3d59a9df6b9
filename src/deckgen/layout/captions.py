"""Captions and source lines under a chart or picture: each on one line at the largest size
down to its floor, else on more lines at the floor (the band under the picture grows and the
picture gives up the room)."""

from __future__ import annotations

from collections.abc import Sequence

from .. import fit
from .. import plan as p
from ..deckplan import Shape
from ..frozen import replace
from ..i18n import source_line
from ..style import CAPTION_GAP_PT, FLOOR_PT, MUTED, START_PT, TEXT
from .areas import Area, block_height
from .setting import Setting
from .sizing import Log, Sized, one_line


def fit_captions(texts_: Sequence[tuple[str, str | None]], st: Setting,
                 log: Log) -> dict[str, float]:
    """The size of each text under the picture, by kind ("caption", "source")."""
    sizes = {}
    for box, text in texts_:
        if not text:
            continue
        start, floor = START_PT[box], FLOOR_PT[box]
        one = one_line([text], [replace(st.frames.body, h=1e9)], start, floor,
                       fonts=st.faces.body)
        sizes[box] = log.put(box, start, Sized(one if one is not None else floor, True), floor)
    return sizes


def source_text(source: p.Text | None, language: str) -> str | None:
    """The source line as shown ("来源：…", "Source: …")."""
    return None if source is None else "".join(source_line(source.text, language))


def captions(st: Setting, caption: p.Text | None, source: p.Text | None,
             sizes: dict[str, float], below: float | None = None) -> tuple[Area, list[Shape]]:
    """The picture's box in the body, and the caption and source boxes under it (under
    `below`, the lower edge of a picture smaller than its box, when given)."""
    src_text = source_text(source, st.language)
    box, cap, src = caption_areas(st.frames.body, caption.text if caption else None,
                                  src_text, sizes, below, st.faces.body)
    shapes: list[Shape] = []
    if cap is not None and caption is not None:
        size = sizes.get("caption", START_PT["caption"])
        shapes.append(st.textbox("Caption", "caption", cap, [st.para(
            caption.text, cap, size, color=TEXT, align="ctr", origin=caption.key)]))
    if src is not None and source is not None and src_text:
        size = sizes.get("source", START_PT["source"])
        prefix, _ = source_line(source.text, st.language)
        shapes.append(st.textbox("Source", "source", src, [st.para(
            src_text, src, size, color=MUTED, align="r", origin=source.key,
            affixes=(prefix, ""))]))
    return box, shapes


def caption_areas(body: Area, caption: str | None, source: str | None, sizes: dict[str, float],
                  top: float | None = None,
                  fonts: fit.Fonts = fit.DEFAULT_FONTS) -> tuple[Area, Area | None, Area | None]:
    """The chart/picture box, and the caption and source boxes below it.

    The band under the picture is as tall as the caption and source text need; with
    ``top`` (the lower edge of a picture smaller than its box) the caption follows it."""
    cap = src = None
    band = 0.0
    cap_h = src_h = 0.0
    if caption:
        cap_h = block_height(caption, body, sizes.get("caption", START_PT["caption"]),
                         fonts=fonts)
        band += cap_h + CAPTION_GAP_PT
    if source:
        src_h = block_height(source, body, sizes.get("source", START_PT["source"]), fonts=fonts)
        band += src_h + (0 if caption else CAPTION_GAP_PT)
    chart = replace(body, h=max(body.h - band, 1.0))
    y = (chart.bottom if top is None else top) + CAPTION_GAP_PT
    if caption:
        cap = replace(body, y=y, h=cap_h)
        y += cap_h
    if source:
        src = replace(body, y=y, h=src_h)
    return chart, cap, src
