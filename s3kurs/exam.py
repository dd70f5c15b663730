"""The final test (slutprov): 24 questions, four per module, drawn anew for each attempt.

The draw is reproducible: the same seed gives the same questions, here and in the
browser (`static/s3kurs-final.js` implements the same generator and the same steps).

- Generator: mulberry32, a 32-bit generator that is exact in both Python and JavaScript.
- Per module (modules sorted by name), the questions sorted by id are shuffled
  (Fisher–Yates, from the last position down); the first question of each difficulty
  level in that order is taken, then the next ones until there are four.
- The 24 chosen questions are shuffled once more with the same generator.
"""
from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence

QUESTIONS_PER_MODULE = 4
PASS_MARK = 0.8
MASK = 0xFFFFFFFF


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
    """Questions (anything with .id and .difficulty) for one attempt, from {module: questions}."""
    rng = mulberry32(seed)
    chosen = []
    for module in sorted(modules):
        pool = shuffle(sorted(modules[module], key=lambda q: q.id), rng)
        picked = []
        for q in pool:
            if len(picked) < per_module and q.difficulty not in {p.difficulty for p in picked}:
                picked.append(q)
        for q in pool:
            if len(picked) < per_module and q not in picked:
                picked.append(q)
        chosen += picked
    return shuffle(chosen, rng)


def new_seed() -> int:
    return random.SystemRandom().randrange(2**32)


def passed(score: int, total: int) -> bool:
    return total > 0 and score >= PASS_MARK * total
