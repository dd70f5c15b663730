"""The validator: the real bank passes, and each class of problem gets one clear line."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from s3kurs import cli
from s3kurs.bank import load_bank, read_file
from s3kurs.datafile import MAX_BYTES
from s3kurs.project import Project

from conftest import ROOT

QUESTION = """\
module: mini
title: Minikurs
questions:
  - id: q1
    type: single_choice
    prompt: Vilket är rätt?
    options:
      - id: a
        text: Rätt
        feedback: Ja.
      - id: b
        text: Fel
        feedback: Nej.
    key: a
    explanation: Förklaring.
    lesson: mini-avsnitt
    source: exempel2020
    goals: [mini-g1]
    difficulty: 1
    level: recall
"""


def problems_for(project: Path, text: str | bytes, name: str = "mini.yml") -> list[str]:
    path = project / "quizzes" / name
    if isinstance(text, str):
        text = text.encode("utf-8")
    path.write_bytes(text)
    _, problems = load_bank(project=Project.find(project))
    return [str(p) for p in problems]


def test_the_course_bank_is_valid():
    bank, problems = load_bank(project=Project.find(ROOT))
    assert problems == [], "\n".join(map(str, problems))
    assert len(bank.questions) >= 8


def test_the_fixture_bank_is_valid(mini_project):
    bank, problems = load_bank(project=Project.find(mini_project))
    assert problems == []
    assert {q.type for q in bank.questions} == {"single_choice", "multiple_choice", "true_false", "ordering", "matching"}


CASES = [
    # (name, file content, expected fragment, expected line)
    ("yaml syntax", "module: mini\nquestions: [\n  - a\n  b: c\n", "YAML syntax error", None),
    ("empty", "", "the file is empty", None),
    ("only comments", "# nothing here\n", "the file is empty", None),
    ("binary", b"\x89PNG\r\n\x1a\n\x00\x00", "binary", None),
    ("not utf-8", b"module: mini\ntitle: \xe5r\n", "not UTF-8", 2),
    ("too large", b"#" * (MAX_BYTES + 1), "over the limit", None),
    ("wrong shape", "- a\n- b\n", "wrong shape", 1),
    ("unknown field", QUESTION.replace("    prompt:", "    promt:"), "questions[0].promt (question q1): unknown field", 6),
    ("missing field", QUESTION.replace("    explanation: Förklaring.\n", ""), "questions[0].explanation (question q1): required field is missing", None),
    ("wrong type", QUESTION.replace("difficulty: 1", "difficulty: svår"), "difficulty (question q1): is 'svår': use one of 1, 2 or 3", 19),
    ("list expected", QUESTION.replace("goals: [mini-g1]", "goals: mini-g1"), "goals (question q1): is 'mini-g1', expected a list", 18),
    ("key names no option", QUESTION.replace("key: a", "key: z"), "key names no option 'z'; use one of: a, b", 14),
    ("single with two keys", QUESTION.replace("key: a", "key: [a, b]"), "exactly one correct option, this key names 2", 14),
    ("empty options", QUESTION.replace(QUESTION[QUESTION.index("    options:"):QUESTION.index("    key:")], "    options: []\n"),
     "options (question q1): needs at least 2 item(s), has 0", 7),
    ("empty option text", QUESTION.replace("text: Fel", "text: ''"), "options[1].text (question q1): is empty", 12),
    ("bad id", QUESTION.replace("id: q1", "id: Fråga 1"), "is not a valid id", 4),
    ("unknown type", QUESTION.replace("single_choice", "essay"), "unknown type 'essay'", None),
    ("duplicate option ids", QUESTION.replace("id: b", "id: a"), "option id 'a' is used twice", 7),
    ("lesson label", QUESTION.replace("lesson: mini-avsnitt", "lesson: finns-inte"), "no label '(finns-inte)=' exists", 16),
    ("source key", QUESTION.replace("source: exempel2020", "source: okand2000"), "'okand2000' is not a key in references.bib", 17),
    ("goal id", QUESTION.replace("goals: [mini-g1]", "goals: [mini-g9]"), "no lesson declares the learning goal 'mini-g9'", 18),
    ("object tag", QUESTION.replace("prompt: Vilket är rätt?", "prompt: !!python/object/apply:os.system ['true']"), "tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed", 6),
    ("plain tag", QUESTION.replace("difficulty: 1", "difficulty: !!int 1"), "is not allowed", 19),
    ("anchor", QUESTION.replace("text: Rätt", "text: &t Rätt"), "anchor '&t' is not allowed", 9),
    ("alias", "a: &x [1]\nb: *x\n", "anchor '&x' is not allowed", 1),
    ("billion laughs", "a: &a ['lol','lol']\nb: &b [*a,*a,*a,*a]\nc: [*b,*b,*b,*b]\n", "anchor '&a' is not allowed", 1),
    ("duplicate field", QUESTION.replace("    difficulty: 1", "    difficulty: 1\n    difficulty: 2"), "'difficulty' appears twice", 20),
    ("module mismatch", QUESTION.replace("module: mini", "module: annan"), "module: 'annan' differs from the file name", 1),
    ("true/false key", QUESTION.replace("type: single_choice", "type: true_false").replace("key: a", "key: sant"), "write key: true or key: false", 14),
    ("deep nesting", "a: " + "[" * 5000 + "]" * 5000 + "\n", "", None),
]


@pytest.mark.parametrize("name,text,expected,line", CASES, ids=[c[0] for c in CASES])
def test_each_problem_gets_a_clear_line(mini_project, name, text, expected, line):
    problems = problems_for(mini_project, text)
    assert problems, f"{name}: no problem reported"
    joined = "\n".join(problems)
    assert expected in joined
    for problem in problems:
        assert problem.startswith("quizzes/mini.yml"), problem
        assert "Traceback" not in problem
    if line is not None:
        assert any(p.startswith(f"quizzes/mini.yml:{line}:") for p in problems if expected in p), joined


def test_duplicate_ids_across_files_name_both_places(mini_project):
    problems = problems_for(mini_project, QUESTION.replace("module: mini", "module: extra").replace("id: q1", "id: mini-single"),
                            name="extra.yml")
    assert len(problems) == 1, problems
    assert re.search(r"^quizzes/(extra|mini)\.yml:\d+: questions\[0\] \(question mini-single\)\.id: "
                     r"id 'mini-single' is already used at quizzes/(extra|mini)\.yml:\d+", problems[0]), problems


def test_ordering_and_matching_keys_are_checked(mini_project):
    text = (mini_project / "quizzes" / "mini.yml").read_text(encoding="utf-8")
    broken = text.replace("key: [ett, tva, tre]", "key: [ett, tva]").replace("katt: jamar", "katt: vrider")
    joined = "\n".join(problems_for(mini_project, broken))
    assert "the key must list every option in order; add tre" in joined
    assert "key names no target 'vrider'" in joined


def test_enemies_name_existing_questions_both_ways(mini_project):
    def question(qid: str, difficulty: int, enemies: str = "") -> str:
        text = QUESTION.split("questions:\n", 1)[1].replace("id: q1", f"id: {qid}")
        text = text.replace("difficulty: 1", f"difficulty: {difficulty}")
        return text + (f"    enemies: [{enemies}]\n" if enemies else "")

    head = "module: extra\ntitle: Extra\nquestions:\n"
    bank = head + question("e1", 1, "e2, e9") + question("e2", 2) + question("e3", 3, "e3")
    problems = "\n".join(problems_for(mini_project, bank, name="extra.yml"))
    assert "enemies[1] (question e1): no question has the id 'e9'" in problems
    assert "'e2' does not list 'e1' among its enemies: enemies go both ways, add enemies: [e1] to 'e2'" in problems
    assert "enemies[0] (question e3): 'e3' names itself" in problems
    # a module with enemies keeps enough enemy-free questions for the final test, at every difficulty
    fine = head + question("e1", 1, "e2") + question("e2", 1, "e1") + "".join(
        question(f"f{i}", d) for i, d in enumerate((1, 2, 3, 3)))
    assert problems_for(mini_project, fine, name="extra.yml") == []
    short = head + question("e1", 1, "e2") + question("e2", 2, "e1") + question("f1", 1) + question("f2", 3)
    assert any("the final test needs at least 4 questions without enemies (has 2)" in p
               for p in problems_for(mini_project, short, name="extra.yml"))


def run_cli(project: Path, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "s3kurs.cli", *args], cwd=project, capture_output=True, text=True)


def test_cli_exit_codes_and_one_line_per_problem(mini_project):
    ok = run_cli(mini_project, "validate")
    assert ok.returncode == 0 and "OK: 5 questions" in ok.stdout
    (mini_project / "quizzes" / "mini.yml").write_text(QUESTION.replace("goals: [mini-g1]", "goals: [mini-g9]").replace("lesson: mini-avsnitt", "lesson: x"),
                                                       encoding="utf-8")
    bad = run_cli(mini_project, "validate", "quizzes/mini.yml")
    assert bad.returncode == 1
    lines = bad.stderr.strip().splitlines()
    assert lines[-1] == "2 problem(s) in the question bank."
    assert all(re.match(r"^quizzes/mini\.yml:\d+: ", line) for line in lines[:-1]), lines
    assert "Traceback" not in bad.stderr


def test_cli_outside_a_checkout(tmp_path):
    result = run_cli(tmp_path, "validate")
    assert result.returncode == 2 and "no course checkout" in result.stderr and "Traceback" not in result.stderr


def test_stats_json(mini_project, monkeypatch, capsys):
    monkeypatch.chdir(mini_project)
    assert cli.main(["stats", "--json"]) == 0
    import json

    stats = json.loads(capsys.readouterr().out)
    assert stats["total"] == 5
    assert stats["per_type"]["matching"] == 1
    assert stats["per_difficulty"] == {"1": 2, "2": 2, "3": 1}
    assert stats["per_goal"] == {"mini-g1": 3, "mini-g2": 2}
    assert stats["per_module"] == {"mini": 5}


# -- no input makes the validator crash or hang ---------------------------------

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(st.binary(max_size=400))
def test_random_bytes_never_crash(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "x.yml"
    path.write_bytes(data)
    content, problems = read_file(path)
    assert content is not None or problems


@FUZZ
@given(st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\"# \n\t,?%@`0")), max_size=200))
def test_yaml_punctuation_never_crashes(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("fuzz") / "x.yml"
    path.write_text(text, encoding="utf-8")
    content, problems = read_file(path)
    assert content is not None or problems


scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=10))
shapes = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
    st.sampled_from(["module", "title", "questions", "id", "type", "prompt", "options", "key", "text", "feedback",
                     "targets", "lesson", "source", "goals", "difficulty", "tags", "explanation", "x"]),
    inner, max_size=6), max_leaves=30)


@FUZZ
@given(shapes)
def test_any_yaml_shape_gets_problems_not_exceptions(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "x.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    content, problems = read_file(path)
    assert (content is None) <= bool(problems), "a file that cannot be used must say why"
    for problem in problems:
        assert str(problem).startswith(str(path))
