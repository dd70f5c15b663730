"""The score and pass rule, and how figures are shown: defined once here, used by Python and
handed to the browser with the page data (`rule()`; `static/s3kurs-core.js` applies it).

- Pass: at least ⌈4/5 × total⌉ questions right at the first attempt, decided in integers,
  never from a rounded percentage.
- A percentage is shown rounded down (⌊100 × score / total⌋), so a failing score never
  shows the pass mark: 35 of 44 is 79 %, not 80 %.
- Means (and other figures with one decimal) are rounded down to one decimal the same way,
  from integers, and written with a decimal comma.
"""
from __future__ import annotations

from fractions import Fraction
from math import isqrt

PASS_MARK = Fraction(4, 5)


def required(total: int) -> int:
    """The number of right answers needed to pass out of *total*."""
    return -(-PASS_MARK.numerator * total // PASS_MARK.denominator)


def passed(score: int, total: int) -> bool:
    return total > 0 and score >= required(total)


def percent(score: int, total: int) -> int:
    """*score* of *total* as a whole percentage, rounded down."""
    return 100 * score // total if total else 0


def tenths(numerator: int, denominator: int) -> int:
    """numerator / denominator in tenths, rounded down (e.g. 7/3 -> 23)."""
    return 10 * numerator // denominator


def sd_tenths(values: list[int]) -> int:
    """The (population) standard deviation of whole numbers in tenths, rounded down, exactly:
    ⌊10·√(Σ(x−m)²/n)⌋ = isqrt(⌊100·(nΣx² − (Σx)²) / n²⌋)."""
    n = len(values)
    if not n:
        return 0
    spread = n * sum(v * v for v in values) - sum(values) ** 2
    return isqrt(100 * spread // (n * n))


def decimal(tenths_value: int) -> str:
    """Tenths as Swedish text with a decimal comma: 23 -> "2,3"."""
    sign = "-" if tenths_value < 0 else ""
    whole, tenth = divmod(abs(tenths_value), 10)
    return f"{sign}{whole},{tenth}"


def mean_text(values: list[int]) -> str:
    """The mean of whole numbers, rounded down to one decimal: [3, 4, 4] -> "3,6"."""
    return decimal(tenths(sum(values), len(values))) if values else ""


def rule() -> dict:
    """What the browser needs to apply the same rule."""
    return {"passMark": [PASS_MARK.numerator, PASS_MARK.denominator]}
