"""The example notebook runs on real output and draws its pictures (no network, no kernel)."""

import jupytext
import matplotlib
from click.testing import CliRunner

from pipeline.apps.cli import main
from tests.conftest import REFERENCE, ROOT

matplotlib.use("Agg")


def test_example_notebook_runs(tmp_path, monkeypatch):
    out, pictures = tmp_path / "out", tmp_path / "pictures"
    result = CliRunner().invoke(main, ["run", str(REFERENCE), "--out", str(out), "--no-progress", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    monkeypatch.setenv("VNEWS_OUT", str(out))
    monkeypatch.setenv("VNEWS_PICTURES", str(pictures))
    notebook = jupytext.read(ROOT / "notebooks" / "example.py")
    namespace: dict = {}
    code_cells = [c for c in notebook.cells if c.cell_type == "code"]
    assert len(code_cells) >= 6
    for cell in code_cells:
        exec(compile(cell.source, "notebook", "exec"), namespace)
    for name in ("entity_counts.png", "event_timeline.png", "quantities_by_unit.png", "story_timeline.png"):
        assert (pictures / name).stat().st_size > 5_000, name
    assert set(namespace["new"].entities["label"]) >= {"ORG", "LOC"}  # the extract cell, one new text
    assert namespace["new"].quantities["value"].tolist() == [20.0]
