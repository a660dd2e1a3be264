"""The learned entity model: shipped, used, decoded, and right where the rules alone were not."""

import numpy as np
import pytest

from pipeline.core.constants import SPANS_ENTITIES
from pipeline.core.spanvalues import get_values
from pipeline.stages.entities.features import DocFeatures, shape
from pipeline.stages.entities.model import Tagged, decode, entity_model, one_label_per_name
from pipeline.stages.entities.words import Columns

needs_model = pytest.mark.skipif(entity_model() is None, reason="models/entities/ner.crfsuite not built")


def test_bio_tags_decode_to_entities():
    tags = ["B-PER", "I-PER", "O", "I-LOC", "B-ORG", "I-MISC"]
    assert decode(tags, 10) == [Tagged(10, 12, "PER"), Tagged(13, 14, "LOC"), Tagged(14, 15, "ORG"),
                                Tagged(15, 16, "MISC")]


def test_a_repeated_name_keeps_the_label_most_of_its_mentions_got():
    # tokens of "Galaxy Gear ra mắt. Samsung bán Galaxy Gear. Galaxy Gear đắt. Apple và Samsung"
    words = ["Galaxy Gear", "ra mắt", ".", "Samsung", "bán", "Galaxy Gear", ".", "Galaxy Gear", "đắt", ".",
             "Apple", "và", "Samsung"]
    found = [Tagged(0, 1, "MISC"), Tagged(3, 4, "ORG"), Tagged(5, 6, "ORG"), Tagged(7, 8, "MISC"),
             Tagged(10, 11, "ORG"), Tagged(12, 13, "LOC")]
    labels = [t.label for t in one_label_per_name(found, words)]
    # Galaxy Gear: MISC twice, ORG once -> MISC each time; Samsung: ORG once, LOC once -> a tie, as tagged
    assert labels == ["MISC", "ORG", "MISC", "MISC", "ORG", "LOC"]


def test_word_shapes_collapse_runs():
    assert (shape("Nguyễn Văn"), shape("UBND"), shape("50km"), shape("iPhone")) == ("Xx Xx", "X", "dx", "xXx")


@needs_model
def test_the_stage_uses_the_shipped_model(make_doc):
    doc = make_doc("Ông Nguyễn Văn Bình làm việc tại Hà Nội.")
    assert doc.ents and all(get_values(doc, SPANS_ENTITIES, e)["source"] == "model" for e in doc.ents)


@needs_model
def test_products_and_companies_of_a_technology_report(make_doc):
    doc = make_doc("Hãng Samsung vừa ra mắt đồng hồ thông minh Galaxy Gear tại triển lãm IFA ở Berlin.")
    ents = {(e.text, e.label_) for e in doc.ents}
    assert {("Samsung", "ORG"), ("Galaxy Gear", "MISC"), ("Berlin", "LOC")} <= ents


@needs_model
def test_features_carry_what_the_rules_proposed(make_doc, nlp):
    doc = make_doc("Bộ Y tế cho biết.")
    recognizer = nlp.get_pipe("vnews_entities")
    cols = Columns(doc)
    candidates, accepted = recognizer.rule_entities(doc, cols)
    first = DocFeatures(doc, cols, candidates, accepted).sentence(next(doc.sents))[0]
    assert "rule=B-ORG" in first and "src:pattern=B-ORG" in first


@needs_model
def test_numpy_decoding_gives_underthesea_cores_tags_on_the_corpus(nlp):
    """The model decoded from attribute ids (crf_model.py) tags every corpus sentence as
    underthesea_core's tagger does from the feature strings, and the ids give the strings' scores
    to the bit."""
    from underthesea_core import CRFTagger

    from pipeline.core.lexicon import model_path
    from pipeline.io.reader import read_source
    from tests.conftest import REFERENCE, shared_files

    model, recognizer = entity_model(), nlp.get_pipe("vnews_entities")
    rust = CRFTagger()
    rust.load(str(model_path("entities/ner.crfsuite")))
    sentences = 0
    for path in [REFERENCE] + shared_files():
        doc = nlp.make_doc(read_source(str(path))[0].text)
        cols = Columns(doc)
        features = DocFeatures(doc, cols, *recognizer.rule_entities(doc, cols))
        sents = list(doc.sents)
        ids = features.ids(model.ids)
        rows = [row for s in sents for row in model.rows(features.sentence(s))]
        assert np.array_equal(model.crf.emissions(ids), model.crf.emissions(model.matrix(rows)))
        assert model.tag_many(ids, [len(s) for s in sents]) == [list(rust.tag(features.sentence(s))) for s in sents]
        sentences += len(sents)
    assert sentences >= 18
