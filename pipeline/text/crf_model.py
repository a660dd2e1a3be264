"""A CRFsuite model file (underthesea's segmentation, POS, chunk and NER CRFs) in numpy arrays,
decoded as underthesea_core's ``CRFTagger`` decodes it.

underthesea_core's tagger takes every feature as a Python string, copies it to Rust and looks
it up in a hash map: about 190 ns a feature, 1.4 s per 400 KB of news for the four CRFs, more
than half of it for features the model never saw. Here the features arrive as attribute ids
(``TemplateIds.attribute_ids``), the emission scores of a whole article are a few
vectorised gathers, and Viterbi runs over all sentences of the article at once. The arithmetic
is underthesea_core's, operation for operation (``tagger.rs``: emission sums in feature order,
``score[t-1][y'] + trans[y'][y]`` with the first best ``y'`` kept, then ``+ emission``), so the
tags are the same (tests/text/test_crf_tagger.py checks every corpus sentence).
"""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np

from pipeline.core.cache import cached

_HEADER = struct.Struct("<4sI4s9I")  # magic, size, type, version, #features, #labels, #attrs, 5 offsets
_FEATURE = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])


def _cqdb_strings(buf: bytes, offset: int, count: int) -> list[str | None]:
    """The strings of a CQDB chunk by id (labels or attributes), read through its backward
    table, as underthesea_core reads them (lossy UTF-8, cut at the first NUL)."""
    if buf[offset:offset + 4] != b"CQDB":
        raise ValueError(f"not a CQDB chunk at {offset}")
    _size, _flag, _order, bwd_size, bwd_offset = struct.unpack_from("<5I", buf, offset + 4)
    n = min(count, bwd_size)
    entries = np.frombuffer(buf, dtype="<u4", count=n, offset=offset + bwd_offset)
    out: list[str | None] = []
    for entry in entries.tolist():
        if entry == 0:
            out.append(None)
            continue
        start = offset + entry
        (ksize,) = struct.unpack_from("<I", buf, start + 4)
        key = buf[start + 8:start + 8 + ksize]
        out.append(key.split(b"\0", 1)[0].decode("utf-8", errors="replace"))
    return out


def positions_within(sizes: np.ndarray) -> np.ndarray:
    """Each element's index in its group, for groups of ``sizes`` elements one after the other."""
    return np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes)


class CRFModel:
    """Labels, attribute ids, a state weight matrix (one row per attribute, plus a zero row
    for attributes the model does not know) and a transition matrix."""

    def __init__(self, labels: list[str], attributes: dict[str, int], state: np.ndarray, transition: np.ndarray):
        self.labels = labels
        self.attributes = attributes
        self.unknown = state.shape[0] - 1  # the zero row
        self.state = state
        self.transition = transition

    def attributes_by_prefix(self) -> dict[str, dict[str, int]]:
        """Attribute ids by template part (``T[-1,0].lower=``) and value, so a feature's id is
        found without making its string."""
        out: dict[str, dict[str, int]] = {}
        for key, i in self.attributes.items():
            head, sep, value = key.partition("=")
            if sep:
                out.setdefault(head + sep, {})[value] = i
        return out

    @classmethod
    def load(cls, path: str | Path) -> CRFModel:
        """The model of a CRFsuite file, parsed once per file and then kept in the user's cache."""
        return cached(Path(path), "crf-model", lambda: cls.parse(path), code=[__file__])

    @classmethod
    def parse(cls, path: str | Path) -> CRFModel:
        buf = Path(path).read_bytes()
        magic, _size, _type, _version, _nfeat, n_labels, n_attrs, off_feat, off_labels, off_attrs, _lr, _ar = \
            _HEADER.unpack_from(buf, 0)
        if magic != b"lCRF" or buf[off_feat:off_feat + 4] != b"FEAT":
            raise ValueError(f"{path}: not a CRFsuite model")
        # underthesea_core numbers strings in the order it inserts them, skipping empty slots and
        # repeats; its weights keep the file's ids, so ids are assigned the same way here.
        labels: dict[str, int] = {}
        for key in _cqdb_strings(buf, off_labels, n_labels):
            if key is not None:
                labels.setdefault(key, len(labels))
        attributes: dict[str, int] = {}
        for key in _cqdb_strings(buf, off_attrs, n_attrs):
            if key is not None:
                attributes.setdefault(key, len(attributes))
        (n_features,) = struct.unpack_from("<I", buf, off_feat + 8)
        features = np.frombuffer(buf, dtype=_FEATURE, count=n_features, offset=off_feat + 12)
        n = len(labels)
        state = np.zeros((len(attributes) + 1, n))
        transition = np.zeros((n, n))
        for kind, matrix, rows in ((0, state, len(attributes)), (1, transition, n)):
            mine = features[features["type"] == kind]
            keep = (mine["src"] < rows) & (mine["dst"] < n)  # underthesea_core drops what does not fit
            # a repeated (src, dst) keeps its last weight, as a hash-map insert does
            src, dst, weight = mine["src"][keep], mine["dst"][keep], mine["weight"][keep]
            order = np.lexsort((np.arange(len(src)), dst, src))
            last = np.ones(len(order), dtype=bool)
            last[:-1] = (src[order][1:] != src[order][:-1]) | (dst[order][1:] != dst[order][:-1])
            matrix[src[order][last], dst[order][last]] = weight[order][last]
        return cls(list(labels), attributes, state, transition)

    def emissions(self, ids: np.ndarray) -> np.ndarray:
        """Tokens x labels scores from template parts x tokens attribute ids, summed part by
        part in order (a float sum in another order could break a tie differently)."""
        scores = np.zeros((ids.shape[1], len(self.labels)))
        rows = np.empty_like(scores)  # one buffer for every part's rows: no array made per part
        state = self.state
        for part in ids:
            np.take(state, part, axis=0, out=rows)
            scores += rows
        return scores

    def decode(self, emissions: np.ndarray, lengths: list[int]) -> list[str]:
        """The best labels of the tokens of sentences ``lengths`` tokens long (``decode_ids``)."""
        return np.array(self.labels, dtype=object)[self.decode_ids(emissions, lengths)].tolist()

    def decode_ids(self, emissions: np.ndarray, lengths: list[int]) -> np.ndarray:
        """The best label ids of the tokens of sentences ``lengths`` tokens long, one after the
        other in ``emissions``, in the same order: Viterbi over all sentences at once, longest
        first, so the sentences still running at step t are the first k."""
        labels = self.labels
        lens = np.asarray(lengths, dtype=np.intp)
        total = int(lens.sum()) if len(lens) else 0
        if not total:
            return np.empty(0, dtype=np.intp)
        starts = np.cumsum(lens) - lens
        order = np.argsort(-lens, kind="stable")
        sorted_lens = lens[order]
        n_sent, longest, n_labels = len(lens), int(sorted_lens[0]), len(labels)
        # emissions padded to steps x sentences (longest first) x labels
        padded = np.zeros((longest, n_sent, n_labels))
        rows = np.repeat(np.arange(n_sent), sorted_lens)
        steps = positions_within(sorted_lens)
        tokens = np.repeat(starts[order], sorted_lens) + steps  # each padded cell's token
        padded[steps, rows] = emissions[tokens]
        # running[t]: the sentences longer than t
        running = np.searchsorted(-sorted_lens, -np.arange(longest), side="left").tolist()
        score = padded[0].copy()
        back = np.zeros((longest, n_sent, n_labels), dtype=np.intp)
        cand = np.empty((n_sent, n_labels, n_labels))
        best = np.empty((n_sent, n_labels))
        transition, maximum, add = self.transition, np.maximum.reduce, np.add
        for t in range(1, longest):  # ufuncs with out=: no array made per step
            k = running[t]
            add(score[:k, :, None], transition, out=cand[:k])
            cand[:k].argmax(axis=1, out=back[t, :k])
            maximum(cand[:k], axis=1, out=best[:k])
            add(best[:k], padded[t, :k], out=score[:k])
        path = np.zeros((longest, n_sent), dtype=np.intp)
        ranks = np.arange(n_sent)
        path[sorted_lens - 1, ranks] = score.argmax(axis=1)
        for t in range(longest - 1, 0, -1):
            k = running[t]
            path[t - 1, :k] = back[t, ranks[:k], path[t, :k]]
        best_labels = np.empty(total, dtype=np.intp)
        best_labels[tokens] = path[steps, rows]
        return best_labels
