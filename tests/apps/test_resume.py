"""A batch killed mid-run and run again ends with the same tables as a clean run."""

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from pipeline.apps.checkpoints import CHECKPOINTS, finished_articles
from pipeline.apps.runner import run
from pipeline.io.schema import TABLES
from tests.conftest import REFERENCE, ctrl_c

ARTICLES = 32  # enough that an interrupt after the first finished ones lands mid-run


@pytest.fixture
def corpus(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    text = REFERENCE.read_text(encoding="utf-8")
    for n in range(ARTICLES):
        body = text.replace("id: nagorno_karabakh_2020", f"id: ref{n:02d}").replace("Matxcơva", f"Matxcơva{n}")
        (src / f"a{n:02d}.txt").write_text(body, encoding="utf-8")
    return src


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["ctrl-c", "kill"])
def test_interrupted_batch_resumes_to_identical_tables(tmp_path, corpus, sig):
    out = tmp_path / "out"
    cmd = [sys.executable, "-W", "ignore", "-m", "pipeline", "run", str(corpus), "--out", str(out),
           "--jobs", "1", "--no-progress"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    checkpoints = out / CHECKPOINTS
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        if finished_articles(out) >= 3:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the run finished before it could be interrupted"
    os.kill(proc.pid, sig)
    proc.wait(timeout=60)
    done = finished_articles(out)
    assert 3 <= done < ARTICLES
    assert not list(out.glob("*.csv")), "an interrupted run must not leave tables"
    if sig == signal.SIGINT:  # Ctrl-C cleans up; after a kill the next run removes the temporary files
        assert not [p for p in out.iterdir() if p.name != CHECKPOINTS], list(out.iterdir())

    again = run([str(corpus)], out, progress=False, jobs=1)
    assert again.resumed == done and again.ok == ARTICLES
    clean = run([str(corpus)], tmp_path / "clean", progress=False, jobs=1)
    assert clean.resumed == 0
    for name in TABLES:
        assert (out / f"{name}.csv").read_bytes() == (tmp_path / "clean" / f"{name}.csv").read_bytes(), name
    assert not checkpoints.exists()  # a completed run leaves no checkpoint behind
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{name}.csv" for name in TABLES)


def _interrupt_group(cmd, checkpoints, after: int):
    """Start ``cmd`` in its own process group and Ctrl-C the whole group (as a terminal does)
    once ``after`` articles are finished; (exit code, stderr, seconds it took to end)."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        if finished_articles(checkpoints.parent) >= after:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "the run finished before it could be interrupted"
    sent = time.time()
    err = ctrl_c(proc, "vnews run")
    return proc.returncode, err.decode("utf-8", "replace"), time.time() - sent


@pytest.mark.parametrize("jobs", [1, 2])
def test_ctrl_c_to_the_process_group_aborts_quietly_and_resumes(tmp_path, corpus, jobs):
    out = tmp_path / "out"
    cmd = [sys.executable, "-W", "ignore", "-m", "pipeline", "run", str(corpus), "--out", str(out),
           "--jobs", str(jobs), "--no-progress"]
    for attempt in range(3 if jobs > 1 else 1):  # workers are interrupted at different moments
        shutil.rmtree(out, ignore_errors=True)
        code, err, seconds = _interrupt_group(cmd, out / CHECKPOINTS, after=1 + 2 * attempt)
        assert code == 130, err
        assert err.strip().splitlines()[-1] == "Aborted", err
        assert "Traceback" not in err and "Error" not in err, err
        assert seconds < 15
        assert not list(out.glob("*.csv"))
    done = finished_articles(out)
    again = run([str(corpus)], out, progress=False, jobs=jobs)
    assert again.resumed == done and again.ok == ARTICLES


def test_a_checkpoint_record_cut_by_a_kill_is_dropped_and_the_rest_resumes(tmp_path):
    from pipeline.apps.checkpoints import Checkpoints

    first = Checkpoints(tmp_path)
    first.save("a" * 64, {"article_id": "x"}, {"entities": [{"text": "Hà Nội"}]})
    first.save("b" * 64, {"article_id": "y"}, None)
    first.close()
    path = next((tmp_path / CHECKPOINTS).iterdir())
    whole = path.stat().st_size
    with open(path, "ab") as fh:  # a third record, cut short
        fh.write(("c" * 64).encode() + (1000).to_bytes(8, "little") + b"\x80\x05partial")
    again = Checkpoints(tmp_path)
    assert again.has("a" * 64) and again.has("b" * 64) and not again.has("c" * 64)
    assert again.load("a" * 64) == ({"article_id": "x"}, {"entities": [{"text": "Hà Nội"}]})
    assert again.load("b" * 64) == ({"article_id": "y"}, None)
    assert path.stat().st_size == whole and finished_articles(tmp_path) == 2
    again.save("d" * 64, {"article_id": "z"}, {})
    again.clear()
    assert not (tmp_path / CHECKPOINTS).exists()
