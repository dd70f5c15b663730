"""UI strings, from the gettext catalogue in `s3kurs/locale` (Swedish)."""
from __future__ import annotations

import gettext
from functools import cache
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
    "questionOf": "Question {n} of {total}",
    "finalResult": "Result: {score} of {total} right ({percent} %).",
    "passed": "You passed the final test.",
    "notPassed": "You have not passed yet. Read the lessons below again and take a new test.",
    "moduleScore": "{title}: {score} of {total}",
    "revisit": "read the lesson again",
    "bestFinal": "Your best final test: {score} of {total} right ({percent} %) on {date}.",
    "resetConfirm": "Do you want to remove all your answers from this browser?",
    "resetDone": "Your progress has been removed.",
    "certificateScore": "Final test: {score} of {total} right ({percent} %)",
    "certificateModules": "Modules completed: {modules}",
    "certificateDate": "Date: {date}",
    "none": "none",
    "completed": "completed",
}


@cache
def _translation() -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[LANGUAGE], fallback=False)


def _(message: str) -> str:
    return _translation().gettext(message)


def browser_strings() -> dict[str, str]:
    return {name: _(msgid) for name, msgid in BROWSER_STRINGS.items()}
