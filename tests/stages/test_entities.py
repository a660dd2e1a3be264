"""Entities: labels, spans, canonical names on real sentences and the reference article."""

from pipeline.io.tables import doc_rows


def _ents(doc):
    return [(e.text, e.label_) for e in doc.ents]


def test_armenia_is_loc_never_per(reference_doc):
    labels = {label for text, label in _ents(reference_doc) if text == "Armenia"}
    assert labels == {"LOC"}
    assert sum(1 for text, _ in _ents(reference_doc) if text == "Armenia") == reference_doc.text.count("Armenia")

def test_ministry_is_one_org(reference_doc):
    assert ("Bộ Quốc phòng Azerbaijan", "ORG") in _ents(reference_doc)

def test_title_country_name_run_is_split(make_doc):
    doc = make_doc("Từ Matxcơva, Ngoại trưởng Nga Sergei Lavrov đã gọi điện cho người đồng cấp.")
    ents = _ents(doc)
    assert ("Nga", "LOC") in ents and ("Sergei Lavrov", "PER") in ents
    assert ("Matxcơva", "LOC") in ents

def test_common_noun_trimmed_from_entity(make_doc):
    doc = make_doc("Armenia cho rằng các lực lượng Azerbaijan đã nã pháo.")
    assert ("Azerbaijan", "LOC") in _ents(doc)
    assert not any("lực lượng" in text for text, _ in _ents(doc))

def test_canonical_names(make_doc):
    doc = make_doc("Thủ tướng Armenia Nikol Pashinyan gặp Tổng thống Mỹ. Ông Pashinyan nói Mỹ ủng hộ.")
    rows = doc_rows(doc)["entities"]
    canon = {(r["text"], r["canonical"]) for r in rows}
    assert ("Mỹ", "Hoa Kỳ") in canon
    assert ("Pashinyan", "Nikol Pashinyan") in canon

def test_issue_phrases_on_real_sentences(make_doc):
    doc = make_doc("Armenia, Thổ Nhĩ Kỳ, Hoa Kỳ và Mỹ lên tiếng. Bộ Quốc phòng Azerbaijan cho biết lực lượng "
                   "Azerbaijan đã tiến công. Ngoại trưởng Nga Sergei Lavrov gọi điện cho Thủ tướng Nikol Pashinyan. "
                   "Sau đó ông Pashinyan họp báo ngày 27-9.")
    rows = doc_rows(doc)["entities"]
    got = {(r["text"], r["label"], r["canonical"]) for r in rows}
    for item in [("Armenia", "LOC", "Armenia"), ("Thổ Nhĩ Kỳ", "LOC", "Thổ Nhĩ Kỳ"), ("Hoa Kỳ", "LOC", "Hoa Kỳ"),
                 ("Mỹ", "LOC", "Hoa Kỳ"), ("Bộ Quốc phòng Azerbaijan", "ORG", "Bộ Quốc phòng Azerbaijan"),
                 ("Azerbaijan", "LOC", "Azerbaijan"), ("Nga", "LOC", "Nga"),
                 ("Sergei Lavrov", "PER", "Sergei Lavrov"), ("Pashinyan", "PER", "Nikol Pashinyan")]:
        assert item in got, (item, got)
    assert not any("27-9" in r["text"] for r in rows)

def test_given_name_that_spells_a_place_is_a_person(make_doc):
    rows = doc_rows(make_doc("Bà Nga và ông Nguyễn Thanh Hà đã đến Hà Nội."))["entities"]
    labels = {r["text"]: r["label"] for r in rows}
    assert labels.get("Hà Nội") == "LOC"
    assert labels.get("Nguyễn Thanh Hà") == "PER"
    assert labels.get("Nga") != "LOC"

def test_person_named_later_by_given_name(make_doc):
    rows = doc_rows(make_doc("Bị cáo Nguyễn Văn Lợi và Trần Thị Nga bị truy tố. Tòa buộc Lợi và Nga bồi thường."))["entities"]
    later = {r["text"]: r for r in rows if r["start_char"] > 50}
    assert (later["Lợi"]["label"], later["Lợi"]["canonical"]) == ("PER", "Nguyễn Văn Lợi")
    assert (later["Nga"]["label"], later["Nga"]["canonical"]) == ("PER", "Trần Thị Nga")

def test_organisation_with_field_and_branch(make_doc):
    rows = doc_rows(make_doc("Giám đốc Xí nghiệp nước sạch Cầu Giấy gặp cán bộ Agribank chi nhánh Bình Chánh."))["entities"]
    got = {(r["text"], r["label"]) for r in rows}
    assert ("Xí nghiệp nước sạch Cầu Giấy", "ORG") in got
    assert ("Agribank chi nhánh Bình Chánh", "ORG") in got

def test_person_after_title_and_organisation(make_doc):
    """Title + organisation (+ acronym) + name: the name is a person, cut from the organisation."""
    ents = _ents(make_doc("Tổng Thư ký LHQ Ban Ki Moon lên án các cuộc tấn công. Báo cáo do Chủ nhiệm Ủy ban "
                          "Tài chính Ngân sách Phùng Quốc Hiển trình bày. Tổng thư ký Tổ chức Hiệp ước Bắc Đại "
                          "Tây Dương (NATO) Jens Stoltenberg cho biết. Bộ trưởng Bộ Hàng không dân dụng Ai Cập "
                          "Sherif Phathi cũng cho rằng như vậy."))
    for expected in [("Ban Ki Moon", "PER"), ("Ủy ban Tài chính Ngân sách", "ORG"), ("Phùng Quốc Hiển", "PER"),
                     ("Jens Stoltenberg", "PER"), ("Bộ Hàng không dân dụng Ai Cập", "ORG"), ("Sherif Phathi", "PER")]:
        assert expected in ents, (expected, ents)

def test_organisation_names_beyond_the_head_pattern(make_doc):
    ents = _ents(make_doc("Theo Washington Post, Lao Airlines đã xác nhận. Ngày 31-5, TAND TP.HCM đã tuyên án. "
                          "Ngày 19/5, Zing.vn liên hệ với Tổ chức Walk Free Foundation và Chủ tịch UBND tỉnh Yên Bái. "
                          "Tổ chức Lao động quốc tế thuộc Liên Hợp Quốc ước tính. Trận đấu với U21 Quốc gia "
                          "Báo Thanh Niên chắc chắn hấp dẫn."))
    for expected in [("Washington Post", "ORG"), ("Lao Airlines", "ORG"), ("TAND TP.HCM", "ORG"),
                     ("Zing.vn", "ORG"), ("Walk Free Foundation", "ORG"), ("UBND tỉnh Yên Bái", "ORG"),
                     ("Tổ chức Lao động quốc tế", "ORG")]:
        assert expected in ents, (expected, ents)
    assert not any("chắc chắn" in text for text, _ in ents)  # an adjective of the sentence, not of the name

def test_misc_names_products_works_and_events(make_doc):
    ents = _ents(make_doc("Theo báo cáo “Nô lệ toàn cầu 2016” (Global Slavery Index), Mỹ đã cử máy bay P-3 Orion "
                          "tìm chiếc Airbus 320. Diễn viên đóng vai nô lệ trong bộ phim Võ sĩ giác đấu - mô tả "
                          "hoàn cảnh đó. Đội nào sẽ đăng quang giải U21 Quốc tế?"))
    for expected in [("Nô lệ toàn cầu 2016", "MISC"), ("Global Slavery Index", "MISC"), ("P-3 Orion", "MISC"),
                     ("Airbus 320", "MISC"), ("Võ sĩ giác đấu", "MISC"), ("Mỹ", "LOC")]:
        assert expected in ents, (expected, ents)
    assert any(text.startswith("U21") and label == "MISC" for text, label in ents), ents

def test_names_with_particles_numbers_and_terms(make_doc):
    ents = _ents(make_doc("Tin cho biết ông Alexander Van der Bellen thắng cử. Ông Triệu Xuân Hòa, nguyên Tư lệnh "
                          "Quân khu 7 thôi làm nhiệm vụ. Cử tri bầu đại biểu Quốc hội khóa XIV và gửi Bộ Tài nguyên "
                          "và Môi trường, Bộ Khoa học và Công nghệ."))
    for expected in [("Alexander Van der Bellen", "PER"), ("Quân khu 7", "ORG"), ("Quốc hội", "ORG"),
                     ("Bộ Tài nguyên và Môi trường", "ORG"), ("Bộ Khoa học và Công nghệ", "ORG")]:
        assert expected in ents, (expected, ents)
    assert not any(text in ("XIV", "Nguyên") for text, _ in ents)

def test_person_after_multiword_title_is_cut_from_organisation(make_doc):
    doc = make_doc("Người đứng đầu Đài Quan sát Nhân quyền Syria Rami Abdel Rahman nói rằng họ không nghi ngờ gì.")
    ents = [(e.text, e.label_) for e in doc.ents]
    assert ents == [("Đài Quan sát Nhân quyền Syria", "ORG"), ("Rami Abdel Rahman", "PER")]

def test_bracketed_alias_joins_its_organisation_and_report_is_not_a_title(make_doc):
    doc = make_doc("Hãng hàng không quốc gia Ai Cập (EgyptAir) xác nhận phía Hy Lạp đã tìm thấy mảnh vỡ. Chính phủ cần "
                   "chủ động trả nợ và báo cáo Quốc hội rõ hơn về vấn đề nợ công.")
    rows = {r["text"]: (r["label"], r["canonical"]) for r in doc_rows(doc)["entities"]}
    assert rows["EgyptAir"] == ("ORG", "Hãng hàng không quốc gia Ai Cập")  # counted with the full name
    assert rows["Quốc hội"][0] == "ORG" and not any(label == "MISC" for label, _ in rows.values())

def test_party_title_chain_splits_party_country_and_person(make_doc):
    doc = make_doc("Lúc này, ứng viên Tổng thống đảng Cộng hòa Mỹ Donald Trump đã lên tiếng. Bà Thái Anh Văn nhậm chức.")
    ents = [(e.text, e.label_) for e in doc.ents]
    assert ents == [("Cộng hòa", "ORG"), ("Mỹ", "LOC"), ("Donald Trump", "PER"), ("Thái Anh Văn", "PER")]

def test_organisation_named_again_in_lower_case(make_doc):
    doc = make_doc("Hội Nghề cá Việt Nam vừa có văn bản gửi Chính phủ. Hội nghề cá nhận định, việc xác định nguyên "
                   "nhân sẽ khó khăn hơn.")
    rows = [(r["text"], r["label"], r["canonical"]) for r in doc_rows(doc)["entities"]]
    assert ("Hội nghề cá", "ORG", "Hội Nghề cá Việt Nam") in rows or ("Hội nghề cá", "ORG", "Hội Nghề cá") in rows
