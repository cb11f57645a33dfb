"""The words of the schema checks, in one file both `make check` and the compose page read: schemas/messages.yml.

A message is a template with {name} slots, filled in one pass (a value holding braces stays as written); the
compose page's script (overrides/assets/javascripts/compose.js) fills the same templates the same way.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

MESSAGES_FILE = Path(__file__).resolve().parents[2] / "schemas" / "messages.yml"
_SLOT = re.compile(r"\{(\w+)\}")


@cache
def messages() -> dict[str, dict]:
    return yaml.safe_load(MESSAGES_FILE.read_text(encoding="utf-8"))


def fill(template: str, **values: Any) -> str:
    """The template with each {name} replaced by its value (an unknown name fails: a typo in messages.yml)."""
    return _SLOT.sub(lambda slot: str(values[slot[1]]), template)


def say(rule: str, **values: Any) -> tuple[str, str]:
    """(Vietnamese message, English gloss) of a rule with its values filled in."""
    words = messages()[rule]
    return fill(words["message"], **values), fill(words.get("gloss", ""), **values)


def as_json(value: Any) -> str:
    """A value as the messages quote it: JSON, Vietnamese letters as they are."""
    return json.dumps(value, ensure_ascii=False, default=str)


def example(node: dict) -> str:
    """« Ví dụ: …» from the schema's first example (a string as it is, anything else as JSON), or nothing."""
    examples = node.get("examples")
    if not examples:
        return ""
    return fill(messages()["example"]["message"], example=examples[0] if isinstance(examples[0], str) else as_json(examples[0]))


def how(node: dict) -> str:
    """How to write the field: the schema's example, else its description (every message says how to fix)."""
    return example(node) or (f" {node['description']}" if node.get("description") else "")
