"""The learned pair model that merges a story's event mentions into happenings."""

from pipeline.stories.events import mentions
from pipeline.stories.merge import FEATURES, happenings, merge_model, pair_features

SAID = {
    ("a", 1): "Công an huyện Bualapha đã bắt giữ tài xế Nguyễn Văn Hùng để điều tra.",
    ("b", 1): "Công an huyện Bualapha đã bắt giữ tài xế Nguyễn Văn Hùng.",
    ("b", 2): "Bộ Ngoại giao Việt Nam kêu gọi hai bên kiềm chế.",
}
EVENTS = [
    {"article_id": "a", "event_id": 1, "sentence_id": 1, "trigger": "bắt giữ", "cameo_code": "173", "root_code": "17",
     "actor1": "Công an huyện Bualapha", "actor2": "Nguyễn Văn Hùng", "date_value": "2016-06-01",
     "date_source": "published"},
    {"article_id": "b", "event_id": 1, "sentence_id": 1, "trigger": "bắt giữ", "cameo_code": "173", "root_code": "17",
     "actor1": "Công an huyện Bualapha", "actor2": "Nguyễn Văn Hùng", "date_value": "2016-06-01",
     "date_source": "published"},
    {"article_id": "b", "event_id": 2, "sentence_id": 2, "trigger": "kêu gọi", "cameo_code": "094", "root_code": "09",
     "actor1": "Bộ Ngoại giao Việt Nam", "actor2": None, "date_value": "2016-06-01", "date_source": "published"},
]
CANONICAL = {("a", "Công an huyện Bualapha"): "Công an huyện Bualapha", ("b", "Công an huyện Bualapha"):
             "Công an huyện Bualapha", ("a", "Nguyễn Văn Hùng"): "Nguyễn Văn Hùng",
             ("b", "Nguyễn Văn Hùng"): "Nguyễn Văn Hùng", ("b", "Bộ Ngoại giao Việt Nam"): "Bộ Ngoại giao Việt Nam"}


def test_the_shipped_model_has_every_feature_and_a_threshold():
    model = merge_model()
    assert len(model.weights) == len(FEATURES) and 0 < model.threshold < 1


def test_one_arrest_told_by_two_outlets_is_one_happening_and_an_appeal_another():
    arrest_a, arrest_b, appeal = mentions(EVENTS, CANONICAL, {"a": "vnexpress.net", "b": "tuoitre.vn"}, SAID)
    assert pair_features(arrest_a, appeal) is None  # another root, no trigger word or sentence in common
    model = merge_model()
    assert model.probability(pair_features(arrest_a, arrest_b)) > model.threshold
    groups = happenings([arrest_a, arrest_b, appeal])
    assert [[(m.article_id, m.event_id) for m in g] for g in groups] == [[("a", 1), ("b", 1)], [("b", 2)]]


def test_a_threshold_of_one_keeps_every_mention_apart():
    ms = mentions(EVENTS, CANONICAL, {"a": "vnexpress.net", "b": "tuoitre.vn"}, SAID)
    assert len(happenings(ms, merge_model()._replace(threshold=1.0))) == 3
