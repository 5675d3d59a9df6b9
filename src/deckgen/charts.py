"""Stage 4, render charts: ChartSpec → PNG (or SVG, for the PDF export's vectors) with
matplotlib, cached by content hash.

The only module that imports matplotlib, and only when a chart must be drawn. The
style rules (colours, number formats, bar widths, axis steps) live here as plain
functions so native_chart.py draws editable charts the same way."""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import tempfile
import warnings
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from . import __version__, fontset, installed
from .colors import WHITE, best_text, blend, contrast, lighten, readable, required_ratio
from .deckplan import ChartSpec
from .frozen import frozen
from .numfmt import SHORT_UNITS, decimals, format_value, label_places, unit_suffix

DPI = 220
STYLE_VERSION = 7  # bump when the drawing code changes what a chart looks like

# Type sizes in points; the figure is drawn at its size on the slide, so these are the
# sizes the audience sees.
FONT_PT = 16
TICK_PT = 15
VALUE_PT = 15
SMALL_VALUE_PT = 13
LEGEND_PT = 15
GRID = "#E5E7EB"
AXIS = "#9CA3AF"
INK = "#1F2937"
MUTED = "#4B5563"
TICK = "#374151"
PIE_INSIDE_MIN = 0.07  # slices below this share show name and value outside
MAX_BAR_IN = 1.5  # a single bar wider than this looks like a wall
PLOT_SHARE = 0.85  # the part of the chart box the plot area gets, roughly


@frozen
class Rendered:
    """A chart's picture (PNG, or SVG from :func:`render_svg`) and whether it came from
    the cache."""

    name: str
    png: Path
    cached: bool
    missing: tuple[str, ...] = ()


# -- style rules shared with native charts ------------------------------------------------
@frozen
class Ink:
    """A chart's text and line colours, chosen against the background it sits on."""

    background: str
    text: str
    muted: str
    tick: str
    axis: str
    grid: str

    def on(self, fills: Sequence[str], size: float, bold: bool = False) -> str:
        """Label colour inside shapes of these fills (bar segments, slices): white, else
        the chart's dark ink, whichever reads on every fill (else on most)."""
        need = required_ratio(size, bold)
        options = (WHITE, INK)
        for c in options:
            if all(contrast(c, f) >= need for f in fills):
                return c
        return max(options, key=lambda c: min(contrast(c, f) for f in fills))

    def series(self, color: str, size: float, bold: bool = False) -> str:
        """A label in a series' colour, darkened or lightened until it reads."""
        return readable(color, self.background, required_ratio(size, bold))


def ink(spec: ChartSpec) -> Ink:
    """The chart's ink for its background: the usual greys on light slides; on dark ones
    light text, with axis and grid lines mixed from it."""
    bg = spec.background
    text = best_text((INK, WHITE), bg)
    if text == INK:
        return Ink(bg, INK, readable(MUTED, bg), readable(TICK, bg), AXIS, GRID)
    return Ink(bg, text, readable(MUTED, bg), readable(TICK, bg), blend(text, bg, 0.45),
               blend(text, bg, 0.18))


def series_colors(palette: Sequence[str], n: int) -> list[str]:
    """n colours from the palette; past its end, lighter tints, so neighbours never match."""
    out = []
    for i in range(n):
        base = palette[i % len(palette)]
        cycle = i // len(palette)
        out.append(base if cycle == 0 else lighten(base, min(0.3 * cycle, 0.7)))
    if n > 1 and out[-1] == out[0]:  # a pie's last slice touches its first
        out[-1] = lighten(out[-1], 0.45)
    return out


def chart_colors(spec: ChartSpec) -> list[str]:
    """One colour per category for one series (and for pies), else one per series."""
    if spec.type in ("pie", "donut") or (len(spec.series) == 1 and spec.type != "line"):
        return series_colors(spec.palette, len(spec.labels))
    return series_colors(spec.palette, len(spec.series))


def axis_unit(unit: str | None) -> str | None:
    """The unit as an axis label, when it is not short enough to go on every value."""
    return unit if unit and unit.strip() not in SHORT_UNITS else None


def axis_title(spec: ChartSpec) -> str | None:
    """The value axis caption: "单位：亿元" in Chinese decks, the bare unit otherwise."""
    unit = axis_unit(spec.unit)
    if unit is None:
        return None
    return f"单位：{unit}" if spec.language.lower().startswith("zh") else unit


def label_decimals(spec: ChartSpec) -> int:
    """Decimals of the value labels: the same for every label of a chart."""
    return label_places([v for _, vs in spec.series for v in vs], spec.log)


def nice_step(span: float, ticks: int = 5) -> float:
    """A 1-2-2.5-5 step that cuts span into about `ticks` parts."""
    if span <= 0 or not math.isfinite(span):
        return 1.0
    raw = span / ticks
    mag = 10 ** math.floor(math.log10(raw))
    return next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw * 0.999)


def value_range(spec: ChartSpec) -> tuple[float, float]:
    """Lowest and highest value the value axis must show (stacks summed; bars from 0)."""
    if spec.type == "stacked-bar":
        n = len(spec.labels)
        tops = [sum(max(vs[i], 0) for _, vs in spec.series) for i in range(n)]
        lows = [sum(min(vs[i], 0) for _, vs in spec.series) for i in range(n)]
        return min(0.0, *lows), max(0.0, *tops)
    values = [v for _, vs in spec.series for v in vs]
    if spec.type == "line":
        return min(values), max(values)
    return min(0.0, *values), max(0.0, *values)


def value_step(spec: ChartSpec) -> float:
    """The value axis's tick step (picture and native chart alike): a nice step for the
    values' range, or for a flat range (one value, or all equal: a line held level) a
    tenth of the value, as viewers widen such an axis around it; a step of 1 drew 58,000
    ticks round a single 585,956 and took minutes."""
    lo, hi = value_range(spec)
    return nice_step(hi - lo if hi > lo else abs(hi) * 0.1)


def log_floor(spec: ChartSpec) -> float:
    """The decade just below the smallest value: where a log axis starts."""
    low = min(v for _, vs in spec.series for v in vs)
    return float(10 ** math.floor(math.log10(low)))


def bar_width(spec: ChartSpec, plot_len_in: float) -> float:
    """Width of one bar as a share of its category slot (a group shares 0.8)."""
    slot = plot_len_in / max(len(spec.labels), 1)
    if spec.type in ("grouped-bar",) or (spec.type in ("bar", "barh") and len(spec.series) > 1):
        return min(0.8, MAX_BAR_IN * len(spec.series) / slot) / len(spec.series)
    return min(0.62, MAX_BAR_IN / slot)


# -- cache --------------------------------------------------------------------------------
def _font_stamp() -> list[tuple[str, int]]:
    paths = [fontset.cjk_font_path(False), fontset.cjk_font_path(True),
             fontset.latin_font_path(False), fontset.latin_font_path(True)]
    return [(p.name, p.stat().st_size) for p in paths]


def cache_key(spec: ChartSpec, width_in: float, height_in: float, fmt: str = "png") -> str:
    """Hash of everything the picture depends on (not the slide's name or position)."""
    mpl = installed.version("matplotlib", "_version.py")
    drawn = {k: v for k, v in asdict(spec).items() if k not in ("name", "native")}
    blob = json.dumps({"spec": drawn, "w": round(width_in, 3), "h": round(height_in, 3),
                       "dpi": DPI, "deckgen": __version__, "matplotlib": mpl,
                       "fonts": _font_stamp(), "style": STYLE_VERSION,
                       **({"format": fmt} if fmt != "png" else {})},
                      ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:32]


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; the PNGs are for sharing
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


MIN_SIDE_IN = 0.25


def render(spec: ChartSpec, width_in: float, height_in: float, *, cache_dir: Path | None,
           out_dir: Path | None = None, fmt: str = "png") -> Rendered:
    """The chart as a PNG (or, with fmt "svg", SVG) file, drawn now or taken from the
    cache."""
    # never a figure without area, whatever box a template's odd geometry gave
    width_in, height_in = max(width_in, MIN_SIDE_IN), max(height_in, MIN_SIDE_IN)
    key = cache_key(spec, width_in, height_in, fmt)
    cached_png = cache_dir / f"{key}.{fmt}" if cache_dir else None
    missing = tuple(fontset.missing_chars(chart_text(spec)))
    if cached_png and cached_png.is_file():
        data, cached = cached_png.read_bytes(), True
    else:
        data, cached = draw(spec, width_in, height_in, known_missing=bool(missing),
                            fmt=fmt), False
        if cached_png:
            _atomic_write(cached_png, data)
    target = (out_dir / f"{spec.name}.{fmt}") if out_dir else cached_png
    if target is None:
        target = Path(tempfile.mkdtemp(prefix="deckgen-")) / f"{spec.name}.{fmt}"
    if target != cached_png and (not target.is_file() or target.read_bytes() != data):
        _atomic_write(target, data)
    return Rendered(spec.name, target, cached, missing)


def render_svg(spec: ChartSpec, width_in: float, height_in: float, *,
               cache_dir: Path | None) -> Rendered:
    """The chart as vectors (SVG, text as outlines), drawn now or taken from the cache."""
    return render(spec, width_in, height_in, cache_dir=cache_dir, fmt="svg")


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


def chart_text(spec: ChartSpec) -> str:
    """Every character a chart of this spec draws, apart from digits."""
    return "".join([*spec.labels, *(n for n, _ in spec.series), spec.unit or "",
                    axis_title(spec) or ""])


# -- drawing ------------------------------------------------------------------------------
_FONTS_READY = False


def _setup_fonts() -> None:
    global _FONTS_READY
    if _FONTS_READY:
        return
    fontset.quiet_fonttools()  # matplotlib's SVG and PDF writers subset with fontTools
    from matplotlib import font_manager

    for bold in (False, True):
        font_manager.fontManager.addfont(str(fontset.latin_font_path(bold)))
        font_manager.fontManager.addfont(str(fontset.cjk_font_path(bold)))
    _FONTS_READY = True


def _rc(ink: Ink) -> Any:
    return {
        "font.family": [fontset.LATIN_FAMILY, fontset.CJK_FAMILY],
        "font.size": FONT_PT,
        "axes.labelsize": FONT_PT,
        "xtick.labelsize": TICK_PT + 1,
        "ytick.labelsize": TICK_PT,
        "legend.fontsize": LEGEND_PT,
        "axes.edgecolor": ink.axis,
        "axes.labelcolor": ink.muted,
        "xtick.color": ink.tick,
        "ytick.color": ink.muted,
        "text.color": ink.text,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.unicode_minus": False,
        "savefig.dpi": DPI,
    }


_SVG_METADATA = re.compile(rb"<metadata>.*?</metadata>\s*", re.S)


def draw(spec: ChartSpec, width_in: float, height_in: float, *,
         known_missing: bool = False, fmt: str = "png") -> bytes:
    """Draw the chart with matplotlib and return PNG bytes, or with fmt "svg" an SVG
    whose text is drawn as outlines (the same glyphs wherever it is shown)."""
    import io

    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    _setup_fonts()
    rc = {**_rc(ink(spec)), "svg.fonttype": "path", "svg.hashsalt": "deckgen"}
    with rc_context(rc), warnings.catch_warnings():
        if known_missing:
            # Already reported as a build warning naming the characters; matplotlib's
            # per-glyph warning would only repeat it. Otherwise it stays an error in tests.
            warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        fig = Figure(figsize=(width_in, height_in), dpi=DPI)
        FigureCanvasAgg(fig)
        if spec.type in ("pie", "donut"):
            _pie(fig, spec, width_in, height_in)
        else:
            ax = fig.add_subplot()
            if spec.type == "line":
                _line(ax, spec, height_in)
            else:
                _bars(ax, spec, width_in, height_in)
            fig.tight_layout(pad=0.4)
        buf = io.BytesIO()
        # Transparent, so the slide's (or the template's) background shows through
        # instead of a white box.
        if fmt == "svg":
            fig.savefig(buf, format="svg", metadata={"Date": None}, transparent=True)
            return _SVG_METADATA.sub(b"", buf.getvalue())  # dates and tool names only
        fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None},
                    transparent=True)
    return buf.getvalue()


def _value_axis(ax: Any, spec: ChartSpec, horizontal: bool = False) -> None:
    from matplotlib.ticker import FixedLocator, FuncFormatter, LogLocator, NullFormatter

    axis = ax.xaxis if horizontal else ax.yaxis
    if spec.log:
        (ax.set_xscale if horizontal else ax.set_yscale)("log")
        lo = log_floor(spec)
        hi = max(v for _, vs in spec.series for v in vs)
        # Under two decades, 1-2-5 ticks; otherwise one tick per decade.
        subs = (1.0, 2.0, 5.0) if hi / lo < 100 else (1.0,)
        axis.set_major_locator(LogLocator(base=10, subs=subs))
        axis.set_minor_formatter(NullFormatter())
        axis.set_major_formatter(FuncFormatter(lambda v, _: format_value(v, spec.unit)))
        if spec.type != "line":
            # Bars start at the decade below the smallest value, as in PowerPoint.
            (ax.set_xlim if horizontal else ax.set_ylim)(lo, None)
    else:
        lo, hi = value_range(spec)
        step = value_step(spec)
        places = decimals([step], 3)
        # ticks up to 8 % over the top value, but never past one span over it, where no
        # view reaches: a level line at 10^13 would otherwise list 10^12 of them
        top = min(math.ceil(hi / step * 1.08), math.ceil((hi + max(hi - lo, step)) / step))
        axis.set_major_locator(FixedLocator(
            [k * step for k in range(math.floor(lo / step), top + 1)]))
        axis.set_major_formatter(FuncFormatter(lambda v, _: format_value(v, spec.unit,
                                                                         places)))
    title = axis_title(spec)
    if title:
        if horizontal:
            ax.set_xlabel(title, color=ink(spec).muted, loc="right")
        else:
            # Upright, above the value axis: Chinese set sideways is hard to read. As an
            # axes title, tight_layout keeps it inside the figure.
            ax.set_title(title, loc="left", fontsize=FONT_PT, color=ink(spec).muted, pad=10)
    ax.grid(axis="x" if horizontal else "y", color=ink(spec).grid, linewidth=0.8)
    ax.set_axisbelow(True)
    ax.tick_params(axis="both", which="both", length=0)
    if horizontal:
        ax.spines["bottom"].set_visible(False)
    else:
        ax.spines["left"].set_visible(False)


def _legend(ax: Any, spec: ChartSpec) -> None:
    if len(spec.series) > 1:
        ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.12),
                  ncol=min(len(spec.series), 5), handlelength=1.2, columnspacing=1.6)


def _bars(ax: Any, spec: ChartSpec, width_in: float, height_in: float) -> None:
    horizontal = spec.type == "barh"
    stacked = spec.type == "stacked-bar"
    n = len(spec.series)
    idx = list(range(len(spec.labels)))
    single = n == 1
    width = bar_width(spec, (height_in if horizontal else width_in) * PLOT_SHARE)
    colors = chart_colors(spec)
    places = label_decimals(spec)
    bottoms = [0.0] * len(idx)
    lo, hi = value_range(spec)
    for j, (name, values) in enumerate(spec.series):
        color: Any = colors if single else colors[j]
        pos = idx if stacked or single else [i + width * (j - (n - 1) / 2) for i in idx]
        bar = ax.barh if horizontal else ax.bar
        kw: dict[str, Any] = {"left" if horizontal else "bottom": bottoms} if stacked else {}
        cont = bar(pos, values, width, color=color, label=name, **kw)
        fmt = [format_value(v, spec.unit, places) for v in values]
        if stacked:
            # A segment too thin for its label stays unlabelled rather than smudged.
            thin = (hi - lo) * 0.045
            seg = [f if abs(v) >= thin else "" for f, v in zip(fmt, values)]
            ax.bar_label(cont, labels=seg, label_type="center",
                         color=ink(spec).on([colors[j]], SMALL_VALUE_PT, True),
                         fontsize=SMALL_VALUE_PT, fontweight="bold")
            bottoms = [b + v for b, v in zip(bottoms, values)]
        else:
            ax.bar_label(cont, labels=fmt, padding=3,
                         fontsize=VALUE_PT if n < 3 else SMALL_VALUE_PT, color=ink(spec).text)
    if horizontal:
        ax.set_yticks(idx, spec.labels)
        # Whole category slots, as PowerPoint lays them out; bar_width counts on it.
        ax.set_ylim(len(idx) - 0.5, -0.5)
        ax.margins(x=0.1)
    else:
        ax.set_xticks(idx, spec.labels)
        ax.set_xlim(-0.5, len(idx) - 0.5)
        ax.margins(y=0.1)
        # Rotate category labels only when they would not fit side by side.
        slot_chars = width_in * PLOT_SHARE / max(len(idx), 1) * 72 / (TICK_PT + 1)
        if max((_text_ems(s) for s in spec.labels), default=0) > slot_chars * 0.95:
            for t in ax.get_xticklabels():
                t.set_rotation(30)
                t.set_horizontalalignment("right")
                t.set_rotation_mode("anchor")
    _value_axis(ax, spec, horizontal)
    _legend(ax, spec)


def _text_ems(s: str) -> float:
    """Rough width of a text in ems: CJK characters one em, others a half."""
    return sum(1.0 if ord(c) > 0x2E80 else 0.55 for c in s)


def _line(ax: Any, spec: ChartSpec, height_in: float) -> None:
    idx = list(range(len(spec.labels)))
    colors = chart_colors(spec)
    places = label_decimals(spec)
    ends: list[tuple[float, str, str]] = []
    for j, (name, values) in enumerate(spec.series):
        ax.plot(idx, values, marker="o", linewidth=2.8, markersize=7, color=colors[j],
                label=name, clip_on=False, zorder=3)
        if len(spec.series) == 1 and len(idx) <= 12:
            for x, v in zip(idx, values):
                ax.annotate(format_value(v, spec.unit, places), (x, v),
                            textcoords="offset points", xytext=(0, 10), ha="center",
                            fontsize=VALUE_PT - 1, color=ink(spec).series(colors[j], VALUE_PT - 1))
        else:
            ends.append((values[-1], format_value(values[-1], spec.unit, places),
                         ink(spec).series(colors[j], VALUE_PT - 1, True)))
    ax.set_xticks(idx, spec.labels)
    ax.margins(x=0.04, y=0.15)
    _value_axis(ax, spec)
    if ends:
        # Several lines: label each line's last value at its end, spread apart so that
        # close lines do not print on top of each other.
        lo, hi = ax.get_ylim()

        def frac(v: float) -> float:
            if spec.log:
                return (math.log10(v) - math.log10(lo)) / (math.log10(hi) - math.log10(lo))
            return (v - lo) / (hi - lo)

        gap = (VALUE_PT * 1.3 / 72) / max(height_in * 0.7, 0.5)
        ys = spread([frac(v) for v, _, _ in ends], gap)
        for (_v, text, color), y in zip(ends, ys):
            ax.annotate(text, (idx[-1], _v), xytext=(1.01, y),
                        textcoords="axes fraction", va="center", ha="left", fontsize=VALUE_PT - 1,
                        color=color, fontweight="bold")
    _legend(ax, spec)


def spread(ys: Sequence[float], gap: float, low: float = -math.inf,
           high: float = math.inf) -> list[float]:
    """Positions as near ys as possible, at least gap apart, kept between low and high."""
    order = sorted(range(len(ys)), key=lambda i: ys[i])
    pos = [ys[i] for i in order]
    for k in range(len(pos)):
        pos[k] = max(pos[k], low if k == 0 else pos[k - 1] + gap)
    for k in range(len(pos) - 1, -1, -1):
        pos[k] = min(pos[k], high if k == len(pos) - 1 else pos[k + 1] - gap)
    out = [0.0] * len(ys)
    for k, i in enumerate(order):
        out[i] = pos[k]
    return out


def _pie(fig: Any, spec: ChartSpec, width_in: float, height_in: float) -> None:
    donut = spec.type == "donut"
    _name, values = spec.series[0]
    total = sum(values)
    colors = chart_colors(spec)
    places = label_decimals(spec)
    percent = unit_suffix(spec.unit) in ("%", "％")
    # The pie fills the height; the y range leaves room for labels above and below.
    ylim = 1.32
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    wedges, *_ = ax.pie(
        values, colors=colors, startangle=90, counterclock=False, radius=1.0,
        wedgeprops={"width": 0.42, "edgecolor": spec.background, "linewidth": 2} if donut
        else {"edgecolor": spec.background, "linewidth": 2})
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_ylim(-ylim, ylim)
    ax.set_xlim(-ylim * width_in / height_in, ylim * width_in / height_in)
    ax.axis("off")

    def value(v: float) -> str:
        if percent or not spec.unit:
            share = v if percent else v / total * 100
            return format_value(share, "%", places if percent else 0)
        return format_value(v, spec.unit, places)

    in_r = 0.79 if donut else 0.63
    per_in = 2 * ylim / height_in  # data units per inch
    gap = (FONT_PT * 1.25 / 72) * per_in
    sides: dict[int, list[tuple[float, float, float, str]]] = {1: [], -1: []}
    pen = ink(spec)
    for w, v, label, fill in zip(wedges, values, spec.labels, colors):
        ang = math.radians((w.theta1 + w.theta2) / 2)
        x, y = math.cos(ang), math.sin(ang)
        inside = v / total >= PIE_INSIDE_MIN
        if inside:
            ax.text(in_r * x, in_r * y, value(v), ha="center", va="center",
                    color=pen.on([fill], VALUE_PT, True),
                    fontsize=VALUE_PT, fontweight="bold")
        text = label if inside else f"{label} {value(v)}"
        sides[1 if x >= 0 else -1].append((x, y, 1.1 * y, text))
    for side, items in sides.items():
        ys = spread([it[2] for it in items], gap, -ylim + gap / 2, ylim - gap / 2)
        for (x, y, y0, text), ny in zip(items, ys):
            lx = side * max(abs(1.1 * x), 0.35) if abs(ny - y0) < gap / 4 else side * max(
                abs(1.1 * x), 1.05 * math.sqrt(max(1 - min(ny, 1) ** 2, 0.0)) + 0.12)
            if abs(ny - y0) >= gap / 4 or abs(y) > 0.92:
                ax.plot([x * 1.0, lx - side * 0.03], [y, ny], color=pen.axis, linewidth=0.9)
            ax.text(lx, ny, text, ha="left" if side > 0 else "right", va="center",
                    fontsize=FONT_PT, color=pen.text)
    if donut and axis_title(spec):
        ax.text(0, 0, axis_title(spec), ha="center", va="center", fontsize=FONT_PT - 1,
                color=pen.muted)
