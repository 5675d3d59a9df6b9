"""How content slides use their space: where their content block sits in the body, and how
large bullet text is set.

    .venv/bin/python bench/balance.py                       # the sample, the English outline
    .venv/bin/python bench/balance.py --templates /tmp/tpl  # the sample on each .pptx there
    .venv/bin/python bench/balance.py --src /tmp/main/src   # another tree's code

For every content slide (the outline's own: bullets, quote, stats, columns, chart, table,
image) it takes the content block from the positioned plan (``pipeline.check``; nothing is
rendered): the union of every line of text the slide draws outside its title and footer
(each line from a line-height above its baseline's line bottom, as the plan places it) and
of the boxes of its cards, pictures, charts and tables. It prints, per outline (and
template):

- balanced: the share of content slides whose block's vertical centre lies in the middle
  third of the body box (the content layout's body placeholder, as layout reads it: clipped
  to the slide and clear of the template's art);
- centre: the mean position of those centres, 0 at the body's top, 1 at its bottom;
- body pt: the mean type size of bullet slides' body text.

``--templates DIR`` builds the sample (or ``--outline``) on each template in DIR too (LibreOffice's
own, converted with ``soffice --convert-to pptx``, are what tests/test_template_corpus.py
uses). ``--src`` puts another source tree first on the path, so that the same measure runs
on the code before a change. Measures, never judges: it exits 0.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
OUTLINES = (REPO / "outline.yaml", REPO / "tests" / "outlines" / "corpus" / "en.yaml")
CONTENT = ("bullets", "quote", "stats", "columns", "chart", "table", "image")
FURNITURE = ("title", "footer", "slide-number")


@dataclass(frozen=True)
class Measure:
    """One outline on one template: per content slide its kind, block centre and body size."""

    name: str
    centres: tuple[tuple[str, float], ...]
    body_sizes: tuple[float, ...]

    def balanced(self, kinds: tuple[str, ...] = CONTENT) -> tuple[int, int]:
        """How many of the slides of these kinds have their centre in the middle third."""
        picked = [c for k, c in self.centres if k in kinds]
        return sum(1 / 3 <= c <= 2 / 3 for c in picked), len(picked)


def block(slide, baseline_em: float) -> tuple[float, float] | None:
    """The top and bottom of everything a slide draws outside its title and footer."""
    from deckgen.deckplan import TextBox

    tops, bottoms = [], []
    for shape in slide.shapes:
        if isinstance(shape, TextBox):
            if shape.role in FURNITURE:
                continue
            for q in shape.paragraphs:
                for base in q.baselines:
                    tops.append(base + baseline_em * q.size - q.line_height)
                    bottoms.append(base + baseline_em * q.size)
        else:
            tops.append(shape.box.y)
            bottoms.append(shape.box.y + shape.box.h)
    return (min(tops), max(bottoms)) if tops else None


def measure(outline: Path, name: str) -> Measure:
    """The centres and body sizes of an outline's content slides."""
    from deckgen import pipeline
    from deckgen.layout.frames import frames_of
    from deckgen.style import BASELINE_EM

    report = pipeline.check(outline)
    assert report.template is not None
    body = frames_of(report.template, avoid_art=report.plan.template is not None).body
    centres, sizes = [], []
    for s in report.plan.slides:
        if s.kind not in CONTENT:
            continue
        found = block(s, BASELINE_EM)
        if found is not None:
            centres.append((s.kind, ((found[0] + found[1]) / 2 - body.y) / body.h))
        if s.kind == "bullets":
            sizes.append(s.size("body"))
    return Measure(name, tuple(centres), tuple(sizes))


def on_template(outline: Path, template: Path, folder: Path) -> Path:
    """A copy of the outline's folder whose outline names `template`."""
    shutil.copytree(outline.parent, folder, ignore=shutil.ignore_patterns("output"))
    shutil.copy(template, folder / "template.pptx")
    data = yaml.safe_load(outline.read_text(encoding="utf-8"))
    data["deck"].setdefault("theme", {})["template"] = "template.pptx"
    copy = folder / outline.name
    copy.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return copy


def row(m: Measure) -> str:
    """One line of the table."""
    n, total = m.balanced()
    per_kind = " ".join(f"{k} {a}/{b}" for k in CONTENT
                        for a, b in [m.balanced((k,))] if b)
    mean = statistics.fmean(c for _, c in m.centres) if m.centres else float("nan")
    body = statistics.fmean(m.body_sizes) if m.body_sizes else float("nan")
    return (f"{m.name:<34} {n:>3}/{total:<3} {100 * n / max(total, 1):>5.0f} %  {mean:>6.2f}  "
            f"{body:>7.1f}   {per_kind}")


def main(argv: list[str] | None = None) -> int:
    """Measure and print; always 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=REPO / "src",
                        help="the source tree to measure (default: this one's src/)")
    parser.add_argument("--templates", type=Path, help="a folder of .pptx templates")
    parser.add_argument("--outline", type=Path, default=OUTLINES[0],
                        help="the outline built on each template (default: the sample)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(args.src.resolve()))
    import deckgen

    print(f"deckgen from {Path(deckgen.__file__).parent}")
    print(f"{'outline (template)':<34} {'balanced':>13}  {'centre':>6}  {'body pt':>7}   by kind")
    results = [measure(o, o.relative_to(REPO).as_posix()) for o in OUTLINES]
    if args.templates is not None:
        with tempfile.TemporaryDirectory(prefix="deckgen-balance-") as tmp:
            for t in sorted(args.templates.glob("*.pptx")):
                copy = on_template(args.outline, t, Path(tmp) / t.stem)
                label = f"{args.outline.name} ({t.stem})"
                try:
                    results.append(measure(copy, label))
                except Exception as exc:  # a refused template is reported, not measured
                    print(f"{label}: not built: {str(exc).splitlines()[0]}")
    for m in results:
        print(row(m))
    if len(results) > 2:
        all_n = sum(m.balanced()[0] for m in results[2:])
        all_t = sum(m.balanced()[1] for m in results[2:])
        sizes = [x for m in results[2:] for x in m.body_sizes]
        print(f"{'all templates':<34} {all_n:>3}/{all_t:<3} {100 * all_n / max(all_t, 1):>5.0f} %"
              f"  {'':>6}  {statistics.fmean(sizes) if sizes else float('nan'):>7.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
