"""Fonts as fpdf2 embeds them, kept in the cache folder (deckgen.pdf.embed), and text
widths measured without fpdf2's bidirectional pass (writer.string_width): the PDF is byte
for byte the one fpdf2 writes unaided, cold or warm, with a damaged entry or another text;
the font object rebuilt from an entry has every field fpdf2's own has, and the tables
fpdf2 leaves out are the ones deckgen's entries leave out. Each check holds deckgen to
fpdf2 itself, so an fpdf2 that changes under these shortcuts fails here."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from deckgen import shelf
from deckgen.pdf import embed, writer
from deckgen.pdf.fonts import FontBook, FontFile, subset
from deckgen.pdf.lean import fpdf_class
from deckgen.pdf.ops import Document, Page, Text
from deckgen.primitives import Fonts

LINES = (
    ("Carbon & AI: “Tokyo” — 2024, 3.5%", False, "left"),
    ("AVATAR Wave fi fl", True, "center"),
    ("中美人工智能领域的竞赛（2024）与 GPT-4", False, "right"),
    ("שלום עולם and Latin", False, "right"),
    ("Ελληνικά with Latin", False, "center"),
)


def _doc(lines: tuple[tuple[str, bool, str], ...] = LINES) -> Document:
    texts = [Text(t, 480, 60 + 40 * i, 24, "#1F2937", Fonts(), bold, edge, "שלום" in t)
             for i, (t, bold, edge) in enumerate(lines)]
    return Document("Fonts", ("A",), "en", [Page(960, 540, list(texts), label="1")])


def test_the_pdf_is_the_one_fpdf2_writes_unaided_cold_warm_and_damaged(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    unaided = writer.write_pdf(_doc(), FontBook(), None)
    cold = writer.write_pdf(_doc(), FontBook(), tmp_path)
    entries = sorted((tmp_path / "fonts").iterdir())
    assert len(entries) >= 4  # Carlito, its bold, the CJK font, the Hebrew one
    FPDF = fpdf_class()

    def no_reading(*_: Any, **__: Any) -> None:
        raise AssertionError("read by fpdf2 again")

    with monkeypatch.context() as m:
        m.setattr(FPDF, "add_font", no_reading)
        warm = writer.write_pdf(_doc(), FontBook(), tmp_path)
    assert unaided == cold == warm
    # a damaged entry and a foreign one are misses: read again, the same PDF
    blob = bytearray(entries[0].read_bytes())
    blob[-1] ^= 0xFF
    entries[0].write_bytes(bytes(blob))
    head, _, rest = shelf.get(tmp_path, "fonts", entries[1].name).partition(b"\n")
    fields = json.loads(head)
    fields["name"] = ["not", "a", "name"]
    shelf.put(tmp_path, "fonts", entries[1].name, json.dumps(fields).encode() + b"\n" + rest)
    assert writer.write_pdf(_doc(), FontBook(), tmp_path) == unaided
    assert sorted((tmp_path / "fonts").iterdir()) == entries  # both written anew
    # other text: other cut fonts, other entries, still fpdf2's own PDF
    other = (("Quarterly report, ÄÖÜ", False, "right"), ("人工智能", True, "left"))
    assert writer.write_pdf(_doc(other), FontBook(), tmp_path) == writer.write_pdf(
        _doc(other), FontBook(), None)
    assert len(list((tmp_path / "fonts").iterdir())) > len(entries)


def _cut(tmp_path: Path, face: FontFile, text: str) -> Path:
    return subset(face, set(text), tmp_path)


def test_a_rebuilt_font_has_every_field_of_fpdf2s_own(tmp_path: Path) -> None:
    from fpdf.fonts import TTFFont

    assert set(TTFFont.__slots__) == embed.SLOTS, "fpdf2's font object changed"
    book = FontBook()
    faces = {book.file_for("Calibri", False, "latin"), book.file_for("", True, "wide")}
    FPDF = fpdf_class()
    cff: list[bool] = []
    for face in faces:
        path = _cut(tmp_path, face, "Aa 人工 “x” 0123")
        theirs = FPDF()
        theirs.add_font("F", "", str(path))
        made = embed._record(theirs.fonts["f"])
        assert made is not None
        record, saved = made
        theirs.fonts["f"].ttfont.close()
        ours = FPDF()
        embed._restore(ours, "F", path, (json.loads(json.dumps(record)), saved))
        a, b = theirs.fonts["f"], ours.fonts["f"]
        for slot in embed.SLOTS - {"ttfont", "_hbfont", "subset", "desc", "unicode_range"}:
            assert getattr(a, slot) == getattr(b, slot), slot
        assert not hasattr(a, "unicode_range") and not hasattr(b, "unicode_range")
        assert vars(a.desc) == vars(b.desc)
        assert list(a.subset.items()) == list(b.subset.items())
        assert dict(a.cw) == dict(b.cw) and a.cw[0x10FFFF] == b.cw[0x10FFFF]
        cff.append(a.is_cff and a.is_cid_keyed)
    assert sorted(cff) == [False, True]  # a TrueType font and a CID-keyed CFF one


def test_the_tables_fpdf2_leaves_out_are_the_ones_entries_leave_out(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import fpdf.output

    asked: list[str] = []

    class Probe:
        class Options:
            def __init__(self, **_: Any) -> None:
                self.drop_tables: list[str] = []

        class Subsetter:
            def __init__(self, options: Any) -> None:
                asked.extend(options.drop_tables)

            def populate(self, **_: Any) -> None:
                pass

            def subset(self, font: Any) -> None:
                pass

    monkeypatch.setattr(fpdf.output, "ftsubset", Probe)
    pdf = fpdf_class()()
    pdf.add_font("F", "", str(_cut(tmp_path, FontBook().file_for("", False, "latin"), "Ab")))
    pdf.add_page()
    pdf.set_font("F", size=12)
    pdf.text(10, 10, "Ab")
    pdf.output()  # fpdf2's own writer, its own subsetter swapped for the probe
    assert tuple(asked) == embed.DROPPED


def test_a_saved_font_refuses_what_it_does_not_keep() -> None:
    saved = embed.Saved(["head", "glyf"], {".notdef": 0}, b"x", None)
    assert "glyf" in saved and "GSUB" not in saved
    with pytest.raises(KeyError):
        saved["CFF "]
    with pytest.raises(KeyError):
        saved.getGlyphID("A")


@pytest.mark.parametrize("shaping", ["ltr", "rtl", None])
def test_string_widths_are_fpdf2s(tmp_path: Path, shaping: str | None) -> None:
    book = FontBook()
    pdf = fpdf_class()(unit="pt")
    texts = ["Plain text", "“Quotes” — and 3.5% ½", "Ελληνικά mixed", "Ελληνικά",
             "e\u0301 combining", "page {nb}", "a\tb", "Arabic ٣ digit", "שלום x", "x",
             "fi ffl AV To", "中文", "\u200dzwj", "A\u202eB"]
    pdf.add_font("F", "", str(_cut(tmp_path, book.file_for("", False, "latin"),
                                   "".join(texts))))
    pdf.add_page()
    for size in (9, 24.5):
        pdf.set_font("F", size=size)
        if shaping:
            pdf.set_text_shaping(True, direction=shaping)
        else:
            pdf.set_text_shaping(False)
        for t in texts:
            assert writer.string_width(pdf, t) == pdf.get_string_width(t), t
    pdf.fonts["f"].close()
