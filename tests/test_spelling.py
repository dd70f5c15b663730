"""Swedish spelling (Hunspell sv_SE and data/spelling-wordlist.txt) of every lesson, page,
question, exercise text and UI translation."""
from __future__ import annotations

import pytest

from s3kurs import prose, spelling
from s3kurs.prose import Segment

from conftest import ROOT

WORDLIST = ROOT / spelling.WORDLIST
CHECKED = sorted([*ROOT.glob("book/*.md"), *ROOT.glob("quizzes/*.yml"), ROOT / "data" / "exercises.yml",
                  ROOT / "s3kurs" / "locale" / "sv" / "LC_MESSAGES" / "s3kurs.po",
                  ROOT / "s3kurs" / "locale" / "sv" / "LC_MESSAGES" / "argparse.po",
                  ROOT / "locale" / "sv" / "LC_MESSAGES" / "sphinx.po"])


def _unknown(text: str) -> list[str]:
    return [u.word for u in spelling.check([Segment("x.md", 1, text)], WORDLIST)]


def test_the_check_finds_misspellings_and_allows_marked_english():
    assert _unknown("Regionen prioriterar innovasion och samverkan.") == ["innovasion"]
    # English is fine where the text marks it: parentheses, quotation marks, emphasis, "på engelska"
    assert _unknown("Steget heter (selection of priorities) och ”critical mass”.") == []
    assert _unknown("På engelska heter det enabling condition.") == []
    assert _unknown("Regionen valde critical mass.") == ["critical", "mass"]
    # names and phrases from the word list; words with digits are not checked
    assert _unknown("Foray och S3 Community of Practice, RIS3 och m.fl. i Skr. 2020/21:133.") == []


def test_the_word_list_holds_no_duplicates():
    entries = [line.split("#", 1)[0].strip() for line in WORDLIST.read_text(encoding="utf-8").splitlines()]
    entries = [e for e in entries if e]
    assert len(entries) == len(set(entries))


@pytest.mark.parametrize("path", CHECKED, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_unknown_swedish_word(path):
    unknown = spelling.check(prose.read(path, ROOT), WORDLIST)
    assert not unknown, (f"{len(unknown)} unknown word(s): fix the spelling, or add a name, term or "
                         "abbreviation to data/spelling-wordlist.txt:\n" + "\n".join(map(str, unknown)))
