"""`make probe-zensical` without Zensical: the prepared copy holds every page of the site as the Markdown our build
gives the engine, per language, and MkDocs + Material builds it with the config the probe derives."""

from __future__ import annotations

import re

import pytest
import yaml

from mkdocs.config import load_config

from conftest import REPO, build, site_config, write_docs
from scripts.model import content
from scripts.build import pipeline
from scripts.tools import probe
from scripts.build import site as site_check
from test_site import FILES


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    """The fixture site of test_site.py (an article with its translation, two plans, a procedure) prepared in both languages."""
    tmp = tmp_path_factory.mktemp("probe")
    docs = write_docs(tmp, FILES)
    config = load_config(str(site_config(tmp, docs)))
    build = pipeline.Build(pipeline.Settings.of(config), site_check.examine_config(config))
    assert build.site.errors == []
    return docs, build, {lang: (tmp / lang, probe.prepare(build, tmp / lang / "docs", lang)) for lang in content.LANGUAGES}


def test_every_page_of_each_language_has_its_prepared_markdown(prepared):
    docs, build, copies = prepared
    generated = {page.src for page in build.checked.pages if page.src.endswith(".md")}
    for lang, (_, written) in copies.items():
        expected = {src for src in content.content_files(docs) + sorted(generated) if content.lang_of(src) == lang}
        expected |= {src for src in content.content_files(docs) + sorted(generated)  # the English side falls back to Vietnamese
                     if content.lang_of(src) == content.DEFAULT_LANGUAGE and probe._base_src(src) not in {probe._base_src(e) for e in expected}}
        assert sorted(written.values()) == sorted(expected)
        assert all(base == probe._base_src(src) for base, src in written.items())


def test_typed_pages_are_rendered_from_their_front_matter(prepared):
    _, _, copies = prepared
    vi, en = (copies[lang][0] / "docs" for lang in ("vi", "en"))
    procedure = (vi / "thu-tuc/dang-ky-khai-sinh.md").read_text(encoding="utf-8")
    front, body, _ = content.split_front_matter(procedure)
    assert sorted(yaml.safe_load(front)) == ["description", "title"]  # the typed fields are sections now
    assert body.lstrip().startswith("# Đăng ký khai sinh") and "Miễn lệ phí" in body
    article = (en / "tin-tuc/phuong-trien-khai-ke-hoach.md").read_text(encoding="utf-8")
    assert "# The ward rolls out its 2021 plan" in article and "English text." in article
    assert "](../ke-hoach/111-kh-ubnd-2021.md)" in article  # the plan it names, linked
    untranslated = (en / "thu-tuc/dang-ky-khai-sinh.md").read_text(encoding="utf-8")
    assert "Đăng ký khai sinh" in untranslated  # the Vietnamese page, as mkdocs-static-i18n falls back
    assert not list((en).rglob("*.en.md")) and not re.search(r"\]\([^)]*\.en\.md", "".join(p.read_text(encoding="utf-8") for p in en.rglob("*.md")))


def test_mkdocs_builds_the_prepared_copy_with_the_derived_config(prepared):
    _, _, copies = prepared
    base = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8")) | {"nav": [{"Trang chủ": "index.md"}]}
    base["extra"]["agency"].pop("popular")
    for lang, (folder, written) in copies.items():
        theme = folder / "stock-theme"
        assert probe.stub_templates(folder / "docs", theme) == ["compose.html", "kiosk.html"]
        config = probe.engine_config(base, lang, "site", theme, "mkdocs")
        assert "hooks" not in config and config["plugins"] == [] and config["theme"]["language"] == lang
        result = build(probe.write_config(config | {"strict": True}, folder / "mkdocs.yml"))
        assert result.returncode == 0, result.log
        built = {url for url in probe.html_pages(folder / "site")}
        assert built == {content.page_url(base).removeprefix(f"{content.GENERATED_DIR}/") for base in written}
        page = (folder / "site/thu-tuc/dang-ky-khai-sinh/index.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in page
        assert 'id="dang-ky-khai-sinh"' in page  # our slugify, as a Python name in the config (MkDocs' own drops the Đ)
