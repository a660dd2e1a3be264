"""Stories: articles of one happening across outlets, their events counted once, their numbers lined up."""

import csv
import json
import math

import pandas as pd
import pytest
from click.testing import CliRunner

from pipeline import load
from pipeline.apps import runner
from pipeline.apps.cli import main
from pipeline.io.schema import STORY_TABLES
from pipeline.stories.claims import agree, context_measure, interval
from pipeline.stories.signature import outlet
from tests.conftest import ROOT

ARTICLES = [
    {"id": "a", "published": "2016-06-02", "url": "http://vnexpress.net/tin-tuc/xe-khach-no-1.html",
     "title": "Xe khách nổ ở Lào, 8 người chết",
     "text": "Chiều 1/6, một xe khách chở hàng từ Việt Nam sang Lào phát nổ tại huyện Bualapha, tỉnh Khăm Muộn, "
             "làm 8 người chết và 3 người bị thương. Công an huyện Bualapha đã bắt giữ tài xế Nguyễn Văn Hùng để "
             "điều tra. Ông Nguyễn Ngọc Tú, Trưởng đồn biên phòng Cha Lo, cho biết xe chở khoảng 13 người."},
    {"id": "b", "published": "2016-06-02", "url": "http://www.baomoi.com/Home/TheGioi/tuoitre.vn/Xe-khach-no/123.epi",
     "title": "Nổ xe khách tại Khăm Muộn: 9 người chết",
     "text": "Chiều 1/6, xe khách chở hàng phát nổ tại huyện Bualapha, tỉnh Khăm Muộn (Lào), làm 9 người chết và "
             "4 người bị thương. Công an huyện Bualapha đã bắt giữ tài xế Nguyễn Văn Hùng. Theo ông Nguyễn Ngọc "
             "Tú, xe chở 13 người."},
    {"id": "c", "published": "2016-06-03", "url": "http://thanhnien.vn/kinh-te/gia-gas.html",
     "title": "Giá gas giảm 14.000 đồng mỗi bình",
     "text": "Từ ngày 1/6, giá gas bán lẻ tại TP.HCM giảm 14.000 đồng mỗi bình 12 kg, theo Công ty Saigon Petro. "
             "Ông Trần Văn Phúc, Phó giám đốc Saigon Petro, cho biết giá gas thế giới giảm 5 USD/tấn."},
]


def _write(folder, articles):
    folder.mkdir(parents=True, exist_ok=True)
    for a in articles:
        (folder / f"{a['id']}.json").write_text(json.dumps(a, ensure_ascii=False), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def told(tmp_path_factory):
    base = tmp_path_factory.mktemp("stories")
    out = base / "out"
    runner.run([str(_write(base / "in", ARTICLES))], out, progress=False)
    return out


def test_articles_of_one_happening_share_a_story_and_others_do_not(told):
    t = load(told)
    story = dict(zip(t.articles["article_id"], t.articles["story_id"]))
    assert story["a"] == story["b"] != story["c"]
    row = t.stories.set_index("story_id").loc[story["a"]]
    assert (row["n_articles"], row["n_sources"]) == (2, 2)  # vnexpress.net and tuoitre.vn (through baomoi)
    assert row["title"] == ARTICLES[0]["title"] and "Khăm Muộn" in row["top_entities"]


def test_one_arrest_told_twice_is_one_story_event_with_two_mentions(told):
    t = load(told)
    arrest = t.story_events[t.story_events["root_code"] == "17"]
    assert len(arrest) == 1
    assert (arrest["n_mentions"].iloc[0], arrest["n_articles"].iloc[0], arrest["n_sources"].iloc[0]) == (2, 2, 2)
    assert set(arrest["event_ids"].iloc[0].split(";")) == {"a:2", "b:1"}


def test_numbers_that_cannot_both_hold_are_conflicts_and_agreeing_ones_consensus(told):
    claims = load(told).story_claims
    deaths = claims[claims["thing"] == "chết (người)"]
    assert sorted(deaths["value"]) == [8.0, 9.0] and deaths["conflict"].all()
    aboard = claims[claims["thing"] == "chở (người)"]  # khoảng 13 and 13 agree
    assert len(aboard) == 2 and aboard["consensus"].all()
    assert set(aboard["claimant"]) == {"Nguyễn Ngọc Tú"}


@pytest.mark.parametrize("a, b, same", [
    ((20, None, ">"), (25, None, "="), True),  # hơn 20 and 25
    ((20, None, "="), (35, None, "="), False),
    ((20, None, "~"), (22, None, "="), True),  # khoảng 20 allows 10 %
    ((20, None, "~"), (25, None, "="), False),
    ((3, 4, "="), (4, None, "="), True),  # 3-4
    ((3, 4, "="), (2, None, "="), False),
    ((10, None, "<"), (10, None, "="), False),  # dưới 10
    ((8, None, ">="), (8, None, "="), True),  # ít nhất 8
])
def test_qualifiers_decide_whether_two_values_can_both_hold(a, b, same):
    assert agree(interval(*a), interval(*b)) is same
    assert not math.isnan(interval(*a).low)


def test_what_a_number_counts_is_read_from_its_predicate_or_the_words_around_it():
    assert context_measure("thiệt mạng", "", "") == "chết"
    assert context_measure(None, "vụ nổ làm", " chết và 3 người bị thương") == "chết"
    assert context_measure("nổ khiến", "", " bị thương nặng") == "bị thương"
    assert context_measure(None, "Công an đã bắt giữ", " đối tượng") == "bị bắt"
    assert context_measure(None, "", " trong năm nay") == ""


def test_outlet_is_the_host_or_the_outlet_an_aggregator_names():
    assert outlet("http://www.vnexpress.net/a/b.html") == "vnexpress.net"
    assert outlet("http://www.baomoi.com/Home/TheGioi/tuoitre.vn/Phe-doi-lap/12240106.epi") == "tuoitre.vn"
    assert outlet(None) is None


def test_adding_articles_one_by_one_gives_the_stories_of_one_batch(tmp_path, told):
    out = tmp_path / "out"
    for article in ARTICLES:
        runner.add([str(_write(tmp_path / article["id"], [article]))], out, progress=False)
    batch, added = load(told), load(out)
    assert list(added.articles["story_id"]) == list(batch.articles["story_id"])
    for name in STORY_TABLES:
        assert getattr(added, name).equals(getattr(batch, name)), name


def test_show_story_prints_its_articles_events_and_conflicts(told):
    story = load(told).stories["story_id"].iloc[0]
    result = CliRunner().invoke(main, ["show", "--story", story, "--pred", str(told)])
    assert result.exit_code == 0, result.output
    assert "tuoitre.vn" in result.output and "173" in result.output
    assert "! =9 người" in result.output and "=13 người" in result.output
    missing = CliRunner().invoke(main, ["show", "--story", "s99999", "--pred", str(told)])
    assert missing.exit_code == 1 and "no story s99999" in missing.output


def test_gdelt_export_counts_the_mentions_of_a_happening(told, tmp_path):
    result = CliRunner().invoke(main, ["export", "--gdelt", str(tmp_path / "g"), "--pred", str(told)])
    assert result.exit_code == 0, result.output
    events = pd.read_csv(tmp_path / "g" / "events.gdelt.csv", dtype=str)
    mentions = pd.read_csv(tmp_path / "g" / "mentions.gdelt.csv", dtype=str)
    arrest = events[events["EventRootCode"] == "17"]
    assert len(arrest) == 1
    assert (arrest["NumMentions"].iloc[0], arrest["NumSources"].iloc[0], arrest["NumArticles"].iloc[0]) == ("2", "2", "2")
    assert set(mentions.loc[mentions["GLOBALEVENTID"] == arrest["GLOBALEVENTID"].iloc[0], "MentionSourceName"]) == {
        "vnexpress.net", "tuoitre.vn"}
    assert len(mentions) == len(load(told).events) and events["GLOBALEVENTID"].is_unique


STORY_GOLD = ROOT / "corpora" / "gold" / "stories"


def test_story_gold_offsets_slice_the_normalized_text():
    from pipeline.apps import goldset
    from pipeline.text.normalize import normalize_text

    with open(STORY_GOLD / "manifest.csv", encoding="utf-8") as fh:
        stories = list(csv.DictReader(fh))
    assert len(stories) >= 15 and all(len(s["article_ids"].split(";")) >= 4 for s in stories)
    ids = {a for s in stories for a in s["article_ids"].split(";")}
    texts = goldset.texts(ids)
    if not texts:
        pytest.skip(f"{goldset.SHARED} not present (third-party texts)")
    checked = 0
    for story in stories:
        for name, key in (("events", "trigger"), ("numbers", "number")):
            with open(STORY_GOLD / story["story"] / f"{name}.csv", encoding="utf-8") as fh:
                for row in csv.DictReader(fh):
                    text = normalize_text(texts[row["article_id"]])
                    assert text[int(row["start_char"]):int(row["end_char"])] == row[key], row
                    checked += 1
    assert checked > 1000


def test_extract_many_groups_the_texts_into_stories():
    from pipeline import extract_many

    t = extract_many(ARTICLES)
    story = dict(zip(t.articles["article_id"], t.articles["story_id"]))
    assert story["a"] == story["b"] != story["c"]
    assert len(t.stories) == 2 and t.story_claims["conflict"].any()
