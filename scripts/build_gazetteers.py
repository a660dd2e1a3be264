"""Build models/gazetteers/*.tsv from registry packages (``make gazetteers``).

- countries.tsv: CLDR territory names in Vietnamese (Babel ``Locale("vi").territories``),
  key = ISO 3166 code. Aggregates and pseudo-regions (numeric codes, EU, EZ, UN, QO, XA...)
  are left out here; curated.tsv has the organisations.
- vn_districts.tsv: districts, towns and provincial cities (before 2025) from the same data.
- vn_provinces.tsv: Vietnamese provinces (the 63 before and the 34 after the 2025
  merger) from the address data shipped in the underthesea wheel (vietnamadminunits).

Output is sorted and deterministic: running this again rebuilds the files byte for byte.
- country_codes.tsv: ISO alpha-2 -> alpha-3 (pycountry), the CAMEO country actor codes.
curated.tsv (news aliases, cities, regions, organisations) is hand-written, not built here.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import babel
import underthesea
from babel import Locale

OUT = Path(__file__).resolve().parent.parent / "models" / "gazetteers"
HEADER = "surface\tlabel\tcanonical\tkey\tsource\n"
NOT_PLACES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}


def _clean(name: str) -> str:
    # CLDR adds qualifiers news never writes: "Myanmar (Miến Điện)".
    return name.split(" (")[0].strip()


def countries() -> list[tuple[str, ...]]:
    source = f"CLDR via Babel {babel.__version__}"
    rows = []
    for code, name in Locale("vi").territories.items():
        if not code.isalpha() or code in NOT_PLACES:
            continue
        name = _clean(name)
        rows.append((name, "LOC", name, code, source))
    return rows


def provinces() -> list[tuple[str, ...]]:
    path = Path(underthesea.__file__).parent / "address" / "data" / "mapping.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    source = (f"underthesea {underthesea.__version__} address data "
              f"({data['metadata']['source']} {data['metadata']['version']})")
    rows = []
    for table in ("old_province_names", "province_names"):
        for info in data[table].values():
            full, short = info["name"], info["short"]
            # "Hồ Chí Minh" alone is mostly the person: only the city's full forms are listed.
            canonical = full if full.startswith("Thành phố") else short
            key = f"VN-{info['code']}"
            rows.append((full, "LOC", canonical, key, source))
            if short != "Hồ Chí Minh":
                rows.append((short, "LOC", canonical, key, source))
    return rows


def districts() -> list[tuple[str, ...]]:
    """Districts (before the 2025 merger) from the same address data: full names
    ("Huyện Lục Yên", "Quận Cầu Giấy") and the short name without the unit word."""
    path = Path(underthesea.__file__).parent / "address" / "data" / "mapping.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    source = (f"underthesea {underthesea.__version__} address data "
              f"({data['metadata']['source']} {data['metadata']['version']})")
    rows = []
    units = ("Huyện ", "Quận ", "Thị xã ", "Thành phố ")
    for ward in data["ward_mapping"]:
        full = ward["old_district"]
        short = next((full[len(u):] for u in units if full.startswith(u)), full)
        if not short or any(ch.isdigit() for ch in short) or " " not in short:
            continue  # "Quận 1": the number alone is not a name; one syllable is too ambiguous
        rows.append((full, "LOC", short, "", source))
        rows.append((short, "LOC", short, "", source))
    return rows


def country_codes() -> list[tuple[str, ...]]:
    """ISO 3166 alpha-2 -> alpha-3, which CAMEO uses as its country actor codes (ARM, AZE, RUS)."""
    import pycountry

    source = f"pycountry {pycountry.__version__ if hasattr(pycountry, '__version__') else ''}".strip()
    rows = [(c.alpha_2, c.alpha_3, source) for c in pycountry.countries]
    rows.append(("SUHH", "SUN", "CAMEO 1.1b3 (Soviet Union)"))
    return rows


def write(name: str, rows: list[tuple[str, ...]], header: str = HEADER) -> None:
    unique = sorted(set(rows))
    text = header + "".join("\t".join(row) + "\n" for row in unique)
    (OUT / name).write_text(text, encoding="utf-8")
    print(f"{name}: {len(unique)} rows", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) > 1:  # another folder, e.g. to check the committed files are reproducible
        OUT = Path(sys.argv[1])
    OUT.mkdir(parents=True, exist_ok=True)
    write("countries.tsv", countries())
    write("vn_provinces.tsv", provinces())
    write("vn_districts.tsv", districts())
    write("country_codes.tsv", country_codes(), header="iso2\tcameo\tsource\n")
