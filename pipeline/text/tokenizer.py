"""spaCy tokenizer backed by underthesea: sentences, words, POS, chunks, CRF NER.

underthesea's CRF taggers see one sentence at a time (as its ``ner()`` does, so the tags are
its own), but each CRF runs once per article for all its sentences (crf_tagger.py). The chain
returns words, POS, chunk and NER tags together, so nothing is tokenized twice. The words are
aligned back to the text so that every token slices the (already normalized) article text
exactly.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from typing import NamedTuple

import numpy as np
from spacy.attrs import POS, SENT_START, TAG
from spacy.symbols import IDS as UPOS_IDS
from spacy.tokens import Doc, Token
from spacy.util import registry
from spacy.vocab import Vocab

from pipeline.core.constants import TOKEN_CHUNK, TOKEN_CRF_NER, USER_DATA_TEXT, USER_DATA_WORDS
from pipeline.core.lexicon import load_tsv
from pipeline.text.crf_tagger import CRFChain, WordSegmenter
from pipeline.text.gazetteer import default_gazetteer
from pipeline.text.normalize import normalize_text
from pipeline.text.vocabulary import viet74k

# A sentence longer than this is tagged in pieces, cut at the last comma/semicolon
# or space before the limit: keeps the CRF's cost linear on run-on text.
MAX_SENTENCE_CHARS = 600

_TAGGED = [TAG, POS, SENT_START]  # the token attributes _make_doc sets from an array

_PARAGRAPH = re.compile(r"[^\n]+(?:\n[^\n]+)*")
_SPACES = re.compile(r"\s*")  # \s is str.isspace() in a str pattern, character for character


class CharRange(NamedTuple):
    """A stretch of the text by character offsets (a sentence before it is tokenized)."""
    start: int
    end: int


def _register_extensions() -> None:
    # The tags live in one list per Doc (doc.user_data), set without touching a Token
    # object; the extensions read it for whoever wants ``token._.crf_ner``.
    for name in (TOKEN_CHUNK, TOKEN_CRF_NER):
        if not Token.has_extension(name):
            Token.set_extension(name, getter=_tag_getter(name))


def _tag_getter(name: str) -> Callable[[Token], str]:
    def get(token: Token) -> str:
        tags = token.doc.user_data.get(tag_key(name))
        return tags[token.i] if tags else "O"

    return get


def tag_key(name: str) -> str:
    """doc.user_data key of the per-token list of a tokenizer tag layer (chunk, crf_ner)."""
    return f"vnews.tokens.{name}"


def token_tags(doc: Doc, name: str) -> list[str]:
    """The per-token tags of one layer ("O" on whitespace tokens)."""
    return doc.user_data.get(tag_key(name)) or ["O"] * len(doc)


class UndertheseaTokenizer:
    """Text -> Doc with tokens, ``tag_`` (VLSP POS), ``pos_`` (UPOS), sentence starts."""

    def __init__(self, vocab: Vocab, max_sentence_chars: int = MAX_SENTENCE_CHARS):
        # heavy imports, done once per process
        from underthesea import sent_tokenize

        self.vocab = vocab
        self.max_sentence_chars = max_sentence_chars
        self._sent_tokenize = sent_tokenize
        self._word_tokenize = WordSegmenter()  # = underthesea's word_tokenize, faster
        self._crf = CRFChain()
        self._dictionary = viet74k()
        # gazetteer names: a word that glues one to another word is cut (see _glued)
        self._names = set(default_gazetteer().entries)
        # kinship titles (Bà, Ông) the CRF glues to the name after them at a sentence start
        self._honorifics = {row["word"] for row in load_tsv("entities/titles.tsv") if row["honorific"] == "yes"}
        self._upos = {row["tag"]: row["upos"] for row in load_tsv("pos_map.tsv")}
        self._tag_codes: dict[str, tuple[int, int]] = {}  # tag -> (its hash, its UPOS id)
        _register_extensions()

    def __reduce__(self):
        # Picklable by construction arguments, so nlp.pipe(n_process=N) works.
        return (self.__class__, (self.vocab, self.max_sentence_chars))

    # -- sentences -------------------------------------------------------------
    def sentence_spans(self, text: str) -> list[tuple[int, int]]:
        """Character spans of sentences: paragraphs first, then underthesea's splitter."""
        spans: list[tuple[int, int]] = []
        for para in _PARAGRAPH.finditer(text):
            cursor = para.start()
            for sent in self._sent_tokenize(para.group()):
                start = text.find(sent, cursor, para.end())
                if start < 0:  # splitter changed the text: keep the rest as one sentence
                    break
                if start > cursor and text[cursor:start].strip():
                    spans.append(_strip(text, cursor, start))
                spans.append((start, start + len(sent)))
                cursor = start + len(sent)
            if text[cursor:para.end()].strip():
                spans.append(_strip(text, cursor, para.end()))
        joined: list[CharRange] = []
        for start, end in spans:
            # a full stop before a lower-case word ends an abbreviation (Corp. tại), not a sentence
            if joined and text[start:start + 1].islower() and text[joined[-1].end - 1] == "." \
                    and "\n" not in text[joined[-1].end:start]:
                joined[-1] = joined[-1]._replace(end=end)
            else:
                joined.append(CharRange(start, end))
        out: list[tuple[int, int]] = []
        for start, end in joined:
            out.extend(_cut_long(text, start, end, self.max_sentence_chars))
        return out

    # -- words -----------------------------------------------------------------
    def segment(self, sentence: str) -> list[str]:
        """underthesea word segmentation, with names unglued from common words (``segment_many``)."""
        return self.segment_many([sentence])[0]

    def segment_many(self, sentences: list[str]) -> list[list[str]]:
        """underthesea word segmentation of each sentence, with names unglued from common words.

        The segmentation CRF sometimes joins a foreign name to the next syllable
        (``Armenia ban``, ``Armenia Nikol``). A word that is not in underthesea's Viet74K
        dictionary is cut after a gazetteer name it starts with, before one it ends with,
        after a kinship title (``Bà Minh``), or else where capitalised and lower-case
        syllables meet.
        """
        out = []
        for segmented in self._word_tokenize.segment_many(sentences):
            words: list[str] = []
            for word in segmented:
                part = self._glued(word) if " " in word else None  # one syllable: nothing to cut
                while part:
                    words.append(part)
                    word = word[len(part):].lstrip()
                    part = self._glued(word)
                if word:
                    words.append(word)
            out.append(words)
        return out

    def _glued(self, word: str) -> str | None:
        syllables = word.split(" ")
        if len(syllables) < 2 or word.lower() in self._dictionary or word in self._names:
            return None
        # a known name glued to a following name ("Armenia Nikol"): cut after the known name,
        # or before it ("Nikol Armenia")
        for j in range(len(syllables) - 1, 0, -1):
            if " ".join(syllables[:j]) in self._names:
                return " ".join(syllables[:j])
            if " ".join(syllables[j:]) in self._names:
                return " ".join(syllables[:j])
        if syllables[0].lower() in self._honorifics and syllables[1][:1].isupper():
            return syllables[0]  # "Bà Minh" -> "Bà" | "Minh"
        caps = [s[:1].isupper() for s in syllables]
        for j in range(1, len(syllables)):
            if caps[j] != caps[0]:
                return " ".join(syllables[:j])
        return None

    def tag_sentence(self, sentence: str) -> list[tuple[str, str, str, str]]:
        """Words with POS, chunk and NER tags (``tag_sentences``)."""
        return self.tag_sentences([sentence])[0]

    def tag_sentences(self, sentences: list[str]) -> list[list[tuple[str, str, str, str]]]:
        """Words with POS, chunk and NER tags of each sentence: the chain underthesea's ``ner()``
        runs (pos_tag -> chunk -> ner CRFs), fed with one segmentation of the sentence; each
        CRF runs once for all the sentences (crf_tagger.py)."""
        return self._crf.tag_many(self.segment_many(sentences))

    def __call__(self, text: str) -> Doc:
        """A Doc of the normalized ``text`` (normalization is idempotent, so a text normalized
        before comes through unchanged and ``nlp("...")`` on a raw string works too)."""
        return self.make_docs([text])[0]

    def make_docs(self, texts: list[str]) -> list[Doc]:
        """Docs of many texts: each CRF runs once for all their sentences (its per-step cost is
        shared by more sentences); the same Docs as one by one."""
        texts = [normalize_text(text) for text in texts]
        spans = [self.sentence_spans(text) for text in texts]
        tagged = iter(self.tag_sentences([text[s:e] for text, found in zip(texts, spans) for s, e in found]))
        return [self._doc_of(text, found, [next(tagged) for _ in found]) for text, found in zip(texts, spans)]

    def _doc_of(self, text: str, sentence_spans: list[tuple[int, int]], tagged: list[list[tuple]]) -> Doc:
        """The Doc of ``text``: each sentence's words where ``align_words`` finds them (a word it
        finds empty is dropped); a single space after a word is that word's trailing space, any
        other whitespace between words (or around them) is a whitespace token tagged ``_SP``."""
        words: list[str] = []
        spaces: list[bool] = []
        tags: list[str] = []
        chunks: list[str] = []
        crf: list[str] = []
        sent_starts: list[bool] = []

        def whitespace(gap: str) -> None:
            sent_starts.append(not words)  # leading whitespace starts the first sentence
            words.append(gap)
            spaces.append(False)
            tags.append("_SP")
            chunks.append("O")
            crf.append("O")

        prev_end = 0
        for (s_start, s_end), rows in zip(sentence_spans, tagged):
            first = True
            for (w_start, w_end), (_, tag, chunk, ner) in zip(align_words([row[0] for row in rows],
                                                                          text[s_start:s_end]), rows):
                if w_end <= w_start:
                    continue
                start, end = s_start + w_start, s_start + w_end
                gap = text[prev_end:start]
                if gap == " ":
                    if words:
                        spaces[-1] = True
                elif gap:
                    if words and gap[0] == " ":
                        spaces[-1], gap = True, gap[1:]
                    if gap:
                        whitespace(gap)
                sent_starts.append(first)
                words.append(text[start:end])
                spaces.append(False)
                tags.append(tag or "X")
                chunks.append(chunk or "O")
                crf.append(ner or "O")
                first = False
                prev_end = end
        tail = text[prev_end:]
        if tail:
            if words and tail == " ":
                spaces[-1] = True
            else:
                whitespace(tail)
        return self._make_doc(text, words, spaces, tags, chunks, crf, sent_starts)

    def _make_doc(self, text, words, spaces, tags, chunks, crf, sent_starts) -> Doc:
        doc = Doc(self.vocab, words=words, spaces=spaces)
        if words:  # what Doc(tags=, pos=, sent_starts=) sets, from one array: no string lookup per token
            codes = self._tag_codes
            for tag in set(tags) - codes.keys():
                upos = self._upos.get(tag, "SPACE" if tag == "_SP" else "X")
                codes[tag] = (self.vocab.strings.add(tag), UPOS_IDS[upos])
            values = np.array(list(map(codes.__getitem__, tags)), dtype=np.uint64)
            starts = np.where(sent_starts, 1, -1).astype(np.int64).view(np.uint64)
            doc.from_array(_TAGGED, np.column_stack([values, starts]))
        doc.user_data[tag_key(TOKEN_CHUNK)] = chunks
        doc.user_data[tag_key(TOKEN_CRF_NER)] = crf
        doc.user_data[USER_DATA_TEXT] = text
        doc.user_data[USER_DATA_WORDS] = words
        return doc


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _cut_long(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    out = []
    while end - start > limit:
        window = text[start:start + limit]
        cut = max(window.rfind(", "), window.rfind("; "))
        cut = cut + 1 if cut > limit // 3 else window.rfind(" ")
        if cut <= 0:
            cut = limit
        out.append(_strip(text, start, start + cut))
        start = _strip(text, start + cut, end)[0]
    if end > start:
        out.append((start, end))
    return out


def align_words(words: list[str], text: str) -> list[tuple[int, int]]:
    """Character span in ``text`` of each word underthesea returned.

    Words normally equal the text (spaces inside a word match spaces in the text);
    where underthesea's own normalization changed a word, the words and the text are
    aligned character by character (difflib) with whitespace ignored.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    skip_spaces = _SPACES.match
    for word in words:
        pos = skip_spaces(text, pos).end()
        if text.startswith(word, pos):
            spans.append((pos, pos + len(word)))
            pos += len(word)
            continue
        return _align_fuzzy(words, text)
    return spans


def _align_fuzzy(words: list[str], text: str) -> list[tuple[int, int]]:
    text_idx = [i for i, ch in enumerate(text) if not ch.isspace()]
    text_chars = "".join(text[i] for i in text_idx)
    word_chars, owner = [], []
    for w, word in enumerate(words):
        for ch in word:
            if not ch.isspace():
                word_chars.append(ch)
                owner.append(w)
    # Map each word character to a text character (None where nothing lines up).
    target: list[int | None] = [None] * len(word_chars)
    matcher = difflib.SequenceMatcher(None, "".join(word_chars), text_chars, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op in ("equal", "replace"):
            for k in range(a1 - a0):
                target[a0 + k] = b0 + min(k, b1 - b0 - 1) if b1 > b0 else None
    hits_of: list[list[int]] = [[] for _ in words]
    for k, t in enumerate(target):
        if t is not None:
            hits_of[owner[k]].append(t)
    spans: list[tuple[int, int]] = []
    prev_end = 0
    for hits in hits_of:
        if not hits:
            spans.append((prev_end, prev_end))
            continue
        start = max(text_idx[min(hits)], prev_end)
        end = max(text_idx[max(hits)] + 1, start)
        spans.append((start, end))
        prev_end = end
    return spans


@registry.tokenizers("vnews.underthesea_tokenizer.v1")
def create_tokenizer(max_sentence_chars: int = MAX_SENTENCE_CHARS) -> Callable:
    def make(nlp):
        return UndertheseaTokenizer(nlp.vocab, max_sentence_chars=max_sentence_chars)

    return make
