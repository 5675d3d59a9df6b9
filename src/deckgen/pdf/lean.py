"""fpdf2 imported without what deckgen never asks of it, a third of an export's start-up.

fpdf2 imports at start numpy (0.12 s CPU: it only speeds up a scan of pictures' alpha
channels, giving the same bytes), fontTools' subsetter (0.015 s: deckgen embeds fonts
harfbuzz has already cut, see :mod:`deckgen.pdf.writer`) and fontTools' variable-font
instancer with its package (0.08 s: used only when a font file is a variable font),
``unittest.mock`` with asyncio (0.015 s: only to sign a PDF), fontTools' SVG path parser
with lxml (0.007 s: only for an SVG picture matplotlib did not draw), and fontTools' font
reader, glyph pen and OpenType tables with fpdf2's colour-font module (0.03 s: only to read
a font file, which a warm export does not, :mod:`deckgen.pdf.embed`). While fpdf2 is
imported, numpy is made to look absent, the fontTools modules are stand-ins that import the
real module the first time something is read from them, and the two whose functions fpdf2
takes by name (``from unittest.mock import patch``) hand it functions that import the real
module when called; afterwards the process's modules are as they were, so anything else
importing numpy, fontTools or unittest gets the real ones. Done only while no other thread
runs (one importing numpy meanwhile would fail)."""

from __future__ import annotations

import importlib
import importlib.machinery
import sys
import threading
import types
from typing import Any

_FORWARDED = {"unittest.mock": ("patch",), "fontTools.svgLib.path": ("parse_path",),
              "fpdf.font_type_3": ("get_color_font_object", "Type3Font"),
              "fontTools.pens.ttGlyphPen": ("TTGlyphPen",)}
"""Modules fpdf2 takes functions from by name: each function stands in until called
(``Type3Font`` fpdf2's writer names only in type hints; tests/test_pdf_lean.py checks that
fpdf2 does nothing but call each of them)."""
_FONTTOOLS = ("fontTools.subset", "fontTools.ttLib")
"""Stand-ins fpdf2 takes as attributes of the fontTools package (``from fontTools import
subset``)."""
_STAND_INS = (*_FONTTOOLS, "fontTools.varLib", "fontTools.varLib.instancer", *_FORWARDED)


class _OnFirstUse(types.ModuleType):
    """A module imported for real the first time one of its names is read."""

    def __getattr__(self, attr: str) -> Any:  # only for names not set on the stand-in
        if attr.startswith("__") and attr.endswith("__"):
            # what the import system asks (`from m import f` looks up m.__path__), not
            # something read from the module
            raise AttributeError(attr)
        name = self.__name__
        if sys.modules.get(name) is self:
            del sys.modules[name]
        return getattr(importlib.import_module(name), attr)


def _forwarder(module: str, name: str) -> Any:
    """A function that calls the real module's function of that name (imported then)."""

    def forward(*args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    forward.__name__ = forward.__qualname__ = name
    return forward


def fpdf_class() -> Any:
    """fpdf2's FPDF class, fpdf2 imported lean when it was not imported yet."""
    from ..fontset import quiet_fonttools

    quiet_fonttools()
    if "fpdf" not in sys.modules and threading.active_count() == 1:
        _import_lean()
    from fpdf import FPDF

    return FPDF


def _import_lean() -> None:
    import fontTools

    found = importlib.machinery.PathFinder.find_spec("fontTools.varLib", fontTools.__path__)
    saved = {name: sys.modules.get(name) for name in ("numpy", *_STAND_INS)}
    if saved["numpy"] is None:
        sys.modules["numpy"] = None  # type: ignore[assignment]  # import numpy fails
    stand_ins = {name: _OnFirstUse(name) for name in _STAND_INS if saved[name] is None}
    for name, functions in _FORWARDED.items():
        if name in stand_ins:
            for function in functions:
                setattr(stand_ins[name], function, _forwarder(name, function))
    sys.modules.update(stand_ins)
    varlib, instancer = (stand_ins.get("fontTools.varLib"),
                         stand_ins.get("fontTools.varLib.instancer"))
    if varlib is not None and instancer is not None and found is not None:
        # `from fontTools.varLib import instancer` asks the package for its path, then
        # for the name: both answered without running the package
        varlib.__path__ = list(found.submodule_search_locations or [])
        varlib.__dict__["instancer"] = instancer
    attributes = {name: module for name, module in stand_ins.items()
                  if name in _FONTTOOLS and name.split(".")[1] not in vars(fontTools)}
    for name, module in attributes.items():
        setattr(fontTools, name.split(".")[1], module)  # `from fontTools import subset`
    try:
        import fpdf  # noqa: F401
    except ImportError:
        pass  # something needed numpy after all: imported as usual by the caller
    finally:
        for name, before in saved.items():
            now = sys.modules.get(name, before)
            if before is None and (now is None or now is stand_ins.get(name)):
                sys.modules.pop(name, None)
        for name, module in attributes.items():
            if vars(fontTools).get(name.split(".")[1]) is module:
                delattr(fontTools, name.split(".")[1])
