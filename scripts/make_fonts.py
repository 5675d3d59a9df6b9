"""Build the fonts shipped in src/deckgen/fonts from Debian's font packages.

Inputs (Debian packages ``fonts-noto-cjk`` and ``fonts-crosextra-carlito``)::

    /usr/share/fonts/opentype/noto/NotoSansCJK-{Regular,Bold}.ttc
    /usr/share/fonts/truetype/crosextra/Carlito-{Regular,Bold}.ttf

and, for the metrics only (``deckgen.fontset.SYSTEM_FACES``: ``fonts-crosextra-caladea``,
``fonts-liberation2``, ``fonts-dejavu-core``, Noto Serif CJK from ``fonts-noto-cjk``).

Outputs (deterministic: the same inputs and fontTools version give the same bytes)::

    src/deckgen/fonts/DeckgenSansSC-{Regular,Bold}.otf   subset + renamed Noto Sans CJK SC
    src/deckgen/fonts/Carlito-{Regular,Bold}.ttf         unmodified copies
    src/deckgen/fonts/OFL-NotoSansCJK.txt, OFL-Carlito.txt
    src/deckgen/fonts/metrics.json.gz                    advances and vertical metrics

Usage: ``python scripts/make_fonts.py [--out DIR] [--wait SECONDS] [--metrics-only]``
(``apt-get install -y fonts-noto-cjk fonts-crosextra-carlito fonts-crosextra-caladea
fonts-liberation2 fonts-dejavu-core`` first if the inputs are missing). ``--metrics-only``
rewrites only ``metrics.json.gz``, from the shipped fonts and the system faces.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
import time
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

from deckgen.fontset import FONT_DIR, METRICS_PATH, SYSTEM_FACES, metrics_table

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "src" / "deckgen" / "fonts"

NOTO_DIR = Path("/usr/share/fonts/opentype/noto")
CARLITO_DIR = Path("/usr/share/fonts/truetype/crosextra")
NOTO_FAMILY = "Noto Sans CJK SC"

NEW_FAMILY = "Deckgen Sans SC"
NEW_PS_FAMILY = "DeckgenSansSC"

# Code point ranges kept in addition to everything GBK can encode.
EXTRA_RANGES: list[tuple[int, int]] = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1 Supplement
    (0x0100, 0x024F),  # Latin Extended-A/B (pinyin tone marks, European names)
    (0x02B0, 0x02FF),  # Spacing modifier letters
    (0x0370, 0x03FF),  # Greek
    (0x0400, 0x045F),  # Cyrillic (basic)
    (0x2000, 0x206F),  # General Punctuation
    (0x2070, 0x209F),  # Superscripts and Subscripts
    (0x20A0, 0x20CF),  # Currency Symbols (€ ₩ ₹ ...)
    (0x2100, 0x214F),  # Letterlike Symbols (℃ № ™ ...)
    (0x2150, 0x218F),  # Number Forms (½ Ⅰ Ⅻ ...)
    (0x2190, 0x21FF),  # Arrows
    (0x2200, 0x22FF),  # Mathematical Operators (− × ÷ ± ≈ ≤ ≥ ∞ ...)
    (0x2300, 0x23FF),  # Miscellaneous Technical
    (0x2460, 0x24FF),  # Enclosed Alphanumerics (①–⑳ ⑴ ⒈ Ⓐ)
    (0x2500, 0x257F),  # Box Drawing
    (0x2580, 0x259F),  # Block Elements
    (0x25A0, 0x25FF),  # Geometric Shapes (■ □ ▲ ● ◆ ▶)
    (0x2600, 0x26FF),  # Miscellaneous Symbols (★ ☆ ☑ ...)
    (0x2700, 0x27BF),  # Dingbats (✓ ✔ ✗ ➜ ...)
    (0x27F0, 0x27FF),  # Supplemental Arrows-A
    (0x2B00, 0x2BFF),  # Miscellaneous Symbols and Arrows
    (0x3000, 0x303F),  # CJK Symbols and Punctuation
    (0x3040, 0x30FF),  # Hiragana / Katakana (appear in GBK, kept whole)
    (0x3100, 0x312F),  # Bopomofo
    (0x3200, 0x32FF),  # Enclosed CJK Letters and Months (㈠ ㊣ ...)
    (0x3300, 0x33FF),  # CJK Compatibility (㎡ ㎏ ㎞ ...)
    (0x9FA6, 0x9FFF),  # Newer URO ideographs (some are in 通用规范汉字表)
    (0xFE30, 0xFE4F),  # CJK Compatibility Forms
    (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms
]

# Single characters that typical Chinese decks use (most are already covered above).
EXTRA_CHARS = (
    "×÷±≈≠≤≥∞€°‰‱′″℃℉№™®©•·…—–‘’“”〈〉《》「」『』【】〔〕〖〗、。，；：？！"
    "￥¥＄％＋－＝～·※〇々"
    "①②③④⑤⑥⑦⑧⑨⑩"
    "←↑→↓↔↗↘⇒⇐⇔➜➤▶►◀▲▼△▽●○◎◆◇■□★☆✓✔✗✘☑☐"
)

# OpenType layout features kept. Everything else (notably 'locl', which pulls in
# the JP/KR/TC glyph variants, and the width/alternate features) is dropped.
LAYOUT_FEATURES = ["kern", "palt", "halt", "vert", "vrt2", "vkrn", "vpal", "vhal", "ccmp"]

# Name records replaced with the new family; all others (copyright 0, trademark 7,
# manufacturer 8, designer 9, description 10, URLs 11/12, licence 13/14) are kept.
RENAMED_IDS = (1, 2, 3, 4, 5, 6, 16, 17, 18, 20, 21, 22, 25)

OFL_NOTO_COPYRIGHT = (
    "Copyright 2014-2021 Adobe (http://www.adobe.com/), with Reserved Font Name 'Source'."
)
OFL_CARLITO_COPYRIGHT = (
    "Copyright (c) 2010-2013 by tyPoland Lukasz Dziedzic (http://www.typoland.com/) "
    'with Reserved Font Name "Carlito".'
)

OFL_BODY = """\
This Font Software is licensed under the SIL Open Font License, Version 1.1.
This license is copied below, and is also available with a FAQ at:
https://openfontlicense.org


-----------------------------------------------------------
SIL OPEN FONT LICENSE Version 1.1 - 26 February 2007
-----------------------------------------------------------

PREAMBLE
The goals of the Open Font License (OFL) are to stimulate worldwide
development of collaborative font projects, to support the font creation
efforts of academic and linguistic communities, and to provide a free and
open framework in which fonts may be shared and improved in partnership
with others.

The OFL allows the licensed fonts to be used, studied, modified and
redistributed freely as long as they are not sold by themselves. The
fonts, including any derivative works, can be bundled, embedded,
redistributed and/or sold with any software provided that any reserved
names are not used by derivative works. The fonts and derivatives,
however, cannot be released under any other type of license. The
requirement for fonts to remain under this license does not apply
to any document created using the fonts or their derivatives.

DEFINITIONS
"Font Software" refers to the set of files released by the Copyright
Holder(s) under this license and clearly marked as such. This may
include source files, build scripts and documentation.

"Reserved Font Name" refers to any names specified as such after the
copyright statement(s).

"Original Version" refers to the collection of Font Software components as
distributed by the Copyright Holder(s).

"Modified Version" refers to any derivative made by adding to, deleting,
or substituting -- in part or in whole -- any of the components of the
Original Version, by changing formats or by porting the Font Software to a
new environment.

"Author" refers to any designer, engineer, programmer, technical
writer or other person who contributed to the Font Software.

PERMISSION & CONDITIONS
Permission is hereby granted, free of charge, to any person obtaining
a copy of the Font Software, to use, study, copy, merge, embed, modify,
redistribute, and sell modified and unmodified copies of the Font
Software, subject to the following conditions:

1) Neither the Font Software nor any of its individual components,
in Original or Modified Versions, may be sold by itself.

2) Original or Modified Versions of the Font Software may be bundled,
redistributed and/or sold with any software, provided that each copy
contains the above copyright notice and this license. These can be
included either as stand-alone text files, human-readable headers or
in the appropriate machine-readable metadata fields within text or
binary files as long as those fields can be easily viewed by the user.

3) No Modified Version of the Font Software may use the Reserved Font
Name(s) unless explicit written permission is granted by the corresponding
Copyright Holder. This restriction only applies to the primary font name as
presented to the users.

4) The name(s) of the Copyright Holder(s) or the Author(s) of the Font
Software shall not be used to promote, endorse or advertise any
Modified Version, except to acknowledge the contribution(s) of the
Copyright Holder(s) and the Author(s) or with their explicit written
permission.

5) The Font Software, modified or unmodified, in part or in whole,
must be distributed entirely under this license, and must not be
distributed under any other license. The requirement for fonts to
remain under this license does not apply to any document created
using the Font Software.

TERMINATION
This license becomes null and void if any of the above conditions are
not met.

DISCLAIMER
THE FONT SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND,
EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO ANY WARRANTIES OF
MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT
OF COPYRIGHT, PATENT, TRADEMARK, OR OTHER RIGHT. IN NO EVENT SHALL THE
COPYRIGHT HOLDER BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY,
INCLUDING ANY GENERAL, SPECIAL, INDIRECT, INCIDENTAL, OR CONSEQUENTIAL
DAMAGES, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING
FROM, OUT OF THE USE OR INABILITY TO USE THE FONT SOFTWARE OR FROM
OTHER DEALINGS IN THE FONT SOFTWARE.
"""


def wanted_codepoints() -> set[int]:
    """The code points to keep: GBK-encodable characters plus the extra ranges."""
    cps: set[int] = set()
    for cp in range(0x80, 0x10000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        try:
            chr(cp).encode("gbk")
        except UnicodeEncodeError:
            continue
        cps.add(cp)
    for lo, hi in EXTRA_RANGES:
        cps.update(range(lo, hi + 1))
    cps.update(ord(c) for c in EXTRA_CHARS)
    return cps


def wait_for(paths: list[Path], seconds: float) -> None:
    """Poll until every path exists (apt may still be installing), or exit."""
    deadline = time.monotonic() + seconds
    while True:
        missing = [p for p in paths if not p.is_file()]
        if not missing:
            return
        if time.monotonic() >= deadline:
            sys.exit(
                "missing: " + ", ".join(map(str, missing)) + "\n"
                "install them with: apt-get install -y fonts-noto-cjk fonts-crosextra-carlito "
                "fonts-crosextra-caladea fonts-liberation2 fonts-dejavu-core"
            )
        time.sleep(5)


def sc_index(ttc: Path) -> int:
    """Index of the 'Noto Sans CJK SC' face inside a Noto CJK collection."""
    coll = TTCollection(str(ttc), lazy=True)
    try:
        for i, face in enumerate(coll.fonts):
            name = face["name"]
            family = name.getDebugName(16) or name.getDebugName(1)
            if family == NOTO_FAMILY:
                return i
    finally:
        coll.close()
    raise SystemExit(f"{ttc}: no face with family {NOTO_FAMILY!r}")


def rename(font: TTFont, style: str) -> None:
    """Rename the family to 'Deckgen Sans SC' in the name table and the CFF table."""
    name = font["name"]
    old_version = name.getDebugName(5) or ""
    for rec in list(name.names):
        if rec.nameID in RENAMED_IDS:
            name.removeNames(nameID=rec.nameID)
    ps_name = f"{NEW_PS_FAMILY}-{style}"
    full = f"{NEW_FAMILY} {style}"
    version = old_version.split(";")[0] or "Version 1.000"
    records = {
        1: NEW_FAMILY,
        2: style,
        3: f"{version.replace('Version ', '')};DKGN;{ps_name}",
        4: full,
        5: f"{version}; deckgen subset of Noto Sans CJK SC",
        6: ps_name,
    }
    for name_id, text in records.items():
        # Windows Unicode English only, as the source font had.
        name.setName(text, name_id, 3, 1, 0x409)

    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [ps_name]
        top = cff.topDictIndex[0]
        top.rawDict["FullName"] = full
        top.FullName = full
        top.rawDict["FamilyName"] = NEW_FAMILY
        top.FamilyName = NEW_FAMILY
        if hasattr(top, "FDArray"):
            for fd in top.FDArray:
                old = getattr(fd, "FontName", None)
                if old and "-" in old:
                    fd.FontName = f"{ps_name}-{old.rsplit('-', 1)[1]}"


def make_cjk(ttc: Path, out: Path, style: str, cps: set[int]) -> None:
    """Subset one Noto Sans CJK SC face to `cps`, rename it, and save it to `out`."""
    index = sc_index(ttc)
    font = TTFont(str(ttc), fontNumber=index, recalcTimestamp=False, lazy=False)
    created = font["head"].created
    modified = font["head"].modified

    opts = subset.Options()
    opts.layout_features = LAYOUT_FEATURES
    opts.hinting = False  # drop CFF hints: charts are rendered at high resolution
    opts.desubroutinize = False  # keep subroutines, they keep the CFF small
    opts.name_IDs = ["*"]
    opts.name_languages = [0x409]
    opts.name_legacy = False
    opts.notdef_outline = True
    opts.glyph_names = False
    opts.recalc_timestamp = False
    opts.recalc_bounds = True
    opts.prune_unicode_ranges = True
    opts.drop_tables = [*opts.drop_tables, "BASE"]

    sub = subset.Subsetter(opts)
    sub.populate(unicodes=sorted(cps))
    sub.subset(font)

    rename(font, style)
    # Fixed timestamps (those of the source face), so every run gives the same bytes.
    font["head"].created = created
    font["head"].modified = modified
    font.save(str(out))
    font.close()


LICENCES = {
    "OFL-NotoSansCJK.txt": OFL_NOTO_COPYRIGHT,
    "OFL-Carlito.txt": OFL_CARLITO_COPYRIGHT,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    parser.add_argument(
        "--wait", type=float, default=300, help="seconds to wait for the Debian fonts to appear"
    )
    parser.add_argument(
        "--metrics-only", action="store_true", help="rewrite only the metrics table"
    )
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    system = [Path(p) for *paths, _ in SYSTEM_FACES.values() for p in paths]
    if args.metrics_only:
        wait_for(system, args.wait)
        METRICS_PATH.write_bytes(metrics_table())
        print(f"{METRICS_PATH.name:28} {METRICS_PATH.stat().st_size:>10,} bytes")
        return 0

    styles = ("Regular", "Bold")
    ttcs = {s: NOTO_DIR / f"NotoSansCJK-{s}.ttc" for s in styles}
    carlito = {s: CARLITO_DIR / f"Carlito-{s}.ttf" for s in styles}
    wait_for([*ttcs.values(), *carlito.values(), *system], args.wait)

    cps = wanted_codepoints()
    written: list[Path] = []
    for style in styles:
        dest = out / f"DeckgenSansSC-{style}.otf"
        make_cjk(ttcs[style], dest, style, cps)
        written.append(dest)
        dest = out / f"Carlito-{style}.ttf"
        shutil.copyfile(carlito[style], dest)
        written.append(dest)
    for filename, copyright_line in LICENCES.items():
        dest = out / filename
        dest.write_text(f"{copyright_line}\n\n{OFL_BODY}", encoding="utf-8", newline="\n")
        written.append(dest)

    if out.resolve() == FONT_DIR:  # precomputed metrics, so builds never parse the fonts
        METRICS_PATH.write_bytes(metrics_table())
        written.append(METRICS_PATH)

    for path in written:
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()[:16]
        line = f"{path.name:28} {len(data):>10,} bytes  sha256 {digest}"
        if path.suffix in (".otf", ".ttf"):
            with TTFont(str(path), lazy=True) as f:
                line += f"  {len(f.getBestCmap()):>6} code points"
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
