"""The XML namespaces of the package parts deckgen reads and writes, :func:`qn`, which
spells a prefixed tag ("a:t") the way lxml names it, and :func:`remove_element`. A leaf
module: it imports nothing of deckgen."""

from __future__ import annotations

import functools
from typing import Any

NSMAP = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcmitype": "http://purl.org/dc/dcmitype/",
    "dcterms": "http://purl.org/dc/terms/",
    "ep": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "p14": "http://schemas.microsoft.com/office/powerpoint/2010/main",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}


@functools.cache
def qn(tag: str) -> str:
    """A prefixed tag ("p:sp") as lxml's Clark name ("{…presentationml…}sp"); a path of
    tags ("p:cSld/p:spTree") tag by tag."""
    return "/".join(_one(t) for t in tag.split("/"))


def _one(tag: str) -> str:
    prefix, local = tag.split(":")
    return f"{{{NSMAP[prefix]}}}{local}"


def remove_element(el: Any) -> None:
    """Detach an element from its parent."""
    parent = el.getparent()
    if parent is not None:
        parent.remove(el)
