"""The sitemap rewrite on its own: alternates dropped only from entries that are or name a fallback page."""

from scripts.pages.sitemap import without_fallback_alternates

SITE = "https://x.example/s/"
XML = """<urlset>
    <url>
        <loc>https://x.example/s/a/</loc>
        <xhtml:link rel="alternate" hreflang="vi" href="https://x.example/s/a/"/>
        <xhtml:link rel="alternate" hreflang="en" href="https://x.example/s/en/a/"/>
    </url>
    <url>
        <loc>https://x.example/s/b/</loc>
        <xhtml:link rel="alternate" hreflang="vi" href="https://x.example/s/b/"/>
        <xhtml:link rel="alternate" hreflang="en" href="https://x.example/s/en/b/"/>
    </url>
</urlset>"""


def test_only_entries_naming_a_fallback_lose_their_alternates():
    out = without_fallback_alternates(XML, {"en/b/"}, SITE)
    a, b = out.split("</url>")[:2]
    assert a.count("xhtml:link") == 2 and "xhtml:link" not in b and "<loc>https://x.example/s/b/</loc>" in b
    assert without_fallback_alternates(out, {"en/b/"}, SITE) == out  # once or every language: the same
    assert without_fallback_alternates(XML, set(), SITE) == XML
