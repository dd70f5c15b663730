"""Item-writing checks for the question bank: `s3kurs granska`.

The mechanically checkable rules of the published item-writing guidelines (Haladyna, Downing &
Rodriguez 2002), written against the test-wise strategies they defend against (Millman, Bishop &
Ebel 1965): pick the longest option, avoid options with absolute words, pick the option that
repeats the question's words.

Every rule is a small function registered in `RULES` with a stable ASCII id, its level, what it
asks and a README example (English msgids, Swedish in the catalogue, like its messages):

- `bank` rules measure the whole bank (the files checked) and, unless marked bank-only, each
  module (file) on its own. They are errors: `s3kurs granska` exits with 1, and they cannot be
  accepted.
- `item` rules look at one question. They are warnings (exit 0 unless `--strict`). A maintainer
  accepts one only with a written reason in the question: `accepted: {rule-id: "skäl"}`.
- `accepted-*` rules check those acceptances (unknown rule, bank rule, empty reason, no longer
  needed). They are errors: an acceptance must mean something.

The yardstick of the bank rules is the one the course sets for its test-wise check: a strategy
that reads only the surface of the options (always pick the longest, the shortest, one of the
middle ones; tick the longer half) must not do better than chance plus 10 percentage points. The
whole bank is held to it strictly; a module gets one item of slack (1/n), as its shares move in
steps of 1/n. Rates per option compare keys with distractors: the share of distractors with an
absolute word must not exceed the share of keys with one (as the issue states it), and the share of
keys that repeat a stem of the prompt must not exceed the distractors' share by more than 10 points.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

from .i18n import N_, _

# -- thresholds (documented in README, "Granska frågorna") -------------------------------------

MARGIN = 0.10                  # a surface strategy may beat chance by at most 10 percentage points
APPLICATION_BANK = Fraction(1, 2)    # share of `application` items in the whole bank
APPLICATION_MODULE = Fraction(1, 3)  # ... and in every module
TF_MAX_DIFFERENCE = 1          # |true - false| per module
LENGTH_RATIO = 2.0             # longest / shortest option within a question
LENGTH_MIN_DIFFERENCE = 25     # ... and at least this many characters apart (short options vary a lot)
OUTLIER_LOW, OUTLIER_HIGH = 0.5, 1.75  # a distractor against the median of the other options
OUTLIER_MIN_DIFFERENCE = 12    # ... and at least this many characters from it
NEAR_DUPLICATE = 0.3           # Jaccard similarity of two questions' content stems (prompt, key, explanation)
REASON_MIN_WORDS = 3           # an accepted finding needs a reason of at least three words

# Absolute words: qualifiers that make a statement all-or-nothing. Test-wise learners eliminate
# options that carry them (Millman et al. 1965). Whole words, lower case; inflected forms listed.
ABSOLUTE_WORDS = frozenset("""
    bara endast enbart uteslutande enda ensam ensamt
    aldrig alltid ständigt jämt
    helt fullständigt fullt totalt
    alla allt allting samtliga varje
    ingen inget inga ingenting ingenstans
    automatiskt garanterat garanterad garanterar omöjligt omöjlig
    oavsett överallt alls
""".split())

# Snowball's Swedish stop words, plus the words every question uses ("välj", "stämmer", ...).
STOP_WORDS = frozenset("""
    och det att i en jag hon som han på den med var sig för så till är men ett om hade de av icke
    mig du henne då sin nu har inte hans honom skulle hennes där min man ej vid kunde något från ut
    när efter upp vi dem vara vad över än dig kan sina här ha mot alla under någon eller allt mycket
    sedan ju denna själv detta åt utan varit hur ingen mitt ni bli blev oss din dessa några deras
    blir mina samma vilken er sådan vår blivit dess inom mellan sådant varför varje vilka ditt vem
    vilket sitta sådana vart dina vars vårt våra ert era vilkas
    välj välja stämmer stämma rätt fel alternativ alternativen följande ska skall bör får finns
    också även nog inga inget enligt ens två tre fyra fem sex
""".split())

NEGATIONS = frozenset({"inte", "ej", "ingen", "inget", "inga"})
NONE_OF_THE_ABOVE = re.compile(
    r"\b(alla|allt|inget|ingen|inga|samtliga|båda|bägge)\s+(av\s+)?(de\s+|dem\s+)?"
    r"(ovan|ovanstående|ovannämnda|alternativen\s+ovan|ovanstående\s+alternativ|alternativen|svaren|dem)\b"
    r"|\b(både|varken)\s+[a-e]\s+(och|eller)\s+[a-e]\b"
    r"|\binget\s+av\s+(alternativen|dessa)\b",
    re.IGNORECASE)
FEEDBACK_OPENING = re.compile(r"^\s*[*_]*\s*(rätt|fel|korrekt|felaktigt|riktigt|tyvärr|rätt svar|fel svar)\s*[*_]*\s*[.!:,–-]",
                              re.IGNORECASE)

_WORD = re.compile(r"[^\W_]+")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def plain(text: str) -> str:
    """The text a learner sees: links reduced to their text, emphasis marks and code ticks removed."""
    return " ".join(re.sub(r"[*`]", "", _LINK.sub(r"\1", text)).split())


def words(text: str) -> list[str]:
    return _WORD.findall(plain(text).lower())


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("swedish")


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return _stemmer().stemWord(word)


def content_stems(text: str) -> frozenset[str]:
    """Stems of the content words (stop words and one-letter words removed)."""
    return frozenset(_stem(w) for w in words(text) if w not in STOP_WORDS and len(w) > 1)


def has_absolute(text: str) -> bool:
    return any(w in ABSOLUTE_WORDS for w in words(text))


def pct(x: float) -> str:
    return f"{round(100 * x):d} %"


# -- the bank, as granska sees it ---------------------------------------------------------------

@dataclass
class Item:
    """One question with where it is: file shown, module, index in the file, line lookup."""
    q: object
    file: str
    module: str
    index: int
    line_of: Callable

    def line(self, *path) -> int | None:
        return self.line_of(("questions", self.index) + tuple(path))

    @property
    def choice(self) -> bool:
        return self.q.type in ("single_choice", "multiple_choice")

    def options(self) -> list[tuple[int, object, bool]]:
        """(index, option, is correct) for choice questions."""
        keys = set(self.q.key_ids) if self.choice else set()
        return [(j, o, o.id in keys) for j, o in enumerate(self.q.options)] if self.choice else []


@dataclass(frozen=True)
class Finding:
    rule: str
    level: str        # bank | module | item
    severity: str     # error | warning
    file: str         # the file; for a bank finding, every file of the bank joined by ", "
    line: int | None
    question: str | None
    module: str | None
    message: str
    files: tuple[str, ...] = ()   # a bank finding: every file of the bank

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        who = self.question or (self.module if self.level == "module" else _("the bank"))
        return f"{where}: {who}: {self.rule}: {self.message}"

    def as_json(self) -> dict:
        data = asdict(self)
        data["files"] = list(self.files) or [self.file]
        if self.level == "bank":
            data["file"] = None
        return data


@dataclass(frozen=True)
class Rule:
    id: str
    level: str              # "bank" (bank and module), "bank-only", "module-only", "item", "accepted"
    title: str              # one line: what the rule asks (a msgid: show it with _())
    bad: str                # README example: an item (or figure) that breaks the rule (a msgid)
    good: str               # ... and one that keeps it (a msgid)
    check: Callable | None = None

    @property
    def severity(self) -> str:
        return "warning" if self.level == "item" else "error"

    @property
    def acceptable(self) -> bool:
        return self.level == "item"


RULES: dict[str, Rule] = {}


def rule(id: str, level: str, title: str, bad: str, good: str):
    def register(check):
        RULES[id] = Rule(id, level, title, bad, good, check)
        return check
    return register


def _meta(id: str, title: str, bad: str, good: str) -> None:
    RULES[id] = Rule(id, "accepted", title, bad, good)


# -- length ranks -----------------------------------------------------------------------------

def positions(lengths: list[int], i: int) -> list[tuple[int, float]]:
    """Option i's place by length (0 = longest), with ties shared evenly: [(place, weight), ...]."""
    longer = sum(length > lengths[i] for length in lengths)
    tied = sum(length == lengths[i] for length in lengths)
    return [(p, 1 / tied) for p in range(longer, longer + tied)]


def key_rank(lengths: list[int], key: int) -> tuple[float, float, float]:
    """(longest, middle, shortest) weights of the key's place."""
    k = len(lengths)
    weights = [0.0, 0.0, 0.0]
    for place, w in positions(lengths, key):
        weights[0 if place == 0 else 2 if place == k - 1 else 1] += w
    return tuple(weights)


def _lengths(item: Item) -> list[int]:
    return [len(plain(o.text)) for o in item.q.options]


def single_choice_figures(items: list[Item]) -> dict:
    """The key's length place and the score of each length strategy, over single-choice items."""
    single = [it for it in items if it.q.type == "single_choice"]
    n = len(single)
    out = {"n": n}
    if not n:
        return out
    chance = longest = middle = shortest = play_longest = play_shortest = play_middle = 0.0
    for it in single:
        lengths = _lengths(it)
        k = len(lengths)
        key = it.q.option_ids.index(it.q.key)
        lo, mid, sh = key_rank(lengths, key)
        chance += 1 / k
        longest, middle, shortest = longest + lo, middle + mid, shortest + sh
        play_longest += lo
        play_shortest += sh
        play_middle += mid / (k - 2) if k > 2 else 1 / k
    out.update({
        "chance": chance / n,
        "key_longest": longest / n, "key_middle": middle / n, "key_shortest": shortest / n,
        "expected_longest": sum(1 / len(it.q.options) for it in single) / n,
        "expected_middle": sum((len(it.q.options) - 2) / len(it.q.options) for it in single) / n,
        "expected_shortest": sum(1 / len(it.q.options) for it in single) / n,
        "strategy_longest": play_longest / n, "strategy_shortest": play_shortest / n,
        "strategy_middle": play_middle / n,
        # always choosing the option at one place in the file (first, second …): exports such as
        # QTI and CSV keep the file's order, so the key's place must not give it away either
        "strategy_position": max(Counter(it.q.option_ids.index(it.q.key) for it in single).values()) / n,
    })
    return out


def multiple_choice_figures(items: list[Item]) -> dict:
    """Ticking the longer half of each multiple-choice question's options: the share of options
    that this classifies right (chance: 50 %)."""
    right = total = 0.0
    n = 0
    for it in items:
        if it.q.type != "multiple_choice":
            continue
        n += 1
        lengths = _lengths(it)
        k = len(lengths)
        for j, _option, correct in it.options():
            for place, w in positions(lengths, j):
                if 2 * place < k - 1:       # the longer half: tick
                    right += w * correct
                elif 2 * place > k - 1:     # the shorter half: leave
                    right += w * (not correct)
                else:                       # the median option of an odd count: a coin toss
                    right += w / 2
            total += 1
    first_half = 0.0  # ticking the first half of the options in the file's order
    for it in items:
        if it.q.type == "multiple_choice":
            k = len(it.q.options)
            for j, _option, correct in it.options():
                first_half += correct if 2 * j < k - 1 else (not correct) if 2 * j > k - 1 else 0.5
    return {"n": n, "options": int(total), "strategy_longer_half": right / total if total else None,
            "strategy_first_half": first_half / total if total else None}


def option_rate_figures(items: list[Item]) -> dict:
    """Per option, in keys and in distractors: the share with an absolute word and the share
    that repeats a content stem of the prompt."""
    counts = {"keys": 0, "distractors": 0, "keys_absolute": 0, "distractors_absolute": 0,
              "keys_echo": 0, "distractors_echo": 0}
    for it in items:
        prompt = content_stems(it.q.prompt)
        for _j, option, correct in it.options():
            side = "keys" if correct else "distractors"
            counts[side] += 1
            counts[f"{side}_absolute"] += has_absolute(option.text)
            counts[f"{side}_echo"] += bool(content_stems(option.text) & prompt)
    rate = lambda a, b: counts[a] / counts[b] if counts[b] else None  # noqa: E731
    return {**counts,
            "absolute_keys": rate("keys_absolute", "keys"), "absolute_distractors": rate("distractors_absolute", "distractors"),
            "echo_keys": rate("keys_echo", "keys"), "echo_distractors": rate("distractors_echo", "distractors")}


def true_false_figures(items: list[Item]) -> dict:
    tf = [it for it in items if it.q.type == "true_false"]
    true = sum(it.q.key for it in tf)
    absolute_false = sum(has_absolute(it.q.prompt) and not it.q.key for it in tf)
    plain_true = sum(not has_absolute(it.q.prompt) and it.q.key for it in tf)
    return {"n": len(tf), "true": true, "false": len(tf) - true,
            "absolute_true": sum(has_absolute(it.q.prompt) and it.q.key for it in tf),
            "absolute_false": absolute_false,
            # "an absolute word means false, otherwise true": its share right
            "strategy_absolute_false": (absolute_false + plain_true) / len(tf) if tf else None}


def level_figures(items: list[Item]) -> dict:
    from .model import LEVELS

    n = len(items)
    counts = {level: sum(it.q.level == level for it in items) for level in LEVELS}
    return {"n": n, **counts, "application_share": counts["application"] / n if n else None}


def figures(items: list[Item]) -> dict:
    return {"questions": len(items), "single_choice": single_choice_figures(items),
            "multiple_choice": multiple_choice_figures(items), "options": option_rate_figures(items),
            "true_false": true_false_figures(items), "levels": level_figures(items)}


# -- bank and module rules (each gets the figures of its scope and says what is wrong, or None) --

def slack(scope: str, n: int) -> float:
    """One item of slack at module level: a module's share moves in steps of 1/n, and without it a
    module with four single-choice items would have to place its keys in one exact pattern. The
    bank-level bound stays strict."""
    return 1 / n if scope == "module" and n else 0.0


# The key's length place in single choice: how often a surface strategy wins (always the longest,
# always the shortest, one of the middle ones), and, for the two extremes, also how seldom the key
# stands there ("never the longest" is a strategy too). One check for the three rules below.
TOO_OFTEN = {
    "longest": N_("the key is the longest option in {count} of {total} single-choice questions; always choosing the "
                  "longest gives {score} right, chance {chance}, at most {limit} is acceptable: make the keys shorter "
                  "or the wrong options equally precise"),
    "shortest": N_("the key is the shortest option in {count} of {total} single-choice questions; always choosing the "
                   "shortest gives {score} right, chance {chance}, at most {limit} is acceptable: let the key be the "
                   "longest or of middle length more often"),
    "middle": N_("the key is of middle length in {count} of {total} single-choice questions; striking out the longest "
                 "and the shortest option and guessing among the rest gives {score} right, chance {chance}, at most "
                 "{limit} is acceptable: let the key be the longest or the shortest more often"),
}
TOO_SELDOM = {
    "longest": N_("the key is the longest option in only {count} of {total} single-choice questions ({share}); by chance "
                  "about {expected}, at least {limit} is acceptable: never choosing the longest should not pay either, "
                  "so let the key be the longest more often"),
    "shortest": N_("the key is the shortest option in only {count} of {total} single-choice questions ({share}); by "
                   "chance about {expected}, at least {limit} is acceptable: let the key be the shortest more often"),
}


def _length_place(fig: dict, scope: str, place: str) -> str | None:
    s = fig["single_choice"]
    if not s["n"]:
        return None
    give = slack(scope, s["n"])
    count, total = f"{s['key_' + place] * s['n']:.0f}", s["n"]
    if s["strategy_" + place] > s["chance"] + MARGIN + give + 1e-9:
        return _(TOO_OFTEN[place]).format(count=count, total=total, score=pct(s["strategy_" + place]),
                                          chance=pct(s["chance"]), limit=pct(s["chance"] + MARGIN + give))
    floor = s["expected_" + place] - MARGIN - give
    if place in TOO_SELDOM and s["key_" + place] < floor - 1e-9:
        return _(TOO_SELDOM[place]).format(count=count, total=total, share=pct(s["key_" + place]),
                                           expected=pct(s["expected_" + place]), limit=pct(floor))
    return None


@rule("key-longest", "bank", N_("The key is the longest option about as often as chance: not more often than chance "
                                "plus 10 percentage points, nor less often than chance minus 10."),
      N_("The key is the longest option in 8 of 11 single-choice questions (module 5 before the rewrite). Always "
         "choosing the longest option gives 73 % right; chance gives 25 %, the limit is 35 %."),
      N_("The key is the longest in 3 of 11 questions (27 %): about as often as chance. Rewrite the options so that "
         "they are equally long and equally precise – do not pad the wrong ones."))
def check_key_longest(fig: dict, scope: str) -> str | None:
    return _length_place(fig, scope, "longest")


@rule("key-shortest", "bank", N_("The key is the shortest option about as often as chance: not more often than "
                                 "chance plus 10 percentage points, nor less often than chance minus 10."),
      N_("After a rewrite the key is the shortest in 6 of 10 single-choice questions: choosing the shortest gives "
         "60 % right."),
      N_("The key is the shortest in 2 of 10 questions, the longest in 3 and of middle length in the rest."))
def check_key_shortest(fig: dict, scope: str) -> str | None:
    return _length_place(fig, scope, "shortest")


@rule("key-middle", "bank", N_("The key is not so often of middle length that it pays to strike out the longest and "
                               "the shortest option."),
      N_("The key is never the longest or the shortest: striking out those two and guessing among the rest gives "
         "50 % right with four options."),
      N_("The key is the longest in about a quarter of the questions, the shortest in a quarter and of middle length "
         "in half."))
def check_key_middle(fig: dict, scope: str) -> str | None:
    return _length_place(fig, scope, "middle")


@rule("mc-key-longer", "bank", N_("In multiple-choice questions the correct options are not more often the longer ones."),
      N_("In the multiple-choice questions the correct options are whole sentences and the wrong ones short phrases: "
         "ticking the longer half gives 80 % of the options right."),
      N_("Correct and wrong options are equally long: ticking the longer half gives about 50 %."))
def check_mc_key_longer(fig: dict, scope: str) -> str | None:
    m = fig["multiple_choice"]
    bound = 0.5 + MARGIN + slack(scope, m["options"])
    if m["options"] and m["strategy_longer_half"] > bound + 1e-9:
        return _("in the multiple-choice questions, ticking the longer half of the options gets {score} of the options "
                 "right, chance 50 %, at most {limit} is acceptable: write the correct options shorter or the wrong "
                 "ones equally precise").format(score=pct(m["strategy_longer_half"]), limit=pct(bound))
    return None


@rule("key-position", "bank", N_("The key's place in the file does not give the answer away: no place (first, second "
                                 "…) has the key more often than chance plus 10 percentage points, and in "
                                 "multiple-choice questions the correct options do not come first."),
      N_("All 13 single-choice questions of a module have the correct option first (a). The site shuffles the "
         "options, but the export to Canvas (QTI) and CSV keep the file's order: choosing the first one gives 100 % "
         "right."),
      N_("The key is first in 4, second in 3, third in 3 and last in 3 of 13 questions."))
def check_key_position(fig: dict, scope: str) -> str | None:
    # places come in whole items: one item of slack at every level (the most frequent place of n
    # items is at least ⌈n/k⌉ of them), so a small bank is judged fairly and a large one strictly
    s, m = fig["single_choice"], fig["multiple_choice"]
    if s["n"] and s["strategy_position"] > s["chance"] + MARGIN + 1 / s["n"] + 1e-9:
        return _("always choosing the option at the same place in the file gives {score} right in the single-choice "
                 "questions, chance {chance}, at most {limit} is acceptable: move the keys to different places among "
                 "the options").format(score=pct(s["strategy_position"]), chance=pct(s["chance"]),
                                       limit=pct(s["chance"] + MARGIN + 1 / s["n"]))
    bound = 0.5 + MARGIN + (1 / m["options"] if m["options"] else 0)
    if m["options"] and m["strategy_first_half"] > bound + 1e-9:
        return _("in the multiple-choice questions, ticking the first half of the options gets {score} of the options "
                 "right, chance 50 %, at most {limit} is acceptable: mix the places of the correct and the wrong "
                 "options").format(score=pct(m["strategy_first_half"]), limit=pct(bound))
    return None


@rule("absolute-words", "bank", N_("Wrong options do not have absolute words (only, never, always, all …) more often "
                                   "than correct options."),
      N_("Wrong option: ”The strategy only applies to high-tech companies.” In modules 1–3 before the rewrite 36 of "
         "95 wrong options have an absolute word, but 3 of 60 correct ones."),
      N_("Wrong option: ”The strategy applies mainly to companies with their own research.” Where an absolute word "
         "is true, a correct option may have it too."))
def check_absolute_words(fig: dict, scope: str) -> str | None:
    o = fig["options"]
    if o["distractors"] and o["keys"] and o["absolute_distractors"] > o["absolute_keys"] + 1e-9:
        return _("{wrong} of {wrong_total} wrong options ({wrong_share}) have an absolute word, but {right} of "
                 "{right_total} correct ones ({right_share}): rewrite the wrong options without only/never/always/"
                 "all/entirely/no …, or let correct options have them where they are true").format(
            wrong=o["distractors_absolute"], wrong_total=o["distractors"], wrong_share=pct(o["absolute_distractors"]),
            right=o["keys_absolute"], right_total=o["keys"], right_share=pct(o["absolute_keys"]))
    return None


@rule("prompt-echo", "bank", N_("Correct options do not repeat the question's words more often than wrong options do "
                                "(at most 10 percentage points more often)."),
      N_("Question: ”Which criterion fails when no one manages the strategy?” Key: ”The criterion about who manages "
         "the strategy.” The wrong options share no word with the question."),
      N_("Every option names a criterion in the criterion's own words, and the question's words are as frequent in "
         "the wrong options as in the key."))
def check_prompt_echo(fig: dict, scope: str) -> str | None:
    o = fig["options"]
    if o["distractors"] and o["keys"] and o["echo_keys"] > o["echo_distractors"] + MARGIN + 1e-9:
        return _("{right} of {right_total} correct options ({right_share}) repeat a word from the question (the same "
                 "stem), but only {wrong} of {wrong_total} wrong ones ({wrong_share}); at most 10 percentage points "
                 "more is acceptable: word the keys in your own words").format(
            right=o["keys_echo"], right_total=o["keys"], right_share=pct(o["echo_keys"]),
            wrong=o["distractors_echo"], wrong_total=o["distractors"], wrong_share=pct(o["echo_distractors"]))
    return None


@rule("tf-balance", "module-only", N_("True and false are equally common: the difference is at most 1 per module."),
      N_("The module has 6 statements that are true and 2 that are false."),
      N_("The module has 4 true and 4 false (or 4 and 3)."))
def check_tf_balance(fig: dict, scope: str) -> str | None:
    t = fig["true_false"]
    if abs(t["true"] - t["false"]) > TF_MAX_DIFFERENCE:
        message = (_("{true} statements are true and {false} false; the difference may be at most {limit}: rewrite one "
                     "of the true ones into a false one") if t["true"] > t["false"] else
                   _("{true} statements are true and {false} false; the difference may be at most {limit}: rewrite one "
                     "of the false ones into a true one"))
        return message.format(true=t["true"], false=t["false"], limit=TF_MAX_DIFFERENCE)
    return None


@rule("tf-absolute", "bank-only", N_("In true/false, absolute words do not give the answer away, in either direction."),
      N_("Every false statement has ”always” or ”never”, no true one does: the rule ”absolute word = false” gives "
         "85 % right."),
      N_("Absolute words are in both true and false statements: the rule gives about 50 %."))
def check_tf_absolute(fig: dict, scope: str) -> str | None:
    t = fig["true_false"]
    score = t["strategy_absolute_false"]
    if score is not None and abs(score - 0.5) > MARGIN + 1e-9:
        message = (_("answering ”false” to statements with an absolute word and the opposite to the rest gives {score} "
                     "right (chance 50 %, at most {limit}): absolute words are in {true} true and {false} false "
                     "statements – even them out") if score > 0.5 else
                   _("answering ”true” to statements with an absolute word and the opposite to the rest gives {score} "
                     "right (chance 50 %, at most {limit}): absolute words are in {true} true and {false} false "
                     "statements – even them out"))
        return message.format(score=pct(max(score, 1 - score)), limit=pct(0.5 + MARGIN), true=t["absolute_true"],
                              false=t["absolute_false"])
    return None


@rule("level-application", "bank", N_("At least half of the bank and at least a third of every module are application "
                                      "questions (`level: application`)."),
      N_("A module has 5 application questions of 20 (25 %)."),
      N_("The module has 7 application questions of 20 (35 %), the bank as a whole 65 of 125 (52 %)."))
def check_level_application(fig: dict, scope: str) -> str | None:
    lv = fig["levels"]
    need = APPLICATION_BANK if scope == "bank" else APPLICATION_MODULE
    if lv["n"] and Fraction(lv["application"], lv["n"]) < need:
        return _("{count} of {total} questions ({share}) have `level: application`; at least {need} should: write more "
                 "questions where the learner applies S3 in their work").format(
            count=lv["application"], total=lv["n"], share=pct(lv["application_share"]), need=pct(float(need)))
    return None


# -- item rules (each yields (line path, message)) ------------------------------------------------

@rule("option-length-ratio", "item", N_("The options of a question are about equally long: the longest is at most "
                                        "twice as long as the shortest (differences under 25 characters do not count)."),
      N_("a) ”A way of working where the region concentrates on innovation where the potential is greatest and "
         "anchors the choices broadly.” b) ”A law.” c) ”A grant.”"),
      N_("a) ”A way of working where the region concentrates where the potential is greatest.” b) ”A law that "
         "governs which industries a region may support.” c) ”A grant that Tillväxtverket gives to companies.”"))
def check_option_length_ratio(item: Item):
    if not item.choice:
        return
    lengths = _lengths(item)
    longest, shortest = max(lengths), min(lengths)
    if shortest and longest / shortest > LENGTH_RATIO and longest - shortest >= LENGTH_MIN_DIFFERENCE:
        yield ("options",), _(
            "the longest option has {longest} characters, the shortest {shortest} ({ratio} times as long, at most "
            "{limit}): rewrite them so that they are about equally long – do not pad them with empty words").format(
            longest=longest, shortest=shortest, ratio=f"{longest / shortest:.1f}", limit=f"{LENGTH_RATIO:.0f}")


@rule("option-length-outlier", "item", N_("No wrong option stands out by being much shorter (under half) or longer "
                                          "(over 1.75 times) than the median of the others."),
      N_("Three options of a line each and one wrong one of two words: ”No risk.”"),
      N_("All four options are full sentences about the same thing, with a plausible error in the wrong ones."))
def check_option_length_outlier(item: Item):
    if not item.choice or len(item.q.options) < 3:
        return
    lengths = _lengths(item)
    for j, option, correct in item.options():
        if correct:
            continue
        others = sorted(lengths[:j] + lengths[j + 1:])
        mid = len(others) // 2
        median = others[mid] if len(others) % 2 else (others[mid - 1] + others[mid]) / 2
        if not median or abs(lengths[j] - median) < OUTLIER_MIN_DIFFERENCE:
            continue
        ratio = lengths[j] / median
        if ratio < OUTLIER_LOW or ratio > OUTLIER_HIGH:
            message = (_("the wrong option {id} has {length} characters, the others {median} in the middle: it is much "
                         "shorter and stands out – rewrite it as a plausible option of the same kind") if ratio < 1 else
                       _("the wrong option {id} has {length} characters, the others {median} in the middle: it is much "
                         "longer and stands out – rewrite it as a plausible option of the same kind"))
            yield ("options", j, "text"), message.format(id=option.id, length=lengths[j], median=f"{median:g}")


@rule("none-of-the-above", "item", N_("No options such as ”all of the above”, ”none of the above” or ”both a and b”."),
      N_("d) ”All of the above.”"),
      N_("Make the question a multiple-choice question (”Choose all that are correct”) or write a fourth plausible "
         "option."))
def check_none_of_the_above(item: Item):
    for j, option, _correct in item.options():
        if NONE_OF_THE_ABOVE.search(plain(option.text)):
            yield ("options", j, "text"), _(
                "option {id} refers to the other options: make the question a multiple-choice question or write a "
                "plausible option of its own").format(id=option.id)


def question_part(prompt: str) -> str:
    """The sentences that ask (end with '?'), or the whole prompt when none does."""
    sentences = re.split(r"(?<=[.?!])\s+", prompt.strip())
    asking = [s for s in sentences if s.rstrip().endswith("?")]
    return " ".join(asking) if asking else prompt


def _emphasised(prompt: str) -> set[str]:
    spans = re.findall(r"\*\*(.+?)\*\*|__(.+?)__", prompt)
    return {w for pair in spans for span in pair for w in _WORD.findall(span.lower())}


@rule("negative-stem", "item", N_("A question that asks for what is not correct marks the negation in bold "
                                  "(**not**)."),
      N_("”Which of the following is not a criterion?”"),
      N_("”Which of the following is **not** a criterion?” – or, better, a question without a negation."))
def check_negative_stem(item: Item):
    asking = question_part(item.q.prompt)
    found = [w for w in _WORD.findall(asking.lower()) if w in NEGATIONS]
    missing = sorted(set(found) - _emphasised(item.q.prompt))
    if missing:
        yield ("prompt",), _(
            "the question is negative (”{word}”) without the negation standing out: write **{word}** in bold, or "
            "better, rewrite the question without a negation").format(word=missing[0])


@rule("matching-echo", "item", N_("In a matching question a description does not repeat words from its own term."),
      N_("Term: ”Cluster organisation” – description: ”An organisation that runs a cluster.”"),
      N_("Term: ”Cluster organisation” – description: ”Gathers companies, research and public actors around a "
         "shared field and runs shared projects.”"))
def check_matching_echo(item: Item):
    if item.q.type != "matching":
        return
    targets = {t.id: (j, t.text) for j, t in enumerate(item.q.targets)}
    for option in item.q.options:
        own = item.q.key[option.id]
        j, text = targets[own]
        others = set().union(*(echoes(option.text, t) for tid, (_i, t) in targets.items() if tid != own))
        shared = sorted(echoes(option.text, text) - others)
        if shared:
            word = next((w for w in words(option.text) if _stem(w) == shared[0] or shared[0] in w),
                        next((w for w in words(text) if _stem(w) == shared[0] or shared[0] in w), shared[0]))
            yield ("targets", j, "text"), _(
                "the description for ”{term}” repeats a word from the term (”{word}”) that no other description has: "
                "describe the term in other words").format(term=plain(option.text), word=word)


def echoes(a: str, b: str) -> set[str]:
    """Stems the two texts share, counting a stem of five letters or more inside a word of the other
    text too (Swedish compounds: ”klusterorganisation” – ”en organisation som driver ett kluster”)."""
    words_a = {w for w in words(a) if w not in STOP_WORDS and len(w) > 1}
    words_b = {w for w in words(b) if w not in STOP_WORDS and len(w) > 1}
    stems_a, stems_b = {_stem(w) for w in words_a}, {_stem(w) for w in words_b}
    shared = stems_a & stems_b
    shared |= {s for s in stems_a if len(s) >= 5 and any(s in w for w in words_b)}
    shared |= {s for s in stems_b if len(s) >= 5 and any(s in w for w in words_a)}
    return shared


@rule("feedback-opening", "item", N_("The feedback does not start with ”Correct.” or ”Wrong.”: the course already "
                                     "shows whether the answer was right."),
      N_("feedback: ”Wrong. Tillväxtverket does not own the concept.”"),
      N_("feedback: ”The concept was introduced by the European Commission, not by Tillväxtverket.”"))
def check_feedback_opening(item: Item):
    q = item.q
    fields = ([(("feedback", side), getattr(q.feedback, side)) for side in ("sant", "falskt")]
              if q.type == "true_false" else
              [(("options", j, "feedback"), o.feedback) for j, o in enumerate(q.options)])
    for path, text in fields:
        match = FEEDBACK_OPENING.match(text)
        if match:
            yield path, _("the feedback starts with ”{word}”: the course already shows whether the answer is right or "
                          "wrong – start with why").format(word=match.group(1).capitalize())


@rule("near-duplicate", "item", N_("Two questions that test the same thing are either merged or declared enemies "
                                   "(`enemies`)."),
      N_("Two questions about the closed call in 2023 with almost the same words, without `enemies`."),
      N_("The questions are merged, or both get `enemies: [the other one's id]` so that they never end up in the same "
         "final test."))
def check_near_duplicate(item: Item):  # pairs are found across the bank in `near_duplicates`
    return ()


_meta("accepted-unknown", N_("An accepted rule in `accepted` exists: the id is one of granska's rules at question level."),
      N_("`accepted: {option-lenght-ratio: ”The terms are of different lengths.”}`"),
      N_("`accepted: {option-length-ratio: ”The terms have official names of different lengths.”}`"))
_meta("accepted-reason", N_("An accepted finding has a written reason of at least three words."),
      N_("`accepted: {negative-stem: ”ok”}`"),
      N_("`accepted: {negative-stem: ”The negation is in a scenario, not in the question itself.”}`"))
_meta("accepted-unused", N_("An accepted finding still exists: remove the line in `accepted` when the question has been "
                            "rewritten."),
      N_("`accepted: {option-length-ratio: ”…”}` on a question whose options are now equally long."),
      N_("No line in `accepted` for a rule that the question does not break."))


# -- near-duplicates: exact Jaccard with prefix filtering (not all pairs) --------------------------

def item_text(q) -> str:
    """What a question is about: its prompt, what it asks the learner to find, and its explanation."""
    if q.type in ("single_choice", "multiple_choice"):
        keys = set(q.key_ids)
        parts = [q.prompt] + [o.text for o in q.options if o.id in keys]
    elif q.type == "true_false":
        parts = [q.prompt]
    else:
        parts = [q.prompt] + [o.text for o in q.options] + [t.text for t in getattr(q, "targets", [])]
    return " ".join(parts + [q.explanation])


def jaccard(a: frozenset, b: frozenset) -> float:
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared) if a or b else 0.0


def near_duplicates(items: list[Item], threshold: float = NEAR_DUPLICATE) -> list[tuple[Item, Item, float]]:
    """Pairs of questions whose content stems overlap by at least *threshold* (Jaccard).

    Prefix filtering (Chaudhuri et al. 2006; Bayardo et al. 2007): with the stems of every
    question sorted rarest first, two sets with Jaccard >= t share a stem among the first
    |x| - ceil(t|x|) + 1 of each. Only pairs that share such a stem are compared, so the result is
    exact without comparing all pairs."""
    import math

    stems = [content_stems(item_text(it.q)) for it in items]
    frequency: dict[str, int] = {}
    for s in stems:
        for stem in s:
            frequency[stem] = frequency.get(stem, 0) + 1
    index: dict[str, list[int]] = {}
    pairs = []
    for i, s in enumerate(stems):
        ordered = sorted(s, key=lambda stem: (frequency[stem], stem))
        prefix = ordered[:len(ordered) - math.ceil(threshold * len(ordered) - 1e-9) + 1]
        candidates = set().union(*(index.get(stem, ()) for stem in prefix))
        for j in sorted(candidates):
            if threshold * len(s) <= len(stems[j]) and threshold * len(stems[j]) <= len(s):  # size filter
                similarity = jaccard(stems[j], s)
                if similarity >= threshold:
                    pairs.append((items[j], items[i], similarity))
        for stem in prefix:
            index.setdefault(stem, []).append(i)
    return pairs


# -- running the rules ------------------------------------------------------------------------

@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    accepted: list[dict] = field(default_factory=list)     # findings a question accepts, with the reason
    figures: dict = field(default_factory=dict)            # {"bank": ..., "modules": {module: ...}}
    files: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    def exit_code(self, strict: bool = False) -> int:
        return 1 if self.errors or (strict and self.warnings) else 0

    def as_json(self) -> dict:
        return {"format": "s3kurs-granska", "version": 1, "files": self.files,
                "errors": len(self.errors), "warnings": len(self.warnings),
                "findings": [f.as_json() for f in self.findings], "accepted": self.accepted,
                "figures": self.figures,
                "rules": {r.id: {"level": r.level, "severity": r.severity, "title": _(r.title)} for r in RULES.values()}}


def items_of(bank, shown: Callable[[Path], str] = str) -> list[Item]:
    return [Item(q, shown(f.path), f.content.module, i, f.loaded.line_of)
            for f in bank.files for i, q in enumerate(f.content.questions)]


def check(bank, shown: Callable[[Path], str] = str) -> Report:
    """Every rule over *bank* (a loaded, valid `Bank`)."""
    items = items_of(bank, shown)
    files = [shown(f.path) for f in bank.files]
    report = Report(files=files)
    modules = {f.content.module: (shown(f.path), f.loaded.line_of(("module",))) for f in bank.files}
    report.figures = {"bank": figures(items),
                      "modules": {m: figures([it for it in items if it.module == m]) for m in modules}}
    raw: list[tuple[Finding, list[Item]]] = []   # a finding and the questions that may accept it

    bank_rules = [r for r in RULES.values() if r.level in ("bank", "bank-only", "module-only")]
    for r in bank_rules:
        if r.level != "module-only" and items:
            message = r.check(report.figures["bank"], "bank")
            if message:
                raw.append((Finding(r.id, "bank", "error", ", ".join(files), None, None, None, message, tuple(files)), []))
        if r.level != "bank-only":
            for module, (file, line) in modules.items():
                message = r.check(report.figures["modules"][module], "module")
                if message:
                    raw.append((Finding(r.id, "module", "error", file, line, None, module, message), []))

    for it in items:
        for r in RULES.values():
            if r.level != "item":
                continue
            for path, message in r.check(it) or ():
                raw.append((Finding(r.id, "item", "warning", it.file, it.line(*path), it.q.id, it.module, message), [it]))

    for a, b, similarity in near_duplicates(items):
        if b.q.id in a.q.enemies or a.q.id in b.q.enemies:
            continue
        message = _("is {share} like the question {id} ({place}) (the same word stems in question, answer and "
                    "explanation): merge them, rewrite one of them, or declare them enemies (`enemies`) in both "
                    "questions").format(share=pct(similarity), id=a.q.id, place=f"{a.file}:{a.line('id')}")
        raw.append((Finding("near-duplicate", "item", "warning", b.file, b.line("id"), b.q.id, b.module, message), [b, a]))

    # Acceptances: only a known item rule with a written reason accepts anything.
    valid: dict[str, set[str]] = {}
    for it in items:
        for rule_id, reason in it.q.accepted.items():
            line = it.line("accepted", rule_id)
            known = RULES.get(rule_id)
            if known is None:
                item_rules = ", ".join(r.id for r in RULES.values() if r.acceptable)
                message = _("”{rule}” is not a rule of granska that can be accepted: use one of {rules}").format(
                    rule=rule_id, rules=item_rules)
                rid = "accepted-unknown"
            elif not known.acceptable:
                message = _("”{rule}” is a rule for the whole bank, a module or `accepted` itself and cannot be accepted "
                            "for a question: correct the questions instead").format(rule=rule_id)
                rid = "accepted-unknown"
            elif len(words(reason)) < REASON_MIN_WORDS:
                message = _("the reason for accepting ”{rule}” is empty or too short (”{reason}”): write why the "
                            "question is fair all the same, in at least {count} words").format(
                    rule=rule_id, reason=reason, count=REASON_MIN_WORDS)
                rid = "accepted-reason"
            else:
                valid.setdefault(it.q.id, set()).add(rule_id)
                continue
            report.findings.append(Finding(rid, "item", "error", it.file, line, it.q.id, it.module, message))

    used: set[tuple[str, str]] = set()
    for finding, acceptors in raw:
        accepting = next((it for it in acceptors if finding.rule in valid.get(it.q.id, ())), None)
        if accepting is None:
            report.findings.append(finding)
            continue
        used.add((accepting.q.id, finding.rule))
        report.accepted.append({"rule": finding.rule, "question": finding.question, "file": finding.file,
                                "line": finding.line, "accepted_in": accepting.q.id,
                                "reason": accepting.q.accepted[finding.rule], "message": finding.message})
    for it in items:
        for rule_id in sorted(valid.get(it.q.id, set()) - {r for q, r in used if q == it.q.id}):
            report.findings.append(Finding(
                "accepted-unused", "item", "error", it.file, it.line("accepted", rule_id), it.q.id, it.module,
                _("the question no longer breaks ”{rule}”: remove the line from `accepted`").format(rule=rule_id)))

    order = {"bank": 0, "module": 1, "item": 2}
    report.findings.sort(key=lambda f: (order[f.level], f.file, f.line or 0, f.rule))
    return report


# -- the text report's figures ------------------------------------------------------------------

def figures_table(report: Report) -> str:
    """One row per module and one for the whole bank: the figures the bank rules look at."""
    # column headings: short, as wide as the columns (msgids outside the f-string, for `pybabel extract`)
    columns = [(_("questions"), 6), (_("single"), 8), (_("longest"), 7), (_("middle"), 7), (_("shortest"), 7),
               (_("chance"), 6), (_("multi↑"), 8), (_("abs. right/wrong"), 14), (_("echo right/wrong"), 13),
               (_("true/false"), 11), (_("t/f abs."), 8), (_("applic."), 9)]
    header = " ".join([f"{'':<10}"] + [f"{name:>{width}}" for name, width in columns])
    rows = [header]

    def share(x):
        return "–" if x is None else f"{round(100 * x)}"

    scopes = [(m, f) for m, f in report.figures.get("modules", {}).items()] + [(_("the bank"), report.figures.get("bank", {}))]
    for name, fig in scopes:
        if not fig:
            continue
        s, m, o, t, lv = (fig["single_choice"], fig["multiple_choice"], fig["options"], fig["true_false"], fig["levels"])
        rows.append(
            f"{name:<10} {fig['questions']:>6} {s['n']:>8} {share(s.get('key_longest')):>7} {share(s.get('key_middle')):>7} "
            f"{share(s.get('key_shortest')):>7} {share(s.get('chance')):>6} {share(m['strategy_longer_half']):>8} "
            f"{share(o['absolute_keys']) + '/' + share(o['absolute_distractors']):>14} "
            f"{share(o['echo_keys']) + '/' + share(o['echo_distractors']):>13} "
            f"{str(t['true']) + '/' + str(t['false']):>11} {share(t['strategy_absolute_false']):>8} "
            f"{share(lv['application_share']):>9}")
    legend = _("Shares in percent. longest/middle/shortest: the key's place by length in single-choice questions "
               "(chance: expected for longest and shortest). multi↑: ticking the longer half, share of options right. "
               "abs.: options with an absolute word, echo: options that repeat a word stem from the question, in "
               "correct/wrong options. t/f abs.: share right with the rule ”absolute word = false” (chance 50). "
               "applic.: `level: application`.")
    return "\n".join(rows + ["", legend])


def run(paths, project=None, *, as_json: bool = False, strict: bool = False, out=None, err=None) -> int:
    """`s3kurs granska`: load the bank, print findings (and figures), return the exit code."""
    import json
    import sys

    from .bank import _display, load_bank

    out = out or sys.stdout
    err = err or sys.stderr
    bank, problems = load_bank(paths or None, project)
    if problems:
        for problem in problems:
            print(problem, file=err)
        print(_("The question bank has problems that granska cannot look past: run `s3kurs validate` and correct them "
                "first."), file=err)
        return 1
    report = check(bank, lambda path: _display(path, project))
    if as_json:
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=2), file=out)
        return report.exit_code(strict)
    for finding in report.findings:
        print(finding, file=out)
    if report.findings:
        print(file=out)
    print(figures_table(report), file=out)
    print(file=out)
    errors, warnings = len(report.errors), len(report.warnings)
    summary = _("{questions} questions in {files} file(s): {errors} errors (bank, module or `accepted`), {warnings} "
                "warnings at question level, {accepted} accepted.").format(
        questions=len(bank.questions), files=len(bank.files), errors=errors, warnings=warnings,
        accepted=len(report.accepted))
    print(summary, file=out)
    return report.exit_code(strict)


# -- the README's list of rules, rendered from RULES (a test keeps README.md in step) -------------

LEVEL_NAMES = {"bank": N_("the bank and every module, error"), "bank-only": N_("the bank, error"),
               "module-only": N_("every module, error"), "item": N_("a question, warning"),
               "accepted": N_("`accepted`, error")}


def readme_rules() -> str:
    """The rules as the README lists them: id, level, what the rule asks, a bad and a good example."""
    lines = []
    for r in RULES.values():
        level, title, bad, good = _(LEVEL_NAMES[r.level]), _(r.title), _("Bad: {example}"), _("Good: {example}")
        lines += [f"- **`{r.id}`** ({level}): {title}",
                  "  - " + bad.format(example=_(r.bad)),
                  "  - " + good.format(example=_(r.good))]
    return "\n".join(lines)


if __name__ == "__main__":  # python -m s3kurs.granska --readme: the block to paste into README.md
    import sys

    if sys.argv[1:] == ["--readme"]:
        print(readme_rules())
