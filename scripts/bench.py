"""``make bench``: vnews's speed as users meet it, measured in one run on this machine.

On distinct real articles of ``../shared/news/`` (skipped with a message when it is absent):
- the baseline: underthesea's own ``sent_tokenize`` then ``ner()`` per sentence, in one warm
  process, on the first 400 KB of ViMs article bodies; its tokens are the unit of every ratio;
- vnews through its command line (``vnews run FILE --jobs 1`` and ``--jobs 2``) on the same
  articles, its start-up (a run on a one-line file with the same options, right before each
  batch run) left out; the ``--jobs 2`` tables compared byte for byte with the ``--jobs 1`` ones;
- t(50 KB)/t(5 KB) for single articles of distinct text in one warm process (linear is 10);
- cold start (import + model load in a fresh process) and the peak RSS of the main process and
  of each worker (their high-water marks, read from /proc while the run goes);
- all 2,329 articles of ``../shared/news/`` with ``--jobs 2`` (wall time, articles/s), and the
  Dask engine on a 2-worker LocalCluster on the same articles, its tables compared with the
  local run's.

The VM this runs on is noisy (±20% between identical runs, and its speed drifts over minutes),
so each timed step runs two or three times and the fastest counts, the baseline as well.
Writes ``out/bench.csv`` (metric, value, note).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import NamedTuple

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.io.reader import Article  # noqa: E402
from pipeline.io.tables import doc_rows  # noqa: E402
from pipeline.io.writer import write_atomic  # noqa: E402
from pipeline.language import default_nlp, process  # noqa: E402

NEWS = ROOT.parent / "shared" / "news"
BATCH_BYTES = 400_000
REPEAT = 2  # each timed step; the faster counts
PAIRS = 3  # (start-up, batch) pairs per --jobs; the fastest of each counts


class Measured(NamedTuple):
    wall: float
    main_mb: float  # peak RSS of the vnews process
    worker_mb: float  # the largest peak RSS of its child processes (0 without workers)


def news_articles(news: Path) -> list[dict]:
    out = []
    for name in ("vims.jsonl", "ktlab.jsonl"):
        with open(news / name, encoding="utf-8") as fh:
            out += [json.loads(line) for line in fh if line.strip()]
    return out


def first_bytes(articles: list[dict], limit: int) -> list[dict]:
    """Articles in file order until their bodies hold ``limit`` bytes of UTF-8."""
    out, size = [], 0
    for article in articles:
        if size >= limit:
            break
        out.append(article)
        size += len(article["text"].encode("utf-8"))
    return out


def write_jsonl(path: Path, articles: list[dict]) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for a in articles:
            fh.write(json.dumps({k: a.get(k, "") for k in ("id", "title", "published", "url", "text")},
                                ensure_ascii=False) + "\n")
    return path


def _hwm_mb(pid: int) -> float:
    """The high-water mark of a process's resident set (VmHWM), in MB; 0 once it is gone."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _children(pid: int) -> list[int]:
    """Child processes (one small /proc read: the bench must not take CPU from the run)."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            return [int(p) for p in fh.read().split()]
    except OSError:
        return []


def vnews(*args: str) -> Measured:
    """``vnews ARGS`` in a fresh process (``python -m pipeline`` in this checkout): wall time
    (read when it exits) and the peak RSS of it and its workers (sampled beside it)."""
    peaks = {"main": 0.0}
    done = threading.Event()

    def sample(pid: int) -> None:
        while not done.wait(0.1):  # VmHWM is a high-water mark: only the last 0.1 s can be missed
            peaks["main"] = max(peaks["main"], _hwm_mb(pid))
            for child in _children(pid):
                peaks[child] = max(peaks.get(child, 0.0), _hwm_mb(child))

    with tempfile.TemporaryFile("w+", encoding="utf-8") as err:
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "pipeline", *args, "--no-progress"], cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=err, text=True)
        sampler = threading.Thread(target=sample, args=(proc.pid,), daemon=True)
        if Path("/proc/self/status").exists():
            sampler.start()
        proc.wait()
        wall = time.perf_counter() - started
        done.set()
        if sampler.is_alive():
            sampler.join()
        if proc.returncode != 0:
            err.seek(0)
            raise SystemExit(f"bench: vnews {' '.join(args)} failed ({proc.returncode}): {err.read().strip()[-300:]}")
    workers = [mb for key, mb in peaks.items() if key != "main"]
    return Measured(wall, peaks["main"], max(workers, default=0.0))


def best(times: int, step):
    """The fastest of ``times`` runs of ``step()`` (its result carries ``.wall``)."""
    return min((step() for _ in range(times)), key=lambda m: m.wall)


def same_tables(a: Path, b: Path) -> bool:
    names = sorted(p.name for p in a.glob("*.csv"))
    return bool(names) and names == sorted(p.name for p in b.glob("*.csv")) and all(
        (a / n).read_bytes() == (b / n).read_bytes() for n in names)


class Timed(NamedTuple):
    wall: float
    tokens: int


def baseline(articles: list[dict]) -> Timed:
    """underthesea's sentence split and ``ner()`` per sentence, one warm process."""
    from underthesea import ner, sent_tokenize

    ner("Khởi động.")
    started = time.perf_counter()
    tokens = sum(len(ner(s)) for a in articles for s in sent_tokenize(a["text"]))
    return Timed(time.perf_counter() - started, tokens)


def cold_start() -> Timed:
    code = ("import time;t=time.perf_counter();from pipeline.language import make_nlp;"
            "make_nlp().tokenizer('Khởi động.');print(time.perf_counter()-t)")
    out = subprocess.run([sys.executable, "-W", "ignore", "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    return Timed(float(out.stdout.strip().splitlines()[-1]), 0)


def single_articles(articles: list[dict]) -> dict[int, float]:
    """Median time of three single articles of ~5 KB and of ~50 KB, each of distinct text
    (bodies of consecutive articles joined), in this warm process."""
    nlp = default_nlp()
    process(Article(source="bench", article_id="warm", text="Khởi động bench."), nlp)
    pool = iter(articles)
    out = {}
    for kb in (5, 50):
        times = []
        for k in range(3):
            parts, size = [], 0
            while size < kb * 1000:
                text = next(pool)["text"]
                parts.append(text)
                size += len(text.encode("utf-8"))
            text = "\n\n".join(parts).encode("utf-8")[: kb * 1000].decode("utf-8", errors="ignore")
            article = Article(source="bench", article_id=f"bench{kb}_{k}", text=text, published="2016-06-01")
            started = time.perf_counter()
            doc_rows(process(article, nlp))
            times.append(time.perf_counter() - started)
        out[kb] = statistics.median(times)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "out" / "bench.csv"))
    parser.add_argument("--news", type=Path, default=NEWS, help="the folder of vims.jsonl and ktlab.jsonl")
    args = parser.parse_args()
    if not args.news.is_dir():
        print(f"bench: skipped, {args.news} is absent (the distinct real articles it measures on)")
        return
    everything = news_articles(args.news)
    vims = [a for a in everything if a["id"].startswith("vims")]
    batch = first_bytes(vims, BATCH_BYTES)
    rows: list[tuple[str, float, str]] = []

    def add(metric: str, value: float, note: str) -> None:
        rows.append((metric, value, note))
        print(f"{metric:<24} {value:>10}  {note}", flush=True)

    size = sum(len(a["text"].encode("utf-8")) for a in batch)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        one = write_jsonl(tmp / "one.jsonl", [{"id": "one", "text": "Một dòng."}])
        batch_file = write_jsonl(tmp / "batch.jsonl", batch)
        base = best(REPEAT, lambda: baseline(batch))
        add("baseline_seconds", round(base.wall, 2),
            f"underthesea sent_tokenize + ner() per sentence, {len(batch)} distinct articles, {size / 1e3:.0f} KB")
        add("baseline_tokens_per_s", round(base.tokens / base.wall), f"{base.tokens} tokens (ner() rows)")
        walls, starts = {}, {}
        for jobs in (1, 2):
            # the start-up (a one-line file, the same options) and the batch back to back, rounds
            # apart: the VM's speed drifts over minutes, and a start-up measured minutes away
            # from its batch made the difference meaningless
            pairs = [(vnews("run", str(one), "--out", str(tmp / "one"), "--jobs", str(jobs), "--no-resume"),
                      vnews("run", str(batch_file), "--out", str(tmp / f"j{jobs}"), "--jobs", str(jobs),
                            "--no-resume")) for _ in range(PAIRS)]
            starts[jobs] = min((s for s, _ in pairs), key=lambda m: m.wall)
            walls[jobs] = min((m for _, m in pairs), key=lambda m: m.wall)
            add(f"startup{jobs}_seconds", round(starts[jobs].wall, 2), f"vnews run --jobs {jobs} on a one-line file")
            net = walls[jobs].wall - starts[jobs].wall
            add(f"jobs{jobs}_seconds", round(net, 2), f"vnews run --jobs {jobs}, same articles, start-up left out")
            add(f"jobs{jobs}_over_baseline", round(base.wall / net, 2),
                "tokens/s in the baseline's tokens" + ("; target >= 6" if jobs == 1 else ""))
        add("jobs2_over_jobs1", round((walls[1].wall - starts[1].wall) / (walls[2].wall - starts[2].wall), 2),
            f"target >= 1.7; tables identical: {same_tables(tmp / 'j1', tmp / 'j2')}")
        add("peak_rss_main_mb", round(walls[2].main_mb), "vnews run --jobs 2 (target <= 600)")
        add("peak_rss_worker_mb", round(walls[2].worker_mb), "largest worker (target <= 600)")
        add("cold_start_seconds", round(best(REPEAT, cold_start).wall, 2),
            "import + model load, fresh process (target <= 2)")
        single = single_articles(vims[len(batch):])
        add("seconds_5kb", round(single[5], 3), "one article of distinct text, warm process")
        add("seconds_50kb", round(single[50], 3), "one article of distinct text, warm process")
        add("t50_over_t5", round(single[50] / single[5], 2), "linear is 10 (target <= 12)")

        inputs = [str(args.news / "vims.jsonl"), str(args.news / "ktlab.jsonl")]
        local = vnews("run", *inputs, "--out", str(tmp / "all"), "--jobs", "2", "--no-resume")
        add("all_news_seconds", round(local.wall, 1),
            f"vnews run --jobs 2 on all {len(everything)} articles, start-up in (target < 30)")
        add("all_news_articles_per_s", round(len(everything) / local.wall, 1), "")
        dask = vnews("run", *inputs, "--out", str(tmp / "dask"), "--jobs", "2", "--engine", "dask", "--no-resume")
        add("dask_seconds", round(dask.wall, 1),
            f"--engine dask, 2-worker LocalCluster; tables identical: {same_tables(tmp / 'all', tmp / 'dask')}")
    write_atomic(pd.DataFrame(rows, columns=["metric", "value", "note"]), Path(args.out))
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
