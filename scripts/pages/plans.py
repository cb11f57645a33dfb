"""Plans as a hierarchy and a register: which plan a number means, who carries out whom, registers by year and issuer.

Several bodies number their plans alike (11/KH-UBND of a district and of the city), so a number alone names
a plan only when the site holds one plan with that number; otherwise the issuer (or the date) must say which.
The site never guesses: an unresolved number stays plain text.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from scripts.model.content import LANGUAGES, Document, Site, parse_date
from scripts.model.generated import GeneratedPage, listing_page, page_src
from scripts.model.pagelinks import doc_link, link_text, other_language, relative
from scripts.model.render import page_title, table_cell, text
from scripts.model.translations import term, translator
from scripts.model.vietnamese import fold_marks, format_date, sort_vietnamese

if TYPE_CHECKING:
    from scripts.pages.references import Index


@cache
def issuer_key(text: str) -> str:
    """An issuer as compared: no marks, lower case, "Ủy ban nhân dân" as "UBND" ("UBND quận Thanh Xuân" -> "ubnd quan thanh xuan")."""
    folded = re.sub(r"\s+", " ", fold_marks(text)).strip()
    return folded.replace("uy ban nhan dan", "ubnd")


def by_number(site: Site) -> dict[str, list[Document]]:
    """Plan number -> every plan with that number (one per issuer)."""
    plans: dict[str, list[Document]] = {}
    for doc in site.of_kind("plan"):
        if doc.meta.get("number"):
            plans.setdefault(doc.meta["number"], []).append(doc)
    return plans


def resolve(candidates: list[Document], issuer: str | None = None) -> Document | None:
    """The one plan among those sharing a number that the issuer names; the only one when no issuer is named."""
    if issuer is None:
        return candidates[0] if len(candidates) == 1 else None
    matched = [d for d in candidates if issuer_key(d.meta["issuer"]) == issuer_key(issuer)]
    return matched[0] if len(matched) == 1 else None


def implementers(site: Site, numbers: dict[str, list[Document]]) -> dict[str, list[Document]]:
    """Plan src -> the plans on the site that implement it (their `implements`, with `implements_issuer`), oldest first."""
    children: dict[str, list[Document]] = {}
    for doc in site.of_kind("plan"):
        for number in doc.meta.get("implements", []):
            parent = resolve(numbers.get(number, []), doc.meta.get("implements_issuer"))
            if parent is not None and parent is not doc:
                children.setdefault(parent.src, []).append(doc)
    for docs in children.values():
        docs.sort(key=lambda d: (d.meta["date"], d.src))
    return children


def _newest_first(plans: list[Document]) -> list[Document]:
    return sorted(plans, key=lambda d: (d.meta["date"], d.src), reverse=True)


def _table(plans: list[Document], here: str, lang: str, issuer_column: bool = True) -> list[str]:
    """Number, linked title, issuer, date and status of each plan, newest first."""
    t = translator(lang)
    head = [t("plan.number"), t("plan.title_prefix"), *([t("plan.issuer")] if issuer_column else []), t("plan.date"), t("plan.status")]
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for doc in _newest_first(plans):
        meta = doc.localized(lang)
        cells = [table_cell(meta.get("number", "—")), doc_link(meta["title"], doc, here, lang),
                 *([text(term(meta["issuer"], lang))] if issuer_column else []),
                 f"<time datetime=\"{meta['date']}\">{format_date(parse_date(meta['date']), lang)}</time>", t("plan.status." + meta["status"])]
        rows.append("| " + " | ".join(cells) + " |")
    return rows


def plan_context(index: "Index", doc: Document, here: str, lang: str) -> dict:
    """What a plan page shows besides its own fields: the plans that carry it out, the articles about it."""

    def entry(other: Document) -> dict:
        meta = other.localized(lang)
        return {"title": link_text(page_title(other.kind, meta, lang)), "src": relative(other.src, here), "issuer": meta.get("issuer", ""),
                "date": meta["date"], "lang": other_language(other, lang)}

    return {"children": [entry(child) for child in index.children.get(doc.src, [])],
            "articles": [entry(article) for article in index.mentions.get(doc.src, []) if article.kind == "article"]}


_PAGE_LINK = re.compile(r'<a href="(?!#|[a-z][a-z0-9+.-]*:)([^"]+)"')


def leaflet_links(html: str, page_url: str | None) -> str:
    """Links between pages carry their full address for print (`data-print-href`): a leaflet on paper
    cannot follow a relative link. Unchanged without a site_url."""
    if not page_url:
        return html
    return _PAGE_LINK.sub(lambda m: f'{m.group(0)} data-print-href="{urljoin(page_url, m.group(1))}"', html)


def register_by_year(site: Site, here: str, lang: str) -> str:
    """Every plan, grouped by the year it applies to (newest year first), each group newest first."""
    t = translator(lang)
    years: dict[int, list[Document]] = {}
    for doc in site.of_kind("plan"):
        years.setdefault(doc.meta["year"], []).append(doc)
    if not years:  # a new site: the register by issuer is not made (pages below)
        return t("plans.none")
    other = relative(page_src(site.sections.plan.page("by_issuer")), here)
    parts = [f"[{t('plans.by_issuer')}]({other}){{.cchc-register-switch}}", ""]
    for year in sorted(years, reverse=True):
        parts += [f"## {t('plan.year')} {year}", "", *_table(years[year], here, lang), ""]
    return "\n".join(parts)


def register_by_issuer(site: Site, here: str, lang: str) -> str:
    """Every plan, grouped by issuer in Vietnamese alphabetical order."""
    issuers: dict[str, list[Document]] = {}
    for doc in site.of_kind("plan"):
        issuers.setdefault(doc.meta["issuer"], []).append(doc)
    parts = []
    for issuer in sort_vietnamese(issuers):
        parts += [f"## {term(issuer, lang)}", "", *_table(issuers[issuer], here, lang, issuer_column=False), ""]
    return "\n".join(parts)


def pages(site: Site) -> list[GeneratedPage]:
    """The register by issuer, in each language."""
    if not site.of_kind("plan"):
        return []
    # The register by year is the section's index page (marker `cchc:plans`), when the site has one.
    result, by_year, by_issuer = [], site.sections.plan.index, site.sections.plan.page("by_issuer")
    for lang in LANGUAGES:
        t = translator(lang)
        here = page_src(by_issuer)  # both languages' files sit in one folder: links are the same
        back = ""
        if by_year in site.by_src:
            back = f"[{t('plans.by_year')}]({relative(by_year, here)}){{.cchc-register-switch}}\n\n"
        result.append(listing_page(by_issuer, lang, t("plans.by_issuer"), back + register_by_issuer(site, here, lang)))
    return result
