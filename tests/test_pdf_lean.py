"""fpdf2 imported lean (deckgen.pdf.lean): without numpy and fontTools' subsetter and
variable-font instancer, which come for real the moment anything reads from them, and a
process whose other imports get the real modules afterwards. Run in a fresh process."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = r"""
import sys
from deckgen.pdf.lean import fpdf_class
fpdf_class()
absent = [m for m in ("numpy", "fontTools.subset", "fontTools.varLib",
                      "fontTools.varLib.instancer") if m in sys.modules]
assert absent == [], absent
import fpdf.fonts, fpdf.output
# what fpdf2 holds loads the real module on first use
assert callable(fpdf.fonts.instancer.instantiateVariableFont)
assert "fontTools.varLib.instancer" in sys.modules and "fontTools.varLib" in sys.modules
assert fpdf.output.ftsubset.Subsetter.__module__ == "fontTools.subset"
# and anything else importing them gets the real ones
import fontTools.varLib, fontTools.subset, numpy
assert callable(fontTools.varLib.build) and callable(fontTools.subset.main)
assert numpy.arange(3).sum() == 3
print("ok")
"""


def test_fpdf2_is_imported_lean_and_the_rest_comes_on_first_use() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
