"""The layers of docs/ARCHITECTURE.md hold: imports run one way, no circle, no build code at run time."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "cymap"
# Each layer may import itself and the layers after it in this list, never one before it.
LAYERS = ("cli", "print", "web", "views", "geo", "ledger", "paths")
ALLOWED_BELOW = {"print": {"web"}}  # print draws the web map into the offline HTML file


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every cymap / tools module a file imports, at any depth (function-level imports included)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in found if name.split(".")[0] in ("cymap", "tools")}


def modules() -> dict[str, set[str]]:
    known = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: {i for i in imports_of(path) if i in known} - {name} for name, path in known.items()}


def layer_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "cli"


def test_no_runtime_module_imports_build_tools():
    for path in [*PACKAGE.rglob("*.py"), ROOT / "app.py"]:
        assert not any(i.startswith("tools") for i in imports_of(path)), path


@pytest.mark.parametrize("module", sorted(modules()))
def test_imports_run_down_the_layers(module):
    own = layer_of(module)
    if own in ("__main__", "cli") or own not in LAYERS:
        return
    for target in modules()[module]:
        theirs = layer_of(target)
        if theirs == own or theirs in ALLOWED_BELOW.get(own, set()):
            continue
        assert LAYERS.index(theirs) > LAYERS.index(own), f"{module} imports {target}: up a layer"


def test_no_import_circle():
    graph = modules()
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for target in graph.get(node, ()):
            if state.get(target) == 1:
                raise AssertionError("import circle: " + " -> ".join([*trail, node, target]))
            if state.get(target) is None:
                visit(target, [*trail, node])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [])
