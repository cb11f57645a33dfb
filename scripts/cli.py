"""One command line for every project task: `python -m scripts.cli <command>` (the Makefile calls it)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scripts.build import site as site_check
from scripts.model.content import REPO


def site_config(config_file: Path = REPO / "mkdocs.yml"):
    """mkdocs.yml as MkDocs reads it (with its defaults), without building anything."""
    from mkdocs.config import load_config

    return load_config(str(config_file))


def sections(config):
    """A loaded mkdocs.yml's sections (extra.sections), or None when the block has an error, which is printed: `make new`
    and `make import` write into a section's folder, and into none while it is unclear which."""
    chosen, problems = site_check.read_sections(config)
    for problem in problems:
        print(problem, file=sys.stderr)
    return None if problems else chosen


def checked_site(config_file: Path):
    """mkdocs.yml and the content checked as `make check` checks it."""
    config = site_config(config_file)
    return config, site_check.check_config(config)


def cmd_serve(args: argparse.Namespace) -> int:
    """The editor's live preview (`make serve`): MkDocs' server, each save rendering the pages it touches."""
    import os

    from scripts.build import pipeline

    # MkDocs in this Python, its options in sys.argv, where mkdocs-static-i18n looks for --dirty
    os.execv(sys.executable, [sys.executable, "-m", "mkdocs", *pipeline.PREVIEW, "--config-file", args.config, "--dev-addr", args.dev_addr])


def cmd_check(args: argparse.Namespace) -> int:
    """Validate all content; print every problem; exit 1 when any is an error."""
    config, site = checked_site(Path(args.config))
    for problem in site.problems:
        if args.format == "github":
            # GitHub turns these lines into annotations on the file and line of a pull request.
            level = {"error": "error", "warning": "warning", "info": "notice"}[problem.severity]
            line = f",line={problem.line}" if problem.line else ""
            message = str(problem).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            # a property (the file name) escapes : and , too, so that a file name cannot end it or add another
            path = problem.path.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").replace(":", "%3A").replace(",", "%2C")
            print(f"::{level} file={path}{line}::{message}")
        else:
            print(problem)
    from scripts.tools.review import tally

    print(f"Đã kiểm tra {tally(site)}", file=sys.stderr)
    return 1 if site.errors else 0


def cmd_synthetic(args: argparse.Namespace) -> int:
    """Write synthetic procedures (and their English translations) into a docs folder, for trying scale."""
    from scripts.tools import synthetic

    chosen = sections(site_config(Path(args.config)))
    if chosen is None:
        return 1
    files = synthetic.write(Path(args.docs), args.count, args.seed, chosen.procedure.folder)
    print(f"Đã viết {len(files)} tệp ({args.count} thủ tục × 2 ngôn ngữ) vào {args.docs}/{chosen.procedure.folder}/.", file=sys.stderr)
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    """Our build against plain Material at several sizes; writes dist/bench.json and prints a table."""
    from scripts.tools import bench

    return bench.main(tuple(int(n) for n in args.sizes.split(",")), Path(args.out), args.seed, extras=not args.builds_only,
                      docs=Path(args.docs), queries=args.queries, serve_edits=args.serve_edits, with_lighthouse=not args.no_lighthouse,
                      once=args.once)


def cmd_probe_zensical(args: argparse.Namespace) -> int:
    """Our pages prepared as Markdown, built by MkDocs + Material and by Zensical; what differs (dist/probe-zensical.json)."""
    from scripts.tools import probe

    return probe.main(Path(args.out), Path(args.config))


def cmd_offline(args: argparse.Namespace) -> int:
    """Build the site for file:// and zip it reproducibly into dist/<site>-offline.zip; print its size."""
    from scripts.pages import offline

    try:
        bundle = offline.make_bundle(Path(args.dist), Path(args.config))
    except offline.OfflineBuildError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Đã tạo {bundle.path} ({bundle.files} tệp, {bundle.size / 1_000_000:.1f} MB = {bundle.size} byte).")
    return 0


def cmd_links(args: argparse.Namespace) -> int:
    """Check every internal link and #anchor of a built site folder; exit 1 when any is broken."""
    from scripts.tools.links import broken_links

    broken = broken_links(Path(args.site), site_config(Path(args.config)).site_url, offline=args.offline)
    for link in broken:
        print(link)
    pages = sum(1 for _ in Path(args.site).rglob("*.html"))
    print(f"Đã kiểm tra liên kết của {pages} trang: {len(broken)} liên kết hỏng (broken links).", file=sys.stderr)
    return 1 if broken else 0


def cmd_import(args: argparse.Namespace) -> int:
    """Import procedures from a CSV or XLSX table into the procedure section's folder (docs/thu-tuc/); exit 1 when any
    row could not be imported."""
    import datetime as dt

    from scripts.pages import procedures

    config = site_config(Path(args.config))
    docs, chosen = Path(args.docs) if args.docs else Path(config.docs_dir), sections(config)
    if chosen is None:
        return 1
    try:
        reports, notes = procedures.import_table(Path(args.file), docs, updated=dt.date.today().isoformat(), replace=args.replace,
                                                 sections=chosen)
    except FileNotFoundError:
        print(f"{args.file}: LỖI: không có tệp này. Kiểm tra lại tên và đường dẫn của tệp.", file=sys.stderr)
        return 1
    except (OSError, ValueError) as error:
        print(f"{args.file}: LỖI: {error}", file=sys.stderr)
        return 1
    for line in [*notes, *map(str, reports)]:
        print(line)
    counts = {outcome: sum(r.outcome == outcome for r in reports) for outcome in procedures.OUTCOMES}
    if any(report.kept for report in reports):
        print(f"Tệp nào khác bảng thì giữ nguyên chỗ khác; để lấy theo bảng, nhập lại với --replace (make import FILE={args.file} REPLACE=1).")
    print(f"Đã đọc {len(reports)} dòng: {counts['created']} tạo mới, {counts['updated']} cập nhật, {counts['unchanged']} không đổi, "
          f"{counts['kept']} giữ nguyên vì khác bảng, {counts['skipped']} bỏ qua, {counts['failed']} lỗi, "
          f"{counts['section']} dòng tiêu đề nhóm, {counts['total']} dòng tổng.", file=sys.stderr)
    return 1 if counts["failed"] else 0


def cmd_summary(args: argparse.Namespace) -> int:
    """The job summary of a pull request (Markdown): pages added or changed since --base, problems found."""
    from scripts.pages import offline
    from scripts.tools import review

    config, site = checked_site(Path(args.config))
    docs_dir = Path(config.docs_dir)
    text = review.summary(site, review.changed_files(args.base, docs_dir), site_check.repo_prefix(docs_dir, Path(args.config)),
                          offline.bundle_name(config.site_name))
    with open(args.out, "a", encoding="utf-8") if args.out else sys.stdout as out:
        out.write(text)
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    """Scaffold an article, plan or procedure; print where the file is."""
    from scripts.pages import scaffold

    title = args.title
    if title is None and sys.stdin.isatty():
        title = input("Tiêu đề (title): ")
    if not title:
        print(f"Thiếu tiêu đề. Ví dụ: make new TYPE={args.kind} TITLE=\"Phường tập huấn dịch vụ công trực tuyến\"", file=sys.stderr)
        return 2
    config = site_config(Path(args.config))
    chosen = sections(config)
    if chosen is None:
        return 1
    try:
        path = scaffold.create(args.kind, title, Path(config.docs_dir), config.extra.get("agency", {}), list(site_check.categories(config)),
                               sections=chosen)
    except scaffold.ScaffoldError as error:
        print(f"Không tạo được tệp: {error}", file=sys.stderr)
        return 1
    shown = path.resolve().relative_to(Path.cwd().resolve()) if path.resolve().is_relative_to(Path.cwd().resolve()) else path
    print(f"Đã tạo {shown}. Thay mọi chỗ «{scaffold.PLACEHOLDER}» bằng nội dung thật, rồi chạy «make check».")
    return 0


def cmd_fields(args: argparse.Namespace) -> int:
    """Rewrite (--write) or print the front-matter field tables of CONTRIBUTING.md from the schemas."""
    from scripts.tools import fieldtable

    if args.write:
        changed = fieldtable.write()
        print("Đã cập nhật bảng trường trong CONTRIBUTING.md." if changed else "Bảng trường đã khớp với schemas/.", file=sys.stderr)
        return 0
    for kind in fieldtable.KINDS:
        print(fieldtable.table(kind))
    return 0


def cmd_forms(args: argparse.Namespace) -> int:
    """Typeset every form of data/forms/ into docs/tai-lieu/ as DOCX; print the files that changed."""
    from scripts.pages import forms

    docs = Path(site_config(Path(args.config)).docs_dir)
    try:
        written = forms.write(docs)
    except ValueError as error:  # the data's problems, each with file and line
        print(error, file=sys.stderr)
        return 1
    here = Path.cwd().resolve()
    for path in written:
        print(f"Đã soạn {path.relative_to(here) if path.resolve().is_relative_to(here) else path}")
    print(f"Đã soạn các mẫu của data/{forms.FORMS_DIR}/: {len(written)} tệp thay đổi.", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.cli", description="Công cụ của trang cải cách hành chính.")
    parser.add_argument("--config", default=str(REPO / "mkdocs.yml"), help="mkdocs.yml to read")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="xem trước khi sửa (live preview)")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="address the preview is served at")
    serve.set_defaults(func=cmd_serve)
    check = commands.add_parser("check", help="kiểm tra nội dung (validate all content)")
    check.add_argument("--format", choices=["text", "github"], default="text")
    check.set_defaults(func=cmd_check)
    synthetic = commands.add_parser("synthetic", help="viết thủ tục giả lập để thử quy mô (write synthetic procedures)")
    synthetic.add_argument("--count", type=int, required=True, help="number of procedures (each gives 2 pages)")
    synthetic.add_argument("--docs", required=True, help="docs folder to write into (its procedure section's folder, thu-tuc/)")
    synthetic.add_argument("--seed", type=int, default=0)
    synthetic.set_defaults(func=cmd_synthetic)
    bench = commands.add_parser("bench", help="đo thời gian xây dựng (benchmark: dist/bench.json)")
    bench.add_argument("--sizes", default="600,3000,6000", help="pages per size, comma-separated (procedures × 2 languages)")
    bench.add_argument("--out", default=str(REPO / "dist/bench.json"))
    bench.add_argument("--seed", type=int, default=0)
    bench.add_argument("--builds-only", action="store_true", help="skip page weight, search and offline figures")
    bench.add_argument("--docs", default=str(REPO / "docs"), help="the content the synthetic procedures join (default: docs/)")
    bench.add_argument("--queries", type=int, default=20, help="search queries timed per size")
    bench.add_argument("--serve-edits", type=int, default=3, help="saves of an article `make serve` is timed on (0: not measured)")
    bench.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse (mobile performance of the home and a procedure page)")
    bench.add_argument("--once", action="store_true", help="each pair of builds run once, not twice in turn; the goals' page types weighed, search timed served only (a quick look)")
    bench.set_defaults(func=cmd_bench)
    probe = commands.add_parser("probe-zensical", help="thử dựng bằng Zensical (probe the Zensical engine: dist/probe-zensical.json)")
    probe.add_argument("--out", default=str(REPO / "dist/probe-zensical.json"))
    probe.set_defaults(func=cmd_probe_zensical)
    offline = commands.add_parser("offline", help="đóng gói bản ngoại tuyến (offline bundle: dist/<site>-offline.zip)")
    offline.add_argument("--dist", default=str(REPO / "dist"), help="folder the zip is written into")
    offline.set_defaults(func=cmd_offline)
    links = commands.add_parser("links", help="kiểm tra liên kết trong trang đã xây dựng (check internal links of a built site)")
    links.add_argument("site", nargs="?", default=str(REPO / "site"), help="the built site folder (default: site/)")
    links.add_argument("--offline", action="store_true", help="the folder is opened from disk: links must name files")
    links.set_defaults(func=cmd_links)
    table = commands.add_parser("import", help="nhập thủ tục từ bảng CSV hoặc XLSX (import procedures from a table)")
    table.add_argument("file", help="CSV or XLSX with Vietnamese headers (Mã TTHC, Tên TTHC, Lĩnh vực, …)")
    table.add_argument("--docs", help="docs folder to write into (its procedure section's folder, thu-tuc/); default: docs_dir of mkdocs.yml")
    table.add_argument("--replace", action="store_true",
                       help="where a file's field differs from the table, take the table's (default: keep the file's, list the difference)")
    table.set_defaults(func=cmd_import)
    summary = commands.add_parser("summary", help="tóm tắt cho người duyệt (pull-request job summary, Markdown)")
    summary.add_argument("--base", default="HEAD^1", help="git revision the pages added are counted from")
    summary.add_argument("--out", help="file to append to (e.g. $GITHUB_STEP_SUMMARY); default: standard output")
    summary.set_defaults(func=cmd_summary)
    new = commands.add_parser("new", help="tạo tin bài, kế hoạch hoặc thủ tục mới (scaffold a content file)")
    new.add_argument("kind", choices=["article", "plan", "procedure"])
    new.add_argument("--title", help="the title (asked for when missing and run in a terminal)")
    new.set_defaults(func=cmd_new)
    fields = commands.add_parser("fields", help="bảng trường của CONTRIBUTING.md từ schemas/ (field tables)")
    fields.add_argument("--write", action="store_true", help="rewrite the tables in CONTRIBUTING.md")
    fields.set_defaults(func=cmd_fields)
    forms = commands.add_parser("forms", help="soạn các mẫu đơn, tờ khai của data/forms/ thành DOCX (typeset forms into docs/tai-lieu/)")
    forms.set_defaults(func=cmd_forms)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
