"""Which language a lead wrote in, so a Spanish-speaking lead's call goes to an agent who
speaks Spanish first. langdetect (Google's language-detection profiles), seeded so the same
text always gets the same answer; short or unclear text gets no language rather than a guess."""

from __future__ import annotations

from langdetect import DetectorFactory, LangDetectException, detect_langs

DetectorFactory.seed = 0
MIN_WORDS = 3
MIN_PROBABILITY = 0.8


def language_of(text: str) -> str:
    """ISO 639-1 code of the text's language ("es"), or "" when it is not clear."""
    if len(text.split()) < MIN_WORDS:
        return ""
    try:
        best = detect_langs(text)[0]
    except LangDetectException:
        return ""
    return str(best.lang) if best.prob >= MIN_PROBABILITY else ""
