"""The closed-class grammar of Vietnamese news sentences, defined once for every stage.

Function words only: clause openers and breaks, quotation marks, passive and plural markers,
negation and modality, prepositions, conjunctions. They are the grammar the stages read, not
lexicons: open-class word lists (triggers, units, titles, gazetteers) are TSV files under
``models/`` with their source.
"""

import re

# -- clauses -----------------------------------------------------------------------------
# Words and marks that end a clause: a verb after them has a doer of its own.
CLAUSE_END = {",", ";", ":", "khi", "trong lúc", "trong khi", "nhưng", "và"}
CLAUSE_BREAK = CLAUSE_END - {"và"}  # "và" joins verbs of one clause (ngừng ... và xuống thang)
NEW_SUBJECT = CLAUSE_END - {",", "và"}  # after these a joined verb has a subject of its own
# Tokens that open a clause: the subject of a reporting verb starts after them.
CLAUSE_OPENERS = {"khi", "trong lúc", "trong khi", "và", "nhưng", "còn", "song", "mà", "đồng thời",
                  "đáp lại", "trong đó", "sau khi"}
# Marks and words that start the clause a word stands in (seen walking back from it).
CLAUSE_START_MARKS = (",", ";", ":", "“", '"', "(")
CLAUSE_START_WORDS = ("khi", "nếu", "nhưng", "song")
CONCESSIVE = {"bất chấp", "mặc dù", "dù", "tuy", "dẫu"}  # open an adverbial, not a subject
# A time clause: "sau khi", "kể từ khi" (one token or two).
TIME_CLAUSE = ("sau khi", "trước khi", "kể từ khi", "từ khi")
BEFORE_KHI = ("sau", "trước", "từ", "kể từ")
TIME_PREPS = {"sau", "trước", "trong", "từ", "kể từ", "sau khi", "trước khi"}
LIST_OPENERS = {"gồm", "bao gồm", "như", "chẳng hạn như"}  # items after them are fields or kinds
MEANS = {"thông qua", "qua", "bằng", "bằng cách"}  # "... thông qua các cuộc tập trận": the means, done too
# Words that join a verb to the one before it, with the same doer (dự kiến cung cấp ..., đồng thời hỗ trợ).
SHARED_SUBJECT = {"đồng thời", "bằng cách", "và", "cũng như", "rồi", "cùng"}

# -- quotation marks and dashes --------------------------------------------------------------
QUOTE_MARKS = ('"', "“", "”", "«", "»")
CLOSING_QUOTES = ("”", "»")  # a straight quote closes only before a comma, a dash or a full stop
AFTER_CLOSING = (",", "-", "–", ".")
OPEN_QUOTES = {"“", '"', "«", "‘"}  # around a title (báo cáo “Nô lệ toàn cầu 2016”)
CLOSE_QUOTES = {"”", '"', "»", "’"}
DASHES = ("-", "–")

# -- verbs and their markers ---------------------------------------------------------------
PASSIVE = ("bị", "được")
NEGATION = {"không", "chưa", "chẳng", "không hề", "chưa hề"}
MODALITY = {"sẽ": "future", "dự kiến": "planned", "có thể": "possible", "muốn": "wish",
            "định": "intent", "dự định": "planned", "sắp": "future", "kêu gọi": "appeal",
            "cam kết": "intent", "sẵn sàng": "intent"}
CLAUSE_MODALITY = {"future", "planned", "intent", "wish"}  # these scope over the verbs of their clause
ADVERBS = {"cũng", "đã", "sẽ", "đang", "còn", "vẫn", "lại", "tiếp tục", "nhanh chóng"}
# Auxiliaries a verb search steps over (được, bị, có, là, tense markers).
AUXILIARIES = {"được", "bị", "có", "là", "đã", "sẽ", "đang", "vẫn"}
CAUSATIVE = {"khiến", "khiến cho", "làm cho"}  # "khiến X lo ngại": X is made to feel, does nothing
LIGHT_VERBS = {"tiến hành", "triển khai", "thực hiện"}  # verbs whose object names the event

# -- nouns and their markers ---------------------------------------------------------------
PLURAL = ("các", "những")
QUANTIFIERS = {"nhiều", "mấy", "vài", "các", "những", "mỗi", "hàng", "từng", "bao", "bao nhiêu"}
EVENT_NOUNS = {"vụ", "cuộc", "trận", "đợt"}  # with a verb they name events: "7 vụ nổ"
# after a reporting verb these name the speaker again (bà Thái Anh Văn cho biết bà sẽ ...)
SPEAKER_PRONOUNS = {"ông", "bà", "họ", "mình", "tôi", "chúng tôi", "chúng ta"}
FIRST_PERSON = ("tôi", "chúng tôi")
BOTH_SIDES = re.compile(r"^(?:.* )?(?:cả )?hai (?:bên|nước|phía|quốc gia|hãng)$")  # "hai bên", "hải quân hai nước"

# -- prepositions and conjunctions -----------------------------------------------------------
OBJECT_PREPS = {"về", "với", "của", "cho", "từ", "tại", "ở", "giữa", "vào", "trên", "tới", "đến", "đối với",
                "sang", "thuộc"}
PLACE_PREPS = {"tại", "ở", "về phía", "phía", "trên", "từ", "khu vực"}
# Between the items of a list of numbers (4 trực thăng, một xe tăng và ...; 3 hoặc 4 người).
LIST_JOINERS = {",", "và", "hoặc", "hay", "đến", "tới", "-", "–"}
