"""Events beyond the case table (tests/data/event_cases.tsv): dates, negation, actor codes,
claimants, and the exact event lists of real passages, by the rules alone (the acceptance
model's veto is tested at the end)."""

import pytest

from pipeline.io.tables import doc_rows
from tests.conftest import ROOT

pytestmark = pytest.mark.usefixtures("rules_only")


def _events(doc):
    return [(r["trigger"], r["root_code"], r["claimant"]) for r in doc_rows(doc)["events"]]


def _rows(doc):
    return [(r["trigger"], r["root_code"], r["actor1"]) for r in doc_rows(doc)["events"]]


def test_shelling_event(make_doc):
    doc = make_doc("Armenia cho rằng các lực lượng Azerbaijan đã nã pháo về phía khu vực Nagorno-Karabakh.")
    [ev] = [e for e in doc_rows(doc)["events"] if e["trigger"] == "nã pháo"]
    assert ev["root_code"] == "19"
    assert "Azerbaijan" in ev["actor1"] and ev["actor1_code"] == "AZEMIL"
    assert ev["location"] == "Nagorno-Karabakh"
    assert ev["date_value"] == "2020-09-27" and ev["date_source"] == "published"
    assert ev["claimant"] == "Armenia"

def test_appeal_event_and_negation(make_doc):
    doc = make_doc("Đức và Pháp lên tiếng kêu gọi ngừng bắn. Nga không tấn công Ukraine.")
    events = {e["trigger"]: e for e in doc_rows(doc)["events"]}
    assert events["kêu gọi ngừng bắn"]["root_code"] == "02"
    assert events["tấn công"]["negated"] is True
    assert events["kêu gọi ngừng bắn"]["negated"] is False

def test_actor_codes_from_title_and_country(make_doc):
    events = {e["trigger"]: e for e in doc_rows(make_doc(
        "Từ Matxcơva, Ngoại trưởng Nga Sergei Lavrov đã gọi điện cho người đồng cấp Armenia."))["events"]}
    assert events["gọi điện"]["actor1_code"] == "RUSGOV"
    assert events["gọi điện"]["root_code"] == "04"

def test_event_date_carried_when_the_text_continues(make_doc):
    events = doc_rows(make_doc("Ngày 20-9, Nga tấn công thành phố. Sau đó, Ukraine phản công."))["events"]
    by_trigger = {e["trigger"]: e for e in events}
    assert by_trigger["tấn công"]["date_value"] == "2020-09-20"
    assert (by_trigger["phản công"]["date_value"], by_trigger["phản công"]["date_source"]) == ("2020-09-20", "carried")

def test_nominal_event_object_of_another_is_its_argument(make_doc):
    events = _events(make_doc("Nga lên án các cuộc tấn công khủng bố. AFP cho biết 7 vụ nổ xảy ra gần như đồng thời."))
    roots = [root for _, root, _ in events]
    assert roots.count("11") == 1 and "19" not in roots  # "các cuộc tấn công" is what Russia condemns
    assert ("nổ", "18", "AFP") in events or ("vụ nổ", "18", "AFP") in events  # a reported bombing

def test_condition_glued_words_and_modifiers(make_doc):
    events = _events(make_doc("Tổng thống Barack Obama tuyên bố Mỹ gỡ bỏ hoàn toàn cấm vận vũ khí đối với Việt Nam. "
                              "Nếu Ai Cập đề nghị, liên minh này sẽ hỗ trợ. Người đứng đầu cơ quan điều tra tai nạn "
                              "hàng không Ai Cập phát biểu."))
    roots = [root for _, root, _ in events]
    assert "08" in roots and "16" not in roots  # easing the embargo, not imposing one
    assert "02" not in roots  # the request is only a condition
    assert "09" not in roots  # "cơ quan điều tra" is an agency

def test_actor1_is_the_doer_not_the_reporter(make_doc):
    rows = doc_rows(make_doc("AFP cho biết 7 vụ nổ xảy ra gần như đồng thời. Azerbaijan sau đó thông báo triển khai "
                             "một chiến dịch phản công. Đức và Pháp lên tiếng kêu gọi ngừng bắn."))["events"]
    by_root = {r["root_code"]: r for r in rows}
    assert by_root["18"]["actor1"] is None and by_root["18"]["claimant"] == "AFP"
    assert by_root["19"]["actor1"] == "Azerbaijan"  # the speaker announcing its own action does it
    assert by_root["02"]["actor1"] == "Đức và Pháp"

def test_what_an_appeal_asks_for_has_not_happened(make_doc):
    rows = _rows(make_doc('Thổ Nhĩ Kỳ chọn đứng về Azerbaijan khi kêu gọi Armenia ngừng "các hành động thù địch" và '
                          "xuống thang căng thẳng. Tổng thống Ai Cập Mohamed Morsi đã yêu cầu Bộ Hàng không dân dụng "
                          "và quân đội phối hợp nhanh chóng định vị nơi chiếc máy bay rơi và tiến hành một cuộc "
                          "điều tra thấu đáo."))
    roots = [root for _, root, _ in rows]
    assert roots == ["02", "02"]  # the appeal and the demand; not the de-escalation, cooperation, inquiry
    assert rows[1][2] == "Mohamed Morsi"

def test_intent_scopes_over_its_clause_and_joined_verbs(make_doc):
    rows = _rows(make_doc("Mỹ sẽ giúp chính phủ Việt Nam xây dựng năng lực an ninh hàng hải bằng cách cung cấp 45,7 "
                          "triệu USD. Nhà Trắng cho hay Mỹ dự kiến cung cấp 18 tàu tuần tra Metal Shark, đồng thời "
                          "hỗ trợ huấn luyện cho lực lượng Cảnh sát biển Việt Nam."))
    assert [(root, actor) for _, root, actor in rows] == [("03", "Mỹ")] * 3  # intent to give aid, by the US

def test_codes_from_context_and_earlier_sentences(make_doc):
    rows = _rows(make_doc("Hiện Mỹ đã cử máy bay P-3 Orion hỗ trợ công tác tìm kiếm chiếc máy bay mất tích. "
                          "Nhà Trắng nhận định hải quân hai nước đang hợp tác ngày càng chặt chẽ nhằm đảm bảo an ninh."))
    codes = {r["trigger"]: (r["cameo_code"], r["actor1"]) for r in doc_rows(make_doc(
        "Hiện Mỹ đã cử máy bay P-3 Orion hỗ trợ công tác tìm kiếm chiếc máy bay mất tích."))["events"]}
    assert codes["hỗ trợ"] == ("073", "Mỹ")  # humanitarian aid, by the US (not by the aircraft)
    assert rows[1] == ("hợp tác", "06", "hải quân hai nước")  # military cooperation, a noun-phrase doer
    rows = _rows(make_doc("Đài cho biết chiếc bom xe phát nổ đầu tiên. Khi mọi người bắt đầu đến hiện trường vụ đánh "
                          "bom này thì hai kẻ đánh bom tự sát đã kích hoạt đai bom. Các cuộc tấn công đẫm máu nhắm "
                          "vào thành phố ven biển."))
    assert [root for _, root, _ in rows] == ["18", "18", "18"]  # "vụ đánh bom này" is not a new event
    assert rows[1][2] == "hai kẻ đánh bom tự sát" and rows[2][0] == "tấn công"  # attacks told after bombs: 183

def test_pronoun_and_owner_doers_and_doubts(make_doc):
    rows = _rows(make_doc("Hãng hàng không quốc gia Ai Cập xác nhận chuyến bay mất tích. Hãng đã gửi lời chia buồn "
                          "đến gia đình các hành khách. Chuyến thăm của Tổng thống Barack Obama tới Việt Nam dựa "
                          "trên đà tích cực này. Ứng viên Donald Trump đã lên tiếng bày tỏ nghi ngờ đây là một vụ "
                          "tấn công khủng bố."))
    actors = {trigger: actor for trigger, _, actor in rows}
    assert actors["chia buồn"] == "Hãng hàng không quốc gia Ai Cập"  # "Hãng" is the airline just named
    assert actors["thăm"] == "Barack Obama"
    assert "18" not in [root for _, root, _ in rows]  # the attack is only doubted

def test_noun_compounds_are_not_subjects_and_coordinated_nominals_count(make_doc):
    rows = _rows(make_doc("Tuy nhiên phải đến khi bước vào hiệp 2, hàng tấn công “quỷ đỏ” mới có thể áp sát được khung "
                          "thành. Đây cũng là dự án đầu tư lớn nhất Thụy Sỹ. Pháp và Ai Cập đang phối hợp trong công "
                          "tác này cũng như việc điều tra."))
    actors = {trigger: actor for trigger, _, actor in rows}
    assert "tấn công" not in actors and actors.get("đầu tư") is None  # the attack line, an investment project
    assert actors["phối hợp"] == actors["điều tra"] == "Pháp và Ai Cập"  # "cũng như việc điều tra": its own event

def test_words_that_only_look_like_events(make_doc):
    roots = [root for _, root, _ in _rows(make_doc(
        "Năm qua tỉnh Đắk Lắk có hơn 70.155ha cây trồng bị hạn, chiếm 58,7% tổng diện tích bị hạn ở các tỉnh Tây "
        "Nguyên. 100 máy bay nói trên dự kiến sẽ được giao hàng từ năm 2019. Tiếp đó, Trí và Quang làm giả các hợp "
        "đồng mua bán vật liệu xây dựng."))]
    assert not {"19", "01", "04"} & set(roots)  # accounts for 58.7%, the aforementioned, next
    match = "Phút 81, Mata ghi bàn thắng quyết định. Không còn gì để mất, M.U dồn toàn lực lên tấn công."
    war = "Không còn gì để mất, các lực lượng Azerbaijan dồn toàn lực lên tấn công."
    assert "19" not in [root for _, root, _ in _rows(make_doc(match))]  # play in a match report
    assert "19" in [root for _, root, _ in _rows(make_doc(war))]

def test_kidnappers_and_scourges_are_not_kidnappings(make_doc):
    rows = _rows(make_doc("Nhóm bắt cóc thả Ileana Salas nhưng đưa Alan Pulido đi lúc 2h sáng 29/5. Thủ phủ Ciudad "
                          "Victoria được coi là thành phố nguy hiểm thứ hai ở Mexico về nạn bắt cóc. Theo Washington "
                          "Post, Trung Quốc đã bày tỏ sự phản đối của mình đối với chiến thắng của DPP."))
    # the release and the disapproval; no kidnapping in "Nhóm bắt cóc" or "nạn bắt cóc"
    assert [(root, actor) for _, root, actor in rows] == [("08", "Nhóm bắt cóc"), ("11", "Trung Quốc")]

def test_statements_about_told_events_and_background_time_clauses(make_doc):
    rows = _rows(make_doc('Người đứng đầu Đài Quan sát Nhân quyền Syria Rami Abdel Rahman nói rằng họ "không nghi ngờ '
                          'gì rằng các cuộc tấn công này là những vụ đẫm máu nhất" tại hai thành phố trên kể từ khi '
                          "chiến tranh nổ ra ở Syria. Trung Quốc đã bày tỏ sự phản đối của mình đối với chiến thắng "
                          "của DPP bằng cách tăng cường áp lực lên hòn đảo thông qua các cuộc tập trận."))
    roots = [(root, actor) for _, root, actor in rows]
    assert ("01", "Rami Abdel Rahman") in roots and ("19", None) in roots  # the statement, and the war
    assert ("15", "Trung Quốc") in roots  # the drills are the means, not the object of the disapproval

def test_passive_agents_and_appositions(make_doc):
    rows = _rows(make_doc("Một người đàn ông có mặt trong ngôi nhà đã bị cảnh sát bắt. Sau đó nhà chức trách mới xác "
                          "nhận thông tin chân sút Mexico bị bắt cóc. James Huang, người đứng đầu Văn phòng Chính "
                          "sách hướng Nam mới, cho biết."))
    actors = {trigger: actor for trigger, _, actor in rows}
    assert actors["bắt"] == "cảnh sát"  # the agent of a passive
    assert actors["bắt cóc"] is None  # the subject of a passive is its victim, not the kidnapper
    assert actors["cho biết"] == "James Huang"  # not the office in the apposition

def test_dash_apposition_and_meeting_praise_words(make_doc):
    rows = _rows(make_doc("Qua điện thoại, ông Nguyễn Đức Thu - chủ nhà xe Khánh Đơn xác nhận, xe khách gặp nạn tại "
                          "Lào. Ông Đinh Thế Huynh đã làm việc với Ban Thường vụ Tỉnh ủy Đắk Lắk. Thường trực Ban Bí "
                          "thư Đinh Thế Huynh biểu dương, đánh giá cao tỉnh Đắk Lắk có nhiều cố gắng trong việc khắc "
                          "phục thiên tai, tập trung bảo vệ sản xuất."))
    assert ("xác nhận", "01", "Nguyễn Đức Thu") in rows  # the person, not the bus company after the dash
    roots = [root for _, root, _ in rows]
    assert roots.count("04") == 1 and roots.count("05") == 1  # a working session; praise told by two verbs
    assert "07" not in roots  # protecting production is no military protection

def test_cue_only_triggers_and_accord(make_doc):
    rows = _rows(make_doc("Ban Chỉ huy đã động viên nhân dân và huy động các lực lượng tại chỗ khẩn trương khắc "
                          "phục hậu quả. Các chuyên gia đồng ý với quan điểm phổ biến rằng kinh tế sẽ phục hồi."))
    assert ("huy động", "07", "Ban Chỉ huy") in rows  # mobilising forces for relief is humanitarian aid
    assert ("đồng ý", "01", "Các chuyên gia") in rows  # agreeing with a view expresses accord (019)
    assert _rows(make_doc("Công ty đã huy động vốn từ các cổ đông.")) == []  # raising capital is no event

def test_title_appositions_explosions_and_objects_of_verbs(make_doc):
    rows = _rows(make_doc("Ông Đinh Thế Huynh, Ủy viên Bộ Chính trị, Thường trực Ban Bí thư Trung ương Đảng đã làm "
                          "việc với Ban Thường vụ Tỉnh ủy Đắk Lắk. Khi xe chạy đến địa phận huyện Bualapha, tỉnh "
                          "Khăm Muộn (Lào) bất ngờ nổ tung. Bonnie Glaser, chuyên gia cấp cao tại Trung tâm Nghiên "
                          "cứu Chiến lược và Quốc tế (CSIS), giải thích."))
    assert rows == [("làm việc với", "04", "Đinh Thế Huynh"), ("nổ", "18", None),
                    ("giải thích", "01", "Bonnie Glaser")]  # the bus does not blow itself up: no doer

def test_quotation_opened_in_an_earlier_sentence(make_doc):
    rows = _rows(make_doc('"Chúng tôi có một số điều muốn làm rõ. Lúc này, chuyện gì xảy ra đang được điều tra và '
                          'chúng tôi sẽ thông báo chi tiết sau", Egidio Torre Cantu, thống đốc bang Tamaulipas, chia sẻ.'))
    triggers = [trigger for trigger, _, _ in rows]
    assert "thông báo" in triggers  # a statement inside the quotation, not one that introduces another
    assert "chia sẻ" not in triggers  # the speaker's verb closing a quotation that holds an event

def test_opening_phrase_event_is_done_by_the_main_subject(make_doc):
    rows = _rows(make_doc("Trong buổi họp báo chung với Chủ tịch nước Trần Đại Quang ngày 23/5, Tổng thống Barack "
                          "Obama tuyên bố Mỹ gỡ bỏ hoàn toàn cấm vận vũ khí đối với Việt Nam."))
    assert rows[0] == ("họp báo chung", "04", "Barack Obama") and rows[1][1:] == ("08", "Mỹ")

def test_negated_passive(make_doc):
    rows = doc_rows(make_doc("Cộng hòa Artsakh không được cộng đồng quốc tế công nhận."))["events"]
    assert [(r["trigger"], r["negated"], r["actor1"]) for r in rows] == [("công nhận", True, "cộng đồng quốc tế")]

def test_office_connective_glued_agent_and_speaker_going_on(make_doc):
    rows = _rows(make_doc("Thủ tướng Nguyễn Xuân Phúc chủ trì hội nghị về bảo hiểm y tế. Do đó Thủ tướng đề nghị nâng "
                          "chỉ tiêu tham gia BHYT lên. Ngoài ra BHXH đề nghị Bộ Y tế nâng cao chất lượng dịch vụ y tế. "
                          "Hiện, nguyên nhân vụ tai nạn đang được cơ quan chức năng điều tra làm rõ. Trung Quốc nhiều "
                          "lần công khai tuyên bố sẽ không loại trừ khả năng sử dụng vũ lực."))
    actors = [actor for trigger, _, actor in rows if not trigger.startswith("chủ trì")]
    assert actors[:2] == ["Nguyễn Xuân Phúc", "BHXH"]  # the office alone names its holder; after "Ngoài ra"
    assert actors[2] == "cơ quan chức năng"  # agent of a passive though tagged as a verb
    assert actors[3] == "Trung Quốc"  # "tuyên bố sẽ ...": the speaker goes on as the doer
    rows = _rows(make_doc("Cả Armenia và Azerbaijan đều xác nhận có thương vong trong giao tranh."))
    assert rows == [("giao tranh", "19", None)]  # what is confirmed exists: the speakers did not fight

def test_speaker_verb_after_a_quotation_questions_and_scheme_nouns(make_doc):
    rows = _rows(make_doc("Thủ tướng Nguyễn Xuân Phúc chủ trì hội nghị. “Tỷ lệ bao phủ năm nay đã cao chưa? Tôi cho chưa "
                          "phải là cao”, Thủ tướng đánh giá. “Có phân biệt khi mua thuốc không?”, Thủ tướng đặt câu "
                          "hỏi. Các hộ cận nghèo tại nhiều tỉnh vẫn chưa có cơ chế hỗ trợ. Theo đánh giá của chuyên "
                          "gia, tình hình sẽ tốt hơn."))
    assert ("đánh giá", "01", "Nguyễn Xuân Phúc") in rows  # a quotation with no event inside is a statement
    assert ("đặt câu hỏi", "01", "Nguyễn Xuân Phúc") in rows
    triggers = [trigger for trigger, _, _ in rows]
    assert "mua" not in triggers  # asked about, not done
    assert "hỗ trợ" not in triggers  # "cơ chế hỗ trợ": a scheme, not an act of aid
    assert triggers.count("đánh giá") == 1  # "Theo đánh giá của ...": a noun, no quotation closed

def test_pressure_release_and_means_codes(make_doc):
    rows = _rows(make_doc("Trung Quốc đã nhiều lần gây sức ép với chính phủ Đài Loan. Trung Quốc thể hiện sự phản đối "
                          "bằng cách tăng cường áp lực lên hòn đảo thông qua các cuộc tập trận phô diễn sức mạnh. "
                          "Nhóm bắt cóc thả Ileana Salas nhưng đưa Alan Pulido đi."))
    codes = {trigger: (root, actor) for trigger, root, actor in rows}
    assert codes["gây sức ép"] == ("10", "Trung Quốc")  # pressure to act is a demand (codebook, 1052)
    assert codes["tăng cường áp lực"][0] == "10"  # STEP UP PRESSURE: 100
    assert codes["tập trận"][0] == "15"  # the means of the pressure happened too
    assert codes["thả"] == ("08", "Nhóm bắt cóc")  # releasing a captive, 0841; the kidnappers do it

def test_listed_fields_opening_verb_phrase_and_counted_subjects(make_doc):
    rows = _rows(make_doc("Tập đoàn ANA sẽ hợp tác với Vietnam Airlines trên các lĩnh vực gồm quản trị nguồn nhân lực; "
                          "hỗ trợ công tác điều hành khai thác bay; hỗ trợ công tác đào tạo. Bang Tamaulipas vốn không "
                          "yên ổn khi bạo lực và tội phạm hoành hành như bắt cóc, tống tiền."))
    assert [trigger for trigger, _, _ in rows] == ["hợp tác"]  # fields an agreement covers, kinds of crime
    rows = _rows(make_doc("Chủ trì hội nghị trực tuyến toàn quốc về bảo hiểm y tế sáng nay, Thủ tướng Nguyễn Xuân Phúc "
                          "cho rằng, mục tiêu tiến tới BHYT toàn dân là việc lớn."))
    assert rows[0] == ("Chủ trì hội nghị", "04", "Nguyễn Xuân Phúc")  # the opening phrase's doer is the subject
    rows = _rows(make_doc("Bà Thái Anh Văn cho biết bà sẽ duy trì hiện trạng quan hệ giữa Bắc Kinh và Đài Bắc, nhưng "
                          "tránh đề cập đến nguyên tắc một Trung Quốc."))
    assert ("tránh đề cập", "01", "Thái Anh Văn") in rows  # "cho biết bà sẽ ...": the speaker goes on

def test_future_action_of_a_named_doer_is_an_intent(make_doc):
    rows = _rows(make_doc("Trong tuyên bố trước đó, bà Thái Anh Văn cho biết bà sẽ duy trì hiện trạng quan hệ giữa Bắc "
                          "Kinh và Đài Bắc. Sau khi chính thức trở thành cổ đông chiến lược, Tập đoàn ANA sẽ cử đại diện "
                          "tham gia hội đồng quản trị của Vietnam Airlines. Hãng cũng cam kết sẽ triển khai mọi biện "
                          "pháp giải quyết tình hình. Lễ nhậm chức dự kiến sẽ diễn ra vào trưa nay."))
    assert ("sẽ duy trì", "03", "Thái Anh Văn") in rows  # CAMEO 030; "cho biết" is its source
    assert ("sẽ cử", "03", "Tập đoàn ANA") in rows
    triggers = [trigger for trigger, _, _ in rows]
    assert "sẽ triển khai" not in triggers  # the content of a commitment already coded
    assert not any(t.startswith("sẽ diễn") for t in triggers)  # a happening, no one's intent

def test_background_time_clause_joined_by_and_and_commemorated_events(make_doc):
    rows = _rows(make_doc("Phía Mỹ nhấn mạnh quan hệ song phương đang ở mốc cao lịch sử sau khi hai bên xác lập quan hệ "
                          "đối tác toàn diện năm 2013 và kỷ niệm 20 năm bình thường hóa quan hệ ngoại giao vào năm 2015."))
    triggers = [trigger for trigger, _, _ in rows]
    assert triggers[0] == "nhấn mạnh"  # what it stresses is a state; the events are background
    assert "kỷ niệm" in triggers and "bình thường hóa quan hệ" not in triggers  # the anniversary's object

def test_appeal_scope_runs_over_a_list_of_addressees(make_doc):
    rows = _rows(make_doc("BHXH đề nghị các tỉnh, thành phố huy động mọi nguồn lực để hỗ trợ cho người dân thuộc hộ cận "
                          "nghèo, hộ gia đình làm nông nghiệp."))
    assert rows == [("đề nghị", "02", "BHXH")]  # the aid is what is asked for, not given yet

def test_concern_expressed_is_an_event_caused_or_owned_is_a_state(make_doc):
    rows = _rows(make_doc("Đây là vụ đụng độ nghiêm trọng nhất kể từ năm 2016 khiến cộng đồng quốc tế lo ngại một cuộc "
                          "chiến toàn diện. Lễ nhậm chức của bà đánh dấu mốc lo ngại của Bắc Kinh đã gia tăng. Bộ Ngoại "
                          "giao Mỹ bày tỏ lo ngại về các vụ thử tên lửa."))
    concern = [(trigger, root, actor) for trigger, root, actor in rows if "lo ngại" in trigger]
    assert concern == [("lo ngại", "01", "Bộ Ngoại giao Mỹ")]  # CONCERN is 012 in the verb dictionary

def test_wishes_scheduled_mentions_and_coordinated_synonyms(make_doc):
    rows = _rows(make_doc("Về phần mình, Đài Loan muốn khẳng định quyền tự trị của mình. Bài phát biểu của bà Thái Anh "
                          "Văn trong lễ nhậm chức dự kiến sẽ diễn ra vào trưa nay. Thường trực Ban Bí thư Đinh Thế Huynh "
                          "biểu dương, đánh giá cao tỉnh Đắk Lắk có nhiều cố gắng."))
    assert rows == [("biểu dương, đánh giá cao", "05", "Đinh Thế Huynh")]  # a wish, a scheduled speech: no events
    rows = _rows(make_doc("Ban Chỉ huy đã có mặt tại các địa phương để chỉ đạo công tác khắc phục hậu quả, hỗ trợ, "
                          "thăm hỏi, động viên nhân dân."))
    assert len(rows) == 4  # a list of different acts stays four events

def test_signing_told_by_two_verbs_and_a_told_event_as_topic(make_doc):
    rows = _rows(make_doc("Vietnam Airlines và Tập đoàn ANA đã chính thức ký hợp đồng và trao văn kiện hợp tác chiến lược. "
                          "Vietnam Airlines sẽ hợp tác với Tập đoàn ANA trên nhiều lĩnh vực. Việc hợp tác với Tập đoàn "
                          "ANA sẽ giúp Vietnam Airlines nâng cao khả năng cạnh tranh."))
    assert rows[0][:2] == ("ký hợp đồng và trao văn kiện", "05")  # one signing told by two verbs
    assert [trigger for trigger, _, _ in rows].count("hợp tác") == 1  # "Việc hợp tác ...": the topic again

def test_told_event_named_again_is_no_new_event(make_doc):
    rows = _rows(make_doc("Tổng thống Obama tuyên bố Mỹ gỡ bỏ hoàn toàn cấm vận vũ khí đối với Việt Nam. Ông đồng thời "
                          "nhấn mạnh việc gỡ bỏ cấm vận vũ khí là dựa trên đánh giá chung sự phát triển quan hệ hai nước."))
    assert [(trigger, root) for trigger, root, _ in rows] == [("gỡ bỏ hoàn toàn cấm vận vũ khí", "08"),
                                                              ("nhấn mạnh", "01")]  # what he stresses is told

def test_relative_clauses_and_the_two_sides(make_doc):
    rows = _rows(make_doc("Mỹ sẽ hỗ trợ Quỹ Sáng kiến An ninh Hàng hải, sáng kiến mà Bộ Quốc phòng Mỹ cam kết tài trợ 425 "
                          "triệu USD trong vòng 5 năm."))
    assert "cam kết tài trợ" not in [trigger for trigger, _, _ in rows]  # it says which initiative
    doc = make_doc("Vietnam Airlines và Tập đoàn ANA đã chính thức ký hợp đồng. Dự kiến, hai bên sẽ triển khai hợp tác "
                   "liên danh.")
    rows = [(r["trigger"], r["actor1"], r["actor2"]) for r in doc_rows(doc)["events"]]
    assert ("hợp tác", "Vietnam Airlines", "Tập đoàn ANA") in rows  # "hai bên": the pair named last

def test_speaker_after_a_dash_and_fighting_named_again(make_doc):
    rows = _rows(make_doc('Hôm 27-9, các lực lượng Azerbaijan đã nã pháo về phía khu vực Nagorno-Karabakh. Cả Armenia và '
                          'Azerbaijan đều xác nhận có thương vong trong giao tranh. "Tôi nghĩ rằng cuộc chiến đã qua" - '
                          "sinh viên Mohsen Zayyoud tại Jableh chia sẻ."))
    triggers = [trigger for trigger, _, _ in rows]
    assert "giao tranh" not in triggers and "xác nhận" in triggers  # the fighting is told: a statement
    assert "cuộc chiến" not in triggers and ("chia sẻ", "01", "Mohsen Zayyoud") in rows  # speaker after a dash

def test_money_projects_agents_and_object_relatives_are_no_events(make_doc):
    rows = _rows(make_doc("Tổng số tiền đầu tư lên tới 12,2 tỷ franc Thụy Sĩ. Đây cũng là dự án đầu tư lớn nhất Thụy Sỹ. "
                          "Giá lương thực tăng do thương lái thu gom lúa gạo thực hiện các hợp đồng xuất khẩu gạo đã ký. "
                          "Do địa hình gồ ghề của dãy núi Alps, đường hầm sẽ đóng vai trò quan trọng."))
    assert rows == []  # an amount, a project, contracts signed before, a role: nothing done between actors

def test_two_countries_the_one_that_acted_leads(make_doc):
    doc = make_doc("Mỹ sẽ cung cấp cho Việt Nam 18 tàu tuần tra. Mỹ cũng hỗ trợ Việt Nam huấn luyện. Quan hệ song "
                   "phương đang ở mốc cao lịch sử sau khi hai bên xác lập quan hệ đối tác toàn diện năm 2013.")
    rows = [(r["trigger"], r["actor1"], r["actor2"]) for r in doc_rows(doc)["events"]]
    assert rows[-1] == ("xác lập quan hệ", "Mỹ", "Việt Nam")  # "hai bên": the two countries, the doer first

def test_a_quoted_statement_introduces_nothing_past_its_quotation(make_doc):
    rows = _rows(make_doc('"Lúc này, chuyện gì xảy ra đang được điều tra và chúng tôi sẽ thông báo chi tiết sau", Egidio '
                          "Torre Cantu, thống đốc bang Tamaulipas, chia sẻ khi đứng cạnh chân sút Mexico lúc anh được "
                          "cảnh sát giải cứu."))
    codes = {trigger: root for trigger, root, _ in rows}
    assert codes.get("thông báo") == "03"  # a promised statement is an intent (030), not introducing the rescue
    assert codes.get("giải cứu") == "07"

def test_documents_concessions_pledges_and_named_speakers(make_doc):
    rows = _rows(make_doc("Andrew Forest, nhà sáng lập Walk Free, cho biết tỉ lệ gia tăng là do công tác thu thập dữ liệu "
                          "tốt hơn, mặc dù ông lo sợ tình hình sẽ còn tồi tệ hơn. Báo cáo của Walk Free được hình thành "
                          "dựa trên khảo sát. Tổ chức Lao động quốc tế ước tính thế giới chỉ có khoảng 21 triệu người "
                          "lao động cưỡng bức. Nhiều chủ doanh nghiệp khẳng định sẽ không dung thứ cho tình trạng nô lệ."))
    codes = [(trigger, root) for trigger, root, _ in rows]
    assert ("cho biết", "01") in codes and ("lo sợ", "01") in codes  # a concession is a second thing said
    assert not any(t.lower() == "báo cáo" for t, _ in codes)  # the report as a document
    assert ("ước tính", "01") in codes  # a reporting verb right after its named speaker
    assert ("khẳng định", "03") in codes  # a statement of one's own future action is a commitment

def test_expressed_hope_and_a_speaker_described_between_dashes(make_doc):
    rows = _rows(make_doc("Chủ tịch UBND tỉnh Yên Bái bày tỏ kỳ vọng dự án hoàn thành đúng tiến độ. Tài tử Russell "
                          "Crowe - người từng đóng vai nô lệ trong bộ phim Võ sĩ giác đấu - mô tả hoàn cảnh đáng thương "
                          "của những người sống trong cộng đồng."))
    codes = [(trigger, root) for trigger, root, _ in rows]
    assert ("bày tỏ kỳ vọng", "01") in codes  # an optimistic comment, 013
    assert ("mô tả", "01", "Russell Crowe") in rows  # the speaker named before his description

def test_court_sentences_and_announced_bills(make_doc):
    rows = _rows(make_doc("Ngày 31-5, TAND TP.HCM đã tuyên án đối với 5 bị cáo trong vụ án lừa đảo. New Delhi trong tuần "
                          "này công bố một dự luật chống buôn lậu người, theo đó luật pháp sẽ đối xử công bằng hơn với các "
                          "nạn nhân."))
    assert ("tuyên án", "17", "TAND TP.HCM") in rows  # defendants sentenced: 173, not only 116
    assert ("công bố", "03", "New Delhi") in rows  # a bill announced: intent to change policy, 0342

def test_a_bracketed_place_describes_the_name_before_it(make_doc):
    doc = make_doc("Trước đó, Hãng hàng không quốc gia Ai Cập (EgyptAir) xác nhận phía Hy Lạp đã tìm thấy mảnh vỡ.")
    rows = [(r["trigger"], r["actor1"]) for r in doc_rows(doc)["events"]]
    assert rows[0][1] in ("Hãng hàng không quốc gia Ai Cập", "Hãng hàng không quốc gia Ai Cập (EgyptAir)")

def test_a_quoted_topic_event_leaves_the_speaker_a_statement(make_doc):
    rows = _rows(make_doc("“Việc đầu tư xây dựng dự án Khu Trung tâm Thương mại sẽ góp phần đưa Yên Bái phát triển” – đại "
                          "diện Tập đoàn Hoa Sen nói."))
    assert rows == [("nói", "01", "Tập đoàn Hoa Sen")]  # "Việc đầu tư ... sẽ góp phần": the topic, not news

def test_inspectors_getting_involved_investigate(make_doc):
    rows = _rows(make_doc("Dù nhiều đoàn kiểm tra vào cuộc, song nguyên nhân cuối cùng vẫn chưa được xác định."))
    assert [(trigger, root) for trigger, root, _ in rows] == [("vào cuộc", "09")]
    assert _rows(make_doc("Các cầu thủ nhanh chóng vào cuộc và ghi bàn ở phút thứ 5.")) == []  # no cue: no event

def test_praise_in_a_statement_and_the_speaker_of_a_quoted_we(make_doc):
    rows = _rows(make_doc("Tỉ phú Forest cho biết việc công bố báo cáo “Nô lệ toàn cầu 2016” ở Anh là một hành động khích "
                          "lệ."))
    assert rows == [("cho biết", "05", "Forest")]  # commending an act is praise (051); the report is its topic
    rows = _rows(make_doc('"Lúc này, chuyện gì xảy ra đang được điều tra và chúng tôi sẽ thông báo chi tiết sau", Egidio '
                          "Torre Cantu, thống đốc bang Tamaulipas, chia sẻ."))
    assert ("thông báo", "03", "Egidio Torre Cantu") in rows  # "chúng tôi" inside the quotation: its speaker


def test_the_acceptance_model_vetoes_with_its_reason(make_doc):
    from pipeline.core.constants import SPANS_EVENTS, USER_DATA_DROPPED
    from pipeline.core.spanvalues import Found, get_values
    from pipeline.stages.events.acceptance import Acceptance, judge, probability

    doc = make_doc("Quân đội Azerbaijan nã pháo vào Stepanakert. Ngoại trưởng Nga kêu gọi hai bên ngừng bắn.")
    found = [Found(s, get_values(doc, SPANS_EVENTS, s)) for s in doc.spans[SPANS_EVENTS]]
    assert {f.values["root_code"] for f in found} >= {"19", "02"}
    attacks_unlikely = Acceptance({"root=19": -8.0}, bias=2.0, threshold=0.5)
    kept, vetoed = judge(doc, found, attacks_unlikely)
    assert [s.text for s, _ in vetoed] == ["nã pháo"] and vetoed[0][1].startswith("unlikely_event (0.00")
    assert "02" in {f.values["root_code"] for f in kept}
    assert abs(probability(attacks_unlikely, ["root=02"]) - 0.881) < 0.001
    assert USER_DATA_DROPPED in doc.user_data


@pytest.mark.skipif(not (ROOT / "models" / "events" / "acceptance.tsv").exists(), reason="no acceptance model")
def test_the_shipped_model_keeps_diplomacy_and_war_and_vetoes_a_product_feature(nlp):
    from pipeline.core.constants import USER_DATA_DROPPED
    from pipeline.io.reader import Article
    from pipeline.language import process

    def run(text):
        doc = process(Article(source="<test>", article_id="t", text=text, published="2016-05-20"), nlp)
        vetoed = [t for _, _, t, reason in doc.user_data[USER_DATA_DROPPED] if reason.startswith("unlikely_event")]
        return [e["cameo_code"] for e in doc_rows(doc)["events"]], vetoed

    pipe = nlp.get_pipe("vnews_events")
    pipe.use_model, was = True, pipe.use_model
    try:
        assert run("Nga cung cấp vũ khí cho quân đội Syria.") == (["072"], [])
        assert run("Quân đội Israel không kích Dải Gaza, khiến 12 người thiệt mạng.") == (["195"], [])
        assert run("Thủ tướng Nhật Bản hội đàm với Tổng thống Hàn Quốc tại Tokyo.") == (["040"], [])
        # "provides an option to users": a product feature, not aid
        assert run("Microsoft cung cấp tùy chọn mã hóa cho người dùng Outlook từ năm 2012.") == ([], ["cung cấp"])
    finally:
        pipe.use_model = was


def test_a_country_between_a_title_and_a_name_says_whose_office(make_doc):
    [ev] = doc_rows(make_doc("Thủ tướng Nguyễn Tấn Dũng tiếp Thủ tướng Ấn Độ Manmohan Singh tại Hà Nội."))["events"]
    assert (ev["actor2"], ev["actor2_code"]) == ("Manmohan Singh", "INDGOV")  # not the country, IND
