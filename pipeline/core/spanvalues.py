"""Per-span values (date value, number, unit, event arguments...) kept on the Doc.

``Span._`` values are keyed by character offsets only, so a DATE span and a
QUANTITY span over the same characters would share them (spaCy #9706). Values live
in ``doc.user_data`` under a key that includes the span group's name instead: plain
dicts of str/int/float/None, so DocBin and multiprocessing carry them.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from spacy.tokens import Doc, Span

from pipeline.core.constants import USER_DATA_VALUES


class Found(NamedTuple):
    """A span a stage found and the values it will store for it."""
    span: Span
    values: Any


def _key(group: str, span: Span) -> str:
    return f"{group}:{span.start_char}:{span.end_char}"


def set_values(doc: Doc, group: str, span: Span, values: dict[str, Any]) -> None:
    doc.user_data.setdefault(USER_DATA_VALUES, {})[_key(group, span)] = dict(values)


def get_values(doc: Doc, group: str, span: Span) -> dict[str, Any]:
    return dict(doc.user_data.get(USER_DATA_VALUES, {}).get(_key(group, span), {}))
