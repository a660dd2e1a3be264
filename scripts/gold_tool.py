"""The annotators' tool for the gold (corpora/gold/GUIDELINE.md): an article's normalized text,
and entity rows listed in text order turned into offsets. It never runs the pipeline.

  python scripts/gold_tool.py show ARTICLE_ID          paragraphs, each with the offset of its first character
  python scripts/gold_tool.py find ARTICLE_ID STRING   every offset of STRING (as a whole word)
  python scripts/gold_tool.py resolve ARTICLE_ID FILE  FILE: tab-separated text, label, canonical[, start],
                                                       one row per mention in text order; writes
                                                       corpora/gold/ARTICLE_ID/entities.csv

``resolve`` puts each row at the first whole-word occurrence of its text after the previous row
(or at its ``start`` when given), and stops at the first row it cannot place, naming it.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.apps import goldset  # noqa: E402
from pipeline.text.normalize import normalize_text  # noqa: E402

LABELS = ("PER", "LOC", "ORG", "MISC")
COLUMNS = ["article_id", "sentence_id", "entity_id", "text", "label", "start_char", "end_char", "canonical"]


def normalized(article_id: str) -> str:
    found = goldset.texts({article_id})
    if article_id not in found:
        raise SystemExit(f"{article_id}: text not found under {goldset.SHARED}")
    return normalize_text(found[article_id])


def occurrences(text: str, needle: str, start: int = 0):
    """Offsets of ``needle`` in ``text`` from ``start`` where it is a whole word (no letter or
    digit right before or after)."""
    for m in re.finditer(re.escape(needle), text[start:]):
        at = start + m.start()
        end = at + len(needle)
        if (at == 0 or not text[at - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            yield at


def show(article_id: str) -> None:
    text = normalized(article_id)
    at = 0
    for para in text.split("\n\n"):
        print(f"[{at}] {para}\n")
        at += len(para) + 2


def find(article_id: str, needle: str) -> None:
    text = normalized(article_id)
    for at in occurrences(text, needle):
        print(at, repr(text[max(0, at - 30):at + len(needle) + 30]))


def resolve(article_id: str, listing: Path) -> None:
    text = normalized(article_id)
    rows, pos = [], 0
    with open(listing, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 3 or parts[1] not in LABELS:
                raise SystemExit(f"{listing}:{n}: want text<TAB>label<TAB>canonical[<TAB>start], label one of {LABELS}")
            mention, label, canonical = parts[0], parts[1], parts[2] or parts[0]
            if len(parts) > 3 and parts[3].strip():
                at = int(parts[3])
                there = text[at:at + len(mention)]
                if there != mention:
                    raise SystemExit(f"{listing}:{n}: {mention!r} is not at {at} (found {there!r})")
            else:
                at = next(occurrences(text, mention, pos), None)
                if at is None:
                    raise SystemExit(f"{listing}:{n}: {mention!r} not found after offset {pos} "
                                     "(rows must follow the text's order; give its start to place it)")
            rows.append({"article_id": article_id, "sentence_id": "", "entity_id": len(rows) + 1, "text": mention,
                         "label": label, "start_char": at, "end_char": at + len(mention), "canonical": canonical})
            pos = at + len(mention)
    out = ROOT / "corpora" / "gold" / article_id
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "entities.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} entities written to {out / 'entities.csv'}")


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] not in ("show", "find", "resolve") or argv[0] != "show" and len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    command, article_id = argv[0], argv[1]
    if command == "show":
        show(article_id)
    elif command == "find":
        find(article_id, argv[2])
    else:
        resolve(article_id, Path(argv[2]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
