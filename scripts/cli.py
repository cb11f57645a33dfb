"""One command line for every project task: `python -m scripts.cli <command>` (the Makefile calls it)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scripts import site as site_check
from scripts.content import REPO


def site_config(config_file: Path = REPO / "mkdocs.yml"):
    """mkdocs.yml as MkDocs reads it (with its defaults), without building anything."""
    from mkdocs.config import load_config

    return load_config(str(config_file))


def cmd_check(args: argparse.Namespace) -> int:
    """Validate all content; print every problem; exit 1 when any is an error."""
    config = site_config(Path(args.config))
    categories = [c["name"] for c in config.extra.get("categories", [])]
    site = site_check.check(Path(config.docs_dir), categories, site_check.repo_prefix(Path(config.docs_dir), Path(args.config)))
    for problem in site.problems:
        if args.format == "github":
            # GitHub turns these lines into annotations on the file and line of a pull request.
            level = {"error": "error", "warning": "warning", "info": "notice"}[problem.severity]
            line = f",line={problem.line}" if problem.line else ""
            message = str(problem).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            print(f"::{level} file={problem.path}{line}::{message}")
        else:
            print(problem)
    errors = len(site.errors)
    counts = {kind: len(site.of_kind(kind)) for kind in ("article", "plan", "procedure", "page")}
    summary = (f"Đã kiểm tra {len(site.documents)} tệp ({counts['article']} tin bài, {counts['plan']} kế hoạch, "
               f"{counts['procedure']} thủ tục, {counts['page']} trang): {errors} lỗi, "
               f"{sum(p.severity == 'warning' for p in site.problems)} cảnh báo.")
    print(summary, file=sys.stderr)
    return 1 if errors else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.cli", description="Công cụ của trang cải cách hành chính.")
    parser.add_argument("--config", default=str(REPO / "mkdocs.yml"), help="mkdocs.yml to read")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="kiểm tra nội dung (validate all content)")
    check.add_argument("--format", choices=["text", "github"], default="text")
    check.set_defaults(func=cmd_check)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
