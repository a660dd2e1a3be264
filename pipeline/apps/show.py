"""``vnews show``: one article for a person to read, as text, JSON or an HTML page."""

from __future__ import annotations

import html

import click
from spacy.tokens import Doc

from pipeline.core.constants import USER_DATA_DROPPED
from pipeline.core.display import quantity_note
from pipeline.core.meta import doc_text
from pipeline.io.tables import doc_rows

COLORS = {"PER": "magenta", "LOC": "green", "ORG": "cyan", "MISC": "white", "DATE": "yellow",
          "QUANTITY": "blue"}


def as_json(doc: Doc, why: bool = False) -> dict:
    rows = doc_rows(doc)
    out = {name: list(rows[name]) for name in ("sentences", "entities", "dates", "quantities", "events")}
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
        marks.append((q["start_char"], q["end_char"], "QTY", COLORS["QUANTITY"], quantity_note(q)))
    lines = []
    text = doc_text(doc)
    for s in rows["sentences"]:
        inside = sorted((m for m in marks if s["start_char"] <= m[0] < s["end_char"]), key=lambda m: (m[0], -m[1]))
        out, pos = [], s["start_char"]
        for start, end, tag, colour, note in inside:
            if start < pos:
                continue  # nested marks are listed, not drawn twice
            out.append(text[pos:start])
            label = f"{tag}{note}" if tag == "QTY" else f"{tag}={note}" if note else tag
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


HTML_COLORS = {"PER": "#f4b6c2", "LOC": "#b5e7a0", "ORG": "#9ed2f5", "MISC": "#e0e0e0", "DATE": "#fde68a",
               "TIME": "#fcd34d", "DURATION": "#fef3c7", "SET": "#fef3c7", "QUANTITY": "#c4b5fd"}


def _marked_html(text: str, marks: list[tuple[int, int, str]]) -> str:
    """The article's own text (as written, not tokenized) in paragraphs, each mark a labelled
    <mark>; a mark inside another is listed in the tables, not drawn twice."""
    paragraphs, pos = [], 0
    marks = sorted(marks, key=lambda m: (m[0], -m[1]))
    for para in text.split("\n"):
        start, end = pos, pos + len(para)
        pos = end + 1
        if not para.strip():
            continue
        out, at = [], start
        for a, b, label in marks:
            if a < at or a >= end:
                continue
            b = min(b, end)
            out.append(html.escape(text[at:a]))
            colour = HTML_COLORS.get(label, "#e0e0e0")
            out.append(f'<mark class="{label}" style="background:{colour}">{html.escape(text[a:b])}'
                       f'<span class="label">{label}</span></mark>')
            at = b
        out.append(html.escape(text[at:end]))
        paragraphs.append(f"<p>{''.join(out).strip()}</p>")
    return "\n".join(paragraphs)


def page_title(doc: Doc) -> str:
    """The article's title, else its first line (a headline, in most news), else its id."""
    meta = doc._.meta or {}
    if meta.get("title"):
        return meta["title"]
    first = next((line.strip() for line in doc_text(doc).split("\n") if line.strip()), "")
    if first:
        return first if len(first) <= 120 else first[:119].rsplit(" ", 1)[0] + "…"
    return meta.get("article_id") or "vnews"


def render_html(doc: Doc) -> str:
    """A page with the article's paragraphs, entities, dates and quantities highlighted, then
    the dates' and quantities' values and the events as tables."""
    rows = doc_rows(doc)
    marks = [(e["start_char"], e["end_char"], e["label"]) for e in rows["entities"]]
    marks += [(d["start_char"], d["end_char"], "DATE") for d in rows["dates"]]
    marks += [(q["start_char"], q["end_char"], "QUANTITY") for q in rows["quantities"]]
    body = _marked_html(doc_text(doc), marks)
    values = []
    for d in rows["dates"]:
        values.append(f"<tr><td>{html.escape(d['text'])}</td><td>{d['type']}</td>"
                      f"<td>{html.escape(d['value'] or '')}</td></tr>")
    for q in rows["quantities"]:
        values.append(f"<tr><td>{html.escape(q['text'])}</td><td>QUANTITY</td><td>"
                      f"{html.escape(quantity_note(q))}</td></tr>")
    events = []
    for ev in rows["events"]:
        cells = [ev["event_id"], ev["trigger"], ev["cameo_code"], ev["event_type"], ev["actor1"], ev["actor2"],
                 ev["location"], ev["date_value"], ev["claimant"], "yes" if ev["negated"] else ""]
        tds = "".join(f"<td>{html.escape(str(c)) if c is not None else ''}</td>" for c in cells)
        events.append(f"<tr>{tds}</tr>")
    meta = doc._.meta or {}
    title = html.escape(page_title(doc))
    head = "".join(f"<th>{h}</th>" for h in ("#", "trigger", "CAMEO", "type", "actor1", "actor2", "location",
                                               "date", "claimant", "negated"))
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:sans-serif;max-width:1100px;margin:2em auto;line-height:1.5}}
table{{border-collapse:collapse;margin:1em 0}}td,th{{border:1px solid #ccc;padding:2px 6px;font-size:90%}}
mark{{padding:0 2px;border-radius:3px}}
mark .label{{font-size:65%;font-weight:bold;margin-left:3px;vertical-align:middle}}</style>
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
