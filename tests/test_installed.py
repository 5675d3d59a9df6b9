"""Library versions read from the libraries' files agree with the installed
distributions' metadata."""

from __future__ import annotations

from importlib import metadata

import pytest

from deckgen import installed


@pytest.mark.parametrize(("module", "filename", "dist"), [
    ("matplotlib", "_version.py", "matplotlib"), ("pptx", "__init__.py", "python-pptx"),
    ("xlsxwriter", "__init__.py", "XlsxWriter"), ("yaml", "__init__.py", "PyYAML"),
    ("PIL", "_version.py", "pillow")])
def test_a_version_read_from_the_source_is_the_distributions(module: str, filename: str,
                                                             dist: str) -> None:
    installed.version.cache_clear()
    assert installed.version(module, filename, dist) == metadata.version(dist)


def test_a_missing_module_has_no_version() -> None:
    assert installed.version("no_such_module_here") == "?"


@pytest.mark.parametrize("entry", [
    "from deckgen.fontset import _font_metrics; _font_metrics(FONT)",
    "from deckgen.pdf.lean import fpdf_class; FPDF = fpdf_class(); "
    "FPDF().add_font('s', fname=str(FONT))"])
def test_loading_a_shipped_font_prints_nothing(entry: str) -> None:
    """fontTools calls the shipped Carlito's 'created' date "very low" unless deckgen
    quiets it, on each path that loads fonts; nothing at start imports logging for it."""
    import subprocess
    import sys

    script = ("import sys\nfrom deckgen import cli, pipeline\n"
              "assert 'logging' not in sys.modules, 'logging imported at start'\n"
              "from deckgen.fontset import FONT_DIR\n"
              "FONT = FONT_DIR / 'Carlito-Regular.ttf'\n" + entry + "\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
