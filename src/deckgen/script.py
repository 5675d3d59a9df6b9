"""The rehearsal script: each presenter's slides, notes and timings as Markdown. Pure."""

from __future__ import annotations

from typing import Any

from .errors import DeckgenError

_WORDS = {
    "zh": {
        "heading": "{title}：讲稿", "summary": "共 {n} 页，预计 {total} 分钟{target}。",
        "target": "（计划 {d} 分钟）", "who": "汇报人", "slides": "页", "minutes": "分钟",
        "section": "{who}（{n} 页，约 {m} 分钟）",
        "slide": "第 {n} 页 · {title}", "timing": "{start}–{end}，约 {m} 分钟",
        "no_notes": "（本页没有讲稿）",
    },
    "en": {
        "heading": "{title}: rehearsal script",
        "summary": "{n} slides, about {total} min{target}.",
        "target": " ({d} min planned)", "who": "presenter", "slides": "slides",
        "minutes": "minutes", "section": "{who} ({n} slides, about {m} min)",
        "slide": "Slide {n} · {title}", "timing": "{start}–{end}, about {m} min",
        "no_notes": "(no notes on this slide)",
    },
}


def clock(seconds: float) -> str:
    """Seconds into the talk as m:ss."""
    s = round(seconds)
    return f"{s // 60}:{s % 60:02d}"


def presenters(report: Any) -> list[str]:
    """The presenters in the order they first speak."""
    out: list[str] = []
    for st in report.timing.slides:
        if st.presenter not in out:
            out.append(st.presenter)
    return out


def _paragraphs(notes: str) -> list[str]:
    # One line of notes is one spoken paragraph; Markdown needs a blank line between them.
    return [line.strip() for line in notes.splitlines() if line.strip()]


def rehearsal_script(report: Any, presenter: str | None = None) -> str:
    """Markdown: per presenter, their slides in order with number, title, time and notes."""
    plan, timing = report.plan, report.timing
    w = _WORDS["zh" if plan.language.lower().startswith("zh") else "en"]
    people = presenters(report)
    if presenter is not None and presenter not in people:
        raise DeckgenError(f"no presenter named '{presenter}' in this outline; the presenters "
                           f"are: {', '.join(people)}")
    chosen = [presenter] if presenter is not None else people
    rows = list(zip(timing.slides, plan.slides))
    target = w["target"].format(d=f"{timing.duration:g}") if timing.duration else ""
    lines = [f"# {w['heading'].format(title=plan.title)}", "",
             w["summary"].format(n=len(rows), total=f"{timing.total_minutes:.1f}",
                                 target=target), "",
             f"| {w['who']} | {w['slides']} | {w['minutes']} |", "|---|---:|---:|"]
    for who in chosen:
        mine = [st for st, _ in rows if st.presenter == who]
        lines.append(f"| {who} | {len(mine)} | {sum(st.seconds for st in mine) / 60:.1f} |")
    for who in chosen:
        mine = [(st, sp) for st, sp in rows if st.presenter == who]
        minutes = sum(st.seconds for st, _ in mine) / 60
        lines += ["", f"## {w['section'].format(who=who, n=len(mine), m=f'{minutes:.1f}')}"]
        for st, sp in mine:
            when = w["timing"].format(start=clock(st.start), end=clock(st.start + st.seconds),
                                      m=f"{st.seconds / 60:.1f}")
            lines += ["", f"### {w['slide'].format(n=st.number, title=st.title)}", "",
                      f"*{when}*", ""]
            paras = _paragraphs(sp.notes)
            lines.append("\n\n".join(paras) if paras else f"*{w['no_notes']}*")
    return "\n".join(lines) + "\n"
