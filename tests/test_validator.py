"""The validator: the real bank passes, and each class of problem gets one clear line."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from s3kurs import cli, yamlload
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
    ("yaml syntax", "module: mini\nquestions: [\n  - a\n  b: c\n", "fel i syntaxen för YAML", None),
    ("empty", "", "filen är tom", None),
    ("only comments", "# nothing here\n", "filen är tom", None),
    ("binary", b"\x89PNG\r\n\x1a\n\x00\x00", "binär", None),
    ("not utf-8", b"module: mini\ntitle: \xe5r\n", "inte i UTF-8", 2),
    ("too large", b"#" * (MAX_BYTES + 1), "över gränsen", None),
    ("wrong shape", "- a\n- b\n", "fel uppbyggnad", 1),
    ("unknown field", QUESTION.replace("    prompt:", "    promt:"), "questions[0].promt (fråga q1): okänt fält", 6),
    ("missing field", QUESTION.replace("    explanation: Förklaring.\n", ""),
     "questions[0].explanation (fråga q1): fältet krävs men saknas", None),
    ("wrong type", QUESTION.replace("difficulty: 1", "difficulty: svår"),
     "difficulty (fråga q1): är 'svår': använd något av 1, 2, 3", 19),
    ("list expected", QUESTION.replace("goals: [mini-g1]", "goals: mini-g1"), "goals (fråga q1): är 'mini-g1', men ska vara en lista", 18),
    ("key names no option", QUESTION.replace("key: a", "key: z"), "nyckeln nämner alternativet 'z', som inte finns; använd ett av: a, b", 14),
    ("single with two keys", QUESTION.replace("key: a", "key: [a, b]"), "exakt ett rätt alternativ, den här nyckeln nämner 2", 14),
    ("empty options", QUESTION.replace(QUESTION[QUESTION.index("    options:"):QUESTION.index("    key:")], "    options: []\n"),
     "options (fråga q1): behöver minst 2 stycken, har 0", 7),
    ("empty option text", QUESTION.replace("text: Fel", "text: ''"), "options[1].text (fråga q1): är tomt", 12),
    ("bad id", QUESTION.replace("id: q1", "id: Fråga 1"), "är inget giltigt id", 4),
    ("unknown type", QUESTION.replace("single_choice", "essay"), "okänd typ 'essay'", None),
    ("duplicate option ids", QUESTION.replace("id: b", "id: a"), "alternativets id 'a' används två gånger", 7),
    ("lesson label", QUESTION.replace("lesson: mini-avsnitt", "lesson: finns-inte"), "etiketten '(finns-inte)=' finns inte", 16),
    ("source key", QUESTION.replace("source: exempel2020", "source: okand2000"), "'okand2000' är ingen nyckel i references.bib", 17),
    ("goal id", QUESTION.replace("goals: [mini-g1]", "goals: [mini-g9]"), "ingen lektion har lärandemålet 'mini-g9'", 18),
    ("object tag", QUESTION.replace("prompt: Vilket är rätt?", "prompt: !!python/object/apply:os.system ['true']"),
     "taggen 'tag:yaml.org,2002:python/object/apply:os.system' är inte tillåten", 6),
    ("plain tag", QUESTION.replace("difficulty: 1", "difficulty: !!int 1"), "är inte tillåten", 19),
    ("anchor", QUESTION.replace("text: Rätt", "text: &t Rätt"), "ett ankare ('&t') är inte tillåtet", 9),
    ("alias", "a: &x [1]\nb: *x\n", "ett ankare ('&x') är inte tillåtet", 1),
    ("billion laughs", "a: &a ['lol','lol']\nb: &b [*a,*a,*a,*a]\nc: [*b,*b,*b,*b]\n", "ett ankare ('&a') är inte tillåtet", 1),
    ("duplicate field", QUESTION.replace("    difficulty: 1", "    difficulty: 1\n    difficulty: 2"), "'difficulty' står två gånger", 20),
    ("module mismatch", QUESTION.replace("module: mini", "module: annan"), "module: 'annan' är inte samma som filens namn", 1),
    ("true/false key", QUESTION.replace("type: single_choice", "type: true_false").replace("key: a", "key: sant"),
     "skriv `key: true` eller `key: false`", 14),
    ("deep nesting", "a: " + "[" * 5000 + "]" * 5000 + "\n", "", None),
    # question text is inline Markdown: no raw HTML, links only to http(s), mailto or the course (issue 14 §6)
    ("raw HTML in a prompt", QUESTION.replace("prompt: Vilket är rätt?", "prompt: Vilket är <b>rätt</b>?"),
     "questions[0].prompt (fråga q1): innehåller HTML-taggen <b>, som kursen visar som text: skriv **…** i stället", 6),
    ("raw HTML in feedback", QUESTION.replace("feedback: Ja.", "feedback: <span class=x>Ja.</span>"),
     "questions[0].options[0].feedback (fråga q1): innehåller HTML (<span class=x>), som kursen visar som text: ta bort "
     "den", 10),
    ("HTML comment in an explanation", QUESTION.replace("explanation: Förklaring.", "explanation: Förklaring. <!-- utkast -->"),
     "questions[0].explanation (fråga q1): innehåller HTML (<!-- utkast -->)", 15),
    ("a javascript: link", QUESTION.replace("text: Rätt", "text: '[Rätt](javascript:alert(1))'"),
     "questions[0].options[0].text (fråga q1): länkar till javascript:alert(1): en länk börjar med `https://`, "
     "`http://` eller `mailto:`, eller är en relativ länk till en sida i kursen", 9),
    ("a data: link", QUESTION.replace("explanation: Förklaring.", "explanation: Se [bilden](data:image/png;base64,AAAA)."),
     "questions[0].explanation (fråga q1): länkar till data:image/png;base64,AAAA", 15),
    ("a file: link", QUESTION.replace("feedback: Nej.", "feedback: Se [filen](file:///etc/passwd)."),
     "questions[0].options[1].feedback (fråga q1): länkar till file:///etc/passwd", 13),
    ("a link to another host without a scheme", QUESTION.replace("feedback: Nej.", "feedback: Se [sidan](//example.org/x)."),
     "länkar till //example.org/x", 13),
    ("an address in angle brackets", QUESTION.replace("prompt: Vilket är rätt?", "prompt: Vilket är rätt? <https://example.org>"),
     "questions[0].prompt (fråga q1): skriver adressen <https://example.org> inom vinkelparenteser, som kursen visar som "
     "text: skriv [text](https://example.org) i stället", 6),
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


def test_inline_markdown_and_allowed_links_pass(mini_project):
    fine = (QUESTION
            .replace("prompt: Vilket är rätt?", "prompt: Vilket är *rätt* enligt [Tillväxtverket](https://tillvaxtverket.se)?")
            .replace("text: Rätt", "text: '**Rätt**, se [lektionen](modul-1.html#m1-tre-steg)'")
            .replace("feedback: Ja.", "feedback: Ja, `kod` och [e-post](mailto:kurs@example.org).")
            .replace("feedback: Nej.", "feedback: Nej, se [sidan](http://example.org) och [avsnittet](#mini-avsnitt).")
            .replace("explanation: Förklaring.", "explanation: Förklaring med \\<b> som text, a < b och 3 > 2."))
    assert problems_for(mini_project, fine) == []


def test_one_line_per_field_naming_the_first_problem(mini_project):
    text = QUESTION.replace("prompt: Vilket är rätt?", "prompt: '<b>Vilket</b> är [rätt](javascript:x)?'").replace(
        "explanation: Förklaring.", "explanation: '[Se](vbscript:y) och <i>mer</i>.'")
    problems = problems_for(mini_project, text)
    assert len(problems) == 2, problems
    assert problems[0].startswith("quizzes/mini.yml:6: questions[0].prompt (fråga q1): innehåller HTML-taggen <b>")
    assert problems[1].startswith("quizzes/mini.yml:15: questions[0].explanation (fråga q1): länkar till vbscript:y")


def test_matching_targets_and_true_false_feedback_are_checked(mini_project):
    text = (mini_project / "quizzes" / "mini.yml").read_text(encoding="utf-8")
    broken = (text.replace("text: Skäller", "text: Skäller <br>")
                  .replace("sant: Nej, det är falskt.", "sant: '[Nej](javascript:void(0)), det är falskt.'"))
    joined = "\n".join(problems_for(mini_project, broken))
    assert "targets[0].text (fråga mini-match): innehåller HTML (<br>)" in joined
    assert "feedback.sant (fråga mini-tf): länkar till javascript:void(0)" in joined


def test_what_is_not_inline_markdown():
    from s3kurs.markup import NotInline, not_inline

    assert not_inline("*kursiv*, **fet**, `<b>kod</b>`, [länk](https://a.se), [e-post](mailto:a@b.se)") == []
    assert not_inline("[avsnitt](modul-2.html#m2-x) och [här](#m2-y) och [upp](../index.html)") == []
    assert not_inline("\\<b> är text, liksom a < b > c och &lt;b&gt;") == []
    assert not_inline("a <b>b</b> [c](javascript:d) <https://e.se> [f](DATA:text/html,g)") == [
        NotInline("html", "<b>"), NotInline("html", "</b>"), NotInline("link", "javascript:d"),
        NotInline("autolink", "https://e.se"), NotInline("link", "DATA:text/html,g")]


@pytest.mark.build
def test_the_build_refuses_raw_html_with_the_same_line(tmp_path):
    from conftest import MINI, build_book, sphinx_warnings

    source = tmp_path / "mini"
    shutil.copytree(MINI, source)
    bank = source / "quizzes" / "mini.yml"
    bank.write_text(bank.read_text(encoding="utf-8").replace("\\<b>inte fet\\</b>", "<b>inte fet</b>"), encoding="utf-8")
    result = build_book(source)
    warnings = sphinx_warnings(result)
    assert result.returncode != 0
    assert any("quizzes/mini.yml:6: questions[0].prompt (fråga mini-single): innehåller HTML-taggen <b>, som kursen "
               "visar som text: skriv **…** i stället" in line for line in warnings), warnings


def test_duplicate_ids_across_files_name_both_places(mini_project):
    problems = problems_for(mini_project, QUESTION.replace("module: mini", "module: extra").replace("id: q1", "id: mini-single"),
                            name="extra.yml")
    assert len(problems) == 1, problems
    assert re.search(r"^quizzes/(extra|mini)\.yml:\d+: questions\[0\]\.id \(fråga mini-single\): "
                     r"id:t 'mini-single' används redan på quizzes/(extra|mini)\.yml:\d+", problems[0]), problems


def test_ordering_and_matching_keys_are_checked(mini_project):
    text = (mini_project / "quizzes" / "mini.yml").read_text(encoding="utf-8")
    broken = text.replace("key: [ett, tva, tre]", "key: [ett, tva]").replace("katt: jamar", "katt: vrider")
    joined = "\n".join(problems_for(mini_project, broken))
    assert "nyckeln ska räkna upp alla alternativ i ordning; lägg till tre" in joined
    assert "nyckeln nämner beskrivningen 'vrider', som inte finns" in joined


def test_enemies_name_existing_questions_both_ways(mini_project):
    def question(qid: str, difficulty: int, enemies: str = "") -> str:
        text = QUESTION.split("questions:\n", 1)[1].replace("id: q1", f"id: {qid}")
        text = text.replace("difficulty: 1", f"difficulty: {difficulty}")
        return text + (f"    enemies: [{enemies}]\n" if enemies else "")

    head = "module: extra\ntitle: Extra\nquestions:\n"
    bank = head + question("e1", 1, "e2, e9") + question("e2", 2) + question("e3", 3, "e3")
    problems = "\n".join(problems_for(mini_project, bank, name="extra.yml"))
    assert "enemies[1] (fråga e1): ingen fråga har id:t 'e9'" in problems
    assert "'e2' har inte 'e1' bland sina `enemies`: de gäller åt båda hållen, lägg till `enemies: [e1]` i 'e2'" in problems
    assert "enemies[0] (fråga e3): 'e3' nämner sig själv" in problems
    # a module with enemies keeps enough enemy-free questions for the final test, at every difficulty
    fine = head + question("e1", 1, "e2") + question("e2", 1, "e1") + "".join(
        question(f"f{i}", d) for i, d in enumerate((1, 2, 3, 3)))
    assert problems_for(mini_project, fine, name="extra.yml") == []
    short = head + question("e1", 1, "e2") + question("e2", 2, "e1") + question("f1", 1) + question("f2", 3)
    assert any("slutprovet behöver minst 4 frågor utan `enemies` (har 2)" in p
               for p in problems_for(mini_project, short, name="extra.yml"))


def run_cli(project: Path, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "s3kurs.cli", *args], cwd=project, capture_output=True, text=True)


def test_cli_exit_codes_and_one_line_per_problem(mini_project):
    ok = run_cli(mini_project, "validate")
    assert ok.returncode == 0 and ok.stdout == "OK: 5 frågor i 1 fil.\n"
    (mini_project / "quizzes" / "mini.yml").write_text(QUESTION.replace("goals: [mini-g1]", "goals: [mini-g9]").replace("lesson: mini-avsnitt", "lesson: x"),
                                                       encoding="utf-8")
    bad = run_cli(mini_project, "validate", "quizzes/mini.yml")
    assert bad.returncode == 1
    lines = bad.stderr.strip().splitlines()
    assert lines[-1] == "2 fel i frågebanken."
    assert all(re.match(r"^quizzes/mini\.yml:\d+: ", line) for line in lines[:-1]), lines
    assert "Traceback" not in bad.stderr


def test_cli_outside_a_checkout(tmp_path):
    result = run_cli(tmp_path, "validate")
    assert result.returncode == 2 and "hittar ingen kursmapp" in result.stderr and "Traceback" not in result.stderr


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


# -- the fast reader (libyaml) and the pure reader give the same problems --------------------

def _question(qid: str) -> str:
    """QUESTION's question with its own id."""
    return QUESTION[QUESTION.index("  - id: q1"):].replace("id: q1", f"id: {qid}", 1)


def _bank_file(module: str, count: int = 12) -> str:
    return f"module: {module}\ntitle: Prov\nquestions:\n" + "".join(_question(f"{module}-q{i}") for i in range(1, count + 1))


def _in_question(text: str, qid: str, old: str, new: str) -> str:
    """*text* with *old* replaced by *new* in question *qid* only."""
    start = text.index(f"  - id: {qid}\n")
    end = text.find("\n  - id: ", start + 1)
    end = len(text) if end < 0 else end + 1
    assert old in text[start:end], old
    return text[:start] + text[start:end].replace(old, new, 1) + text[end:]


# (file, edit of that file's text, expected fragment, marker: the expected line is the
# first line containing it; None: no line). Every file has 12 questions.
SEEDED = [
    ("seed-01", lambda t: _in_question(t, "seed-01-q5", "prompt: Vilket är rätt?", "prompt: Vilket: är rätt?"),
     "YAML syntax error: mapping values are not allowed here", "Vilket: är"),
    ("seed-02", lambda t: _in_question(t, "seed-02-q5", "    prompt:", "    promt:"), "unknown field", "promt:"),
    ("seed-02", lambda t: t, "questions[4].prompt (question seed-02-q5): required field is missing", "id: seed-02-q5"),
    ("seed-03", lambda t: _in_question(t, "seed-03-q5", "difficulty: 1", "difficulty: svår"),
     "is 'svår': use one of 1, 2, 3", "difficulty: svår"),
    ("seed-04", lambda t: _in_question(t, "seed-04-q5", "    explanation: Förklaring.\n", ""),
     "questions[4].explanation (question seed-04-q5): required field is missing", "id: seed-04-q5"),
    ("seed-05", lambda t: _in_question(t, "seed-05-q5", "key: a", "key: z"), "key names no option 'z'", "key: z"),
    ("seed-06", lambda t: _in_question(t, "seed-06-q5", "text: Rätt", "text: &t Rätt"), "anchor '&t' is not allowed", "&t"),
    ("seed-07", lambda t: _in_question(t, "seed-07-q5", "explanation: Förklaring.", "explanation: *x"),
     "alias '*x' is not allowed", "*x"),
    ("seed-08", lambda t: _in_question(t, "seed-08-q5", "prompt: Vilket är rätt?", "prompt: !!python/object/apply:os.system ['true']"),
     "tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed", "!!python"),
    ("seed-09", lambda t: _in_question(t, "seed-09-q5", "    difficulty: 1\n", "    difficulty: 1\n    difficulty: 2\n"),
     "'difficulty' appears twice", "difficulty: 2"),
    ("seed-10", lambda t: t.replace("module: seed-10", "module: annat"), "'annat' differs from the file name", "module: annat"),
    ("seed-11", lambda t: _in_question(t, "seed-11-q5", "id: seed-11-q5", "id: seed-00-q1"),
     "id 'seed-00-q1' is already used at quizzes/seed-00.yml:4", "id: seed-00-q1"),
    ("seed-12", lambda t: _in_question(t, "seed-12-q5", "lesson: mini-avsnitt", "lesson: finns-inte"),
     "no label '(finns-inte)=' exists", "finns-inte"),
    ("seed-12", lambda t: _in_question(t, "seed-12-q7", "goals: [mini-g1]", "goals: [mini-g9]"),
     "no lesson declares the learning goal 'mini-g9'", "mini-g9"),
    ("seed-12", lambda t: _in_question(t, "seed-12-q9", "source: exempel2020", "source: okand2000"),
     "'okand2000' is not a key in references.bib", "okand2000"),
    ("seed-13", lambda t: t.encode("latin-1"), "not UTF-8", "Vilket är"),
    ("seed-14", lambda t: "", "the file is empty", None),
    ("seed-15", lambda t: _in_question(t, "seed-15-q5", "difficulty: 1", "difficulty: " + "[" * 5000 + "]" * 5000),
     "nested too deeply", "difficulty: [[["),
    ("seed-16", lambda t: _in_question(t, "seed-16-q5", "key: a", "key: [a, b]"),
     "exactly one correct option, this key names 2", "key: [a, b]"),
    ("seed-17", lambda t: _in_question(t, "seed-17-q5", "difficulty: 1", "difficulty: 2026-02-30"),
     "'2026-02-30' reads as a date, but no such date exists", "2026-02-30"),
    ("seed-18", lambda t: t + "---\nmodule: seed-18\n", "YAML syntax error: but found another document", "---"),
    ("seed-19", lambda t: _in_question(t, "seed-19-q5", "    lesson:", "\tlesson:"), "YAML syntax error", "\tlesson:"),
    ("seed-20", lambda t: _in_question(t, "seed-20-q1", "    options:", "    options: [\n"),
     "YAML syntax error: expected the node content, but found '-'", "- id: a"),
]
# Files that are right, though some of them need more of YAML than the fast reader reads
# itself (a merge key, a tab in quotes, the tag "!", an empty list item in brackets).
SEEDED_RIGHT = {
    "seed-00": lambda t: t,
    "seed-21": lambda t: _in_question(t, "seed-21-q5", "source: exempel2020", "source: {<<: {key: exempel2020}}"),
    "seed-22": lambda t: _in_question(t, "seed-22-q5", "text: Fel", "text: \"Fel\tsvar\""),
    "seed-23": lambda t: _in_question(t, "seed-23-q5", "text: Fel", "text: ! Fel"),
    "seed-24": lambda t: _in_question(t, "seed-24-q5", "explanation: Förklaring.", "explanation: Förklaring, 2026-02-30 [?]"),
}


def seeded_bank(project: Path) -> list[tuple[str, int | None, str]]:
    """Write the seeded bank into *project*'s quizzes/; returns (file, line, fragment) expected."""
    texts = {name: _bank_file(name) for name in [*SEEDED_RIGHT, *(s[0] for s in SEEDED)]}
    for name, edit in SEEDED_RIGHT.items():
        texts[name] = edit(texts[name])
    for name, edit, _, _ in SEEDED:
        texts[name] = edit(texts[name])
    expected = []
    for name, _, fragment, marker in SEEDED:
        text = texts[name] if isinstance(texts[name], str) else texts[name].decode("latin-1")
        line = None if marker is None else text[:text.index(marker)].count("\n") + 1
        expected.append((f"quizzes/{name}.yml", line, fragment))
    for name, text in texts.items():
        (project / "quizzes" / f"{name}.yml").write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return expected


def seeded_problems(project: Path) -> list[str]:
    _, problems = load_bank(project=Project.find(project))
    return [str(p) for p in problems if p.path.startswith("quizzes/seed-")]


@pytest.fixture
def untranslated(tmp_path, monkeypatch):
    """Messages as the code words them (the msgids): a catalogue with no translations."""
    empty = tmp_path / "untranslated" / "s3kurs.po"
    empty.parent.mkdir()
    empty.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n', encoding="utf-8")
    monkeypatch.setenv("S3KURS_CATALOGUE", str(empty))


@pytest.mark.skipif(not yamlload.LIBYAML, reason="PyYAML without libyaml: only the pure reader exists")
def test_a_seeded_bank_gets_the_same_problems_from_both_readers(mini_project, monkeypatch, untranslated):
    expected = seeded_bank(mini_project)
    fast = seeded_problems(mini_project)
    monkeypatch.setattr(yamlload, "LIBYAML", False)
    pure = seeded_problems(mini_project)
    assert fast == pure
    unmatched = list(fast)
    for path, line, fragment in expected:
        where = f"{path}:{line}: " if line else f"{path}: "
        found = [p for p in unmatched if p.startswith(where) and fragment in p]
        assert len(found) == 1, f"expected {where}...{fragment}, found {found} in\n" + "\n".join(fast)
        unmatched.remove(found[0])
    assert unmatched == []


def _outcome(text: str, pure: bool):
    try:
        loaded = yamlload.load(text, pure=pure)
    except yamlload.StrictYAMLError as exc:
        return "refused", exc.line, exc.message
    except yaml.YAMLError as exc:
        return "error", str(exc)
    return "read", loaded.data, loaded.lines


@pytest.mark.skipif(not yamlload.LIBYAML, reason="PyYAML without libyaml: only the pure reader exists")
def test_the_course_files_are_read_fast_and_the_same(monkeypatch):
    paths = sorted(path for folder in ("quizzes", "data", "tests/books") for path in (ROOT / folder).rglob("*.yml"))
    assert len(paths) >= 8
    texts = [path.read_text(encoding="utf-8") for path in paths]
    pure = [_outcome(text, pure=True) for text in texts]

    def never(text):
        raise AssertionError("a course file went to the pure reader")

    monkeypatch.setattr(yamlload, "_load_pure", never)
    assert [_outcome(text, pure=False) for text in texts] == pure
    assert all(outcome[0] == "read" for outcome in pure)


YAML_BITS = st.sampled_from([*"ab:-[]{}&*!|>'\"# \n\t,?%@`0<=.~\\\r\x85", "\n  ", "\n- ", "\n? ", "<<", "true", "null", "---",
                             "...", "2026-02-30", "2026-01-01", "|\n  a\n", ">-\n  b\n", "!!str", "!x", "&a", "*a", ": ", ", "])


@FUZZ
@given(st.lists(YAML_BITS, max_size=40).map("".join))
def test_both_readers_agree_on_random_yaml(text):
    assert _outcome(text, pure=False) == _outcome(text, pure=True)


@FUZZ
@given(st.integers(0, len(QUESTION) - 1), st.integers(0, 4), YAML_BITS)
def test_both_readers_agree_on_a_question_with_a_typo(at, cut, insert):
    text = QUESTION[:at] + insert + QUESTION[at + cut:]
    assert _outcome(text, pure=False) == _outcome(text, pure=True)
