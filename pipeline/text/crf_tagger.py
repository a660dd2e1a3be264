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

import functools
import importlib
import re
from collections import OrderedDict
from pathlib import Path

_SYNTAX = re.compile(r"T\[(?P<index1>\-?\d+)(\,(?P<index2>\-?\d+))?\](\[(?P<column>.*)\])?(\.(?P<function>.*))?")


def _memo(func):
    @functools.lru_cache(maxsize=200_000)
    def as_text(word: str) -> str:
        return f"{func(word)}"

    return as_text


class CompiledTemplate:
    """A feature template (``T[-1,0][1]``, ``T[0].istitle``...) parsed once."""

    def __init__(self, template: list[str], functions: dict):
        self.parts = []
        for syntax in template:
            m = _SYNTAX.match(syntax)
            column = int(m.group("column")) if m.group("column") else 0
            index2 = int(m.group("index2")) if m.group("index2") else None
            func = functions[m.group("function")] if m.group("function") else None
            if func is not None:  # values as strings, memoised across sentences
                func = _memo(func)
            self.parts.append((f"{syntax}=", int(m.group("index1")), index2, column, func))

    def features(self, sent: list[tuple], memo: dict | None = None,
                 names: list[str] | None = None) -> list[tuple[str, ...]]:
        """The feature strings of every token, as underthesea's ``word2features`` makes them.

        Each template's value is computed once per start position (``values[a]``); a
        token's feature is then a lookup at ``i + index1``, or BOS/EOS outside the sentence.
        ``memo`` (with ``names``, what each column holds) shares those lists between the
        taggers run on one sentence: the POS, chunk and NER templates repeat the word ones."""
        n = len(sent)
        if not n:
            return []
        columns = [[row[j] for row in sent] for j in range(len(sent[0]))]
        names = names or [str(j) for j in range(len(columns))]
        memo = {} if memo is None else memo  # T[-1].lower, T[0].lower... share one list of values
        lookups = []
        for prefix, index1, index2, column, func in self.parts:
            shifted = memo.get((prefix, names[column]))
            if shifted is None:
                shifted = memo[(prefix, names[column])] = self._column(
                    prefix, index1, index2, columns[column], func, n, memo, names[column])
            lookups.append(shifted)
        return list(zip(*lookups))  # rows as tuples: the CRF takes any sequence

    @staticmethod
    def _column(prefix, index1, index2, col, func, n, memo, name) -> list[str]:
        span = 0 if index2 is None else index2 - index1
        key = (name, span, func)
        raw = memo.get(key)
        if raw is None:
            if span == 0:  # the column itself, or a function of it (no EOS inside)
                raw = col if func is None else [func(w) for w in col]
            else:  # "T[-1,0]": the words from index1 to index2, joined; EOS where it runs out
                words = [" ".join(col[a:a + span + 1]) if a + span < n else None for a in range(n)]
                raw = ["EOS" if w is None else (w if func is None else func(w)) for w in words]
            memo[key] = raw
        # the column of this feature over tokens i = 0..n-1 is raw[i + index1], BOS/EOS outside;
        # only the values that land on a token are prefixed
        if index1 >= 0:
            values = [prefix + v for v in raw[index1:]] if index1 else [prefix + v for v in raw]
            if index1:
                values.extend([prefix + "EOS"] * min(index1, n))
            return values
        values = [prefix + "BOS"] * min(-index1, n)
        values.extend([prefix + v for v in raw[:max(n + index1, 0)]])
        return values


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
        memo: dict = {}
        names = ["word"]  # what each column holds: words, then each layer's tags
        for layer, (model, template) in enumerate(self.layers):
            tags = model.tag(template.features([row + ("X",) for row in rows], memo, names + ["X"]))
            rows = [row + (tag,) for row, tag in zip(rows, tags)]
            names.append(f"layer{layer}")
        self.cache[key] = rows
        if len(self.cache) > self.cache_size:
            self.cache.popitem(last=False)
        return rows


class WordSegmenter:
    """underthesea's ``word_tokenize`` (regex syllables, then the segmentation CRF), with
    less Python around it: the syllable is the whole regex match (underthesea scans the
    match's named groups for it), and the per-syllable normalisation is memoised. Same
    words (tests/test_crf_tagger.py compares every corpus sentence)."""

    def __init__(self):
        from underthesea.models.fast_crf_sequence_tagger import FastCRFSequenceTagger
        from underthesea.pipeline.text_normalize import token_normalize
        from underthesea.pipeline.word_tokenize import regex_tokenize

        ws = importlib.import_module("underthesea.pipeline.word_tokenize")
        if ws.word_tokenize_model is None:  # shared with underthesea's own function
            model = FastCRFSequenceTagger()
            model.load(str(Path(ws.__file__).parent / "models" / "ws_crf_vlsp2013_20230727"))
            ws.word_tokenize_model = model
        model = ws.word_tokenize_model
        self._featurize, self._tag = model.featurizer.process, model.estimator.tag
        self._patterns = regex_tokenize.patterns
        self._normalize_text = regex_tokenize.normalize_characters_in_text
        self._normalize_token = functools.lru_cache(maxsize=200_000)(token_normalize)

    def __call__(self, sentence: str) -> list[str]:
        text = self._normalize_text(sentence)
        norm = self._normalize_token
        syllables = [norm(m.group()) for m in self._patterns.finditer(text)]
        if not syllables:
            return []
        tags = self._tag(self._featurize([[[s] for s in syllables]])[0])
        words: list[str] = []
        for tag, syllable in zip(tags, syllables):
            if tag == "I-W" and words:
                words[-1] += " " + syllable
            else:
                words.append(syllable)
        return words
