"""What a reviewer reads first on a pull request: the job summary (pages added or changed and where to open
each in the artifacts, problems found)."""

from __future__ import annotations

import subprocess
from pathlib import Path, PurePosixPath

from scripts.model.content import DEFAULT_LANGUAGE, GENERATED_DIR, KIND_NAMES, Document, Problem, Site, lang_of, page_url

# git's letter for what a change did to a file -> how the summary says it
CHANGES = {"A": "thêm mới (added)", "M": "sửa (changed)", "R": "đổi tên (renamed)", "D": "đã xóa (deleted)"}


def changed_files(base: str, docs_dir: Path) -> list[tuple[str, str]] | None:
    """(git's letter, path under docs/) of every page HEAD adds, changes, renames (its new name) or deletes compared
    with `base`, in path order; None when git cannot tell."""
    done = subprocess.run(["git", "-c", "core.quotepath=off", "diff", "--name-status", "--find-renames", "--relative", base, "HEAD", "--", "."],
                          capture_output=True, text=True, cwd=docs_dir)
    if done.returncode != 0:
        return None
    changes = []
    for line in done.stdout.splitlines():
        letter, *paths = line.split("\t")
        if paths[-1].endswith(".md") and letter[0] in CHANGES and not paths[-1].startswith(f"{GENERATED_DIR}/"):
            changes.append((letter[0], paths[-1]))
    return sorted(changes, key=lambda change: change[1])


def built_paths(src: str) -> tuple[str, str]:
    """Where a page's HTML is in the `site` artifact (directory URLs) and in the offline bundle (file URLs)."""
    lang = lang_of(src)
    prefix = "" if lang == DEFAULT_LANGUAGE else f"{lang}/"
    base = src[: -len(f".{lang}.md")] + ".md" if lang != DEFAULT_LANGUAGE else src
    url = page_url(base)
    offline = f"{url}index.html" if not url or PurePosixPath(base).stem in ("index", "README") else f"{url.rstrip('/')}.html"
    return f"{prefix}{url}index.html", f"{prefix}{offline}"


def _title(doc: Document) -> str:
    return str(doc.meta.get("title") or doc.meta.get("name") or "")


def _problem_line(problem: Problem) -> str:
    return f"- `{problem.path}{f':{problem.line}' if problem.line else ''}` {str(problem).split(': ', 1)[1]}"


# The parts of a procedure record its page shows as "Đang cập nhật" while missing (templates/procedure.md.j2).
PENDING_PARTS = {"channels": "thời hạn và phí", "steps": "trình tự", "dossier": "hồ sơ", "conditions": "điều kiện",
                 "result": "kết quả"}


def pending(site: Site) -> dict[str, int]:
    """How many procedures miss each part, for information: only a public source may fill them."""
    procedures = site.of_kind("procedure")
    # an empty list of conditions is a published "none"; missing is unknown
    return {label: sum(1 for doc in procedures if (doc.meta.get(key) is None if key == "conditions" else not doc.meta.get(key)))
            for key, label in PENDING_PARTS.items()}


def tally(site: Site) -> str:
    """What was checked and found, in one sentence (`make check` and the job summary say the same)."""
    counts = {kind: len(site.of_kind(kind)) for kind in KIND_NAMES}
    warnings = sum(p.severity == "warning" for p in site.problems)
    missing = ", ".join(f"{label} {count}" for label, count in pending(site).items() if count)
    return (f"{len(site.documents)} tệp ({counts['article']} tin bài, {counts['plan']} kế hoạch, {counts['procedure']} thủ tục, "
            f"{counts['page']} trang): {len(site.errors)} lỗi, {warnings} cảnh báo."
            + (f" Thông tin: số thủ tục còn «Đang cập nhật» theo mục: {missing}." if missing else ""))


def summary(site: Site, changed: list[tuple[str, str]] | None, prefix: str = "docs", bundle: str = "offline.zip") -> str:
    """The job summary in Markdown, Vietnamese first with English headings: each page added or changed, with the
    file to open in the `site` and `offline-bundle` artifacts (`bundle`: the zip inside the latter)."""
    errors = site.errors
    warnings = [p for p in site.problems if p.severity == "warning"]
    verdict = "✅ Nội dung hợp lệ (content check passed)" if not errors else f"❌ {len(errors)} lỗi (errors): chưa thể xuất bản"
    lines = ["## Kiểm tra nội dung / Content check", "", verdict, "", tally(site), ""]
    by_src = {doc.src: doc for doc in site.documents}
    lines.append(f"### Trang thêm mới hoặc đã sửa / Pages added or changed ({'?' if changed is None else len(changed)})")
    lines.append("")
    if changed is None:
        lines.append("Không so sánh được với nhánh gốc (git could not compare with the base branch).")
    elif not changed:
        lines.append("Không có trang nào thêm mới hay thay đổi (no page added or changed).")
    else:
        lines += [f"Mở trong artifact `site`: tệp ở cột «site»; trong artifact `offline-bundle`: giải nén `{bundle}`, mở tệp ở cột "
                  "«offline-bundle» (open the file named in the artifact's column).", "",
                  "| Tệp | Thay đổi | Loại | Ngôn ngữ | Tiêu đề | site | offline-bundle |", "|---|---|---|---|---|---|---|"]
        for letter, src in changed:
            doc = by_src.get(src)
            kind = KIND_NAMES[doc.kind] if doc else KIND_NAMES[site.sections.kind_of(src)]
            title = _title(doc).replace("|", "/") if doc else "(không đọc được)" if letter != "D" else "—"
            served, offline = ("—", "—") if letter == "D" else (f"`{path}`" for path in built_paths(src))
            lines.append(f"| `{prefix}/{src}` | {CHANGES[letter]} | {kind} | {lang_of(src)} | {title} | {served} | {offline} |")
    for heading, found in (("Lỗi / Errors", errors), ("Cảnh báo / Warnings", warnings)):
        if found:
            lines += ["", f"### {heading} ({len(found)})", ""] + [_problem_line(p) for p in found]
    return "\n".join(lines) + "\n"
