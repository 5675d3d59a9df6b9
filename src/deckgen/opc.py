"""The package structure of a .pptx read without python-pptx: a part's relationships, and
parts found by relationship type. Works on anything with `read(name)` that raises KeyError
for a missing part (a safezip.Package, a zipfile.ZipFile, a dict of parts)."""

from __future__ import annotations

import posixpath
from typing import Any, Protocol

from .safezip import parse_xml


class Parts(Protocol):
    """Something parts can be read from by name."""

    def read(self, name: str) -> bytes: ...


def rels_name(part: str) -> str:
    """The name of a part's relationships part ("" for the package's own)."""
    if not part:
        return "_rels/.rels"
    folder, name = part.rsplit("/", 1) if "/" in part else ("", part)
    return f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"


def join(folder: str, target: str) -> str:
    """A relationship target as a part name."""
    if target.startswith("/"):
        return target.lstrip("/")
    return (posixpath.normpath(posixpath.join(folder, target)) if folder else
        posixpath.normpath(target))


def relationships(pkg: Parts, part: str) -> list[tuple[str, str, str]]:
    """(id, type, target part) of every internal relationship of a part ("" for the package)."""
    try:
        root = parse_xml(pkg.read(rels_name(part)))
    except KeyError:
        return []
    folder = part.rsplit("/", 1)[0] if "/" in part else ""
    out = []
    for rel in root:
        if rel.get("TargetMode") == "External" or not isinstance(rel.tag, str):
            continue
        out.append((rel.get("Id") or "", rel.get("Type") or "",
                    join(folder, rel.get("Target") or "")))
    return out


def rel_kind(rel_type: str) -> str:
    """The last word of a relationship type, in lower case ("slide", "chart", "image"…)."""
    return rel_type.rstrip("/").rsplit("/", 1)[-1].lower()


def targets(pkg: Parts, part: str) -> dict[str, str]:
    """A part's internal relationships: target part by id."""
    return {rid: target for rid, _, target in relationships(pkg, part)}


def target_of_kind(pkg: Parts, part: str, kind: str) -> str | None:
    """The first internal relationship target of a part with this kind of type."""
    return next((t for _, typ, t in relationships(pkg, part) if rel_kind(typ) == kind), None)


def read_if(pkg: Parts, name: str) -> Any:
    """A part parsed as XML, or None when it is missing."""
    try:
        return parse_xml(pkg.read(name))
    except KeyError:
        return None


_CP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_CP_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the one user-defined properties use


def custom_properties_xml(blob: bytes | None, props: list[tuple[str, str]],
                          drop_prefix: str) -> bytes:
    """A custom properties part (docProps/custom.xml) with these text properties: those
    already there that start with `drop_prefix` left out, the others kept."""
    from lxml import etree

    root = None
    if blob is not None:
        try:
            root = parse_xml(blob)
        except etree.XMLSyntaxError:
            root = None
    if root is None:
        root = etree.Element(f"{{{_CP_NS}}}Properties", nsmap={None: _CP_NS, "vt": _VT_NS})
    for prop in list(root):
        if (prop.get("name") or "").startswith(drop_prefix):
            root.remove(prop)
    pid = max([1, *(int(p.get("pid", "1")) for p in root if p.get("pid", "").isdigit())])
    for name, value in props:
        pid += 1
        prop = etree.SubElement(root, f"{{{_CP_NS}}}property", fmtid=_CP_FMTID,
                                pid=str(pid), name=name)
        etree.SubElement(prop, f"{{{_VT_NS}}}lpwstr").text = value
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                standalone=True))
