"""Docs to table rows: the one place where annotations become the rows of schema.py.

Ids (sentence_id, token_id, entity_id, ...) count from 1 within an article; joins
are on ``article_id`` plus the id. Character offsets slice the normalized text.
"""

from __future__ import annotations

from spacy.tokens import Doc

from .components.entities import GROUP as ENTS_GROUP
from .constants import SPANS_DATES, SPANS_EVENTS, SPANS_QUANTITIES
from .meta import get_meta
from .reader import Article
from .schema import TABLES
from .spanvalues import get_values

Rows = dict[str, list[dict]]


def empty_rows() -> Rows:
    return {name: [] for name in TABLES}


def article_row(article: Article, doc: Doc | None = None, error: str | None = None) -> dict:
    sentences = _sentences(doc) if doc is not None else []
    return {
        "article_id": article.article_id, "source": article.source, "title": article.title,
        "published": article.published,
        "n_sentences": len(sentences) if doc is not None else None,
        "n_tokens": sum(1 for t in doc if not t.is_space) if doc is not None else None,
        "status": "error" if error else "ok", "error": error, "url": article.url,
    }


def _sentences(doc: Doc) -> list:
    return [s for s in doc.sents if s.text.strip()]


def doc_rows(doc: Doc) -> Rows:
    """Rows of every table but ``articles`` for one processed Doc."""
    aid = get_meta(doc)["article_id"]
    text = doc.text  # Doc.text joins every token: read it once, not per sentence
    rows = empty_rows()
    sent_of: dict[int, int] = {}
    token_id = 0
    for sid, sent in enumerate(_sentences(doc), 1):
        words = [t for t in sent if not t.is_space]
        rows["sentences"].append({"article_id": aid, "sentence_id": sid, "start_char": words[0].idx,
                                  "end_char": words[-1].idx + len(words[-1].text),
                                  "text": text[words[0].idx:words[-1].idx + len(words[-1].text)]})
        for tok in sent:
            sent_of[tok.i] = sid
            if tok.is_space:
                continue
            token_id += 1
            rows["tokens"].append({"article_id": aid, "sentence_id": sid, "token_id": token_id,
                                   "text": tok.text, "start_char": tok.idx, "end_char": tok.idx + len(tok.text),
                                   "pos": tok.tag_})
    for n, ent in enumerate(doc.ents, 1):
        values = get_values(doc, ENTS_GROUP, ent)
        rows["entities"].append({"article_id": aid, "sentence_id": sent_of.get(ent.start), "entity_id": n,
                                 "text": ent.text, "label": ent.label_, "start_char": ent.start_char,
                                 "end_char": ent.end_char, "canonical": values.get("canonical", ent.text)})
    for n, span in enumerate(doc.spans.get(SPANS_DATES, []), 1):
        v = get_values(doc, SPANS_DATES, span)
        rows["dates"].append({"article_id": aid, "sentence_id": sent_of.get(span.start), "date_id": n,
                              "text": span.text, "start_char": span.start_char, "end_char": span.end_char,
                              "type": v.get("type"), "value": v.get("value"), "date_from": v.get("date_from"),
                              "date_to": v.get("date_to"), "granularity": v.get("granularity"),
                              "anchor": v.get("anchor")})
    quantity_ids: dict[tuple[int, int], int] = {}
    for n, span in enumerate(doc.spans.get(SPANS_QUANTITIES, []), 1):
        v = get_values(doc, SPANS_QUANTITIES, span)
        quantity_ids[(span.start_char, span.end_char)] = n
        rows["quantities"].append({"article_id": aid, "sentence_id": sent_of.get(span.start), "quantity_id": n,
                                   "text": span.text, "start_char": span.start_char, "end_char": span.end_char,
                                   "value": v.get("value"), "value_max": v.get("value_max"),
                                   "qualifier": v.get("qualifier"), "unit": v.get("unit") or None,
                                   "predicate": v.get("predicate") or None, "claimant": v.get("claimant") or None})
    for n, span in enumerate(doc.spans.get(SPANS_EVENTS, []), 1):
        v = get_values(doc, SPANS_EVENTS, span)
        qids = [quantity_ids[tuple(q)] for q in v.get("quantities", []) if tuple(q) in quantity_ids]
        rows["events"].append({
            "article_id": aid, "event_id": n, "sentence_id": sent_of.get(span.start), "trigger": v["trigger"],
            "cameo_code": v["cameo_code"], "event_type": v["event_type"], "actor1": v["actor1"] or None,
            "actor2": v["actor2"] or None, "location": v["location"] or None, "date_value": v["date_value"] or None,
            "quantity_ids": ";".join(str(q) for q in qids) or None, "claimant": v["claimant"] or None,
            "start_char": span.start_char, "end_char": span.end_char, "root_code": v["root_code"],
            "date_source": v["date_source"] or None, "negated": v["negated"], "modality": v["modality"] or None,
            "goldstein": v["goldstein"], "quad_class": v["quad_class"],
            "actor1_code": v["actor1_code"] or None, "actor2_code": v["actor2_code"] or None,
        })
    return rows
