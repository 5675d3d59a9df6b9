"""Helpers shared by test modules: deckgen's command line in-process, the sample talk
copied into a test's folder (on a template or not), and the benchmark's talk generator."""

from __future__ import annotations

import importlib.util
import io
import shutil
import sys
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from deckgen.cli import main

if TYPE_CHECKING:
    from deckgen import serve

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "outline.yaml"
TEMPLATES = Path(__file__).resolve().parent / "templates"


def run_cli(*args: str) -> tuple[int, str, str]:
    """Exit code, standard output and standard error of `deckgen ARGS` run in-process."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    return code, out.getvalue(), err.getvalue()


@cache
def bench() -> ModuleType:
    """bench/run.py as a module (it is a script, not part of the package)."""
    spec = importlib.util.spec_from_file_location("bench_run", REPO / "bench" / "run.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def with_template(text: str, name: str) -> str:
    """Outline text that names a template file: under its `theme:` or in a new one."""
    line = f"    template: {name}\n"
    if "\n  theme:\n" in text:
        return text.replace("\n  theme:\n", "\n  theme:\n" + line, 1)
    return text.replace("deck:\n", "deck:\n  theme:\n" + line, 1)


def patch_zip(path: Path, edits: dict[str, Callable[[str], str]]) -> None:
    """A package rewritten in place, each named member's text passed through its edit
    (which must change it)."""
    data = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(path, "w") as zout:
        for info in zin.infolist():
            body = zin.read(info.filename)
            if info.filename in edits:
                before = body.decode("utf-8")
                after = edits[info.filename](before)
                assert after != before, info.filename
                body = after.encode("utf-8")
            zout.writestr(info, body)


def sample_outline(folder: Path, template: str | None = None) -> Path:
    """The sample talk (outline.yaml and its assets) copied into folder, optionally on a
    template: a file already in folder, else one of tests/templates, copied there."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "assets", folder / "assets")
    text = SAMPLE.read_text(encoding="utf-8")
    if template is not None:
        if not (folder / template).is_file():
            shutil.copy(TEMPLATES / template, folder / template)
        text = with_template(text, template)
    outline = folder / "outline.yaml"
    outline.write_text(text, encoding="utf-8")
    return outline


@contextmanager
def serving(preview: serve.Preview, host: str, allow: tuple[str, ...] = (),
            deadline: float = 10.0) -> Iterator[serve.Server]:
    """A `deckgen serve` server bound to 127.0.0.1 (answering as if it listened on `host`),
    started and waited for (at most `deadline` s), stopped afterwards."""
    import time

    from deckgen import serve

    server = serve.Server(preview, serve.bind("127.0.0.1", 0), host, allow_hosts=allow)
    server.start()
    try:
        end = time.monotonic() + deadline
        while not server.started and time.monotonic() < end:
            time.sleep(0.05)
        assert server.started
        yield server
    finally:
        server.stop()
