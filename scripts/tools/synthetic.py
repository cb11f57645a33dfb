"""Synthetic administrative procedures for `make bench`: many pages with the shape and size of real ones.

Each procedure is a file in docs/thu-tuc/ that passes the procedure schema, with its English translation
beside it (`x.en.md`, text fields only), so `count` procedures make `2 × count` pages. The text is drawn
from the words real procedure records use (names, steps, papers, laws), in pairs (Vietnamese, English),
about 400 words per rendered page (counted as
whitespace-separated words of the text, Vietnamese syllables included). The same seed gives the same files. Codes follow the national pattern
(`2.734512`) in a range real records do not use yet (x.5xxxxx–x.9xxxxx), and are unique.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import yaml

from scripts.model.content import content_files, read_document
from scripts.model.sections import DEFAULT as DEFAULT_SECTIONS
from scripts.model.vietnamese import slugify

# (Vietnamese, English) pairs. Fields with the objects their procedures act on.
FIELDS: dict[tuple[str, str], list[tuple[str, str]]] = {
    ("Hộ tịch", "Civil status"): [("khai sinh", "birth"), ("kết hôn", "marriage"), ("khai tử", "death"),
                                 ("nhận cha, mẹ, con", "recognition of parents and children"), ("giám hộ", "guardianship"),
                                 ("thay đổi, cải chính hộ tịch", "change and correction of civil status")],
    ("Chứng thực", "Certification"): [("bản sao từ bản chính", "copies from originals"), ("chữ ký", "signatures"),
                                      ("hợp đồng, giao dịch", "contracts and transactions"), ("văn bản thỏa thuận phân chia di sản", "estate division agreements")],
    ("Cư trú", "Residence"): [("thường trú", "permanent residence"), ("tạm trú", "temporary residence"),
                              ("tách hộ", "household separation"), ("lưu trú", "overnight stay")],
    ("Đất đai", "Land"): [("quyền sử dụng đất", "land use rights"), ("tranh chấp đất đai", "land disputes"),
                          ("chuyển mục đích sử dụng đất", "change of land use purpose"), ("biến động đất đai", "land changes")],
    ("Xây dựng", "Construction"): [("giấy phép xây dựng nhà ở riêng lẻ", "building permits for detached houses"),
                                   ("giấy phép sửa chữa, cải tạo công trình", "renovation permits"), ("giấy phép di dời công trình", "relocation permits")],
    ("Hộ kinh doanh", "Household businesses"): [("hộ kinh doanh", "household business"), ("địa điểm kinh doanh", "business location"),
                                                ("ngành, nghề kinh doanh", "lines of business")],
    ("Bảo trợ xã hội", "Social protection"): [("trợ cấp xã hội hằng tháng", "monthly social allowance"),
                                             ("chi phí mai táng", "funeral costs"), ("chăm sóc người cao tuổi", "care for the elderly")],
    ("Người có công", "People with meritorious services"): [("trợ cấp ưu đãi", "preferential allowance"),
                                                            ("điều dưỡng phục hồi sức khỏe", "convalescence care"), ("thờ cúng liệt sĩ", "martyr worship")],
    ("Hòa giải ở cơ sở", "Grassroots mediation"): [("tổ hòa giải", "mediation team"), ("hòa giải viên", "mediator"),
                                                   ("thù lao hòa giải viên", "mediator remuneration")],
    ("Giáo dục", "Education"): [("hỗ trợ ăn trưa cho trẻ em mẫu giáo", "lunch support for preschool children"),
                                ("miễn, giảm học phí", "tuition exemption and reduction"), ("nhóm trẻ độc lập", "independent childcare groups")],
    ("Văn hóa", "Culture"): [("lễ hội", "festivals"), ("câu lạc bộ thể dục thể thao", "sports clubs"),
                             ("gia đình văn hóa", "cultured families")],
    ("Nông nghiệp", "Agriculture"): [("kinh tế trang trại", "farm economy"), ("hỗ trợ khôi phục sản xuất", "support to restore production"),
                                     ("hợp tác xã", "cooperatives")],
    ("Tôn giáo", "Religion"): [("sinh hoạt tôn giáo tập trung", "collective religious activities"),
                               ("hoạt động tín ngưỡng", "belief activities")],
    ("Thi đua, khen thưởng", "Emulation and awards"): [("giấy khen", "certificates of merit"), ("danh hiệu lao động tiên tiến", "advanced worker titles")],
}
ACTIONS = [("Đăng ký", "Registration of"), ("Cấp", "Issuance of"), ("Cấp lại", "Reissuance of"), ("Điều chỉnh", "Adjustment of"),
           ("Gia hạn", "Extension of"), ("Xác nhận", "Certification of"), ("Thay đổi thông tin", "Change of details of"),
           ("Chấm dứt", "Termination of"), ("Công nhận", "Recognition of"), ("Hỗ trợ", "Support for"), ("Thẩm định", "Appraisal of"),
           ("Giải quyết", "Settlement of"), ("Thông báo", "Notification of"), ("Cấp bản sao", "Copies of")]
QUALIFIERS = [("", ""), ("có yếu tố nước ngoài", "with a foreign element"), ("cho người Việt Nam định cư ở nước ngoài", "for overseas Vietnamese"),
              ("lưu động", "by a mobile team"), ("liên thông", "through the interconnected procedure"),
              ("trong trường hợp bị mất, hư hỏng", "when lost or damaged"), ("cho trẻ em dưới 6 tuổi", "for children under 6"),
              ("theo yêu cầu của cá nhân", "at a person's request"), ("quá hạn", "after the deadline"),
              ("cho hộ nghèo, hộ cận nghèo", "for poor and near-poor households"), ("tại khu vực biên giới", "in border areas")]
AGENCIES = {
    "commune": [("Ủy ban nhân dân cấp xã", "Commune People's Committee"),
                ("Trung tâm Phục vụ hành chính công cấp xã", "Commune public-administration service centre")],
    "province": [("Ủy ban nhân dân cấp tỉnh", "Provincial People's Committee"), ("Sở Tư pháp", "Department of Justice"),
                 ("Sở Xây dựng", "Department of Construction"), ("Sở Nông nghiệp và Môi trường", "Department of Agriculture and Environment"),
                 ("Trung tâm Phục vụ hành chính công cấp tỉnh", "Provincial public-administration service centre")],
}
APPLICANTS = [("Công dân Việt Nam", "Vietnamese citizens"), ("Người nước ngoài cư trú tại Việt Nam", "Foreigners residing in Vietnam"),
              ("Cá nhân, hộ gia đình", "Individuals and households"), ("Tổ chức, doanh nghiệp", "Organisations and businesses"),
              ("Người đại diện theo pháp luật", "Legal representatives"), ("Cha, mẹ hoặc người giám hộ", "Parents or guardians"),
              ("Người được ủy quyền hợp pháp", "Lawfully authorised persons")]
# Steps of a procedure in order: receive, check, handle, return. {agency} {days} {object} are filled in.
STEPS = [
    [("Người yêu cầu chuẩn bị hồ sơ đầy đủ theo quy định và nộp tại Bộ phận Một cửa của {agency} hoặc nộp trực tuyến trên Cổng Dịch vụ công quốc gia.",
      "The applicant prepares a complete dossier as required and submits it at the one-stop desk of the {agency} or online on the National Public Service Portal."),
     ("Cá nhân, tổ chức nộp tờ khai và giấy tờ kèm theo qua dịch vụ bưu chính công ích hoặc trực tiếp tại nơi tiếp nhận hồ sơ của {agency}.",
      "Individuals and organisations send the declaration and accompanying papers by public postal service or in person to the reception desk of the {agency}.")],
    [("Công chức tiếp nhận kiểm tra tính đầy đủ, hợp lệ của hồ sơ; trường hợp hồ sơ chưa đầy đủ thì hướng dẫn người nộp bổ sung, hoàn thiện một lần bằng văn bản.",
      "The receiving officer checks that the dossier is complete and valid; if it is not, the applicant is told in writing, once, what to add or correct."),
     ("Bộ phận tiếp nhận đối chiếu thông tin với Cơ sở dữ liệu quốc gia về dân cư, cấp giấy tiếp nhận hồ sơ và hẹn ngày trả kết quả.",
      "The reception desk checks the details against the National Population Database, issues a receipt and sets the date the result will be returned.")],
    [("Trong thời hạn {days} ngày làm việc, cơ quan có thẩm quyền xem xét, xác minh khi cần thiết và trình lãnh đạo {agency} ký quyết định về {object}.",
      "Within {days} working days the competent office reviews the file, verifies it where needed and submits the decision on {object} to the head of the {agency} for signature."),
     ("Công chức chuyên môn thẩm định hồ sơ về {object}, lấy ý kiến cơ quan liên quan nếu có và báo cáo kết quả xử lý trong {days} ngày làm việc.",
      "The specialist officer appraises the file on {object}, consults related offices if any, and reports the outcome within {days} working days.")],
    [("Bộ phận Một cửa trả kết quả cho người yêu cầu trực tiếp, qua dịch vụ bưu chính hoặc bản điện tử trên Cổng Dịch vụ công; trường hợp từ chối thì trả lời bằng văn bản và nêu rõ lý do.",
      "The one-stop desk returns the result in person, by post or electronically on the Public Service Portal; a refusal is given in writing with the reasons."),
     ("Người yêu cầu nhận kết quả theo ngày hẹn, ký nhận vào sổ theo dõi và đánh giá mức độ hài lòng về việc giải quyết thủ tục hành chính.",
      "The applicant collects the result on the set date, signs the register and rates their satisfaction with how the procedure was handled.")],
]
PAPERS = [("Tờ khai theo mẫu quy định", "Declaration on the prescribed form", "Mẫu số 01/TK"),
          ("Căn cước công dân hoặc hộ chiếu còn giá trị sử dụng", "Citizen identity card or valid passport", ""),
          ("Giấy tờ chứng minh nơi cư trú", "Proof of residence", ""),
          ("Văn bản ủy quyền có chứng thực (trường hợp ủy quyền)", "Certified power of attorney (when authorised)", ""),
          ("Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở", "Certificate of land use rights and house ownership", ""),
          ("Bản vẽ thiết kế xây dựng", "Construction design drawings", ""),
          ("Đơn đề nghị của cá nhân, tổ chức", "Application letter of the person or organisation", "Mẫu số 02"),
          ("Giấy xác nhận của cơ quan, đơn vị nơi công tác", "Confirmation from the employer", ""),
          ("Biên bản hòa giải hoặc biên bản làm việc", "Mediation or meeting minutes", ""),
          ("Giấy chứng sinh hoặc văn bản của người làm chứng", "Birth certificate from the hospital or a witness statement", ""),
          ("Hợp đồng hoặc văn bản thỏa thuận", "Contract or written agreement", ""),
          ("Bản sao quyết định hoặc giấy phép đã được cấp", "Copy of the decision or permit already issued", "")]
TIMES = [("Ngay trong ngày làm việc", "Within the working day"), ("{days} ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ", "{days} working days after a complete, valid dossier is received"),
         ("Không quá {days} ngày làm việc", "No more than {days} working days")]
FEES = [("Miễn lệ phí", "Free"), ("{fee}.000 đồng/hồ sơ", "{fee},000 VND per dossier"), ("Theo quy định của Hội đồng nhân dân cấp tỉnh", "As set by the Provincial People's Council"),
        ("{fee}.000 đồng; nộp trực tuyến giảm 50%", "{fee},000 VND; half when submitted online")]
CHANNEL_NOTES = {"in_person": ("Nộp tại Bộ phận Một cửa, giờ hành chính các ngày làm việc", "At the one-stop desk during office hours on working days"),
                 "online": ("Nộp trên Cổng Dịch vụ công quốc gia, thanh toán phí trực tuyến", "On the National Public Service Portal, fees paid online"),
                 "post": ("Gửi hồ sơ và nhận kết quả qua dịch vụ bưu chính công ích", "Dossier sent and result returned by public postal service")}
RESULTS = [("Quyết định về {object} của cơ quan có thẩm quyền", "Decision on {object} by the competent authority"),
           ("Giấy chứng nhận {object} (bản chính)", "Certificate of {object} (original)"),
           ("Văn bản xác nhận {object}", "Written confirmation of {object}"),
           ("Thông báo kết quả giải quyết {object}", "Notice of the outcome on {object}")]
CONDITIONS = [("Người yêu cầu có đủ năng lực hành vi dân sự và cư trú hợp pháp trên địa bàn", "The applicant has full civil capacity and lawfully resides in the area"),
              ("Hồ sơ được nộp trong thời hạn quy định kể từ ngày phát sinh sự kiện", "The dossier is filed within the prescribed time after the event"),
              ("Không có tranh chấp, khiếu nại liên quan đang được giải quyết", "No related dispute or complaint is pending"),
              ("Thông tin kê khai phải trùng khớp với Cơ sở dữ liệu quốc gia về dân cư", "Declared details match the National Population Database")]
LAWS = [{"number": "60/2014/QH13", "title": "Luật Hộ tịch", "date": "2014-11-20", "issuer": "Quốc hội"},
        {"number": "68/2020/QH14", "title": "Luật Cư trú", "date": "2020-11-13", "issuer": "Quốc hội"},
        {"number": "31/2024/QH15", "title": "Luật Đất đai", "date": "2024-01-18", "issuer": "Quốc hội"},
        {"number": "50/2014/QH13", "title": "Luật Xây dựng", "date": "2014-06-18", "issuer": "Quốc hội"},
        {"number": "35/2013/QH13", "title": "Luật Hòa giải ở cơ sở", "date": "2013-06-20", "issuer": "Quốc hội"},
        {"number": "123/2015/NĐ-CP", "title": "Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch", "date": "2015-11-15", "issuer": "Chính phủ"},
        {"number": "23/2015/NĐ-CP", "title": "Nghị định về cấp bản sao từ sổ gốc, chứng thực bản sao từ bản chính, chứng thực chữ ký và chứng thực hợp đồng, giao dịch", "date": "2015-02-16", "issuer": "Chính phủ"},
        {"number": "118/2025/NĐ-CP", "title": "Nghị định về thực hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông", "issuer": "Chính phủ"},
        {"number": "226/2016/TT-BTC", "title": "Thông tư quy định mức thu, chế độ thu, nộp, quản lý và sử dụng phí chứng thực", "issuer": "Bộ Tài chính"}]
INTROS = [("Thủ tục {name} được thực hiện tại {agency}. Trang này tóm tắt trình tự, thành phần hồ sơ, thời hạn và phí, lệ phí theo dữ liệu "
           "trên Cổng Dịch vụ công quốc gia; người dân nên đối chiếu với bản công bố mới nhất trước khi nộp hồ sơ.",
           "The procedure {name} is handled by the {agency}. This page summarises the steps, dossier, time limits and fees from the National "
           "Public Service Portal; check the latest published version before you file."),
          ("Từ ngày 01/7/2025, chính quyền địa phương được tổ chức hai cấp nên một số thủ tục trước đây do cấp huyện giải quyết nay chuyển về "
           "cấp xã hoặc cấp tỉnh. Người dân có thể nộp hồ sơ tại bất kỳ Trung tâm Phục vụ hành chính công nào trong tỉnh, không phụ thuộc nơi cư trú.",
           "Since 1 July 2025 local government has two levels, so some procedures once handled by districts now go to the commune or the province. "
           "A dossier may be filed at any public-administration service centre in the province, wherever the applicant lives."),
          ("Khi nộp trực tuyến, người dân đăng nhập bằng tài khoản định danh điện tử, điền tờ khai điện tử, tải lên bản chụp giấy tờ và theo dõi "
           "tình trạng hồ sơ bằng mã số được cấp. Kết quả điện tử có giá trị pháp lý như bản giấy.",
           "Online, applicants sign in with their electronic identity account, fill in the e-form, upload scans of the papers and follow the dossier "
           "by its number. An electronic result has the same legal force as a paper one.")]


@dataclass(frozen=True)
class SyntheticFile:
    src: str  # path under docs/, e.g. thu-tuc/dang-ky-khai-sinh-1-500123.md
    text: str


def _codes(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    """`count` distinct codes d.dddddd with the six digits in 500000–999999, none of them in `taken`."""
    codes: list[str] = []
    for n in rng.sample(range(3 * 500_000), count + len(taken)):
        code = f"{1 + n // 500_000}.{500_000 + n % 500_000}"
        if code not in taken:
            codes.append(code)
    return codes[:count]


def _procedure(rng: random.Random, code: str, former_code: str | None) -> tuple[dict, dict, str, str]:
    """(front matter, English text fields, Vietnamese body, English body) of one procedure."""
    (field_vi, field_en), objects = rng.choice(list(FIELDS.items()))
    object_vi, object_en = rng.choice(objects)
    (action_vi, action_en), (qual_vi, qual_en) = rng.choice(ACTIONS), rng.choice(QUALIFIERS)
    name_vi = " ".join(filter(None, [action_vi, object_vi, qual_vi]))
    name_en = " ".join(filter(None, [action_en, object_en, qual_en]))
    level = rng.choice(["commune", "commune", "province"])
    agency_vi, agency_en = rng.choice(AGENCIES[level])
    days = rng.choice([2, 3, 5, 7, 10, 15, 20])
    fill = lambda text, lang, fee=0: text.format(agency=agency_vi if lang == 0 else agency_en, days=days,  # noqa: E731
                                                 object=object_vi if lang == 0 else object_en, fee=fee)
    steps = [rng.choice(phase) for phase in STEPS]
    channel_types = rng.sample(["in_person", "online", "post"], rng.randint(1, 3))
    channels = [(kind, rng.choice(TIMES), rng.choice(FEES), rng.choice([2, 5, 8, 10, 15, 20, 50, 100]))
                for kind in sorted(channel_types, key=["in_person", "online", "post"].index)]
    papers = rng.sample(PAPERS, rng.randint(2, 5))
    counts = [(rng.choice([0, 1]), rng.choice([0, 1, 2])) for _ in papers]
    result = rng.choice(RESULTS)
    conditions = rng.sample(CONDITIONS, rng.randint(0, 3))
    applicants = rng.sample(APPLICANTS, rng.randint(1, 3))
    online = rng.choice(["full", "full", "partial", "none"])
    meta: dict = {"code": code}
    if former_code:
        meta["former_codes"] = [former_code]
    meta |= {"decision": f"{rng.randint(100, 3999)}/QĐ-UBND", "name": name_vi, "level": level}
    if level == "province" or rng.random() < 0.3:
        meta["former_level"] = "district"
    meta |= {
        "field": field_vi, "agency": agency_vi, "applicants": [a[0] for a in applicants],
        "steps": [f"Bước {i}: {fill(s[0], 0)}" for i, s in enumerate(steps, 1)],
        "channels": [{"type": kind, "time": fill(time[0], 0), "fee": fill(fee[0], 0, amount), "note": CHANNEL_NOTES[kind][0]} for kind, time, fee, amount in channels],
        "dossier": [{"paper": p[0], **({"form": p[2]} if p[2] else {}), "originals": o, "copies": c} for p, (o, c) in zip(papers, counts)],
        "result": fill(result[0], 0),
        "legal_basis": rng.sample(LAWS, rng.randint(2, 4)),
        "conditions": [c[0] for c in conditions],
        "online": {"level": online},
        "updated": f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}",
    }
    if online != "none":
        meta["online"]["url"] = f"https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html?ma_thu_tuc={code}"
    if online == "partial":
        meta["online"]["reason"] = "Người yêu cầu phải xuất trình bản chính giấy tờ khi nhận kết quả"
    english = {
        "name": name_en, "field": field_en, "agency": agency_en, "applicants": [a[1] for a in applicants],
        "steps": [f"Step {i}: {fill(s[1], 1)}" for i, s in enumerate(steps, 1)],
        "channels": [{"type": kind, "time": fill(time[1], 1), "fee": fill(fee[1], 1, amount), "note": CHANNEL_NOTES[kind][1]} for kind, time, fee, amount in channels],
        "dossier": [{"paper": p[1], **({"form": p[2]} if p[2] else {}), "originals": o, "copies": c} for p, (o, c) in zip(papers, counts)],
        "result": fill(result[1], 1), "conditions": [c[1] for c in conditions],
    }
    intro_vi, intro_en = rng.choice(INTROS)
    body_vi = intro_vi.format(name=f"«{name_vi}»", agency=agency_vi)
    body_en = intro_en.format(name=f"“{name_en}”", agency=agency_en)
    return meta, english, body_vi, body_en


def _file(meta: dict, body: str) -> str:
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=200)
    return f"---\n{front}---\n\n{body}\n"


def procedures(count: int, seed: int = 0, taken_codes: set[str] = frozenset(), folder: str = DEFAULT_SECTIONS.procedure.folder) -> list[SyntheticFile]:
    """`count` procedures and their English translations in `folder` (the procedure section's), deterministic for a seed."""
    rng = random.Random(seed)
    codes = _codes(rng, 2 * count, set(taken_codes))
    files = []
    for index in range(count):
        former = codes[count + index] if rng.random() < 0.2 else None
        meta, english, body_vi, body_en = _procedure(rng, codes[index], former)
        stem = f"{folder}/{slugify(meta['name'])[:70].rstrip('-')}-{slugify(meta['code'])}"
        files.append(SyntheticFile(f"{stem}.md", _file(meta, body_vi)))
        files.append(SyntheticFile(f"{stem}.en.md", _file(english, body_en)))
    return files


def existing_codes(docs_dir: Path, folder: str) -> set[str]:
    """Codes (current and former) of the procedures already in docs_dir's `folder`, which synthetic ones must not reuse."""
    codes: set[str] = set()
    for src in content_files(docs_dir):
        if src.startswith(f"{folder}/"):
            doc, _ = read_document(docs_dir, src)
            if doc and isinstance(doc.meta.get("code"), str):
                codes |= {doc.meta["code"], *doc.meta.get("former_codes", [])}
    return codes


def write(docs_dir: Path, count: int, seed: int = 0, folder: str = DEFAULT_SECTIONS.procedure.folder) -> list[SyntheticFile]:
    """Write `count` synthetic procedures (2 × count files) into docs_dir/<folder>/ (the procedure section's, thu-tuc/),
    next to the real ones."""
    files = procedures(count, seed, existing_codes(docs_dir, folder), folder)
    for file in files:
        path = docs_dir / file.src
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(file.text, encoding="utf-8")
    return files
