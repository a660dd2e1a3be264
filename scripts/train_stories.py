"""``make train`` (stories): document frequencies of story terms over ../shared/news, and the
pair model that merges a story's event mentions into happenings.

  python scripts/train_stories.py [--out models/stories] [--tables DIR] [--only df|merge]

Runs vnews over the 2,329 articles of ``../shared/news/`` (or reads the tables of such a run
with ``--tables``), then:
1. counts, for every term a story signature uses (content words, entity names, title syllable
   pairs, days; ``pipeline/stories/signature.py``), how many articles hold it. Terms held by
   one article only are left out (their IDF is the unseen terms' anyway). Writes
   ``models/stories/df.tsv``. Deterministic: counts do not depend on order.
2. fits the logistic pair model of ``pipeline/stories/merge.py`` (scikit-learn, the ``train``
   extra) on the mention pairs of the blind story gold (``corpora/gold/stories``): the
   threshold is the one with the best leave-one-story-out pairwise F1, whose scores are written
   in the header of ``models/stories/event_merge.tsv`` with the weights of the model fitted on
   every story. Deterministic (lbfgs, no randomness).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.apps.evaluate import prf  # noqa: E402
from pipeline.apps.storyeval import GoldStory, gold_stories, merge_pairs  # noqa: E402
from pipeline.io.formats import read_columns, read_output  # noqa: E402
from pipeline.stories.merge import FEATURES, MergeModel, happenings, pair_features  # noqa: E402
from pipeline.stories.signature import add_dates, add_names, add_title, token_terms  # noqa: E402

NEWS = ROOT.parent / "shared" / "news"
GOLD_STORIES = ROOT / "corpora" / "gold" / "stories"
THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
C = 1.0  # inverse L2 strength; 0.3 and 1.0 scored alike leaving one story out


def frequencies(tables: Path) -> tuple[int, Counter]:
    articles = read_output(tables, "articles")
    articles = articles[articles["status"] == "ok"]
    terms = token_terms(read_columns(tables, "tokens", ["article_id", "text", "pos"]))
    entities = read_output(tables, "entities")
    dates = read_output(tables, "dates")
    names = entities.assign(n=entities["canonical"].fillna(entities["text"])).groupby("article_id")["n"].agg(list)
    days = dates.groupby("article_id")["value"].agg(list)
    df: Counter = Counter()
    for aid, title in zip(articles["article_id"], articles["title"]):
        counts = Counter(terms.get(aid, ()))
        add_names(counts, [n for n in names.get(aid, []) if isinstance(n, str)])
        add_title(counts, title if isinstance(title, str) else None)
        add_dates(counts, [v for v in days.get(aid, []) if isinstance(v, str)])
        df.update(counts.keys())
    return len(articles), df


def labelled_pairs(story: GoldStory) -> tuple[list[tuple[float, ...]], list[int]]:
    """The features and gold label (one happening or not) of every scored pair of matched mentions,
    earlier mention first, as ``happenings`` scores them."""
    X, y = [], []
    ms = story.mentions
    for i in range(len(ms)):
        for j in range(i):
            a, b = (ms[j].article_id, ms[j].event_id), (ms[i].article_id, ms[i].event_id)
            features = pair_features(ms[j], ms[i])
            if features is not None and a in story.happening and b in story.happening:
                X.append(features)
                y.append(int(story.happening[a] == story.happening[b]))
    return X, y


def fit(data: list[tuple[list, list]]) -> MergeModel:
    from sklearn.linear_model import LogisticRegression

    X = [x for xs, _ in data for x in xs]
    y = [label for _, ys in data for label in ys]
    clf = LogisticRegression(C=C, max_iter=5000).fit(X, y)
    return MergeModel(tuple(float(w) for w in clf.coef_[0]), float(clf.intercept_[0]), 0.5)


def train_merge(tables: Path, out: Path) -> None:
    stories = gold_stories(GOLD_STORIES, tables)
    data = [labelled_pairs(s) for s in stories]
    held_out = [fit(data[:k] + data[k + 1:]) for k in range(len(stories))]  # leave one story out
    scores = {}
    for t in THRESHOLDS:
        totals = [0, 0, 0]
        for story, model in zip(stories, held_out):
            found = merge_pairs(story, happenings(story.mentions, model._replace(threshold=t)))
            totals = [a + b for a, b in zip(totals, found)]
        scores[t] = prf(*totals)
    best = max(THRESHOLDS, key=lambda t: (scores[t][2], -t))
    model = fit(data)._replace(threshold=best)
    n_pairs = sum(len(y) for _, y in data)
    with open(out / "event_merge.tsv", "w", encoding="utf-8") as fh:
        fh.write("# Which event mentions of a story tell one happening (pipeline/stories/merge.py): logistic\n"
                 f"# regression over mention pairs, fitted by scripts/train_stories.py (make train) on the\n"
                 f"# blind story gold corpora/gold/stories ({len(stories)} stories, {n_pairs} scored pairs of matched\n"
                 "# mentions). Leave-one-story-out pairwise precision / recall / F1 by threshold:\n")
        for t in THRESHOLDS:
            fh.write(f"#   {t}: {scores[t][0]:.3f} / {scores[t][1]:.3f} / {scores[t][2]:.3f}\n")
        fh.write(f"feature\tweight\n__bias__\t{model.bias:.6f}\n__threshold__\t{best}\n")
        for name, weight in zip(FEATURES, model.weights):
            fh.write(f"{name}\t{weight:.6f}\n")
    print(f"event merge: threshold {best}, leave-one-story-out F1 {scores[best][2]:.3f} -> {out / 'event_merge.tsv'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "models" / "stories")
    parser.add_argument("--tables", type=Path, default=None, help="tables of a vnews run over ../shared/news")
    parser.add_argument("--only", choices=("df", "merge"), default=None, help="one of the two models only")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tables = args.tables
        if tables is None:
            if not NEWS.is_dir():
                sys.exit(f"{NEWS} not found: the story models are trained over ../shared/news")
            tables = Path(tmp) / "news"
            subprocess.run([sys.executable, "-m", "pipeline", "run", str(NEWS / "vims.jsonl"),
                            str(NEWS / "ktlab.jsonl"), "--out", str(tables), "--no-progress"], check=True)
        if args.only != "merge":
            write_frequencies(tables, args.out)
        if args.only != "df":
            train_merge(tables, args.out)


def write_frequencies(tables: Path, out: Path) -> None:
    n, df = frequencies(tables)
    with open(out / "df.tsv", "w", encoding="utf-8") as fh:
        fh.write("# Document frequencies of story-signature terms (pipeline/stories/signature.py): in how many\n"
                 "# articles each term occurs. Counted by scripts/train_stories.py (make train) over the vnews\n"
                 "# tables of ../shared/news (ViMs and KTLAB, 2,329 articles); terms of one article left out.\n"
                 f"# articles: {n}\nterm\tdf\n")
        for term, count in sorted(df.items(), key=lambda kv: (-kv[1], kv[0])):
            if count >= 2 and "\t" not in term and "\n" not in term:
                fh.write(f"{term}\t{count}\n")
    print(f"{n} articles, {sum(1 for c in df.values() if c >= 2)} terms -> {out / 'df.tsv'}")

if __name__ == "__main__":
    main()
