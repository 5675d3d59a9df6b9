"""One Impress job over UNO: open a deck, apply edits as a person would, save it as .pptx.

Run by a python that can `import uno` (Debian's python3-uno is for /usr/bin/python3), not
by the project's venv. Reads a JSON job on stdin and prints one JSON line on stdout:

    {"connect": "pipe,name=X", "wait": 60, "src": "/a.pptx", "dest": "/b.pptx",
     "ops": [{"op": "replace_text", "slide": 3, "old": "..", "new": ".."}, ...]}
    {"connect": "pipe,name=X", "wait": 10, "terminate": true}

Answer: {"ok": true, "slides": N, "log": [one dict per op]} or
{"ok": false, "error": "...", "trace": "..."}. Slides are 1-based; table rows and columns
0-based, as python-pptx counts them. See tests/impress.py for what each op does.
"""

from __future__ import annotations

import contextlib
import json
import sys
import time
import traceback
from typing import Any

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]

FILTER = "Impress MS PowerPoint 2007 XML"
TITLE_CONTENT = 1  # Impress's AutoLayout "Title, Content"
LINE_BREAK = 1  # com.sun.star.text.ControlCharacter.LINE_BREAK: Shift+Enter, <a:br/>
TEXT_SHAPE = "com.sun.star.drawing.Text"
OPS = ("replace_text", "set_notes", "table_cell", "add_slide", "delete_slide", "move_slide",
       "duplicate_slide", "set_level", "chart_data", "format_text", "animations")
CHART_CLSID = "12DCAE26-281F-416F-A234-C3086127382E"  # an embedded chart (OLE2Shape)
BOLD = 150.0  # com.sun.star.awt.FontWeight.BOLD


class JobError(Exception):
    """An op that cannot be done on this deck (no such slide, text not found)."""


def prop(name: str, value: Any) -> Any:
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(where: str, wait: float) -> Any:
    """The office's component context, retrying while it starts (at most `wait` s)."""
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + wait
    while True:
        try:
            return resolver.resolve(f"uno:{where};urp;StarOffice.ComponentContext")
        except NoConnectException:
            if time.monotonic() > deadline:
                raise JobError(f"no office answered on {where} within {wait:.0f} s") from None
            time.sleep(0.25)


def utf16(text: str) -> int:
    """Length in UTF-16 code units, the unit of Impress's text cursors."""
    return len(text.encode("utf-16-le")) // 2


def paragraphs(text: Any) -> list[Any]:
    """The paragraphs of a text, in order."""
    text.getString()  # a table cell enumerates no paragraphs until its text was read once
    out = []
    e = text.createEnumeration()
    while e.hasMoreElements():
        out.append(e.nextElement())
    return out


def texts(shapes: Any) -> list[Any]:
    """Every text of the shapes, in order: text shapes, cells of tables, inside groups."""
    out = []
    for i in range(shapes.getCount()):
        shape = shapes.getByIndex(i)
        kind = shape.getShapeType()
        if kind == "com.sun.star.drawing.GroupShape":
            out.extend(texts(shape))
        elif kind == "com.sun.star.drawing.TableShape":
            table = shape.Model
            for r in range(table.Rows.getCount()):
                for c in range(table.Columns.getCount()):
                    out.append(table.getCellByPosition(c, r))
        elif shape.supportsService(TEXT_SHAPE):
            out.append(shape.getText())
    return out


def replace_in(text: Any, old: str, new: str) -> int:
    """Replace `old` in each paragraph of a text through a cursor, so the new characters
    take the formatting of the first replaced one, as typing over a selection does."""
    count = 0
    for para in paragraphs(text):
        s = para.getString()
        at = s.find(old)
        while at >= 0:
            cursor = text.createTextCursorByRange(para.getStart())
            cursor.goRight(utf16(s[:at]), False)
            cursor.goRight(utf16(old), True)
            type_over(text, cursor, new)
            count += 1
            s = s[:at] + new + s[at + len(old):]
            at = s.find(old, at + len(new))
    return count


def type_over(text: Any, cursor: Any, value: str) -> None:
    """Type `value` over the cursor's selection: "\\n" is Enter (a new paragraph), "\\v"
    Shift+Enter (a line break inside the paragraph)."""
    first, *rest = value.split("\v")
    cursor.setString(first)
    for piece in rest:
        cursor.collapseToEnd()
        text.insertControlCharacter(cursor, LINE_BREAK, False)
        text.insertString(cursor, piece, False)


def set_all(text: Any, value: str) -> None:
    """Select the whole text and type `value` over it."""
    cursor = text.createTextCursor()
    cursor.gotoStart(False)
    cursor.gotoEnd(True)
    type_over(text, cursor, value)


class Deck:
    """The open document and the ops on it."""

    def __init__(self, ctx: Any, doc: Any) -> None:
        self.ctx = ctx
        self.doc = doc
        self.pages = doc.getDrawPages()

    def page(self, number: int) -> Any:
        if not isinstance(number, int) or not 1 <= number <= self.pages.getCount():
            raise JobError(f"slide {number} does not exist (the deck has "
                           f"{self.pages.getCount()} slides)")
        return self.pages.getByIndex(number - 1)

    def index_of(self, page: Any) -> int:
        return next(i for i in range(self.pages.getCount()) if self.pages.getByIndex(i) == page)

    def notes_text(self, number: int) -> Any:
        notes = self.page(number).getNotesPage()
        for i in range(notes.getCount()):
            shape = notes.getByIndex(i)
            if shape.getShapeType() == "com.sun.star.presentation.NotesShape":
                return shape.getText()
        raise JobError(f"slide {number} has no notes placeholder")

    def replace_text(self, op: dict[str, Any]) -> dict[str, Any]:
        where = [self.notes_text(op["slide"])] if op.get("notes") else \
            texts(self.page(op["slide"]))
        count = sum(replace_in(t, op["old"], op["new"]) for t in where)
        if not count:
            raise JobError(f"slide {op['slide']}: {op['old']!r} not found in any paragraph")
        return {"replaced": count}

    def set_notes(self, op: dict[str, Any]) -> dict[str, Any]:
        set_all(self.notes_text(op["slide"]), op["text"])
        return {}

    def tables(self, number: int) -> list[Any]:
        """The table shapes of a slide, in page order."""
        page = self.page(number)
        return [page.getByIndex(i) for i in range(page.getCount())
                if page.getByIndex(i).getShapeType() == "com.sun.star.drawing.TableShape"]

    def table_cell(self, op: dict[str, Any]) -> dict[str, Any]:
        tables = self.tables(op["slide"])
        which = op.get("table", 0)
        if which >= len(tables):
            raise JobError(f"slide {op['slide']} has {len(tables)} table(s), no table {which}")
        table = tables[which].Model
        # on a loaded machine the model may come a while after the page (not yet there after
        # 5 s with other test runs on both cores): ask again, from the page, for up to 30 s
        deadline = time.monotonic() + 30
        while table is None and time.monotonic() < deadline:
            time.sleep(0.2)
            table = self.tables(op["slide"])[which].Model
        if table is None:
            raise JobError(f"slide {op['slide']}: LibreOffice gave table {which} no model")
        rows, cols = table.Rows.getCount(), table.Columns.getCount()
        if not (0 <= op["row"] < rows and 0 <= op["col"] < cols):
            raise JobError(f"slide {op['slide']}: the table has {rows} rows and {cols} "
                           f"columns, no cell ({op['row']}, {op['col']})")
        set_all(table.getCellByPosition(op["col"], op["row"]), op["text"])
        return {}

    def add_slide(self, op: dict[str, Any]) -> dict[str, Any]:
        after = op["after"]
        if not 0 <= after <= self.pages.getCount():
            raise JobError(f"cannot add a slide after slide {after}")
        # insertNewByIndex(i) puts the page after index i, on that page's master.
        page = self.pages.insertNewByIndex(max(after - 1, 0))
        if after == 0:
            self.move(page, 0)
        page.Layout = TITLE_CONTENT
        kinds = {page.getByIndex(i).getShapeType(): page.getByIndex(i)
                 for i in range(page.getCount())}
        kinds["com.sun.star.presentation.TitleTextShape"].setString(op.get("title", ""))
        body = kinds["com.sun.star.presentation.OutlinerShape"]
        set_all(body.getText(), "\n".join(op.get("body", [])))
        return {"at": self.index_of(page) + 1}

    def delete_slide(self, op: dict[str, Any]) -> dict[str, Any]:
        self.pages.remove(self.page(op["slide"]))
        return {}

    def move_slide(self, op: dict[str, Any]) -> dict[str, Any]:
        page = self.page(op["slide"])
        to = op["to"]
        if not 1 <= to <= self.pages.getCount():
            raise JobError(f"cannot move a slide to position {to}")
        self.move(page, to - 1)
        return {}

    def duplicate_slide(self, op: dict[str, Any]) -> dict[str, Any]:
        """Slide > Duplicate Slide: a copy of the slide (shapes, names, notes) right after
        it, as the Slide menu makes it."""
        page = self.page(op["slide"])
        count = self.pages.getCount()
        controller = self.doc.getCurrentController()
        controller.setCurrentPage(page)
        helper = self.ctx.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.DispatchHelper", self.ctx)
        helper.executeDispatch(controller.getFrame(), ".uno:DuplicatePage", "", 0, ())
        if self.pages.getCount() != count + 1:
            raise JobError(f".uno:DuplicatePage did not copy slide {op['slide']}")
        return {"at": self.index_of(page) + 2}

    def set_level(self, op: dict[str, Any]) -> dict[str, Any]:
        """Indent a paragraph (Tab at its start in a bulleted list): its outline level,
        0 for a bullet, 1 for a sub-bullet."""
        for text in texts(self.page(op["slide"])):
            for para in paragraphs(text):
                if para.getString() == op["text"]:
                    para.setPropertyValue("NumberingLevel", int(op["level"]))
                    return {}
        raise JobError(f"slide {op['slide']}: no paragraph {op['text']!r}")

    def move(self, page: Any, index: int) -> None:
        """Move a page as the Slide menu does: UNO has no call for it, the dispatcher has
        Move Slide Up/Down, which act on the current page of a (headless) view."""
        controller = self.doc.getCurrentController()
        helper = self.ctx.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.DispatchHelper", self.ctx)
        for _ in range(self.pages.getCount()):
            now = self.index_of(page)
            if now == index:
                return
            controller.setCurrentPage(page)
            command = ".uno:MovePageUp" if now > index else ".uno:MovePageDown"
            helper.executeDispatch(controller.getFrame(), command, "", 0, ())
            if self.index_of(page) == now:
                raise JobError(f"{command} did not move slide {now + 1}")
        raise JobError(f"slide did not reach position {index + 1}")


def charts_of(page: Any) -> list[Any]:
    """The chart documents embedded in a page, in shape order."""
    out = []
    for i in range(page.getCount()):
        shape = page.getByIndex(i)
        if shape.getShapeType() == "com.sun.star.drawing.OLE2Shape" and \
                str(shape.CLSID).upper() == CHART_CLSID:
            out.append(shape.Model)
    return out


def chart_data(deck: Deck, op: dict[str, Any]) -> dict[str, Any]:
    """Edit a chart's data table as its Data Table dialog does (the chart's internal data,
    XChartDataArray: a row per category, a column per series): "cells" [[row, col, value]],
    "labels" {row: text}, "names" {col: text}."""
    charts = charts_of(deck.page(op["slide"]))
    which = op.get("chart", 0)
    if which >= len(charts):
        raise JobError(f"slide {op['slide']} has {len(charts)} chart(s), no chart {which}")
    data = charts[which].getData()
    rows = [list(r) for r in data.getData()]
    for r, c, value in op.get("cells", []):
        if not (0 <= r < len(rows) and 0 <= c < len(rows[r])):
            raise JobError(f"the chart's data has no cell ({r}, {c})")
        rows[r][c] = float(value)
    data.setData(tuple(tuple(r) for r in rows))
    if op.get("labels"):
        labels = list(data.getRowDescriptions())
        for r, text in op["labels"].items():
            labels[int(r)] = text
        data.setRowDescriptions(tuple(labels))
    if op.get("names"):
        names = list(data.getColumnDescriptions())
        for c, text in op["names"].items():
            names[int(c)] = text
        data.setColumnDescriptions(tuple(names))
    return {"data": [list(r) for r in data.getData()],
            "labels": list(data.getRowDescriptions()),
            "names": list(data.getColumnDescriptions())}


def format_text(deck: Deck, op: dict[str, Any]) -> dict[str, Any]:
    """Make the paragraphs holding op["text"] bold (and/or italic), as selecting them and
    pressing Ctrl+B would."""
    count = 0
    for text in texts(deck.page(op["slide"])):
        for para in paragraphs(text):
            if op["text"] in para.getString():
                cursor = text.createTextCursorByRange(para)
                if op.get("bold"):
                    cursor.CharWeight = BOLD
                    cursor.CharWeightAsian = BOLD
                if op.get("italic"):
                    cursor.CharPosture = uno.Enum("com.sun.star.awt.FontSlant", "ITALIC")
                count += 1
    if not count:
        raise JobError(f"slide {op['slide']}: {op['text']!r} not found in any paragraph")
    return {"formatted": count}


ON_CLICK, WITH_PREVIOUS = 1, 2  # com.sun.star.presentation.EffectNodeType


def _node_type(node: Any) -> int | None:
    """An animation node's effect node type (its "node-type" user data), if it has one."""
    for value in node.UserData or ():
        if value.Name == "node-type":
            return int(value.Value)
    return None


def _children(node: Any) -> list[Any]:
    if not hasattr(node, "createEnumeration"):
        return []
    out, e = [], node.createEnumeration()
    while e.hasMoreElements():
        out.append(e.nextElement())
    return out


def _target(target: Any) -> dict[str, Any]:
    """What an animation targets: a shape (its name and text) or one of its paragraphs."""
    if hasattr(target, "Paragraph") and hasattr(target, "Shape"):
        paras = paragraphs(target.Shape.getText())
        text = paras[target.Paragraph].getString() if target.Paragraph < len(paras) else None
        return {"shape": target.Shape.Name, "paragraph": target.Paragraph, "text": text}
    text = target.getString() if hasattr(target, "getString") else ""
    return {"shape": target.Name, "paragraph": None, "text": text}


def _targets(node: Any) -> list[dict[str, Any]]:
    """Every target an effect node's behaviours animate."""
    out = []
    target = getattr(node, "Target", None)
    if target is not None:
        out.append(_target(target))
    for child in _children(node):
        out.extend(x for x in _targets(child) if x not in out)
    return out


def animations(deck: Deck, op: dict[str, Any]) -> dict[str, Any]:
    """The slide's build as LibreOffice read it (XAnimationNodeSupplier): its clicks in
    order, each the targets of its on-click effect and the effects that come with it."""
    clicks: list[list[dict[str, Any]]] = []
    effects = 0

    def walk(node: Any) -> None:
        nonlocal effects
        kind = _node_type(node)
        if kind in (ON_CLICK, WITH_PREVIOUS):
            effects += 1
            if kind == ON_CLICK or not clicks:
                clicks.append([])
            clicks[-1].extend(_targets(node))
            return
        for child in _children(node):
            walk(child)

    walk(deck.page(op["slide"]).AnimationNode)
    return {"clicks": clicks, "effects": effects}


def run(job: dict[str, Any]) -> dict[str, Any]:
    ctx = connect(job["connect"], float(job.get("wait", 60)))
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    if job.get("terminate"):
        with contextlib.suppress(Exception):  # the bridge may go away while it answers
            desktop.terminate()
        return {"ok": True}
    # Not Hidden: under --headless nothing is shown anyway, and a hidden document's view
    # ignores dispatched commands such as Move Slide.
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(job["src"]), "_blank", 0,
                                       (prop("Hidden", False),))
    if doc is None:
        raise JobError(f"Impress could not open {job['src']}")
    try:
        deck = Deck(ctx, doc)
        log = []
        for op in job.get("ops", []):
            if op.get("op") not in OPS:
                raise JobError(f"unknown op {op.get('op')!r}; the ops are {', '.join(OPS)}")
            method = getattr(deck, op["op"], None)  # the newer ops are functions of the deck
            done = method(op) if method is not None else globals()[op["op"]](deck, op)
            log.append({"op": op["op"], **done})
        doc.storeToURL(uno.systemPathToFileUrl(job["dest"]),
                       (prop("FilterName", FILTER), prop("Overwrite", True)))
        return {"ok": True, "slides": deck.pages.getCount(), "log": log}
    finally:
        doc.close(True)


def main() -> int:
    try:
        answer = run(json.load(sys.stdin))
    except Exception as exc:  # every failure goes back to the test as JSON
        answer = {"ok": False, "error": f"{type(exc).__name__}: {exc}",
                  "trace": traceback.format_exc()}
    print(json.dumps(answer, ensure_ascii=False), flush=True)
    return 0 if answer["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
