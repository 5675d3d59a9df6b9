"""deckgen's own PDF renderer, the third beside the .pptx and the SVG preview: the
positioned plan drawn into PDF pages with fpdf2 (slides, hand-outs, rehearsal booklets),
and those pages rasterised with PDFium for PNGs. No office suite involved.

The drawing stack was chosen by measuring (bench/pdf_stack.py, figures in bench/README.md):
fpdf2 (pure Python) embeds CFF-flavoured CJK fonts as real CID fonts with their Unicode, so
every character stays selectable and searchable, draws matplotlib's SVG charts as vectors
and tags pictures with their alt text; harfbuzz (uharfbuzz) cuts fonts down before fpdf2
embeds them (fontTools alone took seconds on the 5 MB CJK font) and shapes Arabic and
Hebrew; PDFium (pypdfium2) rasterises pages. All three install from wheels on Linux, macOS
and Windows with no system package. skia-python, measured too, needs the system's libEGL
and libGL on Linux and writes CFF fonts as Type 3 glyph procedures (1.2 MB against
0.3 MB, text extraction poorer); cairo needs system libraries; reportlab cannot embed CFF
fonts; PyMuPDF is AGPL.

Modules: :mod:`.ops` (pages as drawing operations), :mod:`.slides` (a slide's
operations), :mod:`.fonts` (font files, runs by script, subsetting), :mod:`.writer`
(operations into PDF), :mod:`.handout` and :mod:`.booklet` (their pages),
:mod:`.raster` (PNGs)."""
