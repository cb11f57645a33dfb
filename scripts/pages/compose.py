"""The compose page (soan-bai/): a form for each content type, made at build time from schemas/, that writes
the Markdown file an editor would otherwise write by hand, and hands it to GitHub or saves it.

The build publishes the page in each language (unlisted: not in the navigation, the search index or the
sitemap) and, beside it, data the page's script (overrides/assets/javascripts/compose.js) reads:

- `assets/compose/form.js`: the form of each content type (fields in the schema's order, labels, help,
  enumerations, the rules of `make check`), the check's own words (schemas/messages.yml), the categories of
  mkdocs.yml, the page's words in both languages, and the repository's GitHub addresses;
- `assets/compose/pages.js`: every article, plan and procedure with its translations (to open one in the form,
  to translate one, to suggest plan numbers and procedure codes, and to keep a new file's name free);
- `assets/compose/p<N>.js`: their front matter and body, a few pages a file, loaded when one is opened.

Each is a classic script calling the callback of contract.js (compose.callback, cchcComposeData) with its name
and data, so the page works from file:// (the offline bundle) as it does served: no fetch, no module.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

from scripts.model import contract, messages
from scripts.model.content import DEFAULT_LANGUAGE, LANGUAGES, TRANSLATABLE, Document, Site, schema
from scripts.model.files import replace_folder_files
from scripts.model.sections import KINDS, Sections
from scripts.model.generated import GeneratedPage, path_from_root
from scripts.pages.procedures import SLUG_LIMIT
from scripts.model.translations import translations, translator

URL = "soan-bai/"
DATA_FOLDER = contract.names()["compose"]["folder"]
NAME_FIELD = {"article": "title", "plan": "title", "procedure": "name"}  # the field a new file is named after
CHUNK_BYTES = 48_000  # page data per file: opening one page loads a few dozen KB at most
# Enumerations shown with the words the pages use for them (templates/*.md.j2), by field path.
ENUM_WORDS = {("plan", "status"): "plan.status.", ("procedure", "level"): "procedure.level.",
              ("procedure", "former_level"): "procedure.level.", ("procedure", "channels.type"): "procedure.channel.",
              ("procedure", "online.level"): "procedure.online."}
# Fields written as paragraphs rather than one line (a text box of several lines), by name.
PARAGRAPHS = {"summary", "purpose", "result", "steps", "tasks", "conditions", "reason", "note"}
# A list whose being empty is itself information: `conditions: []` says the procedure has none, a missing
# `conditions` that nobody has checked yet (templates/procedure.md.j2).
EMPTY_IS_NONE = {("procedure", "conditions")}
# Fields whose values name other pages: the form suggests the site's plan numbers and procedure codes.
SUGGESTIONS = {"plans": "plans", "implements": "plans", "procedures": "procedures"}
# The longest address "Gửi lên GitHub" opens with the file in it: 8 KB (8,192 bytes) is the request-line limit
# common to web servers and proxies (nginx's default large_client_header_buffers), and GitHub answers longer
# addresses with "414 URI Too Long"; a Vietnamese letter takes 6 to 9 characters once percent-encoded, so this
# carries about a thousand words. A longer file goes by the clipboard.
URL_LIMIT = 8000
RULES = ("pattern", "format", "enum", "minLength", "maxLength", "minimum", "maximum", "uniqueItems", "minItems", "maxItems")


# --- the page --------------------------------------------------------------------------------------

def pages(site: Site) -> list[GeneratedPage]:
    """The compose page in each language; the form itself is drawn by its script."""
    return [GeneratedPage(URL, lang, _page_text(lang)) for lang in LANGUAGES]


def _page_text(lang: str) -> str:
    t = translator(lang)
    return (f"---\ntitle: {json.dumps(t('compose.title'), ensure_ascii=False)}\ntemplate: compose.html\n"
            "search:\n  exclude: true\n---\n\n"
            f"# {t('compose.title')}\n\n{t('compose.intro')}\n\n"
            f'<div class="cchc-compose" id="{contract.names()["compose"]["root"]}" markdown>\n\n'
            f"{t('compose.needs_script')}\n{{: .cchc-compose__waiting }}\n\n</div>\n")


def unlisted_urls() -> set[str]:
    """The compose page's URLs in every language, which the sitemap leaves out."""
    return {page_path(lang, True) for lang in LANGUAGES}


def page_path(lang: str, use_directory_urls: bool) -> str:
    """The compose page of a language, relative to the site root: soan-bai/ (or soan-bai.html offline), en/soan-bai/."""
    return path_from_root(URL, lang, use_directory_urls)


def open_query(doc: Document, src: str, lang: str) -> tuple[str, str] | None:
    """What a content page's "edit in the form" link asks the compose page, and the words of the link: the file
    shown (`mo=`, open it), or, on a page shown in the other language because it has no translation yet,
    `dich=` (translate the original). None for pages the form does not write."""
    if doc.kind not in KINDS:
        return None
    if lang != DEFAULT_LANGUAGE and src == doc.src:
        return f"dich={doc.src}", "edit.translate"
    return f"mo={src}", "edit.in_form"


# --- GitHub ----------------------------------------------------------------------------------------

def repository(repo_url: str | None, edit_uri: str | None) -> dict[str, str] | None:
    """GitHub's addresses for the folder of the pages: where a new file is proposed (`new`) and where an existing one
    is edited (`edit`), from mkdocs.yml's repo_url and edit_uri ("edit/<branch>/<docs folder>/", relative to
    repo_url, so a fork changes repo_url only; GitHub tells a branch from a folder itself). None when the
    repository is not on GitHub or edit_uri is not GitHub's: the page then offers the download alone."""
    parts = [part for part in (edit_uri or "").strip("/").split("/") if part]
    if not repo_url or urlsplit(repo_url).hostname != "github.com" or len(parts) < 2 or parts[0] not in ("edit", "blob"):
        return None
    base, rest = repo_url.rstrip("/"), "/".join(parts[1:])
    return {"new": f"{base}/new/{rest}", "edit": f"{base}/edit/{rest}"}


# --- the form --------------------------------------------------------------------------------------

def _field(kind: str, name: str, node: dict, required: bool, path: str, label: dict | None = None) -> dict:
    """One field of the form, from its schema node: what to show and the rules to check, in the schema's order
    (`label`: the list's, for its items, which have none of their own; their help is their own, as the check's)."""
    field = {"name": name, "type": node.get("type", "string"), "required": required,
             "label": {"vi": node["title"], "en": node.get("x-title-en", node["title"])} if "title" in node else label,
             "help": node.get("description", ""), "examples": node.get("examples", []),
             "rules": {key: node[key] for key in node if key in RULES}}
    if node.get("format") == "date":
        field["date"] = True
    if "enum" in node:
        prefix = ENUM_WORDS.get((kind, path))
        field["options"] = [{"value": value, "label": {lang: translations(lang).get(f"{prefix}{value}", str(value)) if prefix else str(value)
                                                       for lang in LANGUAGES}} for value in node["enum"]]
    if name in PARAGRAPHS:
        field["paragraph"] = True
    if (kind, path) in EMPTY_IS_NONE:
        field["empty_is_none"] = True
    if name in SUGGESTIONS and node.get("type") == "array":
        field["suggest"] = SUGGESTIONS[name]
    if node.get("type") == "object":
        field["fields"] = [_field(kind, child, sub, child in node.get("required", []), f"{path}.{child}")
                           for child, sub in node["properties"].items()]
    if node.get("type") == "array":
        field["item"] = _field(kind, name, node.get("items", {}), True, path, field["label"])
    return field


def kind_form(kind: str) -> dict:
    """The form of one content type (its folder comes from the site's sections: `form`)."""
    definition = schema(kind)
    return {"label": {"vi": definition["title"], "en": definition["x-title-en"]},
            "help": definition.get("description", ""), "name_field": NAME_FIELD[kind],
            "slug_limit": SLUG_LIMIT if kind == "procedure" else None,
            "translatable": [name for name in definition["properties"] if name in TRANSLATABLE[kind]],
            "fields": [_field(kind, name, node, name in definition.get("required", []), name) for name, node in definition["properties"].items()]}


def form(categories: dict[str, str], repo: dict[str, str] | None, agency: dict, sections: Sections) -> dict:
    """Everything the page's script needs besides the pages: forms and the folder each writes into, words, categories,
    addresses, and what a new file starts with, as `make new` fills it (scripts/pages/scaffold.py): the agency's unit as
    author, its name as issuer."""
    words = {lang: {key: value for key, value in translations(lang).items() if key.startswith(("compose.", "plan.title_prefix"))}
             for lang in LANGUAGES}
    starts = {"article": {"author": agency.get("unit") or agency.get("name")}, "plan": {"issuer": agency.get("name")}}
    return {"kinds": {kind: {"folder": sections[kind].folder, **kind_form(kind)} for kind in KINDS}, "messages": messages.messages(),
            "categories": [{"value": name, "label": {"vi": name, "en": english}} for name, english in categories.items()],
            "repository": repo, "url_limit": URL_LIMIT, "words": words,
            "starts": {kind: {name: value for name, value in values.items() if value} for kind, values in starts.items()}}


# --- the pages that exist --------------------------------------------------------------------------

def _title(doc: Document) -> str:
    return str(doc.meta.get(NAME_FIELD.get(doc.kind, "title")) or "")


def page_data(site: Site) -> tuple[list[dict], list[dict]]:
    """(the list of pages, their data in chunks): each article, plan and procedure and its translations."""
    listing, chunks, chunk, size = [], [], {}, 0
    for doc in sorted((d for d in site.originals if d.kind in KINDS), key=lambda d: d.src):
        files = {each.src: {"meta": each.meta, "body": each.body}
                 for each in [doc, *(doc.translations[lang] for lang in LANGUAGES if lang in doc.translations)]}
        weight = len(json.dumps(files, ensure_ascii=False, default=str))
        if chunk and size + weight > CHUNK_BYTES:  # a page and its translations stay in one file
            chunks.append(chunk)
            chunk, size = {}, 0
        chunk.update(files)
        size += weight
        entry = {"src": doc.src, "kind": doc.kind, "title": _title(doc), "chunk": len(chunks),
                 "translations": {lang: each.src for lang, each in doc.translations.items()}}
        for key in ("number", "code", "issuer"):
            if doc.meta.get(key):
                entry[key] = doc.meta[key]
        listing.append(entry)
    if chunk:
        chunks.append(chunk)
    return listing, chunks


def write_data(site: Site, site_dir: Path, categories: dict[str, str], repo: dict[str, str] | None, agency: dict) -> None:
    """The compose page's data files in a built site (once: both languages' pages read the same files)."""
    listing, chunks = page_data(site)
    listed = {src for entry in listing for src in (entry["src"], *entry["translations"].values())}
    others = sorted(doc.src for doc in site.documents if doc.src not in listed)  # index pages …: names a new file must not take either
    files = {"form": form(categories, repo, agency, site.sections), "pages": {"pages": listing, "others": others}}
    files.update({f"p{number}": chunk for number, chunk in enumerate(chunks)})
    callback = contract.names()["compose"]["callback"]
    replace_folder_files(site_dir / DATA_FOLDER, {f"{name}.js": f"{callback}({json.dumps(name)}, {json.dumps(data, ensure_ascii=False, default=str)});\n"
                                                  .encode("utf-8") for name, data in files.items()})
