"""End to end through the command line: batch, bad input, stdin, show, eval."""

import json
import shutil

import pandas as pd
import pytest
from click.testing import CliRunner

from pipeline import __version__
from pipeline.apps.cli import main
from pipeline.io.schema import TABLES
from tests.conftest import REFERENCE, ROOT


def test_batch_with_bad_files_writes_every_table(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(REFERENCE, src / "ref.txt")
    (src / "empty.txt").write_bytes(b"")
    (src / "latin.txt").write_bytes(b"Th\xf4ng tin m\xf3i")
    (src / "notes.md").write_text("not an article", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", str(src), "--out", str(out), "--no-progress"])
    assert result.exit_code == 1, result.output
    assert "2 failed" in result.output and "1 articles ok" in result.output
    for name, cols in TABLES.items():
        df = pd.read_csv(out / f"{name}.csv", dtype=str)
        assert list(df.columns) == list(cols)
    articles = pd.read_csv(out / "articles.csv", dtype=str).set_index("article_id")
    assert articles.loc["nagorno_karabakh_2020", "status"] == "ok"
    assert articles.loc["empty", "status"] == "error" and "[E002]" in articles.loc["empty", "error"]
    assert "[E003]" in articles.loc["latin", "error"]
    ents = pd.read_csv(out / "entities.csv", dtype=str)
    assert set(ents["article_id"]) == {"nagorno_karabakh_2020"}
    sents = pd.read_csv(out / "sentences.csv", dtype=str, keep_default_na=False)
    assert len(sents) == int(articles.loc["nagorno_karabakh_2020", "n_sentences"])
    assert not list(out.glob(".*tmp"))  # no temporary files left behind


def test_offsets_slice_the_sentence_text(tmp_path):
    out = tmp_path / "out"
    CliRunner().invoke(main, ["run", str(REFERENCE), "--out", str(out), "--no-progress"])
    sents = pd.read_csv(out / "sentences.csv", dtype={"text": str})
    ents = pd.read_csv(out / "entities.csv")
    merged = ents.merge(sents, on=["article_id", "sentence_id"], suffixes=("", "_sent"))
    for row in merged.itertuples():
        assert row.text_sent[row.start_char - row.start_char_sent:row.end_char - row.start_char_sent] == row.text


def test_stdin_article(tmp_path):
    text = "---\nid: s1\npublished: 2020-09-27\n---\nĐức và Pháp trong ngày 27-9 kêu gọi ngừng bắn.\n"
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", "-", "--out", str(out)], input=text.encode("utf-8"))
    assert result.exit_code == 0, result.output
    arts = pd.read_csv(out / "articles.csv", dtype=str)
    assert arts.loc[0, "article_id"] == "s1" and arts.loc[0, "source"] == "<stdin>"
    dates = pd.read_csv(out / "dates.csv", dtype=str)
    assert dates.loc[0, "value"] == "2020-09-27"


def test_published_option_anchors_undated_articles_and_warns_without_it(tmp_path):
    text = "Hôm qua, mưa lớn gây ngập nhiều tuyến phố ở Hà Nội. Tuần trước trời vẫn nắng.\n"
    dated = "---\nid: d1\npublished: 2016-05-20\n---\nHôm qua, mưa lớn gây ngập ở Hà Nội.\n"
    (tmp_path / "undated.txt").write_text(text, encoding="utf-8")
    (tmp_path / "dated.txt").write_text(dated, encoding="utf-8")
    bare = CliRunner().invoke(main, ["run", str(tmp_path / "undated.txt"), "--out", str(tmp_path / "a"), "--no-progress"])
    assert bare.exit_code == 0, bare.output
    assert "warning: " in bare.output and "2 relative dates left unresolved" in bare.output
    assert pd.read_csv(tmp_path / "a" / "dates.csv", dtype=str)["value"].tolist() == ["XXXX-XX-XX", "XXXX-WXX"]
    given = CliRunner().invoke(main, ["run", str(tmp_path / "undated.txt"), str(tmp_path / "dated.txt"),
                                      "--out", str(tmp_path / "b"), "--no-progress", "--published", "27/09/2020"])
    assert given.exit_code == 0 and "warning" not in given.output, given.output
    dates = pd.read_csv(tmp_path / "b" / "dates.csv", dtype=str).set_index("article_id")
    assert dates.loc["undated", "value"].tolist() == ["2020-09-26", "2020-W38"]
    assert dates.loc["d1", "value"] == "2016-05-19"  # the article's own date wins
    refused = CliRunner().invoke(main, ["run", str(tmp_path), "--out", str(tmp_path / "c"), "--published", "hôm qua"])
    assert refused.exit_code == 2 and "not a date" in refused.output


def test_show_json(tmp_path):
    result = CliRunner().invoke(main, ["show", str(REFERENCE), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert any(e["text"] == "Sergei Lavrov" and e["label"] == "PER" for e in data["entities"])
    assert any(q["text"] == "hơn 200 người" for q in data["quantities"])
    assert any(ev["trigger"] == "gọi điện" for ev in data["events"])


def test_show_text_marks_dates_with_values():
    result = CliRunner().invoke(main, ["show", str(REFERENCE)])
    assert result.exit_code == 0
    assert "[ngày 27-9]DATE=2020-09-27" in result.output
    assert "Events" in result.output


def test_eval_scores_reference(tmp_path):
    out = tmp_path / "out"
    CliRunner().invoke(main, ["run", str(REFERENCE), "--out", str(out), "--no-progress"])
    result = CliRunner().invoke(main, ["eval", "--gold", str(ROOT / "corpora" / "reference" / "gold"),
                                       "--pred", str(out)])
    assert result.exit_code == 0, result.output
    scores = pd.read_csv(out / "eval.csv").set_index("table")
    assert set(scores["scope"]) == {str(ROOT / "corpora" / "reference" / "gold")}
    for table in ("entities", "dates", "quantities", "events"):
        assert 0 <= scores.loc[table, "f1"] <= 1
    # the reference must stay well above chance on what it already does
    assert scores.loc["entities", "f1"] >= 0.8
    assert scores.loc["dates", "f1"] >= 0.9
    assert scores.loc["quantities", "f1"] >= 0.8
    # the label confusion: the reference's 39 gold places are predicted LOC
    lines = result.output[result.output.index("gold (rows) x predicted"):].splitlines()
    loc = next(line.split() for line in lines if line.startswith("LOC"))
    header = next(line.split() for line in lines if line.startswith("predicted"))
    assert int(loc[header.index("LOC")]) == 39


def test_jobs_1_and_2_write_identical_tables(tmp_path):
    from pipeline.apps.runner import run

    src = tmp_path / "in"
    src.mkdir()
    text = REFERENCE.read_text(encoding="utf-8")
    for n in range(6):  # distinct ids, same text: order must follow the input, not the workers
        (src / f"a{n}.txt").write_text(text.replace("id: nagorno_karabakh_2020", f"id: ref{n}"), encoding="utf-8")
    (src / "bad.txt").write_bytes(b"")
    run([str(src)], tmp_path / "j1", progress=False, jobs=1)
    run([str(src)], tmp_path / "j2", progress=False, jobs=2)
    for name in TABLES:
        assert (tmp_path / "j1" / f"{name}.csv").read_bytes() == (tmp_path / "j2" / f"{name}.csv").read_bytes(), name
    ids = pd.read_csv(tmp_path / "j2" / "articles.csv", dtype=str)["article_id"].tolist()
    assert ids == ["ref0", "ref1", "ref2", "ref3", "ref4", "ref5", "bad"]


def test_interrupted_run_leaves_no_partial_table(tmp_path, monkeypatch):
    import pipeline.apps.runner as runner

    out = tmp_path / "out"
    out.mkdir()
    (out / "entities.csv").write_text("previous,run\n", encoding="utf-8")
    calls = {"n": 0}
    real_rows = runner._rows

    def crash_on_second(article, doc):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real_rows(article, doc)

    monkeypatch.setattr(runner, "_rows", crash_on_second)
    src = tmp_path / "in"
    src.mkdir()
    for n in range(3):
        shutil.copy(REFERENCE, src / f"a{n}.txt")
    try:
        runner.run([str(src)], out, progress=False, jobs=1)
    except KeyboardInterrupt:
        pass
    assert (out / "entities.csv").read_text(encoding="utf-8") == "previous,run\n"
    # no temporary files left; the checkpoint (of the articles finished, none in a first task) stays
    assert sorted(p.name for p in out.iterdir()) == [".vnews-checkpoint", "entities.csv"]


def test_dask_local_cluster_writes_the_same_tables(tmp_path):
    pytest.importorskip("distributed")  # installed by the test extra; a clear skip elsewhere
    from pipeline.apps.runner import run

    src = tmp_path / "in"
    src.mkdir()
    text = REFERENCE.read_text(encoding="utf-8")
    for n in range(4):
        (src / f"a{n}.txt").write_text(text.replace("id: nagorno_karabakh_2020", f"id: ref{n}"), encoding="utf-8")
    run([str(src)], tmp_path / "local", progress=False, jobs=1)
    summary = run([str(src)], tmp_path / "dask", progress=False, jobs=2, engine="dask")
    assert summary.ok == 4
    for name in TABLES:
        assert (tmp_path / "local" / f"{name}.csv").read_bytes() == (tmp_path / "dask" / f"{name}.csv").read_bytes()


def test_eval_counts_denied_events_as_not_done(tmp_path):
    """The gold holds events that happened: a predicted event flagged ``negated`` (or only
    ``possible``) is left out."""
    from pipeline.apps.evaluate import evaluate

    out = tmp_path / "out"
    CliRunner().invoke(main, ["run", str(REFERENCE), "--out", str(out), "--no-progress"])
    events = pd.read_csv(out / "events.csv", dtype=str)
    denied = events["negated"].str.lower() == "true"
    assert denied.sum() >= 1  # "Cộng hòa Artsakh không được cộng đồng quốc tế công nhận"
    not_done = denied | (events["modality"].fillna("") == "possible")
    gold = ROOT / "corpora" / "reference" / "gold"
    scores = evaluate([gold], out)[0].set_index("table")
    assert scores.loc["events", "pred"] == len(events) - not_done.sum()


def test_version():
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"vnews {__version__}"


def test_out_under_a_regular_file_is_a_one_line_error(tmp_path):
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(main, ["run", str(REFERENCE), "--out", str(tmp_path / "afile" / "out")])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [f"Error: --out {tmp_path / 'afile' / 'out'}: cannot write there "
                                                  "(Not a directory)"]


def test_article_longer_than_spacys_default_limit_is_processed(tmp_path):
    # spaCy refuses texts over 1,000,000 characters (E088) unless told; --max-bytes is the only limit
    path = tmp_path / "long.txt"
    path.write_text("Hà Nội mưa to.\n" + "x" * 1_000_001 + "\nBão số 3 đổ bộ vào Quảng Ninh.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", str(path), "--out", str(out), "--no-progress"])
    assert result.exit_code == 0, result.output
    articles = pd.read_csv(out / "articles.csv", dtype=str)
    assert articles.loc[0, "status"] == "ok"
    ents = pd.read_csv(out / "entities.csv", dtype=str)
    assert {"Hà Nội", "Quảng Ninh"} <= set(ents["text"])


def test_no_progress_line_when_stderr_is_not_a_terminal(tmp_path):
    result = CliRunner().invoke(main, ["run", str(REFERENCE), str(REFERENCE), "--out", str(tmp_path / "o")])
    assert result.exit_code == 0
    assert not any(line.startswith("articles") for line in result.output.splitlines()), result.output


@pytest.mark.parametrize("value, shown", [(1.1e10, "11 000 000 000"), (2.5, "2.5"), (20.0, "20"), (0.125, "0.125")])
def test_quantity_values_are_written_out_for_readers(value, shown):
    from pipeline.core.display import number, quantity_note

    assert number(value) == shown
    assert quantity_note({"qualifier": "=", "value": value, "unit": "USD"}) == f"={shown} USD"
