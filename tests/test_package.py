"""deckgen's own .pptx writer (deckgen.package, pptx_package, slidexml) against
python-pptx: the shipped theme is what python-pptx makes of it, and every deck is the
one python-pptx's own object API and writer give (tests/pptx_oracle.py), byte for byte."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from lxml import etree
from pptx import Presentation

import pptx_oracle
from deckgen import pipeline, pptx_build
from deckgen.package import Package, content_types_xml, rels_xml
from deckgen.template.files import THEME_DIR
from deckgen.template.opening import read_template
from deckgen.template.repair import prepare
from helpers import REPO, SAMPLE

TEMPLATES = Path(__file__).parent / "templates"


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DECKGEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def _members(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [(n, z.read(n)) for n in z.namelist()]


@pytest.mark.parametrize("name", ["default-16x9.pptx", "default-4x3.pptx"])
def test_the_shipped_theme_is_what_python_pptx_and_the_repairs_make_of_it(name: str) -> None:
    shipped = _members((THEME_DIR / name).read_bytes())
    prs = Presentation(str(THEME_DIR / name))
    prepare(prs)
    saved = io.BytesIO()
    prs.save(saved)
    assert _members(saved.getvalue()) == shipped
    assert Package.read(dict(shipped)).entries() == shipped


@pytest.mark.parametrize("template", sorted(TEMPLATES.glob("*.pptx")), ids=lambda p: p.stem)
def test_a_template_python_pptx_read_is_written_as_python_pptx_writes_it(
        template: Path) -> None:
    prs = read_template(template).prs
    saved = io.BytesIO()
    prs.save(saved)
    ours = Package.from_python_pptx(prs.part.package)
    assert ours.entries() == _members(saved.getvalue())
    theirs = [(r.rId, r.reltype, r.target_ref if r.is_external else str(r.target_part.partname))
              for r in prs.part.package.iter_rels()]
    assert [(r.rid, r.reltype, r.target) for r in ours.iter_rels()] == theirs


def test_relationships_and_content_types_are_written_as_python_pptx_writes_them() -> None:
    from pptx.opc.package import OpcPackage, Part, _Relationships
    from pptx.opc.packuri import PackURI
    from pptx.opc.serialized import _ContentTypesItem

    from deckgen.package import Part as Mine
    from deckgen.package import Rel

    py = _Relationships("/ppt/slides")
    mine: dict[str, Rel] = {}
    pkg = OpcPackage("x")
    for i, (name, kind) in enumerate([("/ppt/slideLayouts/slideLayout2.xml", "slideLayout"),
                                      ("/ppt/media/image1.png", "image"),
                                      ("/ppt/notesSlides/notesSlide9.xml", "notesSlide"),
                                      ("/ppt/media/image10.jpeg", "image")]):
        reltype = f"http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}"
        rid = py._add_relationship(reltype, Part(PackURI(name), "x", pkg))
        mine[rid] = Rel(rid, reltype, name)
        assert rid == f"rId{i + 1}"
    py._add_relationship("http://x/hyperlink", "https://example.org/a b", is_external=True)
    mine["rId5"] = Rel("rId5", "http://x/hyperlink", "https://example.org/a b", True)
    py.pop("rId2")
    del mine["rId2"]
    assert rels_xml(mine, "/ppt/slides") == py.xml

    parts = [("/ppt/slides/slide1.xml", "application/vnd.openxmlformats-officedocument."
              "presentationml.slide+xml"), ("/ppt/media/image1.PNG", "image/png"),
             ("/ppt/media/image2.jpg", "image/jpeg"), ("/docProps/thumbnail.jpeg", "image/x"),
             ("/ppt/embeddings/Sheet1.xlsx", "application/vnd.openxmlformats-officedocument."
              "spreadsheetml.sheet")]
    theirs = [Part(PackURI(n), t, pkg) for n, t in parts]
    ours = [Mine(n, t) for n, t in parts]
    from pptx.opc.oxml import serialize_part_xml

    assert content_types_xml(ours) == serialize_part_xml(_ContentTypesItem.xml_for(theirs))


def _variant(outline: Path, folder: Path, template: Path | None) -> Path:
    """The outline copied with its assets into a folder, on a template."""
    shutil.copytree(outline.parent, folder, ignore=shutil.ignore_patterns(
        "output", "*.pptx", ".venv", ".git", "src", "tests", "bench", "docs", "scripts"))
    data = yaml.safe_load(outline.read_text(encoding="utf-8"))
    if template is not None:
        shutil.copy(template, folder / template.name)
        data["deck"]["theme"] = {**(data["deck"].get("theme") or {}),
                                 "template": template.name}
    out = folder / outline.name
    out.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return out


def _by_python_pptx(deck: Any, opened: Any, charts: Any, **kw: Any) -> Any:
    return pptx_oracle.build_presentation(deck, read_template(deck.drawn_on), charts, **kw)


NO_CORE = Path("python-pptx-default-without-core-properties.pptx")


def _without_core_properties(path: Path) -> Path:
    """python-pptx's own default presentation (a notes master of its own, no table
    styles) saved without docProps/core.xml."""
    saved = io.BytesIO()
    Presentation().save(saved)
    with zipfile.ZipFile(saved) as zin, zipfile.ZipFile(path, "w") as zout:
        for info in zin.infolist():
            if info.filename == "docProps/core.xml":
                continue
            data = zin.read(info)
            if info.filename == "_rels/.rels":
                data = re.sub(rb'<Relationship [^>]*core-properties"[^>]*/>', b"", data)
            zout.writestr(info, data)
    return path


CASES = [("sample", SAMPLE, None),
         *((f"sample-{t.stem}", SAMPLE, t) for t in sorted(TEMPLATES.glob("*.pptx"))),
         ("sample-no-core-properties", SAMPLE, NO_CORE),
         ("en-4x3", REPO / "tests" / "outlines" / "stress" / "en-4x3.yaml", None),
         ("zh-corpus", REPO / "tests" / "outlines" / "corpus" / "zh.yaml", None)]


@pytest.mark.parametrize(("outline", "template"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_decks_are_byte_for_byte_what_python_pptx_writes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, outline: Path,
        template: Path | None) -> None:
    # The sample has every kind of slide: charts as pictures and native charts (with
    # workbooks), a picture, a table, stats, quotes, columns, reveals.
    if template == NO_CORE:
        template = _without_core_properties(tmp_path / NO_CORE)
    source = _variant(outline, tmp_path / "talk", template)
    ours = pipeline.build(source, tmp_path / "ours.pptx").output
    # again, with the pictures and native charts kept in the cache
    again = pipeline.build(source, tmp_path / "again.pptx").output
    with monkeypatch.context() as m:
        m.setattr(pptx_build, "build_presentation", _by_python_pptx)
        m.setattr(pptx_build, "_DRAWN", {})
        theirs = pipeline.build(source, tmp_path / "theirs.pptx").output
    assert ours is not None and theirs is not None
    mine, expected = _members(ours.read_bytes()), _members(theirs.read_bytes())
    assert [n for n, _ in mine] == [n for n, _ in expected]
    for (name, data), (_, want) in zip(mine, expected):
        assert data == want, name
    assert ours.read_bytes() == theirs.read_bytes()
    assert again is not None and again.read_bytes() == ours.read_bytes()


def test_a_deck_on_the_default_theme_is_written_without_python_pptx(tmp_path: Path) -> None:
    """python-pptx and xlsxwriter make native charts; a rebuild takes them from the cache,
    and nothing else needs either."""
    outline = tmp_path / "talk.yaml"
    outline.write_text(
        "deck:\n  title: 讲稿\nchapters:\n  - title: 一\n    slides:\n"
        "      - title: 要点\n        bullets: [甲, 乙]\n        notes: 讲一讲。\n"
        "      - title: 图表\n        chart:\n          type: bar\n          labels: [甲, 乙]\n"
        "          series:\n            值: [1, 2]\n        notes: 看图。\n"
        "      - title: 可编辑\n        chart:\n          type: line\n          native: true\n"
        "          labels: [甲, 乙]\n          series:\n            值: [3, 4]\n"
        "        notes: 数据在表里。\n", encoding="utf-8")
    script = ("import sys\nfrom deckgen import pipeline\n"
              f"pipeline.build({str(outline)!r}, {str(tmp_path / 'talk.pptx')!r})\n"
              "print(sorted({m.split('.')[0] for m in sys.modules} & {'pptx', 'xlsxwriter'}))\n")
    runs = []
    for _ in range(2):
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                              timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        runs.append(done.stdout.strip().splitlines()[-1])
    assert runs == ["['pptx', 'xlsxwriter']", "[]"]
    with zipfile.ZipFile(tmp_path / "talk.pptx") as z:
        assert "ppt/embeddings/Microsoft_Excel_Sheet1.xlsx" in z.namelist()


@pytest.mark.parametrize("mode", ["RGB", "RGBA", "L", "P"])
@pytest.mark.parametrize(("w", "h"), [(1, 1), (640, 480), (33, 1200), (3200, 7)])
def test_a_pictures_header_gives_what_pillow_reads(tmp_path: Path, mode: str, w: int,
                                                   h: int) -> None:
    from PIL import Image

    from deckgen.images import header

    im = Image.new(mode, (w, h))
    exif = Image.Exif()
    exif[0x0112] = 6  # turned: Pillow's size is still the stored one
    for fmt, kw in (("PNG", {}), ("JPEG", {}), ("JPEG", {"progressive": True}),
                    ("JPEG", {"exif": exif.tobytes()})):
        if fmt == "JPEG" and mode in ("RGBA", "P"):
            continue
        out = io.BytesIO()
        im.save(out, fmt, **kw)
        data = out.getvalue()
        with Image.open(io.BytesIO(data)) as back:
            assert header(data) == (back.format, *back.size)
    with pytest.raises(ValueError, match="neither a PNG nor a JPEG"):
        header(b"GIF89a" + bytes(20))


def test_a_pictures_description_is_python_pptxs(tmp_path: Path) -> None:
    """The first file name a picture's bytes were added from, else "image." and the part's
    extension; a later picture of the same bytes shares the part and its description."""
    from PIL import Image

    from deckgen.pptx_package import Deck
    from deckgen.slidexml import shape_tree

    def picture(fmt: str, color: str) -> bytes:
        out = io.BytesIO()
        Image.new("RGB", (4, 3), color).save(out, fmt)
        return out.getvalue()

    red, blue = picture("PNG", "red"), picture("JPEG", "blue")
    (tmp_path / "chart.png").write_bytes(red)
    (tmp_path / "again.png").write_bytes(red)
    (tmp_path / "photo.jpg").write_bytes(blue)
    adds: list[tuple[bytes, str | None]] = [(blue, None), (red, "chart.png"),
                                            (red, None), (red, "again.png"),
                                            (blue, "photo.jpg")]
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    theirs = []
    for data, name in adds:
        pic = slide.shapes.add_picture(str(tmp_path / name) if name else io.BytesIO(data),
                                       0, 0, 9, 9)
        theirs.append((pic._element.blip_rId, pic._element.xpath("string(.//p:cNvPr/@descr)")))
    deck = Deck(Package.from_python_pptx(Presentation().part.package))
    part, _ = deck.add_slide(deck.layout(0, 6))
    assert [deck.picture(part, data, name) for data, name in adds] == theirs
    assert shape_tree(part.element) is not None
    assert sorted(n for n in deck.pkg.parts if n.startswith("/ppt/media/")) == [
        "/ppt/media/image1.jpg", "/ppt/media/image2.png"]


def _zip(*names: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name in names:
            z.writestr(name, "x")
    return out.getvalue()


_P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
_C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


@pytest.mark.parametrize("bad", [
    {"frame": b"<p:sp xmlns:p='urn:x'/>"}, {"chart": b"<oops"}, {"book": b"not a zip"},
    {"book": _zip("xl/workbook.xml", "xl/vbaProject.bin")}, {"book": _zip("other.xml")},
    {"chart": f"<c:chartSpace xmlns:c='{_C_NS}' xmlns:r='{_R_NS}'><c:userShapes r:id='rId2'/>"
              "</c:chartSpace>".encode()},
    {"frame": f"<p:graphicFrame xmlns:p='{_P_NS}' xmlns:c='{_C_NS}' xmlns:r='{_R_NS}'>"
              "<c:chart r:id='rId1'/><p:x r:link='rId9'/></p:graphicFrame>".encode()}],
    ids=["not-a-frame", "not-xml", "not-a-zip", "macros", "no-workbook", "chart-link",
         "frame-link"])
def test_a_damaged_kept_native_chart_is_made_again(tmp_path: Path,
                                                   bad: dict[str, bytes]) -> None:
    from deckgen import chartparts, shelf
    from deckgen.deckplan import ChartSpec
    from deckgen.primitives import Fonts, Rect

    spec = ChartSpec("c", "bar", ("a", "b"), (("v", (1.0, 2.0)),), None, False, True,
                     ("#B22222",), "en")
    args = (spec, Rect(10, 20, 300, 200), Fonts("Calibri", "Microsoft YaHei"), "en-US")
    made = chartparts.native(*args, tmp_path)
    key = chartparts.key(*args)
    good = shelf.get_record(tmp_path, "native", key, ("frame", "chart", "book"))
    assert good is not None
    shelf.put_record(tmp_path, "native", key, {}, {**good[1], **bad})
    again = chartparts.native(*args, tmp_path)
    assert etree.tostring(again.frame) == etree.tostring(made.frame)
    assert (again.chart_xml, again.workbook) == (made.chart_xml, made.workbook)
    assert shelf.get_record(tmp_path, "native", key, ("frame", "chart", "book")) == good


def test_a_notes_master_without_a_body_placeholder_still_builds(
        tmp_path: Path, ooxml_validator: Any) -> None:
    """python-pptx finds no notes text frame there (and 0.1.0 stopped with an internal
    error); the slides are written, their notes pages without the notes."""
    prs = Presentation()
    assert prs.slides.add_slide(prs.slide_layouts[0]).notes_slide  # makes the notes master
    master = prs.notes_master.element
    for sp in list(master.iter("{http://schemas.openxmlformats.org/presentationml/2006/main}sp")):
        ph = sp.find(".//{http://schemas.openxmlformats.org/presentationml/2006/main}ph")
        if ph is not None and ph.get("type") == "body":
            sp.getparent().remove(sp)
    prs.save(str(tmp_path / "plain.pptx"))
    outline = tmp_path / "talk.yaml"
    outline.write_text("deck:\n  title: Talk\n  theme:\n    template: plain.pptx\nchapters:\n"
                       "  - title: One\n    slides:\n      - title: Point\n"
                       "        bullets: [a, b]\n        notes: Say it.\n", encoding="utf-8")
    report = pipeline.build(outline, tmp_path / "talk.pptx")
    assert report.output is not None
    deck = Presentation(str(report.output))
    assert [s.shapes.title.text for s in deck.slides][:1] == ["Talk"]
    assert all(s.has_notes_slide for s in deck.slides)
    assert ooxml_validator(report.output).endswith(" 0 problems")


@pytest.mark.parametrize("template", sorted(TEMPLATES.glob("*.pptx")), ids=lambda p: p.stem)
def test_a_repaired_template_kept_as_a_record_is_the_same_package(template: Path) -> None:
    pkg = Package.from_python_pptx(read_template(template).prs.part.package)
    again = Package.from_record(*pkg.to_record())
    assert again is not None and again.entries() == pkg.entries()
    assert [(r.rid, r.target) for r in again.iter_rels()] == [
        (r.rid, r.target) for r in pkg.iter_rels()]


def _kept_record(template: Path) -> tuple[dict[str, Any], dict[str, bytes]]:
    return Package.from_python_pptx(read_template(template).prs.part.package).to_record()


@pytest.mark.parametrize("spoil", ["outside", "dots", "backslash", "macros", "dangling",
                                   "missing bytes", "twice", "not a list"])
def test_a_kept_template_record_that_deckgen_could_not_have_made_is_refused(
        spoil: str) -> None:
    import copy

    fields, blobs = _kept_record(TEMPLATES / "lo-beehive.pptx")
    fields = copy.deepcopy(fields)
    parts, first = fields["parts"], fields["parts"][0]
    match spoil:
        case "outside":
            first[0] = "ppt/x.xml"
        case "dots":
            first[0] = "/ppt/../../x.xml"
        case "backslash":
            first[0] = "/ppt\\x.xml"
        case "macros":
            first[1] = "application/vnd.ms-office.vbaProject"
        case "dangling":
            first[2].append(["rId99", "http://x/image", "/ppt/media/nothing.png", False])
        case "missing bytes":
            blobs = dict(blobs)
            del blobs[str(len(parts) - 1)]
        case "twice":
            parts.append(list(first))
            blobs = {**blobs, str(len(parts) - 1): b""}
        case "not a list":
            fields["rels"] = {"rId1": "x"}
    assert Package.from_record(fields, blobs) is None


def test_a_rebuild_on_a_known_template_needs_no_python_pptx(tmp_path: Path) -> None:
    """The first build reads and repairs the template with python-pptx and keeps its parts;
    the next (a new process) takes them from the cache; the decks are the same; a spoilt
    entry is read again with python-pptx."""
    shutil.copy(TEMPLATES / "lo-midnightblue.pptx", tmp_path / "school.pptx")
    outline = tmp_path / "talk.yaml"
    outline.write_text("deck:\n  title: 讲稿\n  theme:\n    template: school.pptx\n"
                       "chapters:\n  - title: 一\n    slides:\n      - title: 要点\n"
                       "        bullets: [甲, 乙]\n        notes: 讲一讲。\n", encoding="utf-8")
    script = ("import sys\nfrom deckgen import pipeline\n"
              "out = sys.argv[1]\n"
              f"pipeline.build({str(outline)!r}, out)\n"
              "print(sorted({m.split('.')[0] for m in sys.modules} & {'pptx'}))\n")

    def build(name: str) -> str:
        done = subprocess.run([sys.executable, "-c", script, str(tmp_path / name)],
                              capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip().splitlines()[-1]

    assert build("a.pptx") == "['pptx']"
    assert build("b.pptx") == "[]"
    assert (tmp_path / "a.pptx").read_bytes() == (tmp_path / "b.pptx").read_bytes()
    kept = list((tmp_path / "cache" / "templates").iterdir())
    assert len(kept) == 1
    kept[0].write_bytes(kept[0].read_bytes()[:-10])  # damaged: read again
    assert build("c.pptx") == "['pptx']"
    assert (tmp_path / "c.pptx").read_bytes() == (tmp_path / "a.pptx").read_bytes()
