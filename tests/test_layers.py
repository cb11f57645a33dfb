"""Imports go one way: the content model, then the pages made from it, then the whole site and its build, then
the engine adapter (engine/plugin.py) and the tools beside it. A module may import its own layer and the layers before it; nothing
in scripts/ imports the tests; no two modules import each other, however indirectly."""

from __future__ import annotations

import ast
from conftest import REPO

# The layers, lowest first: each is a folder of scripts/ (scripts/model/ …); a module's folder is its layer.
LAYERS = ["model", "pages", "build", "engine", "tools"]
RANK = {"model": 0, "pages": 1, "build": 2, "engine": 3, "tools": 3}  # engine and tools side by side: neither imports the other
ENTRY = {"cli": "tools"}  # scripts/cli.py, the one command line (`python -m scripts.cli`), sits on top beside the tools
LAYER_OF = {p.stem: p.parent.name for layer in LAYERS for p in (REPO / "scripts" / layer).glob("*.py") if p.stem != "__init__"} | ENTRY


def imports(source: str) -> list[tuple[str, bool]]:
    """(module, type-only) for each import of the project's own modules or of the tests, anywhere in a file
    (inside functions too); type-only: under `if TYPE_CHECKING:`."""
    tree = ast.parse(source)
    type_only = {id(node) for block in ast.walk(tree) if isinstance(block, ast.If) and ast.unparse(block.test) == "TYPE_CHECKING"
                 for statement in block.body for node in ast.walk(statement)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            package = node.module == "scripts" or node.module.removeprefix("scripts.") in LAYERS
            names = [f"{node.module}.{alias.name}" for alias in node.names] if package else [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "scripts" and len(parts) > 1:
                module = parts[2] if parts[1] in LAYERS and len(parts) > 2 else parts[1]
                if module not in LAYERS:  # `import scripts.model` alone names no module
                    found.append((module, id(node) in type_only))
            elif parts[0] in ("tests", "conftest"):
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
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted((REPO / "scripts").rglob("*.py")) if p.stem != "__init__"}


def test_every_module_sits_in_the_folder_of_one_layer():
    """A module is in one layer's folder, named once; nothing else sits in scripts/ beside the command line."""
    paths = [p.relative_to(REPO / "scripts") for p in (REPO / "scripts").rglob("*.py") if p.stem != "__init__"]
    outside = [f"scripts/{p} sits outside the layers: move it into the folder of its layer ({', '.join(LAYERS)})"
               for p in paths if (p.parent.name not in LAYERS or len(p.parts) != 2) and p.stem not in ENTRY]
    assert outside == []
    assert len({p.stem for p in paths}) == len(paths)  # a module's name says which one it is


def test_imports_follow_the_layers_and_never_reach_the_tests():
    assert against_direction(graph(scripts_sources())) == []


def test_no_import_cycle():
    assert cycles(graph(scripts_sources())) == []


def test_the_checks_find_an_import_against_the_layers_and_a_cycle():
    """The checks above on made-up modules: each kind of wrong import is found, type-only imports are no cycle."""
    edges = graph({
        "content": "from scripts.pages import news\nfrom scripts.cli import main\n",  # model -> pages, model -> tools
        "news": "from scripts.model.content import Site\n",
        "plugin": "def f():\n    import scripts.tools.bench\n",  # engine -> tools, inside a function
        "bench": "from tests.conftest import serve\nfrom scripts.engine import plugin\n",  # tools -> tests, tools -> engine
        "cli": "from scripts.model import content\n",
        "plans": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from scripts.pages.references import Index\n",
        "references": "from scripts.pages import plans\n",
    })
    assert against_direction(edges) == ["bench (tools) imports plugin (engine)", "bench imports the tests", "content (model) imports cli (tools)",
                                        "content (model) imports news (pages)", "plugin (engine) imports bench (tools)"]
    assert sorted(cycles(edges)) == [["bench", "plugin", "bench"], ["cli", "content", "cli"], ["content", "news", "content"]]


def test_each_layer_is_a_package():
    assert all((REPO / "scripts" / layer / "__init__.py").is_file() for layer in LAYERS)
