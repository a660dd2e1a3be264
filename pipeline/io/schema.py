"""The one definition of every output table: its columns, in order, and their dtypes.

The CSV writer, the notebook loader and the evaluator all read this module.
Dtypes are pandas dtypes: nullable integers, strings, floats, booleans.
"""

from __future__ import annotations

TABLES: dict[str, dict[str, str]] = {
    "articles": {
        "article_id": "string", "source": "string", "title": "string", "published": "string",
        "n_sentences": "Int64", "n_tokens": "Int64", "status": "string", "error": "string", "url": "string",
        "content_hash": "string", "story_id": "string",
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
        "negated": "boolean", "modality": "string", "goldstein": "float64", "quad_class": "Int64",
        "actor1_code": "string", "actor2_code": "string",
    },
    # Cross-article tables (pipeline/stories): rebuilt whole from the per-article ones on every
    # run and add, never appended to.
    "stories": {
        "story_id": "string", "title": "string", "first_published": "string", "last_published": "string",
        "n_articles": "Int64", "n_sources": "Int64", "top_entities": "string",
    },
    "story_events": {
        "story_id": "string", "story_event_id": "Int64", "cameo_code": "string", "root_code": "string",
        "actor1": "string", "actor1_code": "string", "actor2": "string", "actor2_code": "string",
        "location": "string", "date_value": "string", "n_mentions": "Int64", "n_articles": "Int64",
        "n_sources": "Int64", "first_article": "string", "event_ids": "string",
    },
    "story_claims": {
        "story_id": "string", "claim_id": "Int64", "thing": "string", "value": "float64",
        "value_max": "float64", "qualifier": "string", "unit": "string", "claimant": "string",
        "article_id": "string", "quantity_id": "Int64", "conflict": "boolean", "consensus": "boolean",
    },
}

TABLE_NAMES = tuple(TABLES)
STORY_TABLES = ("stories", "story_events", "story_claims")


def columns(table: str) -> list[str]:
    return list(TABLES[table])

# What the loader makes of the columns beyond their CSV dtype: categoricals (with their
# allowed values where the set is closed), dates, and each table's key.
CATEGORIES: dict[str, dict[str, tuple[str, ...] | None]] = {
    "articles": {"status": ("ok", "error")},
    "tokens": {"pos": None},
    "entities": {"label": ("PER", "LOC", "ORG", "MISC")},
    "dates": {"type": ("DATE", "TIME", "DURATION", "SET"), "granularity": None, "anchor": None},
    "quantities": {"qualifier": ("=", ">", ">=", "<", "<=", "~"), "unit": None},
    "events": {"cameo_code": None, "root_code": None, "event_type": None, "date_source": None},
    "story_events": {"cameo_code": None, "root_code": None},
    "story_claims": {"qualifier": ("=", ">", ">=", "<", "<=", "~"), "unit": None},
}
DATES: dict[str, tuple[str, ...]] = {"articles": ("published",), "dates": ("date_from", "date_to"),
                                     "stories": ("first_published", "last_published")}
KEYS: dict[str, tuple[str, ...]] = {
    "articles": ("article_id",),
    "sentences": ("article_id", "sentence_id"),
    "tokens": ("article_id", "token_id"),
    "entities": ("article_id", "entity_id"),
    "dates": ("article_id", "date_id"),
    "quantities": ("article_id", "quantity_id"),
    "events": ("article_id", "event_id"),
    "stories": ("story_id",),
    "story_events": ("story_id", "story_event_id"),
    "story_claims": ("story_id", "claim_id"),
}


class SchemaError(ValueError):
    """A table that does not follow its schema: the message names the table and the rule."""


def validate(table: str, df) -> None:
    """Columns in order, keys present and unique, closed categories respected."""
    cols = columns(table)
    if list(df.columns[:len(cols)]) != cols:
        raise SchemaError(f"{table}: columns {list(df.columns)} do not start with {cols}")
    keys = list(KEYS[table])
    if df[keys].isna().any().any():
        raise SchemaError(f"{table}: empty key column in {keys}")
    if df.duplicated(keys).any():
        dup = df.loc[df.duplicated(keys), keys].head(3).to_dict("records")
        raise SchemaError(f"{table}: duplicate keys {keys}, e.g. {dup}")
    for col, allowed in CATEGORIES.get(table, {}).items():
        if allowed is None:
            continue
        bad = set(df[col].dropna().astype(str)) - set(allowed)
        if bad:
            raise SchemaError(f"{table}.{col}: values {sorted(bad)[:5]} not in {list(allowed)}")


_PLAIN = {"Int64": int, "string": str}  # dtypes whose values a CSV writes as ``str(value)``


def plain_columns(table: str, data: dict[str, list]) -> bool:
    """Whether rows held as columns (``ColumnRows``) are written byte for byte as their frame
    would be, and pass ``validate``: the schema's columns, each value an int or str as its dtype
    says (or None, for a column that is no key), keys unique, closed categories respected.
    When not, the writer goes through ``frame``, which converts or says what is wrong."""
    dtypes = TABLES[table]
    if list(data) != list(dtypes) or any(dtype not in _PLAIN for dtype in dtypes.values()):
        return False
    keys = KEYS[table]
    for col, values in data.items():
        kind = _PLAIN[dtypes[col]]
        if not set(map(type, values)) <= ({kind} if col in keys else {kind, type(None)}):
            return False
    if len(set(zip(*(data[k] for k in keys)))) != len(data[keys[0]]):
        return False
    return all(allowed is None or set(data[col]) - {None} <= set(allowed)
               for col, allowed in CATEGORIES.get(table, {}).items())
