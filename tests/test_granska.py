"""`s3kurs granska`: each item-writing rule fires on a small constructed bank and stays quiet on a
fair one; acceptances, --json, exit codes, the README's list of rules, and the course bank itself."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from s3kurs import cli, granska
from s3kurs.bank import _display, load_bank
from s3kurs.project import Project

from conftest import MINI, ROOT

LETTERS = "abcdefgh"


# -- building small banks ---------------------------------------------------------------------------

def _tag(qid: str) -> str:
    return qid.replace("-", "")


def _base(qid: str, qtype: str, prompt: str | None, level: str) -> dict:
    tag = _tag(qid)
    return {"id": qid, "type": qtype, "prompt": prompt or f"Vilken {tag}fråga gäller?",
            "explanation": f"{tag}förklaring.", "lesson": "mini-avsnitt", "source": "exempel2020",
            "goals": ["mini-g1"], "difficulty": 1, "level": level}


def filler(tag: str, length: int) -> str:
    """One word of exactly *length* characters, unique to *tag* (no echo, no shared stems)."""
    return (tag + "z" * length)[:length] if length > len(tag) else tag[:length]


def options(qid: str, lengths, texts=None) -> list[dict]:
    texts = texts or [filler(f"{_tag(qid)}{LETTERS[j]}", n) for j, n in enumerate(lengths)]
    return [{"id": LETTERS[j], "text": t, "feedback": f"Så här ligger det till med {LETTERS[j]}."}
            for j, t in enumerate(texts)]


def sc(qid, lengths=(30, 28, 26, 24), key=0, *, texts=None, prompt=None, level="application", **extra) -> dict:
    q = _base(qid, "single_choice", prompt, level)
    q.update(options=options(qid, lengths, texts), key=LETTERS[key], **extra)
    return q


def mc(qid, lengths=(30, 28, 26, 24), keys=(0, 2), *, texts=None, prompt=None, level="application", **extra) -> dict:
    q = _base(qid, "multiple_choice", prompt, level)
    q.update(options=options(qid, lengths, texts), key=[LETTERS[k] for k in keys], **extra)
    return q


def tf(qid, key: bool, *, prompt=None, level="application", feedback=None, **extra) -> dict:
    q = _base(qid, "true_false", prompt or f"{_tag(qid)}påstående {_tag(qid)}uttryck.", level)
    q.update(key=key, feedback=feedback or {"sant": "Därför att det är så.", "falskt": "Därför att det inte är så."},
             **extra)
    return q


def matching(qid, terms, targets, *, level="application", **extra) -> dict:
    q = _base(qid, "matching", "Para ihop begreppen med beskrivningarna.", level)
    q.update(options=[{"id": LETTERS[j], "text": t, "feedback": "Så hänger det ihop."} for j, t in enumerate(terms)],
             targets=[{"id": f"t{j + 1}", "text": t} for j, t in enumerate(targets)],
             key={LETTERS[j]: f"t{j + 1}" for j in range(len(terms))}, **extra)
    return q


def fair() -> list[dict]:
    """A bank that keeps every rule: keys longest, shortest and twice in the middle; a balanced
    multiple-choice item; one true and one false statement; all application."""
    return [sc("s1", key=0), sc("s2", key=3), sc("s3", key=1), sc("s4", key=2),
            mc("m1", keys=(0, 2)), tf("t1", True), tf("t2", False)]


@pytest.fixture
def course(tmp_path, monkeypatch) -> Path:
    """The fixture course with an empty quizzes/ folder; the working directory is inside it."""
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    for path in (target / "quizzes").glob("*.yml"):
        path.unlink()
    monkeypatch.chdir(target)
    monkeypatch.delenv("S3KURS_ROOT", raising=False)
    return target


def write(course: Path, questions: list[dict], module: str = "mini") -> Path:
    path = course / "quizzes" / f"{module}.yml"
    path.write_text(yaml.safe_dump({"module": module, "title": "Minikurs", "questions": questions},
                                   allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def report(course: Path) -> granska.Report:
    project = Project.find(course)
    bank, problems = load_bank(project=project)
    assert problems == [], "\n".join(map(str, problems))
    return granska.check(bank)


def found(rep: granska.Report, rule: str, level: str | None = None) -> list[granska.Finding]:
    return [f for f in rep.findings if f.rule == rule and (level is None or f.level == level)]


def rules_found(rep: granska.Report) -> set[str]:
    return {f.rule for f in rep.findings}


def run_cli(capsys, *args) -> tuple[int, str, str]:
    code = cli.main(["granska", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


# -- the fair bank -----------------------------------------------------------------------------------

def test_a_fair_bank_has_no_findings(course, capsys):
    write(course, fair())
    rep = report(course)
    assert rep.findings == []
    s = rep.figures["bank"]["single_choice"]
    assert (s["n"], s["key_longest"], s["key_shortest"], s["key_middle"]) == (4, 0.25, 0.25, 0.5)
    code, out, _ = run_cli(capsys)
    assert code == 0
    assert "0 fel" in out and "0 varningar" in out


# -- bank and module rules ---------------------------------------------------------------------------

def test_key_longest(course):
    write(course, [sc(f"s{i}", key=0) for i in range(4)] + fair()[4:])
    rep = report(course)
    assert found(rep, "key-longest", "bank") and found(rep, "key-longest", "module")
    bank = found(rep, "key-longest", "bank")[0]
    assert "4 av 4" in bank.message and "100 %" in bank.message and "35 %" in bank.message


def test_key_shortest(course):
    write(course, [sc(f"s{i}", key=3) for i in range(4)] + fair()[4:])
    assert {"key-shortest"} <= rules_found(report(course))
    write(course, fair())
    assert "key-shortest" not in rules_found(report(course))


def test_key_middle_bank_strict_module_with_one_item_of_slack(course):
    # keys always in the middle: striking the longest and the shortest gives 50 % (chance 25 %)
    write(course, [sc(f"s{i}", key=1 + i % 2) for i in range(4)] + fair()[4:])
    rep = report(course)
    assert found(rep, "key-middle", "bank")
    assert not found(rep, "key-middle", "module")  # 50 % <= 25 % + 10 + 1/4
    assert rep.figures["bank"]["single_choice"]["strategy_middle"] == pytest.approx(0.5)


def test_key_rank_ties_are_shared():
    assert granska.key_rank([10, 10, 5, 3], 0) == (0.5, 0.5, 0.0)
    assert granska.key_rank([4, 4, 4, 4], 2) == (0.25, 0.5, 0.25)
    assert granska.key_rank([7, 3], 1) == (0.0, 0.0, 1.0)


def test_the_key_share_uses_each_items_own_number_of_options(course):
    # three options: chance 1/3, so the bank bound is 43 %; key longest in 1 of 3 items passes
    items = [sc("s1", (30, 27, 24), key=0), sc("s2", (30, 27, 24), key=1), sc("s3", (30, 27, 24), key=2)]
    write(course, items + fair()[4:])
    rep = report(course)
    assert rep.figures["bank"]["single_choice"]["chance"] == pytest.approx(1 / 3)
    assert not {"key-longest", "key-shortest", "key-middle"} & rules_found(rep)


def test_mc_key_longer(course):
    write(course, fair()[:4] + [mc("m1", keys=(0, 1))] + fair()[5:])
    rep = report(course)
    assert found(rep, "mc-key-longer", "bank") and found(rep, "mc-key-longer", "module")
    assert rep.figures["bank"]["multiple_choice"]["strategy_longer_half"] == 1.0
    write(course, fair())
    assert report(course).figures["bank"]["multiple_choice"]["strategy_longer_half"] == 0.5


def test_absolute_words(course):
    items = fair()
    items[0]["options"][1]["text"] = "Det gäller alltid och överallt."  # a distractor
    write(course, items)
    rep = report(course)
    assert found(rep, "absolute-words", "bank") and found(rep, "absolute-words", "module")
    assert "1 av 14 felaktiga" in found(rep, "absolute-words", "bank")[0].message
    # a key with an absolute word where it is true: keys 1 of 6, distractors 1 of 17
    items[1]["options"][3]["text"] = "Samtliga villkor gäller fortfarande."
    write(course, items)
    assert "absolute-words" not in rules_found(report(course))


def test_prompt_echo(course):
    items = fair()
    for q in items[:4]:
        key = LETTERS.index(q["key"])
        q["prompt"] = "Vilken myndighet förvaltar programmet?"
        q["options"][key]["text"] = "Den myndighet som förvaltar programmet."
    write(course, items)
    rep = report(course)
    assert found(rep, "prompt-echo", "bank")
    assert rep.figures["bank"]["options"]["keys_echo"] == 4
    # the distractors echo as often: no tell
    for q in items[:4]:
        for option in q["options"]:
            option["text"] = f"Den myndighet som förvaltar {option['id']}programmet."
    write(course, items)
    assert "prompt-echo" not in rules_found(report(course))


def test_stemming_matches_inflected_forms():
    assert granska.content_stems("regionerna prioriterade") & granska.content_stems("Regionens prioritering")
    assert not granska.content_stems("och det att som är")  # stop words only


def test_tf_balance(course):
    write(course, fair()[:5] + [tf("t1", True), tf("t2", True), tf("t3", True)])
    rep = report(course)
    assert found(rep, "tf-balance", "module")
    assert not found(rep, "tf-balance", "bank")  # a rule per module
    write(course, fair()[:5] + [tf("t1", True), tf("t2", True), tf("t3", False)])
    assert "tf-balance" not in rules_found(report(course))


def test_tf_absolute(course):
    statements = [tf("t1", True), tf("t2", True),
                  tf("t3", False, prompt="Strategin gäller alltid alla branscher."),
                  tf("t4", False, prompt="Villkoret uppfylls aldrig i efterhand.")]
    write(course, fair()[:5] + statements)
    rep = report(course)
    assert found(rep, "tf-absolute", "bank")
    assert rep.figures["bank"]["true_false"]["strategy_absolute_false"] == 1.0
    statements[0]["prompt"] = "Stödet gäller alla län i programområdet."
    statements[2]["prompt"] = "Strategin gäller branscher i hela landet."
    write(course, fair()[:5] + statements)
    assert "tf-absolute" not in rules_found(report(course))


def test_level_application_bank_half_module_third(course):
    items = fair()
    for q in items[:5]:
        q["level"] = "recall"
    write(course, items)  # 2 of 7 application: under a third and under half
    rep = report(course)
    assert found(rep, "level-application", "bank") and found(rep, "level-application", "module")
    items[4]["level"] = "application"
    write(course, items)  # 3 of 7 (43 %): enough for a module, not for the bank
    rep = report(course)
    assert found(rep, "level-application", "bank") and not found(rep, "level-application", "module")


def test_module_findings_name_the_file_and_module(course):
    write(course, fair(), "mini")
    other = [sc(f"x{i}", key=0) for i in range(4)] + [tf("xt1", True), tf("xt2", False)]
    path = write(course, other, "andra")
    rep = report(course)
    module = found(rep, "key-longest", "module")
    assert [(f.module, Path(f.file).resolve()) for f in module] == [("andra", path.resolve())]
    assert str(module[0]).startswith(f"{module[0].file}:1: andra: key-longest: ")
    bank = found(rep, "key-longest", "bank")[0]
    assert {Path(f).resolve() for f in bank.files} == {path.resolve(), (course / "quizzes" / "mini.yml").resolve()}
    assert ": banken: key-longest: " in str(bank)


# -- item rules ----------------------------------------------------------------------------------------

def item_findings(course, question: dict, rule: str) -> list[granska.Finding]:
    write(course, fair() + [question])
    return [f for f in report(course).findings if f.question == question["id"] and f.rule == rule]


def test_option_length_ratio(course):
    hit = item_findings(course, sc("q", (80, 30, 32, 34), key=1), "option-length-ratio")
    assert len(hit) == 1 and "80 tecken" in hit[0].message and "30" in hit[0].message
    assert not item_findings(course, sc("q", (40, 35, 30, 25), key=1), "option-length-ratio")
    # short options vary a lot: 4 against 12 characters is not a finding
    assert not item_findings(course, sc("q", (12, 4, 5, 6), key=1), "option-length-ratio")


def test_option_length_outlier(course):
    hit = item_findings(course, sc("q", (40, 40, 40, 18), key=0), "option-length-outlier")
    assert [f.message.split()[3] for f in hit] == ["d"]
    long = item_findings(course, sc("q", (30, 32, 34, 70), key=0), "option-length-outlier")
    assert len(long) == 1 and "längre" in long[0].message
    assert not item_findings(course, sc("q", (40, 36, 33, 30), key=0), "option-length-outlier")
    # the key is not judged here (the bank rules do that)
    assert not item_findings(course, sc("q", (40, 40, 40, 18), key=3), "option-length-outlier")


@pytest.mark.parametrize("text", ["Alla ovanstående.", "Inget av ovanstående", "Inget av alternativen ovan.",
                                  "Både a och c.", "Samtliga av dem.", "Alla av de ovanstående alternativen."])
def test_none_of_the_above(course, text):
    texts = ["Regionen beslutar själv om det.", "Kommissionen beslutar om det.", "Staten beslutar om det.", text]
    assert item_findings(course, sc("q", texts=texts, key=0), "none-of-the-above")


def test_none_of_the_above_quiet_on_ordinary_words(course):
    texts = ["Alla regioner i landet.", "Ingen av regionerna i norr.", "Båda programmen.", "Inget program."]
    assert not item_findings(course, sc("q", texts=texts, key=0), "none-of-the-above")


@pytest.mark.parametrize("prompt, fires", [
    ("Vilket av följande är inte ett kriterium?", True),
    ("Vilket krav gäller ej längre?", True),
    ("Vilket av följande är **inte** ett kriterium?", False),
    ("Vilket av följande är **inte alls** ett kriterium?", False),
    ("En region har inte uppdaterat sin analys. Vad bör du göra först?", False),  # negation in the scenario
    ("Strategin behöver inte uppdateras under perioden.", True),                  # a statement: all of it
    ("Vilket kriterium är uppfyllt?", False),
])
def test_negative_stem(course, prompt, fires):
    assert bool(item_findings(course, sc("q", prompt=prompt, key=1), "negative-stem")) is fires


def test_matching_echo(course):
    bad = matching("q", ["Klusterorganisation", "Triple helix"],
                   ["En organisation som driver ett kluster.", "Samverkan mellan akademi, näringsliv och offentlig sektor."])
    hit = item_findings(course, bad, "matching-echo")
    assert len(hit) == 1 and "klusterorganisation" in hit[0].message
    good = matching("q", ["Klusterorganisation", "Triple helix"],
                    ["Samlar företag och forskare kring ett gemensamt område.",
                     "Samverkan mellan akademi, näringsliv och offentlig sektor."])
    assert not item_findings(course, good, "matching-echo")
    # a word every description shares is no tell
    shared = matching("q", ["Blekinge", "Skåne"], ["Skåne-Blekinge", "Skåne-Blekinge öst"])
    assert not item_findings(course, shared, "matching-echo")


@pytest.mark.parametrize("text, fires", [
    ("Rätt. Så beskriver Tillväxtverket det.", True),
    ("Fel. Det är en vanlig missuppfattning.", True),
    ("**Fel.** Det är en vanlig missuppfattning.", True),
    ("Rätt svar: regionen.", True),
    ("Rättvisa är ett annat begrepp.", False),
    ("Felet ligger i antagandet att det går snabbt.", False),
    ("Så beskriver Tillväxtverket det.", False),
])
def test_feedback_opening(course, text, fires):
    q = sc("q", key=1)
    q["options"][2]["feedback"] = text
    assert bool(item_findings(course, q, "feedback-opening")) is fires


def test_feedback_opening_in_true_false(course):
    q = tf("q", True, feedback={"sant": "Rätt! Det gäller hela perioden.", "falskt": "Det gäller hela perioden."})
    hit = item_findings(course, q, "feedback-opening")
    assert len(hit) == 1


def _twins(**extra):
    prompt = "Vilken utlysning från Tillväxtverket stängde under hösten med krav på nationella aktörer?"
    a = sc("u1", prompt=prompt, **extra.get("u1", {}))
    b = sc("u2", prompt=prompt.replace("hösten", "våren"), **extra.get("u2", {}))
    a["explanation"] = b["explanation"] = "Utlysningen krävde aktörer från flera regioner och nationella aktörer."
    return a, b


def test_near_duplicate(course):
    a, b = _twins()
    write(course, fair() + [a, b])
    hit = found(report(course), "near-duplicate")
    assert [(f.question, f.level) for f in hit] == [("u2", "item")]
    assert "u1" in hit[0].message


def test_near_duplicate_declared_enemies_are_exempt(course):
    a, b = _twins(u1={"enemies": ["u2"]}, u2={"enemies": ["u1"]})
    write(course, fair() + [a, b])
    assert not found(report(course), "near-duplicate")


def test_near_duplicates_prefix_filter_is_exact():
    """The prefix filter finds exactly the pairs that comparing all pairs finds."""
    bank, _ = load_bank(project=Project.find(ROOT))
    items = granska.items_of(bank)
    stems = [granska.content_stems(granska.item_text(it.q)) for it in items]
    for threshold in (0.2, 0.3, 0.5):
        brute = {(items[i].q.id, items[j].q.id) for i in range(len(items)) for j in range(i + 1, len(items))
                 if granska.jaccard(stems[i], stems[j]) >= threshold}
        fast = {(a.q.id, b.q.id) for a, b, _ in granska.near_duplicates(items, threshold)}
        assert fast == brute


# -- accepting item findings ---------------------------------------------------------------------------

def test_an_accepted_item_finding_is_listed_not_reported(course, capsys):
    q = sc("q", (80, 30, 32, 34), key=1,
           accepted={"option-length-ratio": "Begreppen har olika långa officiella namn."})
    write(course, fair() + [q])
    rep = report(course)
    assert "option-length-ratio" not in rules_found(rep)
    assert [(a["rule"], a["question"], a["reason"]) for a in rep.accepted] == [
        ("option-length-ratio", "q", "Begreppen har olika långa officiella namn.")]
    code, out, _ = run_cli(capsys, "--strict")
    assert code == 1  # option a (80 characters) still stands out: that finding is not accepted
    assert "option-length-outlier" in out and "option-length-ratio" not in out
    assert "1 godtagna" in out


def test_accepting_near_duplicate_in_either_question(course):
    a, b = _twins(u1={"accepted": {"near-duplicate": "Två årstider prövas med avsikt."}})
    write(course, fair() + [a, b])
    rep = report(course)
    assert not found(rep, "near-duplicate")
    assert rep.accepted[0]["accepted_in"] == "u1" and rep.accepted[0]["question"] == "u2"


def test_accepted_unknown_rule(course, capsys):
    q = sc("q", key=1, accepted={"option-lenght-ratio": "Begreppen är olika långa här."})
    write(course, fair() + [q])
    hit = found(report(course), "accepted-unknown")
    assert len(hit) == 1 and hit[0].severity == "error" and "option-lenght-ratio" in hit[0].message
    assert run_cli(capsys)[0] == 1


def test_a_bank_rule_cannot_be_accepted(course):
    q = sc("q", key=0, accepted={"key-longest": "Den här frågan måste vara så."})
    write(course, fair() + [q])
    hit = found(report(course), "accepted-unknown")
    assert len(hit) == 1 and "kan inte godtas" in hit[0].message


def test_a_short_reason_is_a_finding_and_accepts_nothing(course, capsys):
    q = sc("q", (80, 30, 32, 34), key=1, accepted={"option-length-ratio": "ok"})
    write(course, fair() + [q])
    rep = report(course)
    assert found(rep, "accepted-reason") and found(rep, "option-length-ratio")
    assert rep.accepted == []
    assert run_cli(capsys)[0] == 1


def test_an_empty_reason_is_refused(course, capsys):
    q = sc("q", key=1, accepted={"option-length-ratio": ""})
    write(course, fair() + [q])
    code, out, err = run_cli(capsys)
    assert code == 1 and "accepted" in err and "är tomt" in err


def test_an_unused_acceptance_is_a_finding(course):
    q = sc("q", key=1, accepted={"negative-stem": "Nekandet står i scenariot, inte i frågan."})
    write(course, fair() + [q])
    hit = found(report(course), "accepted-unused")
    assert len(hit) == 1 and hit[0].severity == "error"


# -- output and exit codes -----------------------------------------------------------------------------

def test_each_finding_is_one_line_with_file_line_question_rule(course, capsys):
    path = write(course, fair() + [sc("q", prompt="Vilket av följande är inte rätt?", key=1)])
    code, out, _ = run_cli(capsys)
    assert code == 0  # item-level findings are warnings
    line = next(row for row in out.splitlines() if "negative-stem" in row)
    assert re.fullmatch(r"quizzes/mini\.yml:\d+: q: negative-stem: .+", line), line
    number = int(line.split(":")[1])
    assert path.read_text(encoding="utf-8").splitlines()[number - 1].strip().startswith("prompt:")


def test_exit_codes(course, capsys):
    write(course, fair())
    assert run_cli(capsys)[0] == 0
    assert run_cli(capsys, "--strict")[0] == 0
    write(course, fair() + [sc("q", prompt="Vilket av följande är inte rätt?", key=1)])
    assert run_cli(capsys)[0] == 0
    assert run_cli(capsys, "--strict")[0] == 1
    write(course, [sc(f"s{i}", key=0) for i in range(4)] + fair()[4:])
    assert run_cli(capsys)[0] == 1


def test_paths_limit_the_bank(course, capsys):
    write(course, fair(), "mini")
    write(course, [sc(f"x{i}", key=0) for i in range(4)] + [tf("xt1", True), tf("xt2", False)], "andra")
    assert run_cli(capsys, "quizzes/mini.yml")[0] == 0
    assert run_cli(capsys, "quizzes/andra.yml")[0] == 1


def test_json_output(course, capsys):
    write(course, fair() + [sc("q", prompt="Vilket av följande är inte rätt?", key=1,
                               accepted={"option-length-ratio": "Skälet är skrivet här."})])
    code, out, _ = run_cli(capsys, "--json")
    data = json.loads(out)
    assert code == 1  # the unused acceptance is an error
    assert data["format"] == "s3kurs-granska" and data["version"] == 1
    assert set(data) == {"format", "version", "files", "errors", "warnings", "findings", "accepted", "figures", "rules"}
    finding = next(f for f in data["findings"] if f["rule"] == "negative-stem")
    assert set(finding) == {"rule", "level", "severity", "file", "files", "line", "question", "module", "message"}
    assert (finding["level"], finding["severity"], finding["question"]) == ("item", "warning", "q")
    assert set(data["figures"]) == {"bank", "modules"} and "mini" in data["figures"]["modules"]

    def keys(value):
        if isinstance(value, dict):
            for k, v in value.items():
                yield k
                yield from keys(v)
        elif isinstance(value, list):
            for v in value:
                yield from keys(v)

    assert all(re.fullmatch(r"[a-z0-9_-]+", k) for k in keys(data))


def test_a_broken_bank_is_not_checked(course, capsys):
    (course / "quizzes" / "mini.yml").write_text("module: mini\ntitle: x\nquestions: []\n", encoding="utf-8")
    code, out, err = run_cli(capsys)
    assert code == 1 and "s3kurs validate" in err and out == ""


# -- the registry and the README ----------------------------------------------------------------------

def test_every_rule_is_registered_with_level_message_and_examples():
    assert set(r.level for r in granska.RULES.values()) <= set(granska.LEVEL_NAMES)
    for r in granska.RULES.values():
        assert re.fullmatch(r"[a-z][a-z0-9-]*", r.id)
        assert r.title and r.bad and r.good
        assert (r.check is None) == (r.level == "accepted")
    # the rules the issue asks for
    assert {"key-longest", "key-shortest", "key-middle", "mc-key-longer", "absolute-words", "prompt-echo",
            "tf-balance", "tf-absolute", "level-application", "option-length-ratio", "option-length-outlier",
            "none-of-the-above", "negative-stem", "near-duplicate", "matching-echo", "feedback-opening",
            "accepted-unknown", "accepted-reason"} <= set(granska.RULES)


def test_the_readme_lists_every_rule_as_the_registry_does():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("<!-- granska-regler:")
    block = text[text.index("\n", start) + 1:text.index("<!-- /granska-regler -->")].strip()
    assert block == granska.readme_rules(), (
        "README.md is out of step with s3kurs/granska.py: replace the block between the granska-regler "
        "comments with the output of `.venv/bin/python -m s3kurs.granska --readme`")
    words = re.search(r"\*\*Ord\.\*\* Absoluta ord är: (.+?) \(listan", text, re.S)[1]
    listed = set(re.split(r",\s*|\s+och\s+", " ".join(words.split())))
    assert listed == set(granska.ABSOLUTE_WORDS)


# -- the course bank -----------------------------------------------------------------------------------

def test_the_course_bank_passes_the_bank_and_module_rules():
    """`make test` fails while a bank- or module-level rule fails, or an acceptance is wrong."""
    project = Project.find(ROOT)
    bank, problems = load_bank(project=project)
    assert problems == []
    rep = granska.check(bank, lambda path: _display(path, project))
    assert rep.errors == [], "\n".join(map(str, rep.errors))


def test_key_position_in_the_file(course):
    # every key first: picking the first option in an export that keeps the file's order always wins
    first = [sc("s1", key=0, lengths=(24, 30, 28, 26)), sc("s2", key=0, lengths=(26, 24, 30, 28)),
             sc("s3", key=0, lengths=(28, 26, 24, 30)), sc("s4", key=0, lengths=(30, 28, 26, 24)),
             mc("m1", keys=(0, 2)), tf("t1", True), tf("t2", False)]
    write(course, first)
    assert found(report(course), "key-position", "bank")
    write(course, fair())
    assert not found(report(course), "key-position")
    # multiple choice: the right options all in the first half of the file's order
    front = [*fair()[:4], mc("m1", lengths=(30, 28, 26, 24, 22, 20), keys=(0, 1, 2)),
             mc("m2", lengths=(30, 28, 26, 24, 22, 20), keys=(0, 1)), tf("t1", True), tf("t2", False)]
    write(course, front)
    assert any("första hälften" in f.message for f in found(report(course), "key-position"))


def test_a_key_that_is_seldom_the_longest_is_a_cue_too(course):
    # keys never the longest (half shortest, half in the middle): "never choose the longest" pays
    write(course, [sc(f"s{i}", key=1 + 2 * (i % 2)) for i in range(4)] + fair()[4:])
    rep = report(course)
    bank = found(rep, "key-longest", "bank")
    assert bank and "bara 0 av 4" in bank[0].message and "minst 15 %" in bank[0].message
    assert not found(rep, "key-longest", "module")  # 0 % >= 25 % - 10 - 1/4
