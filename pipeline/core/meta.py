"""Article metadata carried on the Doc (``doc._.meta``): id, title, published, ..."""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc

from pipeline.core.constants import DOC_META

if not Doc.has_extension(DOC_META):
    Doc.set_extension(DOC_META, default=None)


def get_meta(doc: Doc) -> dict:
    return doc._.get(DOC_META) or {}


def publication_date(doc: Doc) -> dt.date | None:
    value = get_meta(doc).get("published")
    return dt.date.fromisoformat(value) if value else None
