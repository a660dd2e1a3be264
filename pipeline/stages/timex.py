"""Vietnamese temporal expressions: recognition patterns and TIMEX3 resolution.

Recognition is a list of regular expressions built from the word lists in
models/dates/; each match is resolved against the document creation time (the
article's ``published`` date). Where that is unknown, the unknown parts of a value
are ``X`` (``XXXX-09-27``): a year is never made up.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import functools
import re
from typing import Callable

from pipeline.core.lexicon import load_tsv, load_words

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}


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


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _valid(y: int, m: int, d: int) -> bool:
    try:
        dt.date(y, m, d)
        return True
    except ValueError:
        return False


class Resolver:
    """Turns the parts of a matched expression into TIMEX3 values."""

    def __init__(self, dct: dt.date | None, future: bool = False, dct_source: str = "published"):
        self.dct = dct
        self.future = future
        self.dct_source = dct_source  # "published" metadata, or a "dateline" found in the text

    @property
    def anchor(self) -> str:
        return self.dct_source if self.dct else "none"

    def guess_year(self, month: int, day: int = 1) -> int | None:
        """Year of a day-month without one: nearest before or at the publication date
        (news reports the past), or on/after it in a future sentence."""
        if self.dct is None:
            return None
        options = []
        for year in (self.dct.year - 1, self.dct.year, self.dct.year + 1):
            if _valid(year, month, day):
                options.append(dt.date(year, month, day))
        if self.future:
            later = [d for d in options if d >= self.dct]
            return min(later).year if later else self.dct.year
        if day == 1 and month == self.dct.month:  # a month-only value: this month counts as past
            return self.dct.year
        earlier = [d for d in options if d <= self.dct]
        return max(earlier).year if earlier else self.dct.year

    # -- value builders ------------------------------------------------------------
    def day(self, start, end, d: int, m: int, y: int | None, type_="DATE", suffix="") -> Timex | None:
        anchor = "text"
        if y is None:
            y = self.guess_year(m, d)
            anchor = self.anchor
        if y is None:
            if not _valid(2000, m, d):
                return None
            return Timex(start, end, type_, f"XXXX-{m:02d}-{d:02d}{suffix}", granularity="day", anchor=anchor)
        if not _valid(y, m, d):
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
            y = self.guess_year(m)
            anchor = self.anchor
        if y is None:
            return Timex(start, end, "DATE", f"XXXX-{m:02d}", granularity="month", anchor=anchor)
        return Timex(start, end, "DATE", f"{y}-{m:02d}", dt.date(y, m, 1).isoformat(),
                     _month_end(y, m).isoformat(), "month", anchor)

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
                     _month_end(y, 3 * q).isoformat(), "quarter", anchor)

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

    def shift(self, unit: str, offset: int) -> dt.date | None:
        if self.dct is None:
            return None
        if unit == "day":
            return self.dct + dt.timedelta(days=offset)
        if unit == "month":
            m = self.dct.month - 1 + offset
            return dt.date(self.dct.year + m // 12, m % 12 + 1, 1)
        if unit == "year":
            return dt.date(self.dct.year + offset, 1, 1)
        return None


@functools.lru_cache(maxsize=None)
def _lexicon():
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


_FRACTION_OF = re.compile(r"\s+(?:số|dân số|trong số|diện tích|tổng)(?!\w)", re.IGNORECASE)
_NEXT_FUTURE = re.compile(r"\s+(?:tới|sắp tới|tới đây)(?!\w)", re.IGNORECASE)


class _Merged:
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


_DIGIT = "digit"  # a pattern that needs a digit in the sentence (TimexTagger.needs)


def _ci(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


_NUMBER_WORDS = {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "sáu": 6, "bảy": 7,
                 "tám": 8, "chín": 9, "mười": 10, "mươi": 10}


class TimexTagger:
    """Finds and resolves temporal expressions in one sentence of text."""

    def __init__(self):
        pods, relative, weekdays, units, sets, future, anaphors, lunar_months = _lexicon()
        self.anaphors, self.lunar_months = anaphors, lunar_months
        self.not_date_cue = _ci(rf"(?<!\w)(?:{_alt(load_words('dates/not_date_cues.tsv'))})\s*$")
        self.pods, self.relative, self.weekdays, self.units, self.sets = pods, relative, weekdays, units, sets
        self.future_re = _ci(rf"(?<!\w)(?:{_alt(future)})(?!\w)")
        D = r"(?:[12]\d|3[01]|0?[1-9])"
        M = r"(?:1[0-2]|0?[1-9])"
        Y = r"(?:1[5-9]\d\d|20\d\d)"
        LM = rf"(?:{M}|{_alt(lunar_months)})"  # lunar month: a number or a name (Giêng, Chạp)
        POD = _alt(pods)
        SEP = r"\s*[-/.]\s*"
        def lead(n: str) -> str:  # "ngày", "hôm", "mồng" or a part of the day before a day
            return rf"(?:(?P<pod{n}>{POD})\s+(?:ngày\s+|hôm\s+|mồng\s+|mùng\s+)?|ngày\s+|hôm\s+|mồng\s+|mùng\s+)"
        rel_words = _alt(relative)
        nums = rf"\d+(?:,\d+)?|{_alt(_NUMBER_WORDS)}"
        B, E = r"(?<![\w/.,-])", r"(?![\w/-]|[.,]\d)"
        self.patterns: list[tuple[re.Pattern, Callable]] = [
            (_ci(rf"{B}(?:từ\s+)?(?:năm\s+)(?P<y1>{Y})\s*(?:-|–|đến|tới)\s*(?:năm\s+)?(?P<y2>{Y}){E}"
                        rf"|{B}(?:từ\s+)(?P<y3>{Y})\s*(?:-|–|đến|tới)\s*(?:năm\s+)?(?P<y4>{Y}){E}"
                        rf"|{B}(?P<y5>{Y})\s*[-–]\s*(?P<y6>{Y}){E}"), self._years),
            (_ci(rf"{B}từ\s+(?:ngày\s+)?(?P<d1>{D})\s*(?:-|–|đến|tới)\s*(?:ngày\s+)?(?P<d2>{D}){SEP}(?P<m>{M})(?:{SEP}(?P<y>{Y}))?{E}"),
             self._day_range),
            (_ci(rf"{B}(?P<h>[01]?\d|2[0-3])\s*(?:h|giờ)\s*(?P<min>[0-5]\d)?(?:\s*phút)?"
                        rf"(?:\s+(?P<pod>{POD}))?(?:\s*,?\s*(?:ngày\s+|hôm\s+)?(?P<d>{D}){SEP}(?P<m>{M})(?:{SEP}(?P<y>{Y}))?)?{E}"),
             self._time),
            (_ci(rf"{B}{lead('')}?(?P<d>{D})\s+tháng\s+(?P<m>{M})(?:\s+năm\s+(?P<y>{Y}))?{E}"
                        rf"|{B}{lead('2')}(?P<d2>{D}){SEP}(?P<m2>{M})(?:{SEP}(?P<y2>{Y}))?{E}"
                        rf"|{B}(?P<d3>{D})/(?P<m3>{M})(?:/(?P<y3>{Y}))?{E}"
                        rf"|{B}(?P<d4>{D})(?P<s4>[-.])(?P<m4>{M})(?P=s4)(?P<y4>{Y}){E}"), self._day),
            (_ci(rf"{B}(?P<pod>{POD})\s+(?P<rel>nay|qua|hôm qua|hôm nay|mai|ngày mai|hôm kia){E}"), self._pod_relative),
            (_ci(rf"{B}(?:(?P<mod>đầu|giữa|cuối)\s+)?tháng\s+(?P<m>{M})(?:{SEP}(?P<y>{Y})|\s+năm\s+(?P<y2>{Y})|\s+(?P<rel>năm ngoái|năm nay|năm trước|năm sau|năm tới))?{E}"),
             self._month),
            (_ci(rf"{B}(?:(?:6|sáu)\s+tháng|nửa)\s+(?P<h>đầu|cuối|sau)\s+năm(?:\s+(?P<y>{Y})|\s+(?P<rel>ngoái|nay|trước|sau|tới))?{E}"),
             self._half),
            (_ci(rf"{B}quý\s+(?P<q>IV|I{{1,3}}|[1-4])(?:{SEP}(?P<y>{Y})|\s+năm\s+(?P<y2>{Y}))?{E}"), self._quarter),
            (_ci(rf"{B}(?:(?:đầu|giữa|cuối)\s+)?(?:năm|SN)\s+(?P<y>{Y}){E}"), self._year),
            (_ci(rf"{B}thập\s+(?:niên|kỷ)\s+(?P<dec>(?:1[5-9]|20)?\d0){E}"), self._decade),
            (_ci(rf"{B}thế\s+kỷ\s+(?P<c>XXI|XX|XIX|XVIII|2[01]|1\d){E}"), self._century),
            (_ci(rf"{B}(?P<wd>{_alt(weekdays)})(?:\s*\(?\s*(?P<rel>tuần trước|tuần này|tuần tới|tuần sau|tuần qua)\)?"
                        rf"|\s*,?\s*(?:ngày\s+)?(?P<d>{D}){SEP}(?P<m>{M})(?:{SEP}(?P<y>{Y}))?)?{E}"), self._weekday),
            (_ci(rf"{B}(?:(?:đầu|giữa|cuối)\s+)?(?P<rel>{rel_words}){E}"), self._relative),
            (_ci(rf"{B}(?:(?:ngày|mồng|mùng)\s+)?(?:(?P<d>{D})\s+tháng\s+|rằm\s+tháng\s+)(?P<m>{LM})(?:\s+năm\s+(?P<y>{Y}))?\s+(?:âm lịch|âl){E}"
                 rf"|{B}(?:(?:ngày|mồng|mùng)\s+)?(?P<d2>{D})\s*/\s*(?P<m2>{M})(?:\s*/\s*(?P<y2>{Y}))?\s+(?:âm lịch|âl){E}"
                 rf"|{B}rằm\s+tháng\s+(?P<m3>giêng|bảy|tám){E}"), self._lunar),
            (_ci(rf"{B}Tết\s+(?:Nguyên\s+đán|âm lịch|cổ truyền)(?:\s+(?:năm\s+)?(?:(?P<y>{Y})|(?:\w+\s+){{1,2}}(?P<y2>{Y})))?{E}"), self._tet),
            (_ci(rf"{B}(?P<set>{_alt(sets)}){E}"), self._set),
            (_ci(rf"{B}(?P<ana>{_alt(anaphors)}){E}"), self._anaphor),
            (_ci(rf"{B}(?:(?P<dir>trước|sau)\s+đó\s+(?P<n>{nums})\s+(?P<u>ngày|hôm|tuần|tháng|năm)"
                 rf"|(?P<n2>{nums})\s+(?P<u2>ngày|hôm|tuần|tháng|năm)\s+(?P<dir2>trước|sau)\s+đó){E}"),
             lambda m, r: self._counted_anaphor(_Merged(m, n="n2", u="u2"), r)),
            (_ci(rf"{B}từ\s+(?:tháng\s+(?P<m>{M})\s*[/-]\s*|năm\s+)(?P<y>{Y})\s+(?:đến|tới)\s+(?:nay|hiện nay|bây giờ){E}"),
             self._since),
            (_ci(rf"{B}(?:(?P<n>\d{{1,2}}|{_alt(k for k, v in _NUMBER_WORDS.items() if v <= 12)})\s+)?tháng\s+(?P<h>đầu|cuối)\s+năm"
                 rf"(?:\s+(?P<y>{Y}))?{E}"), self._first_months),
            (_ci(rf"{B}(?:những|nhiều|mấy|vài|các)\s+(?P<unit>{_alt(units)})(?:\s+(?:qua|gần đây|trước|nay|tới))?{E}"),
             self._vague_duration),
            (_ci(rf"{B}từ\s+tháng\s+(?P<m1>{M})\s*[/-]\s*(?P<y1>{Y})\s+(?:đến|tới)\s+tháng\s+(?P<m2>{M})\s*[/-]\s*(?P<y2>{Y}){E}"),
             self._months),
            (_ci(rf"{B}(?:(?:trong|suốt|hơn|gần|khoảng|sau|trong vòng|chừng|ít nhất)\s+)?(?P<n>{nums})\s+"
                        rf"(?P<unit>{_alt(units)})(?:\s+(?:qua|nay|tới|trước))?{E}"), self._duration),
        ]
        # What a pattern cannot match without: a digit, or one of its literal words (lower case).
        # Checking that first skips most patterns on most sentences; the matches are the same.
        words = lambda ws: tuple(w.lower() for w in ws)  # noqa: E731
        self.needs = {
            self._years: _DIGIT, self._day_range: _DIGIT, self._time: _DIGIT, self._day: _DIGIT,
            self._month: _DIGIT, self._year: _DIGIT, self._decade: _DIGIT, self._since: _DIGIT,
            self._months: _DIGIT, self._quarter: ("quý",), self._century: ("kỷ",), self._half: ("năm",),
            self._first_months: ("tháng",), self._tet: ("tết",), self._lunar: ("âm lịch", "âl", "rằm"),
            self._pod_relative: words(pods), self._weekday: words(weekdays), self._relative: words(relative),
            self._set: words(sets), self._anaphor: words(anaphors),
        }

    def future_at(self, text: str, start: int, end: int) -> bool:
        """Is the expression at text[start:end] in the future? A future marker before it
        in its clause (``sẽ diễn ra ngày 2-10``), or ``tới`` right after it (``ngày 2-10 tới``).
        A marker elsewhere in the sentence does not count (``X ngày 19/5 cho biết, ... sẽ ...``)."""
        clause_start = max(text.rfind(c, 0, start) for c in ",;:") + 1
        if self.future_re.search(text, clause_start, start):
            return True
        return bool(_NEXT_FUTURE.match(text, end))

    def tag(self, text: str, dct: dt.date | None, last: Timex | None = None,
            dct_source: str = "published") -> list[Timex]:
        """Temporal expressions of one sentence. ``last`` is the latest resolved date
        before the sentence, for anaphora (``cùng ngày``, ``trước đó một ngày``)."""
        resolver = Resolver(dct, dct_source=dct_source)
        found: list[Timex] = []
        lower, has_digit = text.lower(), any(ch.isdigit() for ch in text)
        for regex, handler in self.patterns:  # compiled with re.IGNORECASE
            need = self.needs.get(handler)
            if need is _DIGIT and not has_digit or need not in (None, _DIGIT) and not any(w in lower for w in need):
                continue
            for match in regex.finditer(text):
                resolver.future = self.future_at(text, match.start(), match.end())
                timex = handler(match, resolver)
                if timex is not None:
                    found.append(timex)
        # longest first, then earliest; no overlaps
        found.sort(key=lambda t: (-(t.end - t.start), t.start))
        chosen: list[Timex] = []
        for t in found:
            if all(t.end <= c.start or t.start >= c.end for c in chosen):
                chosen.append(t)
        out = []
        for t in sorted(chosen, key=lambda t: t.start):
            if t.granularity == "anaphor":
                t = self._resolve_anaphor(t, last)
                if t is None:
                    continue
            elif t.type in ("DATE", "TIME") and t.date_from and t.date_from == t.date_to:
                last = t
            out.append(t)
        return out

    @staticmethod
    def _resolve_anaphor(t: Timex, last: Timex | None) -> Timex | None:
        """``cùng ngày`` = the day of the last date mentioned; ``trước đó một ngày`` its eve;
        ``thời điểm đó`` = the last date or time itself."""
        if last is None or not last.date_from:
            return Timex(t.start, t.end, "DATE", "XXXX-XX-XX", granularity="day", anchor="none")
        _, offset, unit, keep = t.value.split(":")
        offset = int(offset)
        base = dt.date.fromisoformat(last.date_from)
        if unit in ("month", "year"):  # "trước đó ba tháng": the month three months before
            months = base.year * 12 + base.month - 1 + offset * (12 if unit == "year" else 1)
            year, month = divmod(months, 12)
            if unit == "year":
                return Timex(t.start, t.end, "DATE", str(year), f"{year}-01-01", f"{year}-12-31", "year", "previous")
            return Timex(t.start, t.end, "DATE", f"{year}-{month + 1:02d}", dt.date(year, month + 1, 1).isoformat(),
                         _month_end(year, month + 1).isoformat(), "month", "previous")
        iso = (base + dt.timedelta(days=offset * (7 if unit == "week" else 1))).isoformat()
        if keep == "time" and offset == 0 and last.type == "TIME":
            return Timex(t.start, t.end, "TIME", last.value, iso, iso, last.granularity, "previous")
        return Timex(t.start, t.end, "DATE", iso, iso, iso, "day", "previous")

    # -- handlers --------------------------------------------------------------------
    @staticmethod
    def _g(m: re.Match, *names: str) -> str | None:
        for name in names:
            value = m.group(name)
            if value is not None:
                return value
        return None

    def _years(self, m, r: Resolver):
        y1, y2 = int(self._g(m, "y1", "y3", "y5")), int(self._g(m, "y2", "y4", "y6"))
        return r.years(m.start(), m.end(), y1, y2) if y2 > y1 else None

    def _day_range(self, m, r: Resolver):
        month = int(m["m"])
        y = int(m["y"]) if m["y"] else None
        if y is None:  # one year for both ends, chosen by the start of the range
            y = r.guess_year(month, int(m["d1"]))
        first = r.day(m.start(), m.end(), int(m["d1"]), month, y)
        last = r.day(m.start(), m.end(), int(m["d2"]), month, y)
        if first is None or last is None:
            return None
        first.value = f"{first.value}/{last.value}"
        first.date_to, first.granularity = last.date_to, "day"
        return first

    def _time(self, m, r: Resolver):
        text = m.group()
        after_luc = m.string[:m.start()].rstrip().lower().endswith("lúc")
        if "giờ" in text and not (m["min"] or m["pod"] or m["d"] or after_luc):
            return None  # "2 giờ" alone is a duration; "lúc 20 giờ" is a time
        hour = int(m["h"])
        pod = self.pods.get(m["pod"].lower()) if m["pod"] else None
        if pod in ("AF", "EV", "NI") and hour < 12:
            hour += 12
        minute = int(m["min"]) if m["min"] else 0
        suffix = f"T{hour:02d}:{minute:02d}"
        if m["d"]:
            t = r.day(m.start(), m.end(), int(m["d"]), int(m["m"]), int(m["y"]) if m["y"] else None,
                      "TIME", suffix)
        else:
            t = r.date(m.start(), m.end(), r.dct, "TIME", suffix)
        if t is not None:
            t.granularity = "time"
        return t

    def _day(self, m, r: Resolver):
        if m["d3"] and (self.not_date_cue.search(m.string[:m.start()]) or _FRACTION_OF.match(m.string, m.end())):
            return None  # "chiếm 1/3 dân số", "nhà số 12/3", "2/3 số người"
        d = int(self._g(m, "d", "d2", "d3", "d4"))
        mo = int(self._g(m, "m", "m2", "m3", "m4"))
        y = self._g(m, "y", "y2", "y3", "y4")
        pod = self._g(m, "pod", "pod2")
        suffix = "T" + self.pods[pod.lower()] if pod else ""
        t = r.day(m.start(), m.end(), d, mo, int(y) if y else None, "TIME" if pod else "DATE", suffix)
        return t

    def _pod_relative(self, m, r: Resolver):
        rel = m["rel"].lower()
        offset = {"nay": 0, "hôm nay": 0, "qua": -1, "hôm qua": -1, "mai": 1, "ngày mai": 1, "hôm kia": -2}[rel]
        return r.date(m.start(), m.end(), r.shift("day", offset), "TIME", "T" + self.pods[m["pod"].lower()])

    def _month(self, m, r: Resolver):
        y = m["y"] or m["y2"]
        if m["rel"]:
            base = r.shift("year", self.relative[m["rel"].lower()][1])
            return r.month(m.start(), m.end(), int(m["m"]), base.year) if base else \
                Timex(m.start(), m.end(), "DATE", f"XXXX-{int(m['m']):02d}", granularity="month", anchor="none")
        t = r.month(m.start(), m.end(), int(m["m"]), int(y) if y else None)
        return t

    def _half(self, m, r: Resolver):
        half = 1 if m["h"].lower() == "đầu" else 2
        if m["rel"]:  # "nửa cuối năm ngoái"
            base = r.shift("year", self.relative["năm " + m["rel"].lower()][1])
            if base is None:
                return Timex(m.start(), m.end(), "DATE", f"XXXX-H{half}", granularity="half", anchor="none")
            t = r.half(m.start(), m.end(), half, base.year)
            t.anchor = r.anchor
            return t
        return r.half(m.start(), m.end(), half, int(m["y"]) if m["y"] else None)

    def _quarter(self, m, r: Resolver):
        q = _ROMAN.get(m["q"]) or int(m["q"])
        y = m["y"] or m["y2"]
        return r.quarter(m.start(), m.end(), q, int(y) if y else None)

    def _year(self, m, r: Resolver):
        return r.year(m.start(), m.end(), int(m["y"]))

    def _decade(self, m, r: Resolver):
        dec = m["dec"]
        if len(dec) == 2:
            dec = "19" + dec
        y = int(dec)
        return Timex(m.start(), m.end(), "DATE", f"{dec[:3]}X", f"{y}-01-01", f"{y + 9}-12-31", "decade")

    def _century(self, m, r: Resolver):
        c = m["c"]
        n = {"XXI": 21, "XX": 20, "XIX": 19, "XVIII": 18}.get(c) or int(c)
        return Timex(m.start(), m.end(), "DATE", f"{n - 1:02d}", f"{(n - 1) * 100}-01-01",
                     f"{(n - 1) * 100 + 99}-12-31", "century")

    def _weekday(self, m, r: Resolver):
        word = m["wd"]
        # lower-case and numeric forms double as ordinals ("lần thứ hai"): need a date or week
        if not word.split()[-1][:1].isupper() or word[-1].isdigit():
            if not (m["d"] or m["rel"]):
                return None
        if m["d"]:
            return r.day(m.start(), m.end(), int(m["d"]), int(m["m"]), int(m["y"]) if m["y"] else None)
        offset = None
        if m["rel"]:
            offset = {"tuần trước": -1, "tuần qua": -1, "tuần này": 0, "tuần tới": 1, "tuần sau": 1}[m["rel"].lower()]
        return r.weekday(m.start(), m.end(), self.weekdays[word.lower()], offset)

    def _relative(self, m, r: Resolver):
        # "cuối tuần qua" is an entry of its own (the weekend), not "cuối" + "tuần qua"
        whole = re.sub(r"\s+", " ", m.group().lower())
        unit, offset = self.relative[whole] if whole in self.relative else self.relative[m["rel"].lower()]
        if unit == "ref":  # TIMEX3 PRESENT_REF / FUTURE_REF / PAST_REF
            return Timex(m.start(), m.end(), "DATE", ("PRESENT_REF", "FUTURE_REF", "PAST_REF")[offset],
                         granularity="none", anchor="none")
        if unit in ("week", "weekend"):
            return r.week(m.start(), m.end(), offset, weekend=unit == "weekend")
        if unit == "day":
            return r.date(m.start(), m.end(), r.shift("day", offset))
        date = r.shift(unit, offset)
        if unit == "month":
            if date is None:
                return Timex(m.start(), m.end(), "DATE", "XXXX-XX", granularity="month", anchor="none")
            t = r.month(m.start(), m.end(), date.month, date.year)
            t.anchor = r.anchor
            return t
        return r.year(m.start(), m.end(), date.year if date else None, anchor=r.anchor)

    def _anaphor(self, m, r: Resolver):
        offset, keep = self.anaphors[m["ana"].lower()]
        # resolved in tag() against the last date mentioned before it
        return Timex(m.start(), m.end(), "DATE", f"ANAPHOR:{offset}:day:{keep}", granularity="anaphor")

    def _counted_anaphor(self, m, r: Resolver):
        """``trước đó ba tháng``, ``hai ngày sau đó``: counted from the last date mentioned."""
        n = _NUMBER_WORDS.get(m["n"].lower()) or (int(m["n"]) if m["n"].isdigit() else None)
        if n is None:
            return None
        sign = -1 if (m["dir"] or m["dir2"]).lower() == "trước" else 1
        unit = {"ngày": "day", "hôm": "day", "tuần": "week", "tháng": "month", "năm": "year"}[m["u"].lower()]
        return Timex(m.start(), m.end(), "DATE", f"ANAPHOR:{sign * n}:{unit}:day", granularity="anaphor")

    def _since(self, m, r: Resolver):
        """``từ tháng 10/2013 tới nay``: from a month or year to the publication date."""
        if r.dct is None:
            return None
        y, mo = int(m["y"]), int(m["m"]) if m["m"] else None
        start = dt.date(y, mo or 1, 1)
        if start > r.dct:
            return None
        first = f"{y}-{mo:02d}" if mo else str(y)
        return Timex(m.start(), m.end(), "DATE", f"{first}/{r.dct.isoformat()}", start.isoformat(),
                     r.dct.isoformat(), "day", r.anchor)

    def _first_months(self, m, r: Resolver):
        """``tháng đầu năm 2016`` = 2016-01; ``ba tháng đầu năm 2016`` = 2016-01/2016-03."""
        n = _NUMBER_WORDS.get((m["n"] or "một").lower()) or int(m["n"])
        if not 1 <= n <= 12:
            return None
        year = int(m["y"]) if m["y"] else (r.dct.year if r.dct else None)
        if year is None:
            return None
        first_month = 1 if m["h"].lower() == "đầu" else 13 - n
        last_month = first_month + n - 1
        anchor = "text" if m["y"] else r.anchor
        if n == 1:
            t = r.month(m.start(), m.end(), first_month, year)
            t.anchor = anchor
            return t
        return Timex(m.start(), m.end(), "DATE", f"{year}-{first_month:02d}/{year}-{last_month:02d}",
                     dt.date(year, first_month, 1).isoformat(), _month_end(year, last_month).isoformat(),
                     "month", anchor)

    def _vague_duration(self, m, r: Resolver):
        designator, is_time = self.units[m["unit"].lower()]
        if designator in ("DE", "CE"):
            designator = "Y"
        return Timex(m.start(), m.end(), "DURATION", f"P{'T' if is_time else ''}X{designator}",
                     granularity="duration")

    def _months(self, m, r: Resolver):
        y1, m1, y2, m2 = int(m["y1"]), int(m["m1"]), int(m["y2"]), int(m["m2"])
        if (y2, m2) <= (y1, m1):
            return None
        return Timex(m.start(), m.end(), "DATE", f"{y1}-{m1:02d}/{y2}-{m2:02d}", dt.date(y1, m1, 1).isoformat(),
                     _month_end(y2, m2).isoformat(), "month")

    def _lunar(self, m, r: Resolver):
        """A lunar-calendar day, converted with the lunardate library (1900-2099)."""
        day = int(m["d"] or m["d2"] or 15)  # "rằm" is the 15th
        month_text = (m["m"] or m["m2"] or m["m3"]).lower()
        month = int(month_text) if month_text.isdigit() else self.lunar_months[month_text]
        year = m["y"] or m["y2"]
        return self._from_lunar(m, r, int(year) if year else None, month, day)

    def _tet(self, m, r: Resolver):
        year = m["y"] or m["y2"]
        return self._from_lunar(m, r, int(year) if year else None, 1, 1)

    @staticmethod
    def _from_lunar(m, r: Resolver, year: int | None, month: int, day: int) -> Timex | None:
        from lunardate import LunarDate

        def solar(y: int) -> dt.date | None:
            try:
                return LunarDate(y, month, day).to_solar_date()
            except ValueError:
                return None

        anchor = "text"
        if year is None:
            if r.dct is None:
                return Timex(m.start(), m.end(), "DATE", "XXXX-XX-XX", granularity="day", anchor="none")
            options = [d for d in (solar(y) for y in (r.dct.year - 1, r.dct.year, r.dct.year + 1)) if d]
            pick = [d for d in options if (d >= r.dct if r.future else d <= r.dct)]
            date = (min(pick) if r.future else max(pick)) if pick else None
            anchor = r.anchor
        else:
            date = solar(year)
        if date is None:
            return None
        t = r.date(m.start(), m.end(), date)
        t.anchor = anchor
        return t

    def _set(self, m, r: Resolver):
        return Timex(m.start(), m.end(), "SET", self.sets[m["set"].lower()], granularity="set", anchor="text")

    def _duration(self, m, r: Resolver):
        n = m["n"]
        value = _NUMBER_WORDS.get(n.lower())
        if value is None:
            value = n.replace(",", ".")
        designator, is_time = self.units[m["unit"].lower()]
        if designator == "DE":
            return Timex(m.start(), m.end(), "DURATION", f"P{int(float(value)) * 10}Y", granularity="duration")
        if designator == "CE":
            return Timex(m.start(), m.end(), "DURATION", f"P{int(float(value)) * 100}Y", granularity="duration")
        return Timex(m.start(), m.end(), "DURATION", f"P{'T' if is_time else ''}{value}{designator}",
                     granularity="duration")
