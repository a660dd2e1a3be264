"""Articles processed a few at a time (work_chunk) give what one by one (work) gives."""

import pytest

from pipeline.apps import runner
from pipeline.io.reader import Article, read_source
from tests.conftest import REFERENCE, shared_files


def _articles() -> list[Article]:
    found = [read_source(str(path))[0] for path in [REFERENCE] + shared_files()[:5]]
    found += [Article(source="short.txt", article_id="short", text="Hà Nội mưa to. Ông Bình nói: “Sẽ ổn”."),
              Article(source="empty.txt", article_id="empty", text=""),
              Article(source="bad.txt", article_id="bad", error="E001 unreadable")]
    return found


def test_a_chunk_gives_the_rows_of_one_by_one():
    articles = _articles()
    items = [(a, False) for a in articles] + [(articles[0], True)]  # the last one finished before
    alone = [runner.work_item(item) for item in items]
    together = runner.work_chunk(items)
    assert together == alone
    assert together[-1] is None and together[-2][1] is None and together[-2][0]["error"] == "E001 unreadable"
    assert all(rows is not None and rows["tokens"] for _, rows in together[:-4])


def test_a_failure_in_a_chunk_stays_with_its_article(monkeypatch):
    reference = read_source(str(REFERENCE))[0]
    articles = [reference, Article(source="ref2.txt", article_id="ref2", text=reference.text.replace("Matxcơva", "Paris"))]
    nlp = runner.default_nlp()
    entities = nlp.get_pipe("vnews_entities")
    real = entities.__class__.rule_entities

    def fails_on_short(self, doc, cols):
        if len(doc) < 40:
            raise ValueError("broken on purpose")
        return real(self, doc, cols)

    monkeypatch.setattr(entities.__class__, "rule_entities", fails_on_short)
    short = Article(source="s.txt", article_id="s", text="Mưa to ở Huế.")
    results = runner.work_chunk([(articles[0], False), (short, False), (articles[1], False)])
    assert results[1][1] is None and "broken on purpose" in results[1][0]["error"]
    assert results[0][1] is not None and results[2][1] is not None


def test_when_tokenizing_together_fails_each_article_goes_alone(monkeypatch):
    articles = _articles()[:2]
    expected = [runner.work(a) for a in articles]
    tokenizer = runner.default_nlp().tokenizer

    def together_fails(texts):
        if len(texts) > 1:
            raise MemoryError("too big together")
        return type(tokenizer).make_docs(tokenizer, texts)

    monkeypatch.setattr(tokenizer, "make_docs", together_fails)
    assert runner.work_chunk([(a, False) for a in articles]) == expected


@pytest.mark.parametrize(("jobs", "sizes"), [(1, [8, 8, 4]), (2, [2, 2, 2, 2, 8, 4])])
def test_tasks_start_small_so_every_worker_starts_at_once(jobs, sizes):
    first = runner.FIRST_TASKS * jobs if jobs > 1 else 0
    assert [len(c) for c in runner._chunks(iter(range(sum(sizes))), runner.ARTICLES_PER_TASK, first)] == sizes
