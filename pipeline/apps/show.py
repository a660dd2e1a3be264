"""``vnews show``: one article for a person to read, as text, JSON or an HTML page."""

from __future__ import annotations

import html

import click
from spacy import displacy
from spacy.tokens import Doc, Span

from pipeline.core.constants import USER_DATA_DROPPED
from pipeline.io.tables import doc_rows

COLORS = {"PER": "magenta", "LOC": "green", "ORG": "cyan", "MISC": "white", "DATE": "yellow",
          "QUANTITY": "blue"}


def as_json(doc: Doc, why: bool = False) -> dict:
    rows = doc_rows(doc)
    out = {"sentences": rows["sentences"], "entities": rows["entities"], "dates": rows["dates"],
           "quantities": rows["quantities"], "events": rows["events"]}
    if why:
        out["dropped_triggers"] = [{"start_char": s, "end_char": e, "trigger": t, "reason": r}
                                   for s, e, t, r in doc.user_data.get(USER_DATA_DROPPED, [])]
    return out


def render(doc: Doc, why: bool = False) -> str:
    """The article for a terminal; with ``why``, each trigger the events stage dropped and why."""
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
    text = doc.text  # joins every token: once, not per mark
    for s in rows["sentences"]:
        inside = sorted((m for m in marks if s["start_char"] <= m[0] < s["end_char"]), key=lambda m: (m[0], -m[1]))
        out, pos = [], s["start_char"]
        for start, end, tag, colour, note in inside:
            if start < pos:
                continue  # nested marks are listed, not drawn twice
            out.append(text[pos:start])
            label = f"{tag}={note}" if note else tag
            out.append(click.style(f"[{text[start:end]}]", fg=colour, bold=True) + click.style(label, fg=colour))
            pos = end
        out.append(text[pos:s["end_char"]])
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
    if why:
        lines.extend(dropped_lines(doc))
    return "\n".join(lines)


def dropped_lines(doc: Doc) -> list[str]:
    """The triggers the events stage found but kept as no event, with the rule that dropped each."""
    dropped = doc.user_data.get(USER_DATA_DROPPED, [])
    lines = ["", click.style("Triggers that are no event (why)", bold=True)]
    for start, end, text, reason in dropped:
        lines.append(f"  {start:>5}-{end:<5} {text}  <- {reason}")
    if not dropped:
        lines.append("  (none)")
    return lines


VIEW_KEY = "vnews_view"  # a span group made for the page only
HTML_COLORS = {"PER": "#f4b6c2", "LOC": "#b5e7a0", "ORG": "#9ed2f5", "MISC": "#e0e0e0", "DATE": "#fde68a",
               "TIME": "#fcd34d", "DURATION": "#fef3c7", "SET": "#fef3c7", "QUANTITY": "#c4b5fd"}


def render_html(doc: Doc) -> str:
    """A page with entities, dates and quantities highlighted (spaCy's displaCy span
    renderer, which draws overlapping spans), then the events as a table."""
    rows = doc_rows(doc)
    spans = list(doc.ents) + list(doc.spans.get("dates", [])) + [
        Span(doc, s.start, s.end, label="QUANTITY") for s in doc.spans.get("quantities", [])]
    doc.spans[VIEW_KEY] = sorted(spans, key=lambda s: (s.start, -s.end))
    body = displacy.render(doc, style="span", page=False, options={"spans_key": VIEW_KEY, "colors": HTML_COLORS})
    values = []
    for d in rows["dates"]:
        values.append(f"<tr><td>{html.escape(d['text'])}</td><td>{d['type']}</td>"
                      f"<td>{html.escape(d['value'] or '')}</td></tr>")
    for q in rows["quantities"]:
        values.append(f"<tr><td>{html.escape(q['text'])}</td><td>QUANTITY</td><td>{q['qualifier']} {q['value']:g} "
                      f"{html.escape(q['unit'] or '')}</td></tr>")
    events = []
    for ev in rows["events"]:
        cells = [ev["event_id"], ev["trigger"], ev["cameo_code"], ev["event_type"], ev["actor1"], ev["actor2"],
                 ev["location"], ev["date_value"], ev["claimant"], "yes" if ev["negated"] else ""]
        tds = "".join(f"<td>{html.escape(str(c)) if c is not None else ''}</td>" for c in cells)
        events.append(f"<tr>{tds}</tr>")
    meta = doc._.meta or {}
    title = html.escape(meta.get("title") or meta.get("article_id") or "vnews")
    head = "".join(f"<th>{h}</th>" for h in ("#", "trigger", "CAMEO", "type", "actor1", "actor2", "location",
                                               "date", "claimant", "negated"))
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:sans-serif;max-width:1100px;margin:2em auto;line-height:1.5}}
table{{border-collapse:collapse;margin:1em 0}}td,th{{border:1px solid #ccc;padding:2px 6px;font-size:90%}}</style>
</head><body>
<h1>{title}</h1>
<p>published: {html.escape(meta.get("published") or "unknown")}</p>
<section id="text">{body}</section>
<h2>Dates and quantities</h2>
<table id="values"><tr><th>text</th><th>type</th><th>value</th></tr>{''.join(values)}</table>
<h2>Events</h2>
<table id="events"><tr>{head}</tr>{''.join(events)}</table>
</body></html>
"""
