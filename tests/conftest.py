"""Shared fixtures: write an outline, validate a package, edit a deck in LibreOffice
Impress."""

from __future__ import annotations

import importlib.util
import io
import os
import textwrap
from collections.abc import Callable, Iterator
from contextlib import redirect_stdout
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from impress import Impress

REPO = Path(__file__).resolve().parents[1]
VALIDATOR = Path(__file__).resolve().parents[2] / "shared" / "ooxml" / "validate_pptx.py"

MINIMAL = """\
deck:
  title: 中美人工智能领域的竞赛
  authors: [汇报人甲, 汇报人乙]
chapters:
  - title: 研究背景和意义
    presenter: 汇报人甲
    slides:
      - title: 我们必须赶上
        bullets:
          - 中国：这一轮科技革命不容错过
          - text: 人工智能：正在重塑生产
            sub: [子要点一, Sub point two]
        notes: 这里是第一张内容页的讲稿。
  - title: 中美人工智能发展特点
    presenter: 汇报人乙
    slides:
      - title: 全球算力分布
        chart:
          type: bar
          labels: [美国, 中国, 其他]
          series:
            算力占比: [32, 26, 42]
          unit: "%"
          source: 中国信息安全 2024
        notes: 美国占百分之三十二，中国占百分之二十六。
"""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Modules with slow tests first, each kept whole: pytest-xdist hands modules out in
    this order, so the long ones (the template corpus, LibreOffice renders, thousand-slide
    talks) start early and the workers finish together instead of one running the last
    long test alone."""
    slow = {item.nodeid.split("::")[0] for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.nodeid.split("::")[0] not in slow)


@pytest.fixture(scope="session", autouse=True)
def _conversions_once(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """LibreOffice converts each file once per session (tests/rendercheck.py): the same
    deck rendered by two tests, or by two pytest-xdist workers, is rendered once. The
    workers of a session share the parent of their temporary folders."""
    import rendercheck

    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    rendercheck.use_cache(shared / "libreoffice-conversions")
    yield
    rendercheck.use_cache(None)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An outline folder that is also the working folder, so messages name bare files."""
    work = tmp_path / "talk"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


@pytest.fixture
def write_outline(tmp_path: Path) -> Callable[..., Path]:
    """Write outline text (dedented) to tmp_path/NAME and return its path."""

    def write(text: str = MINIMAL, name: str = "outline.yaml", encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding=encoding)
        return path

    return write


def _load_validator() -> ModuleType | None:
    if not VALIDATOR.is_file():
        return None
    spec = importlib.util.spec_from_file_location("validate_pptx", VALIDATOR)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def ooxml_validator() -> Callable[..., str]:
    """Run ../shared/ooxml/validate_pptx.py on a deck; return its summary line.

    Skips when the validator is absent (a user's clone has no ../shared)."""
    module = _load_validator()
    if module is None:
        pytest.skip(f"OOXML validator not found at {VALIDATOR} (it lives in ../shared, which "
                    "only the project's CI and developers have)")

    def run(path: Path, strict: bool = False) -> str:
        argv = [*(["--strict-schema"] if strict else []), str(path)]
        out = io.StringIO()
        with redirect_stdout(out):
            try:
                code = module.main(argv)
            except SystemExit as exc:  # argparse-style exits
                code = exc.code
        text = out.getvalue().strip()
        assert code == 0, f"OOXML validator found problems in {path}:\n{text}"
        return text.splitlines()[-1]

    return run


@pytest.fixture(scope="module")
def impress() -> Iterator[Impress]:
    """One LibreOffice Impress for a test module's edits (tests/impress.py); skips, saying
    why, without LibreOffice or a python that imports uno."""
    from impress import running_impress

    yield from running_impress()
