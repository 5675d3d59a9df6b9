"""The template is read once per build and described once: its bytes read and hashed once
(validating the outline, describing and opening it all take them), and a description made
on a cache miss even when a master other than the sample slides' goes first."""

from __future__ import annotations

import builtins
import io
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from pptx import Presentation

from deckgen import pipeline
from deckgen.template import describe, files, opening, repair
from deckgen.template.describe import read_layouts

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
OUTLINE = """\
deck:
  title: Template read once
  theme:
    template: school.pptx
chapters:
  - title: One
    slides:
      - title: A slide
        bullets: [first point, second point]
        notes: Say it.
"""


def _prepared(path: Path) -> tuple[Any, repair.Prepared]:
    prs = Presentation(io.BytesIO(files.presentation_bytes(files.read(path))))
    return prs, repair.prepare(prs)


def test_a_build_reads_the_template_once_and_describes_it_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    template = tmp_path / "school.pptx"  # a new file: nothing of it read in this process
    shutil.copy(TEMPLATES / "lo-midnightblue.pptx", template)
    (tmp_path / "outline.yaml").write_text(OUTLINE, encoding="utf-8")
    monkeypatch.setattr(opening, "_DESCRIBED", {})
    opened: list[str] = []
    described: list[object] = []
    real_read = describe.read_layouts

    def counting(real: Any) -> Any:
        def open_(file: Any, *args: Any, **kwargs: Any) -> Any:
            if isinstance(file, (str, os.PathLike)) and Path(file).name == "school.pptx":
                opened.append(real.__module__)
            return real(file, *args, **kwargs)
        return open_

    def read(prs: Any) -> Any:
        described.append(prs)
        return real_read(prs)

    for module in (os, io, builtins):  # every way a file is opened (zipfile, pathlib too)
        monkeypatch.setattr(module, "open", counting(module.open))
    monkeypatch.setattr(describe, "read_layouts", read)
    report = pipeline.build(tmp_path / "outline.yaml", tmp_path / "deck.pptx", use_cache=False)
    assert report.output is not None and report.template is not None
    assert len(opened) == 1, opened
    assert len(described) == 1


def test_a_description_survives_a_master_put_first_without_reading_again() -> None:
    # The oracle: put the master first in the presentation and describe it afresh.
    path = TEMPLATES / "lo-midnightblue.pptx"
    prs, _ = _prepared(path)
    layouts = read_layouts(prs)
    assert len(layouts.master_names) == 3
    for first in (1, 2):
        again, _ = _prepared(path)
        repair.master_first(again, first)
        prefer = {"title": 1, "content": 0}
        expected = read_layouts(again).info(prefer, "digest", True, first_master=first)
        got = layouts.master_first(first).info(prefer, "digest", True, first_master=first)
        assert got == expected
        assert [d.master for d in got.every] == sorted(d.master for d in got.every)
