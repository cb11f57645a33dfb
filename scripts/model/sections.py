"""Where each content type lives: its folder under docs/ (and so its URL) and the folders of the pages made from it,
read from mkdocs.yml's `extra.sections` (schemas/config/sections.schema.json, whose defaults are the sample's).

Which content type a file is follows from the folder it sits in; every other page is a plain page. Every module
takes its paths from the `Sections` the check read (`site.sections`), never from a folder name of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any, Mapping

from scripts.model import schemas

KINDS = ("article", "plan", "procedure")
SCHEMA = "config/sections"


@dataclass(frozen=True)
class Section:
    """One content type's folder and the folders of its generated pages (name -> folder, e.g. "archive" -> "luu-tru")."""

    kind: str
    folder: str
    pages: Mapping[str, str]

    @property
    def url(self) -> str:
        """The section's URL path: "tin-tuc/"."""
        return f"{self.folder}/"

    @property
    def index(self) -> str:
        """The section's index page under docs/: "tin-tuc/index.md"."""
        return f"{self.folder}/index.md"

    def page(self, name: str) -> str:
        """The URL path of one of its generated pages: page("archive") == "tin-tuc/luu-tru/"."""
        return f"{self.folder}/{self.pages[name]}/"


@dataclass(frozen=True)
class Sections:
    """The three sections, by content type."""

    article: Section
    plan: Section
    procedure: Section

    @classmethod
    def of(cls, block: Mapping[str, Any] | None) -> Sections:
        """The sections a checked `extra.sections` block names, the schema's defaults for what it leaves out."""
        block = block or {}
        properties = schemas.load(SCHEMA)["properties"]

        def section(kind: str) -> Section:
            given = block.get(kind) or {}
            names = {name: given.get(name, field["default"]) for name, field in properties[kind]["properties"].items()}
            return Section(kind, names.pop("folder"), names)

        return cls(*(section(kind) for kind in KINDS))

    def __getitem__(self, kind: str) -> Section:
        return getattr(self, kind)

    def __iter__(self):
        return iter((self.article, self.plan, self.procedure))

    @property
    def folders(self) -> dict[str, str]:
        """Folder -> the content type it holds."""
        return {section.folder: section.kind for section in self}

    def kind_of(self, src: str) -> str:
        """The content type of a file under docs/ by its folder; an index page, a file at the top and any other is a "page"."""
        path = PurePosixPath(src)
        if len(path.parts) < 2 or path.name.split(".")[0] in ("index", "README"):
            return "page"
        return self.folders.get(path.parts[0], "page")


DEFAULT = Sections.of(None)
