"""UI strings come from gettext catalogues: every string the code marks is in the Swedish
catalogue, translated, and the catalogue holds nothing the code no longer uses; argparse's own
messages come from a second small catalogue (domain `argparse`) that covers every one of them."""
from __future__ import annotations

import argparse
import subprocess
import sys

from babel.messages.pofile import read_po

from s3kurs import cli, i18n

from conftest import ROOT


def catalogue_ids(path) -> dict:
    """msgid -> msgstr; a plural entry as (singular, plural) -> (form 1, form 2)."""
    with open(path, "rb") as handle:
        return {m.id: m.string for m in read_po(handle) if m.id}


def translated(text) -> bool:
    return all(text) if isinstance(text, tuple) else bool(text)


def extract(tmp_path, *sources: str, keywords=("N_",), mapping: bool = True) -> set:
    template = tmp_path / "messages.pot"
    command = [sys.executable, "-m", "babel.messages.frontend", "extract", "-o", str(template), "--no-location",
               "--omit-header", *(f"-k{k}" for k in keywords)]
    command += ["-F", str(ROOT / "babel.cfg")] if mapping else []
    subprocess.run([*command, *sources], cwd=ROOT, check=True, capture_output=True)
    return set(catalogue_ids(template))


def test_the_catalogue_matches_the_code(tmp_path):
    used = extract(tmp_path, ".")
    catalogue = catalogue_ids(i18n.CATALOGUE)
    assert sorted(used - set(catalogue), key=str) == [], "msgids missing from s3kurs.po: add them with their Swedish text"
    assert sorted(set(catalogue) - used, key=str) == [], "stale msgids in s3kurs.po: remove them"
    assert [m for m, text in catalogue.items() if not translated(text)] == [], "untranslated msgids in s3kurs.po"


def test_argparse_catalogue_covers_every_argparse_message(tmp_path):
    """Every message this Python's argparse marks for gettext is in argparse.po and translated (a
    new Python may add messages: translate them there)."""
    used = extract(tmp_path, argparse.__file__, keywords=("_", "ngettext:1,2"), mapping=False)
    catalogue = catalogue_ids(i18n.catalogue(i18n.ARGPARSE_DOMAIN))
    assert sorted(used - set(catalogue), key=str) == [], "argparse messages missing from argparse.po"
    assert [m for m, text in catalogue.items() if not translated(text)] == [], "untranslated msgids in argparse.po"


def test_every_browser_string_is_translated():
    strings = i18n.browser_strings()
    assert strings["check"] == "Rätta" and strings["tryAgain"] == "Försök igen"
    assert strings["reveal"] == "Visa rätt svar" and strings["score"] == "Poäng: {score} av {total}"
    for name, msgid in i18n.BROWSER_STRINGS.items():
        assert strings[name] != msgid, f"{name} is not translated"


def test_theme_catalogue_covers_the_theme_strings():
    ids = catalogue_ids(ROOT / "locale" / "sv" / "LC_MESSAGES" / "sphinx.po")
    assert {"Skip to main content", "Back to top", "Color mode", "Light", "Dark", "System Settings"} <= set(ids)


def test_the_command_line_and_argparse_speak_swedish(capsys):
    try:
        cli.main(["--help"])
    except SystemExit as exc:
        assert exc.code == 0
    shown = capsys.readouterr().out
    assert shown.startswith("användning: s3kurs [-h] KOMMANDO ...")
    assert "flaggor:" in shown and "visa den här hjälptexten och avsluta" in shown
    assert "kontrollera filerna med frågor" in shown and "kommandon:" in shown
    try:
        cli.main(["validera"])
    except SystemExit as exc:
        assert exc.code == 2
    error = capsys.readouterr().err
    assert "s3kurs: fel: argumentet KOMMANDO: ogiltigt val: 'validera' (välj bland 'validate'," in error
    # plural forms: one question, two questions
    assert i18n.ngettext("{count} file", "{count} files", 1).format(count=1) == "1 fil"
    assert i18n.ngettext("{count} file", "{count} files", 2).format(count=2) == "2 filer"


def test_argparse_is_itself_again_outside_the_command_line(capsys):
    """argparse's messages are Swedish only while `s3kurs` parses its arguments."""
    try:
        cli.main(["--help"])
    except SystemExit:
        pass
    capsys.readouterr()
    parser = argparse.ArgumentParser(prog="other")
    assert "usage: other" in parser.format_usage() and "show this help message" in parser.format_help()
