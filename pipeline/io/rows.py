"""Rows of a table as the pipeline hands them on: a list of dicts, or ``ColumnRows``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from pipeline.io.schema import columns

COLUMNAR = ("sentences", "tokens", "entities")  # tables whose rows travel as ColumnRows (all plain)


class ColumnRows:
    """Rows of one table held as one list per column (the schema's columns, in order). The
    tables of plain ints and strings (``COLUMNAR``: tokens, sentences, entities; 19 rows in 20
    of a run) travel like this from a worker to the writer: a dict per row cost more to make,
    pickle, unpickle and turn into a frame than the rest of the main process's work. It reads
    as the sequence of row dicts it stands for (len, iteration, indexing, ==, append, extend,
    ``pd.DataFrame(rows)``); ``list(rows)`` gives a plain list (for JSON, sorting, ``+``)."""

    __slots__ = ("columns",)

    def __init__(self, data: dict[str, list]):
        self.columns = data

    @classmethod
    def empty(cls, table: str) -> ColumnRows:
        return cls({name: [] for name in columns(table)})

    def __len__(self) -> int:
        return len(next(iter(self.columns.values()), ()))

    def __iter__(self) -> Iterator[dict]:
        names = list(self.columns)
        return (dict(zip(names, values)) for values in zip(*self.columns.values()))

    def __getitem__(self, i):
        if isinstance(i, slice):
            return ColumnRows({name: values[i] for name, values in self.columns.items()})
        return {name: values[i] for name, values in self.columns.items()}

    def __eq__(self, other) -> bool:
        if isinstance(other, ColumnRows):
            return self.columns == other.columns
        return isinstance(other, list) and list(self) == other

    def __repr__(self) -> str:
        return f"ColumnRows({len(self)} rows of {', '.join(self.columns)})"

    def __reduce__(self):
        return ColumnRows, (self.columns,)

    def append(self, row: dict) -> None:
        for name, values in self.columns.items():
            values.append(row.get(name))

    def extend(self, rows: Iterable[dict]) -> None:
        if isinstance(rows, ColumnRows):
            n = len(rows)
            for name, values in self.columns.items():
                values.extend(rows.columns.get(name, [None] * n))
        else:
            for row in rows:
                self.append(row)

    def with_column(self, name: str, value) -> ColumnRows:
        """A copy with every row's ``name`` set to ``value`` (its own lists: appending to it
        leaves this one alone)."""
        return ColumnRows({column: [value] * len(self) if column == name else list(values)
                           for column, values in self.columns.items()})


def with_article_id(row: dict, rows: dict[str, list[dict] | ColumnRows],
                    article_id: str) -> tuple[dict, dict[str, list[dict] | ColumnRows]]:
    """An article's row and rows under another id (one already taken in the output)."""
    return ({**row, "article_id": article_id},
            {name: found.with_column("article_id", article_id) if isinstance(found, ColumnRows)
             else [{**r, "article_id": article_id} for r in found] for name, found in rows.items()})


def values(rows: list[dict] | ColumnRows, names: tuple[str, ...]) -> Iterator[tuple]:
    """Each row's values of the columns ``names``, as a tuple, whichever way the rows are held."""
    if isinstance(rows, ColumnRows):
        return zip(*(rows.columns[name] for name in names))
    return (tuple(row.get(name) for name in names) for row in rows)


def records(rows: list[dict] | ColumnRows, names: tuple[str, ...]) -> Iterator[dict]:
    """Each row as a dict of the columns ``names`` only, whichever way the rows are held."""
    return (dict(zip(names, found)) for found in values(rows, names))
