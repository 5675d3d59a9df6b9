"""`deckgen export`: the outline as a PDF of its slides, hand-outs, each presenter's
rehearsal booklet and PNG pictures, drawn by deckgen itself (:mod:`deckgen.pdf`), with no
office suite. Same inputs, checks and errors as a build (:func:`deckgen.pipeline.check`);
every file is written atomically and the .pptx is never touched."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import BuildError, DeckgenError
from .frozen import frozen
from .pipeline import Report, cache_dir_for, check, default_output
from .write import prepare_output, write_atomic

if TYPE_CHECKING:
    from .pdf.fonts import FontBook
    from .pdf.ops import Document, Op
    from .pdf.slides import Assets
    from .preview import Preview

Progress = Callable[[str], None]
HANDOUT_SIZES = (1, 2, 3, 4, 6)
MIN_DPI, MAX_DPI = 24, 600


@frozen
class Wanted:
    """What to export: the slides' PDF, a hand-out of n slides a page, booklets (for one
    presenter or all), PNGs at a resolution; paper "a4" or "letter" (None: by language
    and locale)."""

    pdf: bool = True
    handout: int | None = None
    booklet: bool = False
    presenter: str | None = None
    png: bool = False
    dpi: int = 96
    paper: str | None = None


@dataclass
class Exported:
    """What an export wrote, and what is worth saying about it."""

    report: Report
    files: list[Path] = field(default_factory=list)
    pngs: list[Path] = field(default_factory=list)
    sheet: Path | None = None
    warnings: list[str] = field(default_factory=list)


def output_base(outline: Path, output: Path | None) -> Path:
    """The stem every exported file is named after: output/<outline name>."""
    return (output or default_output(outline)).with_suffix("")


def safe_name(name: str) -> str:
    """A presenter's name as part of a file name."""
    cleaned = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", name).strip(" .")
    return cleaned or "presenter"


def _targets(outline: Path, output: Path | None, wanted: Wanted,
             presenters: list[str]) -> dict[str, Path]:
    """Where each file goes; -o names the one file (or the PNG folder) when there is one."""
    base = output_base(outline, None)
    out: dict[str, Path] = {}
    if wanted.pdf:
        out["pdf"] = base.with_suffix(".pdf")
    if wanted.handout:
        out["handout"] = base.with_name(f"{base.name}-handout-{wanted.handout}.pdf")
    if wanted.booklet:
        for who in presenters:
            out[f"booklet:{who}"] = base.with_name(f"{base.name}-booklet-{safe_name(who)}.pdf")
    if wanted.png:
        out["png"] = base.with_name(f"{base.name}-png")
    if output is not None:
        if len(out) != 1:
            raise BuildError(f"-o names one file, but this export writes {len(out)}: "
                             f"{', '.join(p.name for p in out.values())}; leave out -o, or "
                             "ask for one kind of file (and one --presenter)")
        kind = next(iter(out))
        if kind != "png" and output.suffix.lower() != ".pdf":
            raise BuildError(f"the output file must end in .pdf: {output}")
        out[kind] = output
    return out


def export(outline: str | os.PathLike[str], output: str | os.PathLike[str] | None = None,
           wanted: Wanted | None = None, *, allow_outside: bool = False,
           use_cache: bool = True, progress: Progress | None = None) -> Exported:
    """Export an outline; everything is checked and drawn before anything is written."""
    from .pdf import booklet, handout, raster
    from .pdf.fonts import FontBook
    from .pdf.paper import default_paper
    from .pdf.slides import Assets
    from .pdf.writer import write_pdf
    from .script import presenters as speaking

    wanted = wanted or Wanted()
    if not MIN_DPI <= wanted.dpi <= MAX_DPI:
        raise BuildError(f"PNG pictures are made at {MIN_DPI} to {MAX_DPI} dpi, not "
                         f"{wanted.dpi}")
    if wanted.presenter is not None and not wanted.booklet:
        raise BuildError("--presenter chooses whose booklet to write; add --booklet")
    if wanted.handout is not None and wanted.handout not in HANDOUT_SIZES:
        raise BuildError(f"a hand-out has {', '.join(map(str, HANDOUT_SIZES))} slides a "
                         f"page, not {wanted.handout}")
    outline = Path(outline)
    report = check(outline, allow_outside=allow_outside)
    deck, info = report.plan, report.template
    assert info is not None
    people = speaking(report)
    if wanted.presenter is not None and wanted.presenter not in people:
        raise DeckgenError(f"no presenter named '{wanted.presenter}' in this outline; the "
                           f"presenters are: {', '.join(people)}")
    chosen = [wanted.presenter] if wanted.presenter else people
    targets = _targets(outline, Path(output) if output else None, wanted, chosen)
    for kind, path in targets.items():
        if kind == "png":  # a folder of pictures, replaced whole
            prepare_output(path / "x.png", report.files, ".png")
        else:
            prepare_output(path, report.files, ".pdf")
    cache = cache_dir_for(default_output(outline)) if use_cache else None
    assets = Assets(deck.drawn_on, cache, progress)
    if progress:
        progress(f"drawing {len(deck.slides)} slides")
    slides = _slide_pages(report, assets)
    done = Exported(report)
    paper = wanted.paper or default_paper(deck.language)
    blobs: dict[str, bytes] = {}
    fonts = FontBook()  # each document embeds its own characters; files are found once
    if wanted.pdf or wanted.png:
        blobs["pdf"] = write_pdf(_pdf_doc(report, slides), fonts.fresh(), cache)
    if wanted.handout:
        if progress:
            progress(f"laying out the hand-out, {wanted.handout} slides a page")
        blobs["handout"] = write_pdf(handout.document(report, slides, wanted.handout, paper),
                                     fonts.fresh(), cache)
    if wanted.booklet:
        for who in chosen:
            if progress:
                progress(f"laying out {who}'s rehearsal booklet")
            blobs[f"booklet:{who}"] = write_pdf(booklet.document(report, slides, who, paper),
                                                fonts.fresh(), cache)
    if wanted.png:
        if progress:
            progress("rasterising the slides")
        pngs = raster.pngs(blobs["pdf"], wanted.dpi)
    for kind, data in blobs.items():
        if kind in targets:
            write_atomic(targets[kind], data, ".pdf")
            done.files.append(targets[kind])
    if wanted.png:
        folder, stem = targets["png"], output_base(outline, None).name
        done.pngs = raster.write_pngs(pngs, folder, stem)
        done.sheet = raster.contact_sheet(blobs["pdf"], folder.parent / f"{stem}-contact.png")
    done.warnings = _warnings(report, fonts, assets)
    return done


def preview(report: Report, *, columns: int = 4, width: int = 1600, palette: bool = False,
            progress: Progress | None = None) -> Preview:
    """The PDF of a built deck's slides beside it and its contact sheet
    (`<stem>-contact.png`), drawn by deckgen: what `deckgen preview` makes without
    LibreOffice."""
    from .pdf import raster
    from .pdf.fonts import FontBook
    from .pdf.slides import Assets
    from .pdf.writer import write_pdf
    from .preview import Preview

    assert report.output is not None
    pdf = report.output.with_suffix(".pdf")
    sheet = report.output.with_name(f"{report.output.stem}-contact.png")
    assets = Assets(report.plan.drawn_on, cache_dir_for(report.output), progress)
    if progress:
        progress(f"drawing {len(report.plan.slides)} slides as PDF")
    data = write_pdf(_pdf_doc(report, _slide_pages(report, assets)), FontBook(),
                     assets.cache_dir)
    write_atomic(pdf, data, ".pdf")
    if progress:
        progress("drawing the contact sheet")
    raster.contact_sheet(data, sheet, columns=columns, width=width, palette=palette)
    return Preview(pdf, sheet, len(report.plan.slides))


def _slide_pages(report: Report, assets: Assets) -> list[list[Op]]:
    """Every slide's drawing operations."""
    from .pdf.slides import slide_ops

    deck, info = report.plan, report.template
    assert info is not None
    return [slide_ops(slide, deck, info, assets) for slide in deck.slides]


def _pdf_doc(report: Report, slides: list[list[Op]]) -> Document:
    """The slides' PDF: one page a slide, labelled with its number, a bookmark per chapter
    and slide."""
    from .pdf.ops import Document, Page

    deck = report.plan
    doc = Document(deck.title, deck.authors, deck.language)
    chapter: int | None = None
    for slide, page_ops in zip(deck.slides, slides):
        page = Page(deck.width, deck.height, list(page_ops), label=str(slide.number))
        ch = slide.chapter
        if ch is not None and ch != chapter and ch < len(deck.chapters):
            page.bookmarks.append((0, deck.chapters[ch][0]))
        chapter = ch
        page.bookmarks.append((1 if ch is not None else 0, f"{slide.number} · {slide.title}"))
        doc.pages.append(page)
    return doc


def _warnings(report: Report, book: FontBook, assets: Assets) -> list[str]:
    out = list(report.warnings)
    for face, drawn in sorted(book.substituted.items()):
        out.append(f"{face} (the font the text was measured with) is not installed; "
                   f"drawn with {drawn} instead, so lines may run a little longer or "
                   "shorter than in the deck")
    if book.missing:
        out.append("no font has a glyph for " + " ".join(sorted(book.missing)) +
                   "; those characters show as boxes")
    for name, chars in assets.missing.items():
        out.append(f"chart '{name}': the chart font has no glyph for {' '.join(chars)}; "
                   "those characters show as boxes")
    return out
