"""What each recognition pattern's match becomes: one handler per pattern of ``tagger.py``,
turning the named groups of a match into a ``Timex`` through a ``Resolver``."""

from __future__ import annotations

import datetime as dt
import re

from pipeline.core.lexicon import load_words
from pipeline.stages.dates.timex import (
    FRACTION_OF,
    NUMBER_WORDS,
    ROMAN_QUARTERS,
    TIME_ZONE,
    Resolver,
    Timex,
    alt,
    ci,
    date_lexicon,
    month_end,
)

# Another pair of numbers at most 7 right next to this one: "6/4, 6/3", "6/7 (5/7)".
SMALL_PAIR_AFTER = re.compile(r"\s*(?:,|\(|và)?\s*[0-7]\s*[/-]\s*[0-7](?![\d/])")
SMALL_PAIRS_BEFORE = re.compile(r"(?:(?<![\d/])[0-7]\s*[/-]\s*[0-7]\s*\)?\s*(?:,|\(|và)?\s*)+$")
AGO_BEFORE = re.compile(r"(?<!\w)cách\s+đây\s*$", re.IGNORECASE)  # "cách đây vài ngày": some days ago
DAY_WORD_BEFORE = re.compile(r"(?<!\w)ngày\s*$", re.IGNORECASE)


class Handlers:
    def __init__(self):
        pods, relative, weekdays, units, sets, _, anaphors, lunar_months = date_lexicon()
        self.pods, self.relative_words, self.weekdays, self.units, self.sets = pods, relative, weekdays, units, sets
        self.anaphors, self.lunar_months = anaphors, lunar_months
        self.not_date_cue = ci(rf"(?<!\w)(?:{alt(load_words('dates/not_date_cues.tsv'))})\s*$")
        self.not_durations = {" ".join(p.lower().split()) for p in load_words("dates/not_durations.tsv", "phrase")}
        self.score_cue = re.compile(rf"(?<!\w)(?:{alt(load_words('dates/score_cues.tsv'))})(?!\w)")

    @staticmethod
    def g(m: re.Match, *names: str) -> str | None:
        for name in names:
            value = m.group(name)
            if value is not None:
                return value
        return None

    def years(self, m, r: Resolver):
        y1, y2 = int(self.g(m, "y1", "y3", "y5")), int(self.g(m, "y2", "y4", "y6"))
        return r.years(m.start(), m.end(), y1, y2) if y2 > y1 else None

    def day_range(self, m, r: Resolver):
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

    def time(self, m, r: Resolver):
        after_luc = m.string[:m.start()].rstrip().lower().endswith("lúc")
        zoned = TIME_ZONE.match(m.string, m.end())
        if m["mark"].lower() in ("giờ", "g") and not (m["min"] or m["pod"] or m["d"] or m["rel"] or after_luc
                                                      or zoned):
            return None  # "2 giờ" alone is a duration, "18g" may be grams; "lúc 20 giờ", "21g30" are times
        hour = int(m["h"])
        pod = self.pods.get(m["pod"].lower()) if m["pod"] else None
        if pod in ("AF", "EV", "NI") and hour < 12:
            hour += 12
        minute = int(m["min"]) if m["min"] else 0
        suffix = f"T{hour:02d}:{minute:02d}"
        rel = (m["rel"] or "").lower()
        if rel in self.ANAPHORIC_DAYS:  # "19h cùng ngày": that time of the last day told
            return Timex(m.start(), m.end(), "TIME", f"ANAPHOR:{self.ANAPHORIC_DAYS[rel]}:day:{suffix}",
                         granularity="anaphor")
        if rel:  # "16h30 chiều qua"
            t = r.date(m.start(), m.end(), r.shift("day", self.DAY_OFFSETS[rel]), "TIME", suffix)
        elif m["d"]:
            t = r.day(m.start(), m.end(), int(m["d"]), int(m["m"]), int(m["y"]) if m["y"] else None,
                      "TIME", suffix)
        else:  # a bare clock time is on the last day told ("Ngày 30/5, ... Lúc 20 giờ 10 phút, ...")
            return Timex(m.start(), m.end(), "TIME", f"ANAPHOR:0:day:{suffix}", granularity="anaphor")
        if t is not None:
            t.granularity = "time"
        return t

    def day(self, m, r: Resolver):
        if m["d3"] and (self.not_date_cue.search(m.string[:m.start()]) or FRACTION_OF.match(m.string, m.end())):
            return None  # "chiếm 1/3 dân số", "nhà số 12/3", "2/3 số người"
        if m["d3"] and self.game_score(m):
            return None  # "thắng 6/4, 6/3", "6/7 (5/7)"
        d = int(self.g(m, "d", "d2", "d3", "d4"))
        mo = int(self.g(m, "m", "m2", "m3", "m4"))
        y = self.g(m, "y", "y2", "y3", "y4")
        pod = self.g(m, "pod", "pod2")
        suffix = "T" + self.pods[pod.lower()] if pod else ""
        t = r.day(m.start(), m.end(), d, mo, int(y) if y else None, "TIME" if pod else "DATE", suffix)
        return t

    def game_score(self, m: re.Match) -> bool:
        """A bare pair of small numbers is a set score in a list of such pairs or after a score
        word in its sentence (tennis games go to 7; a date there needs its ``ngày``)."""
        if int(m["d3"]) > 7 or int(m["m3"]) > 7 or m["y3"]:
            return False
        text = m.string
        chain = SMALL_PAIRS_BEFORE.search(text, 0, m.start())
        if DAY_WORD_BEFORE.search(text, 0, chain.start() if chain else m.start()):
            return False  # "các ngày 2/5, 3/5 và 4/5"
        if chain or SMALL_PAIR_AFTER.match(text, m.end()):
            return True
        sentence = text[max(text.rfind(c, 0, m.start()) for c in ".;!?") + 1:m.start()]
        return bool(self.score_cue.search(sentence))

    # a relative day after a time or a part of the day: its offset from the publication day, or
    # from the last date told ("cùng ngày", "hôm sau": resolved in tag(), as anaphors)
    DAY_OFFSETS = {"nay": 0, "hôm nay": 0, "qua": -1, "hôm qua": -1, "mai": 1, "ngày mai": 1, "hôm kia": -2}
    ANAPHORIC_DAYS = {"cùng ngày": 0, "hôm sau": 1, "hôm trước": -1}

    def pod_relative(self, m, r: Resolver):
        rel = m["rel"].lower()
        suffix = "T" + self.pods[m["pod"].lower()]
        if rel in self.ANAPHORIC_DAYS:
            return Timex(m.start(), m.end(), "TIME", f"ANAPHOR:{self.ANAPHORIC_DAYS[rel]}:day:{suffix}",
                         granularity="anaphor")
        return r.date(m.start(), m.end(), r.shift("day", self.DAY_OFFSETS[rel]), "TIME", suffix)

    def ago(self, m, r: Resolver):
        """``3 năm trước``, ``cách đây 3 năm`` = the year three before the publication; ``2 năm nữa``
        the year two after; months, weeks and days likewise (a point in time, not a duration)."""
        n = NUMBER_WORDS.get(m["n"].lower()) or (int(m["n"]) if m["n"].isdigit() else None)
        if n is None:
            return None
        sign = 1 if (m.match["dir"] or "").lower() == "nữa" else -1
        unit = {"ngày": "day", "hôm": "day", "tuần": "week", "tháng": "month", "năm": "year"}[m["u"].lower()]
        return r.shifted(m.start(), m.end(), unit, sign * n)

    def month(self, m, r: Resolver):
        y = m["y"] or m["y2"]
        if m["rel"]:
            base = r.shift("year", self.relative_words[m["rel"].lower()][1])
            return r.month(m.start(), m.end(), int(m["m"]), base.year) if base else \
                Timex(m.start(), m.end(), "DATE", f"XXXX-{int(m['m']):02d}", granularity="month", anchor="none")
        t = r.month(m.start(), m.end(), int(m["m"]), int(y) if y else None)
        return t

    def half(self, m, r: Resolver):
        half = 1 if m["h"].lower() == "đầu" else 2
        if m["rel"]:  # "nửa cuối năm ngoái"
            base = r.shift("year", self.relative_words["năm " + m["rel"].lower()][1])
            if base is None:
                return Timex(m.start(), m.end(), "DATE", f"XXXX-H{half}", granularity="half", anchor="none")
            t = r.half(m.start(), m.end(), half, base.year)
            t.anchor = r.anchor
            return t
        return r.half(m.start(), m.end(), half, int(m["y"]) if m["y"] else None)

    def quarter(self, m, r: Resolver):
        q = ROMAN_QUARTERS.get(m["q"]) or int(m["q"])
        y = m["y"] or m["y2"]
        t = r.quarter(m.start(), m.end(), q, int(y) if y else r.guess_year(3 * q - 1, None))
        if not y and r.dct is not None:
            t.anchor = r.anchor
        return t

    def year(self, m, r: Resolver):
        return r.year(m.start(), m.end(), int(m["y"]))

    def decade(self, m, r: Resolver):
        dec = m["dec"]
        if len(dec) == 2:
            dec = "19" + dec
        y = int(dec)
        return Timex(m.start(), m.end(), "DATE", f"{dec[:3]}X", f"{y}-01-01", f"{y + 9}-12-31", "decade")

    def century(self, m, r: Resolver):
        c = m["c"]
        n = {"XXI": 21, "XX": 20, "XIX": 19, "XVIII": 18}.get(c) or int(c)
        return Timex(m.start(), m.end(), "DATE", f"{n - 1:02d}", f"{(n - 1) * 100}-01-01",
                     f"{(n - 1) * 100 + 99}-12-31", "century")

    def weekday(self, m, r: Resolver):
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

    def relative(self, m, r: Resolver):
        # "cuối tuần qua" is an entry of its own (the weekend), not "cuối" + "tuần qua"
        whole = re.sub(r"\s+", " ", m.group().lower())
        words = self.relative_words
        unit, offset = words[whole] if whole in words else words[m["rel"].lower()]
        if unit == "ref":  # TIMEX3 PRESENT_REF / FUTURE_REF / PAST_REF
            return Timex(m.start(), m.end(), "DATE", ("PRESENT_REF", "FUTURE_REF", "PAST_REF")[offset],
                         granularity="none", anchor="none")
        return r.shifted(m.start(), m.end(), unit, offset, weekend=unit == "weekend")

    def same_period(self, m, r: Resolver):
        """``cùng kỳ năm ngoái``, ``cùng kỳ 2012``: the period just told, in another year; resolved
        in tag() against the last quarter, half or run of months (the year before, by default)."""
        return Timex(m.start(), m.end(), "DATE", f"PERIOD:{m['y'] or ''}", granularity="anaphor")

    def anaphor(self, m, r: Resolver):
        offset, keep = self.anaphors[m["ana"].lower()]
        # resolved in tag() against the last date mentioned before it
        return Timex(m.start(), m.end(), "DATE", f"ANAPHOR:{offset}:day:{keep}", granularity="anaphor")

    def counted_anaphor(self, m, r: Resolver):
        """``trước đó ba tháng``, ``hai ngày sau đó``: counted from the last date mentioned."""
        n = NUMBER_WORDS.get(m["n"].lower()) or (int(m["n"]) if m["n"].isdigit() else None)
        if n is None:
            return None
        sign = -1 if (m["dir"] or m["dir2"]).lower() == "trước" else 1
        unit = {"ngày": "day", "hôm": "day", "tuần": "week", "tháng": "month", "năm": "year"}[m["u"].lower()]
        return Timex(m.start(), m.end(), "DATE", f"ANAPHOR:{sign * n}:{unit}:day", granularity="anaphor")

    def since(self, m, r: Resolver):
        """``từ tháng 10/2013 tới nay``: from a month or year to the publication date; ``từ đầu năm
        đến nay``: from the first day of the publication's year (or month)."""
        if r.dct is None:
            return None
        if m["unit"]:
            start = r.dct.replace(month=1, day=1) if m["unit"].lower() == "năm" else r.dct.replace(day=1)
            first = start.isoformat()
        else:
            y, mo = int(m["y"]), int(m["m"]) if m["m"] else None
            start = dt.date(y, mo or 1, 1)
            first = f"{y}-{mo:02d}" if mo else str(y)
        if start > r.dct:
            return None
        return Timex(m.start(), m.end(), "DATE", f"{first}/{r.dct.isoformat()}", start.isoformat(),
                     r.dct.isoformat(), "day", r.anchor)

    def first_months(self, m, r: Resolver):
        """``tháng đầu năm 2016`` = 2016-01; ``ba tháng đầu năm 2016``, ``3 tháng 2016`` =
        2016-01/2016-03."""
        n = NUMBER_WORDS.get((m["n"] or "một").lower()) or int(m["n"])
        if not 1 <= n <= 12:
            return None
        year = int(m["y"]) if m["y"] else (r.dct.year if r.dct else None)
        if year is None:
            return None
        first_month = 13 - n if (m.groupdict().get("h") or "đầu").lower() == "cuối" else 1
        last_month = first_month + n - 1
        anchor = "text" if m["y"] else r.anchor
        if n == 1:
            t = r.month(m.start(), m.end(), first_month, year)
            t.anchor = anchor
            return t
        return Timex(m.start(), m.end(), "DATE", f"{year}-{first_month:02d}/{year}-{last_month:02d}",
                     dt.date(year, first_month, 1).isoformat(), month_end(year, last_month).isoformat(),
                     "month", anchor)

    def vague_duration(self, m, r: Resolver):
        """``vài ngày qua`` is a stretch (PXD); ``nhiều năm trước``, ``cách đây vài ngày`` a time
        ago (PAST_REF), ``các năm sau`` one to come (FUTURE_REF): TIMEX3 makes an undetermined
        point of those, not a duration."""
        direction = m.group().split()[-1].lower()
        if direction == "trước" or AGO_BEFORE.search(m.string, 0, m.start()):
            return Timex(m.start(), m.end(), "DATE", "PAST_REF", granularity="none", anchor="none")
        if direction == "sau":
            return Timex(m.start(), m.end(), "DATE", "FUTURE_REF", granularity="none", anchor="none")
        designator, is_time = self.units[(m["unit"] or m["unit2"]).lower()]
        return Timex(m.start(), m.end(), "DURATION", f"P{'T' if is_time else ''}X{designator}",
                     granularity="duration")

    def months(self, m, r: Resolver):
        y1, m1, y2, m2 = int(m["y1"]), int(m["m1"]), int(m["y2"]), int(m["m2"])
        if (y2, m2) <= (y1, m1):
            return None
        return Timex(m.start(), m.end(), "DATE", f"{y1}-{m1:02d}/{y2}-{m2:02d}", dt.date(y1, m1, 1).isoformat(),
                     month_end(y2, m2).isoformat(), "month")

    def lunar(self, m, r: Resolver):
        """A lunar-calendar day, converted with the lunardate library (1900-2099)."""
        day = int(m["d"] or m["d2"] or 15)  # "rằm" is the 15th
        month_text = (m["m"] or m["m2"] or m["m3"]).lower()
        month = int(month_text) if month_text.isdigit() else self.lunar_months[month_text]
        year = m["y"] or m["y2"]
        return self.from_lunar(m, r, int(year) if year else None, month, day)

    def tet(self, m, r: Resolver):
        year = m["y"] or m["y2"]
        return self.from_lunar(m, r, int(year) if year else None, 1, 1)

    @staticmethod
    def from_lunar(m, r: Resolver, year: int | None, month: int, day: int) -> Timex | None:
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

    def set(self, m, r: Resolver):
        return Timex(m.start(), m.end(), "SET", self.sets[m["set"].lower()], granularity="set", anchor="text")

    def duration(self, m, r: Resolver):
        n = m["n"]
        if f"{n} {m['unit']}".lower() in self.not_durations:
            return None
        value = NUMBER_WORDS.get(n.lower())
        if value is None:
            value = n.replace(",", ".")
        designator, is_time = self.units[m["unit"].lower()]
        start = m.start("q") if m["q"] else m.start("n")
        return Timex(start, m.end(), "DURATION", f"P{'T' if is_time else ''}{value}{designator}",
                     granularity="duration")
