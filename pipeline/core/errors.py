"""Every message vnews shows a user, each with a code (as spaCy's ``errors.py``).

Input errors end up in ``articles.csv`` (``status=error``) and on stderr, one line each.
"""

# Input
E001 = "[E001] cannot read file: {reason}"
E002 = "[E002] empty article: no text"
E003 = "[E003] not valid UTF-8 (byte 0x{byte:02x} at offset {offset}); re-save the file as UTF-8"
E004 = "[E004] file too large: {size} bytes (limit {limit}; raise it with --max-bytes)"
E005 = "[E005] binary data (NUL bytes), not a text article"
E006 = "[E006] looks like an HTML page, not article text; extract the body text first"
E007 = "[E007] front matter opened with '---' but never closed"
E008 = "[E008] front matter line is not 'key: value': {line!r}"
E009 = "[E009] invalid JSON: {reason}"
E010 = "[E010] JSON input must be an object with a 'text' key"
E011 = "[E011] JSON object has no string 'text'"
E012 = "[E012] 'published' is not a date (use YYYY-MM-DD or DD/MM/YYYY): {value!r}"
# Processing
E020 = "[E020] processing failed: {kind}: {reason}"
# Data files
E030 = "[E030] data file missing: {path}"
E031 = "[E031] data file {path}, line {line}: {reason}"
# Evaluation
E040 = "[E040] no gold tables found under {path}"
E041 = "[E041] no prediction tables found under {path}; run `vnews run` first"

# Warnings
W001 = "[W001] {path}: {n} words could not be aligned to the text exactly; used a character alignment"
W002 = "[W002] gold for {n} article(s) skipped: their text was not run ({ids})"
