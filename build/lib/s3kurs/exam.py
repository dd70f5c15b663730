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
"""
from __future__ import annotations

import random
from typing import Callable, Iterable, Sequence

QUESTIONS_PER_MODULE = 4
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
        chosen += picked
    return shuffle(chosen, rng)


def new_seed() -> int:
    return random.SystemRandom().randrange(2**32)

