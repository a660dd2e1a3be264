"""vnews: Vietnamese news extraction pipeline (spaCy + underthesea)."""

__version__ = "0.1.0"
