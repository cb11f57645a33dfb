"""The languages built at the same time (scripts/engine/plugin.py): the other languages each by a forked copy of the
build's process, moved into the site when the default language is finished. What it writes must be what a build of
the languages in turn writes, byte for byte; a failure on either side fails the build and leaves nothing behind."""

from __future__ import annotations

import logging
import os
import re

import pytest
import yaml

from conftest import REPO, build, site_config, write_docs
from scripts.build import pipeline

# A home page in both languages: the smallest site with an English side of its own.
HOME_EN = {"index.en.md": "---\ntitle: Home\n---\n\n# Home\n"}


def in_turn(config_path):
    """The same mkdocs.yml with the languages built one after the other, as mkdocs-static-i18n builds them."""
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    config["plugins"] = [{"cchc": {"languages_in_parallel": False}} if plugin == "cchc" else plugin for plugin in config["plugins"]]
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return config_path


def files_of(site):
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def test_the_languages_built_apart_write_the_site_built_in_turn_byte_for_byte(real_site, tmp_path):
    assert real_site.returncode == 0, real_site.log
    assert re.search(r"Ngôn ngữ en: xây dựng song song trong tiến trình \d+", real_site.log)
    sequential = build(in_turn(site_config(tmp_path, REPO / "docs")))
    assert sequential.returncode == 0, sequential.log
    assert "xây dựng song song" not in sequential.log
    apart, turn = files_of(real_site.site), files_of(sequential.site)
    assert sorted(apart) == sorted(turn)
    assert [name for name in turn if apart[name] != turn[name]] == []
    assert sum(name.startswith("en/") and name.endswith(".html") for name in apart) > 100  # the English side is there
    assert re.search(rb'hreflang="en" href="[^"]*/en/thu-tuc/', apart["sitemap.xml"])  # and in the sitemap, after the Vietnamese


def test_the_english_side_is_built_by_another_process_and_leaves_no_folder(fixture_site, tmp_path):
    done = fixture_site(HOME_EN)
    assert done.returncode == 0, done.log
    pid = int(re.search(r"Ngôn ngữ en: xây dựng song song trong tiến trình (\d+)", done.log).group(1))
    assert pid != os.getpid()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    assert (done.site / "en/index.html").is_file() and not (done.site / "en/assets").exists()


def test_a_preview_builds_the_english_side_in_another_process_into_the_site_itself(tmp_path):
    docs = write_docs(tmp_path, HOME_EN)
    done = build(site_config(tmp_path, docs, nav=[{"Trang chủ": "index.md"}]), command="serve", dirty=True)
    assert done.returncode == 0, done.log
    pid = int(re.search(r"Ngôn ngữ en: xây dựng song song trong tiến trình (\d+)", done.log).group(1))
    assert pid != os.getpid()
    assert "<h1" in (done.site / "en/index.html").read_text(encoding="utf-8") and "Home" in (done.site / "en/index.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in (done.site / "en/search").iterdir()), "the English side's search index, written by its copy"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize("fails", ["warning", "exception"])
def test_a_failure_on_the_english_side_fails_the_build_shows_its_log_once_and_leaves_no_folder(fixture_site, tmp_path, monkeypatch, fails):
    page_html = pipeline.page_html

    def english_fails(build_, html, toc, norm_src, canonical_url):
        if norm_src == "index.md" and "/en/" in (canonical_url or ""):
            logging.getLogger("mkdocs.plugins.cchc").warning("trang chủ tiếng Anh: cảnh báo thử")
            if fails == "exception":
                raise RuntimeError("lỗi thử ở bản tiếng Anh")
        return page_html(build_, html, toc, norm_src, canonical_url)

    monkeypatch.setattr(pipeline, "page_html", english_fails)  # our own page step, in the copy the fork makes
    done = fixture_site(HOME_EN)
    assert done.returncode == 1
    assert done.log.count("trang chủ tiếng Anh: cảnh báo thử") == 1
    assert ("Aborted with 1 warnings in strict mode!" if fails == "warning" else "lỗi thử ở bản tiếng Anh") in done.log
    assert "xây dựng song song" not in done.log
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_folder_moved_into_another_goes_over_the_same_files(tmp_path):
    from scripts.model.files import move_tree

    source, target = tmp_path / "en-build", tmp_path / "site"
    for path, text in {"en/index.html": "en", "assets/a.css": "new"}.items():
        (source / path).parent.mkdir(parents=True, exist_ok=True)
        (source / path).write_text(text)
    for path, text in {"index.html": "vi", "assets/a.css": "old", "assets/b.css": "b"}.items():
        (target / path).parent.mkdir(parents=True, exist_ok=True)
        (target / path).write_text(text)
    move_tree(source, target)
    assert {p.relative_to(target).as_posix(): p.read_text() for p in target.rglob("*") if p.is_file()} == {
        "en/index.html": "en", "index.html": "vi", "assets/a.css": "new", "assets/b.css": "b"}
    assert [p for p in source.rglob("*") if p.is_file()] == []
