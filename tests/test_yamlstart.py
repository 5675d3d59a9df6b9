"""PyYAML's reader gets its refused characters compiled cheaply (deckgen.yamlstart): the
same characters as PyYAML's own pattern, for every code point, and only where that holds."""

from __future__ import annotations

import ast
import re
import subprocess
import sys

from deckgen import yamlstart


def _pattern_after(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", code + "\nimport yaml\n"
                          "print(ascii(yaml.reader.Reader.NON_PRINTABLE.pattern))"],
                         capture_output=True, text=True, check=True).stdout.strip()
    return str(ast.literal_eval(out))


def test_the_short_class_refuses_what_pyyaml_refuses_at_every_code_point() -> None:
    theirs = re.compile(yamlstart.PYYAML_NON_PRINTABLE)
    ours = re.compile(yamlstart.REFUSED)
    text = "".join(map(chr, range(0x110000)))
    # every position either pattern matches, over all of Unicode at once
    assert [m.start() for m in ours.finditer(text)] == [m.start()
                                                         for m in theirs.finditer(text)]
    # C0 controls but tab, LF and CR; DEL and the C1 controls but NEL; the surrogates;
    # U+FFFE and U+FFFF
    assert len(ours.findall(text)) == (32 - 3) + (33 - 1) + 2048 + 2


def test_pyyaml_still_writes_the_pattern_and_takes_the_short_one_after_the_cli() -> None:
    # PyYAML's own, imported alone: if a release rewrites it, REFUSED must follow
    assert _pattern_after("") == yamlstart.PYYAML_NON_PRINTABLE
    # the CLI prepares it before any command imports PyYAML
    assert _pattern_after("import deckgen.cli") == yamlstart.REFUSED


def test_nothing_is_changed_once_pyyaml_is_imported() -> None:
    assert _pattern_after("import yaml\nfrom deckgen import yamlstart\n"
                          "yamlstart.prepare()") == yamlstart.PYYAML_NON_PRINTABLE
