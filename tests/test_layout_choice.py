"""Layouts by choice: a slide's `layout:` and `theme.layouts` are found by name (case and
spaces ignored) on python-pptx's default template and on LibreOffice's, honoured in the
built deck (reopened: each slide's layout name), refused at file:line:col with
did-you-mean or with the reason a layout cannot hold its slide, listed by `check
--layouts`, offered by `schema --template`; naming deckgen's own choice changes nothing."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from pptx import Presentation

from deckgen import pipeline
from deckgen.errors import OutlineError
from deckgen.template import info as templateinfo
from deckgen.template.opening import open_template
from helpers import run_cli

HERE = Path(__file__).resolve().parent
VALIDATOR = HERE.parents[1] / "shared" / "ooxml" / "validate_pptx.py"
BEEHIVE = HERE / "templates" / "lo-beehive.pptx"
DEFAULT_NAMES = ["Title Slide", "Title and Content", "Section Header", "Two Content",
                 "Comparison", "Title Only", "Blank", "Content with Caption",
                 "Picture with Caption", "Title and Vertical Text", "Vertical Title and Text"]


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DECKGEN_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def default_tpl(folder: Path) -> Path:
    """python-pptx's own default template (4:3, eleven layouts) in the talk's folder."""
    path = folder / "tpl.pptx"
    Presentation().save(str(path))
    return path


def outline(folder: Path, text: str, name: str = "outline.yaml") -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


TALK = """\
deck:
  title: Layouts
  language: en
  agenda: false
  closing: false
  theme:
    template: {template}
    aspect: "{aspect}"{extra}
chapters:
  - title: One
    slides:
      - title: Listed
        layout: {first}
        bullets: [alpha, beta, gamma]
        notes: n
      - title: Quoted
        quote: {{text: Simple is better than complex., by: Tim Peters}}
        notes: n
      - title: Plain list
        bullets: [delta, epsilon]
        notes: n
"""


def _talk(folder: Path, first: str, extra: str = "", template: str = "tpl.pptx",
          aspect: str = "4:3") -> Path:
    return outline(folder, TALK.format(template=template, aspect=aspect, first=first,
                                       extra=extra))


def _problems(path: Path) -> Counter[str]:
    """The OOXML validator's problems per part."""
    out = subprocess.run([sys.executable, str(VALIDATOR), "--max-per-part", "0", str(path)],
                         capture_output=True, text=True, timeout=300, check=False).stdout
    assert re.search(r"\d+ parts checked, \d+ problems", out), out
    return Counter(line.split(":", 1)[0] for line in out.splitlines() if line.startswith("/"))


def valid_on_template(deck: Path, tpl: Path) -> None:
    """The parts deckgen writes pass the OOXML validator; the template's own parts (a
    LibreOffice master's odd values) have no more problems than in the template."""
    if not VALIDATOR.is_file():
        pytest.skip(f"OOXML validator not found at {VALIDATOR}")
    own, got = _problems(tpl), _problems(deck)
    assert {part: n for part, n in got.items() if part.startswith(
        ("/ppt/slides/", "/ppt/notesSlides/", "/ppt/media/", "/ppt/presentation.xml"))} == {}
    assert all(n <= own.get(part, 0) for part, n in got.items()), (got, own)


def _layout_names(pptx: Path) -> list[str]:
    return [s.slide_layout.name for s in Presentation(str(pptx)).slides]


def test_a_slide_names_its_layout_in_any_case_and_spacing(folder: Path, default_tpl: Path,
                                                          ooxml_validator) -> None:
    report = pipeline.build(_talk(folder, '"two  CONTENT"'), folder / "out.pptx")
    # title, divider, the named slide, the quote and the plain list on deckgen's choices
    assert _layout_names(folder / "out.pptx") == [
        "Title Slide", "Section Header", "Two Content", "Title Only", "Title and Content"]
    assert [s.layout for s in report.plan.slides][2] == "m0-l3"
    ooxml_validator(folder / "out.pptx")


def test_a_libreoffice_template_layout_by_name(folder: Path) -> None:
    (folder / "bee.pptx").write_bytes(BEEHIVE.read_bytes())
    path = _talk(folder, "title,2 content", template="bee.pptx", aspect="16:9",
                 extra="\n    layouts: {quote: 'Title, Content'}")
    pipeline.build(path, folder / "out.pptx")
    names = _layout_names(folder / "out.pptx")
    assert names[2:4] == ["Title, 2 Content", "Title, Content"]
    # the list is in the layout's first content placeholder; the empty second one is gone
    listed = Presentation(str(folder / "out.pptx")).slides[2]
    assert [(str(sh.placeholder_format.type).split()[0], sh.text_frame.text)
            for sh in listed.placeholders] == [
        ("TITLE", "Listed"), ("OBJECT", "alpha\nbeta\ngamma"), ("FOOTER", "Layouts"),
        ("SLIDE_NUMBER", "3")]
    valid_on_template(folder / "out.pptx", BEEHIVE)
    path.write_text(path.read_text(encoding="utf-8").replace("title,2 content",
                                                             "Title 2 Contnt"), "utf-8")
    with pytest.raises(OutlineError) as err:
        pipeline.check(path)
    assert str(err.value).splitlines()[0] == (
        "outline.yaml:14:17: chapters[0].slides[0].layout: the template has no layout 'Title "
        "2 Contnt'; did you mean 'Title, 2 Content'? (its layouts: 'Blank Slide', 'Title "
        "Slide', 'Title, Content', 'Title, 2 Content', 'Title Only', 'Centered Text', "
        "'Title, 2 Content and Content', 'Title Content and 2 Content', 'Title, 2 Content "
        "over Content', 'Title, Content over Content', 'Title, 4 Content', 'Title, 6 "
        "Content')")


def test_theme_layouts_maps_kinds_to_layouts(folder: Path, default_tpl: Path,
                                              ooxml_validator) -> None:
    extra = ("\n    layouts: {quote: Comparison, divider: title only, bullets: Content with "
             "Caption}")
    pipeline.build(_talk(folder, "Title and Content", extra), folder / "out.pptx")
    # the slide's own layout: wins over theme.layouts.bullets
    assert _layout_names(folder / "out.pptx") == [
        "Title Slide", "Title Only", "Title and Content", "Comparison", "Content with Caption"]
    ooxml_validator(folder / "out.pptx")


def test_a_cover_on_a_list_layout_keeps_its_lines_off_the_list(folder: Path,
                                                               default_tpl: Path,
                                                               ooxml_validator) -> None:
    """A divider on "Title and Content": "Part 1" is no bullet of the layout's list."""
    extra = "\n    layouts: {divider: Title and Content}"
    report = pipeline.build(_talk(folder, "Two Content", extra), folder / "out.pptx")
    divider = report.plan.slides[1]
    assert [(s.name, s.placeholder) for s in divider.shapes] == [
        ("Title", "title"), ("Subtitle", None)]
    slide = Presentation(str(folder / "out.pptx")).slides[1]
    assert slide.slide_layout.name == "Title and Content"
    assert [sh.is_placeholder for sh in slide.shapes] == [True, False]
    ooxml_validator(folder / "out.pptx")


def test_naming_deckgens_own_choice_changes_nothing(folder: Path, default_tpl: Path) -> None:
    named = pipeline.build(_talk(folder, "Title and Content"), folder / "a.pptx")
    plain = outline(folder, (folder / "outline.yaml").read_text(encoding="utf-8").replace(
        "        layout: Title and Content\n", ""), "plain.yaml")
    auto = pipeline.build(plain, folder / "b.pptx")
    assert [s.shapes for s in named.plan.slides] == [s.shapes for s in auto.plan.slides]
    with zipfile.ZipFile(folder / "a.pptx") as a, zipfile.ZipFile(folder / "b.pptx") as b:
        slides = [n for n in a.namelist() if n.startswith("ppt/slides/slide")]
        assert slides and all(a.read(n) == b.read(n) for n in slides)


def test_a_wrong_name_is_refused_with_did_you_mean(folder: Path, default_tpl: Path) -> None:
    path = _talk(folder, "Two Contnet", "\n    layouts: {divider: Sektion Header}")
    with pytest.raises(OutlineError) as err:
        pipeline.check(path)
    names = ", ".join(f"'{n}'" for n in DEFAULT_NAMES)
    assert str(err.value).splitlines() == [
        "outline.yaml:9:24: deck.theme.layouts.divider: the template has no layout 'Sektion "
        f"Header'; did you mean 'Section Header'? (its layouts: {names})",
        "outline.yaml:14:17: chapters[0].slides[0].layout: the template has no layout 'Two "
        f"Contnet'; did you mean 'Two Content'? (its layouts: {names})",
        "2 problems found; nothing was written."]
    assert not (folder / "output").exists()


def test_a_layout_that_cannot_hold_its_slide_is_refused(folder: Path,
                                                        default_tpl: Path) -> None:
    extra = "\n    layouts: {quote: Blank, columns: Vertical Title and Text}"
    path = _talk(folder, "Picture with Caption", extra)
    with pytest.raises(OutlineError) as err:
        pipeline.build(path)
    can_hold_quote = ("'Title Slide', 'Title and Content', 'Section Header', 'Two Content', "
                      "'Comparison', 'Title Only', 'Content with Caption', "
                      "'Picture with Caption', 'Title and Vertical Text'")
    assert str(err.value).splitlines() == [
        "outline.yaml:9:22: deck.theme.layouts.quote: the layout 'Blank' cannot hold a quote "
        f"slide: it has no title placeholder; layouts that can: {can_hold_quote}",
        "outline.yaml:9:38: deck.theme.layouts.columns: the layout 'Vertical Title and Text' "
        "cannot hold a columns slide: its title runs top to bottom; layouts that can: "
        f"{can_hold_quote}",
        "outline.yaml:14:17: chapters[0].slides[0].layout: the layout 'Picture with Caption' "
        "cannot hold a bullets slide: its body placeholder (432×63 pt) is too small for a "
        "list (at least 216×108 pt); layouts that can: 'Title and Content', 'Section "
        "Header', 'Two Content', 'Comparison', 'Content with Caption'",
        "3 problems found; nothing was written."]


def test_layout_problems_come_with_the_pictures_in_one_report(folder: Path,
                                                              default_tpl: Path) -> None:
    (folder / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n not really")
    path = outline(folder, """\
        deck:
          title: T
          language: en
          theme: {template: tpl.pptx, aspect: "4:3", logo: broken.png}
        chapters:
          - title: C
            slides:
              - title: S
                layout: Title Onyl
                bullets: [a]
                notes: n
        """)
    result = run_cli("build", str(path))
    assert result[0] == 2
    lines = result[2].splitlines()
    assert lines[0].startswith("outline.yaml:4:52: deck.theme.logo: ")
    assert lines[1].startswith("outline.yaml:9:17: chapters[0].slides[0].layout: the template "
                               "has no layout 'Title Onyl'; did you mean 'Title Only'?")
    assert lines[2] == "2 problems found; nothing was written."


def test_every_layout_is_described_and_cached(tmp_path: Path) -> None:
    tpl = tmp_path / "tpl.pptx"
    Presentation().save(str(tpl))
    info = open_template(tpl).info
    assert [d.name for d in info.every] == DEFAULT_NAMES
    assert [d.role for d in info.every] == [f"m0-l{i}" for i in range(11)]
    pic = info.every[8].placeholder("pic")
    assert pic is not None and (pic.idx, pic.box.w, pic.box.h) == (1, 432.0, 324.0)
    assert [ph.vertical for ph in info.every[9].placeholders][:2] == [False, True]
    assert templateinfo.from_json(templateinfo.to_json(info)) == info
    bee = open_template(BEEHIVE).info
    assert len(bee.every) == 24 and {d.master for d in bee.every} == {0, 1}
    cache = tmp_path / "cache"
    templateinfo.store(cache, bee)
    assert templateinfo.cached(cache, bee.digest) == bee


CHECK_LAYOUTS = """\
Layouts of tpl.pptx (720 × 540 pt, 11 layouts on 1 master)

master 1 'Office Theme'
  1. Title Slide
     placeholders: ctrTitle at 54,167.8 612×115.8; subTitle at 108,306 504×138; dt at 36,500.5 168×28.8; ftr at 246,500.5 228×28.8; sldNum at 516,500.5 168×28.8
     deckgen puts here: title, closing
     holds when named: divider, chart, quote, table, image, columns, stats
     refuses agenda, sources, bullets: it has no body placeholder for a list
  2. Title and Content
     placeholders: title at 36,21.6 648×90; obj at 36,126 648×356.4; dt at 36,500.5 168×28.8; ftr at 246,500.5 228×28.8; sldNum at 516,500.5 168×28.8
     deckgen puts here: agenda, sources, bullets
     holds when named: title, divider, closing, chart, quote, table, image, columns, stats
  3. Section Header
     placeholders: title at 56.9,347 612×107.2; body at 56.9,228.9 612×118.1; dt at 36,500.5 168×28.8; ftr at 246,500.5 228×28.8; sldNum at 516,500.5 168×28.8
     deckgen puts here: divider
     holds when named: title, agenda, closing, sources, bullets, chart, quote, table, image, columns, stats
  4. Two Content
     placeholders: title at 36,21.6 648×90; obj at 36,126 318×356.4; obj at 366,126 318×356.4; dt at 36,500.5 168×28.8; ftr at 246,500.5 228×28.8; sldNum at 516,500.5 168×28.8
     holds when named: title, agenda, divider, closing, sources, bullets, chart, quote, table, image, columns, stats
  5. Comparison
     placeholders: title at 36,21.6 648×90; body at 36,120.9 318.1×50.4; obj at 36,171.2 318.1×311.1; body at 365.8,120.9 318.2×50.4; obj at 365.8,171.2 318.2×311.1; dt at 36,500.5 168×28.8; ftr at 246,500.5 228×28.8; sldNum at 516,500.5 168×28.8
     holds when named: title, agenda, divider, closing, sources, bullets, chart, quote, table, image, columns, stats
  6. Title Only
     placeholders: title at 36,21.6 648×90; dt at 36,500.5 168×28.8; ftr at 246,500.5 228×28.8; sldNum at 516,500.5 168×28.8
     deckgen puts here: chart, quote, table, image, columns, stats
     holds when named: title, divider, closing
     refuses agenda, sources, bullets: it has no body placeholder for a list
  7. Blank
     placeholders: dt at 36,500.5 168×28.8; ftr at 246,500.5 228×28.8; sldNum at 516,500.5 168×28.8
     refuses title, agenda, divider, closing, sources, bullets, chart, quote, table, image, columns, stats: it has no title placeholder
  8. Content with Caption
     placeholders: title at 36,21.5 236.9×91.5; obj at 281.5,21.5 402.5×460.9; body at 36,113 236.9×369.4; dt at 36,500.5 168×28.8; ftr at 246,500.5 228×28.8; sldNum at 516,500.5 168×28.8
     holds when named: title, agenda, divider, closing, sources, bullets, chart, quote, table, image, columns, stats
  9. Picture with Caption
     placeholders: title at 141.1,378 432×44.6; pic at 141.1,48.2 432×324; body at 141.1,422.6 432×63.4; dt at 36,500.5 168×28.8; ftr at 246,500.5 228×28.8; sldNum at 516,500.5 168×28.8
     holds when named: title, divider, closing, chart, quote, table, image, columns, stats
     refuses agenda, sources, bullets: its body placeholder (432×63 pt) is too small for a list (at least 216×108 pt)
  10. Title and Vertical Text
     placeholders: title at 36,21.6 648×90; body at 36,126 648×356.4; dt at 36,500.5 168×28.8; ftr at 246,500.5 228×28.8; sldNum at 516,500.5 168×28.8
     holds when named: title, divider, closing, chart, quote, table, image, columns, stats
     refuses agenda, sources, bullets: its body text runs top to bottom
  11. Vertical Title and Text
     placeholders: title at 522,21.6 162×460.8; body at 36,21.6 474×460.8; dt at 36,500.5 168×28.8; ftr at 246,500.5 228×28.8; sldNum at 516,500.5 168×28.8
     refuses title, agenda, divider, closing, sources, bullets, chart, quote, table, image, columns, stats: its title runs top to bottom
"""


def test_check_layouts_on_python_pptx_default(folder: Path, default_tpl: Path) -> None:
    code, out, err = run_cli("check", str(default_tpl.name), "--layouts")
    assert (code, err) == (0, "")
    assert out == CHECK_LAYOUTS
    # from an outline: its template (a wrong layout name does not stop the listing)
    _talk(folder, "Two Contnet")
    code, out, _ = run_cli("check", "outline.yaml", "--layouts")
    assert code == 0 and out == CHECK_LAYOUTS
    code, _, err = run_cli("check", "tpl.pptx")
    assert code == 2 and err.endswith("Error: tpl.pptx is a PowerPoint file, not an outline; "
                                      "list its layouts with `deckgen check tpl.pptx "
                                      "--layouts`\n")


def test_check_layouts_refuses_what_is_not_a_template(folder: Path) -> None:
    (folder / "notes.pptx").write_text("not a zip", encoding="utf-8")
    code, out, err = run_cli("check", "notes.pptx", "--layouts")
    assert (code, out) == (1, "")
    assert err == ("error: 'notes.pptx' is not a PowerPoint file (not a zip package); is it "
                   "damaged?\n")


def test_schema_offers_the_templates_layout_names(folder: Path, default_tpl: Path) -> None:
    _talk(folder, "Two Content")
    code, _, err = run_cli("schema", "--template", "outline.yaml", "-o", "s.json")
    assert code == 0, err
    schema = json.loads((folder / "s.json").read_text(encoding="utf-8"))
    slide = schema["$defs"]["Slide"]["properties"]["layout"]
    assert slide["anyOf"][0] == {"type": "string", "enum": DEFAULT_NAMES}
    theme = schema["$defs"]["Theme"]["properties"]["layouts"]["anyOf"][0]
    assert theme["additionalProperties"] == {"type": "string", "enum": DEFAULT_NAMES}
    assert theme["propertyNames"]["enum"] == ["title", "agenda", "divider", "closing",
                                              "sources", "bullets", "chart", "quote", "table",
                                              "image", "columns", "stats"]
    code, _, err = run_cli("schema", "--template", "tpl.pptx", "--markdown")
    assert code == 2 and "cannot go with --markdown" in err
