"""The CAMEO data and the GDELT-comparable columns."""

import pandas as pd
from click.testing import CliRunner

from pipeline.apps.cli import main
from pipeline.core.lexicon import load_tsv
from tests.conftest import REFERENCE


def test_trigger_lexicon_covers_all_roots_with_codebook_codes():
    triggers = load_tsv("cameo/triggers.tsv")
    codes = {row["code"] for row in load_tsv("cameo/goldstein.tsv")}
    assert len(triggers) >= 150
    assert {t["code"][:2] for t in triggers if t["code"] != "-"} == {f"{n:02d}" for n in range(1, 21)}
    cued = {row["trigger"] for row in load_tsv("cameo/context_codes.tsv") if row["code"] in codes}
    wrong = [t for t in triggers if t["code"] not in codes and not (t["code"] == "-" and t["trigger"] in cued)]
    assert not wrong, wrong[:3]  # a codebook code, or "-" for a trigger that only its cues make an event


def test_goldstein_and_quad_class(make_doc):
    from pipeline.io.tables import doc_rows

    rows = {e["trigger"]: e for e in doc_rows(make_doc("Armenia cho rằng các lực lượng Azerbaijan đã nã pháo. "
                                                       "Nga và Pháp ký thỏa thuận hợp tác."))["events"]}
    assert (rows["nã pháo"]["goldstein"], rows["nã pháo"]["quad_class"]) == (-10.0, 4)
    assert rows["ký thỏa thuận"]["quad_class"] == 1 and rows["ký thỏa thuận"]["goldstein"] == 8.0


def test_export_gdelt(tmp_path):
    runner = CliRunner()
    assert runner.invoke(main, ["run", str(REFERENCE), "--out", str(tmp_path / "out"), "--no-progress"]).exit_code == 0
    result = runner.invoke(main, ["export", "--gdelt", str(tmp_path / "gdelt"), "--pred", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    df = pd.read_csv(tmp_path / "gdelt" / "events.gdelt.csv", dtype=str)
    for col in ("GLOBALEVENTID", "SQLDATE", "Actor1Name", "EventCode", "EventRootCode", "QuadClass", "GoldsteinScale"):
        assert col in df.columns
    shelling = df[df["EventCode"] == "194"]  # each side's shelling: two doers, two happenings
    assert set(shelling["QuadClass"]) == {"4"} and set(shelling["NumMentions"]) == {"1"} and len(shelling) == 2
    # the 2016 clashes, told twice (đụng độ, cuộc chiến), are one happening; they keep their year
    clashes = df[df["SQLDATE"] == "20160101"]
    assert len(clashes) == 1 and clashes["NumMentions"].astype(int).iloc[0] == 2
    mentions = pd.read_csv(tmp_path / "gdelt" / "mentions.gdelt.csv", dtype=str)
    assert mentions["GLOBALEVENTID"].value_counts()[clashes["GLOBALEVENTID"].iloc[0]] == 2


def test_future_action_is_coded_as_intent(make_doc):
    from pipeline.io.tables import doc_rows

    [ev] = [e for e in doc_rows(make_doc("Mỹ sẽ cung cấp 18 tàu tuần tra cho Việt Nam."))["events"]
            if e["trigger"] == "cung cấp"]
    assert (ev["cameo_code"], ev["root_code"], ev["modality"]) == ("033", "03", "future")
    assert ev["actor1_code"] == "USA"
