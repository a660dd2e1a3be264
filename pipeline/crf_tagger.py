"""underthesea's POS, chunk and NER CRFs, with their features built once per sentence.

underthesea's ``pos_tag``/``chunk``/``ner`` spend about 90% of their time building
features: ``template2features`` re-parses each template with a regex and rebuilds
every column of the sentence, for every feature of every token (quadratic in the
sentence length). Here each template is parsed once, the columns are built once per
sentence, and the same feature strings go to the same CRF models (``underthesea_core``),
so the tags are identical (tests/test_crf_tagger.py checks this on every sentence of
the corpus). Tied to the pinned underthesea release: the templates and models are
read from its predictor classes, not copied.
"""

from __future__ import annotations

import re
from collections import OrderedDict

_SYNTAX = re.compile(r"T\[(?P<index1>\-?\d+)(\,(?P<index2>\-?\d+))?\](\[(?P<column>.*)\])?(\.(?P<function>.*))?")


class CompiledTemplate:
    """A feature template (``T[-1,0][1]``, ``T[0].istitle``...) parsed once."""

    def __init__(self, template: list[str], functions: dict):
        self.parts = []
        for syntax in template:
            m = _SYNTAX.match(syntax)
            column = int(m.group("column")) if m.group("column") else 0
            index2 = int(m.group("index2")) if m.group("index2") else None
            func = functions[m.group("function")] if m.group("function") else None
            self.parts.append((f"{syntax}=", int(m.group("index1")), index2, column, func))

    def features(self, sent: list[tuple]) -> list[list[str]]:
        """The feature strings of every token, as underthesea's ``word2features`` makes them."""
        n = len(sent)
        columns = [[row[j] for row in sent] for j in range(len(sent[0]))] if n else []
        cache: dict = {}
        out = []
        for i in range(n):
            feats = []
            for prefix, index1, index2, column, func in self.parts:
                a = i + index1
                if a < 0:
                    feats.append(prefix + "BOS")
                    continue
                if a >= n:
                    feats.append(prefix + "EOS")
                    continue
                if index2 is not None:
                    b = i + index2
                    if b >= n:
                        feats.append(prefix + "EOS")
                        continue
                    word = " ".join(columns[column][a:b + 1])
                else:
                    word = columns[column][a]
                if func is not None:
                    key = (func, word)
                    value = cache.get(key)
                    if value is None:
                        value = cache[key] = f"{func(word)}"
                    word = value
                feats.append(prefix + word)
            out.append(feats)
        return out


class CRFChain:
    """Words -> (word, POS, chunk, NER) with underthesea's three CRF models."""

    def __init__(self, cache_size: int = 20_000):
        from underthesea.pipeline.chunking.model_crf import CRFChunkingPredictor
        from underthesea.pipeline.ner import tagged_feature
        from underthesea.pipeline.ner.model_crf import CRFNERPredictor
        from underthesea.pipeline.pos_tag.model_crf import CRFPOSTagPredictor

        functions = {
            "lower": tagged_feature.text_lower,
            "istitle": tagged_feature.text_istitle,
            "isallcap": tagged_feature.text_isallcap,
            "isdigit": tagged_feature.text_isdigit,
            "is_in_dict": tagged_feature.text_is_in_dict,
        }
        self.layers = []
        for predictor in (CRFPOSTagPredictor, CRFChunkingPredictor, CRFNERPredictor):
            inst = predictor.Instance()
            self.layers.append((inst.model, CompiledTemplate(inst.transformer.template, functions)))
        self.cache: OrderedDict[tuple, list[tuple]] = OrderedDict()
        self.cache_size = cache_size

    def tag(self, words: list[str]) -> list[tuple[str, str, str, str]]:
        """Same output as underthesea's ``ner()`` fed with these words; repeated
        sentences (boilerplate, bylines) are served from a bounded cache."""
        key = tuple(words)
        hit = self.cache.get(key)
        if hit is not None:
            self.cache.move_to_end(key)
            return hit
        rows: list[tuple] = [(w,) for w in words]
        for model, template in self.layers:
            tags = model.tag(template.features([row + ("X",) for row in rows]))
            rows = [row + (tag,) for row, tag in zip(rows, tags)]
        self.cache[key] = rows
        if len(self.cache) > self.cache_size:
            self.cache.popitem(last=False)
        return rows
