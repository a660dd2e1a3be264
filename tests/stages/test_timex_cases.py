"""The temporal tagger against a table of expressions written from the Vietnamese."""

import datetime as dt
from pathlib import Path

import pytest

from pipeline.stages.dates.tagger import TimexTagger

DCT = dt.date(2020, 9, 27)
CASES = [line.rstrip("\n").split("\t") for line in
         (Path(__file__).parent.parent / "data" / "timex_cases.tsv").read_text(encoding="utf-8").splitlines()
         if line.strip() and not line.startswith("#")][1:]


@pytest.fixture(scope="module")
def tagger():
    return TimexTagger()


@pytest.mark.parametrize("sentence, text, type_, value", [(c + ["", "", ""])[:4] for c in CASES],
                         ids=[c[0][:40] for c in CASES])
def test_expression(tagger, sentence, text, type_, value):
    found = [(sentence[t.start:t.end], t.type, t.value) for t in tagger.tag(sentence, DCT)]
    if not text:
        assert found == []
    else:
        assert (text, type_, value) in found, found


def test_no_publication_date_never_invents_a_year(tagger):
    [t] = tagger.tag("Giao tranh nổ ra vào ngày 27-9.", None)
    assert t.value == "XXXX-09-27" and t.date_from is None and t.anchor == "none"
    [t] = tagger.tag("Hôm qua hai bên đụng độ.", None)
    assert t.value.startswith("XXXX")
