"""Each command imports only what it uses: the heavy libraries (python-pptx, lxml, matplotlib,
pydantic) cost a student's quick commands a large share of their time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

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
json.dump({"code": code, "modules": sorted({m.split(".")[0] for m in sys.modules})},
          open(sys.argv[1], "w"))
"""


def loaded_by(tmp_path: Path, *args: str) -> set[str]:
    """The top-level packages `deckgen ARGS` imports, run in its own process."""
    report = tmp_path / "modules.json"
    env = {**os.environ, "DECKGEN_CACHE_DIR": str(tmp_path / "cache")}
    subprocess.run([sys.executable, "-c", SCRIPT, str(report), *args], cwd=tmp_path, env=env,
                   check=True, stdout=subprocess.DEVNULL, timeout=300)
    result = json.loads(report.read_text())
    assert result["code"] == 0
    return set(result["modules"])


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
    assert "pydantic" in loaded and "yaml" in loaded  # it did validate the outline
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))


PDF = ("fpdf", "pypdfium2", "uharfbuzz")


def test_check_imports_no_pdf_library(tmp_path: Path) -> None:
    loaded = loaded_by(tmp_path, "check", str(REPO / "outline.yaml"))
    assert loaded.isdisjoint(PDF), sorted(loaded & set(PDF))


def test_export_draws_from_the_plan_without_python_pptx(tmp_path: Path) -> None:
    outline = sample_outline(tmp_path)
    loaded_by(tmp_path, "export", str(outline), "-q")  # draws the charts
    loaded = loaded_by(tmp_path, "export", str(outline), "-q")
    assert {"fpdf", "uharfbuzz"} <= loaded  # it did draw the PDF
    assert loaded.isdisjoint({"pptx", "matplotlib"}), sorted(loaded & {"pptx", "matplotlib"})
