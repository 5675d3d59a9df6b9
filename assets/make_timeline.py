"""The timeline picture of the sample talk (assets/ai_timeline.png), in deckgen's shipped font.

Run: .venv/bin/python assets/make_timeline.py
"""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib import font_manager as fm

from deckgen import fontset

for bold in (False, True):
    fm.fontManager.addfont(str(fontset.cjk_font_path(bold)))
    fm.fontManager.addfont(str(fontset.latin_font_path(bold)))
plt.rcParams["font.family"] = [fontset.LATIN_FAMILY, fontset.CJK_FAMILY]
US, CN, GRAY = "#1F4E79", "#B22222", "#595959"
# (x position, year label, text, side, colour)
events = [
    (0, "2013", "美国推出\n智慧城市等\nAI 计划", 1, US, 1.0),
    (1, "2016", "美国将 AI\n上升为\n国家战略", -1, US, 1.0),
    (2, "2016", "中国超算\n上榜数量\n居全球第一", 1, CN, 1.0),
    (3, "2017", "中国发布\n《新一代人工\n智能发展规划》", -1, CN, 1.0),
    (4, "2022.11", "ChatGPT\n发布", 1, US, 1.0),
    (5, "2025 初", "DeepSeek\n横空出世", -1, CN, 1.0),
    (6, "2025.04", "中央政治局\n会议强调\n“自力更生”", 1, CN, 1.0),
    (7, "2030", "中国目标：\nAI 产业达\n1000 亿美元", -1, CN, 1.0),
]
fig, ax = plt.subplots(figsize=(14.5, 5.6), dpi=150)
ax.set_xlim(-0.7, 7.7)
ax.set_ylim(-2.45, 2.45)
ax.axis("off")
ax.plot([-0.5, 7.5], [0, 0], color=GRAY, lw=3, zorder=1, solid_capstyle="round")
for x, yr, txt, side, c, h in events:
    ax.plot([x, x], [0, side * h], color=c, lw=2, zorder=2)
    ax.scatter([x], [0], s=220, color=c, zorder=3, edgecolor="white", linewidth=2.5)
    ax.text(x, side * 0.34 * -1, yr, ha="center", va="center", fontsize=20, color=c,
            fontweight="bold")
    ax.text(x, side * (h + 0.1), txt, ha="center", va="bottom" if side > 0 else "top",
            fontsize=19, color="#222222", linespacing=1.3,
            bbox=dict(boxstyle="round,pad=0.45", fc="white", ec=c, lw=1.6))
ax.scatter([], [], s=160, color=US, label="美国")
ax.scatter([], [], s=160, color=CN, label="中国")
ax.legend(loc="lower left", fontsize=19, frameon=False, ncol=1, bbox_to_anchor=(0.0, 0.02))
fig.subplots_adjust(left=0.01, right=0.99, top=0.98, bottom=0.02)
fig.savefig(Path(__file__).resolve().parent / "ai_timeline.png", dpi=120, facecolor="white")
