"""Line breaking: where a viewer breaks text inside a width, with kinsoku (no line starts
with closing punctuation, none ends with opening punctuation), never inside a Latin word or
a number unless it is wider than the line on its own."""

from __future__ import annotations

import functools
import itertools
import re

from deckgen.primitives import Fonts

from .measure import (
    AUTOSPACE_EM,
    DEFAULT_FONTS,
    WIDTH_SAFETY,
    _boundaries,
    _ems,
    char_em,
    is_cjk,
    text_em,
)

# Kinsoku shori: characters that may not start a line (closing brackets, stops,
# small kana, iteration marks, postfix signs) and that may not end one (opening brackets).
NO_LINE_START = frozenset(
    "，。、；：？！）」』》】〉〕〗〙〛｝］”’〞〟"
    "・·‥…—–～〜ー"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ々〻ゝゞヽヾ"
    ",.;:!?)]}%‰℃°′″｡｣､･ﾞﾟ％"
)
NO_LINE_END = frozenset("（「『《【〈〔〖〘〚｛［“‘〝([{$£¥￥＄")
_FORCED_BREAK = re.compile("[\n\v\u2028]")


def _can_break_before(text: str, i: int, kinsoku: bool = True) -> bool:
    """Whether a line may break between text[i-1] and text[i]."""
    prev, cur = text[i - 1], text[i]
    if cur.isspace():
        return False
    if kinsoku and (cur in NO_LINE_START or prev in NO_LINE_END):
        return False
    if prev.isspace():
        before = text[:i].rstrip()
        return not (kinsoku and before and before[-1] in NO_LINE_END)
    if prev in "-\u2010" and i >= 2 and text[i - 2].isalnum() and cur.isalnum():
        return True
    # LibreOffice (ICU) keeps "、RNN" and "CNN（" together: no break between a
    # Latin word and CJK punctuation that closes before it or opens after it.
    if (prev in NO_LINE_START and cur.isalnum() and not is_cjk(cur)) or (
        cur in NO_LINE_END and prev.isalnum() and not is_cjk(prev)
    ):
        return not kinsoku
    return is_cjk(prev) or is_cjk(cur)


def _segments(text: str, kinsoku: bool = True) -> list[str]:
    """Text cut at every allowed break (each piece keeps its trailing spaces)."""
    if not text:
        return []
    out, start = [], 0
    for i in range(1, len(text)):
        if _can_break_before(text, i, kinsoku):
            out.append(text[start:i])
            start = i
    out.append(text[start:])
    return out


@functools.lru_cache(maxsize=8192)
def _measures(text: str, bold: bool, fonts: Fonts) -> tuple[
        tuple[float, ...], tuple[float, ...], tuple[int, ...], tuple[int, ...],
        tuple[int, ...]]:
    """Per-text facts every wrap width and size reuses: each character's advance (em), the
    advances summed from the first character (left to right, as :func:`text_width` sums),
    autospace boundaries up to each position (running count), the length of
    ``text[:i].rstrip()`` and the index of the first non-space at or after i, for every
    i."""
    memo = _ems(bold, fonts)
    ems = tuple(memo[ch] if ch in memo else char_em(ch, bold, fonts) for ch in text)
    spaces = tuple(itertools.accumulate(_boundaries(text), initial=0))
    stripped = [0]
    for i, ch in enumerate(text, start=1):
        stripped.append(stripped[-1] if ch.isspace() else i)
    solid = [len(text)] * (len(text) + 1)
    for i in range(len(text) - 1, -1, -1):
        solid[i] = solid[i + 1] if text[i].isspace() else i
    return (ems, tuple(itertools.accumulate(ems, initial=0)), spaces, tuple(stripped),
            tuple(solid))


@functools.lru_cache(maxsize=8192)
def _segments_of(text: str) -> tuple[str, ...]:
    return tuple(_segments(text))


def tokens(text: str) -> list[str]:
    """The pieces :func:`wrap` keeps on one line whenever it can: the text between its
    allowed breaks (words, numbers, names; a CJK character with its punctuation)."""
    return [t for part in _FORCED_BREAK.split(text)
            for t in (seg.strip() for seg in _segments_of(part)) if t]


@functools.lru_cache(maxsize=8192)
def widest_token(text: str, bold: bool = False, fonts: Fonts = DEFAULT_FONTS) -> str:
    """The token of a text (:func:`tokens`) that is widest at every size ("" when it has
    none): a width is the token's em times the size, so the widest in em is the widest
    in points, to the last bit."""
    return max(tokens(text), key=lambda t: text_em(t, bold, fonts), default="")


def _wrap_line(text: str, width_pt: float, size_pt: float, bold: bool, fonts: Fonts,
               broken: list[str] | None = None) -> list[tuple[str, float]]:
    """Lines (trailing spaces dropped) with their ink widths; the words a line break falls
    inside (wider than the line on their own, or cut where kinsoku was given up, as
    "1,234," / "567") are appended to `broken`.

    Widths equal ``text_width(line.rstrip())`` of each candidate line bit for bit: the
    advances of a line are summed left to right from its first character, as
    :func:`text_width` sums them, but each line's running total is kept instead of summing
    again per candidate."""
    ems, from_first, spaces, stripped, solid = _measures(text, bold, fonts)
    # the whole text on one line: ink(len(text)) below, before any closure is made
    n = stripped[-1]
    gaps = spaces[n - 1] - spaces[solid[0]] if solid[0] < n - 1 else 0
    whole = (from_first[n] + AUTOSPACE_EM * gaps) * size_pt * WIDTH_SAFETY
    if whole <= width_pt:  # widths only grow along a line: every segment would fit
        return [(text[:n], whole)]
    lines: list[tuple[str, float]] = []
    start = end = 0  # the current line is text[start:end]
    run: list[float] = [0]  # run[k]: advances of text[start:start + k], for start > 0

    def ink(stop: int) -> float:
        n = max(stripped[stop], start)
        k = n - start
        if start:
            while len(run) <= k:
                run.append(run[-1] + ems[start + len(run) - 1])
            em = run[k]
        else:
            em = from_first[k]
        # boundaries after the line's first non-space (one before it is not this line's)
        first = solid[start]
        gaps = spaces[n - 1] - spaces[first] if first < n - 1 else 0
        return (em + AUTOSPACE_EM * gaps) * size_pt * WIDTH_SAFETY

    def new_line() -> None:
        nonlocal start
        lines.append((text[start:max(stripped[end], start)], ink(end)))
        if broken is not None and 0 < end < len(text) and _inside_token(text, end):
            word = _token_at(text, end)
            if word not in broken[-1:]:
                broken.append(word)
        start = end
        del run[1:]

    def place(stop: int, depth: int) -> None:
        nonlocal end
        if ink(stop) <= width_pt:
            end = stop
            return
        if stripped[end] > start:
            new_line()
        if ink(stop) <= width_pt:
            end = stop
            return
        pieces = _segments(text[end:stop], kinsoku=False) if depth == 0 else []
        if len(pieces) > 1:  # too wide even alone: give up kinsoku, then words
            for piece in pieces:
                place(end + len(piece), depth + 1)
            return
        # Last resort: a word longer than the line is broken between characters.
        for i in range(end + 1, stop + 1):
            if stripped[end] > start and ink(i) > width_pt:
                new_line()
            end = i

    for seg in _segments_of(text):
        place(end + len(seg), 0)
    new_line()
    return lines


def _narrow(ch: str) -> bool:
    return not ch.isspace() and not is_cjk(ch)


def _inside_token(text: str, i: int) -> bool:
    """Whether a line break before text[i] falls inside a Latin word or a number (not at a
    space, after a hyphen or next to a CJK character)."""
    a, b = text[i - 1], text[i]
    return _narrow(a) and _narrow(b) and not (a in "-\u2010" and b.isalnum())


def _token_at(text: str, i: int) -> str:
    """The run of narrow characters around position i."""
    lo, hi = i, i
    while lo > 0 and _narrow(text[lo - 1]):
        lo -= 1
    while hi < len(text) and _narrow(text[hi]):
        hi += 1
    return text[lo:hi]


def _wrap(text: str, width_pt: float, size_pt: float, bold: bool = False,
          fonts: Fonts = DEFAULT_FONTS,
          broken: list[str] | None = None) -> list[tuple[str, float]]:
    parts = _FORCED_BREAK.split(text)
    lines: list[tuple[str, float]] = []
    for part in parts:
        lines.extend(_wrap_line(part, width_pt, size_pt, bold, fonts, broken))
    return lines


@functools.lru_cache(maxsize=16384)
def wrapped(text: str, width_pt: float, size_pt: float, bold: bool = False,
            fonts: Fonts = DEFAULT_FONTS) -> tuple[str, ...]:
    """:func:`wrap`, remembered: layout asks for the lines of the text it has just fitted."""
    return tuple(wrap(text, width_pt, size_pt, bold, fonts))


def wrap(text: str, width_pt: float, size_pt: float, bold: bool = False,
         fonts: Fonts = DEFAULT_FONTS) -> list[str]:
    """Lines a viewer breaks text into inside a given width (at least one line).

    Breaks are allowed between CJK characters, between CJK and other text, after
    spaces and after a hyphen inside a word, never inside a Latin word or a
    number (unless it is wider than the line on its own). Kinsoku: no line
    starts with closing punctuation and none ends with opening punctuation.
    Line breaks (newline, vertical tab) force a new line.
    """
    return [line for line, _ in _wrap(text, width_pt, size_pt, bold, fonts)]


def broken_words(text: str, width_pt: float, size_pt: float, bold: bool = False,
                 fonts: Fonts = DEFAULT_FONTS) -> list[str]:
    """The words (numbers, names) :func:`wrap` has to break between characters because
    each is wider than the line on its own; empty when every token stays whole."""
    out: list[str] = []
    _wrap(text, width_pt, size_pt, bold, fonts, out)
    return out
