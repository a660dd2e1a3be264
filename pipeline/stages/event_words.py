"""Word sets the events stage reads (clause ends, negation, modality, prepositions). They are
grammar of Vietnamese news sentences, not lexicons of events: those are TSV files in
models/cameo/."""

import re

OBJECT_PREPS = {"về", "với", "của", "cho", "từ", "tại", "ở", "giữa", "vào", "trên", "tới", "đến", "đối với", "sang", "thuộc"}
# after a reporting verb these name the speaker again (bà Thái Anh Văn cho biết bà sẽ ...)
SPEAKER_PRONOUNS = {"ông", "bà", "họ", "mình", "tôi", "chúng tôi", "chúng ta"}
CONCESSIVE = {"bất chấp", "mặc dù", "dù", "tuy", "dẫu"}  # open an adverbial, not a subject
PLACE_PREPS = {"tại", "ở", "về phía", "phía", "trên", "từ", "khu vực"}
CLAUSE_END = {",", ";", ":", "khi", "trong lúc", "trong khi", "nhưng", "và"}
CLAUSE_BREAK = CLAUSE_END - {"và"}  # "và" joins verbs of one clause (ngừng ... và xuống thang)
NEW_SUBJECT = CLAUSE_END - {",", "và"}  # after these a joined verb has a subject of its own
TIME_PREPS = {"sau", "trước", "trong", "từ", "kể từ", "sau khi", "trước khi"}
CAUSATIVE = {"khiến", "khiến cho", "làm cho"}  # "khiến X lo ngại": X is made to feel, does nothing
LIGHT_VERBS = {"tiến hành", "triển khai", "thực hiện"}  # verbs whose object names the event
BOTH_SIDES = re.compile(r"^(?:.* )?(?:cả )?hai (?:bên|nước|phía|quốc gia|hãng)$")  # "hai bên", "hải quân hai nước"
LIST_OPENERS = {"gồm", "bao gồm", "như", "chẳng hạn như"}  # items after them are fields or kinds
MEANS = {"thông qua", "qua", "bằng", "bằng cách"}  # "... thông qua các cuộc tập trận": the means, done too
NEGATION = {"không", "chưa", "chẳng", "không hề", "chưa hề"}
MODALITY = {"sẽ": "future", "dự kiến": "planned", "có thể": "possible", "muốn": "wish",
             "định": "intent", "dự định": "planned", "sắp": "future", "kêu gọi": "appeal",
             "cam kết": "intent", "sẵn sàng": "intent"}
STATEMENT = ("010", "Make statement, not specified below")  # CAMEO 1.1b3
INTENT = ("030", "Express intent to cooperate, not specified below")
FUTURE = "<sẽ>"  # label of a future action found by _future_actions, not a lexicon entry
CLAUSE_MODALITY = {"future", "planned", "intent", "wish"}  # these scope over the verbs of their clause
# words that join a verb to the one before it, with the same doer (dự kiến cung cấp ..., đồng thời hỗ trợ)
SHARED_SUBJECT = {"đồng thời", "bằng cách", "và", "cũng như", "rồi", "cùng"}
ADVERBS = {"cũng", "đã", "sẽ", "đang", "còn", "vẫn", "lại", "tiếp tục", "nhanh chóng"}
