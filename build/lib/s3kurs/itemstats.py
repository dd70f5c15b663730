"""Item statistics for trainers, as Moodle's quiz statistics report gives them: pure functions on
lists of 0/1 answers (right at the first attempt), so that the browser summary page can do the
same sums.

- Facility index: the share of learners right at the first attempt.
- Discrimination index: the corrected item–total correlation, i.e. Pearson's correlation between
  the answers to one question (0/1) and each learner's score on the *other* questions of the same
  test (for a module: its quiz page, which shows every question of the module).
- KR-20 (Kuder–Richardson 20): the internal consistency of a test whose questions score 0/1;
  Moodle calls it the coefficient of internal consistency.
- The score distribution: how many learners got 0, 1, …, k right.

Everything is computed from whole numbers, exactly, and shown rounded *down* (to whole percent
for the facility index, to hundredths for the two coefficients), so the shown figure and the flag
never disagree: an index shown as 0,19 is below 0,20, a negative one is shown negative.

Thresholds, stated here and in the trainers' guide:

- too easy: facility >= 95 % (nearly everyone right: the question tells the trainer little, or gives
  itself away); too hard: facility < 20 % (below what guessing among four options gives, 25 %: a
  misleading question or a wrong key is likelier than a hard one);
- does not discriminate: discrimination < 0,20; discriminates the wrong way: below 0 (those who do
  well on the rest of the quiz are more often wrong here). Moodle's question bank marks a question
  as very likely needing a check below 0,30 and likely below 0,50, and its quiz report called a
  question dubious when the index is negative; 0,20 is the usual floor for a weak item, and the
  module quiz pages are short and the groups small, so this tool flags only below it and shows the
  index for the trainer to read;
- KR-20: Moodle's documentation calls an internal consistency above 0,75 satisfactory and below 0,64
  unsatisfactory;
- fewer than 10 answers: every figure is still given, marked as too few to draw conclusions.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from math import isqrt, sqrt

MIN_ANSWERS = 10          # below this, a figure is shown but marked: too few answers
TOO_EASY = 95             # facility index in percent: at or above it, too easy
TOO_HARD = 20             # facility index in percent: below it, too hard
WEAK = 20                 # discrimination index in hundredths: below it, does not discriminate
KR20_GOOD, KR20_POOR = 75, 64   # internal consistency in hundredths (Moodle's reading)

FLAGS = ("too-easy", "too-hard", "negative-discrimination", "no-discrimination")


# -- exact figures ------------------------------------------------------------------------------------

def percent_down(right: int, n: int) -> int | None:
    """right / n as a whole percentage, rounded down."""
    return 100 * right // n if n else None


def hundredths_down(value: Fraction) -> int:
    """A rational number in hundredths, rounded down (towards minus infinity)."""
    return (100 * value.numerator) // value.denominator


@dataclass(frozen=True)
class Correlation:
    """Pearson's r = numerator / sqrt(radicand), kept as whole numbers."""
    numerator: int
    radicand: int

    @property
    def value(self) -> float:
        return self.numerator / sqrt(self.radicand)

    @property
    def hundredths(self) -> int:
        """floor(100 r), exactly: isqrt(⌊10000·N²/D⌋) for N >= 0, and minus the ceiling for N < 0."""
        quotient, remainder = divmod(10000 * self.numerator * self.numerator, self.radicand)
        root = isqrt(quotient)
        if self.numerator >= 0:
            return root
        exact = remainder == 0 and root * root == quotient
        return -(root if exact else root + 1)


def correlation(xs: list[int], ys: list[int]) -> Correlation | None:
    """Pearson's correlation of two lists of whole numbers, or None when either does not vary."""
    n = len(xs)
    sx, sy = sum(xs), sum(ys)
    sxx, syy = sum(x * x for x in xs), sum(y * y for y in ys)
    sxy = sum(x * y for x, y in zip(xs, ys))
    vx, vy = n * sxx - sx * sx, n * syy - sy * sy
    if n < 2 or vx == 0 or vy == 0:
        return None
    return Correlation(n * sxy - sx * sy, vx * vy)


def totals(matrix: list[list[int]]) -> list[int]:
    """Each learner's score (a row of 0/1 answers per learner, a column per question)."""
    return [sum(row) for row in matrix]


def discrimination(matrix: list[list[int]], item: int) -> Correlation | None:
    """The corrected item–total correlation of column *item*: its answers against each learner's
    score on the other columns. None when the question or the rest score does not vary."""
    answers = [row[item] for row in matrix]
    rest = [total - answer for total, answer in zip(totals(matrix), answers)]
    return correlation(answers, rest)


def kr20(matrix: list[list[int]]) -> Fraction | None:
    """Kuder–Richardson 20: k/(k−1) · (1 − Σ pᵢqᵢ / σ²), exactly. With cᵢ right answers to question i
    among n learners and total scores T: Σ pᵢqᵢ / σ² = Σ cᵢ(n − cᵢ) / (n·ΣT² − (ΣT)²). None with fewer than
    two questions or learners, or when every learner has the same score."""
    n = len(matrix)
    k = len(matrix[0]) if matrix else 0
    if n < 2 or k < 2:
        return None
    scores = totals(matrix)
    spread = n * sum(t * t for t in scores) - sum(scores) ** 2
    if spread == 0:
        return None
    rights = [sum(row[i] for row in matrix) for i in range(k)]
    return Fraction(k, k - 1) * (1 - Fraction(sum(c * (n - c) for c in rights), spread))


def distribution(matrix: list[list[int]]) -> list[int]:
    """How many learners have 0, 1, …, k right."""
    k = len(matrix[0]) if matrix else 0
    counts = [0] * (k + 1)
    for score in totals(matrix):
        counts[score] += 1
    return counts


def flags(n: int, right: int, index: Correlation | None) -> list[str]:
    """The reasons to look at a question again (ids from FLAGS), from its facility and discrimination."""
    out = []
    if n and 100 * right >= TOO_EASY * n:
        out.append("too-easy")
    elif n and 100 * right < TOO_HARD * n:
        out.append("too-hard")
    if index is not None:
        if index.numerator < 0:
            out.append("negative-discrimination")
        elif index.hundredths < WEAK:
            out.append("no-discrimination")
    return out


# -- one test: a module's quiz page, or final-test attempts with the same questions ----------------------

@dataclass
class Item:
    id: str
    n: int                      # learners who answered it (first attempt)
    right: int
    facility: int | None        # percent, rounded down
    discrimination: Correlation | None
    complete: int               # learners behind the discrimination index (answered the whole test)
    flags: list[str] = field(default_factory=list)

    @property
    def few(self) -> bool:
        return self.n < MIN_ANSWERS

    @property
    def few_complete(self) -> bool:
        return self.complete < MIN_ANSWERS

    def as_json(self) -> dict:
        d = self.discrimination
        return {"id": self.id, "n": self.n, "right": self.right, "facility_percent": self.facility,
                "discrimination": None if d is None else round(d.value, 4),
                "discrimination_hundredths": None if d is None else d.hundredths,
                "complete": self.complete, "flags": self.flags,
                "few_answers": self.few, "few_complete": self.few_complete}


@dataclass
class Test:
    """Statistics of one test form: its questions, the learners who answered all of them."""
    questions: list[str]
    learners: int                # learners who answered every question
    kr20: Fraction | None
    distribution: list[int]
    items: list[Item] = field(default_factory=list)

    @property
    def few(self) -> bool:
        return self.learners < MIN_ANSWERS

    @property
    def kr20_hundredths(self) -> int | None:
        return None if self.kr20 is None else hundredths_down(self.kr20)

    def as_json(self) -> dict:
        return {"questions": self.questions, "learners": self.learners,
                "kr20": None if self.kr20 is None else round(float(self.kr20), 4),
                "kr20_hundredths": self.kr20_hundredths, "distribution": self.distribution,
                "few_answers": self.few, "items": [item.as_json() for item in self.items]}


def analyse(question_ids: list[str], learners: list[dict[str, bool]]) -> Test:
    """One test (e.g. a module quiz page) from each learner's first-attempt answers {id: right}.

    Every learner who answered a question counts in its n and facility index. Only learners who
    answered *every* question of the test count in the discrimination index, KR-20 and the score
    distribution: a question left unanswered is not a wrong answer, and the rest score must be
    over the same questions for everyone."""
    complete = [[int(answers[q]) for q in question_ids] for answers in learners
                if all(q in answers for q in question_ids)]
    items = []
    for i, qid in enumerate(question_ids):
        given = [answers[qid] for answers in learners if qid in answers]
        n, right = len(given), sum(given)
        index = discrimination(complete, i) if complete else None
        items.append(Item(qid, n, right, percent_down(right, n), index, len(complete), flags(n, right, index)))
    return Test(list(question_ids), len(complete), kr20(complete), distribution(complete) if complete else
                [0] * (len(question_ids) + 1), items)
