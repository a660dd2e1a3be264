"""Text normalization applied before a Doc is made.

A spaCy Doc's text is immutable and every offset in the tables slices it, so all
changes to the characters happen here, once: invisible characters removed, Unicode
NFC (news text mixes precomposed letters with combining tone marks), Vietnamese
tone marks moved to the new-style position (``hoà`` -> ``hòa``, ``thuỷ`` -> ``thủy``),
and whitespace made regular (paragraphs separated by one blank line).
"""

from __future__ import annotations

import re
import unicodedata

# Zero-width and formatting characters that news CMSs leave in text.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# Tone marks as combining characters (NFD), in the order Unicode names them.
_TONES = "\u0300\u0301\u0303\u0309\u0323"
# Old style puts the tone on the second vowel of the open diphthongs oa, oe, uy
# (hoà, khoẻ, thuỷ), not after q; the new style (and underthesea's models) puts it on the
# first. The pattern starts with a character set (the q test comes after it), which lets
# the regex engine skip to the o's and u's instead of trying every position.
_OLD_STYLE = re.compile(
    r"([oOuU])(?<![qQ][oOuU])((?<=[oO])[aAeE]|(?<=[uU])[yY])([" + _TONES + r"])(?![^\W\d_])"
)


def _move_tone(match: re.Match) -> str:
    first, second, tone = match.groups()
    return first + tone + second


def normalize_tone_marks(text: str) -> str:
    """Move tone marks of ``oa``/``oe``/``uy`` at a syllable end to the first vowel.

    Works on the decomposed form so it sees the tone as a separate character, and
    only at a syllable end: ``hoàng``, ``quý``, ``khuya`` keep their spelling.
    """
    decomposed = unicodedata.normalize("NFD", text)
    # NFD also splits circumflex/breve/horn; those never sit on o/u before a/e/y
    # in the patterns above, so the patterns only meet bare vowels plus a tone.
    fixed = _OLD_STYLE.sub(_move_tone, decomposed)
    return unicodedata.normalize("NFC", fixed)


def normalize_whitespace(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()


def normalize_text(text: str) -> str:
    """The one normalization every article goes through before ``nlp()``."""
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub(" ", text)
    text = unicodedata.normalize("NFC", text)
    text = normalize_tone_marks(text)
    return normalize_whitespace(text)
