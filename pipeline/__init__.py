"""vnews: Vietnamese news extraction pipeline (spaCy + underthesea).

In a notebook: ``from pipeline import load; t = load("out")`` (see pipeline/loader.py).
"""

__version__ = "0.1.0"


def load(out="out"):
    """Typed, validated tables of a ``vnews run`` output folder (pipeline.loader.load)."""
    from pipeline.io.loader import load as _load

    return _load(out)
