"""``vnews_entities``: persons, locations, organisations with a canonical name.

Candidates come from four sources, merged by a fixed precedence (highest first):

1. organisation patterns: a capitalised head noun (``Bộ``, ``Ủy ban``, ``Công ty``...)
   followed by capitalised name parts that are not only a place
   (``Bộ Quốc phòng Azerbaijan``; the outermost name counts);
2. gazetteer names (models/gazetteers): a known name beats the CRF's label;
3. titles: a capitalised run after ``Thủ tướng``, ``ông``, ``tỉnh``... takes the title's type;
4. underthesea's CRF NER tags, with common nouns trimmed from the edges
   (``lực lượng Azerbaijan`` -> ``Azerbaijan``).

A lower-precedence span that overlaps accepted ones keeps only its uncovered
capitalised remainder: CRF ``Nga Sergei Lavrov`` next to gazetteer ``Nga`` leaves PER
``Sergei Lavrov``.
"""


from pipeline.stages.entities.component import EntityRecognizer, make_entities

__all__ = ["EntityRecognizer", "make_entities"]
