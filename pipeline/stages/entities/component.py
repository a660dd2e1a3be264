"""``vnews_entities``: the spaCy component. Candidates (candidates.py) are resolved by a
fixed precedence, then names the article repeats, aliases in brackets, name particles and
given names join them. Where the learned model is shipped (model.py), it decides the spans and
labels from the words and from what every rule proposed (features.py); the rules then give
each of its entities its canonical name."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch

from pipeline.core.constants import SPANS_ENTITIES
from pipeline.core.spanvalues import set_values
from pipeline.stages.entities.candidates import CandidateFinder
from pipeline.stages.entities.features import DocFeatures
from pipeline.stages.entities.model import Article, EntityModel, Tagged, entity_model, tag_documents
from pipeline.stages.entities.words import PRIORITY, Candidate, Columns, after_place_word, entity_words, is_cap


class EntityRecognizer:
    def __init__(self, nlp: Language, name: str = "vnews_entities", use_model: bool = True):
        self.name = name
        self.words = entity_words()
        self.finder = CandidateFinder(self.words)
        self.model: EntityModel | None = entity_model() if use_model else None

    def __call__(self, doc: Doc) -> Doc:
        return self._batch([doc])[0]

    def pipe(self, docs: Iterable[Doc], batch_size: int = 8) -> Iterator[Doc]:
        """``__call__`` over many Docs (spaCy's ``nlp.pipe``): the model decodes the sentences
        of a batch of articles at once."""
        for batch in minibatch(docs, size=batch_size):
            yield from self._batch(list(batch))

    def _batch(self, docs: list[Doc]) -> list[Doc]:
        ruled = []
        for doc in docs:
            cols = Columns(doc)
            ruled.append((doc, cols, *self.rule_entities(doc, cols)))
        if self.model is not None:
            model = self.model
            articles = []
            for doc, cols, candidates, accepted in ruled:
                features = DocFeatures(doc, cols, candidates, accepted)
                articles.append(Article(features.ids(model.ids), features.starts, cols.words))
            ruled = [(doc, cols, candidates, self.learned(doc, candidates, accepted, found))
                     for (doc, cols, candidates, accepted), found in zip(ruled, tag_documents(model, articles))]
        for doc, _, _, accepted in ruled:
            self.set_annotations(doc, accepted)
        return docs

    def rule_entities(self, doc: Doc, cols: Columns) -> tuple[list[Candidate], list[Candidate]]:
        """Every candidate of the rules, and the entities the rules alone decide on."""
        candidates = self.finder.candidates(doc, cols)
        accepted = self.given_names(doc, cols, self.join_particles(doc, self.resolve(doc, candidates)))
        return candidates, self.repeated_names(doc, cols.text, self.bracketed_aliases(doc, accepted))

    def learned(self, doc: Doc, candidates: list[Candidate], accepted: list[Candidate],
                found: list[Tagged]) -> list[Candidate]:
        """The model's entities (``found``), with the canonical name and key the rules give the
        same span (or the gazetteer gives its text); a name in brackets after a place or
        organisation is its alias, as in the rules."""
        by_span = {(c.start, c.end, c.label): c for c in candidates + accepted}  # the rules' decision last
        out: list[Candidate] = []
        for t in found:
            rule = by_span.get((t.start, t.end, t.label))
            canonical, key = (rule.canonical, rule.key) if rule is not None else (None, "")
            entry = self.words.gazetteer.get(doc[t.start:t.end].text) if rule is None else None
            if entry is not None and entry.label == t.label:
                canonical, key = entry.canonical, entry.key
            if out and t.label != "PER" and out[-1].label == t.label and out[-1].end + 1 == t.start \
                    and doc[out[-1].end].text == "(" and t.end < len(doc) and doc[t.end].text == ")":
                canonical, key = out[-1].canonical or doc[out[-1].start:out[-1].end].text, out[-1].key
            out.append(Candidate("model", t.start, t.end, t.label, canonical, key))
        return out

    # -- precedence ----------------------------------------------------------------
    def resolve(self, doc: Doc, candidates: list[Candidate]) -> list[Candidate]:
        ordered = sorted(candidates, key=lambda c: (-PRIORITY[c[0]], -(c[2] - c[1]), c[1]))
        taken: set[int] = set()
        accepted = []
        for cand in ordered:
            source, start, end = cand[:3]
            if not any(i in taken for i in range(start, end)):
                accepted.append(cand)
                taken.update(range(start, end))
            elif source in ("title", "crf"):
                # keep the uncovered capitalised remainder(s)
                run = []
                for i in list(range(start, end)) + [None]:
                    if i is not None and i not in taken and is_cap(doc[i]):
                        run.append(i)
                        continue
                    if run and not all(doc[j].lower_ in self.words.org_heads or doc[j].lower_ in self.words.titles
                                       or doc[j].lower_ in self.words.trim for j in run):
                        accepted.append(cand._replace(start=run[0], end=run[-1] + 1))
                        taken.update(run)
                    run = []
        return sorted(accepted, key=lambda c: c[1])

    def repeated_names(self, doc: Doc, text: str, accepted: list[Candidate]) -> list[Candidate]:
        """An organisation named once with capitals (``Hội Nghề cá``) and again with its field
        in lower case (``Hội nghề cá nhận định``) is the same organisation: the later mentions,
        capitalised head and all, get its label and canonical."""
        names = {}
        for _, start, end, label, canonical, key in accepted:
            if label == "ORG" and end - start >= 2 and doc[start].lower_ in self.words.org_heads:
                names.setdefault(doc[start:end].text.lower(), (canonical or doc[start:end].text, key))
                for k in range(end - 1, start + 1, -1):  # "Hội Nghề cá Việt Nam" is also "Hội nghề cá"
                    entry = self.words.gazetteer.get(doc[k:end].text)
                    if entry is not None and entry.label == "LOC":
                        names.setdefault(doc[start:k].text.lower(), (canonical or doc[start:end].text, key))
        if not names:
            return accepted
        taken = {i for c in accepted for i in range(c[1], c[2])}
        out = list(accepted)
        alternation = "|".join(re.escape(n) for n in names)
        pattern = re.compile(rf"(?<!\w)({alternation})(?!\w)", re.IGNORECASE)
        for m in pattern.finditer(text):
            span = doc.char_span(m.start(), m.end())
            if span is None or not span.text[:1].isupper() or any(i in taken for i in range(span.start, span.end)):
                continue
            canonical, key = names[m.group().lower()]
            out.append(Candidate("repeat", span.start, span.end, "ORG", canonical, key))
            taken.update(range(span.start, span.end))
        return sorted(out, key=lambda c: c[1])

    @staticmethod
    def bracketed_aliases(doc: Doc, accepted: list[Candidate]) -> list[Candidate]:
        """A capitalised name in brackets right after a place or organisation is another name
        of it (``Hãng hàng không quốc gia Ai Cập (EgyptAir)``, ``đảng Dân tiến (DPP)``): same
        label, and the outer name as canonical so that counts join them. After a person the
        brackets hold an affiliation or an age, not an alias."""
        taken = {i for c in accepted for i in range(c[1], c[2])}
        out = list(accepted)
        for _, start, end, label, canonical, key in accepted:
            if label == "PER" or end >= len(doc) or doc[end].text != "(":
                continue
            close = next((k for k in range(end + 1, min(end + 5, len(doc))) if doc[k].text == ")"), None)
            if close is None or close == end + 1 or any(k in taken for k in range(end + 1, close)):
                continue
            if all(is_cap(t) and not t.is_punct for t in doc[end + 1:close]):
                outer = canonical if canonical is not None else doc[start:end].text
                out.append(Candidate("alias", end + 1, close, label, outer, key))
        return sorted(out, key=lambda c: c[1])

    def join_particles(self, doc: Doc, accepted: list[Candidate]) -> list[Candidate]:
        """A person's name goes on over ``van``, ``der``, ``bin``... and the capitalised word
        after them (``Alexander Van der Bellen``); what the extension covers is dropped."""
        out: list[Candidate] = []
        covered = -1
        for cand in accepted:
            source, start, end, label, *rest = cand
            if start < covered:
                continue
            if label == "PER":
                while end + 1 < len(doc) and doc[end].lower_ in self.words.particles and is_cap(doc[end + 1]):
                    end += 1
                    while end < len(doc) and (doc[end].lower_ in self.words.particles or is_cap(doc[end])) \
                            and not doc[end].is_sent_start:
                        end += 1
                covered = end
                cand = cand._replace(end=end)
            out.append(cand)
        return out

    def given_names(self, doc: Doc, cols: Columns, accepted: list[Candidate]) -> list[Candidate]:
        """Vietnamese news names a person in full once, then by the given name alone
        (``Nguyễn Văn Lợi`` ... ``Lợi``). A one-word mention equal to the given name of a
        person named in full is that person, even where it spells a place (``Nga``), unless
        a place word stands before it (``tại Nga``)."""
        given = {}
        for _, start, end, label, *_ in accepted:
            if label != "PER":
                continue
            text = doc[start:end].text
            words = text.split()
            if len(words) >= 2 and words[0] in self.words.surnames:
                given[words[-1]] = text
        if not given:
            return accepted
        taken = {i for _, start, end, *_ in accepted for i in range(start, end)}
        out = []
        for cand in accepted:
            _, start, end, label, _, _ = cand
            if end - start == 1 and cols.words[start] in given and label != "PER" \
                    and not after_place_word(self.words, cols.lower, start):
                cand = Candidate("name", start, end, "PER", given[cols.words[start]], "")
            out.append(cand)
        for i, (word, sent_start) in enumerate(zip(cols.words, cols.sent_start)):
            if word in given and i not in taken and not sent_start and not after_place_word(self.words, cols.lower, i):
                out.append(Candidate("name", i, i + 1, "PER", given[word], ""))
        return sorted(out, key=lambda c: c[1])

    def set_annotations(self, doc: Doc, accepted: list[Candidate]) -> None:
        spans = [Span(doc, start, end, label=label) for _, start, end, label, _, _ in accepted]
        # every person name, in order, under each of its word suffixes (its shorter forms)
        full_names: dict[str, list[str]] = {}
        for name in (s.text for s in spans if s.label_ == "PER"):
            parts = name.split(" ")
            for k in range(1, len(parts)):
                full_names.setdefault(" ".join(parts[k:]), []).append(name)
        for span, (source, _, _, _, canonical, key) in zip(spans, accepted):
            if canonical is None:
                canonical = self._canonical(span, full_names)
            set_values(doc, SPANS_ENTITIES, span, {"canonical": canonical, "key": key, "source": source})
        doc.ents = spans

    @staticmethod
    def _canonical(span: Span, full_names: dict[str, list[str]]) -> str:
        """A person's canonical name is the fullest name the article uses for them."""
        if span.label_ != "PER":
            return span.text
        longer = full_names.get(span.text)
        return max(longer, key=len) if longer else span.text


@Language.factory("vnews_entities", assigns=["doc.ents"], requires=["token.tag"],
                  default_config={"use_model": True})
def make_entities(nlp: Language, name: str, use_model: bool) -> EntityRecognizer:
    return EntityRecognizer(nlp, name, use_model)
