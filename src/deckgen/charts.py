"""Stage 4, render charts: ChartSpec → PNG with matplotlib, cached by content hash.

The only module that imports matplotlib, and only when a chart must be drawn."""

from __future__ import annotations

import hashlib
import json
import math
import os
import tempfile
import warnings
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from . import __version__, fontset
from .plan import ChartSpec

DPI = 220
SHORT_UNITS = ("%", "％", "倍", "×", "x")


@dataclass(frozen=True)
class Rendered:
    """A chart's PNG and whether it came from the cache."""

    name: str
    png: Path
    cached: bool
    missing: tuple[str, ...] = ()


def format_value(v: float, unit: str | None = None) -> str:
    """1234.0 → "1,234"; 0.5 → "0.5"; with a short unit appended ("32%")."""
    if math.isfinite(v) and abs(v - round(v)) < 1e-9 and abs(v) < 1e15:
        s = f"{round(v):,}"
    elif abs(v) >= 100:
        s = f"{v:,.0f}"
    elif abs(v) >= 1:
        s = f"{v:,.2f}".rstrip("0").rstrip(".")
    else:
        s = f"{v:.3g}"
    if unit and unit.strip() in SHORT_UNITS:
        s += unit.strip()
    return s


def axis_unit(unit: str | None) -> str | None:
    """The unit as an axis label, when it is not short enough to go on every value."""
    return unit if unit and unit.strip() not in SHORT_UNITS else None


def _font_stamp() -> list[tuple[str, int]]:
    paths = [fontset.cjk_font_path(False), fontset.cjk_font_path(True),
             fontset.latin_font_path(False), fontset.latin_font_path(True)]
    return [(p.name, p.stat().st_size) for p in paths]


def cache_key(spec: ChartSpec, width_in: float, height_in: float) -> str:
    """Hash of everything the picture depends on."""
    try:
        mpl = metadata.version("matplotlib")
    except metadata.PackageNotFoundError:  # pragma: no cover
        mpl = "?"
    blob = json.dumps({"spec": asdict(spec), "w": round(width_in, 3), "h": round(height_in, 3),
                       "dpi": DPI, "deckgen": __version__, "matplotlib": mpl,
                       "fonts": _font_stamp(), "style": 3},
                      ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:32]


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def render(spec: ChartSpec, width_in: float, height_in: float, *, cache_dir: Path | None,
           out_dir: Path | None = None) -> Rendered:
    """The chart as a PNG file, drawn now or taken from the cache."""
    key = cache_key(spec, width_in, height_in)
    cached_png = cache_dir / f"{key}.png" if cache_dir else None
    missing = tuple(fontset.missing_chars(_all_text(spec)))
    if cached_png and cached_png.is_file():
        data, cached = cached_png.read_bytes(), True
    else:
        data, cached = draw_png(spec, width_in, height_in), False
        if cached_png:
            _atomic_write(cached_png, data)
    target = (out_dir / f"{spec.name}.png") if out_dir else cached_png
    if target is None:
        target = Path(tempfile.mkdtemp(prefix="deckgen-")) / f"{spec.name}.png"
    if target != cached_png and (not target.is_file() or target.read_bytes() != data):
        _atomic_write(target, data)
    return Rendered(spec.name, target, cached, missing)


def render_all(jobs: Sequence[tuple[ChartSpec, float, float]], *, cache_dir: Path | None,
               out_dir: Path | None,
               progress: Callable[[str], None] | None = None) -> dict[str, Rendered]:
    """Every chart of the deck, by name."""
    out: dict[str, Rendered] = {}
    for i, (spec, w, h) in enumerate(jobs, start=1):
        r = render(spec, w, h, cache_dir=cache_dir, out_dir=out_dir)
        out[spec.name] = r
        if progress:
            progress(f"chart {i}/{len(jobs)} {spec.name}{' (cached)' if r.cached else ''}")
    return out


def _all_text(spec: ChartSpec) -> str:
    return "".join([*spec.labels, *(n for n, _ in spec.series), spec.unit or ""])


_FONTS_READY = False


def _setup_fonts() -> None:
    global _FONTS_READY
    if _FONTS_READY:
        return
    from matplotlib import font_manager

    for bold in (False, True):
        font_manager.fontManager.addfont(str(fontset.latin_font_path(bold)))
        font_manager.fontManager.addfont(str(fontset.cjk_font_path(bold)))
    _FONTS_READY = True


def _rc(spec: ChartSpec) -> Any:
    return {
        "font.family": [fontset.LATIN_FAMILY, fontset.CJK_FAMILY],
        "font.size": 14,
        "axes.titlesize": 16,
        "axes.labelsize": 14,
        "xtick.labelsize": 14,
        "ytick.labelsize": 13,
        "legend.fontsize": 13,
        "axes.edgecolor": "#9CA3AF",
        "axes.labelcolor": "#374151",
        "xtick.color": "#374151",
        "ytick.color": "#4B5563",
        "text.color": "#1F2937",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.unicode_minus": False,
        "svg.fonttype": "none",
        "savefig.dpi": DPI,
    }


def draw_png(spec: ChartSpec, width_in: float, height_in: float) -> bytes:
    """Draw the chart with matplotlib and return PNG bytes."""
    import io

    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    _setup_fonts()
    with rc_context(_rc(spec)), warnings.catch_warnings():
        # A glyph the fonts lack is reported by fontset.missing_chars; matplotlib's own
        # per-glyph warning would only repeat it.
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        fig = Figure(figsize=(width_in, height_in), dpi=DPI)
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        _DRAW[spec.type](ax, spec)
        fig.tight_layout(pad=0.4)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None},
                    facecolor="white")
    return buf.getvalue()


def _colors(spec: ChartSpec, n: int) -> list[str]:
    return [spec.palette[i % len(spec.palette)] for i in range(n)]


def _value_axis(ax: Any, spec: ChartSpec, horizontal: bool = False) -> None:
    from matplotlib.ticker import FuncFormatter

    axis = ax.xaxis if horizontal else ax.yaxis
    if spec.log:
        (ax.set_xscale if horizontal else ax.set_yscale)("log")
    axis.set_major_formatter(FuncFormatter(lambda v, _: format_value(v, spec.unit)))
    unit = axis_unit(spec.unit)
    if unit:
        (ax.set_xlabel if horizontal else ax.set_ylabel)(unit)
    ax.grid(axis="x" if horizontal else "y", color="#E5E7EB", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.tick_params(axis="both", length=0)
    if horizontal:
        ax.spines["bottom"].set_visible(False)
        ax.spines["left"].set_visible(True)
    else:
        ax.spines["left"].set_visible(False)


def _legend(ax: Any, spec: ChartSpec) -> None:
    if len(spec.series) > 1:
        ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.1),
                  ncol=min(len(spec.series), 4))


def _bars(ax: Any, spec: ChartSpec, *, horizontal: bool, stacked: bool) -> None:
    n = len(spec.series)
    idx = list(range(len(spec.labels)))
    single = n == 1
    width = 0.62 if (single or stacked) else 0.8 / n
    bottoms = [0.0] * len(idx)
    for j, (name, values) in enumerate(spec.series):
        if single:
            colors: Any = _colors(spec, len(idx)) if len(idx) <= len(spec.palette) \
                else spec.palette[0]
        else:
            colors = spec.palette[j % len(spec.palette)]
        pos = idx if stacked or single else [i - 0.4 + width * (j + 0.5) for i in idx]
        bar = ax.barh if horizontal else ax.bar
        kw = {"left" if horizontal else "bottom": bottoms} if stacked else {}
        cont = bar(pos, values, width, color=colors, label=name, **kw)
        fmt = [format_value(v, spec.unit) for v in values]
        if stacked:
            ax.bar_label(cont, labels=fmt, label_type="center", color="white", fontsize=12,
                         fontweight="bold")
            bottoms = [b + v for b, v in zip(bottoms, values)]
        else:
            ax.bar_label(cont, labels=fmt, padding=3, fontsize=13 if n < 3 else 11)
    if horizontal:
        ax.set_yticks(idx, spec.labels)
        ax.invert_yaxis()
        ax.margins(x=0.12)
    else:
        ax.set_xticks(idx, spec.labels)
        ax.margins(y=0.12)
        if max((len(s) for s in spec.labels), default=0) * len(idx) > 60:
            for t in ax.get_xticklabels():
                t.set_rotation(20)
                t.set_horizontalalignment("right")
    _value_axis(ax, spec, horizontal)
    if stacked:
        totals = bottoms
        if horizontal:
            ax.set_xlim(0, max(totals) * 1.08)
        else:
            ax.set_ylim(0, max(totals) * 1.08)
    _legend(ax, spec)


def _line(ax: Any, spec: ChartSpec) -> None:
    idx = list(range(len(spec.labels)))
    for j, (name, values) in enumerate(spec.series):
        color = spec.palette[j % len(spec.palette)]
        ax.plot(idx, values, marker="o", linewidth=2.5, markersize=7, color=color, label=name)
        if len(idx) <= 12:
            for x, v in zip(idx, values):
                ax.annotate(format_value(v, spec.unit), (x, v), textcoords="offset points",
                            xytext=(0, 9), ha="center", fontsize=12, color=color)
    ax.set_xticks(idx, spec.labels)
    ax.margins(x=0.06, y=0.18)
    _value_axis(ax, spec)
    _legend(ax, spec)


def _pie(ax: Any, spec: ChartSpec, donut: bool = False) -> None:
    _name, values = spec.series[0]
    total = sum(values)
    colors = _colors(spec, len(values))

    def label(pct: float) -> str:
        v = pct * total / 100
        if spec.unit and spec.unit.strip() in ("%", "％"):
            return format_value(v, "%")
        return f"{pct:.0f}%" if not spec.unit else f"{format_value(v, spec.unit)}"

    _wedges, _texts, autotexts = ax.pie(
        values, labels=spec.labels, colors=colors, autopct=label, startangle=90,
        counterclock=False, pctdistance=0.78 if donut else 0.62, labeldistance=1.08,
        wedgeprops={"width": 0.42, "edgecolor": "white", "linewidth": 2} if donut
        else {"edgecolor": "white", "linewidth": 2},
        textprops={"fontsize": 14})
    for t in autotexts:
        t.set_color("white")
        t.set_fontweight("bold")
        t.set_fontsize(13)
    if donut and axis_unit(spec.unit):
        ax.text(0, 0, axis_unit(spec.unit), ha="center", va="center", fontsize=13,
                color="#4B5563")
    ax.set_aspect("equal")


_DRAW: dict[str, Callable[[Any, ChartSpec], None]] = {
    "bar": lambda ax, s: _bars(ax, s, horizontal=False, stacked=False),
    "grouped-bar": lambda ax, s: _bars(ax, s, horizontal=False, stacked=False),
    "barh": lambda ax, s: _bars(ax, s, horizontal=True, stacked=False),
    "stacked-bar": lambda ax, s: _bars(ax, s, horizontal=False, stacked=True),
    "line": _line,
    "pie": lambda ax, s: _pie(ax, s),
    "donut": lambda ax, s: _pie(ax, s, donut=True),
}
