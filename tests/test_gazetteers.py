"""The committed gazetteers are exactly what `make gazetteers` builds."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_gazetteer_script_rebuilds_committed_files_byte_for_byte(tmp_path):
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_gazetteers.py"), str(tmp_path)],
                   check=True, capture_output=True)
    built = sorted(p.name for p in tmp_path.glob("*.tsv"))
    assert built == ["countries.tsv", "country_codes.tsv", "vn_districts.tsv", "vn_provinces.tsv"]
    for name in built:
        assert (tmp_path / name).read_bytes() == (ROOT / "models" / "gazetteers" / name).read_bytes(), name
