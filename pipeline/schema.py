"""The one definition of every output table: its columns, in order, and their dtypes.

The CSV writer, the notebook loader and the evaluator all read this module.
Dtypes are pandas dtypes: nullable integers, strings, floats, booleans.
"""

from __future__ import annotations

TABLES: dict[str, dict[str, str]] = {
    "articles": {
        "article_id": "string", "source": "string", "title": "string", "published": "string",
        "n_sentences": "Int64", "n_tokens": "Int64", "status": "string", "error": "string",
    },
    "sentences": {
        "article_id": "string", "sentence_id": "Int64", "start_char": "Int64", "end_char": "Int64",
        "text": "string",
    },
    "tokens": {
        "article_id": "string", "sentence_id": "Int64", "token_id": "Int64", "text": "string",
        "start_char": "Int64", "end_char": "Int64", "pos": "string",
    },
    "entities": {
        "article_id": "string", "sentence_id": "Int64", "entity_id": "Int64", "text": "string",
        "label": "string", "start_char": "Int64", "end_char": "Int64", "canonical": "string",
    },
    "dates": {
        "article_id": "string", "sentence_id": "Int64", "date_id": "Int64", "text": "string",
        "start_char": "Int64", "end_char": "Int64", "type": "string", "value": "string",
        "date_from": "string", "date_to": "string", "granularity": "string",
        "anchor": "string",
    },
    "quantities": {
        "article_id": "string", "sentence_id": "Int64", "quantity_id": "Int64", "text": "string",
        "start_char": "Int64", "end_char": "Int64", "value": "float64", "value_max": "float64",
        "qualifier": "string", "unit": "string", "predicate": "string", "claimant": "string",
    },
    "events": {
        "article_id": "string", "event_id": "Int64", "sentence_id": "Int64", "trigger": "string",
        "cameo_code": "string", "event_type": "string", "actor1": "string", "actor2": "string",
        "location": "string", "date_value": "string", "quantity_ids": "string", "claimant": "string",
        "start_char": "Int64", "end_char": "Int64", "root_code": "string", "date_source": "string",
        "negated": "boolean", "modality": "string",
    },
}

TABLE_NAMES = tuple(TABLES)


def columns(table: str) -> list[str]:
    return list(TABLES[table])
