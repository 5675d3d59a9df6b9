"""Work kept in the cache folder by content (shelf.py): entries come back as written, a
damaged one is dropped, each shelf keeps to its size; pictures' checked sizes and pictures
as fpdf2 embeds them use it."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PIL import Image

from deckgen import images, shelf
from deckgen.pdf import pictures


def test_an_entry_comes_back_as_written(tmp_path: Path) -> None:
    key = shelf.key_of("x", b"\x00\x01")
    assert shelf.get(tmp_path, "sizes", key) is None
    shelf.put(tmp_path, "sizes", key, b"640 480")
    assert shelf.get(tmp_path, "sizes", key) == b"640 480"
    assert shelf.get(None, "sizes", key) is None  # no cache folder: nothing kept
    shelf.put(None, "sizes", key, b"1 1")


def test_parts_of_a_key_do_not_run_together() -> None:
    assert shelf.key_of("ab", "c") != shelf.key_of("a", "bc")
    assert shelf.key_of("a", "b") == shelf.key_of(b"a", b"b")


def test_a_damaged_entry_is_dropped_not_used(tmp_path: Path) -> None:
    key = shelf.key_of("y")
    shelf.put(tmp_path, "sizes", key, b"640 480")
    path = tmp_path / "sizes" / key
    blob = bytearray(path.read_bytes())
    blob[-1] ^= 0xFF  # a flipped bit
    path.write_bytes(bytes(blob))
    assert shelf.get(tmp_path, "sizes", key) is None
    assert not path.exists()


def test_unknown_shelves_and_keys_that_are_paths_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        shelf.get(tmp_path, "nothing", "abc")
    with pytest.raises(ValueError):
        shelf.put(tmp_path, "sizes", "../escape", b"x")


def test_a_full_shelf_drops_the_entries_used_longest_ago(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(shelf.LIMITS, "sizes", 3 * (len(shelf.MAGIC) + 16 + 100))
    keys = [shelf.key_of(str(i)) for i in range(4)]
    for i, key in enumerate(keys[:3]):
        shelf.put(tmp_path, "sizes", key, bytes(100))
        os.utime(tmp_path / "sizes" / key, ns=(i * 10**9, i * 10**9))
    assert shelf.get(tmp_path, "sizes", keys[0]) is not None  # used now: kept longest
    shelf.put(tmp_path, "sizes", keys[3], bytes(100))
    left = {k for k in keys if (tmp_path / "sizes" / k).exists()}
    assert left == {keys[0], keys[2], keys[3]}  # keys[1] was the least recently used


def test_a_cache_folder_that_cannot_be_written_is_skipped(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    shelf.put(blocked, "sizes", shelf.key_of("z"), b"1 2")  # no error
    assert shelf.get(blocked, "sizes", shelf.key_of("z")) is None


def _png(path: Path, size: tuple[int, int], alpha: bool) -> Path:
    img = Image.new("RGBA" if alpha else "RGB", size, (200, 30, 40, 128) if alpha else "red")
    img.save(path)
    return path


def test_a_pictures_size_is_checked_once_then_remembered(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pic = _png(tmp_path / "a.png", (37, 21), alpha=False)
    cache = tmp_path / "cache"
    assert images.checked_size(pic, cache) == (37, 21)

    def no_decoding(*_: object, **__: object) -> None:
        raise AssertionError("decoded again")

    monkeypatch.setattr(images, "prepare", no_decoding)
    assert images.checked_size(pic, cache) == (37, 21)
    _png(pic, (38, 21), alpha=False)  # another picture under the same name: checked anew
    with pytest.raises(AssertionError, match="decoded again"):
        images.checked_size(pic, cache)


def test_a_picture_as_fpdf2_embeds_it_comes_back_the_same(tmp_path: Path) -> None:
    from fpdf import FPDF

    data = _png(tmp_path / "b.png", (16, 9), alpha=True).read_bytes()
    pdf = FPDF()
    pdf.add_page()
    info = pdf.image(io.BytesIO(data), 0, 0, 16, 9)
    name = pictures.key(data, "test")
    pictures.store(tmp_path, name, info)
    back = pictures.load(tmp_path, name)
    assert back is not None
    assert {k: bytes(v) if isinstance(v, bytearray) else v for k, v in back.items()} == {
        k: bytes(v) if isinstance(v, bytearray) else v for k, v in info.items()
        if v is not None and k not in ("i", "usages", "iccp_i", "iccp", "obj_id",
                                       "rendered_width", "rendered_height")}
    assert back["smask"]  # the transparency kept beside the pixels


def test_an_entry_fpdf2_could_not_have_made_is_ignored(tmp_path: Path) -> None:
    name = pictures.key(b"x", "test")
    shelf.put(tmp_path, "pictures", name, b'{"w": 1, "h": 1, "bpc": 8, "cs": "DeviceRGB", '
              b'"f": "FlateDecode", "dp": "/Predictor 15 >> /Evil", "sizes": {"data": 1}}\nx')
    assert pictures.load(tmp_path, name) is None
    shelf.put(tmp_path, "pictures", name, b'{"w": 1, "sizes": {"data": 5}}\nx')
    assert pictures.load(tmp_path, name) is None


def test_a_picture_file_as_the_slides_draw_it_is_prepared_once_then_remembered(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    plain = _png(tmp_path / "c.png", (12, 8), alpha=False)
    deep = tmp_path / "d.png"  # 16 bits a channel: converted by prepare
    Image.new("I;16", (10, 6), 4000).save(deep)
    made = {p: images.prepare(p).data for p in (plain, deep)}
    assert made[plain] == plain.read_bytes() and made[deep] != deep.read_bytes()
    for p in (plain, deep):
        assert images.prepared(p, cache) == made[p]

    def no_decoding(*_: object, **__: object) -> None:
        raise AssertionError("decoded again")

    with monkeypatch.context() as m:
        m.setattr(images, "prepare", no_decoding)
        for p in (plain, deep):
            assert images.prepared(p, cache) == made[p]
        m.setattr(images, "FORMAT", images.FORMAT + 1)  # prepare changed: prepared anew
        with pytest.raises(AssertionError, match="decoded again"):
            images.prepared(deep, cache)
        m.setattr(images, "FORMAT", images.FORMAT - 1)
        _png(plain, (13, 8), alpha=False)  # edited in place: prepared anew
        with pytest.raises(AssertionError, match="decoded again"):
            images.prepared(plain, cache)
    for entry in (cache / "prepared").iterdir():  # damaged entries: prepared anew
        entry.write_bytes(entry.read_bytes()[:-1] + b"?")
    assert images.prepared(deep, cache) == made[deep]
    assert images.prepared(tmp_path / "nothing.png", cache) is None
    (tmp_path / "bad.png").write_bytes(b"not a picture")
    assert images.prepared(tmp_path / "bad.png", cache) is None
