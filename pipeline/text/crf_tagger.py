"""underthesea's CRFs (word segmentation, then POS, chunk and NER) with their features made fast.

underthesea's ``pos_tag``/``chunk``/``ner`` spend about 90% of their time building features
(``template2features`` re-parses each template and rebuilds every column for every feature of every token),
and underthesea_core's tagger then takes every feature as a Python string. Here a template is parsed once:
``CompiledTemplate`` makes the very strings underthesea makes (tests compare them with underthesea_core's
featurizer), ``TemplateIds`` makes their attribute ids in a model for many sentences at once, and
``CRFModel`` (crf_model.py) decodes them as underthesea_core does. The words and tags are underthesea's
(tests/text/test_crf_tagger.py compares every corpus sentence). Tied to the pinned underthesea release: the
templates, the functions and the model files are read from its modules, not copied.
"""

from __future__ import annotations

import functools
import importlib
import itertools
import re
from collections import OrderedDict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import NamedTuple

import numpy as np

from pipeline.core.cache import cached
from pipeline.text.crf_model import CRFModel, positions_within

_SYNTAX = re.compile(r"T\[(?P<index1>\-?\d+)(\,(?P<index2>\-?\d+))?\](\[(?P<column>.*)\])?(\.(?P<function>.*))?")
_INT32 = re.compile(r"[+-]?[0-9]+")
# Words (and tags) whose feature strings CompiledTemplate remembers; emptied beyond.
# N-grams are not: few repeat in distinct text, and their feature strings cost about 5 KB of
# memory per sentence (400 KB of articles grew a worker by 180 MB with them cached).
CACHE_SIZE = 50_000


class TextTest:
    """A yes/no template function, written ``True``/``False`` in its features (``istitle``,
    ``is_in_dict``...). ``many`` answers for many texts at once (a dictionary lookup of their
    lower cases runs in C); ``conjunctive``: its answer for an n-gram is the AND of its answers
    for the n-gram's words (true of ``istitle``, which tests every space-separated part)."""

    def __init__(self, test: Callable[[str], bool], conjunctive: bool = False,
                 many: Callable[[list[str]], Iterable[bool]] | None = None):
        self.test, self.conjunctive, self.batched = test, conjunctive, many

    def __call__(self, text: str) -> str:
        return "True" if self.test(text) else "False"

    def many(self, texts: list[str]) -> np.ndarray:
        answers = self.batched(texts) if self.batched is not None else map(self.test, texts)
        return np.fromiter(answers, dtype=bool, count=len(texts))


def _core_isdigit(text: str) -> bool:
    """underthesea_core's ``isdigit``: the text parses as a 32-bit integer."""
    return bool(_INT32.fullmatch(text)) and -2**31 <= int(text) < 2**31


def _core_istitle(text: str) -> bool:
    """underthesea_core's ``istitle``: every syllable's first character is its own upper case."""
    for part in text.split(" "):
        if part[:1] != part[:1].upper():
            return False
    return True


def in_dictionary(words: set[str]) -> TextTest:
    """``is_in_dict``: the text's lower case is one of ``words``."""
    return TextTest(lambda text: text.lower() in words,
                    many=lambda texts: map(words.__contains__, map(str.lower, texts)))


def core_functions(dictionary: set[str]) -> dict:
    """The template functions of underthesea_core's ``CRFFeaturizer`` (the segmentation CRF's), in
    Python: the same values on every sentence (tests/text/test_crf_tagger.py)."""
    return {"lower": str.lower, "isdigit": TextTest(_core_isdigit),
            "istitle": TextTest(_core_istitle, conjunctive=True), "is_in_dict": in_dictionary(dictionary)}


class _Group(NamedTuple):
    """Template parts that read the same n-gram of one column (``T[-1].lower`` and ``T[2]``
    read one word; ``T[0,1]`` and ``T[-1,0].is_in_dict`` two): their values at a start
    position are one tuple, cached by the word's text for single words."""
    column: int
    span: int  # words in the n-gram, minus one
    bos: tuple
    eos: tuple
    # single words: the word -> its value tuple; n-grams: the column -> a value tuple per start
    make: Callable


def _maker(runs: dict[str | None, list[str]], span: int, functions: dict) -> tuple[Callable, tuple, tuple]:
    """A group's generated function for its feature strings, and its BOS and EOS tuples.
    ``runs`` lists the group's template parts by function (``None`` for the plain value):
    ``lambda w: ("T[-1]=" + w, "T[0]=" + w, "T[0].lower=" + w.lower(), ...)``; for n-grams it
    makes the whole column's: ``lambda col: [... for w in map(" ".join, zip(col, col[1:]))]``."""
    values = ["w" if name is None else "w.lower()" if name == "lower" else f"str(F[{name!r}](w))" for name in runs]
    prefixes = list(runs.values())
    row = "(" + "".join(f"P[{r}][{j}] + {value}, " for r, value in enumerate(values)
                        for j in range(len(prefixes[r]))) + ")"
    bos, eos = (tuple(p + end for run in prefixes for p in run) for end in ("BOS", "EOS"))
    if span:
        columns = ", ".join(["col"] + [f"col[{j}:]" for j in range(1, span + 1)])
        code = f"lambda col: [{row} for w in map(' '.join, zip({columns}))]"
    else:
        code = f"lambda w: {row}"
    return eval(code, {"P": prefixes, "str": str, "F": functions}), bos, eos  # noqa: S307  from the template


def _parse(template: list[str], functions: dict):
    """(column, span) -> function name -> template parts (prefixes ``T[-1,0].lower=``), and per
    part in template order: ((column, span), function name, index in its run, index1)."""
    groups: dict[tuple[int, int], dict[str | None, list[str]]] = {}
    parsed = []
    for syntax in template:
        m = _SYNTAX.match(syntax)
        column = int(m.group("column")) if m.group("column") else 0
        index1 = int(m.group("index1"))
        span = int(m.group("index2")) - index1 if m.group("index2") else 0
        name = m.group("function")
        if name and name not in functions:
            raise ValueError(f"template part {syntax}: no function {name!r}")
        run = groups.setdefault((column, span), {}).setdefault(name, [])
        run.append(f"{syntax}=")
        parsed.append(((column, span), name, len(run) - 1, index1))
    return groups, parsed


class CompiledTemplate:
    """A feature template (``T[-1,0][1]``, ``T[0].istitle``...) compiled once, making feature
    strings (what underthesea's ``word2features`` and underthesea_core's featurizer make; the
    taggers use ``TemplateIds``).

    Per sentence, each group's value tuple is made for every start position (looked up, for
    single words: the same words come back in every sentence); a token's row then picks, for
    each template part in template order, the slot of its group at ``i + index1`` (BOS/EOS
    tuples pad the ends). The picking is one generated expression."""

    def __init__(self, template: list[str], functions: dict, cache_size: int = CACHE_SIZE):
        groups, parsed = _parse(template, functions)
        self.groups = []
        for (column, span), runs in groups.items():
            make, bos, eos = _maker(runs, span, functions)
            self.groups.append(_Group(column, span, bos, eos, make))
        # a part's slot in its group's tuple: the runs one after the other
        offsets = {key: dict(zip(runs, itertools.accumulate((len(r) for r in runs.values()), initial=0)))
                   for key, runs in groups.items()}
        number = {key: g for g, key in enumerate(groups)}
        self.pad = max(abs(index1) for *_, index1 in parsed)
        self.picks = [(number[key], offsets[key][name] + j, index1) for key, name, j, index1 in parsed]
        self.caches: list[dict[str, tuple] | None] = [{} if g.span == 0 else None for g in self.groups]
        self.cache_size = cache_size
        body = ", ".join(f"G[{g}][i + {self.pad + index1}][{slot}]" for g, slot, index1 in self.picks)
        self._row = eval(f"lambda G, i: ({body},)")  # noqa: S307  built from the parsed template above

    def features(self, sent: list[tuple]) -> list[tuple[str, ...]]:
        """The feature strings of every token."""
        n = len(sent)
        if not n:
            return []
        columns: dict[int, list[str]] = {}
        values = []
        for group, cache in zip(self.groups, self.caches):
            col = columns.get(group.column)
            if col is None:
                col = columns[group.column] = [row[group.column] for row in sent]
            found = [group.bos] * self.pad
            if cache is None:
                found.extend(group.make(col))
            else:
                if len(cache) > self.cache_size:
                    cache.clear()
                for key in col:
                    hit = cache.get(key)
                    if hit is None:
                        hit = cache[key] = group.make(key)
                    found.append(hit)
            found.extend([group.eos] * (self.pad + group.span))
            values.append(found)
        row = self._row
        return [row(values, i) for i in range(n)]


class Column(NamedTuple):
    """One column (words, or a layer's tags) of many sentences' tokens, one after the other, as
    codes: token i is ``values[codes[i]]``. What the templates derive from it (lower cases,
    n-grams, yes/no answers) is computed for its distinct values once and kept in ``derived``,
    so the CRF layers that read the same words share it: by span, its n-grams (``_NGrams``); by
    function, the function's value for each distinct value. A Column serves one batch of sentences."""
    codes: np.ndarray
    values: list[str]
    derived: dict

    @classmethod
    def of(cls, texts: list[str]) -> Column:
        """The column of ``texts``, coded by first appearance."""
        index = dict.fromkeys(texts)
        values = list(index)
        index.update(zip(values, range(len(values))))
        return cls(np.fromiter(map(index.__getitem__, texts), dtype=np.intp, count=len(texts)), values, {})


class _NGrams(NamedTuple):
    """A column's n-grams that fit in their sentences, coded: ``column.codes`` per start,
    ``column.values`` their distinct texts, ``first[u]`` the token where text u first starts."""
    column: Column
    first: np.ndarray


def _ngrams(col: Column, span: int, starts: np.ndarray) -> _NGrams:
    """The n-grams of ``span + 1`` tokens starting at the tokens ``starts``."""
    codes, first = col.codes[starts], starts
    for j in range(1, span + 1):  # the codes of the (j+1)-grams from those of the j-grams
        _, where, codes = np.unique(codes * len(col.values) + col.codes[starts + j], return_index=True,
                                    return_inverse=True)
        first = starts[where]
    parts = [map(col.values.__getitem__, col.codes[first + j].tolist()) for j in range(span + 1)]
    return _NGrams(Column(codes.ravel(), list(map(" ".join, zip(*parts))), {}), first)


class _Run(NamedTuple):
    """The template parts of a group that apply one function to its n-gram (``T[-1].lower``,
    ``T[0].lower``...), as ids in a model: a value's row number picks the ids of all of them
    in ``table`` (row 0: a value the model knows in none)."""
    func: Callable | None  # the n-gram's text -> the value: None (the text itself), str.lower, a TextTest
    rows: dict[str, int]
    table: np.ndarray  # parts x rows: attribute ids (a part's ids contiguous, for one np.take)
    bos: int  # the rows of the padding, ``T[-1].lower=BOS``...
    eos: int


def _value_rows(run: _Run, col: Column, span: int, grams: _NGrams | None) -> np.ndarray:
    """The row in ``run.table`` of each distinct value of the column's words (``grams``: of its
    n-grams of ``span + 1`` words); the function's values are kept for the other runs and layers."""
    texts = col if grams is None else grams.column
    func = run.func
    if isinstance(func, TextTest):
        if func not in texts.derived:
            if grams is not None and func.conjunctive:  # an n-gram's answer from its words'
                if func not in col.derived:
                    col.derived[func] = func.many(col.values)
                words = [col.derived[func][col.codes[grams.first + j]] for j in range(span + 1)]
                texts.derived[func] = np.logical_and.reduce(words)
            else:
                texts.derived[func] = func.many(texts.values)
        return np.where(texts.derived[func], run.rows.get("True", 0), run.rows.get("False", 0))
    if func is not None and func not in texts.derived:
        texts.derived[func] = list(map(func, texts.values))
    values = texts.values if func is None else texts.derived[func]
    return np.fromiter(map(run.rows.get, values, itertools.repeat(0)), dtype=np.intp, count=len(values))


class TemplateIds:
    """A feature template compiled against a ``CRFModel``: the attribute ids of every token of
    many sentences at once, without making a feature string.

    The sentences' columns are concatenated and coded (``Column``); for each group (a column's
    words or n-grams) each function runs once per distinct value, a dict gives each distinct
    value's row of ids, and the tokens' rows are laid out per sentence with BOS/EOS padding; a
    template part is then one numpy gather at ``i + index1``."""

    def __init__(self, template: list[str], functions: dict, model: CRFModel):
        groups, parsed = _parse(template, functions)
        by_prefix = model.attributes_by_prefix()
        self.groups: list[tuple[int, int, list[_Run]]] = []
        where: dict[tuple, tuple[int, int]] = {}
        for (column, span), runs in groups.items():
            made = []
            for name, prefixes in runs.items():
                tables = [by_prefix.get(p, {}) for p in prefixes]
                rows = {value: r for r, value in enumerate(sorted(set().union(*tables)), 1)}
                table = np.full((len(prefixes), len(rows) + 1), model.unknown, dtype=np.intp)
                for j, known in enumerate(tables):
                    if known:
                        table[j, [rows[v] for v in known]] = list(known.values())
                func = None if name is None else str.lower if name == "lower" else functions[name]
                if func not in (None, str.lower) and not isinstance(func, TextTest):
                    raise ValueError(f"template function {name!r}: a TextTest (yes/no) or lower is needed for ids")
                made.append(_Run(func, rows, table, rows.get("BOS", 0), rows.get("EOS", 0)))
                where[column, span, name] = (len(self.groups), len(made) - 1)
            self.groups.append((column, span, made))
        self.picks = [(*where[(*key, name)], j, index1) for key, name, j, index1 in parsed]
        self.pad = max(abs(index1) for *_, index1 in parsed)
        self.tail = self.pad + max(span for _, span, _ in self.groups)

    def attribute_ids(self, columns: list[Column], lengths: list[int]) -> np.ndarray:
        """Template parts x tokens: the attribute ids of every token of sentences ``lengths``
        long, one after the other in ``columns`` (the words, then each layer's tags)."""
        n = np.array([k for k in lengths if k], dtype=np.intp)
        total = int(n.sum())
        ids = np.empty((len(self.picks), total), dtype=np.intp)
        if not total:
            return ids
        # each sentence's block: pad BOS, its tokens, tail EOS (the same in every group)
        block = n + self.pad + self.tail
        base = np.cumsum(block) - block
        size = int(block.sum())
        sentence = np.repeat(np.arange(len(n)), n)
        offset = positions_within(n)  # a token's index in its sentence
        at = base[sentence] + self.pad + offset  # its place in the blocks
        bos = (base[:, None] + np.arange(self.pad)).ravel()
        full: dict[tuple[int, int], np.ndarray] = {}  # a run's row of each place in the blocks
        for g, (column, span, runs) in enumerate(self.groups):
            col, grams = columns[column], None
            codes, starts = col.codes, at
            if span:  # n-grams starting at each token, kept where they end in its sentence
                keep = offset[:total - span] < n[sentence[:total - span]] - span
                grams = col.derived.get(span)
                if grams is None:
                    grams = col.derived[span] = _ngrams(col, span, np.flatnonzero(keep))
                codes, starts = grams.column.codes, at[:total - span][keep]
            for r, run in enumerate(runs):
                rows = np.full(size, run.eos, dtype=np.intp)
                rows[bos] = run.bos
                rows[starts] = _value_rows(run, col, span, grams)[codes]
                full[g, r] = rows
        shifted = {index1: at + index1 for *_, index1 in self.picks}
        for k, (g, r, j, index1) in enumerate(self.picks):
            part_ids = self.groups[g][2][r].table[j]  # the part's attribute id of each row
            np.take(part_ids, full[g, r][shifted[index1]], out=ids[k])
        return ids


def _model_file(module: str) -> Path:
    """The CRFsuite file an underthesea predictor module loads: the one ``.bin`` beside it."""
    found = sorted(Path(importlib.import_module(module).__file__).parent.glob("*.bin"))
    if len(found) != 1:
        raise RuntimeError(f"expected one CRF model beside {module}, found {len(found)}: "
                           "is the pinned underthesea release installed?")
    return found[0]


class CRFChain:
    """Words -> (word, POS, chunk, NER) with underthesea's three CRF models, many sentences at
    a time (``tag_many``): each layer's features and Viterbi for all of them at once."""

    def __init__(self, cache_size: int = 20_000):
        from underthesea.pipeline.chunking.model_crf import CRFChunkingPredictor
        from underthesea.pipeline.ner import tagged_feature
        from underthesea.pipeline.ner.model_crf import CRFNERPredictor
        from underthesea.pipeline.pos_tag.model_crf import CRFPOSTagPredictor

        # underthesea's tagged_feature functions (text_lower, text_istitle...), as TextTests
        functions = {
            "lower": str.lower,
            "istitle": TextTest(tagged_feature.text_istitle, conjunctive=True),
            "isallcap": TextTest(tagged_feature.text_isallcap),
            "isdigit": TextTest(str.isdigit, many=lambda texts: map(str.isdigit, texts)),
            "is_in_dict": in_dictionary(tagged_feature.lower_words),
        }
        self.layers = []
        for predictor, module in ((CRFPOSTagPredictor, "underthesea.pipeline.pos_tag.model_crf"),
                                  (CRFChunkingPredictor, "underthesea.pipeline.chunking.model_crf"),
                                  (CRFNERPredictor, "underthesea.pipeline.ner.model_crf")):
            model = CRFModel.load(_model_file(module))
            template = predictor.Instance().transformer.template  # defined in the predictor's __init__
            self.layers.append((model, TemplateIds(template, functions, model)))
        self.cache: OrderedDict[tuple, list[tuple]] = OrderedDict()
        self.cache_size = cache_size

    def tag(self, words: list[str]) -> list[tuple[str, str, str, str]]:
        """Same output as underthesea's ``ner()`` fed with these words."""
        return self.tag_many([words])[0]

    def tag_many(self, sentences: list[list[str]]) -> list[list[tuple[str, str, str, str]]]:
        """``tag`` of each sentence; repeated sentences (boilerplate, bylines) are served from
        a bounded cache."""
        out: list[list[tuple] | None] = []
        todo: dict[tuple, list[int]] = {}
        for words in sentences:
            key = tuple(words)
            hit = self.cache.get(key)
            if hit is not None:
                self.cache.move_to_end(key)
            elif key:
                todo.setdefault(key, []).append(len(out))
            out.append(hit if key else [])
        if todo:
            lengths = [len(key) for key in todo]
            words = [w for key in todo for w in key]
            # the words coded once for the three layers; a layer's own column is all "X"
            columns = [Column.of(words)]
            own = Column(np.zeros(len(words), dtype=np.intp), ["X"], {})
            for model, template in self.layers:  # each layer reads the tags of the ones before
                ids = template.attribute_ids(columns + [own], lengths)
                columns.append(Column(model.decode_ids(model.emissions(ids), lengths), model.labels, {}))
            tags = [list(map(layer.values.__getitem__, layer.codes.tolist())) for layer in columns[1:]]
            rows = list(zip(words, *tags))
            start = 0
            for (key, where), length in zip(todo.items(), lengths):
                tagged = rows[start:start + length]
                start += length
                for i in where:
                    out[i] = tagged
                self.cache[key] = tagged
            while len(self.cache) > self.cache_size:
                self.cache.popitem(last=False)
        return out


class WordSegmenter:
    """underthesea's ``word_tokenize`` (regex syllables, then the segmentation CRF), with
    less Python around it: the syllable is the whole regex match (underthesea scans the
    match's named groups for it), the per-syllable normalisation is memoised, and the
    features are attribute ids from a ``TemplateIds`` with underthesea_core's functions,
    decoded by ``CRFModel`` for many sentences at once (``segment_many``). Same words
    (tests/text/test_crf_tagger.py compares every corpus sentence)."""

    def __init__(self):
        import joblib
        from underthesea.pipeline.text_normalize import token_normalize
        from underthesea.pipeline.word_tokenize import regex_tokenize

        ws = importlib.import_module("underthesea.pipeline.word_tokenize")
        # the files underthesea's FastCRFSequenceTagger.load reads for word_tokenize
        base = self.model_dir = Path(ws.__file__).parent / "models" / "ws_crf_vlsp2013_20230727"
        self.model = CRFModel.load(base / "models.bin")
        self._inside = self.model.labels.index("I-W")  # a syllable's label when it continues a word
        words = cached(base / "dictionary.bin", "word-set", functools.partial(joblib.load, base / "dictionary.bin"))
        self._template = TemplateIds(joblib.load(base / "features.bin"), core_functions(words), self.model)
        self._patterns = regex_tokenize.patterns
        self._normalize_text = regex_tokenize.normalize_characters_in_text
        self._normalize_token = functools.lru_cache(maxsize=200_000)(token_normalize)

    def syllables(self, sentence: str) -> list[str]:
        """underthesea's normalised syllables of a sentence, what the segmentation CRF tags."""
        norm = self._normalize_token
        return [norm(m.group()) for m in self._patterns.finditer(self._normalize_text(sentence))]

    def __call__(self, sentence: str) -> list[str]:
        return self.segment_many([sentence])[0]

    def segment_many(self, sentences: list[str]) -> list[list[str]]:
        """The words of each sentence."""
        syllables = [self.syllables(s) for s in sentences]
        lengths = [len(sent) for sent in syllables]
        flat = [s for sent in syllables for s in sent]
        ids = self._template.attribute_ids([Column.of(flat)], lengths)
        inside = iter((self.model.decode_ids(self.model.emissions(ids), lengths) == self._inside).tolist())
        out = []
        for sent in syllables:
            words: list[str] = []
            for syllable in sent:
                if next(inside) and words:
                    words[-1] += " " + syllable
                else:
                    words.append(syllable)
            out.append(words)
        return out
