"""The per-user cache of parsed models: the same thing back, rebuilt when its source or code changes."""

import pickle

from pipeline.core import cache
from pipeline.core.lexicon import model_path
from pipeline.stages.entities.model import MODEL, EntityModel, entity_model
from pipeline.text.crf_model import CRFModel


def test_cached_builds_once_then_reads_and_rebuilds_on_change(tmp_path, monkeypatch):
    monkeypatch.setenv("VNEWS_CACHE", str(tmp_path / "cache"))
    source, code = tmp_path / "words.txt", tmp_path / "builder.py"
    source.write_text("một\nhai\n", encoding="utf-8")
    code.write_text("# v1\n", encoding="utf-8")
    calls = []

    def build():
        calls.append(1)
        return set(source.read_text(encoding="utf-8").split())

    assert cache.cached(source, "words", build, [str(code)]) == {"một", "hai"}
    assert cache.cached(source, "words", build, [str(code)]) == {"một", "hai"} and len(calls) == 1
    source.write_text("một\nhai\nba\n", encoding="utf-8")  # a new size: a new entry
    assert cache.cached(source, "words", build, [str(code)]) == {"một", "hai", "ba"} and len(calls) == 2
    code.write_text("# v2\n", encoding="utf-8")  # the builder's code changed
    cache.cached(source, "words", build, [str(code)])
    assert len(calls) == 3


def test_an_unreadable_entry_or_an_unwritable_cache_only_costs_time(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("VNEWS_CACHE", str(folder))
    source = tmp_path / "x.txt"
    source.write_text("x", encoding="utf-8")
    assert cache.cached(source, "x", lambda: 1) == 1
    [entry] = folder.iterdir()
    entry.write_bytes(b"not a pickle")
    assert cache.cached(source, "x", lambda: 2) == 2  # rebuilt and rewritten
    assert pickle.loads(entry.read_bytes()) == 2
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("VNEWS_CACHE", str(blocker / "cache"))  # cannot be made
    assert cache.cached(source, "x", lambda: 3) == 3
    monkeypatch.setenv("VNEWS_CACHE", "off")
    assert cache.cached(source, "x", lambda: 4) == 4


def test_the_cached_entity_model_scores_as_the_parsed_one(tmp_path, monkeypatch):
    monkeypatch.setenv("VNEWS_CACHE", str(tmp_path))
    entity_model.cache_clear()
    try:
        cold = entity_model()  # built and kept
        entity_model.cache_clear()
        warm = entity_model()  # read back from the cache
        assert warm is not cold
        parsed = EntityModel(CRFModel.parse(model_path(MODEL)))
        for model in (warm, parsed):
            assert model.crf.labels == cold.crf.labels and (model.crf.state == cold.crf.state).all()
            assert model.ids.known(["w[0]=Hà_Nội", "bias"]) == cold.ids.known(["w[0]=Hà_Nội", "bias"])
    finally:
        entity_model.cache_clear()
