"""Docs to table rows: the one place where annotations become the rows of schema.py.

Ids (sentence_id, token_id, entity_id, ...) count from 1 within an article; joins
are on ``article_id`` plus the id. Character offsets slice the normalized text.
"""

from __future__ import annotations

from spacy.attrs import IDX, IS_SPACE, LENGTH, TAG
from spacy.tokens import Doc

from pipeline.core.constants import SPANS_DATES, SPANS_ENTITIES, SPANS_EVENTS, SPANS_QUANTITIES
from pipeline.core.meta import article_id, doc_text
from pipeline.core.spanvalues import get_values
from pipeline.io.reader import Article
from pipeline.io.rows import COLUMNAR, ColumnRows
from pipeline.io.schema import TABLES

Rows = dict[str, "list[dict] | ColumnRows"]


def empty_rows() -> Rows:
    return {name: ColumnRows.empty(name) if name in COLUMNAR else [] for name in TABLES}


def article_row(article: Article, doc: Doc | None = None, error: str | None = None) -> dict:
    if doc is not None:
        columns = _token_columns(doc)
        n_sentences = len(_sentence_ranges(doc, columns["space"]))
        n_tokens = len(doc) - sum(columns["space"])
    else:
        n_sentences = n_tokens = None
    return {
        "article_id": article.article_id, "source": article.source, "title": article.title,
        "published": article.published, "n_sentences": n_sentences, "n_tokens": n_tokens,
        "status": "error" if error else "ok", "error": error, "url": article.url,
        "content_hash": article.content_hash,
    }


def _token_columns(doc: Doc) -> dict[str, list]:
    """Token attributes as plain lists, read from the Doc's arrays: no Token object is
    made per token (that costs more than building the rows)."""
    idx, length, tag, space = doc.to_array([IDX, LENGTH, TAG, IS_SPACE]).T.tolist() if len(doc) else ([], [], [], [])
    strings = doc.vocab.strings
    names = {h: strings[h] for h in set(tag)}
    return {"idx": idx, "length": length, "tag": [names[h] for h in tag], "space": space}


def _sentence_ranges(doc: Doc, space: list[int]) -> list[tuple[int, int]]:
    """Token ranges of the sentences that hold a word (not only whitespace)."""
    starts = [s.start for s in doc.sents]
    ends = starts[1:] + [len(doc)]
    return [(a, b) for a, b in zip(starts, ends) if not all(space[a:b])]


def doc_rows(doc: Doc) -> Rows:
    """Rows of every table but ``articles`` for one processed Doc."""
    aid = article_id(doc)
    text = doc_text(doc)
    rows = empty_rows()
    col = _token_columns(doc)
    idx, length, tag, space = col["idx"], col["length"], col["tag"], col["space"]
    sent_of: list[int | None] = [None] * len(doc)
    sentences = rows["sentences"].columns
    for sid, (a, b) in enumerate(_sentence_ranges(doc, space), 1):
        words = [i for i in range(a, b) if not space[i]]
        start, end = idx[words[0]], idx[words[-1]] + length[words[-1]]
        for name, value in zip(sentences, (aid, sid, start, end, text[start:end])):
            sentences[name].append(value)
        sent_of[a:b] = [sid] * (b - a)
    words = [i for i in range(len(doc)) if not space[i] and sent_of[i] is not None]
    starts = [idx[i] for i in words]
    ends = [idx[i] + length[i] for i in words]
    rows["tokens"] = ColumnRows({
        "article_id": [aid] * len(words), "sentence_id": [sent_of[i] for i in words],
        "token_id": list(range(1, len(words) + 1)), "text": [text[a:b] for a, b in zip(starts, ends)],
        "start_char": starts, "end_char": ends, "pos": [tag[i] for i in words]})
    entities = rows["entities"].columns
    for n, ent in enumerate(doc.ents, 1):
        values = get_values(doc, SPANS_ENTITIES, ent)
        for name, value in zip(entities, (aid, sent_of[ent.start], n, ent.text, ent.label_, ent.start_char,
                                          ent.end_char, values.get("canonical", ent.text))):
            entities[name].append(value)
    for n, span in enumerate(doc.spans.get(SPANS_DATES, []), 1):
        v = get_values(doc, SPANS_DATES, span)
        rows["dates"].append({"article_id": aid, "sentence_id": sent_of[span.start], "date_id": n,
                              "text": span.text, "start_char": span.start_char, "end_char": span.end_char,
                              "type": v.get("type"), "value": v.get("value"), "date_from": v.get("date_from"),
                              "date_to": v.get("date_to"), "granularity": v.get("granularity"),
                              "anchor": v.get("anchor")})
    quantity_ids: dict[tuple[int, int], int] = {}
    for n, span in enumerate(doc.spans.get(SPANS_QUANTITIES, []), 1):
        v = get_values(doc, SPANS_QUANTITIES, span)
        quantity_ids[(span.start_char, span.end_char)] = n
        rows["quantities"].append({"article_id": aid, "sentence_id": sent_of[span.start], "quantity_id": n,
                                   "text": span.text, "start_char": span.start_char, "end_char": span.end_char,
                                   "value": v.get("value"), "value_max": v.get("value_max"),
                                   "qualifier": v.get("qualifier"), "unit": v.get("unit") or None,
                                   "predicate": v.get("predicate") or None, "claimant": v.get("claimant") or None})
    for n, span in enumerate(doc.spans.get(SPANS_EVENTS, []), 1):
        v = get_values(doc, SPANS_EVENTS, span)
        qids = [quantity_ids[tuple(q)] for q in v.get("quantities", []) if tuple(q) in quantity_ids]
        rows["events"].append({
            "article_id": aid, "event_id": n, "sentence_id": sent_of[span.start], "trigger": v["trigger"],
            "cameo_code": v["cameo_code"], "event_type": v["event_type"], "actor1": v["actor1"] or None,
            "actor2": v["actor2"] or None, "location": v["location"] or None, "date_value": v["date_value"] or None,
            "quantity_ids": ";".join(str(q) for q in qids) or None, "claimant": v["claimant"] or None,
            "start_char": span.start_char, "end_char": span.end_char, "root_code": v["root_code"],
            "date_source": v["date_source"] or None, "negated": v["negated"], "modality": v["modality"] or None,
            "goldstein": v["goldstein"], "quad_class": v["quad_class"],
            "actor1_code": v["actor1_code"] or None, "actor2_code": v["actor2_code"] or None,
        })
    return rows
