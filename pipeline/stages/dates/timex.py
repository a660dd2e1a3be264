"""Vietnamese temporal expressions: TIMEX3 values and how the parts of a match resolve.

Recognition (tagger.py) is a list of regular expressions built from the word lists in
models/dates/; each match is resolved by a handler (handlers.py) against the document creation time (the
article's ``published`` date). Where that is unknown, the unknown parts of a value
are ``X`` (``XXXX-09-27``): a year is never made up.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import functools
import re

from pipeline.core.lexicon import load_tsv, load_words

ROMAN_QUARTERS = {"I": 1, "II": 2, "III": 3, "IV": 4}


@dataclasses.dataclass
class Timex:
    start: int
    end: int
    type: str
    value: str
    date_from: str | None = None
    date_to: str | None = None
    granularity: str = "day"
    anchor: str = "text"  # what the value was resolved against: text, published, none


def alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def valid(y: int, m: int, d: int) -> bool:
    try:
        dt.date(y, m, d)
        return True
    except ValueError:
        return False


FUTURE_WEIGHT = 2  # how much farther a day ahead of publication seems than a day behind


class Resolver:
    """Turns the parts of a matched expression into TIMEX3 values."""

    def __init__(self, dct: dt.date | None, future: bool = False, dct_source: str = "published"):
        self.dct = dct
        self.future = future
        self.dct_source = dct_source  # "published" metadata, or a "dateline" found in the text

    @property
    def anchor(self) -> str:
        return self.dct_source if self.dct else "none"

    def guess_year(self, month: int, day: int | None = None) -> int | None:
        """Year of a day-month (or a month) without one: the one that puts it nearest the
        publication date (``ngày 2/11`` published 1/11 is tomorrow, not last year; ``tháng 12``
        published in January is last December), a day ahead counting twice a day behind (news
        reports the past more; on dev: nearest 0.841, this 0.841, always the past 0.826); the
        other way round in a future sentence (a day behind there is more often a date told in
        passing than one next year: ``ngày 18/5`` published on the 19th stays last week's)."""
        if self.dct is None:
            return None
        options = []
        for year in (self.dct.year - 1, self.dct.year, self.dct.year + 1):
            if day is None:  # a month: compared by its middle
                options.append(dt.date(year, month, 15))
            elif valid(year, month, day):
                options.append(dt.date(year, month, day))
        if day is None and month == self.dct.month:  # this month
            return self.dct.year
        ahead, behind = (1, FUTURE_WEIGHT) if self.future else (FUTURE_WEIGHT, 1)
        return min(options, key=lambda d: (d - self.dct).days * ahead if d > self.dct
                   else (self.dct - d).days * behind).year

    # -- value builders ------------------------------------------------------------
    def day(self, start, end, d: int, m: int, y: int | None, type_="DATE", suffix="") -> Timex | None:
        anchor = "text"
        if y is None:
            y = self.guess_year(m, d)
            anchor = self.anchor
        if y is None:
            if not valid(2000, m, d):
                return None
            return Timex(start, end, type_, f"XXXX-{m:02d}-{d:02d}{suffix}", granularity="day", anchor=anchor)
        if not valid(y, m, d):
            return None
        iso = dt.date(y, m, d).isoformat()
        return Timex(start, end, type_, iso + suffix, iso, iso, "day", anchor)

    def date(self, start, end, date: dt.date | None, type_="DATE", suffix="") -> Timex:
        if date is None:
            return Timex(start, end, type_, "XXXX-XX-XX" + suffix, granularity="day", anchor="none")
        iso = date.isoformat()
        return Timex(start, end, type_, iso + suffix, iso, iso, "day", self.anchor)

    def month(self, start, end, m: int, y: int | None) -> Timex:
        anchor = "text"
        if y is None:
            y = self.guess_year(m, None)
            anchor = self.anchor
        if y is None:
            return Timex(start, end, "DATE", f"XXXX-{m:02d}", granularity="month", anchor=anchor)
        return Timex(start, end, "DATE", f"{y}-{m:02d}", dt.date(y, m, 1).isoformat(),
                     month_end(y, m).isoformat(), "month", anchor)

    def year(self, start, end, y: int | None, anchor="text") -> Timex:
        if y is None:
            return Timex(start, end, "DATE", "XXXX", granularity="year", anchor="none")
        return Timex(start, end, "DATE", str(y), f"{y}-01-01", f"{y}-12-31", "year", anchor)

    def years(self, start, end, y1: int, y2: int) -> Timex:
        return Timex(start, end, "DATE", f"{y1}/{y2}", f"{y1}-01-01", f"{y2}-12-31", "year")

    def quarter(self, start, end, q: int, y: int | None) -> Timex:
        anchor = "text"
        if y is None:
            y, anchor = (self.dct.year, self.anchor) if self.dct else (None, "none")
        if y is None:
            return Timex(start, end, "DATE", f"XXXX-Q{q}", granularity="quarter", anchor=anchor)
        first = dt.date(y, 3 * q - 2, 1)
        return Timex(start, end, "DATE", f"{y}-Q{q}", first.isoformat(),
                     month_end(y, 3 * q).isoformat(), "quarter", anchor)

    def half(self, start, end, h: int, y: int | None) -> Timex:
        anchor = "text"
        if y is None:
            y, anchor = (self.dct.year, self.anchor) if self.dct else (None, "none")
        if y is None:
            return Timex(start, end, "DATE", f"XXXX-H{h}", granularity="half", anchor=anchor)
        first, last = (dt.date(y, 1, 1), dt.date(y, 6, 30)) if h == 1 else (dt.date(y, 7, 1), dt.date(y, 12, 31))
        return Timex(start, end, "DATE", f"{y}-H{h}", first.isoformat(), last.isoformat(), "half", anchor)

    def week(self, start, end, offset: int, weekend: bool = False) -> Timex:
        if self.dct is None:
            return Timex(start, end, "DATE", "XXXX-WXX" + ("-WE" if weekend else ""),
                         granularity="week", anchor="none")
        monday = self.dct - dt.timedelta(days=self.dct.weekday()) + dt.timedelta(weeks=offset)
        year, week, _ = monday.isocalendar()
        value = f"{year}-W{week:02d}"
        first, last = monday, monday + dt.timedelta(days=6)
        if weekend:
            value += "-WE"
            first = monday + dt.timedelta(days=5)
        return Timex(start, end, "DATE", value, first.isoformat(), last.isoformat(), "week", self.anchor)

    def weekday(self, start, end, iso_weekday: int, week_offset: int | None) -> Timex:
        if self.dct is None:
            return Timex(start, end, "DATE", "XXXX-XX-XX", granularity="day", anchor="none")
        if week_offset is not None:
            monday = self.dct - dt.timedelta(days=self.dct.weekday()) + dt.timedelta(weeks=week_offset)
            day = monday + dt.timedelta(days=iso_weekday - 1)
        else:
            delta = (self.dct.isoweekday() - iso_weekday) % 7
            day = self.dct - dt.timedelta(days=delta)
            if self.future and delta:
                day += dt.timedelta(days=7)
        return self.date(start, end, day)

    def shifted(self, start, end, unit: str, offset: int, weekend: bool = False) -> Timex:
        """The day, week, month or year ``offset`` units from the publication date (``hôm qua``,
        ``tuần trước``, ``3 năm trước``), at that unit's granularity."""
        if unit in ("week", "weekend"):
            return self.week(start, end, offset, weekend=weekend)
        date = self.shift(unit, offset)
        if unit == "day":
            return self.date(start, end, date)
        if unit == "month":
            if date is None:
                return Timex(start, end, "DATE", "XXXX-XX", granularity="month", anchor="none")
            t = self.month(start, end, date.month, date.year)
            t.anchor = self.anchor
            return t
        return self.year(start, end, date.year if date else None, anchor=self.anchor)

    def shift(self, unit: str, offset: int) -> dt.date | None:
        """``offset`` units from the publication date; None without one, or outside the years
        1-9999 a date can hold (``2.640 năm trước``)."""
        if self.dct is None:
            return None
        try:
            return self._shift(unit, offset)
        except (ValueError, OverflowError):
            return None

    def _shift(self, unit: str, offset: int) -> dt.date | None:
        if unit == "day":
            return self.dct + dt.timedelta(days=offset)
        if unit == "month":
            m = self.dct.month - 1 + offset
            return dt.date(self.dct.year + m // 12, m % 12 + 1, 1)
        if unit == "year":
            return dt.date(self.dct.year + offset, 1, 1)
        return None


@functools.cache
def date_lexicon():
    # keys lower-cased: patterns match case-insensitively ("Năm 2016", "Sáng 27/9")
    pods = {r["word"].lower(): r["timex"] for r in load_tsv("dates/parts_of_day.tsv")}
    relative = {r["word"].lower(): (r["unit"], int(r["offset"])) for r in load_tsv("dates/relative.tsv")}
    weekdays = {r["word"].lower(): int(r["number"]) for r in load_tsv("dates/weekdays.tsv")}
    units = {r["word"].lower(): (r["designator"], r["time"] == "1") for r in load_tsv("dates/duration_units.tsv")}
    sets = {r["word"].lower(): r["value"] for r in load_tsv("dates/sets.tsv")}
    future = load_words("dates/future_markers.tsv")
    anaphors = {r["word"].lower(): (int(r["offset"]), r["keeps"]) for r in load_tsv("dates/anaphors.tsv")}
    lunar_months = {r["word"].lower(): int(r["month"]) for r in load_tsv("dates/lunar_months.tsv")}
    return pods, relative, weekdays, units, sets, future, anaphors, lunar_months


FRACTION_OF = re.compile(r"\s+(?:số|dân số|trong số|diện tích|tổng)(?!\w)", re.IGNORECASE)
# A time zone in brackets after a time: "19 giờ (giờ địa phương)", "(theo giờ Việt Nam)", "(GMT)"
TIME_ZONE = re.compile(r"\s*\(\s*(?:theo\s+)?(?:giờ\s+[^()\d]{2,20}|GMT[^()]{0,6}|UTC[^()]{0,6})\)", re.IGNORECASE)
NEXT_FUTURE = re.compile(r"\s+(?:tới|sắp tới|tới đây)(?!\w)", re.IGNORECASE)


class Merged:
    """A match whose alternative groups (``n``/``n2``) read as one: m["n"] falls back to m["n2"]."""

    def __init__(self, match: re.Match, **fallbacks: str):
        self.match, self.fallbacks = match, fallbacks

    def __getitem__(self, name: str):
        value = self.match[name]
        return value if value is not None or name not in self.fallbacks else self.match[self.fallbacks[name]]

    def start(self) -> int:
        return self.match.start()

    def end(self) -> int:
        return self.match.end()


DIGIT = "digit"  # a pattern that needs a digit in the sentence (TimexTagger.patterns)


def ci(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


# Number words of counted durations and anaphors (ba ngày trước, hai tháng sau đó).
NUMBER_WORDS = {row["word"]: int(row["value"]) for row in load_tsv("dates/number_words.tsv")}
