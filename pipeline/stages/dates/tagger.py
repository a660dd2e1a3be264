"""Finding temporal expressions in a sentence: regular expressions built from the word lists
of models/dates/, each with its handler (handlers.py); longest match first, no overlaps,
anaphors (``cùng ngày``) resolved against the last date before them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable

from pipeline.stages.dates.handlers import Handlers
from pipeline.stages.dates.timex import (
    DIGIT,
    NEXT_FUTURE,
    NUMBER_WORDS,
    TIME_ZONE,
    Merged,
    Resolver,
    Timex,
    alt,
    ci,
    date_lexicon,
    month_end,
)

# What pins a date down right after it: a day in brackets, a day in commas (a time zone: timex.py).
BRACKET_DAY = re.compile(r"\s*\(\s*(?:ngày\s+)?(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})"
                         r"(?:\s*[/.-]\s*(?P<y>\d{4}))?\s*\)", re.IGNORECASE)
COMMA_DAY = re.compile(r"\s*,\s*ngày\s+(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})(?:\s*[/.-]\s*(?P<y>\d{4}))?(?!\d)",
                       re.IGNORECASE)

# A range of two mentions: "từ A đến B", "từ A đến nay".
RANGE_FROM = re.compile(r"(?<!\w)từ\s+$", re.IGNORECASE)
# "đến", "tới hết", "cho đến hết", a dash: what joins the two ends of a range
RANGE_TO = re.compile(r"\s*(?:(?:cho\s+)?(?:đến|tới)(?:\s+hết)?|[-–])\s*", re.IGNORECASE)
RANGE_TO_NOW = re.compile(r"\s*(?:cho\s+)?(?:đến|tới)\s+(?:nay|hiện nay|bây giờ|hiện tại)(?!\w)", re.IGNORECASE)

MONTHS_DURATION = re.compile(r"P(\d+)M")
YEAR = re.compile(r"1[5-9]\d\d|20\d\d")  # what the patterns' Y matches: a pattern that needs a year


def is_period(t: Timex) -> bool:
    """A quarter, a half or a run of months of one year: what ``cùng kỳ`` refers back to."""
    return t.type == "DATE" and t.date_from is not None and t.granularity in ("quarter", "half", "month") and (
        t.granularity != "month" or "/" in t.value)


def same_period(t: Timex, period: Timex | None) -> Timex | None:
    """``cùng kỳ [năm Y]``: the period told last, moved to year Y (the year before its own by default)."""
    if period is None or not period.date_from:
        return None
    own = int(period.date_from[:4])
    year = int(t.value.split(":", 1)[1] or own - 1)
    shift = lambda v: v.replace(str(own), str(year))  # noqa: E731  every year in the value is the period's
    return Timex(t.start, t.end, "DATE", shift(period.value), shift(period.date_from), shift(period.date_to),
                 period.granularity, "previous")


class TimexTagger:
    """Finds and resolves temporal expressions in one sentence of text."""

    def __init__(self):
        pods, relative, weekdays, units, sets, future, anaphors, lunar_months = date_lexicon()
        h = self.handlers = Handlers()
        self.future_re = ci(rf"(?<!\w)(?:{alt(future)})(?!\w)")
        D = r"(?:[12]\d|3[01]|0?[1-9])"
        M = r"(?:1[0-2]|0?[1-9])"
        Y = rf"(?:{YEAR.pattern})"
        LM = rf"(?:{M}|{alt(lunar_months)})"  # lunar month: a number or a name (Giêng, Chạp)
        POD = alt(pods)
        SEP = r"\s*[-/.]\s*"
        def lead(n: str) -> str:  # "ngày", "hôm", "mồng" or a part of the day before a day
            return rf"(?:(?P<pod{n}>{POD})\s+(?:ngày\s+|hôm\s+|mồng\s+|mùng\s+)?|ngày\s+|hôm\s+|mồng\s+|mùng\s+)"
        rel_words = alt(relative)
        nums = rf"\d+(?:,\d+)?|{alt(NUMBER_WORDS)}"
        B, E = r"(?<![\w/.,-])", r"(?![\w/-]|[.,]\d)"
        def words(ws) -> tuple[str, ...]:  # a word that contains another of the list adds nothing to the check
            ws = {w.lower() for w in ws}
            return tuple(sorted(w for w in ws if not any(v != w and v in w for v in ws)))

        # Each pattern with what it cannot match without: a digit, a year, or one of its literal words
        # (lower case). Checking that first skips most patterns on most sentences; the matches are the same.
        self.patterns: list[tuple[re.Pattern, Callable, object]] = [
            (ci(rf"{B}(?:từ\s+)?(?:năm\s+)(?P<y1>{Y})\s*(?:-|–|đến|tới)\s*(?:năm\s+)?(?P<y2>{Y}){E}"
                        rf"|{B}(?:từ\s+)(?P<y3>{Y})\s*(?:-|–|đến|tới)\s*(?:năm\s+)?(?P<y4>{Y}){E}"
                        rf"|{B}(?P<y5>{Y})\s*[-–]\s*(?P<y6>{Y}){E}"), h.years, YEAR),
            (ci(rf"{B}từ\s+(?:ngày\s+)?(?P<d1>{D})\s*(?:-|–|đến|tới)\s*(?:ngày\s+)?(?P<d2>{D}){SEP}(?P<m>{M})(?:{SEP}(?P<y>{Y}))?{E}"),
             h.day_range, DIGIT),
            (ci(rf"{B}(?P<h>[01]?\d|2[0-3])\s*(?P<mark>h|giờ|g)\s*(?P<min>[0-5]\d)?(?:\s*phút)?"
                        rf"(?:\s+(?P<pod>{POD}))?(?:\s*,?\s*(?:ngày\s+|hôm\s+)?(?P<d>{D}){SEP}(?P<m>{M})(?:{SEP}(?P<y>{Y}))?"
                        rf"|\s+(?P<rel>cùng ngày|hôm nay|hôm qua|ngày mai|hôm sau|hôm trước|nay|qua|mai))?{E}"),
             h.time, DIGIT),
            (ci(rf"{B}{lead('')}?(?P<d>{D})\s+tháng\s+(?P<m>{M})(?:\s+năm\s+(?P<y>{Y}))?{E}"
                        rf"|{B}{lead('2')}(?P<d2>{D}){SEP}(?P<m2>{M})(?:{SEP}(?P<y2>{Y}))?{E}"
                        rf"|{B}(?P<d3>{D})/(?P<m3>{M})(?:/(?P<y3>{Y}))?{E}"
                        rf"|{B}(?P<d4>{D})(?P<s4>[-.])(?P<m4>{M})(?P=s4)(?P<y4>{Y}){E}"), h.day, DIGIT),
            (ci(rf"{B}(?P<pod>{POD})\s+(?P<rel>nay|qua|hôm qua|hôm nay|mai|ngày mai|hôm kia|cùng ngày|hôm sau){E}"),
             h.pod_relative, words(pods)),
            (ci(rf"{B}(?:cách\s+đây\s+)?(?:(?:hơn|gần|khoảng|chừng)\s+)?(?P<n>{nums})\s+(?P<u>năm|tháng|tuần|ngày|hôm)"
                rf"\s+(?P<dir>trước(?:\s+đây)?|về\s+trước|nữa){E}"
                rf"|{B}cách\s+đây\s+(?:(?:hơn|gần|khoảng|chừng)\s+)?(?P<n2>{nums})\s+(?P<u2>năm|tháng|tuần|ngày|hôm){E}"),
             lambda m, r: h.ago(Merged(m, n="n2", u="u2"), r), ("trước", "nữa", "đây")),
            (ci(rf"{B}(?:(?P<mod>đầu|giữa|cuối)\s+)?tháng\s+(?P<m>{M})(?:{SEP}(?P<y>{Y})|\s+năm\s+(?P<y2>{Y})|\s+(?P<rel>năm ngoái|năm nay|năm trước|năm sau|năm tới))?{E}"),
             h.month, ("tháng",)),
            (ci(rf"{B}nửa\s+(?P<h>đầu|cuối|sau)\s+năm(?:\s+(?P<y>{Y})|\s+(?P<rel>ngoái|nay|trước|sau|tới))?{E}"),
             h.half, ("năm",)),
            (ci(rf"{B}quý\s+(?P<q>IV|I{{1,3}}|[1-4])(?:{SEP}(?P<y>{Y})|\s+năm\s+(?P<y2>{Y}))?{E}"), h.quarter, ("quý",)),
            (ci(rf"{B}(?:(?:đầu|giữa|cuối)\s+)?(?:năm|SN)\s+(?P<y>{Y}){E}"), h.year, YEAR),
            (ci(rf"{B}thập\s+(?:niên|kỷ)\s+(?P<dec>(?:1[5-9]|20)?\d0){E}"), h.decade, ("thập",)),
            (ci(rf"{B}thế\s+kỷ\s+(?P<c>XXI|XX|XIX|XVIII|2[01]|1\d){E}"), h.century, ("kỷ",)),
            (ci(rf"{B}(?P<wd>{alt(weekdays)})(?:\s*\(?\s*(?P<rel>tuần trước|tuần này|tuần tới|tuần sau|tuần qua)\)?"
                        rf"|\s*,?\s*(?:ngày\s+)?(?P<d>{D}){SEP}(?P<m>{M})(?:{SEP}(?P<y>{Y}))?)?{E}"), h.weekday, words(weekdays)),
            (ci(rf"{B}(?:(?:đầu|giữa|cuối)\s+)?(?P<rel>{rel_words}){E}"), h.relative, words(relative)),
            (ci(rf"{B}cùng\s+kỳ(?:\s+năm\s+(?:ngoái|trước|qua)|\s+(?:năm\s+)?(?P<y>{Y}))?{E}"), h.same_period, ("kỳ",)),
            (ci(rf"{B}(?:(?:ngày|mồng|mùng)\s+)?(?:(?P<d>{D})\s+tháng\s+|rằm\s+tháng\s+)(?P<m>{LM})(?:\s+năm\s+(?P<y>{Y}))?\s+(?:âm lịch|âl){E}"
                 rf"|{B}(?:(?:ngày|mồng|mùng)\s+)?(?P<d2>{D})\s*/\s*(?P<m2>{M})(?:\s*/\s*(?P<y2>{Y}))?\s+(?:âm lịch|âl){E}"
                 rf"|{B}rằm\s+tháng\s+(?P<m3>giêng|bảy|tám){E}"), h.lunar, ("âm lịch", "âl", "rằm")),
            (ci(rf"{B}Tết\s+(?:Nguyên\s+đán|âm lịch|cổ truyền)(?:\s+(?:năm\s+)?(?:(?P<y>{Y})|(?:\w+\s+){{1,2}}(?P<y2>{Y})))?{E}"), h.tet, ("tết",)),
            (ci(rf"{B}(?P<set>{alt(sets)}){E}"), h.set, words(sets)),
            (ci(rf"{B}(?P<ana>{alt(anaphors)}){E}"), h.anaphor, words(anaphors)),
            (ci(rf"{B}(?:(?P<dir>trước|sau)\s+đó\s+(?P<n>{nums})\s+(?P<u>ngày|hôm|tuần|tháng|năm)"
                 rf"|(?P<n2>{nums})\s+(?P<u2>ngày|hôm|tuần|tháng|năm)\s+(?P<dir2>trước|sau)\s+đó){E}"),
             lambda m, r: h.counted_anaphor(Merged(m, n="n2", u="u2"), r), ("đó",)),
            (ci(rf"{B}từ\s+(?:(?:tháng\s+(?P<m>{M})\s*[/-]\s*|năm\s+)(?P<y>{Y})|đầu\s+(?P<unit>năm|tháng)(?:\s+nay)?)"
                rf"\s+(?:cho\s+)?(?:đến|tới)\s+(?:nay|hiện nay|bây giờ|hiện tại){E}"), h.since, ("từ",)),
            (ci(rf"{B}(?:(?P<n>\d{{1,2}}|{alt(k for k, v in NUMBER_WORDS.items() if v <= 12)})\s+)?tháng\s+(?P<h>đầu|cuối)\s+năm"
                 rf"(?:\s+(?P<y>{Y}))?{E}"), h.first_months, ("tháng",)),
            # the running total of a year's statistics: "9 tháng năm 2013", "9 tháng 2013" (Jan-Sep)
            (ci(rf"{B}(?P<n>\d{{1,2}}|{alt(k for k, v in NUMBER_WORDS.items() if v <= 12)})\s+tháng\s+(?:năm\s+)?"
                rf"(?P<y>{Y}){E}"), h.first_months, ("tháng",)),
            # "những ngày" alone is "the days (of ...)": only with a direction is it a stretch of time
            (ci(rf"{B}(?:(?:nhiều|mấy|vài)\s+(?P<unit>{alt(units)})(?:\s+(?:qua|gần đây|trước|nay|tới))?"
                rf"|(?:những|các)\s+(?P<unit2>{alt(units)})\s+(?:qua|gần đây|trước|nay|tới|sau)){E}(?!\s*\d)"),
             h.vague_duration, words(units)),
            (ci(rf"{B}từ\s+tháng\s+(?P<m1>{M})\s*[/-]\s*(?P<y1>{Y})\s+(?:đến|tới)\s+tháng\s+(?P<m2>{M})\s*[/-]\s*(?P<y2>{Y}){E}"),
             h.months, ("tháng",)),
            # a preposition is matched but left out of the span; a qualifier is in it
            (ci(rf"{B}(?:(?:trong vòng|trong|suốt|sau)\s+)?(?P<q>(?:hơn|gần|khoảng|chừng|ít nhất)\s+)?(?P<n>{nums})\s+"
                        rf"(?P<unit>{alt(units)})(?:\s+(?:qua|nay|tới|trước))?{E}"), h.duration, words(units)),
        ]
    def future_at(self, text: str, start: int, end: int) -> bool:
        """Is the expression at text[start:end] in the future? A future marker before it
        in its clause (``sẽ diễn ra ngày 2-10``), or ``tới`` right after it (``ngày 2-10 tới``).
        A marker elsewhere in the sentence does not count (``X ngày 19/5 cho biết, ... sẽ ...``)."""
        clause_start = max(text.rfind(c, 0, start) for c in ",;:") + 1
        if self.future_re.search(text, clause_start, start):
            return True
        return bool(NEXT_FUTURE.match(text, end))

    def tag(self, text: str, dct: dt.date | None, last: Timex | None = None,
            dct_source: str = "published", period: Timex | None = None) -> list[Timex]:
        """Temporal expressions of one sentence. ``last`` is the latest resolved date
        before the sentence, for anaphora (``cùng ngày``, ``trước đó một ngày``); ``period`` the
        latest quarter, half or run of months, for ``cùng kỳ``."""
        resolver = Resolver(dct, dct_source=dct_source)
        found: list[Timex] = []
        lower, has_digit = text.lower(), any(map(str.isdigit, text))
        has_year = has_digit and YEAR.search(text) is not None
        for regex, handler, need in self.patterns:  # compiled with re.IGNORECASE
            if need is DIGIT and not has_digit or need is YEAR and not has_year \
                    or isinstance(need, tuple) and not any(map(lower.__contains__, need)):
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
        chosen = self._ranges(text, self._appositions(text, sorted(chosen, key=lambda t: t.start), resolver), resolver)
        for t in self._year_to_date(chosen, resolver):
            if t.value.startswith("PERIOD:"):
                t = same_period(t, period)
                if t is None:
                    continue
                period = t
            elif is_period(t):
                period = t
            if t.granularity == "anaphor":
                t = self._resolve_anaphor(t, last, resolver)
                if t is None:
                    continue
            elif t.type in ("DATE", "TIME") and t.date_from and t.date_from == t.date_to:
                last = t
            out.append(t)
        return out

    @staticmethod
    def _appositions(text: str, timexes: list[Timex], resolver: Resolver) -> list[Timex]:
        """A date or time and what the writer put in brackets or commas after it to pin it down is
        one mention (the guideline): ``tối qua (3/11)`` takes its day from the brackets,
        ``hôm qua, ngày 19/5`` is the explicit day, ``19 giờ (giờ địa phương)`` keeps its value."""
        out: list[Timex] = []
        for t in timexes:
            if out and t.start < out[-1].end:  # inside the apposition just taken in
                continue
            if t.type in ("DATE", "TIME"):
                t = TimexTagger._pinned(text, t, resolver)
            out.append(t)
        return out

    @staticmethod
    def _year_to_date(timexes: list[Timex], resolver: Resolver) -> list[Timex]:
        """In a sentence that compares with ``cùng kỳ``, ``9 tháng`` is not nine months of anything
        but the year's first nine (statistics run from January): 2013-01/2013-09."""
        if resolver.dct is None or not any(t.value.startswith("PERIOD:") for t in timexes):
            return timexes
        out = []
        for t in timexes:
            months = MONTHS_DURATION.fullmatch(t.value) if t.type == "DURATION" else None
            if months and 1 < int(months[1]) <= min(12, resolver.dct.month):
                n, year = int(months[1]), resolver.dct.year
                t = Timex(t.start, t.end, "DATE", f"{year}-01/{year}-{n:02d}", f"{year}-01-01",
                          month_end(year, n).isoformat(), "month", resolver.anchor)
            out.append(t)
        return out

    @staticmethod
    def _ranges(text: str, timexes: list[Timex], resolver: Resolver) -> list[Timex]:
        """``từ A đến B`` is one DATE from A to B (``từ hôm nay đến ngày 8/11``, ``từ thập niên 90
        đến nay``), valued ``A/B`` as the guideline writes ranges."""
        out: list[Timex] = []
        for i, t in enumerate(timexes):
            if out and t.start < out[-1].end:  # the end of a range just made
                continue
            opener = RANGE_FROM.search(text, 0, t.start)
            if t.type != "DATE" or t.granularity == "anaphor" or opener is None or not t.date_from:
                out.append(t)
                continue
            nxt = timexes[i + 1] if i + 1 < len(timexes) else None
            if (m := RANGE_TO_NOW.match(text, t.end)) and resolver.dct is not None:
                iso = resolver.dct.isoformat()
                t = Timex(opener.start(), m.end(), "DATE", f"{t.value}/{iso}", t.date_from, iso, t.granularity,
                          resolver.anchor)
            elif (nxt is not None and nxt.type == "DATE" and nxt.date_to and nxt.granularity != "anaphor"
                  and RANGE_TO.fullmatch(text, t.end, nxt.start) and nxt.date_to >= t.date_from):
                t = Timex(opener.start(), nxt.end, "DATE", f"{t.value}/{nxt.value}", t.date_from, nxt.date_to,
                          t.granularity, t.anchor if t.anchor != "text" else nxt.anchor)
            out.append(t)
        return out

    @staticmethod
    def _pinned(text: str, t: Timex, resolver: Resolver) -> Timex:
        if t.date_from:  # a day without its year takes the one nearest the relative day it pins
            resolver = Resolver(dt.date.fromisoformat(t.date_from), dct_source=resolver.dct_source)
        if m := TIME_ZONE.match(text, t.end):
            return dataclasses.replace(t, end=m.end())
        if t.granularity in ("day", "time", "anaphor") and (m := BRACKET_DAY.match(text, t.end)):
            suffix = t.value[10:] if t.value[10:11] == "T" else ""
            day = resolver.day(t.start, m.end(), int(m["d"]), int(m["m"]), int(m["y"]) if m["y"] else None,
                               t.type, suffix)
            return day or t
        if t.granularity == "day" and t.anchor != "text" and (m := COMMA_DAY.match(text, t.end)):
            day = resolver.day(t.start, m.end(), int(m["d"]), int(m["m"]), int(m["y"]) if m["y"] else None)
            if day is not None and (t.date_from is None or day.date_from == t.date_from):
                return day
        return t

    @staticmethod
    def _resolve_anaphor(t: Timex, last: Timex | None, resolver: Resolver) -> Timex | None:
        """``cùng ngày`` = the day of the last date mentioned; ``trước đó một ngày`` its eve;
        ``thời điểm đó`` = the last date or time itself; ``19h cùng ngày``, ``chiều cùng ngày`` that
        time of the day. With no date told before, the publication day stands for it."""
        _, offset, unit, keep = t.value.split(":", 3)
        offset = int(offset)
        if last is None or not last.date_from:
            if resolver.dct is None or unit != "day":
                return Timex(t.start, t.end, t.type, "XXXX-XX-XX", granularity="day", anchor="none")
            iso = (resolver.dct + dt.timedelta(days=offset)).isoformat()
            if keep.startswith("T"):
                return Timex(t.start, t.end, "TIME", iso + keep, iso, iso, "time", resolver.anchor)
            return Timex(t.start, t.end, "DATE", iso, iso, iso, "day", resolver.anchor)
        base = dt.date.fromisoformat(last.date_from)
        if unit in ("month", "year"):  # "trước đó ba tháng": the month three months before
            months = base.year * 12 + base.month - 1 + offset * (12 if unit == "year" else 1)
            year, month = divmod(months, 12)
            if unit == "year":
                return Timex(t.start, t.end, "DATE", str(year), f"{year}-01-01", f"{year}-12-31", "year", "previous")
            return Timex(t.start, t.end, "DATE", f"{year}-{month + 1:02d}", dt.date(year, month + 1, 1).isoformat(),
                         month_end(year, month + 1).isoformat(), "month", "previous")
        iso = (base + dt.timedelta(days=offset * (7 if unit == "week" else 1))).isoformat()
        if keep.startswith("T"):  # a time or part of that day
            return Timex(t.start, t.end, "TIME", iso + keep, iso, iso, "time", "previous")
        if keep == "time" and offset == 0 and last.type == "TIME":
            return Timex(t.start, t.end, "TIME", last.value, iso, iso, last.granularity, "previous")
        return Timex(t.start, t.end, "DATE", iso, iso, iso, "day", "previous")
