"""The names pages share with the site's scripts (ids, data attributes, data files' callbacks, the search index's
format version) are said once, in docs/assets/javascripts/contract.js: the scripts read them from it in the
browser, the build from scripts/model/contract.py; neither side writes one of them again."""

from __future__ import annotations

import ast
import re

from conftest import REPO
from scripts.model import content, contract
from scripts.pages import procedures

SCRIPTS = [REPO / "docs/assets/javascripts" / name for name in ("search.js", "procedure-filter.js", "kiosk.js")] + \
          [REPO / "overrides/assets/javascripts/compose.js"]


def _names() -> set[str]:
    """The contract's names long enough to be told from other words (ids, attributes, callbacks, folders)."""
    found = set()

    def walk(node):
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str) and len(node) >= 8:
            found.add(node)

    walk(contract.names())
    return found


def test_the_contract_is_json_and_loaded_before_the_scripts():
    names = contract.names()
    assert set(names) == {"searchIndex", "procedureFilter", "compose", "searchBox", "kiosk"} and isinstance(names["searchIndex"]["format"], int)
    assert len(_names()) >= 8
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    listed = re.findall(r"^  - (assets/javascripts/\S+\.js)", config.split("extra_javascript:")[1], re.M)
    assert listed[0] == "assets/javascripts/contract.js" and len(listed) == 4


def test_the_scripts_take_the_names_from_the_contract():
    """No script writes a contract name as a string of its own (cchcSearchData, cchc-filter …)."""
    copies = [f"{path.name}: {name}" for path in SCRIPTS for name in _names()
              if re.search(rf"[\"'.\[]{re.escape(name)}(?![\w-])", path.read_text(encoding="utf-8"))]
    assert copies == []
    assert all("cchcContract" in path.read_text(encoding="utf-8") for path in SCRIPTS)


def test_the_layout_takes_the_names_from_the_contract():
    """No template of overrides/ writes a contract name itself (an attribute, an id, a form's name): it prints
    `contract.…`, the same object the scripts read."""
    copies = [f"{path.relative_to(REPO)}: {name}" for path in sorted((REPO / "overrides").rglob("*.html")) for name in _names()
              if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", path.read_text(encoding="utf-8"))]
    assert copies == []


def test_the_build_takes_the_names_from_the_contract():
    """No module of scripts/ writes a contract name in a string (an id="…", an attribute, a callback) but the contract."""
    copies = []
    for path in sorted((REPO / "scripts").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                copies += [f"{path.name}:{node.lineno}: {name}" for name in _names()
                           if node.value == name or re.search(rf"id=\"{re.escape(name)}\"|\b{re.escape(name)}(?:=\"|\()", node.value)]
    assert copies == []


def test_the_filter_writes_what_the_contract_names():
    names = contract.names()["procedureFilter"]
    listing = procedures.index_listing(content.Site([], []), "thu-tuc/index.md", "vi")
    assert all(f'id="{names[key]}"' in listing for key in ("form", "list", "count"))
    assert f'{names["shown"]}="' in listing and f'{names["none"]}="' in listing and f'name="{names["words"]}"' in listing
