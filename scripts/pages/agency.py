"""The agency the site speaks for: mkdocs.yml's identity block (extra.agency), checked once with its lines.

Besides name, address and hotlines (the footer), it holds where readers go (`offices`: address, hours, the
agencies each serves), the procedures most asked for (`popular`, by code) and the national portal's services
(`services`; the one marked `rating` is where readers rate the service, linked from each procedure's summary beside
its office). A procedure names its office by id (`office`), or gets the office that serves its implementing
agency; procedure pages, the contact page and the kiosk show offices (`<!-- cchc:offices -->`), the home page
the lookup block (`<!-- cchc:lookup -->`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from scripts.model import content
from scripts.model.content import Problem, Site
from scripts.model.pagelinks import relative
from scripts.model.render import render_page

SCHEMA = "config/agency"
KEYS = ("extra", "agency")  # where the block sits in mkdocs.yml
CONTACT = "lien-he.md"  # the contact page, which the lookup block leads on to
_SUFFIXES = tuple(f"_{lang}" for lang in content.LANGUAGES)


def localized(item: Any, lang: str) -> Any:
    """A value of the block in one language: each `x_en` over its `x`, all the way down."""
    if isinstance(item, list):
        return [localized(value, lang) for value in item]
    if isinstance(item, dict):
        return {key: localized(item.get(f"{key}_{lang}", value), lang) for key, value in item.items() if not key.endswith(_SUFFIXES)}
    return item


@dataclass(frozen=True)
class Office:
    id: str
    fields: dict  # as written in mkdocs.yml: name, name_en, address, phone, map, hours, serves
    rating: dict | None = None  # where readers rate how their papers were handled here: the service marked `rating`

    def serves(self, implementing: str) -> bool:
        return implementing in self.fields.get("serves", [])


@dataclass(frozen=True)
class Agency:
    fields: dict = field(default_factory=dict)  # the block as written
    offices: list[Office] = field(default_factory=list)
    lines: dict = field(default_factory=dict)  # key path inside the block -> line of mkdocs.yml
    shown: str = "mkdocs.yml"


def load(block: dict | None, config_file: Path, shown: str = "mkdocs.yml") -> tuple[Agency, list[Problem]]:
    """The identity block, and every problem of it (schema, office ids used twice), each on its line."""
    block = block or {}
    problems = content.check_config_block(config_file, shown, KEYS, block, SCHEMA)
    lines = content.config_lines(config_file, KEYS)
    offices, seen = [], set()
    rating = next((service for service in block.get("services") or [] if isinstance(service, dict) and service.get("rating")), None)
    for index, fields in enumerate(block.get("offices") or []):
        if not isinstance(fields, dict) or not isinstance(fields.get("id"), str):
            continue  # the schema said what is wrong with it
        if fields["id"] in seen:
            problems.append(Problem(shown, lines.get(("offices", index, "id")), f"extra.agency.offices.{index}.id",
                                    f"mã nơi nộp «{fields['id']}» đã dùng cho một nơi khác; mỗi nơi một mã riêng.", "office id used twice"))
            continue
        seen.add(fields["id"])
        offices.append(Office(fields["id"], fields, rating))
    return Agency(block, offices, lines, shown), sorted(problems, key=lambda problem: problem.line or 0)


def office_view(office: Office, lang: str) -> dict[str, Any]:
    """An office as the templates print it: in one language, with the language of its name and address where they
    stay Vietnamese on another language's page (`name_lang`, `address_lang`: WCAG 3.1.2)."""
    view = localized(office.fields, lang)
    if office.rating:
        view["rating"] = localized(office.rating, lang)
    for key in ("name", "address"):
        if lang != content.DEFAULT_LANGUAGE and f"{key}_{lang}" not in office.fields:
            view[f"{key}_lang"] = content.DEFAULT_LANGUAGE
    return view


def office_for(agency: Agency, meta: dict) -> Office | None:
    """The office a procedure names, else the first that serves its implementing agency."""
    if meta.get("office"):
        return next((office for office in agency.offices if office.id == meta["office"]), None)
    return next((office for office in agency.offices if office.serves(meta.get("agency", ""))), None)


def problems(site: Site, shown: Callable[[str], str]) -> list[Problem]:
    """A procedure naming an office the block does not have; a popular procedure the site does not have (left out)."""
    ids = [office.id for office in site.agency.offices]
    found = []
    for doc in site.of_kind("procedure"):
        office = doc.meta.get("office")
        if office and office not in ids:
            listed = ", ".join(ids) or "chưa có nơi nào"
            found.append(Problem(shown(doc.src), doc.key_lines.get(("office",)), "office",
                                 f"nơi nộp «{office}» không có trong mkdocs.yml (extra.agency.offices). Các mã có: {listed}.", "unknown office"))
    for index, code in enumerate(site.agency.fields.get("popular") or []):
        if isinstance(code, str) and site.procedure(code) is None and not site.held_back("procedure", code):
            # information, not an error: a fork that replaced the content but not this list still builds
            found.append(Problem(site.agency.shown, site.agency.lines.get(("popular", index)), f"extra.agency.popular.{index}",
                                 f"thủ tục mã {code} không có trong docs/{site.sections.procedure.folder}/ nên không hiện trên trang chủ; ghi mã của một thủ tục "
                                 "trang web có, hoặc xóa dòng này.", "popular procedure not on the site", "info"))
    return found


def office_cards(site: Site, lang: str, with_map: bool = True) -> str:
    """Every office as a card (templates/offices.md.j2): the contact page's and the kiosk's `<!-- cchc:offices -->`
    (the kiosk's without map links: a lookup screen leads nowhere outside the site)."""
    shown = [office_view(office, lang) for office in site.agency.offices]
    return render_page("offices", {}, "", lang, offices=[o if with_map else {**o, "map": None} for o in shown]) if shown else ""


def lookup(site: Site, here: str, lang: str) -> str:
    """The home page's lookup block (templates/lookup.md.j2): search box, popular procedures, calls, hours, portal."""
    popular = [site.procedure(code) for code in site.agency.fields.get("popular") or []]
    procedures = [{"name": doc.localized(lang)["name"], "url": relative(doc.src, here)} for doc in popular if doc is not None]
    index, contact = (relative(src, here) if src in site.by_src else None for src in (site.sections.procedure.index, CONTACT))
    block = localized(site.agency.fields, lang)
    return render_page("lookup", {}, "", lang, procedures=procedures, hotlines=block.get("hotlines", []),
                       offices=[office_view(office, lang) for office in site.agency.offices], services=block.get("services", []),
                       all_procedures=index, contact=contact)
