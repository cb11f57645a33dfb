"""References that link themselves: plan numbers and procedure codes named in article and plan text.

"Kế hoạch số 111/KH-UBND", "Kế hoạch 27/KH-UBND", a bare "111/KH-UBND" and a procedure code ("1.001193")
become links to their pages when the site has them; never inside code, an existing link, raw HTML or a
heading. The same scan tells each procedure and plan page which articles and plans name it.

Which plan a number means (several bodies number their plans alike): the text after the number, up to the
end of its sentence, is the evidence. A plan whose issuer ("của UBND quận Thanh Xuân") or date ("ngày
10/01/2020") appears there is the one meant. With no such evidence, the number means the site's only plan
with that number, unless the text names an issuer ("của …") that is not that plan's. Anything else stays
plain text, and `make check` lists it as information.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from typing import Callable

from scripts.pages import plans as plan_model
from scripts.model import schemas
from scripts.model.content import Document, Problem, Site, parse_date
from scripts.model.pagelinks import doc_link, relative
from scripts.model.render import page_title
from scripts.model.translations import translator
from scripts.model.vietnamese import fold_marks

# Python's re costs about a microsecond a character on these patterns, so a text is scanned once, cheap
# patterns first: candidates (digit-led), then the places that protect them, only where there are candidates.
PLAN_NUMBER = schemas.inner("plan_number")
PROCEDURE_CODE = schemas.inner("procedure_code")
_CANDIDATE = re.compile(f"(?P<plan>{PLAN_NUMBER})|(?P<code>{PROCEDURE_CODE})")
_WORD_BEFORE = re.compile(r"(?:[Kk]ế hoạch|KẾ HOẠCH|[Pp]lan)(?:\s+(?:số|No\.?|number))?\s+$")
# Blocks that protect what they hold (fenced code, HTML comments, raw links and code, raw HTML blocks without
# `markdown`, where Markdown is not read), then inline places (code spans, Markdown links and images, tags,
# bare URLs, attribute lists) looked for in the candidate's paragraph.
_BLOCKS = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})[^\n]*\n[\s\S]*?^[ \t]*(?P=fence)[ \t]*$|<!--[\s\S]*?-->"
                     r"|<(?P<raw>a|code|pre|kbd)\b[\s\S]*?</(?P=raw)\s*>"
                     r"|^<(?P<block>div|p|table|section|aside|figure|ul|ol|dl|blockquote|details)\b(?![^>]*\bmarkdown\b)[\s\S]*?</(?P=block)>",
                     re.M | re.I)
_INLINE = re.compile(r"(?P<tick>`+)[^\n]*?(?P=tick)|!?\[(?:[^\[\]\n]|\[[^\]\n]*\])*\](?:\([^)\n]*\)|\[[^\]\n]*\])"
                     r"|<[^>\n]+>|https?://[^\s)>\]]+|\{[:.#][^}\n]*\}", re.I)
_HEADING = re.compile(r"[ \t]{0,3}(?:#{1,6}(?:[ \t]|$)|\[[^\]\n]+\]:)")  # ATX heading, or a link reference definition
_SETEXT_UNDERLINE = re.compile(r"[ \t]{0,3}(?:=+|-+)[ \t]*$")
_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_EVIDENCE_LENGTH = 200
_SENTENCE_END = re.compile(r"[.;](?:\s|$)|" + PLAN_NUMBER)


@dataclass(frozen=True)
class Reference:
    """One plan number or procedure code found in a text, with the page it names (None when unresolved)."""

    kind: str  # "plan" or "procedure"
    key: str  # the number or code
    start: int
    end: int
    target: Document | None
    reason: str = ""  # why a plan stays unlinked: "unknown", "ambiguous", "other issuer"


@dataclass
class Index:
    """What the site's pages name: plans by number, which plans carry out which, and who names whom."""

    site: Site
    numbers: dict[str, list[Document]]
    children: dict[str, list[Document]]  # plan src -> the plans that implement it
    mentions: dict[str, list[Document]] = field(default_factory=dict)  # target src -> articles and plans naming it
    scans: dict[str, list["Reference"]] = field(default_factory=dict)  # text -> its references (scanned once a build)

    def plan(self, number: str, issuer: str | None = None) -> Document | None:
        return plan_model.resolve(self.numbers.get(number, []), issuer)


def _bounded(markdown: str, match: re.Match) -> bool:
    """A whole number or code, not part of a longer token (a12/KH-…, 11.001193, 1.001193.5)."""
    before = markdown[match.start() - 1] if match.start() else " "
    after = markdown[match.end()] if match.end() < len(markdown) else " "
    if before.isalnum() or before in "/.-_":
        return False
    if match["plan"]:
        return not (after.isalnum() or after in "/-_")
    return not (after.isalnum() or after == "_" or (after == "." and markdown[match.end() + 1: match.end() + 2].isdigit()))


def _protected(markdown: str, start: int, end: int, blocks: list[tuple[int, int]], inline: dict[int, list[tuple[int, int]]]) -> bool:
    """Inside code, a link, raw HTML, a URL, an attribute list or a heading."""
    if any(b_start <= start and end <= b_end for b_start, b_end in blocks):
        return True
    line_start = markdown.rfind("\n", 0, start) + 1
    line_end = markdown.find("\n", end)
    line_end = len(markdown) if line_end < 0 else line_end
    if _HEADING.match(markdown, line_start):
        return True
    next_end = markdown.find("\n", line_end + 1)
    if line_end < len(markdown) and _SETEXT_UNDERLINE.match(markdown[line_end + 1: None if next_end < 0 else next_end]):
        return True
    paragraph_start = markdown.rfind("\n\n", 0, start) + 1
    paragraph_end = markdown.find("\n\n", end)
    paragraph_end = len(markdown) if paragraph_end < 0 else paragraph_end
    if paragraph_start not in inline:  # inline places of each paragraph, found once
        inline[paragraph_start] = [m.span() for m in _INLINE.finditer(markdown, paragraph_start, paragraph_end)]
    return any(i_start <= start and end <= i_end for i_start, i_end in inline[paragraph_start])


def _evidence(markdown: str, end: int) -> str:
    """The text after a reference, to the end of its sentence: where its issuer and date are written."""
    tail = re.sub(r"\s+", " ", markdown[end:end + _EVIDENCE_LENGTH].split("\n\n", 1)[0])  # the paragraph, wrapped lines joined
    return _SENTENCE_END.split(tail, maxsplit=1)[0]


def _names_issuer(evidence: str) -> bool:
    """The text says whose plan it is ("… ngày 26/01/2021 của UBND thành phố Hà Nội")."""
    return re.match(r"\s*,?\s*(?:ngay\s+\d{1,2}/\d{1,2}/\d{4}\s*,?\s*)?cua\s", fold_marks(evidence)) is not None


def _issuer_named(issuer: str, folded_evidence: str) -> bool:
    """The evidence names the issuer, in full ("UBND thành phố Hà Nội") or by its place ("của thành phố Hà Nội")."""
    key = plan_model.issuer_key(issuer)
    place = key.removeprefix("ubnd ")
    return key in folded_evidence or (place != key and re.search(rf"\bcua {re.escape(place)}\b", folded_evidence) is not None)


def resolve_plan(candidates: list[Document], evidence: str) -> tuple[Document | None, str]:
    """The plan a number means given the text after it (rule in the module docstring), or None and why."""
    if not candidates:
        return None, "unknown"
    folded = plan_model.issuer_key(evidence)
    dates = set()
    for day, month, year in _DATE.findall(evidence):
        try:
            dates.add(dt.date(int(year), int(month), int(day)))
        except ValueError:
            pass
    by_issuer = [d for d in candidates if _issuer_named(d.meta["issuer"], folded)]
    by_date = [d for d in candidates if parse_date(d.meta["date"]) in dates]
    for matched in ([d for d in by_issuer if d in by_date], by_issuer, by_date):
        if len(matched) == 1:
            return matched[0], ""
    if by_issuer or by_date:
        return None, "ambiguous"
    if _names_issuer(evidence):
        return None, "other issuer"
    if len(candidates) == 1:
        return candidates[0], ""
    return None, "ambiguous"


def find(markdown: str, index: Index) -> list[Reference]:
    """Every plan number and procedure code in the linkable parts of a text, resolved (each text scanned once)."""
    text = markdown.lstrip("\n")  # MkDocs hands pages over without the blank lines after the front matter
    offset = len(markdown) - len(text)
    if text not in index.scans:
        index.scans[text] = _scan(text, index)
    return [replace(r, start=r.start + offset, end=r.end + offset) for r in index.scans[text]] if offset else index.scans[text]


def _scan(markdown: str, index: Index) -> list[Reference]:
    found = []
    candidates = [m for m in _CANDIDATE.finditer(markdown) if _bounded(markdown, m)]
    blocks = [(m.start(), m.end()) for m in _BLOCKS.finditer(markdown)] if candidates and ("`" in markdown or "~" in markdown or "<" in markdown) else []
    inline: dict[int, list[tuple[int, int]]] = {}
    for match in candidates:
        if _protected(markdown, match.start(), match.end(), blocks, inline):
            continue
        if match["plan"]:
            number = match["plan"]
            word = _WORD_BEFORE.search(markdown, max(0, match.start() - 24), match.start())
            target, reason = resolve_plan(index.numbers.get(number, []), _evidence(markdown, match.end()))
            found.append(Reference("plan", number, word.start() if word else match.start(), match.end(), target, reason))
        else:
            code = match["code"]
            found.append(Reference("procedure", code, match.start(), match.end(), index.site.procedure(code)))
    return found


def link(markdown: str, index: Index, doc: Document, here: str) -> str:
    """The text with each resolved reference written as a link relative to `here` (a page never links to itself)."""
    parts, last = [], 0
    for ref in find(markdown, index):
        if ref.target is None or ref.target is doc:
            continue
        target = relative(ref.target.src, here)
        parts += [markdown[last:ref.start], f"[{markdown[ref.start:ref.end]}]({target}){{.cchc-ref}}"]
        last = ref.end
    return "".join(parts) + markdown[last:]


def _texts(doc: Document) -> list[Document]:
    return [doc, *doc.translations.values()]


def index(site: Site) -> Index:
    """The site's references: front matter (`plans`, `procedures`) and text alike (made once per build, scripts/build/site.py)."""
    numbers = plan_model.by_number(site)
    result = Index(site, numbers, plan_model.implementers(site, numbers))
    for doc in [*site.of_kind("article"), *site.of_kind("plan")]:
        named: dict[str, Document] = {}
        for number in doc.meta.get("plans", []):
            if (plan := result.plan(number)) is not None:
                named[plan.src] = plan
        for code in doc.meta.get("procedures", []):
            if (procedure := site.procedure(code)) is not None:
                named[procedure.src] = procedure
        for text in _texts(doc):
            for ref in find(text.body, result):
                if ref.target is not None:
                    named[ref.target.src] = ref.target
        for src in named:
            if src != doc.src:
                result.mentions.setdefault(src, []).append(doc)
    for docs in result.mentions.values():
        docs.sort(key=lambda d: (d.meta["date"], d.src), reverse=True)
    return result


def mentions_section(index: Index, target: Document, here: str, lang: str) -> str:
    """Markdown section for a procedure page: the articles and plans that name it (empty when none do)."""
    docs = index.mentions.get(target.src, [])  # newest first
    if not docs:
        return ""
    t = translator(lang)
    lines = ["", f"## {t('references.mentioned_by')}", "", '<div class="cchc-mentions" markdown>', ""]
    for doc in docs:
        meta = doc.localized(lang)
        kind = t("references.kind." + doc.kind)
        lines.append(f"- {kind}: {doc_link(page_title(doc.kind, meta, lang), doc, here, lang)}")
    return "\n".join([*lines, "", "</div>", ""])


def problems(site: Site, references: Index, shown: Callable[[str], str]) -> list[Problem]:
    """Plan numbers that link nowhere: in article and plan text, and front matter numbers shared by several
    issuers. Information for editors, not errors (numbers the site lacks in front matter are content's warnings)."""
    found = []
    for doc in [*site.of_kind("article"), *site.of_kind("plan")]:
        field_name = "implements" if doc.kind == "plan" else "plans"
        for position, number in enumerate(doc.meta.get(field_name, [])):
            issuer = doc.meta.get("implements_issuer") if doc.kind == "plan" else None
            if len(references.numbers.get(number, [])) > 1 and references.plan(number, issuer) is None:
                hint = "ghi «implements_issuer: <cơ quan ban hành kế hoạch cấp trên>»" if doc.kind == "plan" else "nhắc kế hoạch trong bài kèm «của <cơ quan ban hành>»"
                found.append(Problem(shown(doc.src), doc.key_lines.get((field_name, position)), field_name,
                                     f"trang web có nhiều kế hoạch số {number} (của các cơ quan khác nhau) nên chưa tạo liên kết; {hint}.",
                                     "plan number shared by several issuers", "info"))
        for text in _texts(doc):
            for ref in find(text.body, references):
                if ref.kind != "plan" or ref.target is not None or (ref.reason == "unknown" and site.held_back("plan", ref.key)):
                    continue
                line = text.body_line + text.body.count("\n", 0, ref.start)
                message, gloss = {
                    "unknown": (f"kế hoạch {ref.key} nhắc đến trong bài chưa có trang trên trang web; số hiệu để nguyên, không có liên kết.",
                                "plan named in the text is not on the site"),
                    "other issuer": (f"kế hoạch {ref.key} nhắc đến trong bài là của một cơ quan chưa có trang kế hoạch này trên trang web; "
                                     "số hiệu để nguyên, không có liên kết.", "plan of another issuer, not on the site"),
                    "ambiguous": (f"trang web có nhiều kế hoạch số {ref.key} (của các cơ quan khác nhau); ghi rõ «của <cơ quan ban hành>» "
                                  "hoặc «ngày dd/mm/yyyy» ngay sau số hiệu để tạo liên kết.", "plan number shared by several issuers"),
                }[ref.reason]
                found.append(Problem(shown(text.src), line, None, message, gloss, "info"))
    return found
