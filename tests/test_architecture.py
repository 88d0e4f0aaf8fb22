"""The package's module structure: no import cycles, no two modules with the same file name."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "nornir_arpha"


def _module_name(file: Path) -> str:
    parts = file.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(file): file for file in sorted(PACKAGE.rglob("*.py"))}


def _imported(module: str, file: Path, known: dict[str, Path]) -> set[str]:
    """The package's modules that `module` imports anywhere in its code (functions included)."""
    package = module if file.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            parts = package.split(".")
            base = parts[: len(parts) - node.level + 1] if node.level else []
            parent = ".".join([*base, *([node.module] if node.module else [])])
            # `from pkg import sub` imports the submodule; `from pkg import name`, pkg itself.
            subs = {f"{parent}.{alias.name}" for alias in node.names}
            found.update(subs & known.keys() or {parent})
    return {name for name in found if name in known and name != module}


def _graph() -> dict[str, set[str]]:
    known = _modules()
    return {module: _imported(module, file, known) for module, file in known.items()}


def test_the_walker_sees_relative_and_function_level_imports(tmp_path: Path) -> None:
    file = tmp_path / "b.py"
    file.write_text("from . import a\ndef f():\n    from .a import x\n    import p.c\n")
    known = {name: file for name in ("p", "p.a", "p.b", "p.c")}
    assert _imported("p.b", file, known) == {"p.a", "p.c"}


def test_the_cycle_finder_names_the_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set()}
    assert _cycles(graph) == [["a", "b", "c", "a"]]


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected component (Tarjan), each as a closed path."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    components: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(component)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [_path_in(graph, component) for component in components]


def _path_in(graph: dict[str, set[str]], component: set[str]) -> list[str]:
    """A shortest cycle through the component's first module, for the failure message."""
    start = min(component)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for target in sorted(graph[node] & component):
                if target == start:
                    return [*paths[node], start]
                if target not in paths:
                    paths[target] = [*paths[node], target]
                    following.append(target)
        frontier = following
    raise AssertionError(f"no cycle through {start}")


def test_no_import_cycles() -> None:
    cycles = _cycles(_graph())
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_no_two_modules_share_a_file_name() -> None:
    by_name: dict[str, list[str]] = {}
    for file in sorted(PACKAGE.rglob("*.py")):
        if file.name not in ("__init__.py", "__main__.py"):
            by_name.setdefault(file.name, []).append(file.relative_to(PACKAGE).as_posix())
    twins = [paths for paths in by_name.values() if len(paths) > 1]
    assert not twins, "modules with the same name:\n" + "\n".join(map(" ".join, twins))


def test_the_simulator_has_its_own_validation_rules() -> None:
    """The simulator models the device: it may build labs from the client's model types but
    must not borrow the client's validation (its `*_RE` patterns), or it could only agree."""
    borrowed = [
        f"{file.relative_to(PACKAGE)}: {alias.name}"
        for file in sorted((PACKAGE / "sim").rglob("*.py"))
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("nornir_arpha.lab")
        for alias in node.names
        if alias.name.endswith("_RE")
    ]
    assert not borrowed, "simulator modules importing client validation:\n" + "\n".join(borrowed)
