"""UI strings, from the gettext catalogue in `s3kurs/locale` (Swedish)."""
from __future__ import annotations

import gettext
from functools import lru_cache
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "s3kurs"
LANGUAGE = "sv"

# Strings the browser needs, by the name the script uses.
BROWSER_STRINGS = {
    "check": "Check",
    "tryAgain": "Try again",
    "reveal": "Show correct answer",
    "correct": "Correct",
    "incorrect": "Incorrect",
    "rightAnswer": "Correct answer!",
    "wrongAnswer": "Not quite right.",
    "revealed": "The correct answer is shown.",
    "incomplete": "Answer the question before you check.",
    "score": "Score: {score} of {total}",
    "position": "Position {n}",
    "explanation": "Explanation",
    "source": "Source",
}


@lru_cache(maxsize=None)
def _translation() -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[LANGUAGE], fallback=False)


def _(message: str) -> str:
    return _translation().gettext(message)


def browser_strings() -> dict[str, str]:
    return {name: _(msgid) for name, msgid in BROWSER_STRINGS.items()}
