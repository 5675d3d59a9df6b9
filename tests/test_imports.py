"""Each command imports only what it uses: the heavy libraries (python-pptx, lxml, matplotlib,
pydantic) cost a student's quick commands a large share of their time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from helpers import sample_outline

REPO = Path(__file__).resolve().parents[1]
HEAVY = ("pptx", "lxml", "matplotlib")

# The command line in a fresh interpreter; the top-level packages loaded go to a file.
SCRIPT = """
import json, sys
from deckgen.cli import main
try:
    main(sys.argv[2:])
except SystemExit as exc:
    code = exc.code or 0
else:
    code = 0
json.dump({"code": code, "modules": sorted({m.split(".")[0] for m in sys.modules}),
           "all": sorted(sys.modules)}, open(sys.argv[1], "w"))
"""


def _run(tmp_path: Path, *args: str) -> dict[str, Any]:
    report = tmp_path / "modules.json"
    env = {**os.environ, "DECKGEN_CACHE_DIR": str(tmp_path / "cache")}
    subprocess.run([sys.executable, "-c", SCRIPT, str(report), *args], cwd=tmp_path, env=env,
                   check=True, stdout=subprocess.DEVNULL, timeout=300)
    result: dict[str, Any] = json.loads(report.read_text())
    assert result["code"] == 0
    return result


def loaded_by(tmp_path: Path, *args: str) -> set[str]:
    """The top-level packages `deckgen ARGS` imports, run in its own process."""
    return set(_run(tmp_path, *args)["modules"])


def loaded_by_modules(tmp_path: Path, *args: str) -> set[str]:
    """Every module (packages and their modules) `deckgen ARGS` imports."""
    return set(_run(tmp_path, *args)["all"])


@pytest.mark.parametrize("args", [("schema",), ("schema", "--markdown"),
                                  ("schema", "-o", "s.json"), ("init", "talk")],
                         ids=["schema", "markdown", "schema-file", "init"])
def test_schema_and_init_import_no_heavy_library_nor_pydantic(
        tmp_path: Path, args: tuple[str, ...]) -> None:
    loaded = loaded_by(tmp_path, *args)
    assert "click" in loaded and "deckgen" in loaded  # it did run the command
    assert loaded.isdisjoint({*HEAVY, "pydantic", "pydantic_core"}), \
        sorted(loaded & {*HEAVY, "pydantic", "pydantic_core"})


def test_check_imports_no_heavy_library(tmp_path: Path) -> None:
    loaded = loaded_by(tmp_path, "check", str(REPO / "outline.yaml"))
    assert "yaml" in loaded  # it did read the outline
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))


# What a valid outline's check or build never needs: the model words errors only (the
# quick check vouches for a valid outline), the spreadsheet writer is for native charts,
# Pillow checks a picture once (then its size is remembered by its content).
LEAN = ("pydantic", "pydantic_core", "xlsxwriter", "PIL", "importlib.metadata", "email")


def test_a_second_check_of_a_valid_outline_loads_no_model_nor_pillow(tmp_path: Path) -> None:
    loaded_by(tmp_path, "check", str(REPO / "outline.yaml"))
    loaded = loaded_by_modules(tmp_path, "check", str(REPO / "outline.yaml"))
    assert "deckgen.quickcheck" in loaded and "deckgen.layout" in loaded  # it did check
    assert loaded.isdisjoint(LEAN), sorted(loaded & set(LEAN))
    assert not any(m.startswith("deckgen.pull.") for m in loaded - {"deckgen.pull.journal"})


def test_a_build_without_native_charts_loads_no_model_nor_spreadsheet_writer(
        tmp_path: Path) -> None:
    outline = tmp_path / "talk.yaml"
    outline.write_text("deck: {title: 速度}\nchapters:\n  - title: 一\n    slides:\n"
                       "      - {title: 图, chart: {type: bar, labels: [a, b], "
                       "series: {s: [1, 2]}}}\n", encoding="utf-8")
    loaded = loaded_by_modules(tmp_path, "build", str(outline))
    assert (tmp_path / "output" / "talk.pptx").is_file()
    assert loaded.isdisjoint({"pydantic", "pydantic_core", "xlsxwriter"})


def test_an_invalid_outline_is_worded_by_the_model(tmp_path: Path) -> None:
    outline = tmp_path / "talk.yaml"
    outline.write_text("deck: {title: 速度, duration: 0}\nchapters: []\n", encoding="utf-8")
    report = tmp_path / "modules.json"
    run = subprocess.run([sys.executable, "-c", SCRIPT, str(report), "check", str(outline)],
                         cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert json.loads(report.read_text())["code"] != 0
    assert "pydantic" in json.loads(report.read_text())["modules"]
    assert "talk.yaml:1:" in run.stderr and "expected at least 1 chapters, got 0" in run.stderr


PDF = ("fpdf", "pypdfium2", "uharfbuzz")


def test_check_imports_no_pdf_library(tmp_path: Path) -> None:
    loaded = loaded_by(tmp_path, "check", str(REPO / "outline.yaml"))
    assert loaded.isdisjoint(PDF), sorted(loaded & set(PDF))


def test_export_draws_from_the_plan_without_python_pptx(tmp_path: Path) -> None:
    outline = sample_outline(tmp_path)
    loaded_by(tmp_path, "export", str(outline), "-q")  # draws the charts
    loaded = loaded_by(tmp_path, "export", str(outline), "-q")
    assert {"fpdf", "uharfbuzz"} <= loaded  # it did draw the PDF
    # numpy (0.12 s) neither: matplotlib is not needed warm and fpdf2 does without it
    unneeded = {"pptx", "matplotlib", "numpy"}
    assert loaded.isdisjoint(unneeded), sorted(loaded & unneeded)
