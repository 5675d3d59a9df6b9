"""LibreOffice Impress as a real editor for tests: open a built deck, edit it, save .pptx.

Helper module for tests (not collected itself). A job runs tests/impress_uno.py under a
python that can `import uno` (Debian's python3-uno serves /usr/bin/python3; the venv
cannot import it) against a headless soffice with its own fresh profile, listening on a
named pipe (no network). `Impress` keeps one soffice for many jobs (a module fixture);
`edit_in_impress` starts and stops one for a single job. Every wait is bounded and the
profile folder is always removed.

Ops (slides 1-based, table rows/columns 0-based as python-pptx counts them):
  {"op": "replace_text", "slide": 4, "old": "..", "new": "..", "notes": false}
      every occurrence inside a paragraph of any shape: text boxes, placeholders, table
      cells, shapes inside groups (or of the notes with "notes": true); typed over the
      selection, so the new text takes the first replaced character's formatting
  {"op": "set_notes", "slide": 4, "text": "a\\nb"}   select all the notes and type
  In typed text "\\n" is Enter (a new paragraph) and "\\v" Shift+Enter (<a:br/>).
  {"op": "table_cell", "slide": 5, "row": 1, "col": 2, "text": ".."}   first table (or "table": i)
  {"op": "add_slide", "after": 4, "title": "..", "body": ["line", ..]}   layout Title, Content
  {"op": "delete_slide", "slide": 6}
  {"op": "move_slide", "slide": 6, "to": 3}        Slide > Move > Slide Up/Down, as a person would
  {"op": "duplicate_slide", "slide": 5}            Slide > Duplicate Slide: a copy right after it
  {"op": "set_level", "slide": 4, "text": "..", "level": 1}   indent a paragraph (Tab): a sub-bullet
  {"op": "chart_data", "slide": 5, "cells": [[row, col, 250]], "labels": {"1": ".."},
   "names": {"0": ".."}}   a native chart's data table (row: category, col: series); "chart": i
  {"op": "format_text", "slide": 4, "text": "..", "bold": true, "italic": false}
      the paragraphs holding the text made bold (or italic), as Ctrl+B on them
  no ops at all: open and save, a LibreOffice round trip of the whole file.

What LibreOffice 7.4's save changes (found by tests/test_impress_harness.py; a merge of a
co-presenter's deck must cope with all of it):
- Slides: p:sldId ids are renumbered 256, 257, ... in the new order and the slide parts
  renamed slide1.xml ... in that order, so neither identifies a slide after a move, a
  delete or an insert. Every slide gains <p:transition spd="slow">.
- Layouts and masters: each layout a slide used becomes its own master (5 masters for a
  deck using 5 layouts), each written with LibreOffice's 12 stock layouts; slides then
  point at layouts named "Blank Slide", "Title, Content", ... instead of deckgen's
  template layout names. ppt/tableStyles.xml and ppt/viewProps.xml are dropped.
- Duplicate Slide and Move Slide copy shapes: a duplicated slide's shapes, and those of
  a slide moved past others, get a number added to their names ("Quote" → "Quote 1",
  "Column heading 1" → "Column heading 3"), so a name says what a shape was made as but
  not which slide it came from.
- Shapes: every cNvPr id is renumbered (ids in the hundreds). Placeholders are renamed
  "PlaceHolder 1", "PlaceHolder 2", ... (deckgen's "Title 1", "Text Placeholder 2" are
  lost), and ph idx attributes dropped from notes placeholders; other shapes (text
  boxes, pictures, groups, tables: "Quote", "Table", "Grouped note") keep their names.
  Groups stay groups. Alt text descr is kept.
- Package properties: docProps/custom.xml is kept with every property and value (pid
  renumbered, a "PresentationFormat" property added); docProps/core.xml keeps title,
  creator, language and dates (storeToURL does not touch "modified"), drops keywords.
- Text: paragraphs are neither split nor joined; <a:br/> line breaks survive (their rPr
  emptied); a run is split wherever the script changes ("第二行 after break" becomes
  "第二行 " lang zh-CN + "after break" lang en-US), altLang is dropped, a:latin/a:ea
  typefaces survive, sizes are rounded to 0.1 pt (sz 2073 → 2070) and indents to
  0.01 mm. Bullets come back as explicit <a:buChar char="▪"/> / "–" on every body
  paragraph, <a:buNone/> on titles. Every paragraph gains an a:endParaRPr.
- Slide number fields stay <a:fld type="slidenum"> but their text becomes "<number>"
  (deckgen writes "‹#›").
- Notes: the same paragraphs, no trailing empty paragraph or newline added; typing
  "a\\nb" over the notes gives two paragraphs, "a\\n" gives "a" and an empty last
  paragraph (python-pptx text "a\\n"), deleting all the notes leaves the notes slide with
  text "". A slide added in Impress has no notes slide at all (has_notes_slide False).
- Typing Enter inside a bullet splits it into two paragraphs;
  Shift+Enter adds an <a:br/>, which python-pptx reads as "\\v".
- Tables: cell text and bold header runs stay, cells stay one paragraph each unless
  typed otherwise; the tableStyleId is dropped (<a:tblPr/>).
- Native charts: a chart whose data table was edited is written back with the new values
  in the chart part's caches (c:strCache of c:tx and c:cat, c:numCache of c:val, formatCode
  "General"); its formulas become "label 0", "categories", "0"; the embedded workbook
  (ppt/embeddings/*.xlsx), the chart's relationship to it and c:externalData are dropped,
  so the chart's caches are the only copy of its data. A chart not edited keeps its values
  but loses its workbook the same way. Each point gains its own c:dLbl.
- Schema: LibreOffice's masters hold a:buSzPct val="75000" (ECMA-376 5th edition wants
  "75%") and a shape whose id 1 repeats the master's spTree id (LIBREOFFICE_PROBLEMS);
  nothing else in its output breaks the schema.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

from deckgen.preview import find_soffice

UNO_SCRIPT = Path(__file__).with_name("impress_uno.py")
UNO_PYTHONS = ("/usr/bin/python3", "/usr/lib/libreoffice/program/python",
               "/Applications/LibreOffice.app/Contents/Resources/python")
START_TIMEOUT = 90.0  # soffice with a fresh profile answers in 2-5 s here; CI may be slower
JOB_TIMEOUT = 60.0
STOP_TIMEOUT = 15.0

# Schema problems the OOXML validator finds in every deck LibreOffice 7.4 saves, whatever
# was edited: in its slide masters, not in anything a test changed.
LIBREOFFICE_PROBLEMS = (
    re.compile(r"^/ppt/slideMasters/slideMaster\d+\.xml: .*/a:pPr/a:buSzPct: Element "
               r"'a:buSzPct', attribute 'val': \[facet 'pattern'\] The value '\d+' is not "
               r"accepted by the pattern .*$"),
    re.compile(r"^/ppt/slideMasters/slideMaster\d+\.xml: duplicate shape id 1 \(p:cNvPr "
               r"names: '', '[^']+'\)$"),
)


class ImpressError(RuntimeError):
    """LibreOffice could not do a job: what it said, and the tail of its log."""


@functools.lru_cache(maxsize=1)
def uno_python() -> str | None:
    """A python that can `import uno`: $DECKGEN_UNO_PYTHON, else the usual places."""
    wanted = os.environ.get("DECKGEN_UNO_PYTHON")
    for candidate in ([wanted] if wanted else []) + list(UNO_PYTHONS):
        if not Path(candidate).is_file():
            continue
        try:
            done = subprocess.run([candidate, "-c", "import uno"], capture_output=True,
                                  timeout=30, check=False)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if done.returncode == 0:
            return candidate
    return None


def impress_available() -> str | None:
    """None when Impress can be driven here, else why not (for pytest.skip)."""
    if find_soffice() is None:
        return "LibreOffice (soffice) is not installed: apt-get install libreoffice-impress"
    if uno_python() is None:
        return ("no python can `import uno`: apt-get install python3-uno (or set "
                "DECKGEN_UNO_PYTHON to LibreOffice's own python)")
    return None


def libreoffice_problems(lines: list[str]) -> tuple[list[str], list[str]]:
    """Validator problem lines split into (LibreOffice's known ones, any others)."""
    known = [x for x in lines if any(p.match(x) for p in LIBREOFFICE_PROBLEMS)]
    return known, [x for x in lines if x not in known]


class Impress:
    """One headless soffice with a fresh profile in its own temporary folder, for jobs."""

    def __init__(self, *, job_timeout: float = JOB_TIMEOUT) -> None:
        reason = impress_available()
        if reason:
            raise ImpressError(reason)
        self.soffice = str(find_soffice())
        self.python = str(uno_python())
        self.job_timeout = job_timeout
        self.folder: Path | None = None
        self.proc: subprocess.Popen[bytes] | None = None
        self.pipe = f"deckgen-impress-{os.getpid()}-{uuid.uuid4().hex[:12]}"
        self.started = False
        self.jobs = 0

    def __enter__(self) -> Impress:
        self.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    def start(self) -> None:
        """Launch soffice; the first job waits for it to answer."""
        self.folder = Path(tempfile.mkdtemp(prefix="deckgen-impress-"))
        log = (self.folder / "soffice.log").open("wb")
        cmd = [self.soffice, "--headless", "--invisible", "--norestore", "--nologo",
               "--nodefault", "--nolockcheck",
               f"-env:UserInstallation={(self.folder / 'profile').as_uri()}",
               f"--accept=pipe,name={self.pipe};urp;StarOffice.ComponentContext"]
        try:
            self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=log,
                                         stderr=subprocess.STDOUT,
                                         start_new_session=sys.platform != "win32")
        except OSError as exc:
            self._remove_folder()
            raise ImpressError(f"cannot start {self.soffice}: {exc}") from None
        finally:
            log.close()

    def run(self, src: Path, dest: Path, ops: list[dict[str, Any]]) -> dict[str, Any]:
        """Open `src`, apply `ops`, save as `dest` (.pptx); LibreOffice's answer."""
        if self.proc is None or self.proc.poll() is not None:
            raise ImpressError(f"soffice is not running{self._log_tail()}")
        wait = START_TIMEOUT if not self.started else 10.0
        job = {"connect": f"pipe,name={self.pipe}", "wait": wait,
               "src": str(Path(src).absolute()), "dest": str(Path(dest).absolute()),
               "ops": ops}
        for _attempt in range(2):
            answer = self._job(job, wait + self.job_timeout)
            self.started = True
            self.jobs += 1
            if not answer.get("ok"):
                raise ImpressError(f"Impress job failed: {answer.get('error')}\n"
                                   f"{answer.get('trace', '')}{self._log_tail()}")
            if not Path(dest).is_file():
                raise ImpressError(f"Impress reported success but wrote no {dest}")
            lost = typed_but_not_saved(Path(dest), ops)
            if not lost:
                return answer
            # Seen once in CI under full load: a deck saved without the text just typed.
            # The tests need the edit made; one more try, then say what went missing.
        raise ImpressError(f"Impress saved {dest} twice without the typed {lost!r}"
                           f"{self._log_tail()}")

    def _job(self, job: dict[str, Any], timeout: float) -> dict[str, Any]:
        try:
            done = subprocess.run([self.python, str(UNO_SCRIPT)], input=json.dumps(job),
                                  capture_output=True, text=True, timeout=timeout,
                                  check=False)
        except subprocess.TimeoutExpired:
            raise ImpressError(f"the Impress job did not finish within {timeout:.0f} s"
                               f"{self._log_tail()}") from None
        last = done.stdout.strip().splitlines()[-1:] or [""]
        try:
            answer: dict[str, Any] = json.loads(last[0])
        except json.JSONDecodeError:
            raise ImpressError(f"the UNO script said nothing readable (exit "
                               f"{done.returncode}): {done.stderr.strip()[-2000:]}"
                               f"{self._log_tail()}") from None
        return answer

    def stop(self) -> None:
        """Ask soffice to quit, kill it (and its children) if it does not, remove the
        profile. Safe to call twice."""
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            if not self.started:  # nothing to save and maybe no pipe yet: no need to ask
                self._kill(proc)
            else:
                with contextlib.suppress(ImpressError):
                    self._job({"connect": f"pipe,name={self.pipe}", "wait": 5,
                               "terminate": True}, STOP_TIMEOUT)
                try:
                    proc.wait(timeout=STOP_TIMEOUT)
                except subprocess.TimeoutExpired:
                    self._kill(proc)
        self._remove_folder()

    @staticmethod
    def _kill(proc: subprocess.Popen[bytes]) -> None:
        if sys.platform != "win32":
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=STOP_TIMEOUT)

    def _remove_folder(self) -> None:
        folder, self.folder = self.folder, None
        if folder is not None:
            for _ in range(20):  # soffice may still be closing files in it
                shutil.rmtree(folder, ignore_errors=True)
                if not folder.exists():
                    break
                time.sleep(0.1)

    def _log_tail(self) -> str:
        log = self.folder / "soffice.log" if self.folder else None
        if log is None or not log.is_file():
            return ""
        lines = [x for x in log.read_text(errors="replace").splitlines()
                 if "javaldx" not in x]
        return ("\nsoffice said:\n" + "\n".join(lines[-20:])) if lines else ""


def typed_but_not_saved(deck: Path, ops: list[dict[str, Any]]) -> list[str]:
    """The lines typed by `replace_text` ops on slides that the saved deck lacks (text
    shapes, table cells and groups alike: every paragraph of every slide)."""
    import zipfile
    from xml.etree import ElementTree

    typed = [line for op in ops if op["op"] == "replace_text" and not op.get("notes")
             for line in re.split(r"[\n\v]", op["new"]) if line.strip()]
    if not typed:
        return []
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    paragraphs = []
    with zipfile.ZipFile(deck) as z:
        for name in z.namelist():
            if re.fullmatch(r"ppt/slides/slide\d+\.xml", name):
                root = ElementTree.fromstring(z.read(name))
                paragraphs += ["".join(t.text or "" for t in p.iter(f"{a}t"))
                               for p in root.iter(f"{a}p")]
    saved = "\n".join(paragraphs)
    return [line for line in typed if line not in saved]


def running_impress() -> Iterator[Impress]:
    """One Impress for a test module (use as a module-scoped fixture), or a skip saying
    why there is none."""
    import pytest

    reason = impress_available()
    if reason:
        pytest.skip(reason)
    with Impress() as office:
        yield office


def edit_in_impress(src: Path, dest: Path, ops: list[dict[str, Any]],
                    impress: Impress | None = None) -> dict[str, Any]:
    """Edit a deck in Impress and save it as `dest`: in `impress` when given, else in a
    soffice started and stopped for this one job. What LibreOffice answered: the slide
    count and one log entry per op."""
    if impress is not None:
        return impress.run(src, dest, ops)
    with Impress() as own:
        return own.run(src, dest, ops)
