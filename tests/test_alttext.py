"""Chart and picture alt text: written from the data, in the deck's language."""

from __future__ import annotations

import pytest

from deckgen import alttext
from deckgen.alttext import chart_alt, picture_alt

YEARS = ["2019", "2020", "2021", "2022", "2023", "2024", "2025", "2026", "2027", "2028"]


def test_the_issues_example() -> None:
    assert chart_alt("bar", ["2015 年", "2023 年"], [("FDA 批准的 AI 医疗设备", (6, 223))],
                     title="AI 走进医疗", unit="项",
                     source="斯坦福大学《2025 年 AI 指数报告》", language="zh-CN") == (
        "柱状图：FDA 批准的 AI 医疗设备（项）：2015 年 6，2023 年 223。"
        "来源：斯坦福大学《2025 年 AI 指数报告》。")


@pytest.mark.parametrize(("kind", "zh", "en"), [
    ("bar", "柱状图：投资（亿元）：美国 10，中国 1。",
     "Bar chart of Investment (亿元): 美国: 10, 中国: 1."),
    ("barh", "条形图：投资（亿元）：美国 10，中国 1。",
     "Horizontal bar chart of Investment (亿元): 美国: 10, 中国: 1."),
    ("line", "折线图：投资（亿元）：美国 10，中国 1。",
     "Line chart of Investment (亿元): 美国: 10, 中国: 1."),
    ("stacked-bar", "堆积柱状图：投资（亿元）：美国 10，中国 1。",
     "Stacked bar chart of Investment (亿元): 美国: 10, 中国: 1."),
    ("grouped-bar", "簇状柱状图：投资（亿元）：美国 10，中国 1。",
     "Grouped bar chart of Investment (亿元): 美国: 10, 中国: 1."),
    ("pie", "饼图：投资（亿元）：美国 10（91%），中国 1（9%）。",
     "Pie chart of Investment (亿元): 美国: 10 (91%), 中国: 1 (9%)."),
    ("donut", "环形图：投资（亿元）：美国 10（91%），中国 1（9%）。",
     "Donut chart of Investment (亿元): 美国: 10 (91%), 中国: 1 (9%)."),
])
def test_every_chart_type_in_both_languages(kind: str, zh: str, en: str) -> None:
    labels = ["美国", "中国"]
    assert chart_alt(kind, labels, [("投资", (10, 1))], unit="亿元", language="zh-CN") == zh
    assert chart_alt(kind, labels, [("Investment", (10, 1))], unit="亿元", language="en") == en


def test_a_short_unit_goes_on_every_value_as_the_chart_prints_it() -> None:
    assert chart_alt("bar", ["美国", "中国"], [("高质量论文数量（以中国为 1）", (2, 1))],
                     unit="倍") == "柱状图：高质量论文数量（以中国为 1）：美国 2倍，中国 1倍。"


def test_values_keep_the_charts_decimals() -> None:
    assert chart_alt("line", ["一月", "二月", "三月"], [("增速", (1.5, 2, 12.25))],
                     unit="%") == "折线图：增速：一月 1.50%，二月 2.00%，三月 12.25%。"


def test_missing_unit_and_missing_series_name_fall_back_to_the_title() -> None:
    assert chart_alt("bar", ["2015", "2023"], [("", (6, 223))], title="AI 医疗设备") == \
        "柱状图：AI 医疗设备：2015 6，2023 223。"
    assert chart_alt("bar", ["2015", "2023"], [(" ", (6, 223))], language="en") == \
        "Bar chart: 2015: 6, 2023: 223."


@pytest.mark.parametrize(("values", "unit", "zh", "en"), [
    ((32, 26, 42), "%", "美国 32%，中国 26%，其他 42%", "US: 32%, China: 26%, Other: 42%"),
    ((32, 26, 42), None, "美国 32%，中国 26%，其他 42%", "US: 32%, China: 26%, Other: 42%"),
    ((1, 2, 1), None, "美国 25%，中国 50%，其他 25%", "US: 25%, China: 50%, Other: 25%"),
    ((100, 250, 650), "亿元", "美国 100（10%），中国 250（25%），其他 650（65%）",
     "US: 100 (10%), China: 250 (25%), Other: 650 (65%)"),
])
def test_pies_give_shares(values: tuple[float, ...], unit: str | None, zh: str,
                          en: str) -> None:
    labels_zh, labels_en = ["美国", "中国", "其他"], ["US", "China", "Other"]
    scale_zh = f"（{unit}）" if unit and unit != "%" else ""
    scale_en = f" ({unit})" if unit and unit != "%" else ""
    assert chart_alt("pie", labels_zh, [("算力占比", values), ("不画", (1, 1, 1))],
                     unit=unit) == f"饼图：算力占比{scale_zh}：{zh}。"
    assert chart_alt("donut", labels_en, [("Compute", values)], unit=unit,
                     language="en") == f"Donut chart of Compute{scale_en}: {en}."


def test_several_series_read_one_after_another_under_the_title() -> None:
    series = [("美国", (100, 120)), ("中国", (50, 60.5))]
    assert chart_alt("grouped-bar", ["2022 年", "2023 年"], series, title="AI 投资",
                     unit="亿美元", source="Internet Law Review") == (
        "簇状柱状图：AI 投资（亿美元）。美国：2022 年 100.0，2023 年 120.0；"
        "中国：2022 年 50.0，2023 年 60.5。来源：Internet Law Review。")
    assert chart_alt("stacked-bar", ["2022", "2023"], [("US", (100, 120)), ("China", (50, 60))],
                     title="AI investment", unit="USD bn", language="en") == (
        "Stacked bar chart of AI investment (USD bn). US: 2022: 100, 2023: 120. "
        "China: 2022: 50, 2023: 60.")


def test_a_long_series_gives_ends_extremes_and_trend() -> None:
    values = (3, 5, 4, 8, 9, 12, 15, 14, 20, 25)
    assert chart_alt("line", YEARS, [("论文", values)], unit="千篇") == (
        "折线图：论文（千篇）：共 10 项，从 2019 的 3 到 2028 的 25；"
        "最高为 2028 的 25，最低为 2019 的 3；有升有降，总体上升。")
    assert chart_alt("line", YEARS, [("Papers", values)], unit="thousand", language="en") == (
        "Line chart of Papers (thousand): 10 categories, from 3 (2019) to 25 (2028); "
        "highest 25 (2028), lowest 3 (2019); up and down, higher at the end.")


@pytest.mark.parametrize(("values", "zh", "en"), [
    (tuple(range(10)), "总体上升", "rising overall"),
    (tuple(range(10, 0, -1)), "总体下降", "falling overall"),
    ((5,) * 10, "保持不变", "unchanged"),
    ((5, 9, 1, 9, 1, 9, 1, 9, 1, 2), "有升有降，总体下降", "up and down, lower at the end"),
    ((5, 9, 1, 9, 1, 9, 1, 9, 1, 5), "有升有降", "up and down"),
])
def test_trends(values: tuple[float, ...], zh: str, en: str) -> None:
    assert chart_alt("bar", YEARS, [("x", values)]).endswith(f"；{zh}。")
    assert chart_alt("bar", YEARS, [("x", values)], language="en").endswith(f"; {en}.")


def test_a_long_pie_gives_its_largest_and_smallest_slice() -> None:
    shares = (30, 20, 10, 10, 8, 7, 6, 5, 3, 1)
    assert chart_alt("pie", list("ABCDEFGHIJ"), [("份额", shares)], unit="%") == \
        "饼图：份额：共 10 项，最大为 A 的 30%，最小为 J 的 1%。"


def test_eight_categories_are_still_read_out() -> None:
    text = chart_alt("bar", YEARS[:8], [("x", tuple(range(8)))], language="en")
    assert text == ("Bar chart of x: 2019: 0, 2020: 1, 2021: 2, 2022: 3, 2023: 4, "
                    "2024: 5, 2025: 6, 2026: 7.")


def test_a_log_axis_is_mentioned() -> None:
    labels = ["星际之门（下限）", "星际之门（上限）", "中国国家 AI 初创企业基金"]
    assert chart_alt("barh", labels, [("投资规模", (1000, 5000, 82))], unit="亿美元",
                     log=True, source="《中美AI竞争报告》，Internet Law Review。") == (
        "条形图：投资规模（亿美元，对数坐标）：星际之门（下限）1,000，星际之门（上限）5,000，"
        "中国国家 AI 初创企业基金 82。来源：《中美AI竞争报告》，Internet Law Review。")
    assert chart_alt("bar", ["a", "b"], [("x", (1, 100))], log=True, language="en") == \
        "Bar chart of x (logarithmic scale): a: 1, b: 100."


def test_other_languages_fall_back_to_english() -> None:
    assert chart_alt("bar", ["a"], [("x", (1,))], language="fr-FR", source="INSEE.") == \
        "Bar chart of x: a: 1. Source: INSEE."
    assert alttext.texts("zh-TW") is alttext.TEXTS["zh"]


def test_both_languages_name_the_same_phrases() -> None:
    assert alttext.TEXTS["zh"].keys() == alttext.TEXTS["en"].keys()


@pytest.mark.parametrize(("alt", "caption", "out"), [
    ("  中美 AI  发展时间线 ", "图注", "中美 AI 发展时间线"),
    (None, "图注：1956 年至今", "图注：1956 年至今"),
    ("   ", "图注", "图注"),
    (None, None, None),
    ("", "  ", None),
])
def test_picture_alt_is_the_alt_else_the_caption(alt: str | None, caption: str | None,
                                                 out: str | None) -> None:
    assert picture_alt(alt, caption) == out


def test_a_unit_the_name_already_gives_is_not_repeated() -> None:
    assert chart_alt("barh", ["中国", "美国"], [("用户规模（亿人）", (9.69, 0.56))],
                     unit="亿人", language="zh-CN") == "条形图：用户规模（亿人）：中国 9.69，美国 0.56。"
