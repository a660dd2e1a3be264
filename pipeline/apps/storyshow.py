"""``vnews show --story STORY_ID``: one story for a person to read, from an output's tables."""

from __future__ import annotations

from pathlib import Path

import click
import pandas as pd

from pipeline.core.display import quantity_note
from pipeline.io.loader import load
from pipeline.stories.signature import outlet


def _day(value) -> str:
    return value.strftime("%Y-%m-%d") if isinstance(value, pd.Timestamp) and not pd.isna(value) else "?"


def render_story(out: Path, story_id: str) -> str:
    """The story's articles, its merged events with their counts, and its numbers by thing and
    source, conflicts marked; KeyError when the output has no such story."""
    t = load(out)
    found = t.stories[t.stories["story_id"] == story_id]
    if found.empty:
        raise KeyError(story_id)
    story = found.iloc[0]
    lines = [click.style(f"{story_id}: {story['title']}", bold=True),
             f"{story['n_articles']} articles, {story['n_sources'] if not pd.isna(story['n_sources']) else '?'} "
             f"sources, {_day(story['first_published'])} .. {_day(story['last_published'])}",
             f"most named: {story['top_entities']}", "", click.style("articles", bold=True)]
    arts = t.articles[t.articles["story_id"] == story_id].sort_values("published", kind="stable")
    for a in arts.itertuples():
        lines.append(f"  {_day(a.published)}  {outlet(a.url) or '-':<22} {a.article_id}  {a.title or ''}")
    lines += ["", click.style("events (one row per happening; mentions / articles / sources)", bold=True)]
    for e in t.story_events[t.story_events["story_id"] == story_id].itertuples():
        who = " -> ".join(str(x) for x in (e.actor1, e.actor2) if not pd.isna(x)) or "?"
        where = f" @ {e.location}" if not pd.isna(e.location) else ""
        lines.append(f"  {e.story_event_id:>3}. {e.cameo_code} {who}{where} [{e.date_value}]  "
                     f"{e.n_mentions}/{e.n_articles}/{e.n_sources}")
    claims = t.story_claims[t.story_claims["story_id"] == story_id]
    lines += ["", click.style("numbers by what they count (! = cannot agree with another source)", bold=True)]
    for thing, group in claims.groupby("thing", sort=False):
        lines.append(f"  {thing}")
        for c in group.itertuples():
            clash = not pd.isna(c.conflict) and bool(c.conflict)
            mark = click.style("!", fg="red", bold=True) if clash else " "
            value = quantity_note({"qualifier": c.qualifier, "value": c.value, "unit": c.unit})
            source = c.claimant if not pd.isna(c.claimant) else "(the outlet)"
            lines.append(f"   {mark} {value:<22} {source:<28} {c.article_id}")
    return "\n".join(lines)
