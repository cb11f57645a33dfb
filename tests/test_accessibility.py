"""Accessibility of every page type, both languages, in Chromium: axe-core (WCAG 2.1 A and AA) with zero
violations, a working skip link, keyboard-only use, visible focus, contrast of the custom colours, and
reflow at 200 % zoom on a 390 px phone."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from conftest import REPO, at_rest, kept_page, serve
from scripts.model import contract
from scripts.tools.weight import same_site, until_quiet

AXE = REPO / "node_modules/axe-core/axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# The site is served under its site_url path, as on GitHub Pages (404.html has absolute links).
BASE = urlsplit(yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]).path.strip("/")

ARTICLE = "tin-tuc/thanh-xuan-tuyen-truyen-kiem-soat-thu-tuc-hanh-chinh-2021/"
PLAN = "ke-hoach/111-kh-ubnd-2021/"
PROCEDURE = "thu-tuc/dang-ky-khai-sinh/"


def filter_procedures(page) -> None:
    """The procedure index with its filter used: a field chosen and a word typed."""
    page.wait_for_selector("#cchc-filter:not([hidden])")
    page.select_option("#cchc-filter-field", "Hộ tịch")
    page.fill("#cchc-filter-text", "khai sinh")
    page.wait_for_selector("#cchc-procedure-list:not([hidden])")  # the rows listed, from their script


def open_search(page) -> None:
    """The search box opened with a query and its results shown."""
    page.keyboard.press("/")
    page.keyboard.type("thủ tục")
    page.wait_for_selector(".md-search-result__item")


def compose_with_errors(page) -> None:
    """The compose page with a plan chosen, a row added to every list and the check run on empty fields."""
    page.locator(".cchc-compose__kinds input").nth(1).check()
    for button in page.locator(".cchc-list__add").all():
        button.click()
    page.locator(".cchc-compose__actions button").first.click()
    page.wait_for_selector(".cchc-compose__summary:not([hidden])")


def compose_translating(page) -> None:
    """The compose page translating a page, with the original's text shown."""
    page.wait_for_selector(".cchc-field__original")
    page.locator(".cchc-compose__original-body summary").click()


# Every page type a reader meets (issue 8), Vietnamese path -> the English one is "en/" + path.
# Kept explicit: a page type that is missing fails its test instead of being skipped.
PAGE_TYPES: dict[str, tuple[str, object]] = {
    "home": ("", None),
    "article": (ARTICLE, None),
    "news listing": ("tin-tuc/", None),
    "archive": ("tin-tuc/luu-tru/2021/", None),
    "plan": (PLAN, None),
    "plan register": ("ke-hoach/", None),
    "procedure": (PROCEDURE, None),  # translated: a full English page on the English side
    "procedure, not yet translated": ("thu-tuc/tach-ho/", None),  # the English side shows the Vietnamese text
    "procedure index": ("thu-tuc/", None),
    "procedure index, filtered": ("thu-tuc/", filter_procedures),
    "procedure list A–Z": ("thu-tuc/tat-ca/", None),  # every procedure: the index without JavaScript leads here
    "search results open": ("", open_search),
    "contact page": ("lien-he/", None),
    "kiosk page": ("kiosk/", None),
    "reform results": ("ket-qua/", None),
    "site map": ("so-do-cong/", None),
    "404": ("404.html", None),
    "compose": ("soan-bai/", None),
    "compose, a plan with errors": ("soan-bai/", compose_with_errors),
    "compose, translating": ("soan-bai/?dich=tin-tuc/binh-thanh-tuyen-truyen-cai-cach-hanh-chinh-2018.md", compose_translating),
}
LANGUAGES = {"vi": "", "en": "en/"}
ONE_LANGUAGE = {"404": "vi", "procedure, not yet translated": "en"}  # one 404 page; the Vietnamese procedure is "procedure"
CASES = [(kind, lang) for kind in PAGE_TYPES for lang in LANGUAGES if ONE_LANGUAGE.get(kind, lang) == lang]


def url_path(kind: str, lang: str) -> str:
    return LANGUAGES[lang] + PAGE_TYPES[kind][0]


@pytest.fixture(scope="module")
def site_url(real_site, tmp_path_factory):
    """The real site served under its path on GitHub Pages (/cchc/)."""
    root = tmp_path_factory.mktemp("served")
    if BASE:
        (root / BASE).parent.mkdir(parents=True, exist_ok=True)
        (root / BASE).symlink_to(real_site.site, target_is_directory=True)
    with serve(root if BASE else real_site.site) as url:
        yield url + (BASE + "/" if BASE else "")


DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def desktop(browser, site_url):
    yield from kept_page(browser, same_site(site_url), viewport=DESKTOP)


@pytest.fixture(scope="module")
def audited(browser, site_url):
    # axe-core goes into every page of this one before the page's own scripts (put in by each test, it cost Chromium
    # a third more per check); bypass_csp: the site's Content-Security-Policy refuses a script of the test's (as it
    # should); the features under that policy are tried here on `desktop`, and in test_search, test_offline, test_hostile
    yield from kept_page(browser, same_site(site_url), init_scripts=(axe_script(),), viewport=DESKTOP, bypass_csp=True)


def ready(kept):
    """The kept page, ready; afterwards, no request may have gone to another host."""
    page, watch = kept()
    yield page
    assert not watch.outside, f"requests to other hosts: {watch.outside}"


@pytest.fixture
def page(desktop):
    yield from ready(desktop)


@pytest.fixture
def audited_page(audited):
    yield from ready(audited)


def open_page(page, site_url: str, kind: str, lang: str, wait_until: str = "load"):
    response = page.goto(site_url + url_path(kind, lang), wait_until=wait_until)
    assert response is not None and response.ok, f"{kind} ({lang}): {url_path(kind, lang)} is missing ({response and response.status})"
    action = PAGE_TYPES[kind][1]
    if action:
        action(page)
    return page


def axe_script() -> Path:
    """axe-core, for a context's `add_init_script` (the context must bypass the site's Content-Security-Policy)."""
    assert AXE.is_file(), f"{AXE} is missing: `make test` installs it (npm ci)"
    return AXE


def axe_violations(page) -> list[dict]:
    """What axe finds on the page, once it is at rest (axe_script() went into its context)."""
    at_rest(page)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", WCAG_TAGS)
    return result["violations"]


def describe(violations: list[dict], where: str) -> str:
    lines = []
    for violation in violations:
        targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        summary = violation["nodes"][0].get("failureSummary", "").replace("\n", " ")[:240]
        lines.append(f"{where}: {violation['id']} ({violation['impact']}) at {targets}: {summary}")
    return "\n".join(lines)


@pytest.mark.parametrize("kind, lang", CASES, ids=[f"{kind}-{lang}" for kind, lang in CASES])
def test_axe_finds_no_wcag21_aa_violation(audited_page, site_url, kind, lang):
    page = open_page(audited_page, site_url, kind, lang)
    violations = axe_violations(page)
    assert not violations, describe(violations, f"{kind} ({lang}) {url_path(kind, lang)}")


# --- skip link and keyboard ----------------------------------------------------------------------

def focused(page) -> dict:
    return page.evaluate("""() => { const e = document.activeElement;
        return {tag: e.tagName.toLowerCase(), id: e.id, cls: e.className, text: (e.textContent || '').trim().slice(0, 80),
                href: e.getAttribute('href') || '', inContent: !!e.closest('.md-content'), inHeader: !!e.closest('.md-header')}; }""")


@pytest.mark.parametrize("kind", ["article", "procedure", "home"])
@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_skip_link_is_first_and_moves_focus_to_the_content(page, site_url, kind, lang):
    open_page(page, site_url, kind, lang)
    page.keyboard.press("Tab")
    first = focused(page)
    assert "md-skip" in first["cls"].split(), f"the first Tab stop is {first}, not the skip link"
    assert page.evaluate("() => document.activeElement.getBoundingClientRect().height") > 0, "skip link stays invisible on focus"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    after = focused(page)
    assert after["inContent"], f"after the skip link, Tab goes to {after}, not into the content"


def test_every_page_but_404_has_a_skip_link_to_an_anchor_on_it(real_site):
    """Material writes the skip link only when the page has a heading: every page type must have one."""
    missing = []
    for path in sorted(real_site.site.rglob("*.html")):
        if path.name == "404.html":
            continue
        html = path.read_text(encoding="utf-8")
        skip = re.search(r'<a href="#([^"]+)" class="md-skip">', html)
        if not skip or f'id="{skip[1]}"' not in html:
            missing.append(path.relative_to(real_site.site).as_posix())
    assert not missing, f"{len(missing)} pages without a working skip link: {missing[:5]}"
    # it says where it leads (Material's Vietnamese said only "Bỏ qua", skip)
    assert "Bỏ qua, đến nội dung chính" in (real_site.site / "index.html").read_text(encoding="utf-8")


def test_the_one_404_page_is_vietnamese_with_a_line_in_english(real_site):
    """GitHub Pages serves the root 404.html for every missing URL; the English build must not replace it."""
    html = (real_site.site / "404.html").read_text(encoding="utf-8")
    assert '<html lang="vi"' in html and "Không tìm thấy trang" in html
    assert re.search(r'<p lang="en"><a href="[^"]*/en/" hreflang="en">Page not found\.', html)


def _looks_styled(page) -> dict:
    return page.evaluate("""() => ({
        header: getComputedStyle(document.querySelector('header')).backgroundColor,
        home: getComputedStyle(document.querySelector('a.home')).display,
    })""")


@pytest.mark.parametrize("prefix", ["", "cchc/", "mot/thu-muc/khac/"])
def test_the_404_page_works_at_any_depth_and_path_prefix(browser, real_site, prefix):
    """Served from the root, under site_url's path or elsewhere, asked for a deep missing address: the page keeps
    its look under its own policy (no request but itself) and its links lead to the site, not the missing path."""
    with serve(real_site.site, not_found=real_site.site / "404.html") as url:
        context = browser.new_context(viewport={"width": 390, "height": 844})
        page = context.new_page()
        requests, refused = [], []
        page.on("request", lambda request: requests.append(request.url))
        page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None)
        quiet = until_quiet(page)
        response = page.goto(f"{url}{prefix}thu-tuc/khong-co/trang/nay/")
        quiet()
        assert response.status == 404
        assert _looks_styled(page) == {"header": "rgb(140, 28, 19)", "home": "inline-block"}
        assert len(requests) == 1 and not refused, (requests, refused)
        site_url = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
        links = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
        assert site_url in links and site_url + "thu-tuc/" in links and site_url + "en/" in links
        assert all(link.startswith((site_url, "tel:")) for link in links), links
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
        context.close()


def test_the_404_page_keeps_its_look_from_disk(browser, real_site):
    context = browser.new_context()
    page = context.new_page()
    refused = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None)
    page.goto((real_site.site / "404.html").as_uri())
    assert _looks_styled(page) == {"header": "rgb(140, 28, 19)", "home": "inline-block"} and not refused
    context.close()


def tab_until(page, selector: str, limit: int = 60) -> dict:
    """Press Tab until the focused element matches the CSS selector; fail naming what was reached."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = focused(page)
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return element
        seen.append(element["text"] or element["id"] or element["tag"])
    raise AssertionError(f"{selector} not reachable by Tab; reached: {seen}")


@pytest.mark.parametrize("lang, other", [("vi", "en"), ("en", "vi")])
def test_language_switcher_works_by_keyboard_alone(page, site_url, lang, other):
    open_page(page, site_url, "article", lang)
    tab_until(page, ".md-select > button")
    page.keyboard.press("Enter")
    link = tab_until(page, f".md-select__link[hreflang={other}]", limit=4)
    assert page.locator(f".md-select__link[hreflang={other}]").is_visible(), "the other language's link is focused but not shown"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.evaluate("() => document.documentElement.lang") == other, link
    assert url_path("article", other) in page.url


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_search_works_by_keyboard_alone(page, site_url, lang):
    open_page(page, site_url, "home", lang)
    tab_until(page, ".md-search__input")
    page.keyboard.type("thủ tục")
    page.wait_for_selector(".md-search-result__item")
    page.keyboard.press("ArrowDown")
    target = focused(page)
    assert target["tag"] == "a" and target["href"], f"ArrowDown from the search box leads to {target}, not a result"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url != site_url + url_path("home", lang)


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_procedure_filter_works_by_keyboard_alone(page, site_url, lang):
    open_page(page, site_url, "procedure index", lang)
    page.wait_for_selector("#cchc-filter:not([hidden])")
    tab_until(page, "#cchc-filter-field")
    page.keyboard.press("ArrowDown")  # a closed <select> takes arrow keys: the next field
    page.wait_for_selector("#cchc-procedure-list:not([hidden])")
    total = page.evaluate("name => window[name].rows.length", contract.names()["procedureFilter"]["rows"])
    shown = page.locator(".cchc-procedure").count()
    assert 0 < shown < total, f"choosing a field with the keyboard shows {shown} of {total} procedures"
    tab_until(page, "#cchc-filter-text")
    page.keyboard.type("zzzz khong co")
    page.wait_for_selector("#cchc-procedure-list[hidden]", state="attached")
    assert page.locator(".cchc-procedure").count() == 0
    assert re.search(r"\b0\b", page.locator("#cchc-filter-count").inner_text())


# --- visible focus and colours -------------------------------------------------------------------

def luminance(hex_colour: str) -> float:
    """WCAG relative luminance of #rrggbb."""
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula_matches_wcag_examples():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54
    assert contrast("#777777", "#ffffff") < 4.5


SITE_CSS = (REPO / "docs/assets/site.css").read_text(encoding="utf-8")
WHITE = "#ffffff"  # Material's page background


def css_colours(css: str) -> list[tuple[str, str]]:
    """Every declaration of a custom property of site.css whose value is a plain #rrggbb colour."""
    return [(name, value.lower()) for name, value in re.findall(r"(--[\w-]+)\s*:\s*(#[0-9a-fA-F]{6})\b", css)]


# Which background each custom colour is read on; a colour missing here fails the test below.
COLOUR_PAIRS: dict[str, str] = {
    "--md-primary-fg-color": WHITE,         # header text (white) on it
    "--md-primary-fg-color--light": WHITE,
    "--md-primary-fg-color--dark": WHITE,
    "--md-primary-bg-color": "#8c1c13",     # white on the primary colour
    "--md-accent-fg-color": WHITE,          # hovered links on the page
    "--md-typeset-a-color": WHITE,          # links on the page
    "--cchc-focus-color": WHITE,            # the focus outline on the page
    "--md-default-fg-color--light": "#ededed",  # secondary text, on a highlighted search result
}


def test_every_custom_colour_has_aa_contrast():
    colours = css_colours(SITE_CSS)
    assert colours, "site.css declares no colours"
    unpaired = sorted({name for name, _ in colours} - set(COLOUR_PAIRS))
    assert not unpaired, f"say which background these colours are read on: {unpaired}"
    weak = {f"{name}: {value}": round(contrast(value, COLOUR_PAIRS[name]), 2) for name, value in colours
            if contrast(value, COLOUR_PAIRS[name]) < 4.5}
    assert not weak, f"custom colours below 4.5:1 against their background: {weak}"
    # a literal colour in a rule (not a custom property) is checked against its own background in the rule
    for rule in re.findall(r"\{[^}]*\}", SITE_CSS):
        fg = re.search(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6})", rule)
        bg = re.search(r"background(?:-color)?:\s*(#[0-9a-fA-F]{6})", rule)
        if fg and bg:
            assert contrast(fg[1], bg[1]) >= 4.5, f"{rule}: {contrast(fg[1], bg[1]):.2f}:1"


# What the focused element looks like: its outline and box-shadow, and the background around it (the colours
# of its ancestors composited over white), where a focus ring is seen.
FOCUS_JS = """() => {
  const e = document.activeElement, s = getComputedStyle(e), r = e.getBoundingClientRect();
  const layers = [];
  for (let a = e.parentElement; a; a = a.parentElement) {
    const m = getComputedStyle(a).backgroundColor.match(/[\\d.]+/g).map(Number);
    if ((m[3] ?? 1) > 0) layers.unshift(m);
  }
  let bg = [255, 255, 255];
  for (const [r2, g, b, alpha = 1] of layers) bg = [r2, g, b].map((c, i) => c * alpha + bg[i] * (1 - alpha));
  return {tag: e.tagName.toLowerCase(), type: e.type || '', text: (e.textContent || e.id || '').trim().slice(0, 40),
          shown: r.width > 0 && r.height > 0, outline: s.outlineStyle === 'none' ? 0 : parseFloat(s.outlineWidth),
          outlineColor: s.outlineColor, shadow: s.boxShadow,
          background: '#' + bg.map(c => Math.round(c).toString(16).padStart(2, '0')).join('')};
}"""


def rgb_to_hex(value: str) -> str:
    r, g, b = (int(float(x)) for x in re.findall(r"[\d.]+", value)[:3])
    return f"#{r:02x}{g:02x}{b:02x}"


def ring_contrast(style: dict) -> float:
    """The better contrast of the focus ring's two colours (outline, box-shadow halo) with the background."""
    colours = [rgb_to_hex(style["outlineColor"])] if style["outline"] else []
    colours += [rgb_to_hex(c) for c in re.findall(r"rgba?\([^)]*\)", style["shadow"]) if not c.startswith("rgba") or not c.endswith(" 0)")]
    return max((contrast(c, style["background"]) for c in colours), default=1.0)


@pytest.mark.parametrize("kind", ["article", "procedure index", "search results open", "compose, a plan with errors"])
def test_focus_is_visible_with_contrast_on_every_tab_stop(page, site_url, kind):
    """Tab through the page: each link, button and field shows a focus ring of at least 2 px with 3:1."""
    open_page(page, site_url, kind, "vi")
    seen, weak = set(), []
    for _ in range(70):
        page.keyboard.press("Tab")
        style = page.evaluate(FOCUS_JS)
        if style["tag"] == "body" or not style["shown"]:
            continue
        seen.add(style["tag"])
        if style["outline"] < 2 and "px" not in style["shadow"] or ring_contrast(style) < 3:
            weak.append({k: style[k] for k in ("tag", "text", "outline", "outlineColor", "shadow", "background")})
    assert not weak, f"{kind}: focus not visible enough on {weak[:5]}"
    expected = {"procedure index": {"a", "select", "input"}, "search results open": {"input", "a"},
                "compose, a plan with errors": {"a", "input", "button", "textarea"}}.get(kind, {"a", "input"})
    assert expected <= seen, f"{kind}: Tab never reached {expected - seen}"


# --- reflow: 200 % zoom on a 390 px phone ------------------------------------------------------

ZOOMED = {"width": 195, "height": 422}  # 390x844 at 200 %: the same CSS pixels a zoomed phone lays out


@pytest.fixture(scope="module")
def zoomed(browser, site_url):
    yield from kept_page(browser, same_site(site_url), viewport=ZOOMED)


@pytest.mark.parametrize("kind, lang", CASES, ids=[f"{kind}-{lang}" for kind, lang in CASES])
def test_no_horizontal_scrolling_at_200_percent_zoom_on_a_phone(zoomed, site_url, kind, lang):
    page, watch = zoomed()
    open_page(page, site_url, kind, lang, wait_until="load")
    overflow = page.evaluate("""() => {
        const width = document.documentElement.clientWidth;
        const fixed = e => { for (; e; e = e.parentElement) if (getComputedStyle(e).position === 'fixed') return true; return false; };
        const wide = [...document.querySelectorAll('body *')].filter(e => {
            const r = e.getBoundingClientRect(); return r.width && r.right > width + 1 && !fixed(e); })
          .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + String(e.className).split(' ')[0]);
        return {scroll: document.documentElement.scrollWidth, client: width, wide}; }""")
    assert overflow["scroll"] <= overflow["client"], f"{kind} ({lang}) scrolls sideways: {overflow}"
    assert not watch.outside, f"requests to other hosts: {watch.outside}"
