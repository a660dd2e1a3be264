"""``make train`` (stories): document frequencies of story terms over ../shared/news.

  python scripts/train_stories.py [--out models/stories] [--tables DIR]

Runs vnews over the 2,329 articles of ``../shared/news/`` (or reads the tables of such a run
with ``--tables``) and counts, for every term a story signature uses (content words, entity
names, title syllable pairs, days; ``pipeline/stories/signature.py``), how many articles hold
it. Terms held by one article only are left out (their IDF is the unseen terms' anyway).
Writes ``models/stories/df.tsv``. Deterministic: counts do not depend on order.
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

from pipeline.io.formats import read_columns, read_output  # noqa: E402
from pipeline.stories.signature import add_dates, add_names, add_title, token_terms  # noqa: E402

NEWS = ROOT.parent / "shared" / "news"


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "models" / "stories")
    parser.add_argument("--tables", type=Path, default=None, help="tables of a vnews run over ../shared/news")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tables = args.tables
        if tables is None:
            if not NEWS.is_dir():
                sys.exit(f"{NEWS} not found: the story frequencies are counted over ../shared/news")
            tables = Path(tmp) / "news"
            subprocess.run([sys.executable, "-m", "pipeline", "run", str(NEWS / "vims.jsonl"),
                            str(NEWS / "ktlab.jsonl"), "--out", str(tables), "--no-progress"], check=True)
        n, df = frequencies(tables)
    args.out.mkdir(parents=True, exist_ok=True)
    with open(args.out / "df.tsv", "w", encoding="utf-8") as fh:
        fh.write("# Document frequencies of story-signature terms (pipeline/stories/signature.py): in how many\n"
                 "# articles each term occurs. Counted by scripts/train_stories.py (make train) over the vnews\n"
                 "# tables of ../shared/news (ViMs and KTLAB, 2,329 articles); terms of one article left out.\n"
                 f"# articles: {n}\nterm\tdf\n")
        for term, count in sorted(df.items(), key=lambda kv: (-kv[1], kv[0])):
            if count >= 2 and "\t" not in term and "\n" not in term:
                fh.write(f"{term}\t{count}\n")
    print(f"{n} articles, {sum(1 for c in df.values() if c >= 2)} terms -> {args.out / 'df.tsv'}")


if __name__ == "__main__":
    main()
