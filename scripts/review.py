"""What a reviewer reads first on a pull request: the job summary (pages added, problems found)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from scripts.content import KIND_NAMES, Document, Problem, Site


def added_files(base: str, docs_dir: Path) -> list[str] | None:
    """Content files (under docs/, POSIX) that HEAD adds compared with `base`; None when git cannot tell."""
    done = subprocess.run(["git", "diff", "--name-only", "--diff-filter=A", "--relative", base, "HEAD", "--", "."],
                          capture_output=True, text=True, cwd=docs_dir)
    if done.returncode != 0:
        return None
    return sorted(line for line in done.stdout.splitlines() if line.endswith(".md"))


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


def summary(site: Site, added: list[str] | None, prefix: str = "docs") -> str:
    """The job summary in Markdown, Vietnamese first with English headings."""
    errors = site.errors
    warnings = [p for p in site.problems if p.severity == "warning"]
    verdict = "✅ Nội dung hợp lệ (content check passed)" if not errors else f"❌ {len(errors)} lỗi (errors): chưa thể xuất bản"
    lines = ["## Kiểm tra nội dung / Content check", "", verdict, "", tally(site), ""]
    by_src = {doc.src: doc for doc in site.documents}
    lines.append(f"### Trang thêm mới / Pages added ({'?' if added is None else len(added)})")
    lines.append("")
    if added is None:
        lines.append("Không so sánh được với nhánh gốc (git could not compare with the base branch).")
    elif not added:
        lines.append("Không có trang mới (no new page).")
    else:
        lines += ["| Tệp | Loại | Ngôn ngữ | Tiêu đề |", "|---|---|---|---|"]
        for src in added:
            doc = by_src.get(src)
            kind = KIND_NAMES[doc.kind] if doc else "—"
            lines.append(f"| `{prefix}/{src}` | {kind} | {doc.lang if doc else '—'} | {_title(doc).replace('|', '/') if doc else '(không đọc được)'} |")
    for heading, found in (("Lỗi / Errors", errors), ("Cảnh báo / Warnings", warnings)):
        if found:
            lines += ["", f"### {heading} ({len(found)})", ""] + [_problem_line(p) for p in found]
    return "\n".join(lines) + "\n"
