"""How fast `deckgen export` draws the sample (36 slides) against `deckgen build` and against
`deckgen preview` through LibreOffice, measured in one run.

    .venv/bin/python bench/export.py              # 5 runs each (LibreOffice 2), medians
    .venv/bin/python bench/export.py --repeat 3   # runs per measurement
    .venv/bin/python bench/export.py --source     # the working tree instead of an installed copy

Every measurement is a new process timed by os.wait4, as bench/run.py does (CPU time of the
process and the children it waited for, LibreOffice included; wall time). Runs take turns
(build, export, …, then again) so a busy moment falls on all alike. Both build and export
are measured warm: a first run fills the chart cache (PNG for the deck, vector SVG for the
PDF) and the template description, as a student's second run finds them. It prints figures
and ratios; it asserts nothing (tests never assert timings).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import Job, Stat, alternate, compile_bytecode, deckgen_cmd, install

ROOT = Path(__file__).resolve().parents[1]
TARGET_BUILD = 1.5  # export at most 1.5 x a warm build
TARGET_PREVIEW = 10.0  # and at least 10 x faster than LibreOffice's preview


def _sample(work: Path) -> Path:
    folder = work / "sample"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(ROOT / "assets", folder / "assets")
    shutil.copy(ROOT / "outline.yaml", folder / "outline.yaml")
    return folder / "outline.yaml"


_WARM = r"""
import json, statistics, sys, time
from deckgen import pipeline
from deckgen.export import export
outline = sys.argv[1]
pipeline.build(outline, warm=True)
export(outline)
times = {"build": [], "export": []}
for _ in range(int(sys.argv[2])):
    for what in times:
        t = time.process_time()
        pipeline.build(outline, warm=True) if what == "build" else export(outline)
        times[what].append(time.process_time() - t)
print(json.dumps({k: statistics.median(v) for k, v in times.items()}))
"""


def warm_process(outline: Path, env: dict[str, str], runs: int) -> dict[str, float]:
    """Build and export again and again in one process (as `deckgen watch` and `serve`
    keep one): CPU seconds of each, libraries already imported."""
    import json

    out = subprocess.run([sys.executable, "-c", _WARM, str(outline), str(runs)], env=env,
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def _row(name: str, s: Stat) -> str:
    return f"{name:44} {s.cpu:7.2f} {s.seconds:7.2f} {s.peak_mb:8.0f} {s.runs:5d}"


def main(argv: list[str] | None = None) -> int:
    """Measure and print; exit 0 whether or not the targets are met."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5, help="runs per measurement (default 5)")
    ap.add_argument("--source", action="store_true", help="measure the working tree")
    ap.add_argument("--keep", metavar="DIR", help="work here and keep what was written")
    args = ap.parse_args(argv)
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="deckgen-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "DECKGEN_CACHE_DIR": str(work / "cache"), "PYTHONWARNINGS": "ignore"}
    try:
        if args.source:
            compile_bytecode(env)
        else:
            env = install(work, env)
        outline = _sample(work)
        out = outline.parent / "output"
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        jobs = [
            Job("deckgen build (warm)", deckgen_cmd("build", str(outline)), env),
            Job("deckgen export --pdf (warm)", deckgen_cmd("export", str(outline)), env),
            Job("deckgen export: pdf, hand-out 3, booklets, png",
                deckgen_cmd("export", str(outline), "--pdf", "--handout", "3", "--booklet",
                            "--png"), env),
            Job("deckgen preview (deckgen draws)", deckgen_cmd("preview", str(outline)), env),
        ]
        if soffice:
            jobs.append(Job("deckgen preview --renderer libreoffice",
                            deckgen_cmd("preview", str(outline), "--renderer", "libreoffice"),
                            env, times=min(args.repeat, 2)))
        for job in jobs[:2]:  # warm the caches: charts (PNG and SVG), template description
            subprocess.run(job.cmd, env=env, check=True, stdout=subprocess.DEVNULL)
        print(f"deckgen export benchmark in {work} "
              f"({'working tree' if args.source else 'installed'}), python "
              f"{sys.version.split()[0]}, {os.cpu_count()} cores, load "
              f"{os.getloadavg()[0]:.2f}")
        stats = alternate(jobs, args.repeat)
        print(f"{'command (36-slide sample)':44} {'CPU s':>7} {'wall s':>7} {'peak MB':>8} "
              f"{'runs':>5}")
        for job in jobs:
            print(_row(job.name, stats[job.name]))
        subprocess.run(deckgen_cmd("export", str(outline)), env=env, check=True)
        pdf = out / "outline.pdf"
        print(f"\nPDF of the sample: {pdf.stat().st_size / 1e6:.2f} MB, fonts embedded "
              "and subset (CJK included)")
        build, export = stats[jobs[0].name], stats[jobs[1].name]
        cpu, wall = export.cpu / build.cpu, export.seconds / build.seconds
        print(f"export / build, warm:  CPU {cpu:.2f}x, wall {wall:.2f}x  (target <= "
              f"{TARGET_BUILD}x: {'met' if cpu <= TARGET_BUILD else 'MISSED'} on CPU)")
        if soffice:
            lo = stats[jobs[-1].name]
            print(f"LibreOffice preview / export:  CPU {lo.cpu / export.cpu:.1f}x, wall "
                  f"{lo.seconds / export.seconds:.1f}x  (target >= {TARGET_PREVIEW}x: "
                  f"{'met' if lo.seconds / export.seconds >= TARGET_PREVIEW else 'MISSED'} "
                  "on wall time)")
        else:
            print("LibreOffice is not installed: the preview ratio is not measured")
        warm = warm_process(outline, env, args.repeat)
        print(f"in one warm process (libraries imported, as watch and serve): build "
              f"{warm['build']:.2f} s CPU, export {warm['export']:.2f} s CPU, "
              f"{warm['export'] / warm['build']:.2f}x")
        print(f"load average after: {os.getloadavg()[0]:.2f}")
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
