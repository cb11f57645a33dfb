"""Content safety: each rule refuses what it should, names file and line, and lets the safe form through."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config

from conftest import REPO, build, run_cli, site_config, write_docs
from scripts.model import content, safety
from scripts.build import site as site_check
from test_content import ARTICLE

HEAD = ARTICLE.split("Nội dung bài viết.")[0]  # front matter and the blank line: the body starts on line 8
BODY_LINE = HEAD.count("\n") + 1


def policy(**settings) -> safety.Policy:
    """The repository's mkdocs.yml with content_safety settings changed, read as the check reads it."""
    config = load_config(str(REPO / "mkdocs.yml"))
    config.extra["content_safety"] = {**config.extra.get("content_safety", {}), **settings}
    return safety.policy(config)


def problems(tmp_path: Path, body: str, files: dict | None = None, **settings) -> list[str]:
    """Safety problems of one article with the given body (plus other files), as `make check` prints them
    (other checks, such as links to pages this small site lacks, left aside)."""
    docs = write_docs(tmp_path, {"tin-tuc/bai-moi.md": HEAD + body, **(files or {})})
    site = content.load_site(docs, [], "docs")
    return [str(p) for p in safety.problems(site, docs, lambda src: f"docs/{src}", policy(**settings))]


def one(found: list[str]) -> str:
    assert len(found) == 1, found
    return found[0]


def test_the_site_policy_is_strict_by_default():
    config = policy()
    assert config.embed_hosts == () and dict(config.file_kb)["jpg"] == 500 and "html" not in dict(config.file_kb)
    assert "fenced_code" in config.markdown_extensions


@pytest.mark.parametrize("body, needle", [
    ("Đoạn đầu.\n\n<script>alert(1)</script>\n", "thẻ <script>"),
    ("Đoạn đầu.\n\n<SCRIPT src=\"a.js\"></SCRIPT>\n", "thẻ <script>"),
    ("Đoạn đầu.\n\n<link rel=\"stylesheet\" href=\"https://fonts.example.com/a.css\">\n", "thẻ <link>"),
    ("Đoạn đầu.\n\n<meta http-equiv=\"refresh\" content=\"0; url=https://example.com\">\n", "thẻ <meta>"),
])
def test_scripts_and_loading_tags_are_refused_with_file_and_line(tmp_path, body, needle):
    message = one(problems(tmp_path, body))
    assert message.startswith(f"docs/tin-tuc/bai-moi.md:{BODY_LINE + 2}: LỖI: {needle}")
    assert "Xóa thẻ này" in message


def test_script_shown_as_code_is_allowed(tmp_path):
    body = "Ví dụ sai: `<script>alert(1)</script>` và `<a onclick=\"x()\">`.\n\n```html\n<script src=\"https://x.example/a.js\"></script>\n<img src=\"http://x.example/a.png\">\n```\n"
    assert problems(tmp_path, body) == []


def test_event_handlers_are_refused_in_html_and_in_attribute_lists(tmp_path):
    found = problems(tmp_path, "Một <span onclick=\"steal()\">nút</span>.\n\n![Biểu trưng](../assets/images/logo.svg){ onerror=\"steal()\" }\n")
    assert len(found) == 2, found
    assert found[0].startswith(f"docs/tin-tuc/bai-moi.md:{BODY_LINE}: LỖI: thuộc tính «onclick»")
    assert found[1].startswith(f"docs/tin-tuc/bai-moi.md:{BODY_LINE + 2}: LỖI: thuộc tính «onerror»")


def test_ordinary_attributes_are_allowed(tmp_path):
    assert problems(tmp_path, "<span class=\"note\" title=\"Ghi chú\">chú ý</span>\n\n![Biểu trưng](../assets/images/logo.svg){ width=\"120\" }\n") == []


@pytest.mark.parametrize("link", [
    "[Bấm vào đây](javascript:alert(1))",
    "<a href=\"JavaScript:alert(1)\">bấm</a>",
    "<a href=\"jav&#x61;script:alert(1)\">bấm</a>",
    "<a href=\" java\tscript:alert(1)\">bấm</a>",
])
def test_javascript_urls_are_refused_however_spelt(tmp_path, link):
    message = one(problems(tmp_path, f"Đoạn đầu.\n\n{link}\n"))
    assert message.startswith(f"docs/tin-tuc/bai-moi.md:{BODY_LINE + 2}: LỖI: đường dẫn «javascript:…»")
    assert "[Đăng ký khai sinh](../thu-tuc/dang-ky-khai-sinh.md)" in message  # the right form, as an example


def test_ordinary_links_are_allowed(tmp_path):
    body = "[Cổng Dịch vụ công](https://dichvucong.gov.vn/) và [thủ tục](../thu-tuc/index.md), <a href=\"mailto:a@b.vn\">thư</a>.\n"
    assert problems(tmp_path, body) == []


@pytest.mark.parametrize("tag", [
    "<iframe src=\"https://www.youtube-nocookie.com/embed/abc\"></iframe>",
    "<object data=\"https://www.youtube-nocookie.com/v/abc\"></object>",
    "<embed src=\"https://www.youtube-nocookie.com/v/abc\">",
])
def test_embeds_are_refused_by_default(tmp_path, tag):
    message = one(problems(tmp_path, f"Video:\n\n{tag}\n"))
    assert f"docs/tin-tuc/bai-moi.md:{BODY_LINE + 2}: LỖI: thẻ <{tag[1:].split()[0]}> nhúng nội dung" in message
    assert "embed_hosts: chưa có máy chủ nào" in message


def test_embeds_from_an_allowed_host_pass_and_others_do_not(tmp_path):
    allowed = "<iframe src=\"https://www.youtube-nocookie.com/embed/abc\" title=\"Video\"></iframe>"
    assert problems(tmp_path, f"Video:\n\n{allowed}\n", embed_hosts=["www.youtube-nocookie.com"]) == []
    for tag in ("<iframe src=\"https://evil.example/embed\"></iframe>", "<iframe src=\"http://www.youtube-nocookie.com/embed/abc\"></iframe>"):
        assert "embed_hosts: www.youtube-nocookie.com" in one(problems(tmp_path, f"Video:\n\n{tag}\n", embed_hosts=["www.youtube-nocookie.com"]))
    srcdoc = "<iframe srcdoc=\"&lt;script&gt;\" src=\"https://www.youtube-nocookie.com/embed/abc\"></iframe>"
    assert "thuộc tính «srcdoc»" in one(problems(tmp_path, f"Video:\n\n{srcdoc}\n", embed_hosts=["www.youtube-nocookie.com"]))


@pytest.mark.parametrize("image, url", [
    ("![Ảnh hội nghị](https://cdn.example.com/a.jpg)", "https://cdn.example.com/a.jpg"),
    ("![Ảnh hội nghị](//cdn.example.com/a.jpg)", "//cdn.example.com/a.jpg"),
    ("<img src=\"http://cdn.example.com/a.jpg\" alt=\"Ảnh hội nghị\">", "http://cdn.example.com/a.jpg"),
    ("<p style=\"background: url(https://t.example/pixel.gif)\">chữ</p>", "url("),
])
def test_remote_images_and_media_are_refused(tmp_path, image, url):
    message = one(problems(tmp_path, f"Ảnh:\n\n{image}\n"))
    assert message.startswith(f"docs/tin-tuc/bai-moi.md:{BODY_LINE + 2}: LỖI:")
    assert "máy chủ khác" in message or "nơi khác" in message
    if url != "url(":
        assert f"«{url}»" in message and "docs/assets/images/" in message


@pytest.mark.parametrize("html, needle", [
    ("<img srcset=\"../assets/images/logo.svg 1x, https://cdn.example.com/a.jpg 2x\" src=\"../assets/images/logo.svg\" alt=\"Ảnh\">", "«srcset»"),
    ("<video src=\"https://cdn.example.com/a.mp4\"></video>", "thẻ <video>"),
    ("<a href=\"../thu-tuc/index.md\" ping=\"https://t.example/dem\">thủ tục</a>", "«ping»"),
])
def test_what_is_not_on_the_allow_list_is_named(tmp_path, html, needle):
    message = one(problems(tmp_path, f"Ảnh:\n\n{html}\n"))
    assert message.startswith(f"docs/tin-tuc/bai-moi.md:{BODY_LINE + 2}: LỖI:") and needle in message and "danh sách" in message


def test_reference_style_remote_image_is_found_on_its_definition_line(tmp_path):
    message = one(problems(tmp_path, "![Ảnh hội nghị][anh]\n\n[anh]: https://cdn.example.com/a.jpg\n"))
    assert message.startswith(f"docs/tin-tuc/bai-moi.md:{BODY_LINE + 2}: LỖI: «https://cdn.example.com/a.jpg» nằm trên máy chủ khác")


def test_local_images_are_allowed_and_data_urls_are_not(tmp_path):
    body = "![Biểu trưng của trang](../assets/images/logo.svg)\n\n<img src=\"../assets/images/logo.svg\" alt=\"Biểu trưng\">\n"
    assert problems(tmp_path, body) == []
    message = one(problems(tmp_path, "Chấm:\n\n<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"Chấm\">\n"))
    assert message.startswith(f"docs/tin-tuc/bai-moi.md:{BODY_LINE + 2}: LỖI: đường dẫn «data:…»")


@pytest.mark.parametrize("image", ["![](../assets/images/logo.svg)", "![  ](../assets/images/logo.svg)",
                                   "<img src=\"../assets/images/logo.svg\">", "<img src=\"../assets/images/logo.svg\" alt=\"\">"])
def test_every_image_needs_alt_text(tmp_path, image):
    message = one(problems(tmp_path, f"Ảnh:\n\n{image}\n"))
    assert message.startswith(f"docs/tin-tuc/bai-moi.md:{BODY_LINE + 2}: LỖI: ảnh «../assets/images/logo.svg» thiếu lời mô tả (alt)")
    assert "![Cán bộ Bộ phận Một cửa hướng dẫn người dân](../assets/images/logo.svg)" in message


def test_front_matter_values_are_text_and_urls_are_checked(tmp_path):
    head = HEAD.replace("summary: Phường", "summary: <img src=x onerror=alert(1)> Phường") \
               .replace("category:", "image:\n  src: https://cdn.example.com/a.jpg\n  alt: Ảnh hội nghị\ncategory:")
    docs = write_docs(tmp_path, {"tin-tuc/bai-moi.md": head + "Nội dung.\n"})
    found = [str(p) for p in site_check.check(docs, [], "docs", policy()).problems]
    assert len(found) == 1 and "[image.src]" in found[0] and "../assets/images/" in found[0], found  # one message (the schema's)
    # the summary is shown as text (tests/test_hostile.py shows it in the browser), so it is not a problem


def test_front_matter_with_a_local_image_passes(tmp_path):
    head = HEAD.replace("category:", "image:\n  src: ../assets/images/logo.svg\n  alt: Biểu trưng của trang\ncategory:")
    docs = write_docs(tmp_path, {"tin-tuc/bai-moi.md": head + "Nội dung.\n"})
    assert site_check.check(docs, [], "docs", policy()).errors == []


def test_an_image_over_the_limit_is_refused_with_its_size(tmp_path):
    big = bytes(3 * 1024 * 1024 // 2)  # 1.5 MB
    found = problems(tmp_path, "Ảnh:\n\n![Ảnh hội nghị](../assets/images/hoi-nghi.jpg)\n",
                     {"assets/images/hoi-nghi.jpg": big, "assets/images/nho.jpg": bytes(100 * 1024)})
    message = one(found)
    assert message.startswith("docs/assets/images/hoi-nghi.jpg: LỖI: ảnh nặng 1,5 MB, quá giới hạn 500 KB (mkdocs.yml, extra.content_safety.file_kb.jpg)")
    assert "Thu nhỏ ảnh" in message
    assert problems(tmp_path, "Ảnh.\n", {"assets/images/hoi-nghi.jpg": big}, file_kb={**safety.DEFAULT_FILE_KB, "jpg": 2000}) == []


@pytest.mark.parametrize("svg, needle", [
    ("<svg xmlns=\"http://www.w3.org/2000/svg\">\n<circle r=\"4\"/>\n<script>alert(1)</script>\n</svg>\n", "phần tử «{http://www.w3.org/2000/svg}script»"),
    ("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:x=\"http://www.w3.org/2000/svg\"><x:script>alert(1)</x:script></svg>", "script»"),
    ("<?xml version=\"1.0\"?>\n<!DOCTYPE svg [<!ENTITY e \"&#60;script&#62;\">]>\n<svg xmlns=\"http://www.w3.org/2000/svg\">&e;</svg>", "DOCTYPE"),
    ("<svg xmlns=\"http://www.w3.org/2000/svg\"><circle r=\"4\" onload=\"alert(1)\"/></svg>", "«onload="),
    ("<svg xmlns=\"http://www.w3.org/2000/svg\"><animate attributeName=\"href\" values=\"javascript:alert(1)\"/></svg>", "animate"),
    ("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:l=\"http://www.w3.org/1999/xlink\"><use l:href=\"https://t.example/a.svg#x\"/></svg>", "«href="),
])
def test_an_svg_that_could_run_code_or_load_is_refused(tmp_path, svg, needle):
    found = problems(tmp_path, "Ảnh.\n", {"assets/images/xau.svg": svg})
    assert found and all(p.startswith("docs/assets/images/xau.svg") for p in found), found
    assert needle in found[0] and "tệp SVG" in found[0]


@pytest.mark.parametrize("name", ["gioi-thieu/cu.html", "gioi-thieu/cu.HTML", "gioi-thieu/cu.xhtml", "tin-tuc/bai.markdown",
                                  "tin-tuc/bai.mdown", "assets/javascripts/them.js", "assets/video.mp4"])
def test_only_listed_file_types_may_be_in_docs(tmp_path, name):
    message = one(problems(tmp_path, "Bài.\n", {name: "<p>Chào</p>\n"}))
    assert message.startswith(f"docs/{name}: LỖI: loại tệp «.{name.rsplit('.', 1)[1].lower()}» không được đăng") and ".md" in message


def test_symbolic_links_are_refused_anywhere_in_docs(tmp_path):
    docs = write_docs(tmp_path, {"tin-tuc/bai-moi.md": HEAD + "Bài.\n"})
    (tmp_path / "ngoai").mkdir()
    (docs / "mat-khau.md").symlink_to("/etc/passwd")
    (docs / "thu-muc").symlink_to(tmp_path / "ngoai")
    (docs / "_generated").symlink_to(tmp_path / "ngoai")
    found = [str(p) for p in site_check.check(docs, [], "docs", policy()).errors]
    for name in ("_generated", "mat-khau.md", "thu-muc"):
        assert any(p.startswith(f"docs/{name}: LỖI: là một liên kết tượng trưng") for p in found), (name, found)


@pytest.mark.parametrize("css, url", [
    ("body { background: url(https://t.example/a.png) }", "https://t.example/a.png"),
    ("body { background: \\75 rl(https://t.example/a.png) }", "https://t.example/a.png"),
    ("body { background-image: image-set('https://t.example/a.png' 1x) }", "https://t.example/a.png"),
    ("@import '//t.example/a.css';", "//t.example/a.css"),
])
def test_the_site_style_sheets_ask_no_other_host(tmp_path, css, url):
    docs = write_docs(tmp_path, {})
    (docs / "assets/site.css").write_text(css + "\n", encoding="utf-8")  # extra_css: the site's own, not content
    message = one([str(p) for p in safety.problems(content.load_site(docs, [], "docs"), docs, lambda src: f"docs/{src}", policy())])
    assert message.startswith("docs/assets/site.css:1: LỖI: tệp CSS tải") and url in message


def test_the_repository_content_is_safe():
    from scripts.model import content
    config = load_config(str(REPO / "mkdocs.yml"))
    docs = Path(config.docs_dir)
    site = content.load_site(docs, [c["name"] for c in config.extra["categories"]], "docs")
    assert [str(p) for p in safety.problems(site, docs, lambda src: f"docs/{src}", safety.policy(config))] == []


@pytest.fixture(scope="module")
def unsafe_build(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("unsafe")
    docs = write_docs(tmp, {"tin-tuc/bai-moi.md": HEAD + "Đoạn đầu.\n\n<script>alert(1)</script>\n"})
    return build(site_config(tmp, docs, nav=[{"Trang chủ": "index.md"}]))


def test_the_build_refuses_unsafe_content_and_writes_nothing(unsafe_build):
    assert unsafe_build.returncode != 0
    assert f"docs/tin-tuc/bai-moi.md:{BODY_LINE + 2}: LỖI: thẻ <script>" in unsafe_build.log
    assert not (unsafe_build.site / "tin-tuc/bai-moi/index.html").exists()


def test_check_command_reports_unsafe_content_as_github_annotations(tmp_path):
    docs = write_docs(tmp_path, {"tin-tuc/bai-moi.md": HEAD + "Đoạn đầu.\n\n<script>alert(1)</script>\n"})
    config = site_config(tmp_path, docs)
    done = run_cli("--config", str(config), "check", "--format", "github")
    assert done.returncode == 1
    assert f"::error file=docs/tin-tuc/bai-moi.md,line={BODY_LINE + 2}::docs/tin-tuc/bai-moi.md:{BODY_LINE + 2}: LỖI: thẻ <script>" in done.stdout


def test_symbolic_links_are_refused_in_the_theme_folder_too(tmp_path):
    import dataclasses

    theme = tmp_path / "overrides"
    (theme / "partials").mkdir(parents=True)
    (theme / "partials/bi-mat.html").symlink_to("/etc/passwd")
    found = [str(p) for p in safety.theme_problems(dataclasses.replace(policy(), theme_dir=str(theme)))]
    assert len(found) == 1 and found[0].startswith("overrides/partials/bi-mat.html: LỖI: là một liên kết tượng trưng"), found
    assert safety.theme_problems(policy()) == []  # the repository's own overrides/
