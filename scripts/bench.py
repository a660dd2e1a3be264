"""``make bench``: speed of the vnews pipeline against underthesea's ner() alone.

Prints, measured in one run on this machine, and writes to out/bench.csv:
- tokens/s of underthesea ``ner()`` called per sentence, and of the full vnews pipeline
  (every stage and the table rows, one process) on the same distinct articles, and the ratio;
- time for one article of ~5, ~20 and ~50 KB (built from real articles) and t50/t5;
- wall time of ``vnews run --jobs 1`` and ``--jobs 2`` on the bench corpus (the articles
  plus copies, at least 2 MB) and their ratio;
- cold start (import + model load, in a fresh process) and peak RSS.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.apps.runner import run  # noqa: E402
from pipeline.io.reader import Article, read_inputs  # noqa: E402
from pipeline.io.tables import doc_rows  # noqa: E402
from pipeline.io.writer import write_atomic  # noqa: E402
from pipeline.language import default_nlp, process  # noqa: E402
from pipeline.text.normalize import normalize_text  # noqa: E402

BENCH_BYTES = 2_000_000


def corpus() -> list[Article]:
    paths = [str(ROOT / "corpora")]
    shared = ROOT.parent / "shared" / "corpora"
    if shared.is_dir():
        paths.append(str(shared))
    return [a for a in read_inputs(paths) if a.ok]


def cold_start() -> float:
    code = ("import time;t=time.perf_counter();from pipeline.language import make_nlp;"
            "make_nlp().tokenizer('Khởi động.');print(time.perf_counter()-t)")
    out = subprocess.run([sys.executable, "-W", "ignore", "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def sized(texts: list[str], kb: int) -> str:
    joined = "\n\n".join(texts)
    text = joined
    while len(text.encode("utf-8")) < kb * 1000:
        text += "\n\n" + joined
    return text.encode("utf-8")[: kb * 1000].decode("utf-8", errors="ignore")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "out" / "bench.csv"))
    args = parser.parse_args()
    from underthesea import ner

    rows = [("cold_start_s", round(cold_start(), 2), "import + model load, fresh process")]
    articles = corpus()
    nlp = default_nlp()
    process(articles[0], nlp)  # warm: lazy model loads are cold start, not throughput
    ner("Khởi động.")
    texts = [normalize_text(a.text) for a in articles]
    sentences = [[t[s:e] for s, e in nlp.tokenizer.sentence_spans(t)] for t in texts]

    started = time.perf_counter()
    n_ner = sum(len(ner(s)) for sents in sentences for s in sents)
    t_ner = time.perf_counter() - started
    nlp.tokenizer._crf.cache.clear()  # no help from sentences seen during the warm-up
    started = time.perf_counter()
    n_pipe = 0
    for article in articles:
        doc = process(article, nlp)
        doc_rows(doc)
        n_pipe += sum(1 for t in doc if not t.is_space)
    t_pipe = time.perf_counter() - started
    rows += [
        ("articles", len(articles), f"{sum(len(t) for t in texts)} characters, distinct"),
        ("ner_tokens_per_s", round(n_ner / t_ner), "underthesea ner() per sentence"),
        ("pipeline_tokens_per_s", round(n_pipe / t_pipe), "all vnews stages + table rows, one process"),
        ("pipeline_over_ner", round((n_pipe / t_pipe) / (n_ner / t_ner), 2), "ratio, one process each"),
    ]
    times = {}
    for kb in (5, 20, 50):
        article = Article(source="bench", article_id=f"bench{kb}", text=sized(texts, kb), published="2020-01-01")
        nlp.tokenizer._crf.cache.clear()
        started = time.perf_counter()
        process(article, nlp)
        times[kb] = time.perf_counter() - started
        rows.append((f"seconds_{kb}kb", round(times[kb], 3), "one article"))
    rows.append(("t50_over_t5", round(times[50] / times[5], 2), "linear is about 10"))

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        size, copy = 0, 0
        while size < BENCH_BYTES:
            for article, text in zip(articles, texts):
                path = folder / f"{article.article_id}-{copy}.txt"
                path.write_text(f"---\npublished: {article.published or ''}\n---\n{text}\n", encoding="utf-8")
                size += len(text.encode("utf-8"))
            copy += 1
        walls = {}
        for jobs in (1, 2):
            started = time.perf_counter()
            summary = run([str(folder)], Path(tmp) / f"out{jobs}", progress=False, jobs=jobs)
            walls[jobs] = time.perf_counter() - started
            rows.append((f"jobs{jobs}_seconds", round(walls[jobs], 1),
                         f"vnews run on {size / 1e6:.1f} MB, {summary.ok} articles"))
        same = all((Path(tmp) / "out1" / f).read_bytes() == (Path(tmp) / "out2" / f).read_bytes()
                   for f in ("entities.csv", "events.csv", "quantities.csv"))
        rows.append(("jobs2_speedup", round(walls[1] / walls[2], 2), f"tables identical: {same}"))
        n_tokens = summary.counts["tokens"]
        rows.append(("jobs2_tokens_per_s_over_ner", round((n_tokens / walls[2]) / (n_ner / t_ner), 2),
                     "whole run with 2 workers vs ner() in one process"))
    rows.append(("peak_rss_mb", round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                 "main process"))
    rows.append(("peak_rss_worker_mb", round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
                 "largest worker process"))
    width = max(len(r[0]) for r in rows)
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>10}  {note}")
    write_atomic(pd.DataFrame(rows, columns=["metric", "value", "note"]), Path(args.out))
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
