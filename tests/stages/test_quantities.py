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
