"""The import graph of ``extractors/`` and ``flows/``: no circle, and no Prefect in the library.

The graph is read from the source (``ast``), not by importing, so every import counts —
those inside functions too, which Python runs late and which hide a circle until the day
someone moves them to the top. Relative imports are resolved against the module's package;
``from package import name`` points at ``package.name`` when that is a module, else at the
package. Only the project's own modules are nodes.
"""
from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("extractors", "flows")


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules(root: Path, packages: Iterable[str] = PACKAGES) -> dict[str, Path]:
    """Dotted name -> file of every module under ``packages``."""
    return {module_name(p, root): p for pkg in packages for p in sorted((root / pkg).rglob("*.py"))}


def _resolve(module: str, is_package: bool, level: int, target: str | None) -> str:
    """The absolute name of ``from <level dots><target> import ...`` written in ``module``."""
    if not level:
        return target or ""
    parts = module.split(".")
    base = parts if is_package else parts[:-1]
    if level > 1:
        base = base[:len(base) - (level - 1)]
    return ".".join([*base, target] if target else base)


def imports(module: str, path: Path, known: set[str]) -> list[tuple[str, int]]:
    """The project modules ``module`` imports (anywhere in the file), with the line."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(module, is_package, node.level, node.module)
            names = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        else:
            continue
        for name in names:
            # ``import a.b.c`` of a module not in the project but of a package that is: the
            # nearest project module that the name starts with.
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name and name != module:
                found.append((name, node.lineno))
    return found


def import_graph(root: Path = ROOT, packages: Iterable[str] = PACKAGES) -> dict[str, dict[str, int]]:
    """module -> {imported module: line of the first such import}."""
    mods = modules(root, packages)
    graph: dict[str, dict[str, int]] = {}
    for name, path in mods.items():
        edges: dict[str, int] = {}
        for target, line in imports(name, path, set(mods)):
            edges.setdefault(target, line)
        graph[name] = edges
    return graph


def cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """One circle per strongly connected group of modules (Tarjan), as a path that starts
    and ends at the same module, e.g. ``[a, b, a]``."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return [_circle(graph, set(group)) for group in sorted(groups)]


def _circle(graph: dict[str, dict[str, int]], group: set[str]) -> list[str]:
    """A shortest path from the group's first module back to itself inside the group."""
    start = min(group)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        nxt = []
        for v in frontier:
            for w in sorted(graph[v]):
                if w == start:
                    return [*paths[v], start]
                if w in group and w not in paths:
                    paths[w] = [*paths[v], w]
                    nxt.append(w)
        frontier = nxt
    raise AssertionError(f"no circle through {start}")  # a strongly connected group has one


def describe(graph: dict[str, dict[str, int]], circle: list[str]) -> str:
    return " -> ".join(f"{a} (line {graph[a][b]})" for a, b in zip(circle, circle[1:])) + f" -> {circle[-1]}"


def test_no_import_cycle():
    graph = import_graph()
    assert len(graph) > 20, "the import graph lost the project's modules"
    found = cycles(graph)
    assert not found, "import circle(s):\n" + "\n".join(describe(graph, c) for c in found)


def test_library_never_imports_prefect():
    offenders = []
    for name, path in modules(ROOT, ("extractors",)).items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                heads = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                heads = [node.module or ""]
            else:
                continue
            offenders += [f"{name} line {node.lineno}: {h}" for h in heads if h.split(".")[0] == "prefect"]
    assert not offenders, "extractors/ imports prefect:\n" + "\n".join(offenders)


# The checks above only mean something if they can fail: the same functions on small
# packages written here.

def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return tmp_path


def test_a_circle_through_a_function_level_relative_import_is_found(tmp_path):
    root = _package(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/io/__init__.py": "",
        "pkg/io/writers.py": "def w():\n    from .workbook import write\n",
        "pkg/io/workbook.py": "from .writers import WIDTHS\n",
        "pkg/top.py": "from .io import writers\nfrom . import other\n",
        "pkg/other.py": "import os\nimport pkg.io.workbook\n",
    })
    graph = import_graph(root, ("pkg",))
    assert graph["pkg.top"] == {"pkg.io.writers": 1, "pkg.other": 2}
    assert graph["pkg.other"] == {"pkg.io.workbook": 2}
    found = cycles(graph)
    assert found == [["pkg.io.workbook", "pkg.io.writers", "pkg.io.workbook"]]
    assert describe(graph, found[0]) == ("pkg.io.workbook (line 1) -> pkg.io.writers (line 2) "
                                         "-> pkg.io.workbook")


def test_a_longer_circle_and_parent_relative_imports(tmp_path):
    root = _package(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/a.py": "from .sub.b import x\n",
        "pkg/sub/__init__.py": "",
        "pkg/sub/b.py": "from ..c import y\n",
        "pkg/c.py": "from pkg import a\n",
        "pkg/d.py": "from . import c\n",
    })
    graph = import_graph(root, ("pkg",))
    assert cycles(graph) == [["pkg.a", "pkg.sub.b", "pkg.c", "pkg.a"]]
    del graph["pkg.c"]["pkg.a"]
    assert cycles(graph) == []


@pytest.mark.parametrize("module, is_package, level, target, expected", [
    ("extractors.review", False, 1, "io.workbook", "extractors.io.workbook"),
    ("extractors.io.runfolder", False, 2, "records", "extractors.records"),
    ("extractors.io", True, 1, "atomic", "extractors.io.atomic"),
    ("extractors.io.writers", False, 1, None, "extractors.io"),
    ("flows.cli", False, 0, "extractors.batch", "extractors.batch"),
])
def test_relative_imports_resolve(module, is_package, level, target, expected):
    assert _resolve(module, is_package, level, target) == expected
