"""``make train``: word clusters from ../shared/news and the entity CRF from the dev gold.

  python scripts/train_entities.py [--clusters] [--loco] [--out models/entities]

1. Word clusters (with ``--clusters``, or when models/entities/clusters.tsv is absent): every
   article of ../shared/news is tokenized by vnews's own tokenizer; gensim's word2vec (one
   worker, fixed seed) embeds the lower-cased words seen 3 times or more, and k-means
   (scikit-learn, fixed seed) groups them twice, coarse (64) and fine (512).
2. The CRF: every dev article of corpora/gold/manifest.csv with entity gold (and the reference
   article) is tokenized and run through the entity rules; each token gets its features
   (pipeline/stages/entities/features.py) and its gold BIO tag; underthesea_core's CRF trainer
   (L-BFGS) learns the model, saved as models/entities/ner.crfsuite.
3. With ``--loco``, leave-one-category-out: for each kind of news, a model trained on the others
   tags it; entity P/R/F1 (overlapping span, same label, as `vnews eval`) per kind and label,
   written to models/entities/loco.csv and printed.

Deterministic: the same gold, news and packages give the same files (run with PYTHONHASHSEED=0,
as the Makefile does). The sealed split is never read.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from pipeline.apps import goldset  # noqa: E402
from pipeline.apps.evaluate import KEYS, _prf, match  # noqa: E402
from pipeline.core.lexicon import load_tsv, load_words  # noqa: E402
from pipeline.io.formats import read_table  # noqa: E402
from pipeline.stages.entities.component import EntityRecognizer  # noqa: E402
from pipeline.stages.entities.features import (  # noqa: E402
    CLUSTERS,
    PRIORS,
    DocFeatures,
    capitalised_runs,
)
from pipeline.stages.entities.model import LABELS, EntityModel, tag_document  # noqa: E402
from pipeline.stages.entities.words import Columns, entity_words  # noqa: E402
from pipeline.text.normalize import normalize_text  # noqa: E402

MODELS = ROOT / "models"
PARAMS = {"l1_penalty": 0.05, "l2_penalty": 0.01, "max_iterations": 200}
COARSE, FINE, MIN_COUNT = 64, 512, 3


def make_tokenizer():
    import spacy

    from pipeline import nlp as _nlp  # noqa: F401  registers the tokenizer and stages

    return spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "vnews.underthesea_tokenizer.v1"}}})


def build_unlabeled(shared: Path, clusters: Path, priors: Path) -> None:
    """Word clusters and name priors from the unlabeled news (no gold label is read)."""
    import json

    nlp = make_tokenizer()
    sentences, votes = [], {}
    t = time.time()
    for path in sorted((shared / "news").glob("*.jsonl")):
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                doc = nlp.make_doc(normalize_text(json.loads(line)["text"]))
                cols = Columns(doc)
                for sent in doc.sents:
                    keep = [i for i in range(sent.start, sent.end) if not doc[i].is_space]
                    if keep:
                        sentences.append(([cols.words[i] for i in keep], [cols.lower[i] for i in keep],
                                          [cols.cap[i] for i in keep]))
    print(f"{len(sentences)} sentences tokenized in {time.time() - t:.0f} s", file=sys.stderr)
    count_name_cues(sentences, votes)
    write_priors(votes, priors, len(sentences))
    build_clusters([lower for _, lower, _ in sentences], clusters)


def cue_label(words, cues: dict[str, str], lower: str, cased: str) -> str:
    """The type the word right before a capitalised name gives it (``ông`` PER, ``tại`` LOC,
    lower-case ``hãng`` ORG, ``chiếc`` MISC, ``khoác áo`` ORG), ``MOV`` for a verb of motion
    (``đến``, ``sang``: a place, or a club a player moves to), or ""."""
    if lower in cues:
        return cues[lower]
    if lower in words.misc_cues:
        return "MISC"
    if lower in words.place_words:
        return "LOC"
    if lower in words.org_heads and cased == lower:
        return "ORG"
    return words.titles.get(lower, "")


def head_label(words, first: str) -> str:
    """The type a name's own first word gives the rest of it: ``CLB Barcelona``, ``Tập đoàn
    Samsung`` -> ORG, ``HLV Mourinho`` -> PER."""
    lower = first.lower()
    if lower in words.org_heads:
        return "ORG"
    if lower in words.misc_cues:
        return "MISC"
    return words.titles.get(lower, "")


def count_name_cues(sentences, votes: dict) -> None:
    """``sentences``: (words, lower-case words, capitalised flags) per sentence."""
    words = entity_words()
    cues = {row["word"]: row["label"] for row in load_tsv("entities/prior_cues.tsv")}
    cues.update((word, "MOV") for word in load_words("entities/motion_cues.tsv"))

    def vote(name_words: list[str], label: str) -> None:
        # the whole name, and its first and last word (a given name, a family name, "FC")
        for key in (" ".join(name_words), f"first:{name_words[0]}", f"last:{name_words[-1]}"):
            votes.setdefault(key, {}).setdefault(label, 0)
            votes[key][label] += 1

    for toks, lower, cap in sentences:
        for a, b in capitalised_runs(cap):
            label = cue_label(words, cues, lower[a - 1], toks[a - 1]) if a > 0 else ""  # none at the start
            if label == "PER" and _is_place(words, toks[a:b]):
                label = ""  # "Tổng thống Mỹ": a country after a title says whose title it is
            if label:
                vote(toks[a:b], label)
            if b - a > 1 and (label := head_label(words, toks[a])):
                vote(toks[a + 1:b], label)


def _is_place(words, name: list[str]) -> bool:
    entry = words.gazetteer.get(" ".join(name))
    return entry is not None and entry.label == "LOC"


def write_priors(votes: dict, target: Path, n_sentences: int) -> None:
    rows = []
    for name in sorted(votes):
        v = votes[name]
        if sum(v.values()) >= 2:
            rows.append((name, ",".join(f"{label}={v[label]}" for label in sorted(v))))
    with open(target, "w", encoding="utf-8") as out:
        out.write(f"# Name priors for the entity model: {len(rows)} capitalised names of ../shared/news\n"
                  f"# ({n_sentences} sentences) seen 2+ times after a context word that tells a type (titles,\n"
                  f"# place prepositions, verbs of motion MOV, lower-case organisation heads, product and event\n"
                  f"# nouns: models/entities/*.tsv) or led by a head word (CLB X, Tập đoàn X), with the count\n"
                  f"# of each type; first:W and last:W for their first and last words. No gold label is read.\n"
                  f"# Built by `make train` (scripts/train_entities.py) on {dt.date.today().isoformat()}.\n")
        out.write("name\tvotes\n")
        for name, counts in rows:
            out.write(f"{name}\t{counts}\n")


def build_clusters(sentences: list[list[str]], target: Path) -> None:
    import numpy as np
    from gensim.models import Word2Vec
    from sklearn.cluster import KMeans

    w2v = Word2Vec(sentences, vector_size=100, window=5, min_count=MIN_COUNT, workers=1, seed=1, sg=1, epochs=10)
    words = sorted(w2v.wv.index_to_key)
    vectors = np.stack([w2v.wv[w] for w in words])
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    coarse = KMeans(n_clusters=COARSE, n_init=4, random_state=0).fit_predict(vectors)
    fine = KMeans(n_clusters=FINE, n_init=2, random_state=0).fit_predict(vectors)
    with open(target, "w", encoding="utf-8") as out:
        out.write(f"# Word clusters for the entity model: {len(words)} lower-cased words seen {MIN_COUNT}+ times in\n"
                  f"# the {len(sentences)} sentences of ../shared/news (tokenized by vnews), word2vec (gensim,\n"
                  f"# skip-gram, 100 dims, seed 1) then k-means (scikit-learn, seed 0) into {COARSE} and {FINE}\n"
                  f"# clusters.\n"
                  f"# Built by `make train` (scripts/train_entities.py) on {dt.date.today().isoformat()}.\n")
        out.write("word\tcoarse\tfine\n")
        for word, c, f in zip(words, coarse, fine):
            out.write(f"{word}\tc{c}\tf{f}\n")


def gold_articles() -> list[goldset.GoldArticle]:
    return [a for a in goldset.select(goldset.manifest(), "dev") if "entities" in a.tables]


def tagged_sentences(articles: list[goldset.GoldArticle], shared: Path):
    """Per article: (category, [(features, gold BIO, sentence start) per sentence], Doc)."""
    import spacy  # noqa: F401

    nlp = make_tokenizer()
    recognizer = EntityRecognizer(nlp, use_model=False)
    texts = goldset.texts({a.article_id for a in articles}, shared)
    out = []
    for a in articles:
        if a.article_id not in texts:
            continue
        doc = nlp.make_doc(normalize_text(texts[a.article_id]))
        cols = Columns(doc)
        candidates, accepted = recognizer.rule_entities(doc, cols)
        gold = read_table(a.gold_dir / "entities.csv", "entities")
        gold = gold[gold["article_id"] == a.article_id]
        bio = gold_bio(doc, gold)
        features = DocFeatures(doc, cols, candidates, accepted)
        sents = [(features.sentence(s), bio[s.start:s.end], s.start) for s in doc.sents]
        out.append((a, sents, doc, gold))
    return out


def gold_bio(doc, gold: pd.DataFrame) -> list[str]:
    """Gold character spans -> one BIO tag per token: a token belongs to a span when most of its
    characters are inside it (the segmenter may glue a word onto a name)."""
    tags = ["O"] * len(doc)
    for row in gold.itertuples():
        inside = [t.i for t in doc if not t.is_space and
                  min(t.idx + len(t.text), row.end_char) - max(t.idx, row.start_char) > len(t.text) / 2]
        for k, i in enumerate(inside):
            tags[i] = ("B-" if k == 0 else "I-") + row.label
    return tags


def train(data) -> object:
    from underthesea_core import CRFTrainer

    x = [feats for _, sents, _, _ in data for feats, _, _ in sents if feats]
    y = [tags for _, sents, _, _ in data for feats, tags, _ in sents if feats]
    trainer = CRFTrainer(loss_function="lbfgs", verbose=0, **PARAMS)
    return trainer.train(x, y)


def predicted(model: EntityModel, item) -> pd.DataFrame:
    a, sents, doc, _ = item
    rows = []
    for t in tag_document(model, ((model.rows(feats), start) for feats, _, start in sents), [tok.text for tok in doc]):
        span = doc[t.start:t.end]
        rows.append({"article_id": a.article_id, "start_char": span.start_char, "end_char": span.end_char,
                         "label": t.label})
    return pd.DataFrame(rows, columns=["article_id", "start_char", "end_char", "label"])


def score(gold: pd.DataFrame, pred: pd.DataFrame, scope: str) -> list[dict]:
    pairs = match(gold.reset_index(drop=True), pred.reset_index(drop=True), KEYS["entities"])
    gold, pred = gold.reset_index(drop=True), pred.reset_index(drop=True)
    rows = [dict(_prf("entities", len(gold), len(pred), len(pairs)), scope=scope)]
    for label in LABELS:
        tp = sum(1 for gi, _ in pairs if gold.loc[gi, "label"] == label)
        rows.append(dict(_prf(f"entities:{label}", int((gold["label"] == label).sum()),
                              int((pred["label"] == label).sum()), tp), scope=scope))
    return rows


_DATA: list = []  # the folds' shared data, inherited by the forked workers


def _fold(category: str) -> list[dict]:
    t = time.time()
    model = EntityModel.from_trained(train([d for d in _DATA if d[0].category != category]))
    held = [d for d in _DATA if d[0].category == category]
    gold = pd.concat([d[3] for d in held], ignore_index=True)
    pred = pd.concat([predicted(model, d) for d in held], ignore_index=True)
    rows = score(gold, pred, category)
    print(f"loco {category}: F1 {rows[0]['f1']:.3f} ({time.time() - t:.0f} s)", file=sys.stderr)
    return rows


def loco(data, jobs: int = 2) -> pd.DataFrame:
    import multiprocessing as mp

    categories = sorted({a.category for a, *_ in data} - {"reference"})
    _DATA[:] = data
    with mp.get_context("fork").Pool(jobs) as pool:
        results = [row for rows in pool.map(_fold, categories) for row in rows]
    df = pd.DataFrame(results)
    main = df[df["table"] == "entities"]
    summary = {"table": "entities", "gold": int(main["gold"].sum()), "pred": int(main["pred"].sum()),
               "tp": int(main["tp"].sum()), "precision": round(main["precision"].mean(), 3),
               "recall": round(main["recall"].mean(), 3), "f1": round(main["f1"].mean(), 3),
               "scope": "mean over kinds of news"}
    return pd.concat([pd.DataFrame([summary]), df], ignore_index=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clusters", action="store_true", help="rebuild the word clusters from ../shared/news")
    ap.add_argument("--loco", action="store_true", help="leave-one-category-out scores (models/entities/loco.csv)")
    ap.add_argument("--shared", type=Path, default=goldset.SHARED)
    ap.add_argument("--out", type=Path, default=MODELS / "entities")
    args = ap.parse_args()
    if not (args.shared / "news").is_dir():
        print(f"{args.shared / 'news'} not found: training needs ../shared/news (the texts of the gold)",
              file=sys.stderr)
        return 2
    clusters, priors = MODELS / CLUSTERS, MODELS / PRIORS
    if args.clusters or not clusters.exists() or not priors.exists():
        build_unlabeled(args.shared, clusters, priors)
        from pipeline.stages.entities import features
        for cached in (features.word_clusters, features.name_priors, features._own):
            cached.cache_clear()
    t = time.time()
    data = tagged_sentences(gold_articles(), args.shared)
    print(f"features of {len(data)} dev articles in {time.time() - t:.0f} s", file=sys.stderr)
    if args.loco:
        table = loco(data)
        table.to_csv(args.out / "loco.csv", index=False)
        print(table[table["table"] == "entities"].to_string(index=False))
    t = time.time()
    model = train(data)
    model.save(str(args.out / "ner.crfsuite"))
    print(f"model trained on {len(data)} articles in {time.time() - t:.0f} s: {args.out / 'ner.crfsuite'}",
          file=sys.stderr)
    with open(args.out / "ner.meta.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["key", "value"])
        for key, value in {**PARAMS, "articles": len(data), "trained_on": dt.date.today().isoformat(),
                           "gold": "dev split of corpora/gold/manifest.csv + the reference article"}.items():
            writer.writerow([key, value])
    return 0


if __name__ == "__main__":
    sys.exit(main())
