"""How fast and in how little memory a returned deck that is a zip bomb is refused.

    .venv/bin/python bench/bomb.py            # prints one row per bomb and command

Builds a small talk, then puts three bombs in turn at the output path, each added to the
built deck as one part of zeros: 64 MiB honestly declared (refused for growing 1,029
times), 300 MiB honestly declared (refused for its size), and 64 MiB whose central
directory claims 1,000 bytes (refused when the part does not match its header). For each,
`deckgen pull` and `deckgen build` run in a new process, measured with os.wait4: wall
seconds (start-up and, for build, the whole check of the outline included) and peak
resident memory of that process alone; then the refusal alone, in this process. The
200 MB and one-second targets are the issue's; the tests (tests/test_pull_hostile.py)
assert only the memory and the one line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

TALK = """\
deck:
  title: 炸弹测试
chapters:
  - title: 第一章
    slides:
      - title: 一页
        bullets: [要点]
        notes: 讲稿。
"""


def add_bomb(deck: Path, mib: int, lie: int | None = None) -> None:
    """A part ppt/media/zeros.bin of `mib` MiB of zeros added to the deck; its unpacked
    size in the central directory set to `lie` (a header that lies) when given."""
    with zipfile.ZipFile(deck, "a", zipfile.ZIP_DEFLATED) as z, \
            z.open("ppt/media/zeros.bin", "w") as f:
        for _ in range(mib):
            f.write(bytes(2**20))
    if lie is None:
        return
    data = bytearray(deck.read_bytes())
    at = data.find(b"PK\x01\x02")
    while at != -1:
        n = int.from_bytes(data[at + 28:at + 30], "little")
        if data[at + 46:at + 46 + n] == b"ppt/media/zeros.bin":
            data[at + 24:at + 28] = lie.to_bytes(4, "little")
            deck.write_bytes(bytes(data))
            return
        at = data.find(b"PK\x01\x02", at + 4)
    raise AssertionError("ppt/media/zeros.bin is not in the central directory")


def measured(folder: Path, *args: str) -> tuple[int, float, float, str]:
    """`measure`, run from a fresh small interpreter: on Linux a child's peak memory starts
    from its parent's (fork and exec keep the high-water mark), so a large parent such as
    a test runner would be counted in."""
    import json

    out = subprocess.run([sys.executable, __file__, "--measure", str(folder), *args],
                         capture_output=True, text=True, timeout=600, check=True).stdout
    code, wall, peak, err = json.loads(out)
    return int(code), float(wall), float(peak), str(err)


def measure(folder: Path, *args: str) -> tuple[int, float, float, str]:
    """Exit code, wall seconds, peak MB (os.wait4: this process alone) and standard error of
    `deckgen ARGS` in a new process; killed after 300 s, so a hang fails rather than waits.
    The peak counts this process's own if it is larger: call it from a small process."""
    import threading

    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "deckgen", *args], cwd=folder,
                                stdout=subprocess.DEVNULL, stderr=err)
        timer = threading.Timer(300, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        wall = time.perf_counter() - start
        err.seek(0)
        return proc.returncode, wall, usage.ru_maxrss / 1024, err.read().decode()


def refused_in(deck: Path) -> float:
    """Seconds for reading the deck to be refused, in this process (no start-up)."""
    from deckgen.pull import readdeck
    from deckgen.safezip import PackageProblem

    start = time.perf_counter()
    try:
        readdeck.read_deck(deck)
    except PackageProblem:
        return time.perf_counter() - start
    raise AssertionError("the bomb was read")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "outline.yaml").write_text(TALK, encoding="utf-8")
        subprocess.run([sys.executable, "-m", "deckgen", "build", "outline.yaml", "-q"],
                       cwd=folder, check=True, stdout=subprocess.DEVNULL)
        clean = folder / "clean.pptx"
        shutil.copy(folder / "output" / "outline.pptx", clean)
        print(f"{'bomb':<34} {'command':<6} {'seconds':>8} {'peak MB':>8}  message")
        for name, mib, lie in (("64 MiB zeros (ratio)", 64, None),
                               ("300 MiB zeros (part size)", 300, None),
                               ("64 MiB zeros, header says 1,000 B", 64, 1000)):
            deck = folder / "output" / "outline.pptx"
            shutil.copy(clean, deck)
            add_bomb(deck, mib, lie)
            size = deck.stat().st_size
            for command in (("pull", "output/outline.pptx"), ("build", "outline.yaml")):
                _, wall, peak, message = measure(folder, *command)
                print(f"{name:<34} {command[0]:<6} {wall:8.2f} {peak:8.0f}  "
                      f"({size / 1024:,.0f} KB file) {message.strip()[:90]}")
            print(f"{name:<34} {'read':<6} {refused_in(deck):8.3f} {'':>8}  the refusal "
                  "alone, in this process (readdeck.read_deck)")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--measure"]:
        import json

        print(json.dumps(measure(Path(sys.argv[2]), *sys.argv[3:])))
    else:
        main()
