"""fpdf2 imported lean (deckgen.pdf.lean): without numpy, fontTools' subsetter and
variable-font instancer, which come for real the moment anything reads from them, and
without unittest.mock and fontTools' SVG path parser, whose functions fpdf2 holds come for
real when called; a process whose other imports get the real modules afterwards. Run in a
fresh process."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = r"""
import sys
from deckgen.pdf.lean import fpdf_class
fpdf_class()
absent = [m for m in ("numpy", "fontTools.subset", "fontTools.varLib",
                      "fontTools.varLib.instancer", "unittest.mock", "asyncio",
                      "fontTools.svgLib.path", "lxml", "fpdf.font_type_3",
                      "fontTools.ttLib.tables.otTables", "fontTools.ttLib",
                      "fontTools.pens.ttGlyphPen") if m in sys.modules]
import fontTools
assert "ttLib" not in vars(fontTools) and "subset" not in vars(fontTools)
assert absent == [], absent
import fpdf.fonts, fpdf.output
# what fpdf2 holds loads the real module on first use
assert callable(fpdf.fonts.instancer.instantiateVariableFont)
assert "fontTools.varLib.instancer" in sys.modules and "fontTools.varLib" in sys.modules
assert fpdf.output.ftsubset.Subsetter.__module__ == "fontTools.subset"
# the functions fpdf2 took by name call the real ones
import fpdf.sign, fpdf.svg
patcher = fpdf.sign.patch("os.sep", "|")
assert type(patcher).__module__ == "unittest.mock" and "unittest.mock" in sys.modules
import os
with patcher:
    assert os.sep == "|"
assert os.sep != "|"
from fontTools.pens.recordingPen import RecordingPen
pen = RecordingPen()
fpdf.svg.parse_path("M 0 0 L 10 5 Z", pen)
assert "fontTools.svgLib.path" in sys.modules
from fontTools.svgLib.path import parse_path
real = RecordingPen()
parse_path("M 0 0 L 10 5 Z", real)
assert pen.value == real.value and ("lineTo", ((10.0, 5.0),)) in pen.value, pen.value
# and anything else importing them gets the real ones
# a font read for real, colour glyphs looked for by the real module
import fpdf
from deckgen import fontset
pdf = fpdf.FPDF()
pdf.add_font("F", "", str(fontset.latin_font_path(False)))
assert pdf.fonts["f"].color_font is None and "fpdf.font_type_3" in sys.modules
assert pdf.fonts["f"].cmap[ord("A")] == "A" and "fontTools.ttLib" in sys.modules
import fontTools.ttLib
assert fpdf.fonts.ttLib.TTFont is fontTools.ttLib.TTFont
# a TrueType font without .notdef gets one drawn with fontTools' glyph pen
from fontTools.pens.ttGlyphPen import TTGlyphPen
assert fpdf.fonts.TTGlyphPen.__name__ == "TTGlyphPen" and fpdf.fonts.TTGlyphPen is not TTGlyphPen
glyf = pdf.fonts["f"].ttfont["glyf"]
pen = fpdf.fonts.TTGlyphPen(glyf)
assert type(pen) is TTGlyphPen
import fontTools.varLib, fontTools.subset, numpy, unittest.mock, fontTools.svgLib.path
assert callable(fontTools.varLib.build) and callable(fontTools.subset.main)
assert callable(unittest.mock.MagicMock) and callable(fontTools.svgLib.path.parse_path)
assert numpy.arange(3).sum() == 3
print("ok")
"""


def test_fpdf2_is_imported_lean_and_the_rest_comes_on_first_use() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_fpdf2_only_calls_the_functions_that_stand_in() -> None:
    """Each name fpdf2 takes from a module deckgen.pdf.lean keeps out is only called in
    fpdf2's source (never subclassed, compared or read), so a stand-in that imports the real
    module when called serves."""
    import ast
    from pathlib import Path

    import fpdf

    from deckgen.pdf.lean import _FORWARDED

    taken = 0
    for source in Path(fpdf.__file__).parent.glob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        names: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                module = ("fpdf." if node.level else "") + (node.module or "")
                names.update(a.asname or a.name for a in node.names
                             if a.name in _FORWARDED.get(module, ()))
        called = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and node.id in names:
                assert id(node) in called, f"{source.name}:{node.lineno} uses {node.id}"
        taken += len(names)
    assert taken >= 4  # patch, parse_path, get_color_font_object, Type3Font
