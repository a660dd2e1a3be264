"""underthesea's Viet74K word list (shipped in its wheel), lower-cased, new-style tone marks.

Used to tell lexicalised compounds (``cột điện``, ``xe tăng``) from words that merely
sit side by side, by the tokenizer and the quantities stage alike.
"""

from __future__ import annotations

import functools
import re

from pipeline.text.normalize import normalize_tone_marks

# old-style placements (hoà, thuỷ) to fix; most words have none and are taken as they are
_MAYBE_OLD_STYLE = re.compile("[oO][àáảãạèéẻẽẹ]|[uU][ỳýỷỹỵ]")


@functools.lru_cache(maxsize=1)
def viet74k() -> frozenset[str]:
    # the set underthesea's own CRF features load at import: reused, not read a second time
    from underthesea.pipeline.ner.tagged_feature import lower_words

    return frozenset(normalize_tone_marks(w) if _MAYBE_OLD_STYLE.search(w) else w for w in lower_words)
