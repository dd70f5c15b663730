"""UI strings come from gettext catalogues, and the compiled catalogue matches its source."""
from __future__ import annotations

import gettext

from babel.messages.pofile import read_po

from s3kurs import i18n

from conftest import ROOT


def test_compiled_catalogue_matches_the_po_file():
    po = ROOT / "s3kurs" / "locale" / "sv" / "LC_MESSAGES" / "s3kurs.po"
    with po.open("rb") as handle:
        catalog = read_po(handle)
    compiled = gettext.translation(i18n.DOMAIN, i18n.LOCALE_DIR, languages=["sv"])
    for message in catalog:
        if message.id:
            assert message.string, f"no Swedish translation for {message.id!r}"
            assert compiled.gettext(message.id) == message.string, (
                f"s3kurs.mo is out of date for {message.id!r}: run "
                "'.venv/bin/pybabel compile -d s3kurs/locale -D s3kurs'")


def test_every_browser_string_is_translated():
    strings = i18n.browser_strings()
    assert strings["check"] == "Rätta" and strings["tryAgain"] == "Försök igen"
    assert strings["reveal"] == "Visa rätt svar" and strings["score"] == "Poäng: {score} av {total}"
    for name, msgid in i18n.BROWSER_STRINGS.items():
        assert strings[name] != msgid, f"{name} is not translated"


def test_theme_catalogue_covers_the_theme_strings():
    with (ROOT / "locale" / "sv" / "LC_MESSAGES" / "sphinx.po").open("rb") as handle:
        ids = {m.id for m in read_po(handle) if m.id}
    assert {"Skip to main content", "Back to top", "Color mode", "Light", "Dark", "System Settings"} <= ids
