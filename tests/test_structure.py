"""Repository structure: no import cycle, no upward import, no source file over 500 lines.

Layers, lowest first: ``models`` (contracts) <- ``sq_opt`` (library) <- ``api`` (web app). The
import graph is read from the source (every ``import`` in the module body *and* in functions, so a
lazy import back counts as a cycle); imports under ``if TYPE_CHECKING:`` never run and are left out
of the cycle check, but not of the layer check. ``import a.b`` is an edge to ``a.b`` only (not to
the package ``a``, which Python initialises first but which is not a dependency in its own right).

Run as a script for the whole report: ``python -m tests.test_structure``.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ("models", "sq_opt", "api")  # a package may import only the ones before it
MAX_LINES = 500


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    line: int
    type_only: bool  # under ``if TYPE_CHECKING:``
    lazy: bool  # inside a function


def module_files() -> dict[str, Path]:
    """Module name -> file, for every module of the layered packages."""
    out: dict[str, Path] = {}
    for package in LAYERS:
        for file in sorted((ROOT / package).rglob("*.py")):
            parts = list(file.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            out[".".join(parts)] = file
    return out


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(
    node: ast.AST, type_only: bool = False, lazy: bool = False
) -> list[tuple[ast.Import | ast.ImportFrom, bool, bool]]:
    found: list[tuple[ast.Import | ast.ImportFrom, bool, bool]] = []
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.Import | ast.ImportFrom):
            found.append((child, type_only, lazy))
        elif isinstance(child, ast.If) and _is_type_checking(child.test):
            for stmt in child.body:
                found += _imports(ast.Module(body=[stmt], type_ignores=[]), True, lazy)
            for stmt in child.orelse:
                found += _imports(ast.Module(body=[stmt], type_ignores=[]), type_only, lazy)
        else:
            inner = lazy or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            found += _imports(child, type_only, inner)
    return found


def import_edges(modules: dict[str, Path]) -> list[Edge]:
    """Every import of one layered module by another."""
    edges: list[Edge] = []
    for name, file in modules.items():
        is_package = file.name == "__init__.py"
        tree = ast.parse(file.read_text(encoding="utf-8"), str(file))
        for node, type_only, lazy in _imports(tree):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                base = node.module or ""
                if node.level:
                    package = name if is_package else name.rpartition(".")[0]
                    for _ in range(node.level - 1):
                        package = package.rpartition(".")[0]
                    base = f"{package}.{base}" if base else package
                for alias in node.names:
                    sub = f"{base}.{alias.name}"
                    targets.append(sub if sub in modules else base)
            for target in targets:
                while target and target not in modules:  # ``import a.b.name`` of a non-module
                    target = target.rpartition(".")[0]
                if target and target != name:
                    edges.append(Edge(name, target, node.lineno, type_only, lazy))
    return edges


def import_cycles(modules: list[str], edges: list[Edge]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), over runtime imports."""
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for edge in edges:
        if not edge.type_only:
            graph[edge.source].add(edge.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for succ in sorted(graph[node]):
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component: list[str] = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return cycles


def _layer(module: str) -> int:
    return LAYERS.index(module.partition(".")[0])


def upward_imports(edges: list[Edge]) -> list[Edge]:
    """Imports of a higher layer by a lower one (``models`` -> ``sq_opt``, ``sq_opt`` -> ``api``)."""
    return [e for e in edges if _layer(e.target) > _layer(e.source)]


def long_files(modules: dict[str, Path]) -> list[tuple[str, int]]:
    """Source files over ``MAX_LINES`` lines."""
    out = []
    for file in sorted(set(modules.values())):
        lines = len(file.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            out.append((str(file.relative_to(ROOT)), lines))
    return out


def _describe_cycle(component: list[str], edges: list[Edge]) -> str:
    members = set(component)
    inside = {
        f"    {e.source} -> {e.target} (line {e.line}{', lazy' if e.lazy else ''})": None
        for e in edges
        if e.source in members and e.target in members and not e.type_only
    }
    return " <-> ".join(component) + "\n" + "\n".join(inside)


def test_no_import_cycles() -> None:
    modules = module_files()
    edges = import_edges(modules)
    cycles = import_cycles(list(modules), edges)
    assert not cycles, "import cycles:\n" + "\n".join(_describe_cycle(c, edges) for c in cycles)


def test_no_upward_imports() -> None:
    wrong = upward_imports(import_edges(module_files()))
    assert not wrong, "upward imports:\n" + "\n".join(
        f"  {e.source} -> {e.target} (line {e.line})" for e in wrong
    )


def test_no_source_file_over_500_lines() -> None:
    long = long_files(module_files())
    assert not long, f"files over {MAX_LINES} lines: " + ", ".join(f"{p} ({n})" for p, n in long)


def test_the_graph_sees_lazy_and_type_only_imports() -> None:
    edges = import_edges(module_files())
    assert any(e.lazy for e in edges)  # sq_opt/__init__.py imports sq_opt.compare on first use
    assert not import_cycles(
        ["a", "b"], [Edge("a", "b", 1, False, False), Edge("b", "a", 1, True, False)]
    )
    assert import_cycles(
        ["a", "b"], [Edge("a", "b", 1, False, False), Edge("b", "a", 1, False, True)]
    ) == [["a", "b"]]


if __name__ == "__main__":
    found_modules = module_files()
    found_edges = import_edges(found_modules)
    print(f"{len(found_modules)} modules, {len(found_edges)} imports")
    for cycle in import_cycles(list(found_modules), found_edges):
        print("cycle:", _describe_cycle(cycle, found_edges))
    for edge in upward_imports(found_edges):
        print(f"upward: {edge.source} -> {edge.target} (line {edge.line})")
    for path, count in long_files(found_modules):
        print(f"long: {path} ({count} lines)")
