"""``make bench``: speed of the vnews pipeline against underthesea's ner() alone.

Prints, measured in one run on this machine, and writes to out/bench.csv:
- tokens/s of underthesea ``ner()`` called per sentence, of the full vnews pipeline on
  the same articles, and their ratio;
- time for one article of ~5, ~20 and ~50 KB (built from real articles) and t50/t5;
- cold start (import + model load) and peak RSS.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.nlp import make_nlp, process  # noqa: E402
from pipeline.normalize import normalize_text  # noqa: E402
from pipeline.reader import Article, read_inputs  # noqa: E402
from pipeline.writer import write_atomic  # noqa: E402


def corpus() -> list[Article]:
    paths = [str(ROOT / "corpora")]
    shared = ROOT.parent / "shared" / "corpora"
    if shared.is_dir():
        paths.append(str(shared))
    return [a for a in read_inputs(paths) if a.ok]


def cold_start() -> float:
    code = "import time;t=time.perf_counter();from pipeline.nlp import make_nlp;make_nlp();print(time.perf_counter()-t)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "out" / "bench.csv"))
    args = parser.parse_args()
    from underthesea import ner

    articles = corpus()
    nlp = make_nlp()
    texts = [normalize_text(a.text) for a in articles]
    sentences = [nlp.tokenizer.sentence_spans(t) for t in texts]
    n_tokens = 0
    started = time.perf_counter()
    for text, spans in zip(texts, sentences):
        for s, e in spans:
            n_tokens += len(ner(text[s:e]))
    t_ner = time.perf_counter() - started
    started = time.perf_counter()
    n_pipe = sum(sum(1 for t in process(a, nlp) if not t.is_space) for a in articles)
    t_pipe = time.perf_counter() - started
    rows = [
        ("articles", len(articles), ""),
        ("ner_tokens_per_s", round(n_tokens / t_ner), "underthesea ner() per sentence"),
        ("pipeline_tokens_per_s", round(n_pipe / t_pipe), "all vnews stages"),
        ("pipeline_over_ner", round((n_pipe / t_pipe) / (n_tokens / t_ner), 2), "ratio"),
    ]
    joined = "\n\n".join(texts)
    times = {}
    for kb in (5, 20, 50):
        text = joined
        while len(text.encode("utf-8")) < kb * 1000:
            text += "\n\n" + joined
        text = text.encode("utf-8")[: kb * 1000].decode("utf-8", errors="ignore")
        started = time.perf_counter()
        process(Article(source="bench", article_id=f"bench{kb}", text=text, published="2020-01-01"), nlp)
        times[kb] = time.perf_counter() - started
        rows.append((f"seconds_{kb}kb", round(times[kb], 3), "one article"))
    rows.append(("t50_over_t5", round(times[50] / times[5], 2), "linear is about 10"))
    rows.append(("cold_start_s", round(cold_start(), 2), "import + model load, fresh process"))
    rows.append(("peak_rss_mb", round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024), "this process"))
    width = max(len(r[0]) for r in rows)
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>10}  {note}")
    write_atomic(pd.DataFrame(rows, columns=["metric", "value", "note"]), Path(args.out))
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
