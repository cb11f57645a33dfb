"""Generated pages: real files under docs/_generated/, rewritten only on change, published at their own URL."""

from __future__ import annotations

from scripts.model.generated import GeneratedPage, write


def test_page_files_per_language():
    assert GeneratedPage("thu-tuc/linh-vuc/ho-tich/", "vi", "").src == "_generated/thu-tuc/linh-vuc/ho-tich.md"
    assert GeneratedPage("thu-tuc/linh-vuc/ho-tich/", "en", "").src == "_generated/thu-tuc/linh-vuc/ho-tich.en.md"


def test_write_keeps_unchanged_files_and_removes_stale_ones(tmp_path):
    first = [GeneratedPage("a/b/", "vi", "one"), GeneratedPage("c/", "vi", "two")]
    write(tmp_path, first)
    kept = tmp_path / "_generated/a/b.md"
    stamp = kept.stat().st_mtime_ns
    write(tmp_path, [GeneratedPage("a/b/", "vi", "one"), GeneratedPage("d/", "en", "three")])
    assert kept.stat().st_mtime_ns == stamp  # unchanged text is not rewritten (mkdocs serve would loop)
    assert not (tmp_path / "_generated/c.md").exists()
    assert (tmp_path / "_generated/d.en.md").read_text() == "three"
