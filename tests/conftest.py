from pathlib import Path

import pytest

from pipeline.io.reader import Article, read_source
from pipeline.language import default_nlp, process

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "corpora" / "reference" / "nagorno_karabakh_2020.txt"
SHARED = ROOT.parent / "shared" / "corpora"


@pytest.fixture(scope="session")
def nlp():
    return default_nlp()


@pytest.fixture(scope="session")
def reference_doc(nlp):
    return process(read_source(str(REFERENCE))[0], nlp)


@pytest.fixture(scope="module")
def rules_only(nlp):
    """The event rules alone: the learned acceptance model's veto off for the module."""
    pipe = nlp.get_pipe("vnews_events")
    pipe.use_model, was = False, pipe.use_model
    yield
    pipe.use_model = was


@pytest.fixture
def make_doc(nlp):
    def _make(text: str, published: str | None = "2020-09-27"):
        return process(Article(source="<test>", article_id="t", text=text, published=published), nlp)
    return _make


def shared_files():
    if not SHARED.is_dir():
        return []
    return sorted(SHARED.glob("*.txt"))


needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason=f"{SHARED} not present (third-party corpus, not in the repo)")


def ctrl_c(proc, what: str, seconds: float = 15) -> bytes:
    """Ctrl-C to the process group of ``proc`` (started with ``start_new_session``), as a
    terminal sends it; its stderr once it has ended, a failure if it did not within ``seconds``."""
    import os
    import signal
    import subprocess

    os.killpg(proc.pid, signal.SIGINT)
    try:
        return proc.communicate(timeout=seconds)[1]
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise AssertionError(f"{what} did not stop within {seconds:.0f} s of Ctrl-C") from None
