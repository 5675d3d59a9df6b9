"""PyYAML's one costly import, made cheap: the characters its reader refuses.

Importing PyYAML compiles `yaml.reader.Reader.NON_PRINTABLE`, written as a negated class
that reaches U+10FFFF; Python's ``re`` spends about 7 ms on it, a twentieth of a
``deckgen check``. The same characters written as the class of those refused (a few short
ranges) compile in under 1 ms. ``re`` looks every pattern up in its cache before it
compiles it, so :func:`prepare` puts the short class there under PyYAML's pattern before
PyYAML is first imported, and PyYAML's reader gets it. A test holds the two to the same
answer for every code point; where ``re`` keeps no such cache, or PyYAML is already
imported, nothing is done and PyYAML compiles its own."""

from __future__ import annotations

import re
import sys

PYYAML_NON_PRINTABLE = "[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010ffff]"
"""The pattern as PyYAML 6 writes it (`yaml/reader.py`)."""

REFUSED = "[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uD800-\uDFFF\uFFFE\uFFFF]"
"""The same characters: every code point PyYAML's class leaves out."""


def prepare() -> None:
    """Have PyYAML's reader take :data:`REFUSED` compiled (call before importing yaml)."""
    cache = getattr(re, "_cache", None)
    if "yaml" in sys.modules or not isinstance(cache, dict):
        return
    cache.setdefault((str, PYYAML_NON_PRINTABLE, 0), re.compile(REFUSED))
