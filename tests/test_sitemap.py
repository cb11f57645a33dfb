"""The sitemap rewrite on its own: alternates dropped only from entries that are or name a fallback page."""

from scripts.pages.sitemap import joined, without_fallback_alternates

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



def test_two_sitemaps_joined_are_the_one_both_languages_would_write():
    open_tag = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    vi, en = "\n    <url><loc>https://x.example/s/a/</loc></url>", "\n    <url><loc>https://x.example/s/en/a/</loc></url>"
    assert joined(open_tag + vi + "\n</urlset>", open_tag + en + "\n</urlset>") == open_tag + vi + en + "\n</urlset>"
    assert joined(open_tag + vi + "\n</urlset>", open_tag + "\n</urlset>") == open_tag + vi + "\n</urlset>"  # nothing to add
