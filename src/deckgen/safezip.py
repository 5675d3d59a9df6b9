"""Bounded reading of the zip packages deckgen reads (returned decks, templates): the one
home of their size limits.

A package is checked twice. First its central directory, before anything is unpacked: the
number of parts, each part's and the total unpacked size, how much each part grows, and the
compression method (Office writes only stored and deflated parts; other methods unpack
without a bound per read). Then while unpacking, since headers can lie: every read counts
the bytes it gets and stops past the part's declared size or the package's total. Python's
zipfile also never returns more than the declared size (and then fails the CRC), so a part
read by python-pptx from a checked package is bounded too.

Files are checked before they are opened: only a regular file of bounded size is read (a
folder, FIFO, device or socket never is; a FIFO is never opened, and the open itself does
not block should one be swapped in)."""

from __future__ import annotations

import hashlib
import io
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .frozen import frozen

if TYPE_CHECKING:
    import zipfile

# zipfile (with shutil, bz2 and lzma) is imported where a package is opened: reading the
# default theme's file, as every build and check does, needs none of it (3 ms a start)

MB = 2**20
CHUNK = MB
RATIO_FLOOR = MB
"""Parts smaller than this may grow any amount (small XML parts compress a lot)."""
XML_BYTES = 64 * MB
"""The most of one part that is read into memory to be parsed (slides, notes, properties)."""


@frozen
class Limits:
    """How large a package of one kind may be, on disk and unpacked."""

    what: str  # "a deck", "a template": for messages
    file_bytes: int  # the file on disk
    total_bytes: int  # every part unpacked
    part_bytes: int  # one part unpacked
    parts: int  # how many parts
    ratio: int  # how many times its packed size a part over RATIO_FLOOR may unpack to
    advice: str = ""  # what to do about a package too large


DECK = Limits("a deck", 512 * MB, 1024 * MB, 256 * MB, 10_000, 200)
TEMPLATE = Limits("a template", 300 * MB, 300 * MB, 256 * MB, 10_000, 200,
                  " (remove large media from it)")
WORKBOOK = Limits("an embedded workbook", 10 * MB, 100 * MB, 20 * MB, 500, 200)
"""A native chart's workbook inside a returned deck: a zip inside the zip."""


class PackageProblem(ValueError):
    """A package (or the file holding it) that is not read: one line saying why."""


def _mb(n: int) -> str:
    return f"{n / MB:,.0f} MB" if n >= MB else f"{n:,} bytes"


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"))


def regular_file(path: Path, limits: Limits, shown: str) -> os.stat_result:
    """The file's status, when it is a regular file (links followed) no larger than the
    limits allow; else PackageProblem. Nothing is opened."""
    st = os.stat(path)
    _check_stat(st, limits, shown)
    return st


def _check_stat(st: os.stat_result, limits: Limits, shown: str) -> None:
    if not stat.S_ISREG(st.st_mode):
        kind = next((k for test, k in _KINDS if test(st.st_mode)), "not a regular file")
        raise PackageProblem(f"{shown} is {kind}, not a file; {limits.what} must be a "
                             ".pptx file (nothing was read from it)")
    if st.st_size > limits.file_bytes:
        raise PackageProblem(f"{shown} is {_mb(st.st_size)}; {limits.what} may be at most "
                             f"{_mb(limits.file_bytes)}{limits.advice}")


def open_regular(path: Path, limits: Limits, shown: str) -> IO[bytes]:
    """The file opened for reading, after checking (before and after opening) that it is a
    regular file within the limits."""
    regular_file(path, limits, shown)
    flags = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) |
        getattr(os, "O_BINARY", 0))
    fd = os.open(path, flags)
    try:
        _check_stat(os.fstat(fd), limits, shown)  # the file opened is the file checked
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def read_file(path: Path, limits: Limits, shown: str) -> bytes:
    """The whole file, when it is a regular file within the limits (never more is read)."""
    with open_regular(path, limits, shown) as f:
        data = f.read(limits.file_bytes + 1)
    if len(data) > limits.file_bytes:  # it grew after the check
        raise PackageProblem(f"{shown} is over {_mb(limits.file_bytes)}; {limits.what} may "
                             f"be at most {_mb(limits.file_bytes)}{limits.advice}")
    return data


def check_directory(z: zipfile.ZipFile, limits: Limits, shown: str) -> None:
    """Refuse a package whose central directory promises too much: too many parts, a part
    or the whole too large, a part growing like a zip bomb, an unusual compression."""
    import zipfile

    infos = z.infolist()
    if len(infos) > limits.parts:
        raise PackageProblem(f"{shown} holds {len(infos):,} parts; {limits.what} may hold at "
                             f"most {limits.parts:,}")
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        if name in seen:
            # readers disagree on which copy counts (zipfile and LibreOffice take the last)
            raise PackageProblem(f"{shown} holds two parts named {name}, so it is damaged; "
                                 "open it in PowerPoint or LibreOffice and save it again")
        seen.add(name)
        if info.flag_bits & 0x1:
            raise PackageProblem(f"{shown} is encrypted ({name}); save it again without a "
                                 "password")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise PackageProblem(f"{shown}: {name} is compressed with method "
                                 f"{info.compress_type}; Office packages use deflate only")
        size = info.file_size
        if size > limits.part_bytes:
            raise PackageProblem(f"{shown}: {name} unpacks to {_mb(size)}; one part of "
                                 f"{limits.what} may unpack to at most "
                                 f"{_mb(limits.part_bytes)}{limits.advice}")
        if size > RATIO_FLOOR and size > limits.ratio * max(info.compress_size, 1):
            grows = size / max(info.compress_size, 1)
            raise PackageProblem(f"{shown}: {name} unpacks to {_mb(size)}, {grows:,.0f} "
                                 f"times its packed size (a zip bomb?); a part of "
                                 f"{limits.what} may grow at most {limits.ratio} times")
        total += size
    if total > limits.total_bytes:
        raise PackageProblem(f"{shown} unpacks to {_mb(total)}; {limits.what} may unpack to "
                             f"at most {_mb(limits.total_bytes)}{limits.advice}")


def check_bytes(data: bytes, limits: Limits, shown: str) -> None:
    """check_directory for a package held in memory."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        check_directory(z, limits, shown)


class Package:
    """A zip package opened for bounded reading: its directory checked, every read counted."""

    def __init__(self, source: bytes | IO[bytes], limits: Limits, shown: str) -> None:
        import zipfile

        self.limits = limits
        self.shown = shown
        self._file = io.BytesIO(source) if isinstance(source, bytes) else source
        if isinstance(source, bytes) and len(source) > limits.file_bytes:
            raise PackageProblem(f"{shown} is {_mb(len(source))}; {limits.what} may be at "
                                 f"most {_mb(limits.file_bytes)}{limits.advice}")
        try:
            self._zip = zipfile.ZipFile(self._file)
            check_directory(self._zip, limits, shown)
        except BaseException:
            self._file.close()
            raise
        self._infos = {i.filename: i for i in self._zip.infolist()}
        self._unpacked = 0

    @classmethod
    def open(cls, path: Path, limits: Limits = DECK, shown: str | None = None) -> Package:
        """The package in a file, read from disk as needed (never all at once)."""
        shown = shown or str(path)
        return cls(open_regular(path, limits, shown), limits, shown)

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        """Close the package and its file."""
        self._zip.close()
        self._file.close()

    @property
    def names(self) -> list[str]:
        """Every part's name, in the package's order."""
        return list(self._infos)

    def __contains__(self, name: str) -> bool:
        return name in self._infos

    def chunks(self, name: str, cap: int | None = None) -> Iterator[bytes]:
        """A part's bytes, unpacked a chunk at a time; PackageProblem past the part's
        declared size, `cap` or the package's total."""
        import zipfile
        import zlib

        info = self._infos[name]
        most = min(info.file_size, cap if cap is not None else self.limits.part_bytes)
        if info.file_size > most:
            raise PackageProblem(f"{self.shown}: {name} is {_mb(info.file_size)}; deckgen "
                                 f"reads at most {_mb(most)} of such a part")
        got = 0
        try:
            with self._zip.open(info) as f:
                while chunk := f.read(CHUNK):
                    got += len(chunk)
                    self._unpacked += len(chunk)
                    if got > most or self._unpacked > self.limits.total_bytes:
                        raise PackageProblem(f"{self.shown}: {name} unpacks to more than "
                                             "its header says; it is damaged or a zip bomb")
                    yield chunk
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            raise PackageProblem(f"{self.shown}: {name} is damaged ({exc})") from None

    def read(self, name: str, cap: int = XML_BYTES) -> bytes:
        """A part's bytes (KeyError when it is missing), at most `cap` of them."""
        return b"".join(self.chunks(name, cap))

    def digest(self, name: str) -> bytes:
        """SHA-256 of a part's bytes, unpacked a chunk at a time."""
        h = hashlib.sha256()
        for chunk in self.chunks(name):
            h.update(chunk)
        return h.digest()


def file_sha256(f: IO[bytes]) -> str:
    """SHA-256 of an open file's bytes from where it stands, read a chunk at a time."""
    h = hashlib.sha256()
    while chunk := f.read(CHUNK):
        h.update(chunk)
    return h.hexdigest()


def parse_xml(data: bytes) -> Any:
    """An XML part parsed without entities, DTDs or network access, and without lxml's
    huge-tree allowance (a billion laughs or a deep tree is an error, not a hang)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=False)
    return etree.fromstring(data, parser)
