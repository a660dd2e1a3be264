"""``make train`` (events): the acceptance model that vetoes unlikely events.

  python scripts/train_events.py [--out models/events]

Every dev article of corpora/gold/manifest.csv with event gold is run through the pipeline with
the veto off; each event counted by ``vnews eval`` (not denied, not merely possible) is an
example, positive when it matches a gold event (overlapping trigger, same CAMEO root). A
logistic regression (scikit-learn, the ``train`` extra) over the features of
``pipeline/stages/events/acceptance.py`` learns which to keep; its weights are written as a
table the stage reads without scikit-learn. Leave-one-category-out: for each kind of news, a
model trained on the others vetoes its events; events P/R/F1 with and without the veto per kind
of news go to models/events/loco.csv, and the threshold is the one with the best mean LOCO F1.
Deterministic; the sealed split is never read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from pipeline.apps import goldset  # noqa: E402
from pipeline.apps.evaluate import KEYS, match  # noqa: E402
from pipeline.io.formats import read_table  # noqa: E402
from pipeline.io.reader import Article, read_source  # noqa: E402
from pipeline.language import make_nlp, process  # noqa: E402
from pipeline.stages.events.acceptance import event_features, topics  # noqa: E402

MODELS = ROOT / "models"
C = 0.3  # inverse L2 strength of the logistic regression (LOCO: 0.1-1.0 within 0.01)
THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)


def articles() -> list[tuple[goldset.GoldArticle, Article]]:
    gold = [a for a in goldset.select(goldset.manifest(), "dev") if "events" in a.tables]
    wanted = {a.article_id for a in gold}
    lines = {aid: json.loads(line) for aid, line in goldset._news_lines(goldset.SHARED) if aid in wanted}
    out = []
    for a in gold:
        if a.article_id in lines:
            obj = lines[a.article_id]
            published = (obj.get("published") or "")[:10] or None
            out.append((a, Article(source="gold", article_id=a.article_id, text=obj["text"], published=published)))
            continue
        for path in (goldset.SHARED / "corpora" / f"{a.article_id}.txt",
                     goldset.REFERENCE / f"{a.article_id}.txt"):
            if path.exists():
                out.append((a, read_source(str(path))[0]))
                break
    return out


def examples(items) -> pd.DataFrame:
    """One row per counted event: article, category, features, label."""
    nlp = make_nlp()
    nlp.get_pipe("vnews_events").use_model = False
    rows = []
    for a, art in items:
        doc = process(art, nlp)
        gold = read_table(a.gold_dir / "events.csv", "events")
        gold = gold[gold["article_id"] == a.article_id].reset_index(drop=True)
        sents = list(doc.sents)
        sent_of = {s.start: k for k, s in enumerate(sents)}
        from pipeline.core.constants import SPANS_EVENTS
        from pipeline.core.spanvalues import get_values

        spans = list(doc.spans.get(SPANS_EVENTS, []))
        values = [get_values(doc, SPANS_EVENTS, s) for s in spans]
        per_sentence: dict[int, int] = {}
        for s in spans:
            per_sentence[sent_of[s.sent.start]] = per_sentence.get(sent_of[s.sent.start], 0) + 1
        doc_topics = topics(doc)
        pred = pd.DataFrame([{"article_id": a.article_id, "start_char": s.start_char, "end_char": s.end_char,
                              "root_code": v["root_code"]} for s, v in zip(spans, values)],
                            columns=["article_id", "start_char", "end_char", "root_code"])
        hits = {pi for _, pi in match(gold, pred, KEYS["events"])} if len(pred) else set()
        for i, (s, v) in enumerate(zip(spans, values)):
            if v.get("negated") or v.get("modality") == "possible":
                continue  # not counted by vnews eval either way
            k = sent_of[s.sent.start]
            rows.append({"article_id": a.article_id, "category": a.category, "label": int(i in hits),
                         "features": event_features(doc, s.sent, k, s, v, per_sentence[k], doc_topics)})
        rows.append({"article_id": a.article_id, "category": a.category, "label": -1, "features": [],
                     "gold": len(gold)})  # the article's gold count, for recall
    return pd.DataFrame(rows)


def fit(data: pd.DataFrame):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform([{f: 1 for f in feats} for feats in data["features"]])
    model = LogisticRegression(C=C, max_iter=2000, solver="lbfgs")
    model.fit(x, data["label"])
    return vec, model


def predict(vec, model, data: pd.DataFrame):
    return model.predict_proba(vec.transform([{f: 1 for f in feats} for feats in data["features"]]))[:, 1]


def prf(tp: int, pred: int, gold: int) -> tuple[float, float, float]:
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def loco(data: pd.DataFrame) -> pd.DataFrame:
    events = data[data["label"] >= 0]
    golds = data[data["label"] < 0].groupby("category")["gold"].sum()
    rows = []
    for category in sorted(set(events["category"]) - {"reference"}):
        held = events[events["category"] == category]
        train = events[events["category"] != category]
        probs = predict(*fit(train), held) if len(held) else []
        gold = int(golds.get(category, 0))
        base = prf(int(held["label"].sum()), len(held), gold)
        row = {"category": category, "gold": gold, "pred": len(held), "tp": int(held["label"].sum()),
               "f1_rules": round(base[2], 3)}
        for t in THRESHOLDS:
            keep = held[probs >= t] if len(held) else held
            p, r, f = prf(int(keep["label"].sum()), len(keep), gold)
            row[f"f1@{t}"] = round(f, 3)
            row[f"tp@{t}"], row[f"pred@{t}"] = int(keep["label"].sum()), len(keep)
            if t == 0.35:
                row.update(p_rules=round(base[0], 3), r_rules=round(base[1], 3), p=round(p, 3), r=round(r, 3))
        rows.append(row)
    return pd.DataFrame(rows)


def write_model(vec, model, threshold: float, n: int, target: Path) -> None:
    weights = model.coef_[0]
    with open(target, "w", encoding="utf-8") as out:
        out.write(f"# Event acceptance model: logistic regression (scikit-learn, C={C}) over the features of\n"
                  f"# pipeline/stages/events/acceptance.py, trained on {n} events of the dev gold\n"
                  f"# (corpora/gold/manifest.csv). Built by `make train` (scripts/train_events.py) on "
                  f"{dt.date.today().isoformat()}.\n")
        out.write("feature\tweight\n")
        out.write(f"__bias__\t{model.intercept_[0]:.6f}\n__threshold__\t{threshold}\n")
        for name, w in sorted(zip(vec.get_feature_names_out(), weights)):
            if abs(w) >= 1e-4:
                out.write(f"{name}\t{w:.6f}\n")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=MODELS / "events")
    ap.add_argument("--cache", type=Path, help="keep the examples in this pickle (for trying parameters)")
    ap.add_argument("-C", type=float, default=C, help="inverse L2 strength")
    args = ap.parse_args()
    globals()["C"] = args.C
    if not (goldset.SHARED / "news").is_dir():
        print(f"{goldset.SHARED / 'news'} not found: training needs ../shared/news", file=sys.stderr)
        return 2
    if args.cache and args.cache.exists():
        data = pd.read_pickle(args.cache)
    else:
        data = examples(articles())
        if args.cache:
            data.to_pickle(args.cache)
    events = data[data["label"] >= 0]
    print(f"{len(events)} events ({int(events['label'].sum())} in the gold) of "
          f"{data['article_id'].nunique()} dev articles", file=sys.stderr)
    table = loco(data)
    means = {t: table[f"f1@{t}"].mean() for t in THRESHOLDS}
    gold = table["gold"].sum()
    pooled = {t: prf(table[f"tp@{t}"].sum(), table[f"pred@{t}"].sum(), gold)[2] for t in THRESHOLDS}
    # the threshold best for the kinds of news on average and for all events together
    threshold = max(THRESHOLDS, key=lambda t: (round(means[t] + pooled[t], 4), -t))
    table = table.drop(columns=[c for c in table.columns if c.startswith(("tp@", "pred@"))])
    print(table.to_string(index=False))
    print(f"LOCO events F1, mean over kinds of news: rules {table['f1_rules'].mean():.3f}; with the veto "
          + ", ".join(f"@{t} {m:.3f}" for t, m in means.items()))
    print(f"LOCO events F1, all events pooled: rules {prf(table['tp'].sum(), table['pred'].sum(), gold)[2]:.3f}; "
          "with the veto " + ", ".join(f"@{t} {m:.3f}" for t, m in pooled.items()) + f"; threshold {threshold}")
    args.out.mkdir(parents=True, exist_ok=True)
    table.to_csv(args.out / "loco.csv", index=False)
    vec, model = fit(events)
    write_model(vec, model, threshold, len(events), args.out / "acceptance.tsv")
    return 0


if __name__ == "__main__":
    sys.exit(main())
