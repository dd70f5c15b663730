"""Swedish spelling of the course's prose, with Hunspell (Debian's `hunspell` and
`hunspell-sv-se`) and the project's word list `data/spelling-wordlist.txt`.

- Every word is checked against the Swedish dictionary (sv_SE) plus the word list.
- English is allowed only where the course marks a foreign name or a quotation: inside
  parentheses, quotation marks or *emphasis*, and after ”på engelska” or ”engelskans” up to
  the end of the clause. There a word unknown in Swedish may be a British English word
  (en_GB, Debian's `hunspell-en-gb`: the EU writes British English).
- The word list holds names, terms and abbreviations. A line with a space, a hyphen or a
  full stop is a phrase (``S3 Community of Practice``, ``m.fl.``) and is taken out of the text as a
  whole before the words are split; any other line is one word.
- Words with a digit (S3, RIS3, 1:1) and single letters are not checked; a word that ends
  in a hyphen (``forsknings- och``) is the first half of a compound and is not checked.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .prose import Segment

WORDLIST = Path("data") / "spelling-wordlist.txt"
LETTERS = "A-Za-zÀ-ÖØ-öø-ÿ"
WORD = re.compile(rf"(?<![\w-])[{LETTERS}]+(?:[:’'][{LETTERS}]+)?(?:-[{LETTERS}]+(?:[:’'][{LETTERS}]+)?)*(?![\w])(?!-)")
SUSPENDED = re.compile(rf"[{LETTERS}]+-(?=[\s,])")
ROMAN = re.compile(r"^(?:i|ii|iii|iv|v|vi|vii|viii|ix|x)$", re.I)
FOREIGN = re.compile(r"\([^()]*\)|”[^”]*”|“[^”]*”|\"[^\"]*\"|«[^»]*»|\*\*.+?\*\*|\*[^*]+\*|_[^_]+_"
                     r"|(?:på engelska|engelskans)\b[^.;:!?]*", re.I)


class HunspellMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class Unknown:
    path: str
    line: int
    word: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.word}"


def read_wordlist(path: Path) -> tuple[set[str], list[str]]:
    """(single words, phrases) from the word list; blank lines and # comments are skipped."""
    words, phrases = set(), []
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip()
        if not entry:
            continue
        (phrases.append(entry) if re.search(r"[ .-]", entry) else words.add(entry))
    phrases.sort(key=len, reverse=True)
    return words, phrases


def _foreign(text: str) -> list[tuple[int, int]]:
    return [match.span() for match in FOREIGN.finditer(text)]


def tokens(segment: Segment, phrases: list[str]):
    """(word, may be English) for each word of a segment."""
    text = segment.text
    for phrase in phrases:
        text = re.sub(rf"(?<![\w-]){re.escape(phrase)}(?![\w])", lambda m: " " * len(m.group(0)), text, flags=re.I)
    text = SUSPENDED.sub(lambda m: " " * len(m.group(0)), text)
    foreign = _foreign(text)
    for match in WORD.finditer(text):
        word = match.group(0)
        for part in word.split("-"):
            if len(part) < 2 or ROMAN.match(part):
                continue
            yield part, any(a <= match.start() and match.end() <= b for a, b in foreign)


def _hunspell(dictionary: str, words: set[str], personal: set[str] = frozenset()) -> set[str]:
    """The words Hunspell does not know, with *dictionary* and a personal word list."""
    binary = shutil.which("hunspell")
    if binary is None:
        raise HunspellMissing("the spelling check needs Hunspell: apt-get install hunspell hunspell-sv-se hunspell-en-gb")
    with tempfile.NamedTemporaryFile("w", suffix=".dic", encoding="utf-8", delete=False) as extra:
        extra.write("\n".join(sorted(personal)) + "\n")
    try:
        result = subprocess.run([binary, "-d", dictionary, "-p", extra.name, "-l", "-i", "utf-8"],
                                input="\n".join(sorted(words)) + "\n", capture_output=True, text=True, check=True)
    finally:
        Path(extra.name).unlink()
    return set(result.stdout.split())


def check(segments: list[Segment], wordlist: Path) -> list[Unknown]:
    """Every word of *segments* that is not Swedish (nor, where allowed, English), in order."""
    words, phrases = read_wordlist(wordlist)
    found = [(segment, word, foreign) for segment in segments for word, foreign in tokens(segment, phrases)]
    unknown_sv = _hunspell("sv_SE", {word for _, word, _ in found}, words)
    maybe_english = {word for _, word, foreign in found if foreign and word in unknown_sv}
    unknown_en = _hunspell("en_GB", maybe_english) if maybe_english else set()
    result, seen = [], set()
    for segment, word, foreign in found:
        if word in unknown_sv and not (foreign and word not in unknown_en):
            key = (segment.path, segment.line, word)
            if key not in seen:
                seen.add(key)
                result.append(Unknown(segment.path, segment.line, word))
    return result
