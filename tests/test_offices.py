"""Where and when (issue 17): the offices of mkdocs.yml's identity block, checked with lines, shown on procedure
pages, the contact page and the kiosk, in both languages."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from conftest import REPO, write_docs
from scripts import offices, site as site_check

SAMPLE = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]["agency"]


def load(tmp_path: Path, text: str) -> tuple[list[offices.Office], list[str]]:
    config = tmp_path / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    found, problems = offices.load(yaml.safe_load(text)["extra"]["agency"], config)
    return found, [f"{p.line}|{p.field}|{p.message}" for p in problems]


AGENCY = """\
site_name: x
extra:
  agency:
    name: Ủy ban nhân dân xã Thử
    address: 1 Đường Một, xã Thử
    hotlines:
      - label: Một cửa
        phone: "0210.3851234"
    offices:
"""


def test_the_sample_identity_block_is_valid_and_names_its_offices(tmp_path):
    found, problems = load(tmp_path, yaml.safe_dump({"extra": {"agency": SAMPLE}}, allow_unicode=True))
    assert problems == [] and [o.id for o in found] == ["mot-cua", "cong-an"]


def test_each_office_mistake_is_told_once_on_its_line(tmp_path):
    text = AGENCY + """\
      - id: mot-cua
        name: Bộ phận Một cửa
        adress: 1 Đường Một
        phone: "gọi trực tiếp"
        hours:
          - days: Thứ Hai đến thứ Sáu
      - id: mot-cua
        name: Công an xã
        hours:
          - days: Thứ Hai đến thứ Sáu
            time: 7:30–11:30
      - id: Cong An
        name: Công an xã Thử
"""
    problems = load(tmp_path, text)[1]
    expected = [
        (12, "extra.agency.offices.0.adress", "Có phải bạn định viết «address»?"),
        (13, "extra.agency.offices.0.phone", "không đúng dạng"),
        (15, "extra.agency.offices.0.hours.0.time", "thiếu trường bắt buộc «time»"),
        (16, "extra.agency.offices.1.id", "đã dùng cho một nơi khác"),
        (21, "extra.agency.offices.2.hours", "thiếu trường bắt buộc «hours»"),
        (21, "extra.agency.offices.2.id", "không đúng dạng"),
    ]
    assert len(problems) == len(expected), problems
    for (line, field, words), problem in zip(expected, problems):
        assert problem.startswith(f"{line}|{field}|") and words in problem, (line, field, words, problem)


def procedure(office: str | None = None) -> str:
    chosen = f"office: {office}\n" if office else ""
    return (f"---\ncode: '1.004194'\nname: Đăng ký tạm trú\nlevel: commune\nfield: Cư trú\nagency: Công an cấp xã\n{chosen}"
            "applicants:\n- Công dân\n---\n\nThủ tục thử.\n")


def test_a_procedure_naming_an_office_that_is_not_there_is_refused_on_its_line(tmp_path):
    docs = write_docs(tmp_path, {"thu-tuc/dang-ky-tam-tru.md": procedure("cong-an-xa")})
    sample = [offices.Office(o["id"], o) for o in SAMPLE["offices"]]
    errors = [str(p) for p in site_check.check(docs, [], "docs", office_list=sample).errors]
    assert len(errors) == 1 and errors[0].startswith("docs/thu-tuc/dang-ky-tam-tru.md:7:"), errors
    assert "«cong-an-xa» không có trong mkdocs.yml" in errors[0] and "mot-cua, cong-an" in errors[0]


def test_a_procedure_goes_to_the_office_it_names_else_the_one_serving_its_agency():
    sample = [offices.Office(o["id"], o) for o in SAMPLE["offices"]]
    assert offices.for_procedure(sample, {"agency": "Công an cấp xã"}).id == "cong-an"
    assert offices.for_procedure(sample, {"agency": "Ủy ban nhân dân cấp xã"}).id == "mot-cua"
    assert offices.for_procedure(sample, {"agency": "Công an cấp xã", "office": "mot-cua"}).id == "mot-cua"
    assert offices.for_procedure(sample, {"agency": "Sở Nội vụ"}) is None


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_procedure_page_says_where_and_when_in_both_languages(real_site):
    vi, en = real_site.html("thu-tuc/dang-ky-khai-sinh/"), real_site.html("en/thu-tuc/dang-ky-khai-sinh/")
    summary = text_of(vi.split('class="cchc-summary"')[1].split("</div>")[0])
    assert "Nơi nộp hồ sơ Bộ phận Một cửa phường Thanh Xuân, 9 Khuất Duy Tiến" in summary
    assert "Giờ làm việc Thứ Hai đến thứ Sáu: 8:00–12:00, 13:00–17:00; Sáng thứ Bảy: 8:00–12:00" in summary
    card = vi.split('class="cchc-office"')[1].split("</div>")[0]
    assert 'href="tel:02438585652"' in card and 'href="https://www.openstreetmap.org/' in card
    english = text_of(en.split('class="cchc-summary"')[1].split("</div>")[0])
    assert "One-stop desk of Thanh Xuân Ward" in english and "Saturday morning: 8:00–12:00" in english
    police = text_of(real_site.html("thu-tuc/dang-ky-tam-tru/").split('class="cchc-summary"')[1].split("</div>")[0])
    assert "Nơi nộp hồ sơ Công an phường Thanh Xuân Giờ làm việc" in police


def test_the_contact_page_and_the_kiosk_list_every_office(real_site):
    for url in ("lien-he/", "en/lien-he/", "kiosk/", "en/kiosk/"):
        html = real_site.html(url)
        assert html.count('class="cchc-office"') == 2, url
        # the lookup screen leads nowhere outside the site: no map links there
        assert ("openstreetmap" in html) == (not url.endswith("kiosk/")), url
    assert "Thanh Xuân Ward Police" in real_site.html("en/lien-he/")
