"""Imports go one way: the content model, then the pages made from it, then the whole site, then the engine
adapter (plugin.py) and the tools beside it. A module may import its own layer and the layers before it; nothing
in scripts/ imports the tests; no two modules import each other, however indirectly."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import REPO

# Each module of scripts/ in exactly one layer, lowest first. A new module is added here (the test says so).
LAYERS = {
    "model": ["vietnamese", "schemas", "contract", "messages", "content", "translations", "render", "safety", "attachments", "generated", "search",
              "querywords", "linkcheck", "pagelinks"],
    "pages": ["news", "plans", "procedures", "references", "results", "agency", "listings", "offline", "forms", "compose", "wayfinding",
              "scaffold", "sitemap"],
    "site": ["site", "pipeline"],
    "engine": ["plugin"],  # MkDocs loads it by name (pyproject.toml's entry point); nothing imports it
    "tools": ["cli", "bench", "weight", "links", "synthetic", "review", "fieldtable", "probe"],
}
RANK = {"model": 0, "pages": 1, "site": 2, "engine": 3, "tools": 3}  # engine and tools side by side: neither imports the other
LAYER_OF = {module: layer for layer, modules in LAYERS.items() for module in modules}


def imports(source: str) -> list[tuple[str, bool]]:
    """(module, type-only) for each import of the project's own modules or of the tests, anywhere in a file
    (inside functions too); type-only: under `if TYPE_CHECKING:`."""
    tree = ast.parse(source)
    type_only = {id(node) for block in ast.walk(tree) if isinstance(block, ast.If) and ast.unparse(block.test) == "TYPE_CHECKING"
                 for statement in block.body for node in ast.walk(statement)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{alias.name}" for alias in node.names] if node.module == "scripts" else [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        for name in names:
            head, _, rest = name.partition(".")
            if head == "scripts" and rest:
                found.append((rest.split(".")[0], id(node) in type_only))
            elif head in ("tests", "conftest"):
                found.append(("tests", False))
    return found


def graph(sources: dict[str, str]) -> dict[str, list[tuple[str, bool]]]:
    return {module: imports(text) for module, text in sources.items()}


def against_direction(edges: dict[str, list[tuple[str, bool]]]) -> list[str]:
    """Every import that goes the wrong way, as "a (layer) imports b (layer)"."""
    wrong = []
    for module, found in edges.items():
        for target, _ in found:
            if target == "tests":
                wrong.append(f"{module} imports the tests")
            elif target not in LAYER_OF:
                continue  # a module missing from LAYERS is reported by its own test
            elif not (LAYER_OF[target] == LAYER_OF[module] or RANK[LAYER_OF[target]] < RANK[LAYER_OF[module]]):
                wrong.append(f"{module} ({LAYER_OF[module]}) imports {target} ({LAYER_OF[target]})")
    return sorted(set(wrong))


def cycles(edges: dict[str, list[tuple[str, bool]]]) -> list[list[str]]:
    """Import cycles among the modules, type-only imports aside (they never run)."""
    runtime = {module: sorted({t for t, type_only in found if not type_only and t in edges}) for module, found in edges.items()}
    found, state = [], {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        for target in runtime[module]:
            if state.get(target) == "open":
                found.append(path[path.index(target):] + [target])
            elif target not in state:
                visit(target, path + [target])
        state[module] = "done"

    for module in sorted(runtime):
        if module not in state:
            visit(module, [module])
    return found


def scripts_sources() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted((REPO / "scripts").glob("*.py")) if p.stem != "__init__"}


def test_every_module_belongs_to_one_layer():
    modules = sorted(scripts_sources())
    placed = [m for ms in LAYERS.values() for m in ms]
    assert len(placed) == len(set(placed))
    missing = [f"scripts/{m}.py belongs to no layer: add it to LAYERS in tests/test_layers.py" for m in modules if m not in LAYER_OF]
    assert missing == [] and sorted(placed) == modules


def test_imports_follow_the_layers_and_never_reach_the_tests():
    assert against_direction(graph(scripts_sources())) == []


def test_no_import_cycle():
    assert cycles(graph(scripts_sources())) == []


def test_the_checks_find_an_import_against_the_layers_and_a_cycle():
    """The checks above on made-up modules: each kind of wrong import is found, type-only imports are no cycle."""
    edges = graph({
        "content": "from scripts import news\nfrom scripts.cli import main\n",  # model -> pages, model -> tools
        "news": "from scripts.content import Site\n",
        "plugin": "def f():\n    import scripts.bench\n",  # engine -> tools, inside a function
        "bench": "from tests.conftest import serve\nfrom scripts import plugin\n",  # tools -> tests, tools -> engine
        "cli": "from scripts import content\n",
        "plans": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from scripts.references import Index\n",
        "references": "from scripts import plans\n",
    })
    assert against_direction(edges) == ["bench (tools) imports plugin (engine)", "bench imports the tests", "content (model) imports cli (tools)",
                                        "content (model) imports news (pages)", "plugin (engine) imports bench (tools)"]
    assert sorted(cycles(edges)) == [["bench", "plugin", "bench"], ["cli", "content", "cli"], ["content", "news", "content"]]


def test_layers_name_only_modules_that_exist():
    assert set(LAYER_OF) <= {p.stem for p in Path(REPO / "scripts").glob("*.py")}
