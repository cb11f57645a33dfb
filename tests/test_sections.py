"""The sections as configuration (mkdocs.yml `extra.sections`): a fork that names its folders and pages otherwise gets
every page, link, list, feed and form at its own addresses and none at the sample's; a wrong block is said in
Vietnamese on its line, every problem in one run; `make new` and `make import` write into the folders it names."""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

import pytest
import yaml

from conftest import REPO, build, run_cli, site_config, write_docs
from test_content import ARTICLE, PLAN, PROCEDURE

from scripts.build import site as site_check
from scripts.model import schemas, sections

RENAMED = {
    "article": {"folder": "tin-tuc-su-kien", "pages": "so", "archive": "theo-thang", "categories": "nhom-tin", "tags": "tu-khoa"},
    "plan": {"folder": "ke-hoach-tuyen-truyen", "by_issuer": "noi-ban-hanh"},
    "procedure": {"folder": "thu-tuc-hanh-chinh", "all": "a-z", "field": "theo-linh-vuc", "level": "theo-cap", "agency": "noi-giai-quyet",
                  "online": "dich-vu-cong"},
}
SAMPLE = sections.DEFAULT
NEWS, PLANS, PROCEDURES = (RENAMED[kind]["folder"] for kind in sections.KINDS)
FILES = {
    f"{NEWS}/index.md": "---\ntitle: Tin tức\n---\n\n# Tin tức\n\n<!-- cchc:news -->\n",
    f"{PLANS}/index.md": "---\ntitle: Kế hoạch\n---\n\n# Kế hoạch\n\n<!-- cchc:plans -->\n",
    f"{PROCEDURES}/index.md": "---\ntitle: Thủ tục hành chính\n---\n\n# Thủ tục hành chính\n\n<!-- cchc:procedures -->\n",
    f"{NEWS}/trien-khai-ke-hoach.md": ARTICLE.replace("summary:", 'plans: ["111/KH-UBND"]\ntags: [Dịch vụ công]\nsummary:')
    + f"\nXem [thủ tục đăng ký khai sinh](../{PROCEDURES}/dang-ky-khai-sinh.md).\n",
    f"{NEWS}/tap-huan.md": ARTICLE.replace("Phường triển khai kế hoạch tuyên truyền năm 2021", "Phường tập huấn dịch vụ công trực tuyến")
    .replace("2021-03-21", "2021-04-02"),
    f"{PLANS}/111-kh-ubnd-2021.md": PLAN.replace('implements: ["27/KH-UBND"]\n', ""),
    f"{PROCEDURES}/dang-ky-khai-sinh.md": PROCEDURE,
    "lien-he.md": "---\ntitle: Liên hệ\n---\n\n# Liên hệ\n",
}
NAV = [{"Trang chủ": "index.md"}, {"Tin tức": f"{NEWS}/index.md"}, {"Kế hoạch": f"{PLANS}/index.md"},
       {"Thủ tục hành chính": f"{PROCEDURES}/index.md"}, {"Liên hệ": "lien-he.md"}]


def extra(**changes) -> dict:
    """The repository's `extra` block with some of its keys changed."""
    block = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]
    block["agency"].pop("popular", None)  # the sample's procedures
    return {**block, **changes}


@pytest.fixture(scope="module")
def renamed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("renamed")
    result = build(site_config(tmp, write_docs(tmp, FILES), nav=NAV, extra=extra(sections=RENAMED, news={"per_page": 1})))
    assert result.returncode == 0, result.log
    return result


def site_paths(site: Path) -> list[str]:
    """Every file the build wrote, relative to the site folder."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


def links(site: Path) -> set[str]:
    """Every page-relative link of every built page, resolved to a path from the site root."""
    found = set()
    for page in site.rglob("*.html"):
        here = page.relative_to(site).parent.as_posix()
        for href in re.findall(r'(?:href|src)="([^"#?]+)', page.read_text(encoding="utf-8")):
            if "://" not in href and not href.startswith(("mailto:", "tel:", "data:", "/")):
                found.add(posixpath.normpath(posixpath.join(here, href)))
    return found


def test_the_defaults_are_the_samples_and_the_schemas():
    """mkdocs.yml writes the sample's sections out in full, and they are the schema's defaults: one source."""
    written = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]["sections"]
    assert sections.Sections.of(written) == SAMPLE == sections.Sections.of(None)
    properties = schemas.load(sections.SCHEMA)["properties"]
    assert {kind: {name: field["default"] for name, field in properties[kind]["properties"].items()} for kind in sections.KINDS} == written
    assert (SAMPLE.article.page("archive"), SAMPLE.procedure.page("field"), SAMPLE.plan.index) == ("tin-tuc/luu-tru/", "thu-tuc/linh-vuc/",
                                                                                                   "ke-hoach/index.md")
    assert SAMPLE.kind_of("thu-tuc/x.en.md") == "procedure" and SAMPLE.kind_of("thu-tuc/index.md") == "page"
    assert sections.Sections.of(RENAMED).kind_of("thu-tuc/x.md") == "page"


def test_every_page_is_published_at_the_addresses_the_fork_chose(renamed):
    paths = site_paths(renamed.site)
    for lang in ("", "en/"):
        for url in (f"{NEWS}/trien-khai-ke-hoach/", f"{NEWS}/so/2/", f"{NEWS}/theo-thang/2021/04/", f"{NEWS}/nhom-tin/thong-tin-tuyen-truyen/",
                    f"{NEWS}/tu-khoa/dich-vu-cong/", f"{PLANS}/111-kh-ubnd-2021/", f"{PLANS}/noi-ban-hanh/", f"{PROCEDURES}/dang-ky-khai-sinh/",
                    f"{PROCEDURES}/a-z/", f"{PROCEDURES}/theo-linh-vuc/ho-tich/", f"{PROCEDURES}/theo-cap/cap-xa/",
                    f"{PROCEDURES}/noi-giai-quyet/uy-ban-nhan-dan-cap-xa/", f"{PROCEDURES}/dich-vu-cong/chua-cap-nhat/"):
            assert f"{lang}{url}index.html" in paths, url
        assert f"{lang}{NEWS}/feed.xml" in paths
    # nothing at the sample's addresses: no folder of its sections, no page of theirs under the new ones
    old = [*SAMPLE.folders, *(f"/{name}/" for section in SAMPLE for name in section.pages.values())]
    assert [p for p in paths if any(p.removeprefix("en/").startswith(f"{o}/") or o.startswith("/") and o in f"/{p}" for o in old)] == []


def test_every_link_leads_to_a_page_the_build_wrote(renamed):
    """The lists, the browse links, the pager, the tabs, the site map, the kiosk: none still points at a sample folder."""
    paths = set(site_paths(renamed.site))
    broken = sorted(link for link in links(renamed.site) if link not in paths and f"{link}/index.html" not in paths and link != ".")
    assert broken == []
    assert not any(link.removeprefix("en/").split("/")[0] in SAMPLE.folders for link in links(renamed.site))


def test_each_page_knows_its_kind_and_section(renamed):
    from test_wayfinding import active_tabs

    article = renamed.html(f"{NEWS}/trien-khai-ke-hoach")
    assert '<time datetime="2021-03-21">21/03/2021</time>' in article  # rendered as an article, from its front matter
    assert 'href="../nhom-tin/thong-tin-tuyen-truyen/"' in article and 'href="../tu-khoa/dich-vu-cong/"' in article
    assert active_tabs(article) == ["../"]
    assert active_tabs(renamed.html(f"{PROCEDURES}/theo-linh-vuc/ho-tich")) == ["../../"]
    assert "Hộ tịch" in renamed.html(f"{PROCEDURES}/dang-ky-khai-sinh")
    feed = (renamed.site / NEWS / "feed.xml").read_text(encoding="utf-8")
    assert f"<link>https://example.github.io/cchc/{NEWS}/</link>" in feed and f"cchc/{NEWS}/feed.xml" in feed
    assert f'href="{NEWS}/feed.xml"' in renamed.html("")  # the layout's link to the feed
    rows = (renamed.site / "assets/javascripts/procedures-vi.js").read_text(encoding="utf-8")
    assert f"../../{PROCEDURES}/dang-ky-khai-sinh/" in rows


def test_the_compose_page_writes_new_files_into_the_forks_folders(renamed):
    text = (renamed.site / "assets/compose/form.js").read_text(encoding="utf-8")
    form = json.loads(text[text.index("{"): text.rindex("}") + 1])
    assert {kind: form["kinds"][kind]["folder"] for kind in sections.KINDS} == {kind: RENAMED[kind]["folder"] for kind in sections.KINDS}


def test_the_sections_pages_stay_out_of_the_navigation_without_a_line_in_mkdocs_yml(renamed):
    assert "not included in the \"nav\" configuration" not in renamed.log
    assert '"nav"' not in renamed.log


BROKEN = """  sections:
    article:
      folder: Tin Tức
      archive: luu-tru
      tags: luu-tru
    plan:
      folder: thu-tuc
    procedure:
      folder: thu-tuc
      fields: linh-vuc
      online: 3
      field: co-quan
      agency: Co Quan
"""


def broken_config(tmp_path: Path) -> Path:
    """mkdocs.yml with a wrong sections block, and nav still naming the sample's news index."""
    docs = write_docs(tmp_path, {"tin-tuc-moi/index.md": "---\ntitle: Tin tức\n---\n\n<!-- cchc:news -->\n", "lien-he.md": "---\ntitle: Liên hệ\n---\n"})
    config = site_config(tmp_path, docs, nav=[{"Trang chủ": "index.md"}, {"Tin tức": "tin-tuc/index.md"}],
                         extra={key: value for key, value in extra().items() if key != "sections"})
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"(?m)^extra:\n", lambda m: m.group(0) + BROKEN, text, count=1), encoding="utf-8")
    return config


def test_a_wrong_sections_block_is_said_on_its_lines_all_at_once(tmp_path):
    config = broken_config(tmp_path)
    done = run_cli("--config", str(config), "check")
    assert done.returncode == 1
    lines = config.read_text(encoding="utf-8").splitlines()
    said = [line for line in done.stdout.splitlines() if line.startswith("mkdocs.yml:")]

    def on(line_text: str, field: str) -> list[str]:
        numbers = [i for i, line in enumerate(lines, 1) if line.strip() == line_text]
        return [line for line in said for number in numbers if line.startswith(f"mkdocs.yml:{number}: LỖI [{field}]")]

    assert len(on("folder: Tin Tức", "extra.sections.article.folder")) == 1
    assert "\"Tin Tức\" không đúng dạng" in on("folder: Tin Tức", "extra.sections.article.folder")[0]
    assert "«tags» (Thẻ) và «archive» (Lưu trữ) của mục tin bài cùng ở «luu-tru»" in one(on("tags: luu-tru", "extra.sections.article.tags"))
    assert "mục thủ tục và mục kế hoạch cùng ở thư mục «thu-tuc»" in one(on("folder: thu-tuc", "extra.sections.procedure.folder"))
    assert "Có phải bạn định viết «field»?" in one(on("fields: linh-vuc", "extra.sections.procedure.fields"))
    assert "phải là một đoạn chữ" in one(on("online: 3", "extra.sections.procedure.online"))
    nav = one(line for line in said if "[nav]" in line)
    assert "«tin-tuc/index.md»" in nav and "docs/ không có tệp này" in nav
    assert "không đúng dạng" in one(on("agency: Co Quan", "extra.sections.procedure.agency"))
    assert not on("field: co-quan", "extra.sections.procedure.field")  # the default agency (co-quan) stands in for a wrong value
    assert len(said) == len(set(said)) == 7, said  # each problem once


def one(found) -> str:
    found = list(found)
    assert len(found) == 1, found
    return found[0]


def test_a_nav_left_at_a_renamed_section_names_the_new_index(tmp_path):
    docs = write_docs(tmp_path, {f"{NEWS}/index.md": FILES[f"{NEWS}/index.md"]})
    config = site_config(tmp_path, docs, nav=[{"Trang chủ": "index.md"}, {"Tin tức": "tin-tuc/index.md"}],
                         extra=extra(sections={"article": {"folder": NEWS}}))
    done = run_cli("--config", str(config), "check")
    assert done.returncode == 1
    assert f"chưa ghi trong «nav»: {NEWS}/index.md; có lẽ cần ghi trang đó" in one(line for line in done.stdout.splitlines() if "[nav]" in line)
    result = build(config)
    assert result.returncode == 1 and "docs/ không có tệp này" in result.log and not (tmp_path / "site").exists()


@pytest.mark.parametrize("folder", ["en", "assets", "search", "kiosk", "soan-bai"])
def test_a_section_may_not_take_a_folder_the_site_needs(tmp_path, folder):
    config = site_config(tmp_path, write_docs(tmp_path, {}), nav=[{"Trang chủ": "index.md"}], extra=extra(sections={"plan": {"folder": folder}}))
    done = run_cli("--config", str(config), "check")
    assert done.returncode == 1
    assert f"thư mục «{folder}» là {site_check.RESERVED_FOLDERS[folder]}; đặt mục kế hoạch ở thư mục khác" in \
        one(line for line in done.stdout.splitlines() if "[extra.sections.plan.folder]" in line)


def test_make_new_and_make_import_write_into_the_forks_folders(tmp_path):
    config = site_config(tmp_path, write_docs(tmp_path, {}), nav=[{"Trang chủ": "index.md"}], extra=extra(sections=RENAMED))
    done = run_cli("--config", str(config), "new", "article", "--title", "Phường tập huấn dịch vụ công trực tuyến")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "docs" / NEWS / "phuong-tap-huan-dich-vu-cong-truc-tuyen.md").is_file()
    table = tmp_path / "bang.csv"
    table.write_text("Mã TTHC,Tên TTHC,Lĩnh vực,Cấp thực hiện,Cơ quan thực hiện\n1.001193,Đăng ký khai sinh,Hộ tịch,Cấp Xã,Ủy ban nhân dân cấp xã\n",
                     encoding="utf-8")
    done = run_cli("--config", str(config), "import", str(table))
    assert done.returncode == 0, done.stdout + done.stderr
    assert [p.relative_to(tmp_path / "docs").as_posix() for p in (tmp_path / "docs").rglob("*.md") if "khai-sinh" in p.name] == \
        [f"{PROCEDURES}/dang-ky-khai-sinh.md"]


def test_make_new_writes_nowhere_while_the_sections_block_is_wrong(tmp_path):
    config = broken_config(tmp_path)
    done = run_cli("--config", str(config), "new", "plan", "--title", "Kế hoạch tuyên truyền năm 2026")
    assert done.returncode == 1 and "[extra.sections.article.folder]" in done.stderr
    assert not list((tmp_path / "docs").rglob("ke-hoach-tuyen-truyen-nam-2026.md"))
