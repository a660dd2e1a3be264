"""underthesea's Viet74K word list (shipped in its wheel), lower-cased, new-style tone marks.

Used to tell lexicalised compounds (``cột điện``, ``xe tăng``) from words that merely
sit side by side, by the tokenizer and the quantities stage alike.
"""

from __future__ import annotations

import functools

from .normalize import normalize_tone_marks


@functools.lru_cache(maxsize=1)
def viet74k() -> frozenset[str]:
    from underthesea.corpus import viet_dict_74K

    return frozenset(normalize_tone_marks(w.lower()) for w in viet_dict_74K.words)
