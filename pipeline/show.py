"""``vnews show``: one article for a person to read, or as JSON."""

from __future__ import annotations

import click
from spacy.tokens import Doc

from .tables import doc_rows

COLORS = {"PER": "magenta", "LOC": "green", "ORG": "cyan", "MISC": "white", "DATE": "yellow",
          "QUANTITY": "blue"}


def as_json(doc: Doc) -> dict:
    rows = doc_rows(doc)
    return {"sentences": rows["sentences"], "entities": rows["entities"], "dates": rows["dates"],
            "quantities": rows["quantities"], "events": rows["events"]}


def render(doc: Doc) -> str:
    rows = doc_rows(doc)
    marks = []  # (start, end, tag, colour, note)
    for e in rows["entities"]:
        marks.append((e["start_char"], e["end_char"], e["label"], COLORS.get(e["label"], "white"), ""))
    for d in rows["dates"]:
        marks.append((d["start_char"], d["end_char"], d["type"], COLORS["DATE"], d["value"]))
    for q in rows["quantities"]:
        note = f"{q['qualifier']}{q['value']:g} {q['unit'] or ''}".strip()
        marks.append((q["start_char"], q["end_char"], "QTY", COLORS["QUANTITY"], note))
    lines = []
    for s in rows["sentences"]:
        inside = sorted((m for m in marks if s["start_char"] <= m[0] < s["end_char"]), key=lambda m: (m[0], -m[1]))
        out, pos = [], s["start_char"]
        for start, end, tag, colour, note in inside:
            if start < pos:
                continue  # nested marks are listed, not drawn twice
            out.append(doc.text[pos:start])
            label = f"{tag}={note}" if note else tag
            out.append(click.style(f"[{doc.text[start:end]}]", fg=colour, bold=True) + click.style(label, fg=colour))
            pos = end
        out.append(doc.text[pos:s["end_char"]])
        lines.append(f"{s['sentence_id']:>3}  " + "".join(out))
    lines.append("")
    lines.append(click.style("Events", bold=True))
    for ev in rows["events"]:
        parts = [f"{ev['event_id']:>3}  [{ev['cameo_code']}] {ev['trigger']} ({ev['event_type']})"]
        for col in ("actor1", "actor2", "location", "date_value", "claimant"):
            if ev[col]:
                parts.append(f"{col}={ev[col]}")
        if ev["negated"]:
            parts.append("NEGATED")
        if ev["modality"]:
            parts.append(f"modality={ev['modality']}")
        lines.append("  ".join(parts))
    if not rows["events"]:
        lines.append("  (none)")
    return "\n".join(lines)
