"""vnews watch: files added to an output as they land in a folder, half-written ones waited for."""

import json
import os
import subprocess
import sys
import time

import pandas as pd

from pipeline.apps.watch import Watcher
from tests.conftest import ctrl_c

ARTICLES = {
    "a": "Sáng 5/3, Thủ tướng Phạm Minh Chính tiếp Đại sứ Hoa Kỳ tại Hà Nội.",
    "b": "Chiều 7/9, bão số 3 đổ bộ vào Quảng Ninh, hơn 2.000 cây xanh bị đổ.",
    "d": "Theo Bộ Y tế, 12 người bị thương trong vụ cháy tại quận Hoàn Kiếm hôm qua.",
}


def _json(key: str) -> str:
    return json.dumps({"id": key, "text": ARTICLES[key], "published": "2024-09-08"}, ensure_ascii=False)


def _articles(out):
    path = out / "articles.csv"
    return pd.read_csv(path, dtype=str) if path.exists() else None


def _wait_for(out, n: int, proc, seconds: float = 120):
    deadline = time.time() + seconds
    while time.time() < deadline and proc.poll() is None:
        df = _articles(out)
        if df is not None and len(df) >= n:
            return df
        time.sleep(0.1)
    raise AssertionError(f"{n} articles not written in time (exit code {proc.poll()})")


def test_watch_adds_files_as_they_land_and_waits_for_half_written_ones(tmp_path):
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    (folder / "a.json").write_text(_json("a"), encoding="utf-8")  # there before the watch starts
    proc = subprocess.Popen([sys.executable, "-W", "ignore", "-m", "pipeline", "watch", str(folder), "--out", str(out),
                             "--settle", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        _wait_for(out, 1, proc)
        # a crawler that writes in two goes: read only once complete, never as broken JSON
        whole = _json("b").encode("utf-8")
        with open(folder / "b.json", "wb") as fh:
            fh.write(whole[:40])
            fh.flush()
            time.sleep(0.3)
            fh.write(whole[40:])
        _wait_for(out, 2, proc)
        (folder / "c.json").write_text(_json("a"), encoding="utf-8")  # same text again: not added twice
        (folder / ".d.tmp").write_text(ARTICLES["d"], encoding="utf-8")  # hidden while written, then renamed
        os.replace(folder / ".d.tmp", folder / "d.txt")
        df = _wait_for(out, 3, proc)
        time.sleep(2.5)  # time enough for c.json to settle and be reported
    finally:
        err = ctrl_c(proc, "vnews watch")
    err = err.decode("utf-8")
    assert proc.returncode == 130 and "Aborted" in err and "Traceback" not in err, err
    df = _articles(out)
    assert list(df["article_id"]) == ["a", "b", "d"]
    assert set(df["status"]) == {"ok"}
    lines = [line for line in err.splitlines() if line.startswith(("a.json", "b.json", "c.json", "d.txt"))]
    names = [line.split(":")[0] for line in lines]  # one line per file, in the order they landed
    assert names[:2] == ["a.json", "b.json"] and sorted(names[2:]) == ["c.json", "d.txt"], err
    assert "c.json: already there" in lines
    assert all("1 articles ok, 0 failed" in line for line in lines if not line.startswith("c.json"))
    events = pd.read_csv(out / "events.csv", dtype=str)
    assert "a" in set(events["article_id"])  # the whole pipeline ran: tiếp -> an event


def test_watcher_takes_article_files_only(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    watcher = Watcher(folder, folder / "out")
    assert watcher.wanted(folder / "a.txt") and watcher.wanted(folder / "sub" / "b.JSONL")
    assert not watcher.wanted(folder / "a.html")
    assert not watcher.wanted(folder / ".a.txt") and not watcher.wanted(folder / ".cache" / "a.txt")
    assert not watcher.wanted(folder / "out" / "x.json")  # the output inside the folder
    assert not watcher.wanted(tmp_path / "elsewhere.txt")


def test_watcher_waits_until_a_file_stops_changing(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    watcher = Watcher(folder, tmp_path / "out", settle=0.3)
    path = folder / "a.txt"
    path.write_text("Hà Nội", encoding="utf-8")
    watcher.saw(path)
    assert watcher.ready() == []
    time.sleep(0.2)
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(" mưa to.")
    assert watcher.ready() == []  # it grew: the wait starts again
    time.sleep(0.2)
    assert watcher.ready() == []
    time.sleep(0.2)
    assert watcher.ready() == [path.resolve()]
