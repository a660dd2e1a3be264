"""The HTML page of `vnews show --html`, opened in a real headless browser."""

import re
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from pipeline.apps.cli import main
from tests.conftest import REFERENCE

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    path = tmp_path_factory.mktemp("html") / "reference.html"
    result = CliRunner().invoke(main, ["show", str(REFERENCE), "--html", str(path)])
    assert result.exit_code == 0, result.output
    return path


def test_page_has_marks_and_events(page):
    text = page.read_text(encoding="utf-8")
    assert "Sergei Lavrov" in text and "<table id=\"events\">" in text
    assert text.count("<tr>") > 20


@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (`make test` installs Debian's chromium as root)")
def test_page_renders_in_headless_chromium(page, tmp_path):
    profile = ["--user-data-dir=" + str(tmp_path / "profile")]
    dom = subprocess.run([CHROMIUM, *FLAGS, *profile, "--dump-dom", page.as_uri()],
                         capture_output=True, text=True, timeout=120, check=True).stdout
    # what a reader sees: the names, their labels and the event rows, rendered by the browser
    assert "Sergei Lavrov" in dom and "Bộ Quốc phòng Azerbaijan" in dom
    labels = set(re.findall(r">\s*([A-Z]+)\s*</span>", dom))  # displaCy's label badges
    assert {"PER", "LOC", "ORG", "DATE", "QUANTITY"} <= labels, labels
    assert dom.count("<tr>") > 20
    shot = tmp_path / "page.png"
    subprocess.run([CHROMIUM, *FLAGS, *profile, f"--screenshot={shot}", "--window-size=1200,1600", page.as_uri()],
                   capture_output=True, timeout=120, check=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 50_000


def test_page_shows_the_text_as_written_in_paragraphs(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("---\nid: a\ntitle: Bão số 3 đổ bộ Quảng Ninh\npublished: 2024-09-07\n---\n"
                   "Chiều 7/9, bão số 3 đổ bộ vào Quảng Ninh, gió giật cấp 17.\n\n"
                   "Theo ông Nguyễn Văn Tiến, hơn 2.000 cây xanh bị đổ (theo Sở Xây dựng).\n", encoding="utf-8")
    path = tmp_path / "a.html"
    assert CliRunner().invoke(main, ["show", str(src), "--html", str(path)]).exit_code == 0
    page = path.read_text(encoding="utf-8")
    assert "<title>Bão số 3 đổ bộ Quảng Ninh</title>" in page
    text = re.sub(r'<span class="label">[A-Z]+</span>', "", page.split('<section id="text">')[1].split("</section>")[0])
    paragraphs = re.findall(r"<p>(.*?)</p>", text)
    assert [re.sub(r"<[^>]+>", "", p) for p in paragraphs] == [
        "Chiều 7/9, bão số 3 đổ bộ vào Quảng Ninh, gió giật cấp 17.",
        "Theo ông Nguyễn Văn Tiến, hơn 2.000 cây xanh bị đổ (theo Sở Xây dựng)."]
    assert '<mark class="PER"' in text and '<mark class="QUANTITY"' in text
    assert "<td>&gt;2 000 cây xanh</td>" in page  # qualifier, value and unit; never 2e+03
