"""Broken links, images and anchors: `make check` names file, line, target and the nearest page, in both
languages; no build publishes one, whatever MkDocs' verbosity, online or offline."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

import test_content
from conftest import MKDOCS, REPO, site_config, write_docs
from scripts.pages import offline
from scripts.model import safety
from scripts.build import site as site_check
from scripts.cli import site_config as load_config

ARTICLE = """---
title: Phường triển khai dịch vụ công trực tuyến
date: "2021-03-21"
author: Văn phòng UBND phường
category: Thông tin, tuyên truyền
summary: Phường hướng dẫn người dân nộp hồ sơ trực tuyến.
{extra}---

{body}
"""
# A procedure with a heading of its own in the body, and steps (a section made from the template).
PROCEDURE = test_content.PROCEDURE.replace("agency: Ủy ban nhân dân cấp xã\n", "agency: Ủy ban nhân dân cấp xã\nsteps:\n  - Nộp hồ sơ.\n") + \
    "\n## Ghi chú riêng\n\nNội dung.\n"
PLAN = """---
number: 111/KH-UBND
title: Tuyên truyền cải cách hành chính năm 2021
issuer: UBND quận Thanh Xuân
date: "2021-03-09"
year: 2021
purpose: Nâng cao nhận thức về cải cách hành chính.
status: completed
---

{body}
"""


def article(body: str, extra: str = "") -> str:
    return ARTICLE.format(body=body, extra=extra)


def check(tmp_path: Path, files: dict[str, str | bytes]) -> list[str]:
    """The problems `make check` prints for a docs folder holding these files."""
    docs = write_docs(tmp_path, {"thu-tuc/dang-ky-khai-sinh.md": PROCEDURE, **files})
    config = load_config(site_config(tmp_path, docs))
    site = site_check.check(docs, [c["name"] for c in config.extra["categories"]], "docs", safety.policy(config))
    return [str(p) for p in site.problems]


def test_each_broken_target_is_named_once_with_file_line_and_nearest_page(tmp_path):
    body = ("Xem [thủ tục](../thu-tuc/dang-ky-khai-sin.md), [cùng tên ở thư mục khác](dang-ky-khai-sinh.md),\n"
            "[thủ tục, lần nữa](../thu-tuc/dang-ky-khai-sin.md) và ![ảnh](../assets/images/khong-co.png).\n\n"
            "[mục](../thu-tuc/dang-ky-khai-sinh.md#ghi-chu-rieng) [mục sai](../thu-tuc/dang-ky-khai-sinh.md#ghi-chu-rieg)\n"
            "<a href=\"../ke-hoach/khong-co.md\">kế hoạch</a>\n\n[tham khảo]: ../khong-co.md\n")
    problems = check(tmp_path, {"tin-tuc/bai.md": article(body)})
    assert problems == [
        "docs/tin-tuc/bai.md:9: LỖI: liên kết «../thu-tuc/dang-ky-khai-sin.md» hỏng: không có trang «thu-tuc/dang-ky-khai-sin.md» "
        "trong docs/. Trang hay tệp gần nhất: «../thu-tuc/dang-ky-khai-sinh.md». (broken link)",
        "docs/tin-tuc/bai.md:9: LỖI: liên kết «dang-ky-khai-sinh.md» hỏng: không có trang «tin-tuc/dang-ky-khai-sinh.md» trong docs/. "
        "Trang hay tệp gần nhất: «../thu-tuc/dang-ky-khai-sinh.md». (broken link)",
        "docs/tin-tuc/bai.md:10: LỖI: liên kết «../thu-tuc/dang-ky-khai-sin.md» hỏng: không có trang «thu-tuc/dang-ky-khai-sin.md» "
        "trong docs/. Trang hay tệp gần nhất: «../thu-tuc/dang-ky-khai-sinh.md». (broken link)",
        "docs/tin-tuc/bai.md:10: LỖI: ảnh «../assets/images/khong-co.png» hỏng: không có tệp «assets/images/khong-co.png» trong docs/. "
        "Trang hay tệp gần nhất: «../assets/images/logo.svg». (broken link)",
        "docs/tin-tuc/bai.md:12: LỖI: liên kết «../thu-tuc/dang-ky-khai-sinh.md#ghi-chu-rieg»: trang tiếng Việt và trang tiếng Anh "
        "«thu-tuc/dang-ky-khai-sinh.md» không có neo «#ghi-chu-rieg». Neo gần nhất: «#ghi-chu-rieng». (no such anchor)",
        "docs/tin-tuc/bai.md:13: LỖI: liên kết «../ke-hoach/khong-co.md» hỏng: không có trang «ke-hoach/khong-co.md» trong docs/. "
        "Trang hay tệp gần nhất: «../index.md». (broken link)",
        "docs/tin-tuc/bai.md:15: LỖI: liên kết «../khong-co.md» hỏng: không có trang «khong-co.md» trong docs/. "
        "Trang hay tệp gần nhất: «../index.md». (broken link)",
    ]


def test_front_matter_image_plan_and_page_links_are_checked(tmp_path):
    image = "image:\n  src: ../assets/images/anh-bia.jpg\n  alt: Quầy một cửa\n"
    problems = check(tmp_path, {
        "tin-tuc/bai.md": article("Nội dung.", image),
        "ke-hoach/111-kh-ubnd-2021.md": PLAN.format(body="Chi tiết ở [bài](../tin-tuc/bai-viet.md)."),
        "lien-he.md": "---\ntitle: Liên hệ\n---\n\n# Liên hệ\n\n[Thủ tục](thu-tuc/index.md)\n",
    })
    assert problems == [
        "docs/ke-hoach/111-kh-ubnd-2021.md:11: LỖI: liên kết «../tin-tuc/bai-viet.md» hỏng: không có trang «tin-tuc/bai-viet.md» trong "
        "docs/. Trang hay tệp gần nhất: «../tin-tuc/bai.md». (broken link)",
        "docs/lien-he.md:7: LỖI: liên kết «thu-tuc/index.md» hỏng: không có trang «thu-tuc/index.md» trong docs/. "
        "Trang hay tệp gần nhất: «index.md». (broken link)",
        "docs/tin-tuc/bai.md:8: LỖI [image.src]: ảnh «../assets/images/anh-bia.jpg» hỏng: không có tệp «assets/images/anh-bia.jpg» "
        "trong docs/. Trang hay tệp gần nhất: «../assets/images/favicon.svg». (broken link)",
    ]


def test_anchors_are_resolved_in_each_language_the_page_is_built_in(tmp_path):
    # The procedure has no English page: on the English side it is built from the same front matter with the
    # English section headings, so an anchor of a Vietnamese heading exists only on the Vietnamese side.
    vi = article("[Trình tự](../thu-tuc/dang-ky-khai-sinh.md#trinh-tu-thuc-hien)")
    en = "---\ntitle: Online public services\n---\n\n[Steps](../thu-tuc/dang-ky-khai-sinh.md#trinh-tu-thuc-hien)\n"
    problems = check(tmp_path, {"tin-tuc/bai.md": vi, "tin-tuc/bai.en.md": en})
    assert problems == [
        "docs/tin-tuc/bai.en.md:5: LỖI: liên kết «../thu-tuc/dang-ky-khai-sinh.md#trinh-tu-thuc-hien»: trang tiếng Anh "
        "«thu-tuc/dang-ky-khai-sinh.md» không có neo «#trinh-tu-thuc-hien». Neo gần nhất: «#steps». (no such anchor)",
    ]
    # Without a translation the Vietnamese article is built on the English side too: the same link fails there.
    problems = check(tmp_path / "again", {"tin-tuc/bai.md": vi})
    assert problems == [
        "docs/tin-tuc/bai.md:9: LỖI: liên kết «../thu-tuc/dang-ky-khai-sinh.md#trinh-tu-thuc-hien»: trang tiếng Anh "
        "«thu-tuc/dang-ky-khai-sinh.md» không có neo «#trinh-tu-thuc-hien». Neo gần nhất: «#steps». (no such anchor)",
    ]


def test_addresses_instead_of_files_say_which_file_to_link(tmp_path):
    body = "[địa chỉ](../thu-tuc/dang-ky-khai-sinh/) [tuyệt đối](/thu-tuc/dang-ky-khai-sinh.md) [ra ngoài](../../README.md)\n"
    problems = check(tmp_path, {"tin-tuc/bai.md": article(body)})
    assert problems == [
        "docs/tin-tuc/bai.md:9: LỖI: liên kết «../thu-tuc/dang-ky-khai-sinh/» là địa chỉ của trang, không phải tệp. Liên kết tới tệp .md "
        "của trang: «../thu-tuc/dang-ky-khai-sinh.md» (MkDocs đổi nó thành địa chỉ đúng, cả trên mạng lẫn bản ngoại tuyến). "
        "(link to a page's address, not its file)",
        "docs/tin-tuc/bai.md:9: LỖI: liên kết «/thu-tuc/dang-ky-khai-sinh.md» bắt đầu bằng «/»: trang web có thể nằm dưới một thư mục "
        "(ví dụ /cchc/) và bản ngoại tuyến mở từ ổ đĩa, nên đường dẫn phải tính từ tệp đang viết, ví dụ «../thu-tuc/dang-ky-khai-sinh.md». "
        "Ở đây: «../thu-tuc/dang-ky-khai-sinh.md». (absolute link: write it relative to this file)",
        "docs/tin-tuc/bai.md:9: LỖI: liên kết «../../README.md» trỏ ra ngoài thư mục docs/: tệp đó không được xuất bản. (link outside docs/)",
    ]


def test_code_comments_other_sites_and_good_links_pass(tmp_path):
    body = ("`[mã](khong-co.md)` and <!-- [ghi chú](khong-co.md) -->\n\n```\n[trong khối mã](khong-co.md)\n```\n\n"
            "[Cổng](https://dichvucong.gov.vn/) [thư](mailto:a@b.vn) [gọi](tel:0243) [mục](#muc) [khai sinh](../thu-tuc/dang-ky-khai-sinh.md)\n"
            "![biểu trưng](../assets/images/logo.svg)\n\n## Mục\n")
    assert check(tmp_path, {"tin-tuc/bai.md": article(body)}) == []


def test_a_page_that_cannot_be_read_is_still_a_target(tmp_path):
    """No cascade: a link to a page with a YAML mistake is not also reported as broken."""
    problems = check(tmp_path, {"tin-tuc/bai.md": article("[hỏng](hong.md)"), "tin-tuc/hong.md": "---\ntitle: a: b\n---\n"})
    assert [p for p in problems if "bai.md" in p] == []


def test_the_real_content_has_no_broken_link():
    config = load_config(REPO / "mkdocs.yml")
    site = site_check.check(REPO / "docs", [c["name"] for c in config.extra["categories"]], "docs", safety.policy(config))
    assert [str(p) for p in site.problems if p.gloss in ("broken link", "no such anchor")] == []


# --- the build itself: MkDocs' own warnings fail it, whatever the verbosity ----------------------------------

def quiet_build(config: Path, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(MKDOCS), "build", "--strict", "--quiet", *options, "-f", str(config)], capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, cwd=REPO)


@pytest.mark.parametrize("options", [(), ("--no-directory-urls",)], ids=["online", "offline"])
def test_a_quiet_strict_build_fails_on_a_warning_and_shows_it(tmp_path, options):
    docs = write_docs(tmp_path, {})
    config = site_config(tmp_path, docs, nav=[{"Trang chủ": "index.md"}, {"Mất": "/khong-co/"}])  # a warning of MkDocs' own
    done = quiet_build(config, *options)
    assert done.returncode == 1
    assert "An absolute path to '/khong-co/' is included in the 'nav' configuration" in done.stderr
    assert "Aborted with 1 warnings in strict mode!" in done.stdout + done.stderr


def test_a_broken_link_stops_the_build_and_the_offline_bundle(tmp_path):
    docs = write_docs(tmp_path, {"tin-tuc/bai.md": article("[thủ tục](../thu-tuc/khong-co.md)")})
    config = site_config(tmp_path, docs, nav=[{"Trang chủ": "index.md"}])
    done = quiet_build(config)
    assert done.returncode == 1
    assert "tin-tuc/bai.md:9: LỖI: liên kết «../thu-tuc/khong-co.md» hỏng" in done.stderr
    with pytest.raises(offline.OfflineBuildError, match="bai.md:9: LỖI: liên kết «../thu-tuc/khong-co.md» hỏng"):
        offline.make_bundle(tmp_path / "dist", config)
    assert not (tmp_path / "dist").exists() or list((tmp_path / "dist").iterdir()) == []
