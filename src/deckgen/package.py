"""The .pptx package being written, without python-pptx: parts (bytes, or an XML tree
while deckgen edits them), their relationships, and the zip entries in the order, with
the content types and relationship files, that python-pptx 1.0 writes them, so a deck
is the same byte for byte whichever opened the template.

A package comes from the shipped default theme's bytes (:meth:`Package.read`; the theme
files are written as python-pptx writes them, so nothing needs repairing) or from a
template python-pptx opened and repaired (:meth:`Package.from_python_pptx`)."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from typing import Any

from lxml import etree

from .opc import rels_name
from .opctypes import CT_OPC_RELATIONSHIPS, CT_XML, DEFAULT_EXTENSIONS

NS_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
EXTERNAL = "External"

PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
"""python-pptx's parser settings: blank text between tags dropped, no entities."""


def parse(blob: bytes | str) -> Any:
    """A part's XML tree as python-pptx parses it."""
    return etree.fromstring(blob, PARSER)


def serialize(el: Any) -> bytes:
    """A part's XML as python-pptx writes it."""
    return etree.tostring(el, encoding="UTF-8", standalone=True)


class Rel:
    """A relationship: its id, type, and target (a part name, or a URL when external)."""

    __slots__ = ("external", "reltype", "rid", "target")

    def __init__(self, rid: str, reltype: str, target: str, external: bool = False) -> None:
        self.rid, self.reltype, self.target, self.external = rid, reltype, target, external


class Part:
    """A part: its name ("/ppt/slides/slide1.xml"), content type, bytes or XML tree, and
    relationships in the order they were made."""

    __slots__ = ("_blob", "_element", "content_type", "name", "rels")

    def __init__(self, name: str, content_type: str, blob: bytes | None = None,
                 element: Any = None) -> None:
        self.name, self.content_type = name, content_type
        self._blob, self._element = blob, element
        self.rels: dict[str, Rel] = {}

    @property
    def element(self) -> Any:
        """The part's XML tree, parsed on first use and kept for editing."""
        if self._element is None:
            self._element = parse(self._blob or b"")
            self._blob = None
        return self._element

    @property
    def blob(self) -> bytes:
        """The part's bytes."""
        return serialize(self._element) if self._element is not None else (self._blob or b"")

    @blob.setter
    def blob(self, data: bytes) -> None:
        self._blob, self._element = data, None

    def freeze(self) -> None:
        """Serialise the XML now and drop the tree: a long deck then holds its slides'
        bytes, not their trees (about ten times larger)."""
        if self._element is not None:
            self._blob, self._element = serialize(self._element), None

    @property
    def folder(self) -> str:
        return posixpath.split(self.name)[0]

    def relate(self, target: str, reltype: str) -> str:
        """The id of this part's relationship of `reltype` to the part named `target`,
        made when there is none (python-pptx's ``relate_to``)."""
        for rel in self.rels.values():
            if rel.reltype == reltype and not rel.external and rel.target == target:
                return rel.rid
        return self.add_rel(target, reltype)

    def add_rel(self, target: str, reltype: str, external: bool = False) -> str:
        """A new relationship; its id the first free "rIdN" counting down from one more
        than the relationships there are (python-pptx's rule)."""
        rid = next_rid(self.rels)
        self.rels[rid] = Rel(rid, reltype, target, external)
        return rid


def next_rid(rels: dict[str, Rel]) -> str:
    """The next relationship id as python-pptx picks it."""
    for n in range(len(rels) + 1, 0, -1):
        if f"rId{n}" not in rels:
            return f"rId{n}"
    raise AssertionError("more distinct ids than relationships")


def _target_ref(target: str, folder: str) -> str:
    return target[1:] if folder == "/" else posixpath.relpath(target, folder)


def rels_xml(rels: dict[str, Rel], folder: str) -> bytes:
    """A relationships item as python-pptx writes it: in numeric id order, targets relative
    to the source's folder."""
    root = etree.fromstring(f'<Relationships xmlns="{NS_RELS}"/>', PARSER)
    order = sorted((int(r[3:]) if r.startswith("rId") and r[3:].isdigit() else 0, r)
                   for r in rels)
    for _, rid in order:
        rel = rels[rid]
        el = etree.fromstring(f'<Relationship xmlns="{NS_RELS}"/>', PARSER)
        el.set("Id", rid)
        el.set("Type", rel.reltype)
        el.set("Target", rel.target if rel.external else _target_ref(rel.target, folder))
        if rel.external:
            el.set("TargetMode", EXTERNAL)
        root.append(el)
    return serialize(root)


class Package:
    """A package: its parts by name and its own relationships."""

    def __init__(self) -> None:
        self.parts: dict[str, Part] = {}
        self.rels: dict[str, Rel] = {}
        self._taken: dict[str, set[int]] = {}

    # -- reading --------------------------------------------------------------------------
    @classmethod
    def read(cls, members: dict[str, bytes]) -> Package:
        """A package from its zip members (name → bytes), as python-pptx loads one: the
        parts reachable by relationships from the package, each with the content type
        [Content_Types].xml gives it (names and extensions compared without case);
        relationships to missing parts dropped."""
        types = parse(members["[Content_Types].xml"])
        overrides = {el.get("PartName", "").lower(): el.get("ContentType", "")
                     for el in types if etree.QName(el).localname == "Override"}
        defaults = {el.get("Extension", "").lower(): el.get("ContentType", "")
                    for el in types if etree.QName(el).localname == "Default"}
        raw: dict[str, list[tuple[str, str, str, bool]]] = {}

        def walk(source: str) -> None:
            entry = members.get(rels_name(source[1:]))
            found: list[tuple[str, str, str, bool]] = []
            raw[source] = found
            if entry is None:
                return
            folder = posixpath.split(source)[0] if source != "/" else "/"
            for el in parse(entry):
                if not isinstance(el.tag, str):
                    continue
                target, external = el.get("Target", ""), el.get("TargetMode") == EXTERNAL
                if not external:
                    target = posixpath.abspath(posixpath.join(folder, target))
                found.append((el.get("Id", ""), el.get("Type", ""), target, external))
                if not external and target not in raw:
                    walk(target)

        walk("/")
        pkg = cls()
        for name in raw:
            if name != "/" and name[1:] in members:
                ext = posixpath.splitext(name)[1][1:].lower()
                ctype = overrides.get(name.lower()) or defaults.get(ext)
                if ctype is None:
                    raise KeyError(f"no content type for {name} in [Content_Types].xml")
                pkg.parts[name] = Part(name, ctype, members[name[1:]])
        for source, found in raw.items():
            rels = pkg.rels if source == "/" else (
                pkg.parts[source].rels if source in pkg.parts else None)
            if rels is None:
                continue
            for rid, reltype, target, external in found:
                if external or target in pkg.parts:
                    rels[rid] = Rel(rid, reltype, target, external)
        return pkg

    @classmethod
    def from_python_pptx(cls, package: Any) -> Package:
        """The package python-pptx holds, part for part and relationship for relationship,
        in its order."""
        pkg = cls()

        def rels_of(rels: Any) -> dict[str, Rel]:
            return {rid: Rel(rid, rel.reltype, rel.target_ref, True) if rel.is_external
                    else Rel(rid, rel.reltype, str(rel.target_part.partname))
                    for rid, rel in rels.items()}

        pkg.rels = rels_of(package._rels)
        for part in package.iter_parts():
            mine = Part(str(part.partname), part.content_type, part.blob)
            mine.rels = rels_of(part.rels)
            pkg.parts[mine.name] = mine
        return pkg

    def to_record(self) -> tuple[dict[str, Any], dict[str, bytes]]:
        """The package as plain fields and byte strings (for the cache), relationships in
        the order they were made: :meth:`from_record` gives the same package back."""
        def rels(found: dict[str, Rel]) -> list[list[Any]]:
            return [[r.rid, r.reltype, r.target, r.external] for r in found.values()]

        parts = list(self.parts.values())
        return ({"rels": rels(self.rels),
                 "parts": [[p.name, p.content_type, rels(p.rels)] for p in parts]},
                {str(i): p.blob for i, p in enumerate(parts)})

    @classmethod
    def from_record(cls, fields: dict[str, Any], blobs: dict[str, bytes]) -> Package | None:
        """The package :meth:`to_record` kept; None for anything else: a part name or
        target that is not a plain name inside the package, a relationship to a missing
        part, macros, a part without its bytes."""
        listed, own = fields.get("parts"), fields.get("rels")
        if not isinstance(listed, list) or len(listed) != len(blobs):
            return None
        pkg = cls()
        for i, entry in enumerate(listed):
            if not (isinstance(entry, list) and len(entry) == 3 and _plain_name(entry[0])
                    and isinstance(entry[1], str) and entry[0] not in pkg.parts
                    and "macro" not in entry[1].lower() and "vba" not in entry[1].lower()
                    and str(i) in blobs):
                return None
            pkg.parts[entry[0]] = Part(entry[0], entry[1], blobs[str(i)])
        rels = _record_rels(own, pkg.parts)
        if rels is None:
            return None
        pkg.rels = rels
        for entry in listed:
            found = _record_rels(entry[2], pkg.parts)
            if found is None:
                return None
            pkg.parts[entry[0]].rels = found
        return pkg

    # -- finding --------------------------------------------------------------------------
    def related(self, source: Part | None, reltype: str) -> Part | None:
        """The part the package (source None) or a part relates to by this type."""
        rels = self.rels if source is None else source.rels
        for rel in rels.values():
            if rel.reltype == reltype and not rel.external and rel.target in self.parts:
                return self.parts[rel.target]
        return None

    def target(self, source: Part, rid: str) -> Part:
        """The part a relationship id of a part points at."""
        return self.parts[source.rels[rid].target]

    def iter_rels(self) -> Iterator[Rel]:
        """Every relationship, depth first from the package's own, each part's taken when
        the part is first reached (python-pptx's ``iter_rels``)."""
        visited: set[str] = set()

        def walk(rels: dict[str, Rel]) -> Iterator[Rel]:
            for rel in rels.values():
                yield rel
                if rel.external or rel.target in visited or rel.target not in self.parts:
                    continue
                visited.add(rel.target)
                yield from walk(self.parts[rel.target].rels)

        return walk(self.rels)

    def iter_parts(self) -> Iterator[Part]:
        """Every part once, in the order its first relationship is met (python-pptx's
        ``iter_parts``: the order parts are written)."""
        seen: set[str] = set()
        for rel in self.iter_rels():
            if not rel.external and rel.target not in seen and rel.target in self.parts:
                seen.add(rel.target)
                yield self.parts[rel.target]

    # -- adding ---------------------------------------------------------------------------
    def add(self, part: Part) -> Part:
        """Add a new part (related to nothing yet)."""
        if part.name in self.parts:
            raise ValueError(f"two parts of the deck would share the name {part.name}")
        self.parts[part.name] = part
        return part

    def add_rel(self, target: str, reltype: str) -> str:
        """A new relationship of the package itself."""
        rid = next_rid(self.rels)
        self.rels[rid] = Rel(rid, reltype, target)
        return rid

    def next_name(self, template: str) -> str:
        """The next free name for a template like "/ppt/slides/slide%d.xml": one more than
        the names taken, counting up past gaps (counters, not a rescan per part)."""
        prefix = template[: (template % 42).find("42")]
        taken = self._taken.get(prefix)
        if taken is None:
            pattern = re.compile(re.escape(prefix) + r"(\d+)\.[^/]*$")
            taken = self._taken[prefix] = {int(m.group(1)) for name in self.parts
                                           if (m := pattern.match(name))}
        n = len(taken) + 1
        while n in taken:
            n += 1
        taken.add(n)
        return template % n

    # -- writing --------------------------------------------------------------------------
    def entries(self) -> list[tuple[str, bytes]]:
        """The zip entries (name, bytes) as python-pptx writes them: content types, the
        package's relationships, then every part followed by its relationships."""
        parts = list(self.iter_parts())
        out = [("[Content_Types].xml", content_types_xml(parts)),
               ("_rels/.rels", rels_xml(self.rels, "/"))]
        for part in parts:
            out.append((part.name[1:], part.blob))
            if part.rels:
                out.append((rels_name(part.name[1:]), rels_xml(part.rels, part.folder)))
        return out


def _plain_name(name: Any) -> bool:
    """Whether a part name is absolute, without empty, "." or ".." steps or backslashes."""
    return (isinstance(name, str) and name.startswith("/") and 1 < len(name) < 1024
            and "\\" not in name and name.isprintable()
            and all(step not in ("", ".", "..") for step in name[1:].split("/")))


def _record_rels(listed: Any, parts: dict[str, Part]) -> dict[str, Rel] | None:
    if not isinstance(listed, list):
        return None
    out: dict[str, Rel] = {}
    for entry in listed:
        if not (isinstance(entry, list) and len(entry) == 4
                and all(isinstance(x, str) for x in entry[:3]) and type(entry[3]) is bool
                and entry[0] not in out and (entry[3] or entry[2] in parts)):
            return None
        out[entry[0]] = Rel(*entry)
    return out


def content_types_xml(parts: list[Part]) -> bytes:
    """[Content_Types].xml as python-pptx writes it: a Default for each extension whose
    content type is the usual one, an Override for every other part, each sorted."""
    defaults = {"rels": CT_OPC_RELATIONSHIPS, "xml": CT_XML}
    overrides: dict[str, str] = {}
    for part in parts:
        ext = posixpath.splitext(part.name)[1][1:]
        if (ext.lower(), part.content_type) in DEFAULT_EXTENSIONS:
            defaults[ext.lower()] = part.content_type
        else:
            overrides[part.name] = part.content_type
    root = etree.fromstring(f'<Types xmlns="{NS_TYPES}"/>', PARSER)
    for ext, ctype in sorted(defaults.items()):
        etree.SubElement(root, f"{{{NS_TYPES}}}Default", Extension=ext, ContentType=ctype)
    for name, ctype in sorted(overrides.items()):
        etree.SubElement(root, f"{{{NS_TYPES}}}Override", PartName=name, ContentType=ctype)
    return serialize(root)
