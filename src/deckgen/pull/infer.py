"""A slide added by hand in a deck, read back as outline YAML of the right kind.

The kind comes from the slide's shapes: deckgen's own shape names when the slide was
copied from one deckgen built ("Column heading 1", "Stat value 2", "Quote", "Table",
"Caption"…), else their structure: a table → ``table:``, a native chart → ``chart:``, a
picture → ``image:`` (saved as a file beside the outline), text boxes side by side each
under a heading → ``columns:``, big numbers over labels → ``stats:``, a quotation in
quotation marks → ``quote:``, anything else → ``bullets:`` with sub-bullets by paragraph
level. The YAML is checked against the outline model; a kind it does not pass falls back
to bullets. deckgen's own hand-over line is taken out of the notes (the build adds it)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..frozen import frozen
from ..i18n import texts
from ..plan import slug
from ..template.info import TITLE_TYPES
from ..yamlnodes import flow, scalar
from .readdeck import DeckSlide
from .shapes import DeckShape

BIG_PT = 28.0  # a number set at least this large reads as a big number
IMAGE_TYPES = {b"\x89PNG\r\n\x1a\n": ".png", b"\xff\xd8\xff": ".jpg", b"GIF87a": ".gif",
               b"GIF89a": ".gif", b"BM": ".bmp", b"II*\x00": ".tif", b"MM\x00*": ".tif"}
MAX_IMAGE = 50 * 1024 * 1024


@frozen
class Inferred:
    """An added slide as outline data: its kind, title, the slide mapping, the files it
    needs written (a picture) and why it is not of the kind its shapes suggest, if so."""

    kind: str
    title: str
    data: dict[str, Any]
    files: tuple[tuple[str, bytes], ...] = ()
    problem: str = ""

    @property
    def block(self) -> str:
        """The slide as a YAML list item ("- title: ..."), block style."""
        return emit(self.data)


# -------------------------------------------------------------------- notes


def without_handover(notes: str, language: str) -> str:
    """Notes without deckgen's hand-over line at their end (copied with a slide that ended
    a chapter); the build adds the hand-over where it belongs."""
    t = texts(language)
    pattern = re.escape(t["handover"]).replace(re.escape("{who}"), ".+?").replace(
        re.escape("{topic}"), ".+?")
    text = notes.strip()
    if text == t["cont_notes"]:
        return ""
    m = re.search(r"\s*" + pattern + r"\s*$", text)
    return text[:m.start()].rstrip() if m else text


# -------------------------------------------------------------------- shapes


def _is(shape: DeckShape, name: str) -> bool:
    """Whether a shape has deckgen's name (LibreOffice numbers the copies: "Quote 2")."""
    return re.fullmatch(re.escape(name) + r"( \d+)?", shape.name) is not None


def _texts(shapes: list[DeckShape]) -> list[DeckShape]:
    return [s for s in shapes if s.kind == "text" and not s.furniture and s.text.strip()]


def _one_line(text: str) -> str:
    """A deck text as a one-line outline text: its line breaks (a:br) as spaces, every other
    character as typed (U+2028 and the like are escaped when written)."""
    return " ".join(x.strip() for x in text.split("\n")).strip()


def _title(shapes: list[DeckShape]) -> DeckShape | None:
    text = _texts(shapes)
    return next((s for s in text if s.placeholder in TITLE_TYPES), None) or next(
        (s for s in text if _is(s, "Title")), None) or (text[0] if text else None)


def _named(shapes: list[DeckShape], prefix: str) -> dict[int, DeckShape]:
    out = {}
    for s in shapes:
        m = re.fullmatch(re.escape(prefix) + r" (\d+)", s.name)
        if m:
            out[int(m.group(1))] = s
    return dict(sorted(out.items()))


def _overlap(a: DeckShape, b: DeckShape) -> bool:
    if a.box is None or b.box is None:
        return False
    return min(a.box[0] + a.box[2], b.box[0] + b.box[2]) - max(a.box[0], b.box[0]) > 0


def _below(upper: DeckShape, lower: DeckShape) -> bool:
    if upper.box is None or lower.box is None:
        return False
    return _overlap(upper, lower) and lower.box[1] >= upper.box[1] + upper.box[3] * 0.5


def _bullets(shapes: list[DeckShape]) -> list[Any]:
    """Paragraphs as outline bullets: level 0 a bullet, deeper a sub-bullet of the last."""
    out: list[Any] = []
    for s in shapes:
        for text, level in s.paras:
            for line in (x.strip() for x in text.split("\n")):
                if not line:
                    continue
                if level and out:
                    last = out[-1]
                    if isinstance(last, str):
                        out[-1] = last = {"text": last, "sub": []}
                    last["sub"].append(line)
                else:
                    out.append(line)
    return out


def _unquote(text: str) -> str:
    t = text.strip()
    for a, b in (("“", "”"), ('"', '"'), ("「", "」")):
        if len(t) > 1 and t.startswith(a) and t.endswith(b):
            return t[len(a):len(t) - len(b)].strip()
    return t


def _strip_prefix(text: str, prefixes: tuple[str, ...]) -> str:
    t = text.strip()
    for p in prefixes:
        if p.strip() and t.startswith(p.strip()):
            return t[len(p.strip()):].strip()
    return t


# -------------------------------------------------------------------- kinds


def _columns(shapes: list[DeckShape], rest: list[DeckShape]) -> list[dict[str, Any]] | None:
    heads, bodies = _named(shapes, "Column heading"), _named(shapes, "Column")
    if len(heads) >= 2 and set(heads) == set(bodies):
        pairs = [(heads[i], bodies[i]) for i in heads]
    else:  # text bodies side by side, each under a one-line heading
        many = [s for s in rest if len([p for p in s.paras if p[0].strip()]) >= 1
                and s.box is not None]
        pairs = []
        for body in many:
            head = [h for h in many if h is not body and _below(h, body)
                    and len([p for p in h.paras if p[0].strip()]) == 1]
            if head:
                pairs.append((min(head, key=lambda h: body.box[1] - h.box[1]  # type: ignore[index]
                                  if h.box else 0), body))
        used = {id(h) for h, _ in pairs}
        pairs = [(h, b) for h, b in pairs if id(b) not in used]
        if len({id(x) for p in pairs for x in p}) != len(rest):
            return None
        pairs.sort(key=lambda p: p[1].box[0] if p[1].box else 0)
        if any(_overlap(a[1], b[1]) for a, b in itertools.pairwise(pairs)):
            return None
    if not 2 <= len(pairs) <= 3:
        return None
    out = []
    for h, b in pairs:
        bullets = _bullets([b])
        if not h.text.strip() or not bullets:
            return None
        out.append({"heading": _one_line(h.text), "bullets": bullets})
    return out


def _stats(shapes: list[DeckShape], rest: list[DeckShape]) -> list[dict[str, str]] | None:
    values, labels = _named(shapes, "Stat value"), _named(shapes, "Stat label")
    if values and set(values) == set(labels):
        pairs = [(values[i], labels[i]) for i in values]
    else:
        big = [s for s in rest if re.search(r"\d", s.text) and len(s.text.strip()) <= 16
               and s.size >= BIG_PT and len(s.paras) == 1]
        pairs = []
        for v in big:
            under = [x for x in rest if x not in big and _below(v, x)]
            if not under:
                return None
            pairs.append((v, min(under, key=lambda x: x.box[1] if x.box else 0)))
        if len({id(x) for p in pairs for x in p}) != len(rest):
            return None
        pairs.sort(key=lambda p: (p[0].box or (0, 0))[:2][::-1])
    if not 1 <= len(pairs) <= 4:
        return None
    return [{"value": v.text.strip(), "label": _one_line(lb.text)} for v, lb in pairs]


def _quote(shapes: list[DeckShape], rest: list[DeckShape],
           language: str) -> dict[str, str] | None:
    prefixes = (texts(language)["attribution"], "——", "—", "--")
    quote = next((s for s in shapes if _is(s, "Quote")), None)
    by = next((s for s in shapes if _is(s, "Attribution")), None)
    if quote is None:
        marked = [s for s in rest if _unquote(s.text) != s.text.strip()]
        if len(marked) != 1:
            return None
        quote = marked[0]
        others = [s for s in rest if s is not quote]
        if len(others) > 1 or (others and not others[0].text.strip().startswith(
                tuple(p.strip() for p in prefixes))):
            return None
        by = others[0] if others else None
    out = {"text": _unquote(quote.text)}
    if by is not None and by.text.strip():
        out["by"] = _strip_prefix(by.text, prefixes)
    return out if out["text"] else None


def _caption(shapes: list[DeckShape], name: str, prefixes: tuple[str, ...] = ()) -> str | None:
    s = next((x for x in shapes if _is(x, name) and x.text.strip()), None)
    return _strip_prefix(s.text, prefixes) if s is not None else None


def infer(slide: DeckSlide, language: str, read_part: Callable[[str], bytes | None],
          image_name: Callable[[str, str, bytes], str]) -> Inferred:
    """The added slide as outline data of its kind; `read_part` reads a picture or chart
    part of the deck (None when it cannot), `image_name(title, ext, data)` names a picture
    file."""
    from ..model import Slide

    shapes = list(slide.shapes)
    title_shape = _title(shapes)
    title = _one_line(title_shape.text) if title_shape is not None else ""
    if not title:
        title = "New slide" if not language.lower().startswith("zh") else "新的一页"
    rest = [s for s in _texts(shapes) if s is not title_shape
            and not _is(s, "Caption") and not _is(s, "Source")]
    notes = without_handover(slide.notes, language)
    tried: list[tuple[str, Any, tuple[tuple[str, bytes], ...]]] = []
    problem = ""
    table = next((s for s in shapes if s.kind == "table"), None)
    chart = next((s for s in shapes if s.kind == "chart"), None)
    picture = next((s for s in shapes if s.kind == "picture"), None)
    if table is not None and len(table.rows) >= 2:
        tried.append(("table", {"header": list(table.rows[0]),
                                "rows": [list(r) for r in table.rows[1:]]}, ()))
    elif chart is not None:
        from .chartxml import chart_data

        data = chart_data(read_part(chart.part) if chart.part else None)
        if isinstance(data, str):
            problem = f"its chart cannot be read back ({data})"
        else:
            for key, name in (("caption", "Caption"), ("source", "Source")):
                text = _caption(shapes, name, (texts(language)["source_line"], "Source:"))
                if text:
                    data[key] = text
            tried.append(("chart", data, ()))
    elif picture is not None:
        blob = read_part(picture.part) if picture.part else None
        ext = next((e for magic, e in IMAGE_TYPES.items() if blob and blob.startswith(magic)),
                   None)
        if blob is None or ext is None or len(blob) > MAX_IMAGE:
            problem = "its picture is not a PNG, JPEG, GIF, BMP or TIFF deckgen can keep"
        else:
            name = image_name(title, ext, blob)
            image: dict[str, Any] = {"path": name}
            cap = _caption(shapes, "Caption")
            if cap:
                image["caption"] = cap
            tried.append(("image", image, ((name, blob),)))
    if not tried and rest:
        for kind, make in (("columns", lambda: _columns(shapes, rest)),
                           ("stats", lambda: _stats(shapes, rest)),
                           ("quote", lambda: _quote(shapes, rest, language))):
            value = make()
            if value is not None:
                tried.append((kind, value, ()))
                break
    bullets = _bullets(rest) or [title]
    tried.append(("bullets", bullets, ()))
    for kind, value, files in tried:
        data = {"title": title, kind: value}
        if notes:
            data["notes"] = notes
        try:
            Slide.model_validate(data)
        except ValueError as exc:
            problem = problem or f"as {kind} it would not pass the outline's checks ({exc})"
            continue
        return Inferred(kind, title, data, files, problem if kind == "bullets" else "")
    return Inferred("bullets", title, {"title": title, "bullets": [title]}, (), problem)


def image_namer(folder: Path, taken: set[str]) -> Callable[[str, str, bytes], str]:
    """Names for pictures saved beside the outline file in `folder`: the slide's title as a
    file name, never one that exists with other bytes or was given before (a file with the
    same bytes is the picture, saved by an earlier pull)."""

    def name(title: str, ext: str, data: bytes) -> str:
        base = slug(title)
        for n in range(1, 1000):
            candidate = f"{base}{'' if n == 1 else f'-{n}'}{ext}"
            path = folder / candidate
            if candidate in taken:
                continue
            if (not path.exists() or (path.is_file() and path.stat().st_size == len(data)
                    and path.read_bytes() == data)):
                taken.add(candidate)
                return candidate
        raise ValueError("no free file name")

    return name


# -------------------------------------------------------------------- YAML


def _notes_block(notes: str) -> list[str]:
    from ..yamledit import _block_ok

    lines = notes.split("\n")
    if not _block_ok(notes) or lines[0][:1].isspace() or any(x != x.rstrip() for x in lines):
        return [f"  notes: {scalar(notes)}"]
    return ["  notes: |"] + [f"    {x}" if x.strip() else "" for x in lines]


def _bullet_lines(bullets: list[Any], pad: str) -> list[str]:
    out = []
    for b in bullets:
        if isinstance(b, dict):
            out.append(f"{pad}- text: {scalar(b['text'])}")
            out.append(f"{pad}  sub: {flow(b['sub'])}")
        else:
            out.append(f"{pad}- {scalar(b)}")
    return out


def emit(data: dict[str, Any]) -> str:
    """A slide mapping as a block-style YAML list item, in the outline's usual style."""
    lines = [f"- title: {scalar(data['title'])}"]
    for kind in ("bullets", "columns", "table", "stats", "quote", "image", "chart"):
        value = data.get(kind)
        if value is None:
            continue
        if kind == "bullets":
            lines += ["  bullets:", *_bullet_lines(value, "    ")]
        elif kind == "columns":
            lines.append("  columns:")
            for col in value:
                lines += [f"    - heading: {scalar(col['heading'])}", "      bullets:",
                          *_bullet_lines(col["bullets"], "        ")]
        elif kind == "table":
            lines += ["  table:", f"    header: {flow(value['header'])}", "    rows:"]
            lines += [f"      - {flow(r)}" for r in value["rows"]]
        elif kind == "stats":
            lines += ["  stats:"] + [f"    - {flow(s)}" for s in value]
        else:
            lines.append(f"  {kind}:")
            for k, v in value.items():
                lines.append(f"    {k}: {flow(v)}")
    if "notes" in data:
        lines += _notes_block(data["notes"])
    return "\n".join(lines) + "\n"
