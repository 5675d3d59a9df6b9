"""Property tests: random valid outlines build valid decks; random damage never crashes."""

from __future__ import annotations

import copy
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from PIL import Image
from pptx import Presentation

from deckgen.pipeline import build
from deckgen.rules import CHART_TYPES
from test_hostile import PROBLEM_LINE, deck_text, run_cli


def bounded(examples: int) -> settings:
    """Few examples, no deadline: each one builds a whole deck."""
    return settings(max_examples=examples, deadline=None, database=None, print_blob=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])

CJK = "中美人工智能领域的竞赛汇报人甲乙丙丁算力芯片。，、：“”《》"
EMOJI = ["😀", "🇨🇳", "👩‍💻", "🚀", "🤖", "❤️", "✅"]
RTL = "مرحبا بالعالم שלום עולם"
MARKUP = "<>&\"'/;:#-[]{}|*!%@`"

# Every character but those XML cannot hold (Cc, Cs, U+FFFE/U+FFFF are in Cc/Cs/Cn), and
# line/paragraph separators, which a text box turns into breaks.
ANY_CHAR = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Cn", "Zl", "Zp"))
CHARS = st.one_of(ANY_CHAR, st.sampled_from(CJK), st.sampled_from(EMOJI), st.sampled_from(RTL),
                  st.sampled_from(MARKUP), st.sampled_from("abc XYZ 123"))
TEXT = st.lists(CHARS, min_size=1, max_size=18).map(lambda cs: " ".join("".join(cs).split())) \
    .filter(bool)


def small(strategy: st.SearchStrategy[Any], lo: int = 1, hi: int = 3) -> st.SearchStrategy[Any]:
    return st.lists(strategy, min_size=lo, max_size=hi)


@st.composite
def charts(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(CHART_TYPES))
    labels = draw(small(TEXT, 1, 4, ).filter(lambda ls: len(set(ls)) == len(ls)))
    n_series = 1 if kind in ("pie", "donut") else draw(st.integers(1, 3))
    names = draw(st.lists(TEXT, min_size=n_series, max_size=n_series, unique=True))
    value = st.floats(0.5, 1e6, allow_nan=False, allow_infinity=False) if kind in (
        "pie", "donut") else st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
    series = {n: draw(st.lists(value, min_size=len(labels), max_size=len(labels)))
              for n in names}
    chart: dict[str, Any] = {"type": kind, "labels": labels, "series": series,
                             "native": draw(st.booleans())}
    for key in ("unit", "caption", "source"):
        if draw(st.booleans()):
            chart[key] = draw(TEXT)
    return chart


@st.composite
def contents(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(["bullets", "chart", "quote", "table", "table-csv", "image",
                                 "columns", "stats"]))
    bullet = st.one_of(TEXT, st.fixed_dictionaries({"text": TEXT, "sub": small(TEXT, 1, 2)}))
    if kind == "bullets":
        return {"bullets": draw(small(bullet, 1, 4))}
    if kind == "chart":
        return {"chart": draw(charts())}
    if kind == "quote":
        return {"quote": draw(st.fixed_dictionaries({"text": TEXT}, optional={"by": TEXT}))}
    if kind == "table":
        width = draw(st.integers(1, 4))
        row = st.lists(TEXT, min_size=width, max_size=width)
        return {"table": {"header": draw(row), "rows": draw(small(row, 1, 3))}}
    if kind == "table-csv":
        return {"table": {"csv": "data/table.csv"}}
    if kind == "image":
        return {"image": draw(st.one_of(st.just("pic.png"), st.fixed_dictionaries(
            {"path": st.just("pic.png")}, optional={"caption": TEXT})))}
    if kind == "columns":
        column = st.fixed_dictionaries({"heading": TEXT, "bullets": small(bullet, 1, 3)})
        return {"columns": draw(small(column, 2, 3))}
    stat = st.fixed_dictionaries({"value": TEXT, "label": TEXT})
    return {"stats": draw(small(stat, 1, 4))}


@st.composite
def outlines(draw: st.DrawFn) -> dict[str, Any]:
    def slide() -> dict[str, Any]:
        s = {"title": draw(TEXT), **draw(contents())}
        if draw(st.booleans()):
            s["notes"] = draw(TEXT)
        if draw(st.booleans()):
            s["sources"] = draw(small(TEXT, 1, 2))
        return s

    deck = draw(st.fixed_dictionaries(
        {"title": TEXT},
        optional={"subtitle": TEXT, "authors": small(TEXT, 1, 3), "event": TEXT, "date": TEXT,
                  "language": st.sampled_from(["zh-CN", "en-US", "ar", "he", "ja"]),
                  "agenda": st.booleans(),
                  "closing": st.one_of(st.booleans(), st.fixed_dictionaries(
                      {}, optional={"title": TEXT, "subtitle": TEXT})),
                  "theme": st.fixed_dictionaries({}, optional={
                      "aspect": st.sampled_from(["16:9", "4:3"]),
                      "palette": small(st.sampled_from(["#B22222", "#1F4E79", "#00AA00"]), 1, 3),
                  })}))
    chapters = []
    for _ in range(draw(st.integers(1, 2))):
        ch = {"title": draw(TEXT), "slides": [slide() for _ in range(draw(st.integers(1, 3)))]}
        if draw(st.booleans()):
            ch["presenter"] = draw(TEXT)
        chapters.append(ch)
    return {"deck": deck, "chapters": chapters}


def assets(folder: Path) -> None:
    Image.new("RGB", (320, 200), "#1F4E79").save(folder / "pic.png")
    (folder / "data").mkdir()
    (folder / "data" / "table.csv").write_text("项目,数值,🚀\n甲 <&>,1,שלום\n乙,2,😀\n",
                                               encoding="utf-8")


def squash(text: str) -> str:
    """Text without whitespace: wrapping and fitting may break lines anywhere."""
    return re.sub(r"\s+", "", text)


@bounded(int(os.environ.get('DECKGEN_PROPERTY_EXAMPLES', 30)))
@given(outline=outlines())
def test_random_valid_outlines_build_valid_decks(outline: dict[str, Any],
                                                 ooxml_validator: Callable[..., str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        assets(folder)
        path = folder / "outline.yaml"
        path.write_text(yaml.safe_dump(outline, allow_unicode=True), encoding="utf-8")
        report = build(path, folder / "out.pptx")
        ooxml_validator(report.output)
        seen = squash(deck_text(report.output))
        assert squash(outline["deck"]["title"]) in seen
        for ch in outline["chapters"]:
            assert squash(ch["title"]) in seen
            for s in ch["slides"]:
                assert squash(s["title"]) in seen
                for b in s.get("bullets", []):
                    assert squash(b if isinstance(b, str) else b["text"]) in seen
                if "quote" in s:
                    assert squash(s["quote"]["text"]) in seen
                if "notes" in s:
                    assert squash(s["notes"]) in seen


# ------------------------------------------------------------------ damage

VALID: dict[str, Any] = {
    "deck": {"title": "中美人工智能领域的竞赛", "subtitle": "副标题", "authors": ["甲", "乙"],
             "date": "2025-05-20", "duration": 20, "closing": {"title": "谢谢"},
             "theme": {"aspect": "16:9", "palette": ["#B22222"]}},
    "chapters": [
        {"title": "第一章", "presenter": "甲", "notes": "开场。", "slides": [
            {"title": "要点", "bullets": ["一", {"text": "二", "sub": ["二点一"]}],
             "notes": "讲稿。", "sources": ["来源"]},
            {"title": "图表", "chart": {"type": "bar", "labels": ["美国", "中国"],
                                       "series": {"占比": [32, 26]}, "unit": "%",
                                       "source": "资料"}, "notes": "讲稿。"},
            {"title": "引文", "quote": {"text": "我们必须赶上。", "by": "某人"}},
        ]},
        {"title": "第二章", "slides": [
            {"title": "表格", "table": {"header": ["a", "b"], "rows": [["1", "2"]]}},
            {"title": "表格 CSV", "table": {"csv": "data/table.csv"}},
            {"title": "图片", "image": {"path": "pic.png", "caption": "图"}},
            {"title": "对比", "columns": [{"heading": "美", "bullets": ["x"]},
                                         {"heading": "中", "bullets": ["y"]}]},
            {"title": "数字", "stats": [{"value": "910", "label": "EFLOPS"}]},
            {"title": "原生", "chart": {"type": "pie", "labels": ["a", "b"],
                                       "series": {"s": [1, 2]}, "native": True}},
        ]},
    ],
}

JUNK = st.one_of(
    st.none(), st.booleans(), st.integers(-10**30, 10**30),
    st.floats(allow_nan=True, allow_infinity=True), TEXT, st.just(""), st.just([]),
    st.just({}), small(TEXT, 1, 3), st.dictionaries(TEXT, TEXT, max_size=2),
    st.sampled_from(["pie", "#GGGGGG", "16:10", "../outside.png", "missing.csv", "4:3",
                     "pic.png", "data/table.csv", "~/x.png", "/etc/passwd", "-1", "1e999",
                     "true", "null", "2025-02-30", "\\x01"]))


def places(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key path inside `node`."""
    out = [path] if path else []
    if isinstance(node, dict):
        for k, v in node.items():
            out += places(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += places(v, (*path, i))
    return out


def mutate(data: Any, draw: st.DrawFn) -> Any:
    path = draw(st.sampled_from(places(data)))
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    op = draw(st.sampled_from(["delete", "rename", "junk", "junk", "wrap", "unwrap", "copy"]))
    if op == "delete":
        del parent[last]
    elif op == "rename" and isinstance(parent, dict):
        new = draw(st.one_of(TEXT, st.sampled_from(
            [last[:-1] or "x", last + "s", last.upper(), "bulets", "chart", "include", "<<",
             "image", "notes", "stats", "csv"])))
        parent[new] = parent.pop(last)
    elif op == "wrap":
        parent[last] = [parent[last]]
    elif op == "unwrap" and isinstance(parent[last], (list, dict)) and parent[last]:
        inner = parent[last]
        parent[last] = inner[0] if isinstance(inner, list) else next(iter(inner.values()))
    elif op == "copy":
        other = draw(st.sampled_from(places(data)))
        source = data
        for part in other:
            source = source[part]
        parent[last] = copy.deepcopy(source)
    else:
        parent[last] = draw(JUNK)
    return data


@bounded(int(os.environ.get('DECKGEN_PROPERTY_EXAMPLES', 40)))
@given(data=st.data())
def test_damaged_outlines_give_a_deck_or_located_errors(data: st.DataObject) -> None:
    outline = copy.deepcopy(VALID)
    for _ in range(data.draw(st.integers(1, 4), label="mutations")):
        if places(outline):
            outline = mutate(outline, data.draw)
    text = yaml.safe_dump(outline, allow_unicode=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "talk"
        folder.mkdir()
        assets(folder)
        path = folder / "outline.yaml"
        path.write_text(text, encoding="utf-8")
        out = folder / "out" / "deck.pptx"
        code, _, err = run_cli("build", str(path), "-o", str(out))
        event(f"exit {code}")
        assert code in (0, 2), f"exit {code} for:\n{text}\n{err}"
        if code == 2:
            *problems, summary = err.splitlines()
            assert problems, err
            for line in problems:
                assert re.match(PROBLEM_LINE, line), line
            assert re.fullmatch(r"\d+ problems? found; nothing was written\.", summary), err
            assert not out.exists()
        else:
            assert err == ""
            assert len(Presentation(str(out)).slides) >= 3


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "---\n...\n", "~", "[]", "{}", "0",
                                  "deck:", "chapters:", "deck: {title: T}\nchapters: [~]",
                                  "? [a]\n: b", "&a [*a]", "!!binary aGk=", "--- !!set {a}",
                                  "deck: !!timestamp x", "\ufeff", "a: 1\n---\nb: 2"])
def test_degenerate_documents(tmp_path: Path, text: str) -> None:
    (tmp_path / "o.yaml").write_text(text, encoding="utf-8")
    code, _, err = run_cli("build", str(tmp_path / "o.yaml"), "-o", str(tmp_path / "o.pptx"))
    assert code == 2, err
    *problems, summary = err.splitlines()
    for line in problems:
        assert re.match(PROBLEM_LINE, line), line
    assert summary.endswith("found; nothing was written.")
