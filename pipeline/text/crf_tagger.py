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
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

_SYNTAX = re.compile(r"T\[(?P<index1>\-?\d+)(\,(?P<index2>\-?\d+))?\](\[(?P<column>.*)\])?(\.(?P<function>.*))?")
_INT32 = re.compile(r"[+-]?[0-9]+")
# Words (and tags) whose feature strings are remembered per group; the cache is emptied beyond.
# N-grams are not cached: few repeat in distinct text, and their strings cost about 5 KB of
# memory per sentence (400 KB of articles grew a worker by 180 MB with them cached).
CACHE_SIZE = 50_000


def _core_isdigit(text: str) -> str:
    """underthesea_core's ``isdigit``: the text parses as a 32-bit integer."""
    return "True" if _INT32.fullmatch(text) and -2**31 <= int(text) < 2**31 else "False"


def _core_istitle(text: str) -> str:
    """underthesea_core's ``istitle``: every syllable's first character is its own upper case."""
    return "True" if all(part[:1] == part[:1].upper() for part in text.split(" ")) else "False"


def core_functions(dictionary: set[str]) -> dict:
    """The template functions of underthesea_core's ``CRFFeaturizer`` (the segmentation CRF's), in
    Python: the same values on every sentence (tests/text/test_crf_tagger.py)."""
    def is_in_dict(text: str) -> str:
        return "True" if text.lower() in dictionary else "False"

    return {"lower": str.lower, "isdigit": _core_isdigit, "istitle": _core_istitle, "is_in_dict": is_in_dict}


class _Group(NamedTuple):
    """Template parts that read the same n-gram of one column (``T[-1].lower`` and ``T[2]``
    read one word; ``T[0,1]`` and ``T[-1,0].is_in_dict`` two): their values at a start
    position are one tuple, cached by the word's text for single words."""
    column: int
    span: int  # words in the n-gram, minus one
    bos: tuple[str, ...]
    eos: tuple[str, ...]
    make: Callable[[str], tuple[str, ...]]  # the n-gram's text -> the parts' feature strings


def _maker(parts: list[tuple[str, Callable | None]]) -> Callable[[str], tuple[str, ...]]:
    """One generated function for a group's feature strings: ``lambda w: ("T[0]=" + w,
    "T[0].lower=" + str(F[1](w)), ...)``."""
    funcs = [func for _, func in parts]
    body = ", ".join(f"P[{k}] + w" if func is None else f"P[{k}] + str(F[{k}](w))" for k, func in enumerate(funcs))
    return eval(f"lambda w: ({body},)", {"P": [p for p, _ in parts], "F": funcs, "str": str})  # noqa: S307


class CompiledTemplate:
    """A feature template (``T[-1,0][1]``, ``T[0].istitle``...) compiled once.

    Per sentence, each group's value tuple is made for every start position (looked up, for
    single words: the same words come back in every sentence); a token's row then picks, for
    each template part in template order, the slot of its group at ``i + index1`` (BOS/EOS
    tuples pad the ends). The picking is one generated expression, so a row costs a few
    subscripts instead of a string per feature, and the feature strings of frequent words are
    the same objects from sentence to sentence."""

    def __init__(self, template: list[str], functions: dict, cache_size: int = CACHE_SIZE):
        groups: dict[tuple[int, int], list[tuple[str, Callable | None]]] = {}
        picks = []
        for syntax in template:
            m = _SYNTAX.match(syntax)
            column = int(m.group("column")) if m.group("column") else 0
            index1 = int(m.group("index1"))
            span = int(m.group("index2")) - index1 if m.group("index2") else 0
            func = functions[m.group("function")] if m.group("function") else None
            parts = groups.setdefault((column, span), [])
            parts.append((f"{syntax}=", func))
            picks.append(((column, span), len(parts) - 1, index1))
        self.groups = [_Group(column, span, tuple(p + "BOS" for p, _ in parts), tuple(p + "EOS" for p, _ in parts),
                              _maker(parts))
                       for (column, span), parts in groups.items()]
        number = {key: g for g, key in enumerate(groups)}
        self.pad = max(abs(index1) for _, _, index1 in picks)
        self.caches: list[dict[str, tuple[str, ...]] | None] = [{} if g.span == 0 else None for g in self.groups]
        self.cache_size = cache_size
        body = ", ".join(f"G[{number[key]}][i + {self.pad + index1}][{slot}]" for key, slot, index1 in picks)
        self._row = eval(f"lambda G, i: ({body},)")  # noqa: S307  built from the parsed template above

    def features(self, sent: list[tuple]) -> list[tuple[str, ...]]:
        """The feature strings of every token, as underthesea's ``word2features`` (or
        underthesea_core's featurizer, with ``core_functions``) makes them."""
        n = len(sent)
        if not n:
            return []
        columns: dict[int, list[str]] = {}
        values = []
        for group, cache in zip(self.groups, self.caches):
            col = columns.get(group.column)
            if col is None:
                col = columns[group.column] = [row[group.column] for row in sent]
            span = group.span
            found = [group.bos] * self.pad
            make = group.make
            if cache is None:
                found.extend(make(" ".join(col[a:a + span + 1])) for a in range(n - span))
            else:
                if len(cache) > self.cache_size:
                    cache.clear()
                for key in col:
                    hit = cache.get(key)
                    if hit is None:
                        hit = cache[key] = make(key)
                    found.append(hit)
            found.extend([group.eos] * (self.pad + span))
            values.append(found)
        row = self._row
        return [row(values, i) for i in range(n)]


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


class WordSegmenter:
    """underthesea's ``word_tokenize`` (regex syllables, then the segmentation CRF), with
    less Python around it: the syllable is the whole regex match (underthesea scans the
    match's named groups for it), the per-syllable normalisation is memoised, and the
    features come from a ``CompiledTemplate`` with underthesea_core's functions instead of its
    ``CRFFeaturizer`` (which makes a new string per feature, three times slower). Same words
    (tests/text/test_crf_tagger.py compares every corpus sentence)."""

    def __init__(self):
        import joblib
        from underthesea.pipeline.text_normalize import token_normalize
        from underthesea.pipeline.word_tokenize import regex_tokenize
        from underthesea_core import CRFTagger

        ws = importlib.import_module("underthesea.pipeline.word_tokenize")
        # the files underthesea's FastCRFSequenceTagger.load reads for word_tokenize
        base = self.model_dir = Path(ws.__file__).parent / "models" / "ws_crf_vlsp2013_20230727"
        tagger = CRFTagger()
        tagger.load(str(base / "models.bin"))
        self._tag = tagger.tag
        self._template = CompiledTemplate(joblib.load(base / "features.bin"),
                                          core_functions(joblib.load(base / "dictionary.bin")))
        self._patterns = regex_tokenize.patterns
        self._normalize_text = regex_tokenize.normalize_characters_in_text
        self._normalize_token = functools.lru_cache(maxsize=200_000)(token_normalize)

    def syllables(self, sentence: str) -> list[str]:
        """underthesea's normalised syllables of a sentence, what the segmentation CRF tags."""
        norm = self._normalize_token
        return [norm(m.group()) for m in self._patterns.finditer(self._normalize_text(sentence))]

    def __call__(self, sentence: str) -> list[str]:
        syllables = self.syllables(sentence)
        if not syllables:
            return []
        tags = self._tag(self._template.features([(s,) for s in syllables]))
        words: list[str] = []
        for tag, syllable in zip(tags, syllables):
            if tag == "I-W" and words:
                words[-1] += " " + syllable
            else:
                words.append(syllable)
        return words
