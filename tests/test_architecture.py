"""The layers of docs/ARCHITECTURE.md hold: imports run one way, no circle, no build code at run time;
and no module or function grows past what one reader holds in mind (issue 11)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "cymap"
# Each layer may import itself and the layers after it in this list, never one before it.
LAYERS = ("cli", "print", "web", "views", "geo", "ledger", "paths")
ALLOWED_BELOW = {"print": {"web"}}  # print draws the web map into the offline HTML file
APP_TABS = ROOT / "app_tabs"  # the app's tabs beside app.py (widgets and layout, like app.py)
MAX_MODULE_LINES = 400  # issue 11: no module over ~400 lines
MAX_FUNCTION_LINES = 80  # and no function over ~80 (decorators not counted, nested functions counted)


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
    return {name for name in found if name.split(".")[0] in ("cymap", "tools", "app_tabs")}


def modules() -> dict[str, set[str]]:
    known = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: {i for i in imports_of(path) if i in known} - {name} for name, path in known.items()}


def layer_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "cli"


def test_no_runtime_module_imports_build_tools():
    for path in [*PACKAGE.rglob("*.py"), ROOT / "app.py", *APP_TABS.rglob("*.py")]:
        assert not any(i.startswith("tools") for i in imports_of(path)), path


def test_the_package_never_imports_the_app():
    """app.py and app_tabs/ are the top: widgets and layout on cymap/, never the other way."""
    for path in PACKAGE.rglob("*.py"):
        assert not any(i.startswith("app_tabs") for i in imports_of(path)), path


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


def sized_files() -> list[Path]:
    return sorted([*PACKAGE.rglob("*.py"), *(ROOT / "tools").rglob("*.py"), ROOT / "app.py", *APP_TABS.rglob("*.py")])


def long_functions(source: str) -> list[str]:
    """'name (line N): L lines' for every function or method over MAX_FUNCTION_LINES."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = node.end_lineno - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                found.append(f"{node.name} (line {node.lineno}): {length} lines")
    return found


def test_the_size_check_sees_a_long_function_and_only_that():
    body = "".join(f"    x{i} = {i}\n" for i in range(MAX_FUNCTION_LINES - 1))
    fits = f"def fits():\n{body}"  # exactly MAX_FUNCTION_LINES lines
    assert long_functions(fits) == []
    assert long_functions(fits + "    return x0\n") == [f"fits (line 1): {MAX_FUNCTION_LINES + 1} lines"]
    nested = "class A:\n    def m(self):\n" + "".join(f"        y{i} = {i}\n" for i in range(MAX_FUNCTION_LINES))
    assert long_functions(nested) == [f"m (line 2): {MAX_FUNCTION_LINES + 1} lines"]


@pytest.mark.parametrize("path", sized_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_module_and_function_sizes(path):
    """Every module under cymap/ and tools/, app.py and app_tabs/: at most MAX_MODULE_LINES lines,
    every function at most MAX_FUNCTION_LINES (issue 11). Split by concern, not by line count."""
    source = path.read_text(encoding="utf-8")
    problems = long_functions(source)
    lines = len(source.splitlines())
    if lines > MAX_MODULE_LINES:
        problems.insert(0, f"module: {lines} lines (at most {MAX_MODULE_LINES})")
    assert not problems, f"{path.relative_to(ROOT)}: " + "; ".join(problems)
