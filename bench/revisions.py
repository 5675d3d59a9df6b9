"""Before and after in one run: the talk builds, the sample's rebuild and `check` of several
git revisions, taking turns with pandoc, so a busy machine weighs on all alike.

    .venv/bin/python bench/revisions.py e9ad3c3 main HEAD   # revisions to compare
    .venv/bin/python bench/revisions.py --repeat 7 main HEAD

Each revision is installed as a user gets it (`git archive`, then `pip install --target`,
as bench/run.py installs the working tree) and every command is a new process timed by
os.wait4 (CPU seconds, medians). It prints figures and ratios to pandoc; it asserts
nothing."""

from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import Job, alternate, outline_yaml, pandoc_markdown

ROOT = Path(__file__).resolve().parents[1]


def _install(rev: str, work: Path) -> dict[str, str]:
    """The revision's tree in work/tree (sample included) and deckgen installed from it;
    the environment that imports that copy."""
    tree, site = work / "tree", work / "site"
    shutil.rmtree(work, ignore_errors=True)
    tree.mkdir(parents=True)
    blob = subprocess.run(["git", "-C", str(ROOT), "archive", rev], check=True,
                          capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(blob)) as tar:
        tar.extractall(tree, filter="data")
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target",
                    str(site), str(tree)], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    shutil.rmtree(tree / "src")  # the installed copy is the one imported
    return {**os.environ, "PYTHONPATH": str(site), "DECKGEN_CACHE_DIR": str(work / "cache"),
            "PYTHONWARNINGS": "ignore"}


def main(argv: list[str] | None = None) -> int:
    """Measure and print; exit 0."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("revisions", nargs="+", help="git revisions (e9ad3c3, main, HEAD, ...)")
    ap.add_argument("--repeat", type=int, default=5, help="runs per measurement (default 5)")
    ap.add_argument("--sizes", default="30,300", help="talk lengths (default 30,300)")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    work = Path(tempfile.mkdtemp(prefix="deckgen-revs-"))
    py = [sys.executable, "-m", "deckgen", "-q"]
    try:
        jobs: list[Job] = []
        for n in sizes:
            (work / f"talk{n}.yaml").write_text(outline_yaml(n), encoding="utf-8")
            (work / f"talk{n}.md").write_text(pandoc_markdown(n), encoding="utf-8")
            jobs.append(Job(f"pandoc {n}", ["pandoc", "-o", str(work / f"pandoc{n}.pptx"),
                                            str(work / f"talk{n}.md")]))
        for i, rev in enumerate(args.revisions):
            env = _install(rev, work / f"rev{i}")
            sample = work / f"rev{i}" / "tree" / "outline.yaml"
            out = sample.parent / "output" / "outline.pptx"
            build = [*py, "build", str(sample), "-o", str(out)]
            subprocess.run(build, env=env, check=True, stdout=subprocess.DEVNULL)
            for n in sizes:
                jobs.append(Job(f"{rev}: {n}-slide talk", [
                    *py, "build", str(work / f"talk{n}.yaml"), "-o",
                    str(work / f"rev{i}" / f"talk{n}.pptx")], env))
            jobs += [Job(f"{rev}: sample rebuild", build, env),
                     Job(f"{rev}: sample check", [*py, "check", str(sample)], env)]
        print(f"{len(args.revisions)} revisions, {args.repeat} runs each, load "
              f"{os.getloadavg()[0]:.1f}", flush=True)
        stats = alternate(jobs, args.repeat)
        pd = {n: stats[f"pandoc {n}"].cpu for n in sizes}
        print(f"{'':34}{'cpu s':>7}{'/ pandoc':>10}   (pandoc: " + ", ".join(
            f"{n} slides {pd[n]:.2f} s" for n in sizes) + ")")
        for rev in args.revisions:
            for what, base in ([(f"{n}-slide talk", n) for n in sizes]
                               + [("sample rebuild", sizes[0]), ("sample check", sizes[0])]):
                s = stats[f"{rev}: {what}"]
                print(f"{rev + ': ' + what:34}{s.cpu:>7.2f}{s.cpu / pd[base]:>10.2f}")
        print(f"load average after: {os.getloadavg()[0]:.1f}; the sample's figures are "
              f"against pandoc's {sizes[0]}-slide talk")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
