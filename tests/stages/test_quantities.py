"""Quantities of the reference article and of real sentences."""

from pipeline.io.tables import doc_rows


def test_quantities_of_the_reference(reference_doc):
    rows = {r["text"]: r for r in doc_rows(reference_doc)["quantities"]}
    heli = rows["4 trực thăng"]
    assert (heli["value"], heli["unit"], heli["qualifier"], heli["predicate"]) == (4, "trực thăng", "=", "bắn hạ")
    assert heli["claimant"] == "Người đứng đầu cơ quan phòng vệ Nagorno-Karabakh"
    drones = rows["15 máy bay không người lái"]
    assert drones["unit"] == "máy bay không người lái" and drones["predicate"] == "bắn hạ"
    dead = rows["hơn 200 người"]
    assert (dead["value"], dead["qualifier"], dead["unit"], dead["predicate"]) == (200, ">", "người", "thiệt mạng")
    assert rows["6 ngôi làng"]["unit"] == "làng"
    assert rows["trên 18 tuổi"]["qualifier"] == ">"
    # years are dates, not quantities
    assert not any("2016" in text or "1994" in text for text in rows)

def test_money_and_number_words(make_doc):
    doc = make_doc("Tập đoàn rót 1,5 tỷ đồng, thuê hai mươi mốt kỹ sư và hàng trăm công nhân.")
    rows = {r["text"]: r for r in doc_rows(doc)["quantities"]}
    assert rows["1,5 tỷ đồng"]["value"] == 1_500_000_000 and rows["1,5 tỷ đồng"]["unit"] == "đồng"
    assert rows["hai mươi mốt kỹ sư"]["value"] == 21
    vague = rows["hàng trăm công nhân"]
    assert (vague["value"], vague["value_max"], vague["qualifier"]) == (100, 999, "~")


def test_claimant_carried_over_the_speech_a_colon_opens_and_to_theo_do(make_doc):
    doc = make_doc("Ông Đỗ Hoàng Anh Tuấn, Thứ trưởng Bộ Tài chính, dẫn chứng: Hiện nay, 50.000 DN có đăng ký kinh "
                   "doanh nhưng không hoạt động. 92% DN khi thanh tra có vi phạm về thuế.\n"
                   "Bộ Tài chính cho biết giá xăng tăng 300 đồng/lít. Theo đó, giá dầu tăng 200 đồng/lít.\n"
                   "Ông Nguyễn Văn Mơ nói về tình hình thuế. Ông này cho biết thêm, gần 7.500 DN đã bị xử phạt.\n"
                   "Năm nay có 300 DN phá sản.", published="2013-10-20")
    claims = {q["text"]: q["claimant"] for q in doc_rows(doc)["quantities"]}
    assert claims["50.000 DN"] == claims["92%"] == "Đỗ Hoàng Anh Tuấn"  # the speech runs on; the apposition skipped
    assert claims["200 đồng"] == "Bộ Tài chính"  # "Theo đó": the source of the sentence before
    assert claims["gần 7.500 DN"] == "Nguyễn Văn Mơ"  # "Ông này": the man named last
    assert claims["300 DN"] is None  # a new paragraph, no speaker: the article states it


def test_the_sentences_of_a_quotation_take_the_speaker_named_after_it(make_doc):
    doc = make_doc('Gia đình ông Trần Công Ứng không chấp thuận.\n"Chỉ một tháng mà phải nộp số tiền bằng cả mấy '
                   'năm. Bể có 3 m3 mà mỗi ngày thất thoát gần 40 m3 nước. Thật vô lý", ông nói.\n'
                   "Chính phủ Anh cam kết sẽ viện trợ 9,6 triệu USD. Năm nay có 300 hộ dân bị ảnh hưởng.",
                   published="2013-10-20")
    claims = {q["text"]: q["claimant"] for q in doc_rows(doc)["quantities"]}
    assert claims["3 m3"] == claims["gần 40 m3"] == "Trần Công Ứng"  # "ông nói" after the quotation
    assert claims["9,6 triệu USD"] == "Chính phủ Anh"  # a pledge's number is the pledger's
    assert claims["300 hộ dân"] is None


def test_claimants_of_brackets_closing_quotations_and_clause_final_theo(make_doc):
    doc = make_doc('Ngày 20/5, Công an huyện Phú Giáo (tỉnh Bình Dương) cho biết, đã bắt giữ hai nghi can.\n'
                   'Anh Hoàng Nam Khánh rất bất ngờ. "Nhà 3 người lớn mà dùng hết 390 m3 nước", anh bức xúc.\n'
                   "Vườn thú có 11 con khỉ đột, theo thông tin trên website của vườn thú.\n"
                   "Theo thông cáo của VietinBank, dự án làm theo hình thức BOT có tổng vốn 10.555 tỉ đồng.\n"
                   "Một khảo sát của Ngân hàng Hợp tác Quốc tế Nhật Bản cho thấy khoảng 56% công ty muốn mở rộng.\n"
                   "Ngân hàng chỉ được nắm giữ dưới 5% vốn theo quy định của pháp luật.", published="2016-05-20")
    claims = {q["text"]: q["claimant"] for q in doc_rows(doc)["quantities"]}
    assert claims["hai nghi can"] == "Công an huyện Phú Giáo"  # the aside in brackets is part of the subject
    assert claims["390 m3"] == "Hoàng Nam Khánh"  # "anh" after the closing quotation: the man named last
    assert claims["11 con khỉ đột"] == "vườn thú"  # "..., theo X." after the number; a document's owner
    assert claims["10.555 tỉ đồng"] == "VietinBank"  # "theo hình thức" inside the clause is no source
    assert claims["khoảng 56%"] == "Ngân hàng Hợp tác Quốc tế Nhật Bản"  # a survey's author, "cho thấy"
    assert claims["dưới 5%"] is None  # "theo quy định" is no source
