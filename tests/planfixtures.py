"""Positioned decks made by hand, for the renderers' tests: one slide of every shape kind."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PIL import Image as PILImage

from deckgen.deckplan import (
    Bullet,
    Cell,
    ChartFrame,
    ChartSpec,
    DeckPlan,
    Paragraph,
    Picture,
    Properties,
    Rectangle,
    Section,
    Shape,
    Slide,
    Table,
    TextBox,
)
from deckgen.layout import placed
from deckgen.primitives import Fonts, Insets, Rect
from deckgen.template.files import default_theme

FONTS = Fonts("Calibri", "Microsoft YaHei")
TWINS = (("Calibri", "Carlito"), ("Arial", "Liberation Sans"))
PALETTE = ("#B22222", "#1F4E79", "#D4A017", "#2E8B57", "#7F7F7F", "#6A5ACD")
TITLE = "我们必须赶上 <&\"AI\">"
BULLETS = ("中国：这一轮科技革命不容错过", "人工智能：重塑生产与生活，", "也重塑科研")
CHART = ChartSpec(name="01-02-chart", type="bar", labels=("美国", "中国", "其他"),
                  series=(("算力占比", (32.0, 26.0, 42.0)),), unit="%", log=False,
                  native=False, palette=PALETTE, language="zh-CN")


def para(text: str, size: float, lines: tuple[str, ...] | None = None, *,
         color: str = "#1F2937", **kw: Any) -> Paragraph:
    """A paragraph whose lines are given (or the text as one line), 1.2 em per line."""
    return Paragraph(text=text, size=size, lines=lines or (text,), color=color,
                     line_height=size * 1.2, **kw)


def _placed(shapes: tuple[Shape, ...]) -> tuple[Shape, ...]:
    """The shapes with their lines placed, as layout hands them to the renderers."""
    return tuple(placed(s) for s in shapes)


def write_picture(path: Path, size: tuple[int, int] = (40, 30)) -> Path:
    """A small PNG picture at path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    PILImage.new("RGB", size, "#3366CC").save(path)
    return path


def title_box(text: str = TITLE) -> TextBox:
    """A content slide's title placeholder."""
    return TextBox("Title", "title", Rect(43.2, 25.2, 873.6, 61.2), (para(text, 32, bold=True),),
                   FONTS, anchor="b", placeholder="title")


def every_kind(picture: Path) -> Slide:
    """A slide with a text box of each kind of paragraph, a rectangle, a picture, a table,
    a chart and a slide number."""
    body = TextBox("Body", "body", Rect(43.2, 111.6, 420.0, 200.0), (
        para(BULLETS[0], 24, bullet=Bullet("•", "#B22222"), margin_left=22.5, indent=-22.5,
             space_before=10),
        para(BULLETS[1] + BULLETS[2], 24, (BULLETS[1], BULLETS[2]),
             bullet=Bullet("•", "#B22222"), margin_left=22.5, indent=-22.5, space_before=10),
        para("Sub point, centred", 19, level=1, margin_left=54, space_before=5, align="ctr"),
    ), FONTS, placeholder="body")
    table = Table("Table", Rect(480.0, 111.6, 400.0, 90.0), (150.0, 250.0), (30.0, 30.0, 30.0),
                  ((Cell(para("国家", 18, bold=True, color="#FFFFFF"), Rect(480, 111.6, 150, 30),
                         "#B22222"),
                    Cell(para("算力", 18, bold=True, color="#FFFFFF"), Rect(630, 111.6, 250, 30),
                         "#B22222")),
                   (Cell(para("美国", 18), Rect(480, 141.6, 150, 30), "#F3F4F6"),
                    Cell(para("32%", 18, align="r"), Rect(630, 141.6, 250, 30), "#F3F4F6")),
                   (Cell(para("中国", 18), Rect(480, 171.6, 150, 30)),
                    Cell(para("26%", 18, align="r"), Rect(630, 171.6, 250, 30)))), FONTS,
                  Insets(5.76, 3.6, 5.76, 3.6), "ctr", "#FFFFFF", 1.0)
    shapes = (
        title_box(),
        body,
        Rectangle("Accent", Rect(43.2, 93.6, 57.6, 3.6), "#B22222"),
        Picture("Picture", Rect(480.0, 220.0, 120.0, 90.0), picture, alt="一张蓝色的图片"),
        Picture("Logo", Rect(620.0, 220.0, 40.0, 30.0), picture, decorative=True),
        table,
        ChartFrame("Chart", Rect(43.2, 330.0, 400.0, 180.0), CHART, alt="全球算力分布柱状图"),
        TextBox("Caption", "caption", Rect(480.0, 330.0, 400.0, 60.0),
                (para("Fill & anchor: middle", 16, align="r"),), FONTS, anchor="ctr",
                fill="#F3F4F6"),
        TextBox("Slide Number", "slide-number", Rect(859.2, 504.0, 57.6, 21.6),
                (para("‹#›", 10, field="slidenum", align="r"),), FONTS, placeholder="sldNum"),
    )
    return Slide(2, "bullets", TITLE, "content", _placed(shapes), "讲稿：第二页。", "#FFFFFF",
                 key=("chapters", 0, "slides", 0), chapter=0, presenter="汇报人甲")


def cover() -> Slide:
    """A title slide: centred title and subtitle, bottom- and top-anchored."""
    shapes = (
        TextBox("Title", "title", Rect(43.2, 136.8, 873.6, 165.6),
                (para("中美人工智能领域的竞赛", 44, bold=True, color="#FFFFFF"),), FONTS,
                anchor="b", placeholder="ctrTitle"),
        TextBox("Subtitle", "subtitle", Rect(43.2, 334.8, 873.6, 108.0),
                (para("从 AI 看中国", 22, color="#FFFFFF"),), FONTS, placeholder="subTitle"),
    )
    return Slide(1, "title", "中美人工智能领域的竞赛", "title", _placed(shapes), "大家好。",
                 "#1F3A5F",
                 key=("deck",), presenter="汇报人甲")


def chart_slide(number: int = 3) -> Slide:
    """A chart slide as layout gives it: title and chart frame."""
    return Slide(number, "chart", "全球算力分布", "title_only",
                 _placed((title_box("全球算力分布"), ChartFrame(
                     "Chart", Rect(43.2, 111.6, 873.6, 374.4), CHART))), "美国占百分之三十二。",
                 "#FFFFFF",
                 key=("chapters", 0, "slides", 1), chapter=0, presenter="汇报人乙")


def deck(picture: Path, *, template: Path | None = None, slides: tuple[Slide, ...] | None = None,
         width: float = 960.0, height: float = 540.0) -> DeckPlan:
    """A three-slide deck: cover, every kind, chart."""
    return DeckPlan(width=width, height=height,
                    slides=slides or (cover(), every_kind(picture), chart_slide()),
                    language="zh-CN", title="中美人工智能领域的竞赛", authors=("汇报人甲",),
                    chapters=(("研究背景和意义", "汇报人甲"),), duration=20, speaking_rate=None,
                    fonts=FONTS, title_fonts=FONTS, palette=PALETTE, template=template,
                    drawn_on=template or default_theme("16:9" if width / height > 1.5 else "4:3"),
                    template_hash="", notes_size=12.0,
                    sections=(Section("开场", (1,)), Section("研究背景和意义（汇报人甲）", (2, 3))),
                    properties=Properties("中美人工智能领域的竞赛", "汇报人甲", "zh-CN",
                                          "Built by deckgen from an outline.", "deckgen"),
                    theme_palette=PALETTE, twins=TWINS)
