"""Library versions read from the libraries' files agree with the installed
distributions' metadata."""

from __future__ import annotations

from importlib import metadata

import pytest

from deckgen import installed


@pytest.mark.parametrize(("module", "filename", "dist"), [
    ("matplotlib", "_version.py", "matplotlib"), ("pptx", "__init__.py", "python-pptx"),
    ("xlsxwriter", "__init__.py", "XlsxWriter"), ("yaml", "__init__.py", "PyYAML")])
def test_a_version_read_from_the_source_is_the_distributions(module: str, filename: str,
                                                             dist: str) -> None:
    installed.version.cache_clear()
    assert installed.version(module, filename, dist) == metadata.version(dist)


def test_a_missing_module_has_no_version() -> None:
    assert installed.version("no_such_module_here") == "?"
