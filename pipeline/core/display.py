"""Values written for readers (``vnews show``, the loader's joins): ``11 000 000 000``, never ``1.1e+10``."""

from __future__ import annotations


def number(value: float) -> str:
    """A quantity's value: digits grouped by plain spaces (neither the Vietnamese
    ``.`` nor the English ``,``, which read as opposite things), at most six decimals."""
    if value != value:  # NaN
        return "?"
    if float(value).is_integer() and abs(value) < 1e18:
        return f"{int(value):,}".replace(",", " ")
    whole, _, frac = f"{value:.6f}".rstrip("0").partition(".")
    return f"{int(whole):,}".replace(",", " ") + (f".{frac}" if frac else "")


def quantity_note(row: dict) -> str:
    """``=20 người``, ``>20 người``, ``~5 km``: a quantities row's qualifier, value and unit."""
    unit = row.get("unit")
    unit = "" if unit is None or unit != unit else str(unit)
    return f"{row.get('qualifier') or '='}{number(row['value'])} {unit}".strip()
