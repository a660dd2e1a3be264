# ---
# jupyter:
#   jupytext:
#     formats: py:percent,ipynb
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # vnews tables in a notebook
#
# Load the output of `vnews run` (`make run` writes `out/`), typed and validated, and draw:
# who is mentioned, when things happened, and how many of what.
# Open as a notebook with `jupytext --to ipynb notebooks/example.py`.

# %%
import os
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no screen needed; the pictures are also saved as files
import matplotlib.pyplot as plt

from pipeline import load

OUT = Path(os.environ.get("VNEWS_OUT", "out"))
PICTURES = Path(os.environ.get("VNEWS_PICTURES", "docs"))
PICTURES.mkdir(parents=True, exist_ok=True)
t = load(OUT)
print(len(t.articles), "articles,", len(t.entities), "entity mentions,", len(t.events), "events")

# %% [markdown]
# ## Entity counts: the most mentioned places, people and organisations

# %%
fig, axes = plt.subplots(1, 3, figsize=(13, 4))
for ax, label in zip(axes, ["LOC", "PER", "ORG"]):
    counts = t.counts(label).head(10)[::-1]
    ax.barh(counts.index.astype(str), counts.values)
    ax.set_title(f"{label} mentions")
fig.tight_layout()
fig.savefig(PICTURES / "entity_counts.png", dpi=80)

# %% [markdown]
# ## A timeline of dated events, by CAMEO root code

# %%
timeline = t.timeline()
by_year = timeline.groupby([timeline["when"].dt.year, "root_code"], observed=True).size().unstack(fill_value=0)
fig, ax = plt.subplots(figsize=(10, 4))
by_year.plot(kind="bar", stacked=True, ax=ax, width=0.8)
ax.set_xticklabels([str(y) for y in by_year.index], rotation=0)
ax.set_title("dated events per year, by CAMEO root code")
ax.set_xlabel("")
fig.tight_layout()
fig.savefig(PICTURES / "event_timeline.png", dpi=80)

# %% [markdown]
# ## Events by CAMEO root code and actor (who does what kind of thing)

# %%
events = t.events.assign(actor=t.events["actor1_code"].astype("string").fillna("?"))
by_actor = events.groupby(["root_code", "actor"], observed=True).size().unstack(fill_value=0)
print(by_actor.loc[:, by_actor.sum().sort_values(ascending=False).index[:8]].to_string())

# %% [markdown]
# ## Quantities by unit (how many numbers count what)

# %%
units = t.quantities.dropna(subset=["unit"]).groupby("unit", observed=True).size().sort_values().tail(12)
fig, ax = plt.subplots(figsize=(7, 4))
ax.barh(units.index.astype(str), units.values)
ax.set_title("quantities by unit")
fig.tight_layout()
fig.savefig(PICTURES / "quantities_by_unit.png", dpi=80)

# %% [markdown]
# ## Joins: events with their quantities, places with their articles

# %%
print(t.events_with_actors()[["article_id", "trigger", "cameo_code", "actor1", "value", "unit"]]
      .dropna(subset=["value"]).head(10).to_string())
print(t.mentions("LOC")[["article_id", "canonical", "published"]].head(5).to_string())

# %% [markdown]
# ## Stories: when each story was told, by how many articles
#
# Every run groups its articles into stories (`stories`, `articles.story_id`); a story's events
# are counted once in `story_events`, its numbers lined up by source in `story_claims`.

# %%
stories = t.stories.sort_values("first_published").tail(20)
fig, ax = plt.subplots(figsize=(9, max(2, 0.35 * len(stories))))
for y, s in enumerate(stories.itertuples()):
    ax.plot([s.first_published, s.last_published], [y, y], linewidth=2)
    ax.scatter([s.first_published], [y], s=20 * s.n_articles)
ax.set_yticks(range(len(stories)))
ax.set_yticklabels([f"{s.story_id} ({s.n_articles})" for s in stories.itertuples()])
ax.set_title("stories over time (dot size: articles)")
fig.tight_layout()
fig.savefig(PICTURES / "story_timeline.png", dpi=80)
print(t.story_claims[t.story_claims["conflict"].fillna(False)][["story_id", "thing", "value", "claimant",
                                                                 "article_id"]].head(10).to_string())

# %% [markdown]
# ## A new article, straight from a string
#
# `extract` runs the whole pipeline on one text and gives the same seven tables, typed as
# `load` types them; `extract_many(texts, jobs=2)` does several at once.

# %%
from pipeline import extract

new = extract("Theo Bộ Y tế, sáng 12/3, hơn 20 người bị thương trong vụ cháy tại quận Hoàn Kiếm, Hà Nội.",
              published="2024-03-12")
print(new.entities[["text", "label", "canonical"]].to_string())
print(new.quantities[["text", "value", "qualifier", "unit", "claimant"]].to_string())
print(new.events_with_actors()[["trigger", "cameo_code", "actor1", "location", "date_value"]].to_string())
