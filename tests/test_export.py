"""Exports read back and compared with the bank: Moodle XML and QTI by structure, GIFT by
structure and with an independent parser (pygiftparser), CSV row by row."""
from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
import zipfile
from xml.etree import ElementTree as ET

from s3kurs.bank import load_bank
from s3kurs.export import export, item
from s3kurs.markup import inline
from s3kurs.project import Project

from conftest import ROOT

BANK = load_bank(project=Project.find(ROOT))[0]
ITEMS = {q.id: item(f.content.module, q) for f in BANK.files for q in f.content.questions}
MOODLE_TYPE = {"single_choice": "multichoice", "multiple_choice": "multichoice", "true_false": "truefalse",
               "ordering": "matching", "matching": "matching"}
QTI_TYPE = {"single_choice": "multiple_choice_question", "multiple_choice": "multiple_answers_question",
            "true_false": "true_false_question", "ordering": "matching_question", "matching": "matching_question"}


def test_moodle_xml_has_every_question_option_key_and_feedback():
    root = ET.fromstring(export(BANK, "moodle-xml"))
    questions = [q for q in root.findall("question") if q.get("type") != "category"]
    assert [q.findtext("name/text") for q in questions] == list(ITEMS)
    for element in questions:
        it = ITEMS[element.findtext("name/text")]
        q = it.question
        assert element.get("type") == MOODLE_TYPE[q.type]
        assert element.findtext("questiontext/text") == q.prompt
        assert q.explanation in element.findtext("generalfeedback/text")
        if it.kind == "choice":
            answers = element.findall("answer")
            assert [a.findtext("feedback/text") for a in answers] == [c.feedback for c in it.choices]
            right = [float(a.get("fraction")) > 0 for a in answers]
            assert right == [c.correct for c in it.choices]
            if q.type != "true_false":
                assert [a.findtext("text") for a in answers] == [c.text for c in it.choices]
            else:
                assert [a.findtext("text") for a in answers] == ["true", "false"]
        else:
            subs = [(s.findtext("text"), s.findtext("answer/text")) for s in element.findall("subquestion")]
            assert subs == [(p.left, p.right) for p in it.pairs] + [("", d) for d in it.distractors]
            assert all(p.feedback in element.findtext("generalfeedback/text") for p in it.pairs)


def test_qti_package_as_canvas_imports_it():
    archive = zipfile.ZipFile(io.BytesIO(export(BANK, "qti")))
    assert set(archive.namelist()) == {"imsmanifest.xml", "s3kurs/s3kurs.xml"}
    ns = {"q": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"}
    root = ET.fromstring(archive.read("s3kurs/s3kurs.xml"))
    elements = root.findall(".//q:item", ns)
    assert [e.get("ident") for e in elements] == list(ITEMS)
    for element in elements:
        it = ITEMS[element.get("ident")]
        fields = {f.findtext("q:fieldlabel", namespaces=ns): f.findtext("q:fieldentry", namespaces=ns)
                  for f in element.findall(".//q:qtimetadatafield", ns)}
        assert fields["question_type"] == QTI_TYPE[it.question.type] and fields["s3kurs_module"] == it.module
        feedback = {f.get("ident"): f.findtext(".//q:mattext", namespaces=ns) for f in element.findall("q:itemfeedback", ns)}
        if it.kind == "choice":
            labels = [(label.get("ident"), label.findtext(".//q:mattext", namespaces=ns))
                      for label in element.findall(".//q:response_label", ns)]
            assert labels == [(c.id, str(inline(c.text))) for c in it.choices]
            assert [feedback[f"{c.id}_fb"] for c in it.choices] == [str(inline(c.feedback)) for c in it.choices]
            scoring = element.findall("q:resprocessing/q:respcondition[@continue='No']//q:varequal", ns)
            keys = {c.id for c in it.choices if c.correct}
            if it.question.type == "multiple_choice":
                wanted = [v.text for v in scoring if v not in element.findall(".//q:not/q:varequal", ns)]
                assert set(wanted) == keys
            else:
                assert [v.text for v in scoring] == list(keys)
        else:
            responses = element.findall(".//q:response_lid", ns)
            assert [r.findtext("q:material/q:mattext", namespaces=ns) for r in responses] == [str(inline(p.left)) for p in it.pairs]
            for response, pair in zip(responses, it.pairs):
                ident = element.find(f".//q:varequal[@respident='{response.get('ident')}']", ns).text
                label = response.find(f".//q:response_label[@ident='{ident}']", ns)
                assert label.findtext(".//q:mattext", namespaces=ns) == str(inline(pair.right))


def test_gift_by_structure_and_by_an_independent_parser():
    text = export(BANK, "gift")
    assert text.count("\n::") + text.startswith("::") == len(ITEMS)
    assert "Tillväxtverket" in text and "å" in text and "ö" in text
    import pygiftparser.parser as pygiftparser  # an independent GIFT parser from PyPI
    parsed = pygiftparser.parseFile(io.StringIO(text))
    assert [q.title for q in parsed] == list(ITEMS) and all(q.valid for q in parsed)
    for question in parsed:
        it = ITEMS[question.title]
        kind = type(question.answers).__name__
        if it.question.type == "single_choice":
            assert kind == "SelectSet"
            # pygiftparser leaves GIFT's backslash escapes in place
            assert [(re.sub(r"\\(.)", r"\1", a.answer.strip()), a.fraction > 0) for a in question.answers.answers] == \
                   [(" ".join(c.text.split()), c.correct) for c in it.choices]
            assert all(a.feedback for a in question.answers.answers)
        elif it.question.type == "multiple_choice":
            assert kind == "MultipleChoicesSet"
            assert [a.fraction > 0 for a in question.answers.answers] == [c.correct for c in it.choices]
        elif it.question.type == "true_false":
            assert kind == "TrueFalseSet" and question.answers.answer == it.question.key
        else:
            assert kind == "MatchingSet" and len(question.answers.answers) == len(it.pairs)


def test_csv_round_trip():
    rows = list(csv.DictReader(io.StringIO(export(BANK, "csv").removeprefix("\ufeff"))))
    by_id: dict[str, list] = {}
    for row in rows:
        by_id.setdefault(row["id"], []).append(row)
    assert list(by_id) == list(ITEMS)
    for qid, question_rows in by_id.items():
        it = ITEMS[qid]
        assert {r["prompt"] for r in question_rows} == {it.question.prompt}
        choices = [(r["part_id"], r["text"], r["correct"] == "1", r["feedback"]) for r in question_rows if r["part"] == "choice"]
        assert choices == [(c.id, c.text, c.correct, c.feedback) for c in it.choices]
        pairs = [(r["text"], r["match"], r["feedback"]) for r in question_rows if r["part"] == "pair"]
        assert pairs == [(p.left, p.right, p.feedback) for p in it.pairs]
        assert [r["match"] for r in question_rows if r["part"] == "distractor"] == it.distractors


def test_cli_writes_chosen_modules(tmp_path):
    output = tmp_path / "m2.xml"
    result = subprocess.run([sys.executable, "-m", "s3kurs.cli", "export", "--format", "moodle-xml", "--module", "modul-2",
                             "--output", str(output)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    names = [q.findtext("name/text") for q in ET.parse(output).getroot().findall("question[@type!='category']")]
    assert names and all(n.startswith("m2-") for n in names)
    bad = subprocess.run([sys.executable, "-m", "s3kurs.cli", "export", "--format", "gift", "--module", "modul-9"],
                         cwd=ROOT, capture_output=True, text=True)
    assert bad.returncode == 2 and "no module modul-9" in bad.stderr and "Traceback" not in bad.stderr
