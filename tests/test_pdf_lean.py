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
                      "fontTools.svgLib.path", "lxml") if m in sys.modules]
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
