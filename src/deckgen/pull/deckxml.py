"""The few names of a slide's XML that reading a returned deck needs everywhere: the
namespaces, a paragraph's text and a placeholder's type. A leaf module, so that readdeck
and deckparts need not import each other."""

from __future__ import annotations

from typing import Any

_NS = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main",
       "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
       "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
       "cp": "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
       "vt": "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"}
_A, _P = f"{{{_NS['a']}}}", f"{{{_NS['p']}}}"


def _para_text(p: Any) -> str:
    out = []
    for el in p:
        tag = el.tag
        if tag in (_A + "r", _A + "fld"):
            out.append("".join(t.text or "" for t in el.iter(_A + "t")))
        elif tag == _A + "br":
            out.append("\n")
    return "".join(out)


def _ph_type(sp: Any) -> str | None:
    ph = sp.find(f"./*/{_P}nvPr/{_P}ph")
    return None if ph is None else (ph.get("type") or "obj")
