"""Export the question bank to learning platforms: Moodle XML, GIFT, QTI 1.2 (Canvas) and CSV.

Every format gets the same neutral view of a question (`Item`), so that the mapping of each
question type is decided once:

- single_choice, multiple_choice, true_false: choices, each with its feedback and whether it
  is right. Moodle and Canvas give partial credit on multiple choice (right choices share
  100 %, a wrong choice takes 100 % away); the course itself gives none.
- ordering: one pair per position ("Plats 1" -> the item that belongs there), exported as a
  matching question, since none of the formats has a portable ordering type.
- matching: one pair per term, plus the distractor descriptions.
  Moodle, GIFT and Canvas have no feedback per pair: the pairs' feedback is added to the
  question's general feedback.
Text is the bank's inline Markdown: Moodle XML and GIFT keep it as Markdown, QTI gets HTML.
"""
from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

from .i18n import _
from .markup import inline
from .model import Matching, MultipleChoice, Ordering, SingleChoice, TrueFalse

FORMATS = ("moodle-xml", "gift", "qti", "csv")


@dataclass
class Choice:
    id: str
    text: str
    feedback: str
    correct: bool


@dataclass
class Pair:
    id: str
    left: str
    right: str
    feedback: str


@dataclass
class Item:
    module: str
    question: object
    kind: str  # "choice" or "pairs"
    choices: list[Choice] = field(default_factory=list)
    pairs: list[Pair] = field(default_factory=list)
    distractors: list[str] = field(default_factory=list)

    @property
    def general_feedback(self) -> str:
        q = self.question
        text = f"{q.explanation} ({_('Source')}: {q.source.key}{', ' + q.source.detail if q.source.detail else ''})"
        if self.kind == "pairs":
            text += " " + " ".join(f"{p.left}: {p.feedback}" for p in self.pairs)
        return text


def item(module: str, q) -> Item:
    if isinstance(q, TrueFalse):
        return Item(module, q, "choice", [Choice("sant", _("True"), q.feedback.sant, q.key),
                                          Choice("falskt", _("False"), q.feedback.falskt, not q.key)])
    if isinstance(q, (SingleChoice, MultipleChoice)):
        keys = set(q.key_ids if isinstance(q, SingleChoice) else q.key)
        return Item(module, q, "choice", [Choice(o.id, o.text, o.feedback, o.id in keys) for o in q.options])
    if isinstance(q, Ordering):
        by_id = {o.id: o for o in q.options}
        return Item(module, q, "pairs", pairs=[Pair(oid, _("Position {n}").format(n=i + 1), by_id[oid].text,
                                                     by_id[oid].feedback) for i, oid in enumerate(q.key)])
    if isinstance(q, Matching):
        targets = {t.id: t.text for t in q.targets}
        used = set(q.key.values())
        return Item(module, q, "pairs", pairs=[Pair(o.id, o.text, targets[q.key[o.id]], o.feedback) for o in q.options],
                    distractors=[t.text for t in q.targets if t.id not in used])
    raise TypeError(q)


def items(bank, modules=()) -> list[Item]:
    return [item(f.content.module, q) for f in bank.files if not modules or f.content.module in modules
            for q in f.content.questions]


def fractions(item: Item) -> list[str]:
    """Moodle/Canvas fractions per choice: right choices share 100, a wrong one takes 100."""
    right = sum(c.correct for c in item.choices)
    if item.question.type != "multiple_choice":
        return ["100" if c.correct else "0" for c in item.choices]
    share = f"{100 / right:.5f}".rstrip("0").rstrip(".")
    return [share if c.correct else "-100" for c in item.choices]


# -- Moodle XML -------------------------------------------------------------------------

def _text(parent, tag: str, text: str, markdown: bool = True) -> ET.Element:
    element = ET.SubElement(parent, tag, {"format": "markdown"} if markdown else {})
    ET.SubElement(element, "text").text = text
    return element


def moodle_xml(all_items: list[Item]) -> str:
    quiz = ET.Element("quiz")
    category = None
    for it in all_items:
        q = it.question
        if it.module != category:
            category = it.module
            cat = ET.SubElement(quiz, "question", {"type": "category"})
            _text(cat, "category", f"$course$/s3kurs/{it.module}", markdown=False)
        kind = {"single_choice": "multichoice", "multiple_choice": "multichoice", "true_false": "truefalse"}.get(q.type, "matching")
        element = ET.SubElement(quiz, "question", {"type": kind})
        _text(element, "name", q.id, markdown=False)
        _text(element, "questiontext", q.prompt)
        _text(element, "generalfeedback", it.general_feedback)
        ET.SubElement(element, "idnumber").text = q.id
        ET.SubElement(element, "defaultgrade").text = "1"
        ET.SubElement(element, "penalty").text = "0"
        if kind == "multichoice":
            ET.SubElement(element, "single").text = "true" if q.type == "single_choice" else "false"
            ET.SubElement(element, "shuffleanswers").text = "true"
            ET.SubElement(element, "answernumbering").text = "none"
        if it.kind == "choice":
            for choice, fraction in zip(it.choices, fractions(it)):
                text = ("true" if choice.id == "sant" else "false") if q.type == "true_false" else choice.text
                answer = _text(element, "answer", text, markdown=q.type != "true_false")
                answer.set("fraction", fraction)
                _text(answer, "feedback", choice.feedback)
        else:
            ET.SubElement(element, "shuffleanswers").text = "true"
            for pair in it.pairs:
                sub = _text(element, "subquestion", pair.left)
                ET.SubElement(ET.SubElement(sub, "answer"), "text").text = pair.right
            for distractor in it.distractors:
                sub = _text(element, "subquestion", "")
                ET.SubElement(ET.SubElement(sub, "answer"), "text").text = distractor
        ET.SubElement(element, "tags").extend(_tags(q))
    ET.indent(quiz)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"


def _tags(q) -> list[ET.Element]:
    tags = []
    for name in [*q.tags, *q.goals, f"difficulty-{q.difficulty}"]:
        tag = ET.Element("tag")
        ET.SubElement(tag, "text").text = name
        tags.append(tag)
    return tags


# -- GIFT ---------------------------------------------------------------------------------

def gift_escape(text: str) -> str:
    text = " ".join(text.split())
    for char in "\\~=#{}:":
        text = text.replace(char, "\\" + char)
    return text


def gift(all_items: list[Item]) -> str:
    lines, category = [], None
    for it in all_items:
        q = it.question
        if it.module != category:
            category = it.module
            lines += [f"$CATEGORY: $course$/s3kurs/{it.module}", ""]
        head = f"::{q.id}::[markdown]{gift_escape(q.prompt)} {{"
        general = f"####{gift_escape(it.general_feedback)}"
        if q.type == "true_false":
            right = next(c for c in it.choices if c.correct)
            wrong = next(c for c in it.choices if not c.correct)
            lines.append(f"{head}{'TRUE' if q.key else 'FALSE'}#{gift_escape(wrong.feedback)}#{gift_escape(right.feedback)}")
        elif it.kind == "choice":
            lines.append(head)
            for choice, fraction in zip(it.choices, fractions(it)):
                if q.type == "single_choice":
                    mark = "=" if choice.correct else "~"
                else:
                    mark = f"~%{fraction}%"
                lines.append(f"\t{mark}{gift_escape(choice.text)}#{gift_escape(choice.feedback)}")
        else:
            lines.append(head)
            for pair in it.pairs:
                lines.append(f"\t={gift_escape(pair.left)} -> {gift_escape(pair.right)}")
        lines += [f"\t{general}", "}", ""]
    return "\n".join(lines)


# -- QTI 1.2 for Canvas ----------------------------------------------------------------------

def _mattext(parent, text: str) -> None:
    material = ET.SubElement(parent, "material")
    ET.SubElement(material, "mattext", {"texttype": "text/html"}).text = str(inline(text))


def _field(parent, label: str, entry: str) -> None:
    element = ET.SubElement(parent, "qtimetadatafield")
    ET.SubElement(element, "fieldlabel").text = label
    ET.SubElement(element, "fieldentry").text = entry


def _feedback(parent, ident: str, text: str) -> None:
    fb = ET.SubElement(parent, "itemfeedback", {"ident": ident})
    _mattext(ET.SubElement(fb, "flow_mat"), text)


def qti_assessment(all_items: list[Item]) -> str:
    root = ET.Element("questestinterop", {"xmlns": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"})
    assessment = ET.SubElement(root, "assessment", {"ident": "s3kurs", "title": "s3kurs"})
    section = ET.SubElement(assessment, "section", {"ident": "root_section"})
    for it in all_items:
        q = it.question
        kind = {"single_choice": "multiple_choice_question", "multiple_choice": "multiple_answers_question",
                "true_false": "true_false_question"}.get(q.type, "matching_question")
        element = ET.SubElement(section, "item", {"ident": q.id, "title": q.id})
        meta = ET.SubElement(ET.SubElement(element, "itemmetadata"), "qtimetadata")
        _field(meta, "question_type", kind)
        _field(meta, "points_possible", "1.0")
        _field(meta, "s3kurs_module", it.module)
        presentation = ET.SubElement(element, "presentation")
        _mattext(presentation, q.prompt)
        processing = ET.SubElement(element, "resprocessing")
        outcomes = ET.SubElement(processing, "outcomes")
        ET.SubElement(outcomes, "decvar", {"maxvalue": "100", "minvalue": "0", "varname": "SCORE", "vartype": "Decimal"})
        if it.kind == "choice":
            response = ET.SubElement(presentation, "response_lid", {
                "ident": "response1", "rcardinality": "Multiple" if q.type == "multiple_choice" else "Single"})
            render = ET.SubElement(response, "render_choice")
            for choice in it.choices:
                _mattext(ET.SubElement(render, "response_label", {"ident": choice.id}), choice.text)
            for choice in it.choices:  # feedback for each choice
                condition = ET.SubElement(processing, "respcondition", {"continue": "Yes"})
                ET.SubElement(ET.SubElement(condition, "conditionvar"), "varequal", {"respident": "response1"}).text = choice.id
                ET.SubElement(condition, "displayfeedback", {"feedbacktype": "Response", "linkrefid": f"{choice.id}_fb"})
            condition = ET.SubElement(processing, "respcondition", {"continue": "No"})
            var = ET.SubElement(condition, "conditionvar")
            if q.type == "multiple_choice":
                var = ET.SubElement(var, "and")
                for choice in it.choices:
                    target = var if choice.correct else ET.SubElement(var, "not")
                    ET.SubElement(target, "varequal", {"respident": "response1"}).text = choice.id
            else:
                ET.SubElement(var, "varequal", {"respident": "response1"}).text = next(c.id for c in it.choices if c.correct)
            ET.SubElement(condition, "setvar", {"action": "Set", "varname": "SCORE"}).text = "100"
            for choice in it.choices:
                _feedback(element, f"{choice.id}_fb", choice.feedback)
        else:
            targets = [p.right for p in it.pairs] + it.distractors
            for pair in it.pairs:
                response = ET.SubElement(presentation, "response_lid", {"ident": f"response_{pair.id}"})
                _mattext(response, pair.left)
                render = ET.SubElement(response, "render_choice")
                for n, target in enumerate(targets):
                    _mattext(ET.SubElement(render, "response_label", {"ident": f"t{n}"}), target)
            share = f"{100 / len(it.pairs):.2f}"
            for pair in it.pairs:
                condition = ET.SubElement(processing, "respcondition")
                ET.SubElement(ET.SubElement(condition, "conditionvar"), "varequal",
                              {"respident": f"response_{pair.id}"}).text = f"t{targets.index(pair.right)}"
                ET.SubElement(condition, "setvar", {"action": "Add", "varname": "SCORE"}).text = share
        _feedback(element, "general_fb", it.general_feedback)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="s3kurs-manifest" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1">
  <metadata><schema>IMS Content</schema><schemaversion>1.1.3</schemaversion></metadata>
  <organizations/>
  <resources>
    <resource identifier="s3kurs" type="imsqti_xmlv1p2">
      <file href="s3kurs/s3kurs.xml"/>
    </resource>
  </resources>
</manifest>
"""


def qti(all_items: list[Item]) -> bytes:
    """A QTI 1.2 package (zip with imsmanifest.xml), the way Canvas imports question banks."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("imsmanifest.xml", MANIFEST)
        archive.writestr("s3kurs/s3kurs.xml", qti_assessment(all_items))
    return buffer.getvalue()


# -- CSV ------------------------------------------------------------------------------------

CSV_COLUMNS = ["module", "id", "type", "difficulty", "goals", "tags", "prompt", "explanation", "source", "lesson",
               "part", "part_id", "text", "match", "correct", "feedback"]


def to_csv(all_items: list[Item]) -> str:
    """One row per choice, pair or distractor; the question's columns repeat on every row."""
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for it in all_items:
        q = it.question
        common = {"module": it.module, "id": q.id, "type": q.type, "difficulty": q.difficulty,
                  "goals": " ".join(q.goals), "tags": " ".join(q.tags), "prompt": q.prompt,
                  "explanation": q.explanation, "source": q.source.key, "lesson": q.lesson}
        for choice in it.choices:
            writer.writerow({**common, "part": "choice", "part_id": choice.id, "text": choice.text,
                             "correct": "1" if choice.correct else "0", "feedback": choice.feedback})
        for pair in it.pairs:
            writer.writerow({**common, "part": "pair", "part_id": pair.id, "text": pair.left, "match": pair.right,
                             "correct": "1", "feedback": pair.feedback})
        for distractor in it.distractors:
            writer.writerow({**common, "part": "distractor", "match": distractor, "correct": "0"})
    return "\ufeff" + out.getvalue()  # a byte-order mark, so that spreadsheets read å, ä and ö right


def export(bank, fmt: str, modules=()) -> str | bytes:
    all_items = items(bank, modules)
    return {"moodle-xml": moodle_xml, "gift": gift, "qti": qti, "csv": to_csv}[fmt](all_items)
