"""The final test (slutprov): four questions per module, drawn anew for each attempt
(the pass rule is in `scoring`).

The draw is reproducible: the same seed gives the same questions, here and in the
browser (`static/s3kurs-final.js` implements the same generator and the same steps).

- Generator: mulberry32, a 32-bit generator that is exact in both Python and JavaScript.
- Per module (modules sorted by name), the questions sorted by id are shuffled
  (Fisher–Yates, from the last position down); the first question of each difficulty
  level in that order is taken, then the next ones until there are four. A question whose
  enemy (same fact or scenario, see the bank's `enemies`) is already chosen is passed over.
- The 24 chosen questions are shuffled once more with the same generator.

A group code (`group_code`, `group_seed`) gives a whole group the same attempt: everyone who
enters the same code gets the same seed, and so the same questions in the same order, and the
same order of the options (`option_order`), on the site and in the notebook.

- The code is normalised once: Unicode NFC, full case folding (Python's `str.casefold`; the
  browser lowercases and takes the code points where folding differs from lowercasing from
  `fold_exceptions()`, handed to the page), NFC again, every run of white space made one space,
  and the ends trimmed: "Malmö", "malmö" and " MALMÖ " are the same code. At most 40 characters.
- The seed is the 32-bit FNV-1a hash of the normalised code's UTF-8 bytes.
- The option order of a coded attempt: a second mulberry32 generator, started from the seed
  XOR `OPTION_SALT`, shuffles (Fisher–Yates, as above) each question's option ids sorted by id,
  question by question in the order shown: the options of a single- or multiple-choice question,
  the items of an ordering question (one order for every position's list), the descriptions of a
  matching question (one order for every term's list). A true/false question keeps its order and
  draws nothing. Without a code the options are shuffled as before (any order will do).
"""
from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from functools import cache

QUESTIONS_PER_MODULE = 4
MASK = 0xFFFFFFFF
GROUP_CODE_MAX = 40        # characters (code points) of a normalised group code; the results schema's limit
OPTION_SALT = 0x9E3779B9   # the option order's generator starts from seed ^ OPTION_SALT
FNV_OFFSET, FNV_PRIME = 0x811C9DC5, 0x01000193
# White space, stated once for both sides: Python's str.isspace() and JavaScript's \s together.
SPACE = "\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_SPACES = re.compile(f"[{SPACE}]+")


def mulberry32(seed: int) -> Callable[[], float]:
    state = seed & MASK

    def next_float() -> float:
        nonlocal state
        state = (state + 0x6D2B79F5) & MASK
        t = ((state ^ (state >> 15)) * (state | 1)) & MASK
        t = ((t + (((t ^ (t >> 7)) * (t | 61)) & MASK)) & MASK) ^ t
        return ((t ^ (t >> 14)) & MASK) / 4294967296

    return next_float


def shuffle(items: Sequence, rng: Callable[[], float]) -> list:
    items = list(items)
    for i in range(len(items) - 1, 0, -1):
        j = int(rng() * (i + 1))
        items[i], items[j] = items[j], items[i]
    return items


def draw(modules: dict[str, Iterable], seed: int, per_module: int = QUESTIONS_PER_MODULE) -> list:
    """Questions (anything with .id, .difficulty and .enemies) for one attempt, from {module: questions}."""
    rng = mulberry32(seed)
    chosen: list = []
    for module in sorted(modules):
        pool = shuffle(sorted(modules[module], key=lambda q: q.id), rng)
        picked: list = []

        def fits(q, picked=picked) -> bool:
            return len(picked) < per_module and q not in picked and not any(
                p.id in q.enemies for p in (*chosen, *picked))

        for q in pool:
            if fits(q) and q.difficulty not in {p.difficulty for p in picked}:
                picked.append(q)
        for q in pool:
            if fits(q):
                picked.append(q)
        chosen.extend(picked)
    return shuffle(chosen, rng)


def new_seed() -> int:
    return random.SystemRandom().randrange(2**32)


# -- group codes ------------------------------------------------------------------------------------

def group_code(text: str) -> str:
    """The normalised group code ("" for none): NFC, case-folded, NFC, white space collapsed, trimmed.
    The same normalisation compares names across a group's files (results)."""
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold())
    return _SPACES.sub(" ", folded).strip(" ")


def group_seed(code: str) -> int:
    """The seed of a group code: FNV-1a (32 bits) of the normalised code's UTF-8 bytes."""
    value = FNV_OFFSET
    for byte in group_code(code).encode("utf-8"):
        value = ((value ^ byte) * FNV_PRIME) & MASK
    return value


@cache
def fold_exceptions() -> dict[str, str]:
    """The code points whose case folding is not their lowercase form (e.g. "ß" -> "ss", "ς" -> "σ",
    Cherokee letters): what the browser needs besides toLowerCase() to fold as Python does."""
    out = {}
    for point in range(0x110000):
        if 0xD800 <= point <= 0xDFFF:
            continue
        char = chr(point)
        if char.casefold() != char.lower():
            out[char] = char.casefold()
    return out


def option_order(questions: Sequence, seed: int) -> dict[str, list[str]]:
    """The option order of a coded attempt: {question id: option (or target) ids in the order shown}
    for *questions* in the order shown (anything with .id, .type, .options and, for matching, .targets)."""
    rng = mulberry32(seed ^ OPTION_SALT)
    orders = {}
    for q in questions:
        if q.type == "true_false":
            continue
        ids = sorted(t.id for t in q.targets) if q.type == "matching" else sorted(o.id for o in q.options)
        orders[q.id] = shuffle(ids, rng)
    return orders

