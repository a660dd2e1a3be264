"""Names shared by stages, tables and tests: span keys, extensions, table names."""

# Span groups on the Doc (doc.spans[...]); entities are doc.ents, their values keyed by SPANS_ENTITIES.
SPANS_ENTITIES = "ents"
SPANS_DATES = "dates"
SPANS_QUANTITIES = "quantities"
SPANS_EVENTS = "events"

# Token extensions set by the tokenizer.
TOKEN_CHUNK = "chunk"
TOKEN_CRF_NER = "crf_ner"

# Doc extension holding article metadata (article_id, published, ...).
DOC_META = "meta"
# doc.user_data key of the text the tokenizer read (Doc.text rebuilds it from every token on each access).
USER_DATA_TEXT = "vnews.text"
# doc.user_data keys of every token's text and lower case, as lists (a Token object per access
# costs more than the loops that read them; the Doc's tokens never change after the tokenizer).
USER_DATA_WORDS = "vnews.words"
USER_DATA_LOWER = "vnews.lower"
USER_DATA_POS = "vnews.pos"
# doc.user_data key of per-span values, see spanvalues.py.
USER_DATA_VALUES = "vnews.values"
# doc.user_data key of the triggers the events stage dropped, with the reason (vnews show --why).
USER_DATA_DROPPED = "vnews.events.dropped"

ENTITY_LABELS = ("PER", "LOC", "ORG", "MISC")
DATE_TYPES = ("DATE", "TIME", "DURATION", "SET")
QUALIFIERS = ("=", ">", ">=", "<", "<=", "~")

# Component names, in pipeline order.
STAGES = ("vnews_entities", "vnews_dates", "vnews_quantities", "vnews_events")
