"""The deckgen benchmark: CPU time of whole deckgen processes against pandoc on the same talk,
rebuilds and `deckgen check` of the sample, the profile of a warm rebuild, and peak memory.

    python bench/run.py                 # the full run (about two minutes)
    python bench/run.py --quick         # one run of each, 30 and 300 slides: a smoke test
    python bench/run.py --sizes 30,300  # fewer talk lengths
    python bench/run.py --memory        # peak memory at 300, 1000 and 3000 slides, and who holds it

Every measurement is a new process, timed by os.wait4 (CPU time and peak memory of the child
alone). The runs take turns (deckgen, pandoc, sample, …, then again), so a busy moment of the
machine falls on all of them alike, and the median of each counts. deckgen is measured as
installed: `pip install --target` of this tree into the work folder, byte-compiled by pip.
The targets of issues 10 and 17 are printed with met or MISSED, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "outline.yaml"
TALK = 30  # a class talk: the length students give
CHAPTERS = 4
EXTRA_SLIDES = 3 + CHAPTERS  # title, agenda, closing and one divider per chapter

# Phrases the bullets and notes are made of: varied enough that no two slides are equal.
_SUBJECTS = ("算力基础设施", "大模型研发", "芯片供应链", "开源生态", "人才培养", "数据要素",
             "应用落地", "产业政策", "国际合作", "基础研究", "资本投入", "标准制定")
_VERBS = ("持续加快", "稳步推进", "面临挑战", "取得突破", "不断完善", "显著提升")
_TAILS = ("推动产业升级与创新发展", "形成新的竞争优势", "需要长期投入和耐心",
          "带动上下游协同发展", "成为各方关注的焦点", "仍有较大提升空间")


def _bullet(slide: int, k: int) -> str:
    a = _SUBJECTS[(slide + k) % len(_SUBJECTS)]
    b = _VERBS[(slide * 3 + k) % len(_VERBS)]
    c = _TAILS[(slide * 5 + k * 2) % len(_TAILS)]
    return f"{a}{b}，{c}（{slide}.{k + 1}）"


def _notes(slide: int) -> str:
    return (f"这一页讲第 {slide} 个要点。" + "".join(
        f"{_SUBJECTS[(slide + k) % len(_SUBJECTS)]}方面，{_TAILS[(slide + k) % len(_TAILS)]}。"
        for k in range(4)) + "下面我们继续看下一页。")


def _layout(slides: int) -> list[list[int]]:
    """Content slide numbers per chapter, so that the whole deck has `slides` slides."""
    content = max(CHAPTERS, slides - EXTRA_SLIDES)
    per = [content // CHAPTERS + (1 if c < content % CHAPTERS else 0) for c in range(CHAPTERS)]
    out, n = [], 1
    for count in per:
        out.append(list(range(n, n + count)))
        n += count
    return out


def _chapter(c: int, numbers: list[int]) -> list[str]:
    """Chapter `c` as YAML lines of a mapping at the left margin."""
    lines = [f"title: 第{c}章 发展与展望", f"presenter: 汇报人{'甲乙丙丁'[c - 1]}", "slides:"]
    for n in numbers:
        lines.append(f"  - title: 第 {n} 页 {_SUBJECTS[n % len(_SUBJECTS)]}")
        lines.append("    bullets:")
        lines += [f"      - {_bullet(n, k)}" for k in range(5)]
        lines.append(f"    notes: {_notes(n)}")
    return lines


def _deck(slides: int) -> list[str]:
    return ["deck:", f"  title: 基准测试演讲（{slides} 页）", "  subtitle: 五条要点加讲稿",
            "  authors: [汇报人甲, 汇报人乙, 汇报人丙, 汇报人丁]", "  language: zh-CN",
            "chapters:"]


def outline_yaml(slides: int) -> str:
    """A talk of `slides` slides (with the automatic ones) of five Chinese bullets each."""
    lines = _deck(slides)
    for c, numbers in enumerate(_layout(slides), start=1):
        first, *rest = _chapter(c, numbers)
        lines += [f"  - {first}", *(f"    {line}" for line in rest)]
    return "\n".join(lines) + "\n"


def write_talk(folder: Path, slides: int) -> Path:
    """The same talk with each chapter in a file of its own (`include:`), as a long talk is
    kept (one file may hold 2 MB, about 2,700 slides); returns the outline."""
    (folder / "chapters").mkdir(parents=True, exist_ok=True)
    lines = _deck(slides)
    for c, numbers in enumerate(_layout(slides), start=1):
        name = f"chapters/talk{slides}-{c}.yaml"
        (folder / name).write_text("\n".join(_chapter(c, numbers)) + "\n", encoding="utf-8")
        lines.append(f"  - include: {name}")
    outline = folder / f"talk{slides}.yaml"
    outline.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return outline


def pandoc_markdown(slides: int) -> str:
    """The same talk as pandoc Markdown: level-1 headings are dividers, level-2 slides."""
    out = [f"---\ntitle: 基准测试演讲（{slides} 页）\nsubtitle: 五条要点加讲稿\n"
           "author: [汇报人甲, 汇报人乙, 汇报人丙, 汇报人丁]\nlang: zh-CN\n---\n",
           "## 目录\n", *(f"- 第{c}章 发展与展望" for c in range(1, CHAPTERS + 1)), ""]
    for c, numbers in enumerate(_layout(slides), start=1):
        out.append(f"# 第{c}章 发展与展望\n")
        for n in numbers:
            out.append(f"## 第 {n} 页 {_SUBJECTS[n % len(_SUBJECTS)]}\n")
            out += [f"- {_bullet(n, k)}" for k in range(5)]
            out.append(f"\n::: notes\n{_notes(n)}\n:::\n")
    out.append("## 谢谢大家\n\n欢迎提问\n")
    return "\n".join(out)


@dataclass(frozen=True)
class Run:
    """One measured process: wall seconds, CPU seconds (user + system) and peak resident
    memory in MB."""

    seconds: float
    cpu: float
    peak_mb: float


@dataclass(frozen=True)
class Stat:
    """Medians of the runs' wall and CPU seconds, the largest peak memory, and the count."""

    seconds: float
    cpu: float
    peak_mb: float
    runs: int


@dataclass(frozen=True)
class Job:
    """A command to measure; `fresh` folders are removed before each run (a cold cache), and
    `times` caps its runs (pandoc at 1000 slides takes twenty seconds and no target needs it)."""

    name: str
    cmd: list[str]
    env: dict[str, str] | None = None
    fresh: tuple[Path, ...] = ()
    times: int | None = None


def measure(cmd: list[str], env: dict[str, str] | None = None) -> Run:
    """Run `cmd` once: its wall time, CPU time and its own peak memory (not its parent's)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{err}")
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)  # Linux: KB


def alternate(jobs: list[Job], repeat: int) -> dict[str, Stat]:
    """Every job `repeat` times, taking turns (a, b, c, a, b, c, …): medians per job."""
    runs: dict[str, list[Run]] = {j.name: [] for j in jobs}
    for i in range(repeat):
        for job in jobs:
            if job.times is not None and i >= job.times:
                continue
            for folder in job.fresh:
                shutil.rmtree(folder, ignore_errors=True)
            runs[job.name].append(measure(job.cmd, job.env))
    return {name: Stat(statistics.median(r.seconds for r in rs),
                       statistics.median(r.cpu for r in rs), max(r.peak_mb for r in rs), len(rs))
            for name, rs in runs.items() if rs}


def install(work: Path, env: dict[str, str]) -> dict[str, str]:
    """deckgen installed as a user gets it (`pip install`, which byte-compiles every module)
    into work/site; the environment that imports it from there. The package is copied first,
    so pip's build folder never lands in the working tree."""
    pkg = work / "pkg"
    shutil.rmtree(pkg, ignore_errors=True)
    pkg.mkdir(parents=True)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, pkg / name)
    shutil.copytree(ROOT / "src", pkg / "src",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    site = work / "site"
    shutil.rmtree(site, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target",
                    str(site), str(pkg)], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    out = {**env, "PYTHONPATH": str(site)}
    where = subprocess.run([sys.executable, "-c", "import deckgen; print(deckgen.__file__)"],
                           env=out, capture_output=True, text=True, check=True).stdout.strip()
    if not where.startswith(str(site)):
        raise SystemExit(f"deckgen was imported from {where}, not from {site}")
    return out


def compile_bytecode(env: dict[str, str]) -> None:
    """Byte-compile the working tree's deckgen (--source), as pip would on install."""
    import deckgen

    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(deckgen.__file__).parent)],
                   env={k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"},
                   check=True, stdout=subprocess.DEVNULL)


def deckgen_cmd(*args: str) -> list[str]:
    """A quiet deckgen command line of this interpreter."""
    return [sys.executable, "-m", "deckgen", "-q", *args]


def pandoc_version() -> str | None:
    """pandoc's version line, or None when pandoc is not installed."""
    exe = shutil.which("pandoc")
    if exe is None:
        return None
    try:
        out = subprocess.run([exe, "--version"], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.stdout.splitlines()[0] if out.stdout else None


def _fmt(x: float | None, spec: str = ".2f", unit: str = "") -> str:
    return "—" if x is None else f"{x:{spec}}{unit}"


def _verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("met" if ok else "MISSED")


def _ratio(a: Stat | None, b: Stat | None) -> float | None:
    return a.cpu / b.cpu if a and b and b.cpu else None


# ------------------------------------------------------------------ profile

_PROFILE = """
import cProfile, json, sys
prof = cProfile.Profile()
prof.enable()
from deckgen.cli import main
try:
    main(sys.argv[2:])
except SystemExit:
    pass
prof.disable()
prof.create_stats()
json.dump([[f, line, name, tt, ct] for (f, line, name), (_, _, tt, ct, _) in
           prof.stats.items()], open(sys.argv[1], "w"))
"""


def import_share(cmd: list[str], env: dict[str, str]) -> tuple[float, list[tuple[str, float]]]:
    """Seconds spent importing (python -X importtime), in all and by top-level package."""
    err = subprocess.run([cmd[0], "-X", "importtime", *cmd[1:]], env=env, capture_output=True,
                         text=True, check=True).stderr
    by: Counter[str] = Counter()  # microseconds
    for m in re.finditer(r"^import time:\s+(\d+) \|\s+\d+ \|\s*(\S+)", err, re.M):
        by[m.group(2).split(".")[0]] += int(m.group(1))
    return sum(by.values()) / 1e6, [(name, us / 1e6) for name, us in by.most_common(5)]


def top_costs(args: list[str], env: dict[str, str], out: Path,
              count: int = 5) -> tuple[float, list[tuple[str, float]]]:
    """The profiled run's total and its `count` largest deckgen functions by cumulative time,
    leaving out the chain every run goes through (the command line, the pipeline's entry)."""
    subprocess.run([sys.executable, "-c", _PROFILE, str(out), *args], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    rows = json.loads(out.read_text())
    total = max(ct for *_, ct in rows)
    chain = {"pipeline.build", "pipeline.check"}
    own = [(f"{Path(f).stem}.{name}", ct) for f, _, name, _, ct in rows
           if f"{os.sep}deckgen{os.sep}" in f and name != "<module>"]
    own = [(name, ct) for name, ct in own if name not in chain and not name.startswith("cli.")]
    return total, sorted(own, key=lambda r: -r[1])[:count]


# ------------------------------------------------------------------ memory

_TRACE = """
import json, sys, tracemalloc
tracemalloc.start()
from deckgen import pipeline, write
held = {}
real = write.write_atomic

def snapshot_then_write(path, data):
    held["snap"] = tracemalloc.take_snapshot()
    real(path, data)

write.write_atomic = snapshot_then_write
pipeline.build(sys.argv[2], sys.argv[3])
snap = held.get("snap") or tracemalloc.take_snapshot()
stats = snap.statistics("filename")
json.dump({"peak": tracemalloc.get_traced_memory()[1], "at_write": "snap" in held,
           "total": sum(s.size for s in stats),
           "top": [[str(s.traceback[0].filename), s.size, s.count] for s in stats[:10]]},
          open(sys.argv[1], "w"))
"""


def _short(path: str) -> str:
    for marker in ("site-packages/", "/lib/python3", "/deckgen/"):
        if marker in path:
            rest = path.split(marker, 1)[1]
            return ("deckgen/" + rest) if marker == "/deckgen/" else rest
    return path


def memory(work: Path, env: dict[str, str], sizes: list[int]) -> None:
    """Peak memory of builds of `sizes` slides, growth per slide, and the ten files whose
    allocations are held when the largest deck is written (tracemalloc)."""
    peaks: dict[int, Run] = {}
    for n in sizes:
        talk = write_talk(work, n)
        peaks[n] = measure([*deckgen_cmd("build"), str(talk), "-o", str(work / f"talk{n}.pptx")],
                           env)
        print(f"  {n} slides: peak {peaks[n].peak_mb:.0f} MB, {peaks[n].cpu:.1f} s CPU",
              flush=True)
    lo, hi = min(sizes), max(sizes)
    if hi > lo:
        slope = (peaks[hi].peak_mb - peaks[lo].peak_mb) * 1024 / (hi - lo)
        at_10k = peaks[hi].peak_mb + slope * (10_000 - hi) / 1024
        print(f"growth: {slope:.0f} KB a slide between {lo} and {hi} slides; "
              f"10,000 slides would peak near {at_10k:.0f} MB")
    out = work / "trace.json"
    subprocess.run([sys.executable, "-c", _TRACE, str(out), str(work / f"talk{hi}.yaml"),
                    str(work / "traced.pptx")], env=env, check=True, stdout=subprocess.DEVNULL)
    trace = json.loads(out.read_text())
    when = "when the deck is written" if trace["at_write"] else "after the build"
    print(f"\ntracemalloc, {hi} slides: peak {trace['peak'] / 2**20:.0f} MB traced; held {when}: "
          f"{trace['total'] / 2**20:.0f} MB, by file:")
    for name, size, count in trace["top"]:
        print(f"  {size / 2**20:8.1f} MB {count:>9,} blocks  {_short(name)}")


# ------------------------------------------------------------------ main


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its tables; exit 0 whether or not targets are met."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", help="slide counts besides the 30-slide talk "
                    "(default 300,1000; 300 with --quick)")
    ap.add_argument("--repeat", type=int, help="runs per measurement; the median counts "
                    "(default 5; 1 with --quick)")
    ap.add_argument("--quick", action="store_true", help="one run of each, and 300 slides at "
                    "most: a smoke test of the benchmark, not a measurement")
    ap.add_argument("--memory", nargs="?", const="300,1000,3000", metavar="SIZES",
                    help="measure peak memory instead (default sizes 300,1000,3000)")
    ap.add_argument("--no-pandoc", action="store_true", help="skip pandoc even when installed")
    ap.add_argument("--source", action="store_true", help="measure the working tree "
                    "(byte-compiled) instead of installing it into the work folder")
    ap.add_argument("--keep", metavar="DIR", help="write talks and decks here and keep them")
    args = ap.parse_args(argv)
    repeat = args.repeat or (1 if args.quick else 5)
    sizes = sorted({int(s) for s in (args.sizes or ("300" if args.quick else "300,1000"))
                    .split(",") if s.strip()} - {TALK})
    pandoc = None if args.no_pandoc else pandoc_version()
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="deckgen-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "DECKGEN_CACHE_DIR": str(work / "cache"), "PYTHONWARNINGS": "ignore"}
    env.pop("SOURCE_DATE_EPOCH", None)
    try:
        if args.source:
            compile_bytecode(env)
        else:
            env = install(work, env)
        print(f"deckgen benchmark in {work} ({'working tree' if args.source else 'installed'})")
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores; "
              f"{pandoc or 'pandoc not installed (apt-get install pandoc): deckgen only'}")
        if args.memory:
            memory(work, env, sorted(int(s) for s in args.memory.split(",") if s.strip()))
            return 0
        return _speed(work, env, sizes, repeat, pandoc is not None, args.quick)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


_EDIT_LOOP = r"""
import json, shutil, statistics, sys, time
from pathlib import Path
from deckgen import pipeline
src, work, runs = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
shutil.rmtree(work, ignore_errors=True)
shutil.copytree(src.parent / "assets", work / "assets")
outline = work / "outline.yaml"
text = src.read_text(encoding="utf-8")
outline.write_text(text, encoding="utf-8")
pipeline.build(outline, warm=True)  # the watch or serve process, started and warm
line = next(l for l in text.splitlines() if l.strip().startswith("- ") and "：" in l)
times = {"build": [], "check": []}
for i in range(runs):
    for what in ("build", "check"):
        outline.write_text(text.replace(line, line + f" {what}{i}", 1), encoding="utf-8")
        t = time.perf_counter()
        pipeline.build(outline, warm=True) if what == "build" else pipeline.check(outline)
        times[what].append(time.perf_counter() - t)
print(json.dumps({k: statistics.median(v) for k, v in times.items()} | {"runs": runs}))
"""


def edit_loop(work: Path, env: dict[str, str], runs: int) -> dict[str, float]:
    """A watch/serve process: build the sample once, then edit one bullet and rebuild (and
    re-check, as the preview does), timing each in the same warm process."""
    result = subprocess.run([sys.executable, "-c", _EDIT_LOOP, str(SAMPLE),
                             str(work / "edit-loop"), str(runs)], env=env, check=True,
                            capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def _talk_jobs(work: Path, env: dict[str, str], n: int, pandoc: bool,
               pandoc_times: int | None = None) -> list[Job]:
    talk = work / f"talk{n}.yaml"
    talk.write_text(outline_yaml(n), encoding="utf-8")
    md = work / f"talk{n}.md"
    md.write_text(pandoc_markdown(n), encoding="utf-8")
    jobs = [Job(f"deckgen {n}", [*deckgen_cmd("build"), str(talk), "-o",
                                 str(work / f"talk{n}.pptx")], env)]
    if pandoc:
        jobs.append(Job(f"pandoc {n}", ["pandoc", "-o", str(work / f"pandoc{n}.pptx"), str(md)],
                        times=pandoc_times))
    return jobs


def _speed(work: Path, env: dict[str, str], sizes: list[int], repeat: int, pandoc: bool,
           quick: bool) -> int:
    load_before = os.getloadavg()[0]
    out, cache = work / "sample", work / "sample-cache"
    senv = {**env, "DECKGEN_CACHE_DIR": str(cache)}
    sample_build = [*deckgen_cmd("build"), str(SAMPLE), "-o", str(out / "outline.pptx")]
    stats = alternate([
        *_talk_jobs(work, env, TALK, pandoc),
        Job("sample cold", sample_build, senv, fresh=(cache, out)),
        Job("sample warm", sample_build, senv),
        Job("sample check", deckgen_cmd("check", str(SAMPLE)), senv),
    ], repeat)
    print(f"  {TALK} slides and the sample: done", flush=True)
    for n in sizes:
        stats.update(alternate(_talk_jobs(work, env, n, pandoc, 1 if n > 300 else None), repeat))
        print(f"  {n} slides: done", flush=True)
    load_after = os.getloadavg()[0]

    print(f"\n{'process':<28}{'cpu':>7}{'wall':>7}{'MB':>6}{'runs':>5}"
          f"{'pandoc cpu':>12}{'wall':>7}{'MB':>6}{'cpu ratio':>11}")
    for n in (TALK, *sizes):
        dg, pd = stats[f"deckgen {n}"], stats.get(f"pandoc {n}")
        print(f"{f'build, {n}-slide talk':<28}{dg.cpu:>7.2f}{dg.seconds:>7.2f}{dg.peak_mb:>6.0f}"
              f"{dg.runs:>5}{_fmt(pd.cpu if pd else None):>12}"
              f"{_fmt(pd.seconds if pd else None):>7}"
              f"{_fmt(pd.peak_mb if pd else None, '.0f'):>6}{_fmt(_ratio(dg, pd)):>11}")
    pd30 = stats.get(f"pandoc {TALK}")
    for name, label in (("sample cold", "sample, cold (no cache)"),
                        ("sample warm", "sample, rebuild (cached)"),
                        ("sample check", "deckgen check sample")):
        s = stats[name]
        print(f"{label:<28}{s.cpu:>7.2f}{s.seconds:>7.2f}{s.peak_mb:>6.0f}{s.runs:>5}"
              f"{'':>12}{'':>7}{'':>6}{_fmt(_ratio(s, pd30)):>11}")
    print(f"seconds are medians of alternating runs; cpu ratio: deckgen / pandoc on the same "
          f"talk (the sample: / pandoc's {TALK}-slide talk); MB: peak resident memory")
    busy = max(load_before, load_after) > (os.cpu_count() or 1) * 0.75
    print(f"load average {load_before:.1f} before, {load_after:.1f} after "
          f"({os.cpu_count()} cores)" + ("; the machine was busy: trust the cpu columns, not "
                                         "the wall ones" if busy else ""))

    r300, r1000 = stats.get("deckgen 300"), stats.get("deckgen 1000")
    targets = [
        (f"{TALK}-slide talk, cold / pandoc", _ratio(stats[f"deckgen {TALK}"], pd30), 2.0),
        (f"sample rebuild / pandoc {TALK}", _ratio(stats["sample warm"], pd30), 2.5),
        (f"deckgen check / pandoc {TALK}", _ratio(stats["sample check"], pd30), 1.2),
        ("300-slide talk / pandoc", _ratio(r300, stats.get("pandoc 300")), 0.45),
        ("1000-slide / 300-slide talk", _ratio(r1000, r300), 3.6),
        ("sample rebuild / cold build", _ratio(stats["sample warm"], stats["sample cold"]), 0.5),
    ]
    print("\ntargets (issues 24 and 10), CPU time:")
    for name, value, goal in targets:
        print(f"  {name:<32}{_fmt(value):>7}  <= {goal:<5.2f} "
              f"{_verdict(None if value is None else value <= goal)}")
    peak = r1000.peak_mb if r1000 else None
    print(f"  {'peak MB, 1000-slide talk':<32}{_fmt(peak, '.0f'):>7}  <  500   "
          f"{_verdict(None if peak is None else peak < 500)}")
    loop = edit_loop(work, env, 3 if quick else 9)
    print("\nwatch and serve: a one-line edit of the sample in a warm process, wall seconds "
          f"(median of {loop['runs']}):")
    for name, key, goal in (("edit -> deck written", "build", 0.25),
                            ("edit -> plan re-laid out", "check", 0.3)):
        print(f"  {name:<32}{loop[key]:>7.3f}  <= {goal:<5.2f} {_verdict(loop[key] <= goal)}")
    if quick:
        print("(--quick: one run each; a smoke test, not a measurement)")

    args = ["-q", "build", str(SAMPLE), "-o", str(out / "outline.pptx")]
    imports, by_package = import_share(deckgen_cmd(*args[1:]), senv)
    total, top = top_costs(args, senv, work / "profile.json")
    warm = stats["sample warm"]
    print(f"\nprofile of the sample's rebuild ({warm.cpu:.2f} s CPU, median):")
    print(f"  imports {imports:.2f} s (python -X importtime): " + ", ".join(
        f"{name} {sec:.2f}" for name, sec in by_package))
    print(f"  top five deckgen functions by cumulative time (cProfile, {total:.2f} s in all, "
          "imports included):")
    for name, sec in top:
        print(f"    {sec:6.2f} s  {sec / total:4.0%}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
