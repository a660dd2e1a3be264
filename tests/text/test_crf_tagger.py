"""The fast CRF chain gives underthesea's own tags, on every sentence of the corpus."""

import pytest
from underthesea import ner, word_tokenize

from pipeline.io.reader import read_source
from pipeline.text.crf_tagger import CRFChain, WordSegmenter
from pipeline.text.normalize import normalize_text
from tests.conftest import REFERENCE, shared_files


@pytest.fixture(scope="module")
def sentences(nlp):
    out = []
    for path in [REFERENCE] + shared_files():
        text = normalize_text(read_source(str(path))[0].text)
        out += [text[s:e] for s, e in nlp.tokenizer.sentence_spans(text)]
    return out


def test_identical_words_pos_chunk_ner_tags(sentences):
    chain = CRFChain(cache_size=0)
    different = [s for s in sentences if [tuple(r) for r in ner(s)] != chain.tag(word_tokenize(s))]
    assert not different, f"{len(different)} of {len(sentences)} sentences differ, e.g. {different[0][:80]!r}"
    assert len(sentences) >= 18  # the reference alone has 18


def test_identical_words(sentences):
    segment = WordSegmenter()
    different = [s for s in sentences if segment(s) != word_tokenize(s)]
    assert not different, f"{len(different)} of {len(sentences)} sentences differ, e.g. {different[0][:80]!r}"
    # underthesea's character and token normalisation are kept: old-style marks, NFD input
    assert segment("Thủy thủ đoàn hoà bình") == word_tokenize("Thủy thủ đoàn hoà bình")
    assert segment("") == word_tokenize("") == []


def test_cache_returns_the_same_rows():
    chain = CRFChain(cache_size=2)
    words = word_tokenize("Đức và Pháp kêu gọi ngừng bắn.")
    first = chain.tag(words)
    assert chain.tag(words) is first
    chain.tag(["a"]), chain.tag(["b"])
    assert tuple(words) not in chain.cache  # evicted, bounded


def test_compiled_template_makes_underthesea_core_features(sentences):
    """The segmentation features built in Python are underthesea_core's, string for string,
    on the corpus and on the edge cases of its functions (32-bit integers, signs, punctuation,
    upper-case-less scripts)."""
    import joblib
    from underthesea_core import CRFFeaturizer

    from pipeline.text.crf_tagger import Column, CompiledTemplate, core_functions

    segment = WordSegmenter()
    base = segment.model_dir
    template, dictionary = joblib.load(base / "features.bin"), joblib.load(base / "dictionary.bin")
    ours, core = CompiledTemplate(template, core_functions(dictionary)), CRFFeaturizer(template, dictionary)
    edge = "2147483647 2147483648 -2147483648 -5 +7 007 3,5 . « Hà Nội » ĐBSCL 1/5 ½ ß Ωmega x".split()
    samples = [segment.syllables(s) for s in sentences] + [edge, edge[:1]]
    for syllables in samples:
        assert [list(row) for row in ours.features([(s,) for s in syllables])] == \
            core.process([[[s] for s in syllables]])[0]
    # the ids the taggers use are these strings' ids: every sentence at once
    attributes, unknown = segment.model.attributes, segment.model.unknown
    ids = segment._template.attribute_ids([Column.of([s for sent in samples for s in sent])], [len(sent) for sent in samples])
    strings = [row for sent in samples for row in ours.features([(s,) for s in sent])]
    assert ids.T.tolist() == [[attributes.get(f, unknown) for f in row] for row in strings]


def test_crf_model_reads_what_underthesea_core_reads():
    """The CRFsuite files read into numpy: underthesea_core's labels, attributes and weights."""
    from underthesea_core import CRFModel as CoreModel

    from pipeline.text.crf_model import CRFModel

    segment = WordSegmenter()
    ours, core = CRFModel.load(segment.model_dir / "models.bin"), CoreModel.load(str(segment.model_dir / "models.bin"))
    assert ours.labels == core.get_labels() == ["B-W", "I-W"]
    assert len(ours.attributes) == core.num_attributes
    assert ours.state.shape == (core.num_attributes + 1, 2) and not ours.state[ours.unknown].any()
    assert (ours.state != 0).sum() == core.num_state_features()
    assert abs(float((ours.state ** 2).sum() + (ours.transition ** 2).sum()) - core.l2_norm_squared()) < 1e-6


def test_many_sentences_at_once_as_one_by_one():
    chain, segment = CRFChain(cache_size=0), WordSegmenter()
    texts = ["Đức và Pháp kêu gọi ngừng bắn.", "", "Ông Nguyễn Văn Bình làm việc tại Hà Nội hôm 5/3.", "!"]
    words = segment.segment_many(texts)
    assert words == [segment(t) for t in texts] and words[1] == []
    assert chain.tag_many(words) == [chain.tag(w) if w else [] for w in words]
    assert chain.tag_many([]) == [] and segment.segment_many([]) == []
