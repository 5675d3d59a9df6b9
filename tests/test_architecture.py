"""The shape of the code: no import cycles between deckgen's modules (imports inside functions
count: they hide a cycle, they do not remove it), leaf modules that import nothing of
deckgen, and no module over 600 lines."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "deckgen"
MAX_LINES = 600
LEAVES = ("deckgen.frozen", "deckgen.ns", "deckgen.opctypes", "deckgen.primitives")


def modules(root: Path = PACKAGE) -> dict[str, Path]:
    """Every module of the package by its dotted name (a package by its own name)."""
    out = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The modules of the package that a module imports, anywhere in it (at the top, in a
    function, under TYPE_CHECKING): `from a import b` names module a.b where b is one, else
    a itself."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name in known}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[:len(package.split(".")) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            subs = {f"{source}.{a.name}" for a in node.names} & known
            found |= subs
            if len(subs) < len(node.names) and source in known:
                found.add(source)
    found.discard(name)
    return found


def graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    """Module → the package's modules it imports."""
    mods = modules(root)
    return {name: imports_of(name, path, set(mods)) for name, path in mods.items()}


def cycles(g: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(g[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    for v in sorted(g):
        if v not in index:
            visit(v)
    return out


def test_the_cycle_finder_finds_a_cycle_hidden_in_a_function(tmp_path: Path) -> None:
    pkg = tmp_path / "deckgen"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from . import b\n")
    (pkg / "b.py").write_text("def f():\n    from .sub.c import x\n")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "sub" / "c.py").write_text("x = 1\n\ndef g():\n    from .. import a\n")
    (pkg / "d.py").write_text("from deckgen.sub import c\n")
    g = graph(pkg)
    assert g["deckgen.b"] == {"deckgen.sub.c"} and g["deckgen.d"] == {"deckgen.sub.c"}
    assert cycles(g) == [["deckgen.a", "deckgen.b", "deckgen.sub.c"]]


def test_no_import_cycles() -> None:
    assert cycles(graph()) == []


def test_leaf_modules_import_nothing_of_deckgen_but_leaves() -> None:
    g = graph()
    assert {leaf: sorted(g[leaf] - set(LEAVES)) for leaf in LEAVES if g[leaf] - set(LEAVES)} == {}


def test_no_module_over_600_lines() -> None:
    long = {name: n for name, path in modules().items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}
