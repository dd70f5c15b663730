"""UI strings, from the gettext catalogue `s3kurs/locale/sv/LC_MESSAGES/s3kurs.po` (Swedish).

Every user-facing string in the code is an English msgid wrapped in `_()` (or `N_()` where it
is only marked, as in `BROWSER_STRINGS`); `babel.cfg` says where `pybabel extract` finds them,
and `tests/test_i18n.py` holds the catalogue and the code together. The catalogue is read from
the `.po` file itself (compiled in memory), so there is no compiled file to keep in step.
`S3KURS_CATALOGUE` names another `.po` file (the pseudo-locale test uses it).
"""
from __future__ import annotations

import gettext
import io
import os
from functools import lru_cache
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "s3kurs"
LANGUAGE = "sv"
CATALOGUE = LOCALE_DIR / LANGUAGE / "LC_MESSAGES" / f"{DOMAIN}.po"


def N_(message: str) -> str:
    """Mark *message* for the catalogue without translating it yet."""
    return message


# Strings the browser needs, by the name the script uses.
BROWSER_STRINGS = {
    "check": N_("Check"),
    "tryAgain": N_("Try again"),
    "reveal": N_("Show correct answer"),
    "correct": N_("Correct"),
    "incorrect": N_("Incorrect"),
    "rightAnswer": N_("Correct answer!"),
    "wrongAnswer": N_("Not quite right."),
    "revealed": N_("The correct answer is shown."),
    "incomplete": N_("Answer the question before you check."),
    "score": N_("Score: {score} of {total}"),
    "position": N_("Position {n}"),
    "explanation": N_("Explanation"),
    "source": N_("Source"),
    "questionOf": N_("Question {n} of {total}"),
    "finalResult": N_("Result: {score} of {total} right ({percent} %)."),
    "passed": N_("You passed the final test."),
    "notPassed": N_("You have not passed yet. Read the lessons below again and take a new test."),
    "moduleScore": N_("{title}: {score} of {total}"),
    "revisit": N_("read the lesson again"),
    "bestFinal": N_("Your best final test: {score} of {total} right ({percent} %) on {date}."),
    "resetConfirm": N_("Do you want to remove all your answers from this browser?"),
    "resetDone": N_("Your progress has been removed."),
    "certificateScore": N_("Final test: {score} of {total} right ({percent} %)"),
    "certificateModules": N_("Modules completed: {modules}"),
    "certificateDate": N_("Date: {date}"),
    "none": N_("none"),
    "completed": N_("completed"),
    "answeredBefore": N_("You answered this question on {date}. Your first answer is what counts."),
}


@lru_cache(maxsize=None)
def _translation() -> gettext.NullTranslations:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    path = Path(os.environ.get("S3KURS_CATALOGUE") or CATALOGUE)
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=LANGUAGE)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def _(message: str) -> str:
    return _translation().gettext(message)


def browser_strings() -> dict[str, str]:
    return {name: _(msgid) for name, msgid in BROWSER_STRINGS.items()}
