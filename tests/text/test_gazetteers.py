"""The committed gazetteers are exactly what `make gazetteers` builds."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_gazetteer_script_rebuilds_committed_files_byte_for_byte(tmp_path):
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_gazetteers.py"), str(tmp_path)],
                   check=True, capture_output=True)
    built = sorted(p.name for p in tmp_path.glob("*.tsv"))
    assert built == ["countries.tsv", "country_codes.tsv", "vn_districts.tsv", "vn_provinces.tsv"]
    for name in built:
        assert (tmp_path / name).read_bytes() == (ROOT / "models" / "gazetteers" / name).read_bytes(), name


def test_trie_pattern_matches_like_the_flat_longest_first_alternation():
    import re

    from pipeline.io.reader import read_source
    from pipeline.text.gazetteer import default_gazetteer, trie_pattern
    from pipeline.text.normalize import normalize_text

    names = ["Hà", "Hà Nội", "Hà Nam", "Hà Tĩnh", "Nam", "Nam Định", "Hàn Quốc"]
    text = "Từ Hà Nội về Nam Định qua Hà Nam, Hà Tĩnh và Hàn Quốc; Hà, Hàm, Nam Địnhx."

    def flat(words):
        return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
                          + r")(?!\w)")

    def trie(words):
        return re.compile(rf"(?<!\w)(?:{trie_pattern(words)})(?!\w)")

    found = [m.group() for m in trie(names).finditer(text)]
    # "Nam Địnhx": the longer name fails its right boundary, the shorter one is taken
    assert found == ["Hà Nội", "Nam Định", "Hà Nam", "Hà Tĩnh", "Hàn Quốc", "Hà", "Nam"]
    # the whole gazetteer, on the reference article: same hits as the flat alternation
    words = list(default_gazetteer().entries)
    article = normalize_text(read_source(str(ROOT / "corpora" / "reference" / "nagorno_karabakh_2020.txt"))[0].text)
    spans = [(m.start(), m.end()) for m in trie(words).finditer(article)]
    assert spans == [(m.start(), m.end()) for m in flat(words).finditer(article)]
    assert len(spans) > 20
