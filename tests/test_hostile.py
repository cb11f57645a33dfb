"""Tried from the attacker's side (issue 14): hostile content from a pull request, each item refused by the
check or neutralised in the page as Chromium sees it.

The corpus draws on the OWASP XSS Filter Evasion Cheat Sheet, html5sec.org and the classes of issue 14:
HTML a browser parses differently from Python's html.parser, front-matter values that reached templates as
markup, CSS that asks another host without a literal `url(`, files beside the pages, unbounded parsing and
annotation injection. One fixture site holds every item that passes the check (values are text, so hostile
titles, summaries and tags build); every body item the check refuses is also shown through the build's
own sanitiser, in a page of that site, as the build would publish it were the check ever bypassed. Chromium
then visits each page once: no dialog, no handler attribute, no javascript:/data: link, no request to
another host, no script of the content run.
"""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest

from conftest import REPO, build, run_cli, serve, site_config, write_docs
from scripts.pages import procedures
from scripts.model import safety
from scripts.tools.weight import watch_outside
from scripts.build import site as site_check
from test_content import ARTICLE, PROCEDURE
from test_safety import policy

# --- the corpus ------------------------------------------------------------------------------------------

# Page bodies: the check refuses each; the build's sanitiser neutralises each.
BODIES = {
    "svg-style-breakout": "<svg><style><img src=x onerror=\"window.pwned=1\"></style></svg>",
    "noscript-attribute": "<noscript><p title=\"</noscript><img src=x onerror=window.pwned=1>\"></noscript>",
    "textarea-attribute": "<textarea><p title=\"</textarea><img src=x onerror=window.pwned=1>\"></textarea>",
    "abrupt-comment": "<!--><img src=x onerror=window.pwned=1>-->",
    "cdata-in-html": "<![CDATA[><img src=x onerror=window.pwned=1>]]>",
    "svg-animate-href": "<svg><animate attributeName=\"href\" values=\"javascript:window.pwned=1\"/><a><text y=\"20\">bấm</text></a></svg>",
    "named-reference-scheme": "[Bấm vào đây](javas&Tab;cript:window.pwned=1)",
    "numeric-reference-scheme": "<a href=\"jav&#x09;ascript:window.pwned=1\">bấm</a>",
    "mixed-case-img-scheme": "<IMG SRC=JaVaScRiPt:window.pwned=1>",
    "malformed-img-quotes": "<IMG \"\"\"><SCRIPT>window.pwned=1</SCRIPT>\">",
    "body-onload": "<BODY ONLOAD=window.pwned=1>",
    "iframe-javascript": "<iframe src=\"javascript:window.pwned=1\"></iframe>",
    "object-data-url": "<object data=\"data:text/html;base64,PHNjcmlwdD53aW5kb3cucGFybmVkPTE8L3NjcmlwdD4=\"></object>",
    "math-mglyph-style": "<math><mtext><table><mglyph><style><img src=x onerror=window.pwned=1>",
    "details-ontoggle": "<details open ontoggle=window.pwned=1><summary>x</summary></details>",
    "css-escaped-url": "<p style=\"background:\\75 rl(http://evil.example/x.png)\">chữ</p>",
    "css-image-set": "<p style=\"background-image: image-set('http://evil.example/x.png' 1x)\">chữ</p>",
    "style-import": "<style>@import 'http://evil.example/x.css';</style>",
    "remote-pixel": "<img src=\"http://evil.example/pixel.gif\" alt=\"điểm ảnh\">",
    "data-url-link": "<a href=\"data:text/html,&lt;script&gt;window.pwned=1&lt;/script&gt;\">bấm</a>",
    "image-javascript": "![Ảnh](javascript:window.pwned=1)",
    "attribute-list-handler": "Đoạn văn.\n{: onclick=\"window.pwned=1\" }",
    "form-elsewhere": "<form action=\"http://evil.example/\"><button>Gửi</button></form>",
    "base-elsewhere": "<base href=\"http://evil.example/\">",
    "meta-refresh": "<meta http-equiv=\"refresh\" content=\"0;url=javascript:window.pwned=1\">",
    "theme-config-clobber": "<div id=\"__config\">{\"base\": \"http://evil.example/\"}</div>",
    "svg-xlink": "<svg><a xlink:href=\"javascript:window.pwned=1\"><text y=\"20\">bấm</text></a></svg>",
    "autofocus-onfocus": "<input autofocus onfocus=window.pwned=1>",
    "spaced-scheme": "<a href=\" java\nscript:window.pwned=1\">bấm</a>",
    "link-stylesheet": "<link rel=\"stylesheet\" href=\"http://evil.example/x.css\">",
    # SVG the charts' subset allows, each with what it must not carry
    "svg-onload": "<svg onload=\"window.pwned=1\"><rect width=\"10\" height=\"10\"/></svg>",
    "svg-remote-paint": "<svg><rect width=\"10\" height=\"10\" fill=\"url(http://evil.example/p.svg#p)\"/></svg>",
    "svg-use-remote": "<svg><use href=\"http://evil.example/x.svg#a\"/></svg>",
    "svg-foreign-object": "<svg><foreignObject><img src=x onerror=window.pwned=1></foreignObject></svg>",
    "svg-title-breakout": "<svg><title><img src=x onerror=window.pwned=1></title></svg>",
    "svg-set-handler": "<svg><rect width=\"9\" height=\"9\"><set attributeName=\"onmouseover\" to=\"window.pwned=1\"/></rect></svg>",
    "svg-text-style": "<svg><text y=\"20\" style=\"fill:url(http://evil.example/p.svg)\">chữ</text></svg>",
}

# Bodies the site's Markdown does not read as HTML at all: shown as text, so they pass.
AS_TEXT = {"mixed-case-img-scheme", "autofocus-onfocus"}

# Front-matter values: text, so they build, and show as written.
VALUES = {
    "title-breakout": {"title": "</title><script>window.pwned=1</script>"},
    "title-backticks": {"title": "`</title><script>window.pwned=1</script>`"},
    "title-attribute-list": {"title": "Tin mới {: onclick=\"window.pwned=1\" }"},
    "summary-meta-breakout": {"summary": "\"><script>window.pwned=1</script> tóm tắt"},
    "tags-markup": {"tags": ["thẻ {: onclick=\"window.pwned=1\" }", "[bấm](javascript:window.pwned=1)"]},
    "caption-backticks": {"image": {"src": "../assets/images/logo.svg", "alt": "Biểu trưng \" onerror=\"window.pwned=1",
                                    "caption": "`<img src=x onerror=window.pwned=1>`"}},
    "author-html": {"author": "<img src=x onerror=window.pwned=1>"},
    "source-name-html": {"source": {"name": "<img src=x onerror=window.pwned=1>", "date": "2021-03-01"}},
}
PROCEDURE_VALUES = "name: \"`</title><script>window.pwned=1</script>` {: onclick=\\\"window.pwned=1\\\" }\"\n" \
                   "dossier:\n- paper: \"Tờ khai {: onclick=\\\"window.pwned=1\\\" }\"\n  form: \"[mẫu](javascript:window.pwned=1)\"\n"

# Values the schema refuses: URLs that would leave their attribute or run code.
REFUSED_VALUES = {
    "source-url-breakout": ({"source": {"name": "Cổng", "date": "2021-03-01", "url": "https://x.example/\" autofocus onfocus=\"window.pwned=1"}},
                            "source.url"),
    "image-src-link": ({"image": {"src": "a.png)](javascript:window.pwned=1", "alt": "Ảnh minh họa"}}, "image.src"),
    "author-ten-megabytes": ({"author": "a" * 300_001}, "author"),
}


def article(name: str, changes: dict) -> str:
    import yaml

    head, body = ARTICLE.split("---\n", 2)[1:]
    meta = {**yaml.safe_load(head), "title": f"Bài {name}", **changes}
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + body


def body_page(name: str) -> str:
    return ARTICLE.replace("Nội dung bài viết.", f"Đoạn đầu.\n\n{BODIES[name]}\n\nĐoạn cuối.").replace("title: Phường", f"title: {name} Phường")


# --- the check refuses ----------------------------------------------------------------------------------

def test_the_check_refuses_every_hostile_body_and_url_value(tmp_path):
    files = {f"tin-tuc/{name}.md": body_page(name) for name in BODIES}
    files |= {f"tin-tuc/{name}.md": article(name, changes) for name, (changes, _) in REFUSED_VALUES.items()}
    docs = write_docs(tmp_path, files)
    errors = site_check.check(docs, [], "docs", policy()).errors
    refused = {name for name in BODIES if any(p.path == f"docs/tin-tuc/{name}.md" and p.line and p.line > 8 for p in errors)}
    assert set(BODIES) - refused == AS_TEXT  # these the site's Markdown shows as text; Chromium checks them too
    for name, (_, field) in REFUSED_VALUES.items():
        assert any(p.path == f"docs/tin-tuc/{name}.md" and p.field == field for p in errors), (name, [str(p) for p in errors])


def test_files_beside_pages_are_refused_and_never_published(tmp_path):
    outside = tmp_path / "ngoai"
    outside.mkdir()
    (outside / "bi-mat.md").write_text("---\ntitle: Bí mật\n---\n\nBÍ MẬT NGOÀI KHO\n", encoding="utf-8")
    docs = write_docs(tmp_path, {
        "cu.HTML": "<script>window.pwned=1</script>", "cu.xhtml": "<p>x</p>", "bai.markdown": "# Bài", "bai.mdown": "# Bài",
        "assets/images/x.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:x=\"http://www.w3.org/2000/svg\"><x:script>alert(1)</x:script></svg>",
        "assets/images/dtd.svg": "<!DOCTYPE svg [<!ENTITY x \"y\">]><svg xmlns=\"http://www.w3.org/2000/svg\">&x;</svg>",
        "assets/phim.mp4": bytes(1024)})
    (docs / "passwd.md").symlink_to("/etc/passwd")
    (docs / "environ.md").symlink_to("/proc/self/environ")
    (docs / "git-config.md").symlink_to(REPO / ".git/config")
    (docs / "mat.md").symlink_to(tmp_path / "khong-co.md")  # leads nowhere
    (docs / "ngoai").symlink_to(outside)
    (docs / "_generated").symlink_to(outside)
    found = {p.path for p in site_check.check(docs, [], "docs", policy()).errors}
    for name in ("cu.HTML", "cu.xhtml", "bai.markdown", "bai.mdown", "assets/images/x.svg", "assets/images/dtd.svg", "assets/phim.mp4",
                 "passwd.md", "environ.md", "git-config.md", "mat.md", "ngoai", "_generated"):
        assert f"docs/{name}" in found, name
    result = build(site_config(tmp_path, docs, nav=[{"Trang chủ": "index.md"}]))
    assert result.returncode != 0 and "liên kết tượng trưng" in result.log
    published = "".join(p.read_text(errors="replace") for p in result.site.rglob("*") if p.is_file()) if result.site.exists() else ""
    assert "BÍ MẬT NGOÀI KHO" not in published and "root:" not in published
    assert sorted(p.name for p in outside.iterdir()) == ["bi-mat.md"]  # the build wrote and deleted nothing through the link


def test_a_yaml_alias_bomb_is_refused_before_it_expands(tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(9))
    docs = write_docs(tmp_path, {"tin-tuc/bom.md": ARTICLE.replace("---\n\n", bomb + "---\n\n", 1)})
    started = time.monotonic()
    errors = site_check.check(docs, [], "docs", policy()).errors
    assert time.monotonic() - started < 10
    assert any(p.path == "docs/tin-tuc/bom.md" and "bí danh YAML" in p.message for p in errors), [str(p) for p in errors]


def test_spreadsheets_are_read_within_bounds(tmp_path):
    import openpyxl

    sparse = tmp_path / "thua.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.cell(row=1, column=1, value="Mã TTHC")
    workbook.active.cell(row=1_000_000, column=16_000, value="x")  # a used range of 16 billion cells
    workbook.save(sparse)
    with pytest.raises(ValueError, match="quá giới hạn"):
        procedures.read_table(sparse)
    wide = tmp_path / "rong.csv"
    wide.write_text("Mã TTHC,Tên TTHC" + ",x" * 300 + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="quá giới hạn"):
        procedures.read_table(wide)
    bomb = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", bytes(110 * 1024 * 1024))
    started = time.monotonic()
    with pytest.raises(ValueError, match="giải nén"):
        procedures.read_table(bomb)
    assert time.monotonic() - started < 5
    # One merged range over the whole sheet: a few bytes that the reader would make 17 billion cells of.
    merged = tmp_path / "gop.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.cell(row=1, column=1, value="Mã TTHC")
    workbook.save(merged)
    with zipfile.ZipFile(merged) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = parts[sheet].replace(b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>')
    with zipfile.ZipFile(merged, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    started = time.monotonic()
    with pytest.raises(ValueError, match="1048576 dòng × 16384 cột, quá giới hạn"):
        procedures.read_table(merged)
    assert time.monotonic() - started < 5


def test_a_file_name_cannot_inject_its_own_annotation(tmp_path):
    docs = write_docs(tmp_path, {"tin-tuc/bai\n::warning file=x.md::gia-mao.md": ARTICLE, "tin-tuc/a,b:c.md": ARTICLE})
    done = run_cli("--config", str(site_config(tmp_path, docs)), "check", "--format", "github")
    lines = done.stdout.splitlines()
    assert lines and all(line.startswith(("::error file=", "::warning file=", "::notice file=")) for line in lines), lines
    assert not any(line.startswith("::warning file=x.md") for line in lines)
    assert any("file=docs/tin-tuc/bai%0A%3A%3Awarning file=x.md%3A%3Agia-mao.md" in line for line in lines), lines
    assert any("file=docs/tin-tuc/a%2Cb%3Ac.md" in line for line in lines), lines


# --- Chromium: what the reader's browser does with it ----------------------------------------------------

@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """One site: every hostile value built for real; every refused body as the build's sanitiser publishes it."""
    tmp = tmp_path_factory.mktemp("hostile")
    files = {f"tin-tuc/{name}.md": article(name, changes) for name, changes in VALUES.items()}
    files["thu-tuc/doc-hai.md"] = PROCEDURE.replace("name: Đăng ký khai sinh\n", PROCEDURE_VALUES)
    files["tin-tuc/mau.md"] = article("mau", {})
    files["trang/doc-hai.md"] = ("---\ntitle: \"<img src=x onerror=window.pwned=1>\"\ndescription: \"\\\"><script>window.pwned=1</script>\"\n"
                                 "---\n\nTrang không có tiêu đề cấp 1: giao diện tự viết tiêu đề.\n")
    result = build(site_config(tmp, write_docs(tmp, files), nav=[{"Trang chủ": "index.md"}, "trang/doc-hai.md"]))  # a nav entry without its own title
    assert result.returncode == 0, result.log
    template = (result.site / "tin-tuc/mau/index.html").read_text(encoding="utf-8")
    marker = "<p>Nội dung bài viết.</p>"
    assert marker in template
    render = safety.Renderer(policy())  # the site's Markdown, as the check and the build render it
    for name, text in BODIES.items():
        page = result.site / "than-bai" / name / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(template.replace(marker, safety.sanitise(render(text), policy())), encoding="utf-8")
    return result.site


def pages_of(site: Path) -> list[str]:
    return [f"tin-tuc/{name}/" for name in VALUES] + ["404.html", "thu-tuc/doc-hai/", "trang/doc-hai/", "tin-tuc/", "tin-tuc/the/", "thu-tuc/", ""] + \
           [f"than-bai/{name}/" for name in BODIES]


DOM_CHECK = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const value = attr.value.replace(/[\\u0000-\\u0020]/g, '').toLowerCase();
      if (attr.name.startsWith('on')) bad.push(el.tagName + ' ' + attr.name);
      if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'values'].includes(attr.name)
          && (value.startsWith('javascript:') || value.startsWith('data:') || value.startsWith('vbscript:'))) bad.push(el.tagName + ' ' + attr.name + '=' + value);
    }
  }
  if (window.pwned) bad.push('script ran: window.pwned = ' + window.pwned);
  return bad;
}"""


def test_no_hostile_item_does_anything_in_chromium(browser, hostile_site):
    with serve(hostile_site) as base:
        context = browser.new_context()
        elsewhere, dialogs = watch_outside(context, base), []  # Chromium's proxy setting makes them fail
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        found = {}
        for path in pages_of(hostile_site):
            page.goto(base + path)
            page.wait_for_load_state("load")
            if bad := page.evaluate(DOM_CHECK):
                found[path] = bad
        context.close()
    assert found == {}
    assert dialogs == [] and elsewhere == []


def test_values_show_as_written(browser, hostile_site):
    """A value is text: the hostile title is the page's title, its h1 and its header, letter for letter."""
    with serve(hostile_site) as base:
        page = browser.new_page()
        page.goto(base + "tin-tuc/title-breakout/")
        written = VALUES["title-breakout"]["title"]
        assert page.title().startswith(written)
        assert page.locator("article h1").inner_text() == written
        assert page.locator(".md-header__topic[data-md-component=header-topic]").inner_text().strip() == written
        assert page.locator("meta[name=description]").get_attribute("content") == ARTICLE.split("summary: ")[1].split("\n")[0]
        page.goto(base + "tin-tuc/summary-meta-breakout/")
        assert page.locator("meta[name=description]").get_attribute("content") == VALUES["summary-meta-breakout"]["summary"]
        page.goto(base + "tin-tuc/tags-markup/")
        assert VALUES["tags-markup"]["tags"][1] in page.locator("article").inner_text()
        page.goto(base + "thu-tuc/doc-hai/")  # table cells, once escaped: neither markup nor visible escapes
        cells = page.locator("article td").all_inner_texts()
        assert "Tờ khai {: onclick=\"window.pwned=1\" }" in cells and "[mẫu](javascript:window.pwned=1)" in cells, cells
        page.close()


def test_the_policy_blocks_a_handler_injected_into_a_built_page(browser, hostile_site):
    """The second wall: script slipped into a built page after every check does not run."""
    page_file = hostile_site / "tin-tuc/mau/index.html"
    original = page_file.read_text(encoding="utf-8")
    assert "Content-Security-Policy" in original and "unsafe-inline" not in original
    for built in hostile_site.rglob("*.html"):  # every page, the 404 page too, carries the policy
        assert '<meta http-equiv="Content-Security-Policy"' in built.read_text(encoding="utf-8"), built
    injected = original.replace("<p>Nội dung bài viết.</p>", "<p>Nội dung bài viết.</p><img src=x onerror=\"window.pwned=1\">"
                                "<script>window.pwned=2</script><a id=\"bam\" href=\"javascript:window.pwned=3\">bấm</a>")
    with serve(hostile_site) as base:
        (hostile_site / "tiem").mkdir(exist_ok=True)
        (hostile_site / "tiem/index.html").write_text(injected.replace("../../", "../"), encoding="utf-8")
        page = browser.new_page()
        violations = []
        page.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None)
        page.goto(base + "tiem/")
        page.click("#bam")
        page.wait_for_timeout(200)
        assert page.evaluate("window.pwned") is None
        assert len(violations) >= 2, violations
        assert page.locator(".md-search__input").count() == 1  # the site's own scripts still run: search opens
        page.keyboard.press("s")
        page.keyboard.type("tuyên truyền")
        page.wait_for_selector(".md-search-result__item")
        page.close()
