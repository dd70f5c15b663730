"""Item-writing checks for the question bank: `s3kurs granska`.

The mechanically checkable rules of the published item-writing guidelines (Haladyna, Downing &
Rodriguez 2002), written against the test-wise strategies they defend against (Millman, Bishop &
Ebel 1965): pick the longest option, avoid options with absolute words, pick the option that
repeats the question's words.

Every rule is a small function registered in `RULES` with a stable ASCII id, its level and its
Swedish message and README example:

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

from collections import Counter

import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from fractions import Fraction
from pathlib import Path
from typing import Callable

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
        who = self.question or (self.module if self.level == "module" else "banken")
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
    title: str              # Swedish, one line: what the rule asks
    bad: str                # README example: an item (or figure) that breaks the rule
    good: str               # ... and one that keeps it
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


_KEY_EXAMPLE_BAD = "Nyckeln är det längsta alternativet i 8 av 11 enkelvalsfrågor (modul 5 före omskrivningen)."


@rule("key-longest", "bank", "Nyckeln är inte oftare det längsta alternativet än slumpen plus 10 procentenheter.",
      _KEY_EXAMPLE_BAD + " Den som alltid väljer det längsta alternativet får 73 % rätt; slumpen ger 25 %, gränsen är 35 %.",
      "Nyckeln är längst i 3 av 11 frågor (27 %): ungefär lika ofta som slumpen ger. Skriv om alternativen så att de "
      "är lika långa och lika precisa – fyll inte ut de felaktiga.")
def check_key_longest(fig: dict, scope: str) -> str | None:
    s = fig["single_choice"]
    if s["n"] and s["strategy_longest"] > s["chance"] + MARGIN + slack(scope, s["n"]) + 1e-9:
        return (f"nyckeln är det längsta alternativet i {s['key_longest'] * s['n']:.0f} av {s['n']} enkelvalsfrågor; att alltid välja "
                f"det längsta ger {pct(s['strategy_longest'])} rätt, slumpen {pct(s['chance'])}, högst "
                f"{pct(s['chance'] + MARGIN + slack(scope, s['n']))} går an: gör nycklarna kortare eller de felaktiga alternativen lika precisa")
    return None


@rule("key-shortest", "bank", "Nyckeln är inte oftare det kortaste alternativet än slumpen plus 10 procentenheter.",
      "Efter en omskrivning är nyckeln kortast i 6 av 10 enkelvalsfrågor: att välja det kortaste ger 60 % rätt.",
      "Nyckeln är kortast i 2 av 10 frågor, längst i 3 och mellanlång i resten.")
def check_key_shortest(fig: dict, scope: str) -> str | None:
    s = fig["single_choice"]
    if s["n"] and s["strategy_shortest"] > s["chance"] + MARGIN + slack(scope, s["n"]) + 1e-9:
        return (f"nyckeln är det kortaste alternativet i {s['key_shortest'] * s['n']:.0f} av {s['n']} enkelvalsfrågor; att alltid välja "
                f"det kortaste ger {pct(s['strategy_shortest'])} rätt, slumpen {pct(s['chance'])}, högst "
                f"{pct(s['chance'] + MARGIN + slack(scope, s['n']))} går an: låt nyckeln vara längst eller mellanlång oftare")
    return None


@rule("key-middle", "bank", "Nyckeln är inte så ofta mellanlång att det lönar sig att stryka det längsta och det "
      "kortaste alternativet.",
      "Nyckeln är aldrig längst eller kortast: den som stryker de två och gissar bland resten får 50 % rätt "
      "med fyra alternativ.",
      "Nyckeln är längst i ungefär en fjärdedel av frågorna, kortast i en fjärdedel och mellanlång i hälften.")
def check_key_middle(fig: dict, scope: str) -> str | None:
    s = fig["single_choice"]
    if s["n"] and s["strategy_middle"] > s["chance"] + MARGIN + slack(scope, s["n"]) + 1e-9:
        return (f"nyckeln är mellanlång i {s['key_middle'] * s['n']:.0f} av {s['n']} enkelvalsfrågor; att stryka det längsta och det "
                f"kortaste alternativet och gissa bland resten ger {pct(s['strategy_middle'])} rätt, slumpen "
                f"{pct(s['chance'])}, högst {pct(s['chance'] + MARGIN + slack(scope, s['n']))} går an: låt nyckeln oftare vara längst eller kortast")
    return None


@rule("mc-key-longer", "bank", "I flervalsfrågor är de rätta alternativen inte oftare de längre.",
      "I flervalsfrågorna är de rätta alternativen hela meningar och de felaktiga korta fraser: att kryssa "
      "i den längre hälften ger 80 % av alternativen rätt.",
      "Rätta och felaktiga alternativ är lika långa: att kryssa i den längre hälften ger omkring 50 %.")
def check_mc_key_longer(fig: dict, scope: str) -> str | None:
    m = fig["multiple_choice"]
    bound = 0.5 + MARGIN + slack(scope, m["options"])
    if m["options"] and m["strategy_longer_half"] > bound + 1e-9:
        return (f"i flervalsfrågorna ger det att kryssa i den längre hälften av alternativen {pct(m['strategy_longer_half'])} "
                f"av alternativen rätt, slumpen 50 %, högst {pct(bound)} går an: skriv de rätta alternativen "
                "kortare eller de felaktiga lika precisa")
    return None


@rule("key-position", "bank", "Nyckelns plats i filen avslöjar inte svaret: ingen plats (först, andra …) har nyckeln "
      "oftare än slumpen plus 10 procentenheter, och i flervalsfrågor står de rätta alternativen inte främst.",
      "Alla 13 enkelvalsfrågor i en modul har det rätta alternativet först (a). Webbplatsen blandar alternativen, men "
      "exporten till Canvas (QTI) och CSV behåller filens ordning: den som väljer det första får 100 % rätt.",
      "Nyckeln står först i 4, andra i 3, tredje i 3 och sista i 3 av 13 frågor.")
def check_key_position(fig: dict, scope: str) -> str | None:
    # places come in whole items: one item of slack at every level (the most frequent place of n
    # items is at least ⌈n/k⌉ of them), so a small bank is judged fairly and a large one strictly
    s, m = fig["single_choice"], fig["multiple_choice"]
    if s["n"] and s["strategy_position"] > s["chance"] + MARGIN + 1 / s["n"] + 1e-9:
        return (f"att alltid välja alternativet på samma plats i filen ger {pct(s['strategy_position'])} rätt i "
                f"enkelvalsfrågorna, slumpen {pct(s['chance'])}, högst {pct(s['chance'] + MARGIN + 1 / s['n'])} "
                "går an: flytta nycklarna till olika platser bland alternativen")
    bound = 0.5 + MARGIN + (1 / m["options"] if m["options"] else 0)
    if m["options"] and m["strategy_first_half"] > bound + 1e-9:
        return (f"i flervalsfrågorna ger det att kryssa i den första hälften av alternativen {pct(m['strategy_first_half'])} "
                f"av alternativen rätt, slumpen 50 %, högst {pct(bound)} går an: blanda de rätta och felaktiga "
                "alternativens platser")
    return None


@rule("absolute-words", "bank", "Felaktiga alternativ har inte oftare absoluta ord (bara, aldrig, alltid, alla …) "
      "än rätta alternativ.",
      "Felaktigt alternativ: ”Strategin gäller bara högteknologiska företag.” I modul 1–3 före omskrivningen har "
      "36 av 95 felaktiga alternativ ett absolut ord, men 3 av 60 rätta.",
      "Felaktigt alternativ: ”Strategin gäller främst företag med egen forskning.” Där ett absolut ord är sant "
      "får också ett rätt alternativ ha det.")
def check_absolute_words(fig: dict, scope: str) -> str | None:
    o = fig["options"]
    if o["distractors"] and o["keys"] and o["absolute_distractors"] > o["absolute_keys"] + 1e-9:
        return (f"{o['distractors_absolute']} av {o['distractors']} felaktiga alternativ ({pct(o['absolute_distractors'])}) "
                f"har ett absolut ord, men {o['keys_absolute']} av {o['keys']} rätta ({pct(o['absolute_keys'])}): "
                "skriv om de felaktiga alternativen utan bara/aldrig/alltid/alla/helt/ingen …, eller låt rätta "
                "alternativ ha dem där de är sanna")
    return None


@rule("prompt-echo", "bank", "Rätta alternativ upprepar inte frågans ord oftare än felaktiga alternativ gör (högst 10 "
      "procentenheter oftare).",
      "Fråga: ”Vilket kriterium brister när ingen förvaltar strategin?” Nyckel: ”Kriteriet om vem som förvaltar "
      "strategin.” De felaktiga alternativen delar inget ord med frågan.",
      "Alla alternativ namnger ett kriterium med kriteriets egna ord, och frågans ord finns lika ofta i de "
      "felaktiga alternativen som i nyckeln.")
def check_prompt_echo(fig: dict, scope: str) -> str | None:
    o = fig["options"]
    if o["distractors"] and o["keys"] and o["echo_keys"] > o["echo_distractors"] + MARGIN + 1e-9:
        return (f"{o['keys_echo']} av {o['keys']} rätta alternativ ({pct(o['echo_keys'])}) upprepar ett ord ur frågan "
                f"(samma ordstam), men bara {o['distractors_echo']} av {o['distractors']} felaktiga "
                f"({pct(o['echo_distractors'])}); högst 10 procentenheter fler går an: formulera nycklarna med egna ord")
    return None


@rule("tf-balance", "module-only", "Sant och falskt är lika vanliga: skillnaden är högst 1 per modul.",
      "Modulen har 6 påståenden som är sanna och 2 som är falska.",
      "Modulen har 4 sanna och 4 falska (eller 4 och 3).")
def check_tf_balance(fig: dict, scope: str) -> str | None:
    t = fig["true_false"]
    if abs(t["true"] - t["false"]) > TF_MAX_DIFFERENCE:
        more, fewer = ("sanna", "falskt") if t["true"] > t["false"] else ("falska", "sant")
        return (f"{t['true']} påståenden är sanna och {t['false']} falska; skillnaden får vara högst "
                f"{TF_MAX_DIFFERENCE}: skriv om något av de {more} till ett {fewer}")
    return None


@rule("tf-absolute", "bank-only", "I sant/falskt avslöjar absoluta ord inte svaret, åt något håll.",
      "Alla falska påståenden har ”alltid” eller ”aldrig”, inga sanna: regeln ”absolut ord = falskt” ger 85 % rätt.",
      "Absoluta ord finns i både sanna och falska påståenden: regeln ger omkring 50 %.")
def check_tf_absolute(fig: dict, scope: str) -> str | None:
    t = fig["true_false"]
    score = t["strategy_absolute_false"]
    if score is not None and abs(score - 0.5) > MARGIN + 1e-9:
        direction = "falskt" if score > 0.5 else "sant"
        return (f"att svara ”{direction}” på påståenden med ett absolut ord och tvärtom på resten ger "
                f"{pct(max(score, 1 - score))} rätt (slumpen 50 %, högst {pct(0.5 + MARGIN)}): absoluta ord finns i "
                f"{t['absolute_true']} sanna och {t['absolute_false']} falska påståenden – jämna ut dem")
    return None


@rule("level-application", "bank", "Minst hälften av banken och minst en tredjedel av varje modul är "
      "tillämpningsfrågor (level: application).",
      "En modul har 5 tillämpningsfrågor av 20 (25 %).",
      "Modulen har 7 tillämpningsfrågor av 20 (35 %), banken som helhet 65 av 125 (52 %).")
def check_level_application(fig: dict, scope: str) -> str | None:
    lv = fig["levels"]
    need = APPLICATION_BANK if scope == "bank" else APPLICATION_MODULE
    if lv["n"] and Fraction(lv["application"], lv["n"]) < need:
        return (f"{lv['application']} av {lv['n']} frågor ({pct(lv['application_share'])}) har level: application; "
                f"det ska vara minst {pct(float(need))}: skriv fler frågor där deltagaren tillämpar S3 i sitt arbete")
    return None


# -- item rules (each yields (line path, message)) ------------------------------------------------

@rule("option-length-ratio", "item", "Alternativen i en fråga är ungefär lika långa: det längsta är högst dubbelt så "
      "långt som det kortaste (skillnader under 25 tecken räknas inte).",
      "a) ”Ett arbetssätt där regionen kraftsamlar för innovation där potentialen är störst och förankrar valen "
      "brett.” b) ”En lag.” c) ”Ett bidrag.”",
      "a) ”Ett arbetssätt där regionen kraftsamlar där potentialen är störst.” b) ”En lag som styr vilka "
      "branscher en region får stödja.” c) ”Ett bidrag som Tillväxtverket delar ut till företag.”")
def check_option_length_ratio(item: Item):
    if not item.choice:
        return
    lengths = _lengths(item)
    longest, shortest = max(lengths), min(lengths)
    if shortest and longest / shortest > LENGTH_RATIO and longest - shortest >= LENGTH_MIN_DIFFERENCE:
        yield ("options",), (f"det längsta alternativet har {longest} tecken, det kortaste {shortest} "
                             f"({longest / shortest:.1f} gånger så långt, högst {LENGTH_RATIO:.0f}): skriv om dem så att "
                             "de blir ungefär lika långa – fyll inte ut med tomma ord")


@rule("option-length-outlier", "item", "Inget felaktigt alternativ sticker ut genom att vara mycket kortare (under "
      "hälften) eller längre (över 1,75 gånger) än medianen av de andra.",
      "Tre alternativ på en rad var och ett felaktigt på två ord: ”Ingen risk.”",
      "Alla fyra alternativen är fullständiga meningar om samma sak, med ett rimligt fel i de felaktiga.")
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
            what = "kortare" if ratio < 1 else "längre"
            yield ("options", j, "text"), (
                f"det felaktiga alternativet {option.id} har {lengths[j]} tecken, de andra i mitten {median:g}: det är "
                f"mycket {what} och sticker ut – skriv om det som ett rimligt alternativ av samma slag")


@rule("none-of-the-above", "item", "Inga alternativ av typen ”alla ovanstående”, ”inget av ovanstående” eller "
      "”både a och b”.",
      "d) ”Alla ovanstående.”",
      "Gör frågan till en flervalsfråga (”Välj alla som stämmer”) eller skriv ett fjärde rimligt alternativ.")
def check_none_of_the_above(item: Item):
    for j, option, _correct in item.options():
        if NONE_OF_THE_ABOVE.search(plain(option.text)):
            yield ("options", j, "text"), (
                f"alternativ {option.id} hänvisar till de andra alternativen: gör frågan till en flervalsfråga eller "
                "skriv ett eget rimligt alternativ")


def question_part(prompt: str) -> str:
    """The sentences that ask (end with '?'), or the whole prompt when none does."""
    sentences = re.split(r"(?<=[.?!])\s+", prompt.strip())
    asking = [s for s in sentences if s.rstrip().endswith("?")]
    return " ".join(asking) if asking else prompt


def _emphasised(prompt: str) -> set[str]:
    spans = re.findall(r"\*\*(.+?)\*\*|__(.+?)__", prompt)
    return {w for pair in spans for span in pair for w in _WORD.findall(span.lower())}


@rule("negative-stem", "item", "En fråga som frågar efter det som inte stämmer markerar nekandet med fetstil "
      "(**inte**).",
      "”Vilket av följande är inte ett kriterium?”",
      "”Vilket av följande är **inte** ett kriterium?” – eller, bättre, en fråga utan nekande.")
def check_negative_stem(item: Item):
    asking = question_part(item.q.prompt)
    found = [w for w in _WORD.findall(asking.lower()) if w in NEGATIONS]
    missing = sorted(set(found) - _emphasised(item.q.prompt))
    if missing:
        yield ("prompt",), (
            f"frågan är nekande (”{missing[0]}”) utan att nekandet syns: skriv **{missing[0]}** i fetstil, "
            "eller hellre om frågan utan nekande")


@rule("matching-echo", "item", "I en matchningsfråga upprepar en beskrivning inte ord ur sitt eget begrepp.",
      "Begrepp: ”Klusterorganisation” – beskrivning: ”En organisation som driver ett kluster.”",
      "Begrepp: ”Klusterorganisation” – beskrivning: ”Samlar företag, forskning och offentliga aktörer kring ett "
      "gemensamt område och driver gemensamma projekt.”")
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
            yield ("targets", j, "text"), (
                f"beskrivningen till ”{plain(option.text)}” upprepar ett ord ur begreppet (”{word}”), som ingen "
                "annan beskrivning har: beskriv begreppet med andra ord")


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


@rule("feedback-opening", "item", "Återkopplingen börjar inte med ”Rätt.” eller ”Fel.”: kursen visar redan om svaret "
      "var rätt.",
      "feedback: ”Fel. Tillväxtverket äger inte begreppet.”",
      "feedback: ”Begreppet introducerades av Europeiska kommissionen, inte av Tillväxtverket.”")
def check_feedback_opening(item: Item):
    q = item.q
    fields = ([(("feedback", side), getattr(q.feedback, side)) for side in ("sant", "falskt")]
              if q.type == "true_false" else
              [(("options", j, "feedback"), o.feedback) for j, o in enumerate(q.options)])
    for path, text in fields:
        match = FEEDBACK_OPENING.match(text)
        if match:
            yield path, (f"återkopplingen börjar med ”{match.group(1).capitalize()}”: kursen visar redan om svaret är rätt "
                         "eller fel – börja med varför")


@rule("near-duplicate", "item", "Två frågor som prövar samma sak är antingen sammanslagna eller deklarerade som "
      "fiender (enemies).",
      "Två frågor om den stängda utlysningen 2023 med nästan samma ord, utan enemies.",
      "Frågorna slås ihop, eller båda får enemies: [den andras id] så att de aldrig hamnar i samma slutprov.")
def check_near_duplicate(item: Item):  # pairs are found across the bank in `near_duplicates`
    return ()


_meta("accepted-unknown", "En godtagen regel i accepted finns: id:t är en av granskas regler på frågenivå.",
      "accepted: {option-lenght-ratio: ”Begreppen är olika långa.”}",
      "accepted: {option-length-ratio: ”Begreppen har olika långa officiella namn.”}")
_meta("accepted-reason", "Ett godtaget fynd har ett skrivet skäl på minst tre ord.",
      "accepted: {negative-stem: ”ok”}",
      "accepted: {negative-stem: ”Nekandet står i ett scenario, inte i själva frågan.”}")
_meta("accepted-unused", "Ett godtaget fynd finns fortfarande: ta bort accepted-raden när frågan är omskriven.",
      "accepted: {option-length-ratio: ”…”} på en fråga vars alternativ nu är lika långa.",
      "Ingen accepted-rad för en regel som frågan inte bryter mot.")


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
                "rules": {r.id: {"level": r.level, "severity": r.severity, "title": r.title} for r in RULES.values()}}


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
        message = (f"liknar frågan {a.q.id} ({a.file}:{a.line('id')}) till {pct(similarity)} (samma ordstammar i fråga, svar och "
                   "förklaring): slå ihop dem, skriv om den ena, eller deklarera dem som fiender (enemies) i båda frågorna")
        raw.append((Finding("near-duplicate", "item", "warning", b.file, b.line("id"), b.q.id, b.module, message), [b, a]))

    # Acceptances: only a known item rule with a written reason accepts anything.
    valid: dict[str, set[str]] = {}
    for it in items:
        for rule_id, reason in it.q.accepted.items():
            line = it.line("accepted", rule_id)
            known = RULES.get(rule_id)
            if known is None:
                item_rules = ", ".join(r.id for r in RULES.values() if r.acceptable)
                message = f"”{rule_id}” är ingen regel i granska som kan godtas: använd en av {item_rules}"
                rid = "accepted-unknown"
            elif not known.acceptable:
                message = (f"”{rule_id}” är en regel för hela banken, en modul eller accepted själv och kan inte godtas "
                           "för en fråga: rätta frågorna i stället")
                rid = "accepted-unknown"
            elif len(words(reason)) < REASON_MIN_WORDS:
                message = (f"skälet för att godta ”{rule_id}” är tomt eller för kort (”{reason}”): skriv varför frågan är "
                           f"rättvis ändå, med minst {REASON_MIN_WORDS} ord")
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
                f"frågan bryter inte längre mot ”{rule_id}”: ta bort raden ur accepted"))

    order = {"bank": 0, "module": 1, "item": 2}
    report.findings.sort(key=lambda f: (order[f.level], f.file, f.line or 0, f.rule))
    return report


# -- the text report's figures ------------------------------------------------------------------

def figures_table(report: Report) -> str:
    """One row per module and one for the whole bank: the figures the bank rules look at."""
    header = (f"{'':<10} {'frågor':>6} {'enkelval':>8} {'längst':>7} {'mellan':>7} {'kortast':>7} {'slump':>6} "
              f"{'flerval↑':>8} {'abs. rätt/fel':>14} {'eko rätt/fel':>13} {'sant/falskt':>11} {'s/f abs.':>8} {'tillämpn.':>9}")
    rows = [header]

    def share(x):
        return "–" if x is None else f"{round(100 * x)}"

    scopes = [(m, f) for m, f in report.figures.get("modules", {}).items()] + [("banken", report.figures.get("bank", {}))]
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
    legend = ("Andelar i procent. längst/mellan/kortast: nyckelns plats efter längd i enkelvalsfrågor (slump: "
              "väntat för längst och kortast). flerval↑: att kryssa i den längre hälften, andel rätt alternativ. "
              "abs.: alternativ med absolut ord, eko: alternativ som upprepar en ordstam ur frågan, i rätta/felaktiga "
              "alternativ. s/f abs.: andel rätt med regeln ”absolut ord = falskt” (slump 50). tillämpn.: level: "
              "application.")
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
        print("Frågebanken har fel som granska inte kan se förbi: kör s3kurs validate och rätta dem först.", file=err)
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
    summary = (f"{len(bank.questions)} frågor i {len(bank.files)} fil(er): {errors} fel (bank, modul eller accepted), "
               f"{warnings} varningar på frågenivå, {len(report.accepted)} godtagna.")
    print(summary, file=out)
    return report.exit_code(strict)


# -- the README's list of rules, rendered from RULES (a test keeps README.md in step) -------------

LEVEL_NAMES = {"bank": "banken och varje modul, fel", "bank-only": "banken, fel", "module-only": "varje modul, fel",
               "item": "en fråga, varning", "accepted": "accepted, fel"}


def readme_rules() -> str:
    """The rules as the README lists them: id, level, what the rule asks, a bad and a good example."""
    lines = []
    for r in RULES.values():
        lines += [f"- **`{r.id}`** ({LEVEL_NAMES[r.level]}): {r.title}",
                  f"  - Dåligt: {r.bad}",
                  f"  - Bra: {r.good}"]
    return "\n".join(lines)


if __name__ == "__main__":  # python -m s3kurs.granska --readme: the block to paste into README.md
    import sys

    if sys.argv[1:] == ["--readme"]:
        print(readme_rules())
