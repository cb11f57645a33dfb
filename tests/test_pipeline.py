"""The build's stages (scripts/build/pipeline.py) run in this process, without MkDocs building anything: prepare, the page
functions the engine calls, finish. And the rule that keeps them so: no module of scripts/ holds build state."""

from __future__ import annotations

import ast
import base64
import hashlib
import re
from pathlib import Path

import pytest
import yaml
from mkdocs.config import load_config

from conftest import REPO, site_config, write_docs
from scripts.model import content, safety, search
from scripts.build import pipeline

ARTICLE = """---
title: Phường tập huấn «một cửa»
date: "2026-10-15"
author: Văn phòng UBND phường
category: Thông tin, tuyên truyền
summary: Cán bộ một cửa được tập huấn về thủ tục khai sinh.
procedures: ["1.001193"]
---

Cán bộ một cửa được tập huấn.
"""

PROCEDURE = """---
code: "1.001193"
name: Đăng ký khai sinh
name_en: Birth registration
level: commune
field: Hộ tịch
agency: Ủy ban nhân dân cấp xã
---
"""


def loaded(tmp_path: Path, files: dict[str, str], **overrides):
    """mkdocs.yml as MkDocs loads it, pointed at a docs/ folder holding `files`."""
    docs = write_docs(tmp_path, files)
    return load_config(str(site_config(tmp_path, docs, nav=[{"Trang chủ": "index.md"}], **overrides))), docs


def test_prepare_stops_on_an_error_with_every_problem_and_writes_nothing(tmp_path):
    config, docs = loaded(tmp_path, {"tin-tuc/a.md": ARTICLE.replace('date: "2026-10-15"\n', ""),
                                     "tin-tuc/b.md": ARTICLE.replace("«một cửa»", "tiếp dân").replace("category: Thông tin, tuyên truyền", "category: Không có")})
    with pytest.raises(pipeline.ContentError) as stopped:
        pipeline.prepare(config)
    message = str(stopped.value)
    assert message.startswith("Nội dung có 2 lỗi; chưa xây dựng trang web.")
    assert "docs/tin-tuc/a.md" in message and "date" in message and "docs/tin-tuc/b.md:5" in message
    assert not (docs / content.GENERATED_DIR).exists()


def test_the_stages_in_process_from_content_to_search_index_and_feed(tmp_path):
    config, docs = loaded(tmp_path, {"tin-tuc/tap-huan.md": ARTICLE, "thu-tuc/dang-ky-khai-sinh.md": PROCEDURE})
    build = pipeline.prepare(config)
    # prepare: the generated pages are files the engine reads like any other
    assert build.checked.pages and all((docs / page.src).is_file() for page in build.checked.pages)
    # a procedure is rendered from its front matter, in each language, with its metadata for the layout
    for lang, title in (("vi", "Đăng ký khai sinh"), ("en", "Birth registration")):
        text = pipeline.page_markdown(build, "", "thu-tuc/dang-ky-khai-sinh.md", "thu-tuc/dang-ky-khai-sinh.md", lang, None)
        assert text.meta["title"] == title and text.markdown.startswith(f"# {title}\n") and "cchc-summary" in text.markdown
    # an article links the procedure it names, and what the engine makes of its Markdown is sanitised
    article = pipeline.page_markdown(build, pipeline.page_source(build, "tin-tuc/tap-huan.md", docs / "tin-tuc/tap-huan.md"),
                                     "tin-tuc/tap-huan.md", "tin-tuc/tap-huan.md", "vi", "https://example.org/tin-tuc/tap-huan/")
    assert "../thu-tuc/dang-ky-khai-sinh.md" in article.markdown
    assert article.meta["cchc_share"]["url"] == "https://example.org/tin-tuc/tap-huan/"
    html = pipeline.page_html(build, '<p>Chữ<script>alert(1)</script><a href="javascript:alert(1)">x</a></p>', [], "tin-tuc/tap-huan.md", None)
    assert "<script" not in html and "javascript:" not in html and "Chữ" in html
    # finish: what the language's run recorded becomes its search index; the feed needs site_url
    pipeline.record_for_search(build, "vi", "tin-tuc/tap-huan/", article.meta["title"], "<p>Cán bộ một cửa</p>", article.meta, "tin-tuc/tap-huan.md")
    pipeline.record_for_search(build, "vi", "tin-tuc/trang/2/", "Trang 2", "<p>x</p>", {"search": {"exclude": True}}, "tin-tuc/trang/2.md")
    pipeline.finish(build, "vi", "Cổng CCHC", "")
    folder = build.settings.site_dir / search.index_folder("vi", content.DEFAULT_LANGUAGE)
    text = "".join(path.read_text(encoding="utf-8") for path in folder.glob("*.js"))
    assert "tin-tuc/tap-huan/" in text and "tin-tuc/trang/2/" not in text
    assert (build.settings.site_dir / "tin-tuc/feed.xml").is_file() == bool(config.site_url)


def test_a_build_is_its_own_context_two_builds_do_not_share_state(tmp_path):
    first, _ = loaded(tmp_path / "one", {"thu-tuc/dang-ky-khai-sinh.md": PROCEDURE})
    second, _ = loaded(tmp_path / "two", {"thu-tuc/dang-ky-khai-sinh.md": PROCEDURE.replace("Đăng ký khai sinh", "Khai sinh")})
    one, two = pipeline.prepare(first), pipeline.prepare(second)
    names = [pipeline.page_markdown(b, "", "thu-tuc/dang-ky-khai-sinh.md", "thu-tuc/dang-ky-khai-sinh.md", "vi", None).meta["title"] for b in (one, two)]
    assert names == ["Đăng ký khai sinh", "Khai sinh"]
    pipeline.record_fallback(one, "en/thu-tuc/dang-ky-khai-sinh/", '<div class="admonition note cchc-untranslated">')
    assert one.fallbacks == {"en/thu-tuc/dang-ky-khai-sinh/"} and two.fallbacks == set()


LAYOUT_SCRIPT = "document.body.dataset.ready = 1"


def built_page(body: str, head: str = "") -> str:
    """A page as the engine writes it: the layout's inline script, and the content between the layout's markers."""
    return (f"<!doctype html><html><head>{head}<title>x</title></head><body><script>{LAYOUT_SCRIPT}</script>"
            f"<article>{safety.CONTENT_START}{body}{safety.CONTENT_END}</article></body></html>")


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def test_finish_gives_each_built_page_its_policy_from_the_html_the_engine_wrote(tmp_path):
    """The policy is read from the built files (any engine's), trusting the layout's inline scripts and never the
    content's, even a content that slipped past the sanitiser or writes a marker's text to widen its part."""
    config, _ = loaded(tmp_path, {"thu-tuc/dang-ky-khai-sinh.md": PROCEDURE})
    build = pipeline.prepare(config)
    site = build.settings.site_dir
    slipped = '<script>window.pwned = 1</script><p title="' + safety.CONTENT_END + '<script>window.pwned = 2</script>">x</p>'
    pages = {"thu-tuc/dang-ky-khai-sinh/index.html": built_page(slipped),
             "en/thu-tuc/dang-ky-khai-sinh/index.html": built_page('<aside class="admonition note cchc-untranslated"></aside>'),
             "404.html": built_page("").replace(safety.CONTENT_START, "").replace(safety.CONTENT_END, "")}
    for path, html in pages.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(html, encoding="utf-8")
    pipeline.finish(build, "vi", "Cổng CCHC", "")
    page = (site / "thu-tuc/dang-ky-khai-sinh/index.html").read_text(encoding="utf-8")
    policy = re.search(r'<head>\s*<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page)[1]
    scripts = re.search(r"script-src ([^;]*)", policy)[1].split()
    assert scripts == ["'self'", sha256(LAYOUT_SCRIPT)]  # not window.pwned's, either of them
    assert safety.CONTENT_START not in page and safety.CONTENT_END not in page.replace(f'title="{safety.CONTENT_END}', "")
    assert "Content-Security-Policy" not in (site / "en/thu-tuc/dang-ky-khai-sinh/index.html").read_text(encoding="utf-8")  # not its run
    assert sha256(LAYOUT_SCRIPT) in (site / "404.html").read_text(encoding="utf-8")
    pipeline.finish(build, "en", "Cổng CCHC", "")
    english = (site / "en/thu-tuc/dang-ky-khai-sinh/index.html").read_text(encoding="utf-8")
    assert english.count("Content-Security-Policy") == 1 and build.fallbacks == {"en/thu-tuc/dang-ky-khai-sinh/"}
    pipeline.finish(build, "vi", "Cổng CCHC", "")  # a page finished already is left as it is
    assert (site / "thu-tuc/dang-ky-khai-sinh/index.html").read_text(encoding="utf-8") == page


def test_the_preview_of_make_serve_lets_inline_scripts_run_and_the_published_site_does_not(tmp_path):
    """`mkdocs serve` adds its live-reload script inline to every page it serves, different at every request:
    only its build (the editor's preview, never published) allows inline scripts."""
    config, _ = loaded(tmp_path, {"thu-tuc/dang-ky-khai-sinh.md": PROCEDURE})
    page = built_page("<p>x</p>")
    published = safety.content_security_policy(page, pipeline.prepare(config).checked.config.policy.embed_hosts)
    preview = pipeline.prepare(config, preview=True)
    (preview.settings.site_dir / "index.html").parent.mkdir(parents=True, exist_ok=True)
    (preview.settings.site_dir / "index.html").write_text(page, encoding="utf-8")
    pipeline.finish(preview, "vi", "Cổng CCHC", "")
    shown = (preview.settings.site_dir / "index.html").read_text(encoding="utf-8")
    assert "script-src 'self' 'unsafe-inline';" in shown and "sha256" not in re.search(r"script-src[^;]*", shown)[0]
    assert re.search(r"script-src[^;]*", published)[0] == f"script-src 'self' {sha256(LAYOUT_SCRIPT)}"


def module_state(source: str) -> list[str]:
    """What a module keeps between calls: `global` statements, and module-level names bound to a mutable value
    (a list, dict or set display, or a call that is not a known immutable constructor) that the code changes later."""
    tree = ast.parse(source)
    found = [f"global {', '.join(node.names)}" for node in ast.walk(tree) if isinstance(node, ast.Global)]
    mutable = set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) and node.value else []
        value = getattr(node, "value", None)
        if isinstance(value, (ast.List, ast.Dict, ast.Set)) or (isinstance(value, ast.Call) and ast.unparse(value.func) in ("dict", "list", "set")):
            mutable |= {t.id for t in targets if isinstance(t, ast.Name)}
    for node in ast.walk(tree):
        changed = None
        if isinstance(node, (ast.Assign, ast.AugAssign)):
            for target in (node.targets if isinstance(node, ast.Assign) else [node.target]):
                if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
                    changed = target.value.id
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name):
            if node.func.attr in ("append", "extend", "add", "update", "clear", "pop", "setdefault", "insert", "remove", "discard"):
                changed = node.func.value.id
        if changed in mutable:
            found.append(f"{changed} changed at line {node.lineno}")
    return found


def test_no_module_of_scripts_holds_build_state():
    """Build state lives on the `Build` of scripts/build/pipeline.py (and the plugin object that holds it), never in a
    module: a second build in the same process, `make serve`'s rebuilds or a test, starts clean."""
    held = {path.name: found for path in sorted((REPO / "scripts").rglob("*.py"))
            if (found := module_state(path.read_text(encoding="utf-8")))}
    assert held == {}


def test_the_state_check_finds_module_state():
    assert module_state("_site = None\ndef f(s):\n    global _site\n    _site = s\n") == ["global _site"]
    assert module_state("_seen = {}\ndef f(k):\n    _seen[k] = 1\n") == ["_seen changed at line 3"]
    assert module_state("entries = []\ndef f(e):\n    entries.append(e)\n") == ["entries changed at line 3"]
    assert module_state("WORDS = {'a': 1}\ndef f(k):\n    return WORDS.get(k)\n") == []  # read only


def test_mkdocs_yml_blocks_are_checked_once_with_their_lines_and_stop_the_build(tmp_path):
    """The settings the stages read are checked before any is used: a wrong value is an error on its line of
    mkdocs.yml, never a traceback, and the content is still checked in the same run."""
    config, _ = loaded(tmp_path, {"tin-tuc/a.md": ARTICLE.replace('date: "2026-10-15"\n', "")})
    extra = {**config.extra, "categories": [{"name": "Thông tin, tuyên truyền", "ten": "Communication"}],
             "content_safety": {"file_kb": {"svg": "nhiều"}, "attachments": ["pdf", "exe file"]}, "news": {"per_page": 0}}
    config, _ = loaded(tmp_path, {"tin-tuc/a.md": ARTICLE.replace('date: "2026-10-15"\n', "")}, extra=extra)
    with pytest.raises(pipeline.ContentError) as stopped:
        pipeline.prepare(config)
    lines = str(stopped.value).splitlines()[1:]
    written = (tmp_path / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    numbers = [int(line.split(":")[1]) for line in lines[:4]]
    assert numbers == sorted(numbers) and all(line.startswith("mkdocs.yml:") for line in lines[:4]), lines
    said = {written[n - 1].strip(): line for n, line in zip(numbers, lines)}
    assert "«ten»" in said["ten: Communication"] and "«en»" in said["ten: Communication"] and "extra.categories" in said["ten: Communication"]
    assert "extra.content_safety.file_kb.svg" in said["svg: nhiều"] and "số nguyên" in said["svg: nhiều"]
    assert "extra.content_safety.attachments" in said["- exe file"]
    assert "extra.news.per_page" in said["per_page: 0"] and "1" in said["per_page: 0"].split("[extra.news.per_page]")[1]
    assert lines[4:] == [line for line in lines if line.startswith("docs/")] and lines[4].startswith("docs/tin-tuc/a.md:2: LỖI [date]")


@pytest.mark.parametrize("per_page, listing_pages", [(None, 1), (2, 3), (5, 1)])
def test_the_news_listing_is_cut_into_pages_of_extra_news_per_page(tmp_path, per_page, listing_pages):
    """mkdocs.yml's extra.news.per_page (the schema's default, 10, when left out) sets how many articles a page of
    the news listing holds: five articles at two a page are the news index and pages 2 and 3, in each language."""
    articles = {f"tin-tuc/tin-{n}.md": ARTICLE.replace("2026-10-15", f"2026-10-1{n}").replace("«một cửa»", f"đợt {n}") for n in range(5)}
    config, _ = loaded(tmp_path, {"tin-tuc/index.md": "---\ntitle: Tin tức\n---\n\n# Tin tức\n\n<!-- cchc:news -->\n", **articles})
    if per_page is not None:
        config, _ = loaded(tmp_path, {}, extra={**config.extra, "news": {"per_page": per_page}})
    build = pipeline.prepare(config)
    pages = {page.url for page in build.checked.pages if page.url.startswith("tin-tuc/trang/") and page.lang == "vi"}
    assert pages == {f"tin-tuc/trang/{n}/" for n in range(2, listing_pages + 1)}
    first = pipeline.page_markdown(build, "<!-- cchc:news -->", "tin-tuc/index.md", "tin-tuc/index.md", "vi", None).markdown
    assert first.count("](tin-") == min(5, per_page or 10), first


def test_a_language_the_content_is_not_written_for_is_an_error_on_its_line(tmp_path):
    """The templates, translations and `.en.md` files know Vietnamese (default) and English: a fork that builds
    English no more, or another language, is told so on the line of mkdocs.yml instead of publishing broken pages."""
    plugins = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["plugins"]
    i18n = next(p["i18n"] for p in plugins if isinstance(p, dict) and "i18n" in p)
    i18n["languages"][1]["build"] = False
    config, _ = loaded(tmp_path, {}, plugins=plugins)
    with pytest.raises(pipeline.ContentError) as stopped:
        pipeline.prepare(config)
    (line,) = str(stopped.value).splitlines()[1:]
    number = int(line.split(":")[1])
    assert (tmp_path / "mkdocs.yml").read_text(encoding="utf-8").splitlines()[number - 1].strip() == "languages:"
    assert "[plugins.i18n.languages]" in line and "vi (mặc định)" in line and "«locale: en»" in line
