"""A batch killed mid-run and run again ends with the same tables as a clean run."""

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from pipeline.apps.runner import CHECKPOINTS, run
from pipeline.io.schema import TABLES
from tests.conftest import REFERENCE, ctrl_c


@pytest.fixture
def corpus(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    text = REFERENCE.read_text(encoding="utf-8")
    for n in range(12):
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
        if checkpoints.is_dir() and len(list(checkpoints.glob("*.json"))) >= 3:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the run finished before it could be interrupted"
    os.kill(proc.pid, sig)
    proc.wait(timeout=60)
    done = len(list(checkpoints.glob("*.json")))
    assert 3 <= done < 12
    assert not list(out.glob("*.csv")), "an interrupted run must not leave tables"
    if sig == signal.SIGINT:  # Ctrl-C cleans up; after a kill the next run removes the temporary files
        assert not [p for p in out.iterdir() if p.name != CHECKPOINTS], list(out.iterdir())

    again = run([str(corpus)], out, progress=False, jobs=1)
    assert again.resumed == done and again.ok == 12
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
        if checkpoints.is_dir() and len(list(checkpoints.glob("*.json"))) >= after:
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
    done = len(list((out / CHECKPOINTS).glob("*.json")))
    again = run([str(corpus)], out, progress=False, jobs=jobs)
    assert again.resumed == done and again.ok == 12
