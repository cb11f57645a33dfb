"""Where readers go: the offices of mkdocs.yml's identity block (extra.agency.offices), with address and hours.

A procedure names its office by id (`office`), or gets the office that serves its implementing agency
(`serves`); the procedure page, the contact page (`<!-- cchc:offices -->`) and the kiosk show it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from scripts import content
from scripts.content import Problem, Site
from scripts.render import render_page

SCHEMA = "config/agency"
KEYS = ("extra", "agency")  # where the block sits in mkdocs.yml


@dataclass(frozen=True)
class Office:
    id: str
    fields: dict  # as written in mkdocs.yml: name, name_en, address, phone, map, hours, serves

    def localized(self, lang: str) -> dict[str, Any]:
        """The office in one language: `x_en` over `x` where given (hours row by row)."""
        def pick(item: dict) -> dict:
            return {key: item.get(f"{key}_{lang}", value) for key, value in item.items() if not key.endswith(tuple(f"_{l}" for l in content.LANGUAGES))}
        return {**pick(self.fields), "hours": [pick(row) for row in self.fields.get("hours", [])]}

    def serves(self, agency: str) -> bool:
        return agency in self.fields.get("serves", [])


def load(agency: dict, config_file: Path, shown: str = "mkdocs.yml") -> tuple[list[Office], list[Problem]]:
    """The offices of the identity block, and every problem of the block (schema, ids used twice), with lines."""
    problems = content.check_config_block(config_file, shown, KEYS, agency, SCHEMA)
    lines = content.config_lines(config_file, KEYS)
    offices, seen = [], set()
    for index, fields in enumerate((agency or {}).get("offices") or []):
        if not isinstance(fields, dict) or not isinstance(fields.get("id"), str):
            continue  # the schema said what is wrong with it
        if fields["id"] in seen:
            problems.append(Problem(shown, lines.get(("offices", index, "id")), f"extra.agency.offices.{index}.id",
                                    f"mã nơi nộp «{fields['id']}» đã dùng cho một nơi khác; mỗi nơi một mã riêng.", "office id used twice"))
            continue
        seen.add(fields["id"])
        offices.append(Office(fields["id"], fields))
    return offices, sorted(problems, key=lambda problem: problem.line or 0)


def for_procedure(offices: list[Office], meta: dict) -> Office | None:
    """The office a procedure names, else the first that serves its implementing agency."""
    if meta.get("office"):
        return next((office for office in offices if office.id == meta["office"]), None)
    return next((office for office in offices if office.serves(meta.get("agency", ""))), None)


def cards(site: Site, lang: str, with_map: bool = True) -> str:
    """Every office as a card (templates/offices.md.j2): the contact page's and the kiosk's `<!-- cchc:offices -->`
    (the kiosk's without map links: a lookup screen leads nowhere outside the site)."""
    shown = [office.localized(lang) for office in site.offices]
    return render_page("offices", {}, "", lang, offices=[o if with_map else {**o, "map": None} for o in shown]) if shown else ""


def problems(site: Site, shown: Callable[[str], str]) -> list[Problem]:
    """A procedure naming an office the identity block does not have."""
    ids = [office.id for office in site.offices]
    found = []
    for doc in site.of_kind("procedure"):
        office = doc.meta.get("office")
        if office and office not in ids:
            listed = ", ".join(ids) or "chưa có nơi nào"
            found.append(Problem(shown(doc.src), doc.key_lines.get(("office",)), "office",
                                 f"nơi nộp «{office}» không có trong mkdocs.yml (extra.agency.offices). Các mã có: {listed}.", "unknown office"))
    return found
