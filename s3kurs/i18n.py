"""UI strings, from the gettext catalogues in `s3kurs/locale/sv/LC_MESSAGES/` (Swedish).

Every user-facing string in the code is an English msgid wrapped in `_()` (or `N_()` where it
is only marked, as in `BROWSER_STRINGS`; `ngettext()` where the Swedish depends on a number);
`babel.cfg` says where `pybabel extract` finds them, and `tests/test_i18n.py` holds the
catalogue and the code together. Catalogues are read from the `.po` files themselves (compiled
in memory), so there is no compiled file to keep in step. Two domains:

- `s3kurs.po`: the package's own strings;
- `argparse.po`: the standard library's argparse messages ("usage: ", "options", "invalid
  choice: …", "the following arguments are required: …"), used by `argparse_messages()` while
  the command line runs, so that `s3kurs --help` and its errors are Swedish too.

`S3KURS_CATALOGUE` names another `s3kurs.po` file; the other domains are then read from the
same folder (the pseudo-locale test, tests/test_pseudo_locale.py, points it at marked copies).
"""
from __future__ import annotations

import gettext
import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "s3kurs"
ARGPARSE_DOMAIN = "argparse"
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


def catalogue(domain: str = DOMAIN) -> Path:
    """The `.po` file of *domain* (see the module's docstring for `S3KURS_CATALOGUE`)."""
    override = os.environ.get("S3KURS_CATALOGUE")
    if override:
        return Path(override) if domain == DOMAIN else Path(override).with_name(f"{domain}.po")
    return LOCALE_DIR / LANGUAGE / "LC_MESSAGES" / f"{domain}.po"


def translation(domain: str = DOMAIN) -> gettext.NullTranslations:
    """*domain*'s translation. Without a catalogue for argparse (S3KURS_CATALOGUE naming a folder
    that has none), argparse keeps its own English."""
    return _translation(domain, os.environ.get("S3KURS_CATALOGUE"))


@cache
def _translation(domain: str, override: str | None) -> gettext.NullTranslations:
    """Compiled once per domain and S3KURS_CATALOGUE (*override*, the cache key)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    path = catalogue(domain)
    if domain == ARGPARSE_DOMAIN and not path.is_file():
        return gettext.NullTranslations()
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=LANGUAGE)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def _(message: str) -> str:
    return translation().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The Swedish form of a message for the number *n* (format the number in yourself)."""
    return translation().ngettext(singular, plural, n)


def os_error(exc: OSError) -> str:
    """Why a file could not be read, in Swedish for the common cases (the operating system's own
    text, in its language, otherwise)."""
    import errno

    reasons = {errno.ENOENT: N_("the file does not exist"), errno.EACCES: N_("you may not read it"),
               errno.EPERM: N_("you may not read it"), errno.EISDIR: N_("it is a folder, not a file")}
    reason = reasons.get(exc.errno)
    return _(reason) if reason else (exc.strerror or str(exc))


def browser_strings() -> dict[str, str]:
    return {name: _(msgid) for name, msgid in BROWSER_STRINGS.items()}


@contextmanager
def argparse_messages() -> Iterator[None]:
    """argparse's own messages from the `argparse` domain while the block runs.

    argparse looks every message up, when it builds a parser and when it reports an error, through
    the names `_` and `ngettext` it takes from the stdlib `gettext` module (the process-wide
    domain, which would need compiled `.mo` files and the user's locale). Within the block those
    two names are this domain's translation, so argparse works as always and speaks Swedish;
    afterwards they are restored, and other users of argparse in the process are not affected."""
    import argparse

    domain = translation(ARGPARSE_DOMAIN)
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = domain.gettext, domain.ngettext
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved
