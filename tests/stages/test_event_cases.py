"""The event rules as a case table: tests/data/event_cases.tsv, one row per rule, each a real
sentence with the trigger, its CAMEO code and doer, or the reason it is no event. The rules are
tested alone: the learned acceptance model's veto is off here (tests/stages/test_events.py)."""

import csv
from pathlib import Path

import pytest

from pipeline.core.constants import USER_DATA_DROPPED
from pipeline.io.tables import doc_rows

CASES = Path(__file__).parent.parent / "data" / "event_cases.tsv"


def _cases() -> list[dict]:
    with open(CASES, encoding="utf-8") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


ROWS = _cases()
pytestmark = pytest.mark.usefixtures("rules_only")


def test_the_table_covers_forty_rules():
    assert len(ROWS) >= 40 and len({row["rule"] for row in ROWS}) >= 40


@pytest.mark.parametrize("case", ROWS, ids=[f"{row['rule']}:{row['trigger']}" for row in ROWS])
def test_event_case(case, make_doc):
    doc = make_doc(case["text"])
    events = doc_rows(doc)["events"]
    if case["code"] == "-":
        assert not [e for e in events if e["trigger"] == case["trigger"]]
        dropped = [(text, reason) for _, _, text, reason in doc.user_data[USER_DATA_DROPPED]]
        assert (case["trigger"], case["rule"]) in dropped, dropped
        return
    found = [(e["trigger"], e["cameo_code"], e["actor1"] or "") for e in events]
    assert any(trigger == case["trigger"]
               and (case["code"] == "*" or code.startswith(case["code"]))
               and (case["actor1"] == "*" or actor1 == case["actor1"])
               for trigger, code, actor1 in found), found
