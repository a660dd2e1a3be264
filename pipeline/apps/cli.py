"""The ``vnews`` command line: a thin layer over runner, show and evaluate."""

from __future__ import annotations

import json
import signal
import sys
from pathlib import Path

import click

from pipeline import __version__
from pipeline.io.reader import DEFAULT_MAX_BYTES, parse_published, read_source, with_published


class _Commands(click.Group):
    """Ctrl-C ends any command with one word and the shell's exit code for SIGINT (130),
    never a traceback; a second Ctrl-C while cleaning up is ignored."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            click.echo("Aborted", err=True)
            raise click.exceptions.Exit(130) from None


@click.group(cls=_Commands, help="vnews: Vietnamese news articles in, joinable CSV tables out.")
@click.version_option(__version__, "--version", "-V", prog_name="vnews", message="%(prog)s %(version)s")
def main() -> None:
    pass


def _published(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return parse_published(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (use YYYY-MM-DD or DD/MM/YYYY)") from None


def _out_folder(out: str) -> Path:
    """The output folder, created; a one-line error when it cannot be (a file in the way,
    no permission)."""
    path = Path(out)
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = path / ".vnews-write-test"
        probe.touch()
        probe.unlink()
    except OSError as exc:
        raise click.ClickException(f"--out {out}: cannot write there ({exc.strerror or exc})") from None
    return path


def _batch_inputs(out_help: str):
    """The options every batch command shares: PATHS, --out, --max-bytes, --no-progress."""
    def decorate(command):
        for option in reversed((
            click.argument("paths", nargs=-1, required=True),
            click.option("--out", "out", default="out", show_default=True, type=click.Path(file_okay=False),
                         help=out_help),
            click.option("--max-bytes", default=DEFAULT_MAX_BYTES, show_default=True,
                         help="Largest input file accepted."),
            click.option("--no-progress", is_flag=True, help="No progress bar (none when stderr is no terminal)."),
        )):
            command = option(command)
        return command
    return decorate


def _progress(no_progress: bool) -> bool:
    return not no_progress and sys.stderr.isatty()


@main.command("run")
@_batch_inputs("Folder for the CSV tables.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: the number of cores).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: worker processes on this machine; dask: a Dask distributed cluster.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Dask scheduler address (tcp://host:8786); without it a local Dask cluster of --jobs workers.")
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet", "duckdb"]), default="csv", show_default=True,
              help="csv: one file per table; parquet: one .parquet per table; duckdb: one vnews.duckdb with keys.")
@click.option("--resume/--no-resume", default=True, show_default=True,
              help="Take articles finished by an interrupted run into this --out from its checkpoint.")
@click.option("--published", default=None, metavar="DATE", callback=_published,
              help="Publication date for articles that carry none (relative dates resolve against it).")
def run_cmd(paths: tuple[str, ...], out: str, max_bytes: int, no_progress: bool, jobs: int | None,
            engine: str, scheduler: str | None, fmt: str, resume: bool, published: str | None) -> None:
    """Process files, folders (recursive: .txt, .json, .jsonl) or - for stdin into OUT/*.csv."""
    from pipeline.apps.runner import default_jobs, run

    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    if engine == "dask":
        try:
            import distributed  # noqa: F401
        except ImportError:
            raise click.ClickException("--engine dask needs the cluster extra: pip install 'vnews[cluster]'") from None
    summary = run(paths, _out_folder(out), max_bytes=max_bytes, progress=_progress(no_progress),
                  jobs=jobs or default_jobs(), engine=engine, scheduler=scheduler, fmt=fmt, resume=resume,
                  published=published)
    click.echo(summary.line(), err=True)
    click.echo(f"tables written to {out}/", err=True)
    if summary.failed:
        sys.exit(1)


@main.command("add")
@_batch_inputs("The output to add to (made if absent).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True, help="Worker processes.")
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet", "duckdb"]), default="csv", show_default=True,
              help="Format of a new output; an existing output keeps its own.")
@click.option("--published", default=None, metavar="DATE", callback=_published,
              help="Publication date for articles that carry none.")
def add_cmd(paths: tuple[str, ...], out: str, max_bytes: int, no_progress: bool, jobs: int, fmt: str,
            published: str | None) -> None:
    """Add the articles of PATHS (files, folders or -) that OUT does not hold yet (same content
    hash) to its tables; the rows and ids already there stay as they are."""
    from pipeline.apps.runner import add

    summary = add(paths, _out_folder(out), max_bytes=max_bytes, progress=_progress(no_progress),
                  jobs=jobs, fmt=fmt, published=published)
    click.echo(summary.line(), err=True)
    if summary.failed:
        sys.exit(1)


@main.command("watch")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.option("--out", "out", default="out", show_default=True, type=click.Path(file_okay=False),
              help="The output to add to (made if absent).")
@click.option("--settle", default=1.0, show_default=True, type=click.FloatRange(min=0),
              help="Seconds a file must stay the same size before it is read (a crawler may still be writing it).")
@click.option("--poll", is_flag=True, help="Poll the folder instead of OS notifications (network or mounted folders).")
@click.option("--max-bytes", default=DEFAULT_MAX_BYTES, show_default=True, help="Largest input file accepted.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True, help="Worker processes.")
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet", "duckdb"]), default="csv", show_default=True,
              help="Format of a new output; an existing output keeps its own.")
@click.option("--published", default=None, metavar="DATE", callback=_published,
              help="Publication date for articles that carry none.")
def watch_cmd(folder: str, out: str, settle: float, poll: bool, max_bytes: int, jobs: int, fmt: str,
              published: str | None) -> None:
    """Add the articles of FOLDER (.txt, .json, .jsonl, recursive) to OUT: the files there now,
    then each new or changed file once it is completely written; one line per file. Ctrl-C stops."""
    from pipeline.apps.watch import watch
    from pipeline.language import default_nlp

    out_dir = _out_folder(out)
    signal.signal(signal.SIGTERM, _interrupt)  # a service manager's stop ends like Ctrl-C
    click.echo("vnews watch: loading the models ...", err=True)
    default_nlp()
    click.echo(f"vnews watch: watching {folder} into {out}/ (Ctrl-C to stop)", err=True)
    watch(Path(folder), out_dir, settle=settle, poll=poll, echo=lambda line: click.echo(line, err=True),
          max_bytes=max_bytes, jobs=jobs, fmt=fmt, published=published)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0: every interface; there is no authentication).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--out", "out", default=None, type=click.Path(file_okay=False),
              help="Also add every posted article to this output (as vnews add does).")
@click.option("--workers", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: the number of cores).")
@click.option("--max-bytes", default=DEFAULT_MAX_BYTES, show_default=True,
              help="Largest article text accepted (UTF-8 bytes); larger posts get 413.")
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet", "duckdb"]), default="csv", show_default=True,
              help="Format of a new --out; an existing output keeps its own.")
def serve_cmd(host: str, port: int, out: str | None, workers: int | None, max_bytes: int, fmt: str) -> None:
    """An HTTP service: POST /articles with JSON {text, published, id, title, url} answers the
    article's tables as JSON; GET /health; the API's page at /docs."""
    from pipeline.apps.runner import default_jobs
    from pipeline.apps.serve import serve

    serve(host=host, port=port, out=_out_folder(out) if out else None, workers=workers or default_jobs(),
          max_bytes=max_bytes, fmt=fmt, echo=lambda line: click.echo(line, err=True))


@main.command("show")
@click.argument("path", required=False)
@click.option("--story", "story_id", default=None, metavar="STORY_ID",
              help="Print a story of an output instead: its articles, merged events and numbers by source.")
@click.option("--pred", "pred", default="out", show_default=True, type=click.Path(),
              help="With --story: the output folder.")
@click.option("--json", "as_json", is_flag=True, help="Print the article's rows as JSON.")
@click.option("--html", "html_out", default=None, type=click.Path(dir_okay=False),
              help="Write an HTML page with the marks and the events to this file.")
@click.option("--why", is_flag=True, help="Also list the triggers that are no event and the rule that dropped each.")
@click.option("--published", default=None, metavar="DATE", callback=_published,
              help="Publication date for articles that carry none (relative dates resolve against it).")
def show_cmd(path: str | None, story_id: str | None, pred: str, as_json: bool, html_out: str | None, why: bool,
             published: str | None) -> None:
    """Print one article (FILE or -) with entities, dates and quantities marked, then its events;
    or, with --story, one story of an output."""
    if story_id is not None:
        _show_story(story_id, pred)
        return
    if path is None:
        raise click.UsageError("give an article FILE (or -), or --story STORY_ID")
    from pipeline.apps.show import as_json as to_json
    from pipeline.apps.show import render
    from pipeline.language import process

    articles = read_source(path)
    if not articles:
        raise click.ClickException(f"{path}: no article")
    article = with_published(articles[0], published)
    if article.error:
        raise click.ClickException(f"{article.source}: {article.error}")
    doc = process(article)
    if html_out:
        from pipeline.apps.show import render_html
        from pipeline.io.writer import write_text_atomic

        write_text_atomic(render_html(doc), Path(html_out))
        click.echo(f"page written to {html_out}", err=True)
        return
    if as_json:
        click.echo(json.dumps(to_json(doc, why=why), ensure_ascii=False, indent=2, default=str))
    else:
        click.echo(render(doc, why=why))


def _show_story(story_id: str, pred: str) -> None:
    from pipeline.apps.storyshow import render_story

    try:
        click.echo(render_story(Path(pred), story_id))
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from None
    except KeyError:
        raise click.ClickException(f"{pred}: no story {story_id} (see {pred}/stories.csv)") from None


@main.command("eval")
@click.option("--split", type=click.Choice(["dev", "sealed", "all"]), default=None,
              help="Run vnews on the gold articles of this split (corpora/gold/manifest.csv) and score "
                   "them per kind of news. The sealed split is scored once, at the end of an issue.")
@click.option("--gold", "gold", multiple=True, type=click.Path(),
              help="Without --split: folder(s) with gold tables (searched recursively for <table>.csv).")
@click.option("--pred", "pred", default="out", show_default=True, type=click.Path(),
              help="Without --split: folder with predicted tables (the --out of vnews run).")
@click.option("--out", "out", default=None, type=click.Path(),
              help="Where the scores go: a CSV file, or with --split a folder (default out/eval-SPLIT).")
@click.option("--shared", default=None, type=click.Path(),
              help="With --split: the folder holding news/ and corpora/ (default ../shared).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="With --split: worker processes.")
def eval_cmd(split: str | None, gold: tuple[str, ...], pred: str, out: str | None, shared: str | None,
             jobs: int | None) -> None:
    """Precision, recall and F1 per table against gold tables."""
    if split is not None:
        _eval_split(split, Path(out or f"out/eval-{split}"), shared, jobs)
        return
    if not gold:
        raise click.UsageError("give --split dev|sealed, or --gold DIR with --pred DIR")
    _eval_folders(gold, pred, out)


def _eval_split(split: str, out: Path, shared: str | None, jobs: int | None) -> None:
    import pandas as pd

    from pipeline.apps import goldset
    from pipeline.apps.goldeval import category_summary, loco_scores, run_split
    from pipeline.apps.runner import default_jobs
    from pipeline.io.writer import write_atomic

    try:
        result = run_split(split, out, Path(shared) if shared else goldset.SHARED, jobs or default_jobs(),
                           progress=sys.stderr.isatty())
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from None
    if result.missing:
        click.echo(f"note: {len(result.missing)} gold article(s) not found, not scored: "
                   f"{', '.join(result.missing[:10])}", err=True)
    scores = result.scores
    with pd.option_context("display.width", 200, "display.max_columns", 30):
        click.echo(f"\n== {split}: all {int(scores.loc[scores.scope == 'all', 'articles'].iloc[0])} articles")
        click.echo(scores[scores.scope == "all"].drop(columns=["scope", "articles"]).to_string(index=False))
        click.echo(f"\n== {split}: per kind of news")
        click.echo(category_summary(scores).to_string(index=False))
        if not result.confusion.empty:
            click.echo("\nentity labels, gold (rows) x predicted (columns); - = no overlapping span:")
            click.echo(result.confusion.to_string())
        loco = loco_scores()
        if split == "dev" and loco is not None:
            click.echo("\n== entity model, leave one kind of news out (trained on the others; make train, "
                       "models/entities/loco.csv):")
            click.echo(loco.to_string(index=False))
    write_atomic(scores, out / "eval.csv")
    click.echo(f"scores written to {out / 'eval.csv'}", err=True)


def _eval_folders(gold: tuple[str, ...], pred: str, out: str | None) -> None:
    import pandas as pd

    from pipeline.apps.evaluate import entity_confusion, evaluate
    from pipeline.io.writer import write_atomic

    gold_dirs = [Path(g) for g in gold if Path(g).exists()]
    for g in gold:
        if not Path(g).exists():
            click.echo(f"note: gold folder {g} not found, skipped", err=True)
    # one block per gold folder (the reference alone first), then all of them together
    scopes = [(str(g), [g]) for g in gold_dirs] + ([("all", gold_dirs)] if len(gold_dirs) > 1 else [])
    blocks = []
    for scope, dirs in scopes:
        try:
            scores, notes = evaluate(dirs, Path(pred))
        except FileNotFoundError as exc:
            click.echo(f"note: {scope}: {exc}", err=True)
            continue
        for note in notes:
            click.echo(f"{scope}: {note}", err=True)
        click.echo(f"\n== {scope}")
        click.echo(scores.to_string(index=False))
        confusion = entity_confusion(dirs, Path(pred))
        if not confusion.empty:
            click.echo("entity labels, gold (rows) x predicted (columns); - = no overlapping span:")
            click.echo(confusion.to_string())
        blocks.append(scores.assign(scope=scope))
    if not blocks:
        raise click.ClickException("nothing to score")
    scores = pd.concat(blocks, ignore_index=True)
    target = Path(out) if out else Path(pred) / "eval.csv"
    write_atomic(scores, target)
    click.echo(f"scores written to {target}", err=True)


@main.command("export")
@click.option("--gdelt", "gdelt_dir", required=True, type=click.Path(file_okay=False),
              help="Write the events in GDELT 2.0 event-table columns to DIR/events.gdelt.csv.")
@click.option("--pred", "pred", default="out", show_default=True, type=click.Path(),
              help="Folder with the tables of a vnews run.")
def export_cmd(gdelt_dir: str, pred: str) -> None:
    """Export the events with GDELT 2.0 column names (CAMEO codes, QuadClass, GoldsteinScale...): one
    row per happening with its mention counts, and a GDELT-style mentions table."""
    from pipeline.apps.gdelt import export

    try:
        path = export(Path(pred), Path(gdelt_dir))
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"events written to {path}, their mentions to {path.parent / 'mentions.gdelt.csv'}", err=True)


if __name__ == "__main__":
    main()
