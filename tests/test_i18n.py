"""UI strings come from gettext catalogues: every string the code marks is in the Swedish
catalogue, translated, and the catalogue holds nothing the code no longer uses."""
from __future__ import annotations

import subprocess
import sys

from babel.messages.pofile import read_po

from s3kurs import i18n

from conftest import ROOT


def catalogue_ids(path) -> dict[str, str]:
    with open(path, "rb") as handle:
        return {m.id: m.string for m in read_po(handle) if m.id}


def test_the_catalogue_matches_the_code(tmp_path):
    template = tmp_path / "s3kurs.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", str(ROOT / "babel.cfg"),
                    "-k", "N_", "-o", str(template), "--no-location", "--omit-header", "."],
                   cwd=ROOT, check=True, capture_output=True)
    used = set(catalogue_ids(template))
    translated = catalogue_ids(i18n.CATALOGUE)
    assert sorted(used - set(translated)) == [], "msgids missing from s3kurs.po: add them with their Swedish text"
    assert sorted(set(translated) - used) == [], "stale msgids in s3kurs.po: remove them"
    assert [m for m, text in translated.items() if not text] == [], "untranslated msgids in s3kurs.po"


def test_every_browser_string_is_translated():
    strings = i18n.browser_strings()
    assert strings["check"] == "Rätta" and strings["tryAgain"] == "Försök igen"
    assert strings["reveal"] == "Visa rätt svar" and strings["score"] == "Poäng: {score} av {total}"
    for name, msgid in i18n.BROWSER_STRINGS.items():
        assert strings[name] != msgid, f"{name} is not translated"


def test_theme_catalogue_covers_the_theme_strings():
    ids = catalogue_ids(ROOT / "locale" / "sv" / "LC_MESSAGES" / "sphinx.po")
    assert {"Skip to main content", "Back to top", "Color mode", "Light", "Dark", "System Settings"} <= set(ids)
