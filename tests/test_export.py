"""Exports read back the way the real importers read them.

- Moodle XML: the rules of qformat_xml and qtype_ordering::import_from_xml (question/format/xml/format.php,
  question/type/ordering/questiontype.php), and Moodle's list of allowed grade fractions
  (question_bank::fraction_options_full, question/engine/bank.php) with match_grade_options' tolerance.
- GIFT: a port of the parts of qformat_gift::readquestion (question/format/gift/format.php) and
  qtype_ordering::import_from_gift that the export relies on, plus an independent parser (pygiftparser).
- QTI for Canvas: QTI 1.2 response processing (rules in order, stopping at one that holds unless it says
  continue="Yes"), Canvas's true/false rule (ChoiceInteraction#process_true_false_question) and its
  question banks (an <objectbank> with bank_title, as the QTI migration tool and Canvas's own export use).
- CSV as a Swedish spreadsheet reads it; standard output as UTF-8 bytes on a cp1252 console.
"""
from __future__ import annotations

import csv
import html
import io
import os
import re
import subprocess
import sys
import zipfile
from urllib.parse import unquote
from xml.etree import ElementTree as ET

import pytest
import yaml

from s3kurs.bank import load_bank
from s3kurs.export import ExportError, References, export, items
from s3kurs.markup import inline, plain
from s3kurs.model import MAX_CORRECT_OPTIONS, MultipleChoice
from s3kurs.project import Project

from conftest import ROOT

PROJECT = Project.find(ROOT)
BANK = load_bank(project=PROJECT)[0]
ITEMS = {it.question.id: it for it in items(BANK, project=PROJECT)}
TITLES = {f.content.module: f.content.title for f in BANK.files}
KEYS = {q.source.key for q in BANK.questions}
NS = {"q": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"}
MOODLE_TYPE = {"single_choice": "multichoice", "multiple_choice": "multichoice", "true_false": "truefalse",
               "ordering": "ordering", "matching": "matching"}
QTI_TYPE = {"single_choice": "multiple_choice_question", "multiple_choice": "multiple_answers_question",
            "true_false": "true_false_question", "ordering": "matching_question", "matching": "matching_question"}

# question_bank::fraction_options_full(): 0, +-1 and +- these (question/engine/bank.php)
MOODLE_RAW_FRACTIONS = [0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3, 0.25, 0.2,
                        0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05]
MOODLE_FRACTIONS = [0.0, 1.0, -1.0, *MOODLE_RAW_FRACTIONS, *(-f for f in MOODLE_RAW_FRACTIONS)]


def moodle_accepts(fraction: float) -> bool:
    """match_grade_options($gradeoptionsfull, $grade, 'error') in lib/questionlib.php."""
    return any(abs(fraction - value) < 0.00001 for value in MOODLE_FRACTIONS)


def reference(it) -> tuple:
    """What every feedback must end with: the readable source, from the bibliography."""
    entry = PROJECT.bibliography[it.question.source.key]
    cite = PROJECT.short_citation(it.question.source.key)
    return cite + (f", {it.question.source.detail}" if it.question.source.detail else ""), entry


def assert_readable_source(feedback: str, it) -> None:
    cite, entry = reference(it)
    tail = feedback[feedback.rindex("Källa: "):]
    assert tail.startswith(f"Källa: {cite}."), tail
    if entry.fields.get("url"):  # (a link's parentheses are percent-encoded in Markdown and HTML)
        assert unquote(entry.fields["url"]) in unquote(tail), tail
    assert it.question.source.key not in feedback


# -- Moodle XML ---------------------------------------------------------------------------

def moodle_questions(text: str) -> list[ET.Element]:
    return [q for q in ET.fromstring(text).findall("question") if q.get("type") != "category"]


def test_moodle_xml_has_every_question_option_key_and_feedback():
    root = ET.fromstring(export(BANK, "moodle-xml", project=PROJECT))
    categories = [c.findtext("category/text") for c in root.findall("question[@type='category']")]
    assert categories == [f"$course$/s3kurs/{title}" for title in TITLES.values()]  # one category per module
    questions = moodle_questions(export(BANK, "moodle-xml", project=PROJECT))
    assert [q.findtext("name/text") for q in questions] == list(ITEMS)
    for element in questions:
        it = ITEMS[element.findtext("name/text")]
        q = it.question
        assert element.get("type") == MOODLE_TYPE[q.type]
        assert element.findtext("questiontext/text") == q.prompt
        general = element.findtext("generalfeedback/text")
        assert general.startswith(q.explanation)
        assert_readable_source(general, it)
        if it.kind == "choice":
            answers = element.findall("answer")
            assert [a.findtext("feedback/text") for a in answers] == [c.feedback for c in it.choices]
            # qformat_xml::import_answer(): fraction attribute / 100
            fractions = [float(a.get("fraction")) / 100 for a in answers]
            assert [f > 0 for f in fractions] == [c.correct for c in it.choices]
            assert all(moodle_accepts(f) for f in fractions)
            if q.type != "true_false":
                assert [a.findtext("text") for a in answers] == [c.text for c in it.choices]
            else:  # import_truefalse() matches these texts
                assert [a.findtext("text") for a in answers] == ["true", "false"]
                assert [a.get("fraction") == "100" for a in answers] == [q.key, not q.key]
        elif q.type == "matching":
            assert element.findtext("shuffleanswers") == "true"
            subs = [(s.findtext("text"), s.findtext("answer/text")) for s in element.findall("subquestion")]
            assert subs == [(p.left, plain(p.right)) for p in it.pairs] + [("", plain(d)) for d in it.distractors]
            assert all(p.feedback in general for p in it.pairs)


def ordering_settings(element: ET.Element) -> dict:
    """qtype_ordering::import_from_xml() + set_options_for_import(): what Moodle stores, defaults included."""
    get = lambda tag, default: element.findtext(tag) if element.find(tag) is not None else default  # noqa: E731
    layout = "HORIZONTAL" if get("layouttype", "VERTICAL").upper() in ("HORIZONTAL", "HORI", "H", "1") else "VERTICAL"
    select = get("selecttype", "RANDOM").upper()
    select = "ALL" if select in ("ALL", "EXACT") else "CONTIGUOUS" if select in ("CONTIGUOUS", "CONTIG") else "RANDOM"
    count = get("selectcount", "6")
    count = int(count) if count.isdigit() and int(count) >= 2 else 2
    grading = get("gradingtype", "RELATIVE").upper()
    grading = grading if grading in ("ALL_OR_NOTHING", "ABSOLUTE_POSITION") else "partial credit"
    return {"layout": layout, "select": select, "count": count, "grading": grading,
            "items": [a.findtext("text") for a in element.findall("answer")]}


def test_moodle_ordering_is_the_native_type_showing_every_item_all_or_nothing():
    questions = {q.findtext("name/text"): q for q in moodle_questions(export(BANK, "moodle-xml", project=PROJECT))}
    ordering = [it for it in ITEMS.values() if it.question.type == "ordering"]
    assert ordering
    for it in ordering:
        element = questions[it.question.id]
        assert element.get("type") == "ordering"
        settings = ordering_settings(element)
        by_id = {o.id: o.text for o in it.question.options}
        assert settings == {"layout": "VERTICAL", "select": "ALL", "count": len(it.question.key),
                            "grading": "ALL_OR_NOTHING", "items": [by_id[i] for i in it.question.key]}
        assert [a.get("format") for a in element.findall("answer")] == ["markdown"] * len(it.question.key)
        assert_readable_source(element.findtext("generalfeedback/text"), it)


def test_moodle_ordering_fallback_is_matching_with_rows_in_order():
    questions = {q.findtext("name/text"): q
                 for q in moodle_questions(export(BANK, "moodle-xml", project=PROJECT, ordering="matching"))}
    for it in (it for it in ITEMS.values() if it.question.type == "ordering"):
        element = questions[it.question.id]
        assert element.get("type") == "matching"
        # qtype_match shuffles the rows only when shuffleanswers is on (import_match: trans_single)
        assert element.findtext("shuffleanswers") == "false"
        subs = [(s.findtext("text"), s.findtext("answer/text")) for s in element.findall("subquestion")]
        assert subs == [(f"Plats {n}", plain(p.right)) for n, p in enumerate(it.pairs, 1)]


def multiple_choice_with(correct: int) -> MultipleChoice:
    options = [{"id": f"o{i}", "text": f"Alternativ {i}", "feedback": "Återkoppling."} for i in range(12)]
    return MultipleChoice(id=f"mc-{correct}", type="multiple_choice", prompt="Vilka?", options=options,
                          key=[f"o{i}" for i in range(correct)], explanation="Förklaring.", lesson="l",
                          source="tillvaxtverket2023s3", goals=["g"], difficulty=1, level="recall")


class FakeBank:
    """Just enough of a Bank for export(): one file of questions."""

    def __init__(self, questions, module="modul-x", title="Modul X"):
        from types import SimpleNamespace

        content = SimpleNamespace(module=module, title=title, questions=questions)
        self.files = [SimpleNamespace(content=content, path=ROOT / "quizzes" / f"{module}.yml", loaded=None)]


@pytest.mark.parametrize("correct", range(1, MAX_CORRECT_OPTIONS + 1))
def test_fractions_are_moodle_grades_for_every_allowed_key_size(correct):
    bank = FakeBank([multiple_choice_with(correct)])
    answers = moodle_questions(export(bank, "moodle-xml", project=PROJECT))[0].findall("answer")
    fractions = [float(a.get("fraction")) / 100 for a in answers]
    assert all(moodle_accepts(f) for f in fractions), fractions
    assert sum(f for f in fractions if f > 0) == pytest.approx(1, abs=1e-6)
    question = read_gift(export(bank, "gift", project=PROJECT))[1]  # after the category
    assert question["type"] == "multichoice" and not question["single"]
    assert all(moodle_accepts(f) for f in question["fractions"]), question["fractions"]
    assert [f > 0 for f in question["fractions"]] == [i < correct for i in range(12)]


def test_more_correct_options_than_moodle_can_grade_are_refused_with_the_reason():
    with pytest.raises(ValueError) as error:
        multiple_choice_with(MAX_CORRECT_OPTIONS + 1)
    assert not moodle_accepts(1 / (MAX_CORRECT_OPTIONS + 1))  # the limit is the largest size Moodle can grade
    assert f"högst {MAX_CORRECT_OPTIONS} rätta alternativ" in str(error.value) and "Moodle" in str(error.value)


# -- GIFT, read as Moodle reads it -----------------------------------------------------------

GIFT_ESCAPES = [("\\:", "&&058;", ":"), ("\\#", "&&035;", "#"), ("\\=", "&&061;", "="), ("\\{", "&&123;", "{"),
                ("\\}", "&&125;", "}"), ("\\~", "&&126;", "~"), ("\\n", "&&010", "\n")]
FORMATS = {"moodle", "html", "plain", "markdown"}
ORDERING_GIFT = re.compile(  # qtype_ordering::import_from_gift()
    r"^\s*>\s*(\d+)\s*((?:ALL|EXACT|RANDOM|REL|CONTIGUOUS|CONTIG)?)\s*"
    r"((?:HORIZONTAL|HORI|H|1|VERTICAL|VERT|V|0)?)\s*"
    r"((?:ALL_OR_NOTHING|ABSOLUTE_POSITION|ABSOLUTE|ABS|RELATIVE_NEXT_EXCLUDE_LAST|RELATIVE_NEXT_INCLUDE_LAST|"
    r"RELATIVE_ONE_PREVIOUS_AND_NEXT|RELATIVE_ALL_PREVIOUS_AND_NEXT|RELATIVE_TO_CORRECT|RELATIVE|"
    r"RELLONGEST_ORDERED_SUBSET|LONGEST_CONTIGUOUS_SUBSET)?)\s*"
    r"((?:SHOW|TRUE|YES|1|HIDE|FALSE|NO|0)?)\s*((?:none|123|abc|ABCD|iii|IIII)?)\s*(.*?)\s*$", re.S)
WEIGHT = re.compile(r"^%\-*([0-9]{1,2})\.?([0-9]*)%")


def _pre(text: str) -> str:
    text = text.replace("\\\\", "&&092;")
    for escaped, placeholder, _ in GIFT_ESCAPES:
        text = text.replace(escaped, placeholder)
    return text.replace("&&092;", "\\")


def _post(text: str) -> str:
    for _, placeholder, char in GIFT_ESCAPES:
        text = text.replace(placeholder, char)
    return text


def _with_format(text: str, default: str = "moodle") -> tuple[str, str]:
    fmt = default
    if text.startswith("["):
        name = text[1:text.find("]")]
        if name in FORMATS:
            fmt, text = name, text[text.find("]") + 1:]
    return _post(text).strip(), fmt


def read_gift(text: str) -> list[dict]:
    """qformat_gift::readquestions()/readquestion() as far as the export uses them."""
    blocks, block = [], []
    for line in text.split("\n"):
        if line.strip():
            block.append(line)
        elif block:
            blocks.append(block)
            block = []
    if block:
        blocks.append(block)
    questions = []
    for lines in blocks:
        lines = [" " if line.strip().startswith("//") else line for line in lines]
        text = _pre("\n".join(lines).strip())
        if text.startswith("$CATEGORY:"):
            questions.append({"type": "category", "category": text[10:].strip()})
            continue
        name = None
        if text.startswith("::"):
            end = text.index("::", 2)
            name, text = _post(text[2:end]), text[end + 2:].strip()
        start, finish = text.find("{"), text.find("}")
        answer = text[start + 1:finish].strip()
        question_text = text[:start] + text[finish + 1:]
        general = ""
        if "####" in answer:
            general, answer = answer[answer.rindex("####") + 4:], answer[:answer.rindex("####")].strip()
        prompt, fmt = _with_format(question_text)
        q = {"name": name, "prompt": prompt, "format": fmt, "general": _with_format(general, fmt)[0]}
        ordering = ORDERING_GIFT.match(answer)
        if ordering:  # plugins are tried first
            answers = [a for a in re.split(r"[\r\n]+", ordering[7]) if a]
            count = int(ordering[1])
            q.update(type="ordering", select=ordering[2], layout=ordering[3], grading=ordering[4],
                     count=count if 2 <= count <= len(answers) else min(6, len(answers)),
                     items=[a.strip() for a in answers if a.strip()])
        elif "~" in answer:
            q.update(type="multichoice", single="=" in answer, choices=[], fractions=[], feedback=[])
            parts = answer.replace("=", "~=").split("~")
            for part in parts[1:] if not parts[0].strip() else parts:
                part = part.strip()
                if part[0] == "=":
                    weight, part = 1.0, part[1:]
                elif WEIGHT.match(part):
                    part = part[1:]
                    weight, part = float(part[:part.index("%")]) / 100, part[part.index("%") + 1:]
                else:
                    weight = 0.0
                bits = part.split("#", 1)
                q["choices"].append(_with_format(bits[0].strip(), fmt))
                q["feedback"].append(_with_format(bits[1].strip(), fmt) if len(bits) > 1 else ("", fmt))
                q["fractions"].append(weight)
        elif "=" in answer and "->" in answer:
            q.update(type="match", subquestions=[], subanswers=[])
            parts = answer.split("=")
            for part in parts[1:] if not parts[0].strip() else parts:
                part = part.strip()
                marker = part.index("->")
                q["subquestions"].append(_with_format(part[:marker], fmt))
                q["subanswers"].append(_post(part[marker + 2:]).strip())
        else:
            bits = answer.split("#", 2)
            assert bits[0].strip() in ("T", "TRUE", "F", "FALSE"), answer
            right = bits[0].strip() in ("T", "TRUE")
            q.update(type="truefalse", correct=right, wrong_feedback=_with_format(bits[1].strip(), fmt)[0],
                     right_feedback=_with_format(bits[2].strip(), fmt)[0])
        questions.append(q)
    return questions


def test_gift_read_as_moodle_reads_it():
    text = export(BANK, "gift", project=PROJECT)
    parsed = read_gift(text)
    assert [q["category"] for q in parsed if q["type"] == "category"] == [
        f"$course$/s3kurs/{title}" for title in TITLES.values()]
    questions = [q for q in parsed if q["type"] != "category"]
    assert [q["name"] for q in questions] == list(ITEMS)
    for q in questions:
        it = ITEMS[q["name"]]
        bank_q = it.question
        assert q["format"] == "markdown" and q["prompt"] == " ".join(bank_q.prompt.split())
        assert q["general"].startswith(" ".join(bank_q.explanation.split()))
        assert_readable_source(q["general"], it)
        if bank_q.type == "true_false":
            assert q["type"] == "truefalse" and q["correct"] == bank_q.key
            right, wrong = (bank_q.feedback.sant, bank_q.feedback.falskt)[::1 if bank_q.key else -1]
            assert (q["right_feedback"], q["wrong_feedback"]) == (" ".join(right.split()), " ".join(wrong.split()))
        elif it.kind == "choice":
            assert q["type"] == "multichoice" and q["single"] == (bank_q.type == "single_choice")
            assert [c for c, _ in q["choices"]] == [" ".join(c.text.split()) for c in it.choices]
            assert {f for _, f in q["choices"]} == {"markdown"}
            assert [f > 0 for f in q["fractions"]] == [c.correct for c in it.choices]
            assert all(moodle_accepts(f) for f in q["fractions"])
        elif bank_q.type == "ordering":
            by_id = {o.id: o.text for o in bank_q.options}
            assert (q["type"], q["select"], q["layout"], q["grading"], q["count"]) == (
                "ordering", "ALL", "VERTICAL", "ALL_OR_NOTHING", len(bank_q.key))
            # auto-format reads HTML, so entities show as the characters
            assert [html.unescape(i) for i in q["items"]] == [" ".join(plain(by_id[i]).split()) for i in bank_q.key]
        else:
            assert q["type"] == "match"
            assert [s for s, _ in q["subquestions"]] == [" ".join(p.left.split()) for p in it.pairs] + [""] * len(it.distractors)
            assert q["subanswers"] == [" ".join(plain(t).split()) for t in [p.right for p in it.pairs] + it.distractors]


def test_gift_carries_matching_distractors():
    matching = [it for it in ITEMS.values() if it.question.type == "matching" and it.distractors]
    assert matching
    parsed = {q["name"]: q for q in read_gift(export(BANK, "gift", project=PROJECT)) if q.get("name")}
    for it in matching:
        q = parsed[it.question.id]
        distractors = [a for (s, _), a in zip(q["subquestions"], q["subanswers"]) if s == ""]
        assert distractors == [plain(d) for d in it.distractors]


def test_gift_ordering_fallback_as_matching_with_a_note_and_an_independent_parser():
    notes: list[str] = []
    text = export(BANK, "gift", project=PROJECT, ordering="matching", notes=notes)
    ordering = [it for it in ITEMS.values() if it.question.type == "ordering"]
    assert len(notes) == 1 and "slumpad ordning" in notes[0] and f"antal: {len(ordering)}" in notes[0]
    parsed = {q["name"]: q for q in read_gift(text) if q.get("name")}
    for it in ordering:
        assert parsed[it.question.id]["type"] == "match"
        assert [s for s, _ in parsed[it.question.id]["subquestions"]] == [f"Plats {n}" for n in range(1, len(it.pairs) + 1)]
    native_notes: list[str] = []
    export(BANK, "gift", project=PROJECT, notes=native_notes)
    assert native_notes == []  # the native ordering syntax needs no warning
    import pygiftparser.parser as pygiftparser  # an independent GIFT parser from PyPI (no ordering syntax)
    questions = pygiftparser.parseFile(io.StringIO(text))
    assert [q.title for q in questions] == list(ITEMS) and all(q.valid for q in questions)
    for question in questions:
        it = ITEMS[question.title]
        kind = type(question.answers).__name__
        if it.question.type == "single_choice":
            assert kind == "SelectSet"
            assert [(re.sub(r"\\(.)", r"\1", a.answer.strip()), a.fraction > 0) for a in question.answers.answers] == \
                   [(" ".join(c.text.split()), c.correct) for c in it.choices]
        elif it.question.type == "multiple_choice":
            assert kind == "MultipleChoicesSet"
            assert [a.fraction > 0 for a in question.answers.answers] == [c.correct for c in it.choices]
        elif it.question.type == "true_false":
            assert kind == "TrueFalseSet" and question.answers.answer == it.question.key
        else:
            assert kind == "MatchingSet" and len(question.answers.answers) == len(it.pairs) + len(it.distractors)


BAD_TEXTS = {
    # question id: (path of the field in the question, the text, what the message says)
    "mini-single": (("options", 1, "text"), "[html] Fel alternativ", "[html]"),
    "mini-match": (("options", 0, "text"), "Hund -> valp", "->"),
    "mini-order": (("options", 1, "text"), "Steg {två}", "}"),
}


def _break(project_dir) -> None:
    path = project_dir / "quizzes" / "mini.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for q in data["questions"]:
        if q["id"] in BAD_TEXTS:
            (_, index, fieldname), text, _ = BAD_TEXTS[q["id"]]
            q["options"][index][fieldname] = text
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_texts_gift_cannot_escape_are_errors_naming_file_and_question(mini_project):
    _break(mini_project)
    project = Project.find(mini_project)
    bank, problems = load_bank(project=project)
    assert not problems
    with pytest.raises(ExportError) as error:
        export(bank, "gift", project=project)
    messages = [str(p) for p in error.value.problems]
    assert len(messages) == len(BAD_TEXTS), messages
    for qid, ((_, index, fieldname), _, what) in BAD_TEXTS.items():
        message = next(m for m in messages if f"(fråga {qid})" in m)
        assert re.match(rf"quizzes/mini\.yml:\d+: questions\[\d+\]\.options\[{index}\]\.{fieldname} \(fråga {qid}\): ",
                        message), message
        assert what in message
    # Moodle XML carries the same texts, and the matching fallback carries the ordering item
    assert export(bank, "moodle-xml", project=project)
    # the CLI refuses, names file and question, writes nothing
    result = subprocess.run([sys.executable, "-m", "s3kurs.cli", "export", "--format", "gift"], cwd=mini_project,
                            capture_output=True, env={**os.environ, "S3KURS_ROOT": str(mini_project)})
    stderr = result.stderr.decode("utf-8")
    assert result.returncode == 1 and result.stdout == b"" and "Traceback" not in stderr
    assert all("quizzes/mini.yml:" in stderr and f"(fråga {qid})" in stderr for qid in BAD_TEXTS), stderr
    assert "Texter som inte går att skriva som gift: 3. Ingenting skrevs." in stderr


# -- QTI 1.2 for Canvas -----------------------------------------------------------------------

def qti_files(**options) -> tuple[ET.Element, dict[str, ET.Element]]:
    archive = zipfile.ZipFile(io.BytesIO(export(BANK, "qti", project=PROJECT, **options)))
    manifest = ET.fromstring(archive.read("imsmanifest.xml"))
    files = {name: ET.fromstring(archive.read(name)) for name in archive.namelist() if name != "imsmanifest.xml"}
    return manifest, files


def qti_items(**options) -> dict[str, ET.Element]:
    return {e.get("ident"): e for root in qti_files(**options)[1].values() for e in root.iter(f"{{{NS['q']}}}item")}


def evaluate(element: ET.Element, response: dict[str, set[str]]) -> tuple[float, list[str]]:
    """QTI 1.2 response processing: rules in order; one that holds sets or adds to SCORE, shows its
    feedback, and ends processing unless it has continue="Yes"."""
    def holds(node) -> bool:
        tag = node.tag.split("}")[1]
        if tag == "conditionvar" or tag == "and":
            return all(holds(child) for child in node)
        if tag == "not":
            return not holds(node[0])
        if tag == "other":
            return True
        if tag == "varequal":
            return node.text in response.get(node.get("respident"), set())
        raise AssertionError(tag)

    score, shown = 0.0, []
    for condition in element.findall("q:resprocessing/q:respcondition", NS):
        if holds(condition.find("q:conditionvar", NS)):
            for setvar in condition.findall("q:setvar", NS):
                score = float(setvar.text) + (score if setvar.get("action") == "Add" else 0)
            shown += [d.get("linkrefid") for d in condition.findall("q:displayfeedback", NS)]
            if condition.get("continue", "No") != "Yes":
                break
    return score, shown


def correct_response(element: ET.Element, it) -> dict[str, set[str]]:
    if it.kind == "choice":
        return {"response1": {c.id for c in it.choices if c.correct}}
    response = {}
    for pair in it.pairs:
        lid = element.find(f".//q:response_lid[@ident='response_{pair.id}']", NS)
        label = next(item for item in lid.findall(".//q:response_label", NS)
                     if item.findtext(".//q:mattext", namespaces=NS) == plain(pair.right))
        response[f"response_{pair.id}"] = {label.get("ident")}
    return response


def test_qti_one_question_bank_per_module_titled_as_the_module():
    manifest, files = qti_files()
    hrefs = [f.get("href") for f in manifest.iter("{http://www.imsglobal.org/xsd/imscp_v1p1}file")]
    assert sorted(hrefs) == sorted(files) and len(files) == len(TITLES)
    for name, root in files.items():
        # <!ELEMENT questestinterop (qticomment?, (objectbank | assessment | (section | item)+))>: one bank a file
        assert [child.tag for child in root] == [f"{{{NS['q']}}}objectbank"]
        bank = root[0]
        # the bank title comes first: the QTI migration tool reads it as it reaches each item
        assert bank[0].tag == f"{{{NS['q']}}}qtimetadata"
        fields = {f.findtext("q:fieldlabel", namespaces=NS): f.findtext("q:fieldentry", namespaces=NS)
                  for f in bank[0].findall("q:qtimetadatafield", NS)}
        module = bank.get("ident")
        assert fields == {"bank_title": TITLES[module]} and name == f"s3kurs/{module}.xml"
        assert [e.get("ident") for e in bank.findall("q:item", NS)] == [
            q.id for q in BANK.modules[module].questions]
        assert root.find(".//q:assessment", NS) is None  # no quiz: the teacher builds quizzes from the banks


def test_qti_as_canvas_imports_it():
    elements = qti_items()
    assert list(elements) == list(ITEMS)
    for ident, element in elements.items():
        it = ITEMS[ident]
        fields = {f.findtext("q:fieldlabel", namespaces=NS): f.findtext("q:fieldentry", namespaces=NS)
                  for f in element.findall(".//q:qtimetadatafield", NS)}
        assert fields["question_type"] == QTI_TYPE[it.question.type]
        feedback = {f.get("ident"): f.findtext(".//q:mattext", namespaces=NS) for f in element.findall("q:itemfeedback", NS)}
        assert_readable_source(feedback["general_fb"], it)
        # the full right answer scores 100 % under QTI's own rules, and the general feedback is shown
        score, shown = evaluate(element, correct_response(element, it))
        assert score == pytest.approx(100, abs=0.05), ident
        assert "general_fb" in shown
        if it.kind == "choice" and it.question.type != "true_false":
            labels = [(label.get("ident"), label.findtext(".//q:mattext", namespaces=NS))
                      for label in element.findall(".//q:response_label", NS)]
            assert labels == [(c.id, str(inline(c.text))) for c in it.choices]
            assert [feedback[f"{c.id}_fb"] for c in it.choices] == [str(inline(c.feedback)) for c in it.choices]
            wrong = {c.id for c in it.choices if not c.correct}
            assert evaluate(element, {"response1": wrong})[0] == 0
        elif it.kind == "pairs":
            responses = element.findall(".//q:response_lid", NS)
            assert [r.findtext("q:material/q:mattext", namespaces=NS) for r in responses] == [str(inline(p.left)) for p in it.pairs]
            menu = [label.findtext(".//q:mattext", namespaces=NS) for label in responses[0].findall(".//q:response_label", NS)]
            assert menu == [plain(t) for t in [p.right for p in it.pairs] + it.distractors]


def test_qti_matching_rules_all_continue_so_every_pair_is_scored():
    for ident, element in qti_items().items():
        if ITEMS[ident].kind == "pairs":
            conditions = element.findall("q:resprocessing/q:respcondition", NS)
            assert conditions and all(c.get("continue") == "Yes" for c in conditions)
            # Canvas links a pair to its match only through a rule that adds to SCORE
            assert len([c for c in conditions if c.find("q:setvar[@action='Add']", NS) is not None]) == len(ITEMS[ident].pairs)


def canvas_keeps_true_false(labels: list[str]) -> bool:
    """ChoiceInteraction#process_true_false_question: two answers, one matching /true/i, another /false/i."""
    true = next((t for t in labels if re.search("true", t, re.I)), None)
    false = next((t for t in labels if t is not true and re.search("false", t, re.I)), None)
    return len(labels) == 2 and bool(true and false)


def test_qti_true_false_native_keeps_canvas_true_false_type():
    true_false = [it for it in ITEMS.values() if it.question.type == "true_false"]
    elements = qti_items()
    assert true_false
    for it in true_false:
        element = elements[it.question.id]
        labels = [label.findtext(".//q:mattext", namespaces=NS) for label in element.findall(".//q:response_label", NS)]
        assert labels == ["True", "False"] and canvas_keeps_true_false(labels)
        assert element.findtext(".//q:qtimetadatafield[q:fieldlabel='question_type']/q:fieldentry", namespaces=NS) == \
               "true_false_question"
        right = "sant" if it.question.key else "falskt"
        assert evaluate(element, {"response1": {right}})[0] == 100


def test_qti_true_false_swedish_is_multiple_choice_with_swedish_labels():
    elements = qti_items(qti_true_false="swedish")
    for it in (it for it in ITEMS.values() if it.question.type == "true_false"):
        element = elements[it.question.id]
        labels = [label.findtext(".//q:mattext", namespaces=NS) for label in element.findall(".//q:response_label", NS)]
        assert labels == ["Sant", "Falskt"] and not canvas_keeps_true_false(labels)
        assert element.findtext(".//q:qtimetadatafield[q:fieldlabel='question_type']/q:fieldentry", namespaces=NS) == \
               "multiple_choice_question"


# -- every format ------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["moodle-xml", "gift", "qti", "csv"])
def test_no_bibtex_key_in_any_export(fmt):
    result = export(BANK, fmt)  # without a project: the checkout of the bank's files gives the references
    if isinstance(result, bytes):
        archive = zipfile.ZipFile(io.BytesIO(result))
        result = "".join(archive.read(name).decode("utf-8") for name in archive.namelist())
    found = {key for key in KEYS if key in result}
    assert not found


def test_references_are_readable():
    references = References(PROJECT)
    plain_text, markdown = references.text("tillvaxtverket2023s3", "bilaga IV")
    assert plain_text.startswith("Tillväxtverket (u.å.), bilaga IV. Smart specialisering. https://tillvaxtverket.se/")
    assert markdown.startswith("Tillväxtverket (u.å.), bilaga IV. [Smart specialisering](https://tillvaxtverket.se/")
    assert "<a href=\"https://tillvaxtverket.se/" in str(inline(markdown))


def test_fast_text_paths_give_what_the_markdown_renderer_gives():
    from s3kurs.export import _html, _plain

    texts = {"a 'quote'", "x: y -> z", "100 %", "tab\tx", "é ”citat” – tankstreck", "#hash ~tilde {brace} =eq",
             "1. list", "# heading", "> quote", "- dash", "+ plus", "| pipe |", "$x$", "a  b", "http://example.org/a_b"}
    for it in ITEMS.values():
        q = it.question
        texts |= {q.prompt, q.explanation, *(t for c in it.choices for t in (c.text, c.feedback)),
                  *(t for p in it.pairs for t in (p.left, p.right, p.feedback)), *it.distractors}
        assert it.general_feedback_html == str(inline(it.general_feedback))
    for text in texts:
        assert _html(text) == str(inline(text)), text
        assert _plain(text) == plain(text), text


# -- CSV ------------------------------------------------------------------------------------

def test_csv_is_a_swedish_spreadsheet_table():
    text = export(BANK, "csv", project=PROJECT)
    data = text.encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=";"))
    header, rows = rows[0], rows[1:]
    assert header == ["Modul", "Fråga", "Typ", "Svårighetsgrad", "Lärandemål", "Taggar", "Frågetext", "Förklaring",
                      "Källa", "Lektion", "Del", "Delens id", "Text", "Matchas med", "Rätt", "Andel av poängen",
                      "Återkoppling"]
    assert all(len(row) == len(header) for row in rows)
    column = {name: i for i, name in enumerate(header)}
    by_id: dict[str, list] = {}
    for row in rows:
        by_id.setdefault(row[column["Fråga"]], []).append(row)
    assert list(by_id) == list(ITEMS)
    for qid, question_rows in by_id.items():
        it = ITEMS[qid]
        get = lambda row, name: row[column[name]]  # noqa: E731
        assert {get(r, "Frågetext") for r in question_rows} == {it.question.prompt}
        assert {get(r, "Källa") for r in question_rows} == {it.source}
        choices = [(get(r, "Delens id"), get(r, "Text"), get(r, "Rätt") == "1", get(r, "Återkoppling"))
                   for r in question_rows if get(r, "Del") == "choice"]
        assert choices == [(c.id, c.text, c.correct, c.feedback) for c in it.choices]
        pairs = [(get(r, "Text"), get(r, "Matchas med"), get(r, "Återkoppling")) for r in question_rows if get(r, "Del") == "pair"]
        assert pairs == [(p.left, p.right, p.feedback) for p in it.pairs]
        assert [get(r, "Matchas med") for r in question_rows if get(r, "Del") == "distractor"] == it.distractors
        for r in question_rows:  # decimal comma, as Excel and LibreOffice in Swedish read numbers
            share = get(r, "Andel av poängen")
            assert re.fullmatch(r"-?\d+(,\d+)?", share), share
        if it.question.type == "multiple_choice":
            right = sum(c.correct for c in it.choices)
            shares = {get(r, "Andel av poängen") for r in question_rows if get(r, "Rätt") == "1"}
            assert shares == {f"{1 / right:.7f}".rstrip("0").rstrip(".").replace(".", ",")}
    assert "\r\n" in text  # the line ends of the project's other CSV files


# -- command line -----------------------------------------------------------------------------

def test_cli_writes_chosen_modules(tmp_path):
    output = tmp_path / "m2.xml"
    result = subprocess.run([sys.executable, "-m", "s3kurs.cli", "export", "--format", "moodle-xml", "--module", "modul-2",
                             "--output", str(output)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    names = [q.findtext("name/text") for q in ET.parse(output).getroot().findall("question[@type!='category']")]
    assert names and all(n.startswith("m2-") for n in names)
    bad = subprocess.run([sys.executable, "-m", "s3kurs.cli", "export", "--format", "gift", "--module", "modul-9"],
                         cwd=ROOT, capture_output=True, text=True)
    assert bad.returncode == 2 and "modulen modul-9 finns inte" in bad.stderr and "Traceback" not in bad.stderr


def test_cli_options_reach_the_export(tmp_path):
    output = tmp_path / "q.zip"
    result = subprocess.run([sys.executable, "-m", "s3kurs.cli", "export", "--format", "qti", "--qti-true-false",
                             "swedish", "--output", str(output)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "<mattext texttype=\"text/html\">Sant</mattext>" in zipfile.ZipFile(output).read("s3kurs/modul-1.xml").decode()
    gift = subprocess.run([sys.executable, "-m", "s3kurs.cli", "export", "--format", "gift", "--ordering", "matching"],
                          cwd=ROOT, capture_output=True)
    assert gift.returncode == 0 and "slumpad ordning" in gift.stderr.decode("utf-8")
    assert b"{>" not in gift.stdout and b"Plats 1 -> " in gift.stdout


@pytest.mark.parametrize("fmt", ["moodle-xml", "gift", "csv"])
def test_standard_output_is_utf8_on_a_cp1252_console(fmt):
    result = subprocess.run([sys.executable, "-m", "s3kurs.cli", "export", "--format", fmt], cwd=ROOT,
                            capture_output=True, env={**os.environ, "PYTHONIOENCODING": "cp1252"})
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    text = result.stdout.decode("utf-8")  # strict: every byte is UTF-8
    assert text == export(BANK, fmt, project=PROJECT)
    assert "å".encode() in result.stdout and "å".encode("cp1252") not in result.stdout.replace("å".encode(), b"")
    if fmt == "moodle-xml":
        ET.fromstring(result.stdout)
