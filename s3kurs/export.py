"""Export the question bank to learning platforms: Moodle XML, GIFT, QTI 1.2 (Canvas) and CSV.

Every format gets the same neutral view of a question (`Item`), so that the mapping of each
question type is decided once:

- single_choice, multiple_choice, true_false: choices, each with its feedback and whether it
  is right. Moodle gives partial credit on multiple choice (right choices share 100 %, a wrong
  choice takes 100 % away); the course itself gives none.
- ordering: Moodle's own ordering type (core since Moodle 4.4) in Moodle XML and GIFT; with
  `ordering="matching"` (older Moodle), and always in QTI and CSV, one pair per position
  ("Plats 1" -> the item that belongs there).
- matching: one pair per term, plus the distractor descriptions.
  Moodle, GIFT and Canvas have no feedback per pair: the pairs' feedback is added to the
  question's general feedback.
The general feedback is the explanation, then the pairs' feedback, and last the readable source
("Källa: Tillväxtverket (2023). Smart specialisering. <link>"), never a BibTeX key.
Text is the bank's inline Markdown: Moodle XML and GIFT keep it as Markdown, QTI gets HTML.

Each choice below follows a rule of the importer that reads the file; the comments name the
importer's source file (moodle/moodle, instructure/canvas-lms and instructure/QTIMigrationTool,
which Canvas runs to turn QTI 1.2 into QTI 2.1 before its own converters read it).
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

from .bank import Problem
from .i18n import _
from .markup import inline, plain
from .model import Matching, MultipleChoice, Ordering, SingleChoice, TrueFalse

FORMATS = ("moodle-xml", "gift", "qti", "csv")
ORDERING_MODES = ("native", "matching")  # --ordering: Moodle 4.4's ordering type, or matching for older Moodle
QTI_TRUE_FALSE_MODES = ("native", "swedish")  # --qti-true-false: Canvas's true/false type, or Swedish labels

# Moodle accepts only these grade fractions on import: question_bank::fraction_options_full() in
# question/engine/bank.php (p/q for q <= 6, p/10, 1/q for q <= 10, 1/20, their negatives, 0 and +-1).
_MOODLE_POSITIVE = (1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3, 0.25, 0.2,
                    0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05)
MOODLE_FRACTIONS = (0.0, *_MOODLE_POSITIVE, *(-f for f in _MOODLE_POSITIVE))


def moodle_accepts(fraction: float) -> bool:
    """Moodle's match_grade_options() with matchgrades 'error' (lib/questionlib.php): within 0.00001."""
    return any(abs(fraction - allowed) < 0.00001 for allowed in MOODLE_FRACTIONS)


class ExportError(Exception):
    """Texts a format cannot carry; `problems` name the file, line, question and field of each."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


@dataclass
class Choice:
    id: str
    text: str
    feedback: str
    correct: bool
    at: tuple = ()  # where the choice is in the question's YAML (for error messages)


@dataclass
class Pair:
    id: str
    left: str
    right: str
    feedback: str
    at: tuple = ()


@dataclass
class Item:
    module: str
    question: object
    kind: str  # "choice" or "pairs"
    choices: list[Choice] = field(default_factory=list)
    pairs: list[Pair] = field(default_factory=list)
    distractors: list[str] = field(default_factory=list)
    title: str = ""  # the module's title
    source: str = ""  # the readable reference, plain text
    source_md: str = ""  # the same as Markdown, with the title linked
    where: str = ""  # the question file, as shown in messages
    index: int = 0  # the question's position in its file
    lines: object = None  # the file's Loaded (line numbers), if known

    @property
    def general_feedback(self) -> str:
        """Explanation, then the pairs' feedback, then the source (Markdown)."""
        parts = [self.question.explanation]
        if self.kind == "pairs":
            parts += [f"{p.left}: {p.feedback}" for p in self.pairs]
        parts.append(f"{_('Source')}: {self.source_md or self.question.source.key}")
        return " ".join(parts)

    @property
    def ordering_items(self) -> list[str]:
        """An ordering question's items in the right order."""
        return [p.right for p in self.pairs]

    def problem(self, at: tuple, message: str) -> Problem:
        path = ("questions", self.index, *at)
        line = self.lines.line_of(path) if self.lines is not None else None
        label = f"questions[{self.index}] (question {self.question.id})"
        for part in at:
            label += f"[{part}]" if isinstance(part, int) else f".{part}"
        return Problem(self.where, line, label, message)


# -- references ------------------------------------------------------------------------------

class References:
    """Readable references from the project's bibliography: "Foray m.fl. (2011). Title. https://…"."""

    def __init__(self, project=None):
        self.project = project
        self._cache: dict[tuple, tuple[str, str]] = {}

    def _parts(self, key: str) -> tuple[str, str, str]:
        if self.project is None:
            return key, "", ""
        entry = self.project.bibliography.get(key)
        cite = self.project.short_citation(key)
        if entry is None:
            return cite, "", ""
        from pybtex.richtext import Text

        title = Text.from_latex(entry.fields.get("title", "")).render_as("text").strip().rstrip(".")
        url = entry.fields.get("url") or (f"https://doi.org/{entry.fields['doi']}" if entry.fields.get("doi") else "")
        return cite, title, url

    def text(self, key: str, detail: str | None) -> tuple[str, str]:
        """(plain, markdown) forms of a question's source."""
        if (key, detail) not in self._cache:
            self._cache[key, detail] = self._text(key, detail)
        return self._cache[key, detail]

    def _text(self, key: str, detail: str | None) -> tuple[str, str]:
        cite, title, url = self._parts(key)
        cite += f", {detail}" if detail else ""
        plain_text = " ".join(filter(None, [f"{cite}.", f"{title}." if title else "", url]))
        if not title:
            return plain_text, _md_escape(cite) + "."
        if not url:
            return plain_text, f"{_md_escape(cite)}. {_md_escape(title)}."
        link = url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
        return plain_text, f"{_md_escape(cite)}. [{_md_escape(title)}]({link})."


def _md_escape(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>])", r"\\\1", text)


# -- the neutral view --------------------------------------------------------------------------

def item(module: str, q, *, references: References | None = None, title: str = "", where: str = "",
         index: int = 0, lines=None) -> Item:
    references = references or References()
    source, source_md = references.text(q.source.key, q.source.detail)
    common = dict(title=title, source=source, source_md=source_md, where=where, index=index, lines=lines)
    if isinstance(q, TrueFalse):
        return Item(module, q, "choice", [Choice("sant", _("True"), q.feedback.sant, q.key, ("feedback", "sant")),
                                          Choice("falskt", _("False"), q.feedback.falskt, not q.key, ("feedback", "falskt"))],
                    **common)
    if isinstance(q, (SingleChoice, MultipleChoice)):
        keys = set(q.key_ids if isinstance(q, SingleChoice) else q.key)
        return Item(module, q, "choice", [Choice(o.id, o.text, o.feedback, o.id in keys, ("options", j))
                                          for j, o in enumerate(q.options)], **common)
    if isinstance(q, Ordering):
        position = {o.id: j for j, o in enumerate(q.options)}
        by_id = {o.id: o for o in q.options}
        return Item(module, q, "pairs", pairs=[Pair(oid, _("Position {n}").format(n=i + 1), by_id[oid].text,
                                                     by_id[oid].feedback, ("options", position[oid]))
                                                for i, oid in enumerate(q.key)], **common)
    if isinstance(q, Matching):
        targets = {t.id: t.text for t in q.targets}
        used = set(q.key.values())
        return Item(module, q, "pairs", pairs=[Pair(o.id, o.text, targets[q.key[o.id]], o.feedback, ("options", j))
                                               for j, o in enumerate(q.options)],
                    distractors=[t.text for t in q.targets if t.id not in used], **common)
    raise TypeError(q)


def _shown(path: Path, project) -> str:
    try:
        return str(path.resolve().relative_to(project.root)) if project else str(path)
    except ValueError:
        return str(path)


def items(bank, modules=(), project=None) -> list[Item]:
    references = References(project)
    return [item(f.content.module, q, references=references, title=f.content.title, where=_shown(f.path, project),
                 index=i, lines=f.loaded)
            for f in bank.files if not modules or f.content.module in modules
            for i, q in enumerate(f.content.questions)]


def fractions(item: Item) -> list[str]:
    """Moodle fractions (percent) per choice: right choices share 100, a wrong one takes 100.

    Five decimals, as Moodle's own exports write them: 33.33333 % is read as 0.3333333, which
    match_grade_options() finds in the allowed list (see MAX_CORRECT_OPTIONS in model.py).
    """
    right = sum(c.correct for c in item.choices)
    if item.question.type != "multiple_choice":
        return ["100" if c.correct else "0" for c in item.choices]
    share = f"{100 / right:.5f}".rstrip("0").rstrip(".")
    values = [share if c.correct else "-100" for c in item.choices]
    if not all(moodle_accepts(float(v) / 100) for v in values):  # the validator's limit keeps this from happening
        raise ExportError([item.problem(("key",), f"{share} % is not a grade Moodle accepts")])
    return values


# -- Moodle XML -------------------------------------------------------------------------

def _text(parent, tag: str, text: str, markdown: bool = True) -> ET.Element:
    element = ET.SubElement(parent, tag, {"format": "markdown"} if markdown else {})
    ET.SubElement(element, "text").text = text
    return element


def category_path(it: Item) -> str:
    """$course$/s3kurs/<module title>: one question category per module, named as the module.

    A slash inside a name is written twice (qformat_default::assemble_category_path, question/format.php).
    """
    return "$course$/s3kurs/" + (it.title or it.module).replace("/", "//")


def moodle_xml(all_items: list[Item], ordering: str = "native") -> str:
    quiz = ET.Element("quiz")
    category = None
    for it in all_items:
        q = it.question
        if it.module != category:
            category = it.module
            cat = ET.SubElement(quiz, "question", {"type": "category"})
            _text(cat, "category", category_path(it), markdown=False)
        native_ordering = q.type == "ordering" and ordering == "native"
        kind = {"single_choice": "multichoice", "multiple_choice": "multichoice", "true_false": "truefalse"}.get(
            q.type, "ordering" if native_ordering else "matching")
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
            # qformat_xml::import_answer() reads fraction as a percentage and divides it by 100;
            # import_truefalse() matches the answer texts 'true' and 'false'.
            for choice, fraction in zip(it.choices, fractions(it)):
                text = ("true" if choice.id == "sant" else "false") if q.type == "true_false" else choice.text
                answer = _text(element, "answer", text, markdown=q.type != "true_false")
                answer.set("fraction", fraction)
                _text(answer, "feedback", choice.feedback)
        elif native_ordering:
            # qtype_ordering::import_from_xml() (question/type/ordering/questiontype.php): without these
            # elements it falls back to RANDOM selection of 6 items and RELATIVE (partial) grading.
            # The answers' order is the right order; their fraction is only a sort key and is reset on save.
            ET.SubElement(element, "layouttype").text = "VERTICAL"
            ET.SubElement(element, "selecttype").text = "ALL"
            ET.SubElement(element, "selectcount").text = str(len(it.pairs))
            ET.SubElement(element, "gradingtype").text = "ALL_OR_NOTHING"
            ET.SubElement(element, "showgrading").text = "SHOW"
            ET.SubElement(element, "numberingstyle").text = "none"
            for n, text in enumerate(it.ordering_items, 1):
                _text(element, "answer", text).set("fraction", str(n))
        else:
            # qtype_match shuffles the rows (stems) only when shuffleanswers is on; the choices in
            # each row's menu are always shuffled. "Plats 1" … must stay in order.
            ET.SubElement(element, "shuffleanswers").text = "false" if q.type == "ordering" else "true"
            for pair in it.pairs:
                sub = _text(element, "subquestion", pair.left)
                # import_match() keeps the answer as plain text
                ET.SubElement(ET.SubElement(sub, "answer"), "text").text = plain(pair.right)
            for distractor in it.distractors:
                sub = _text(element, "subquestion", "")
                ET.SubElement(ET.SubElement(sub, "answer"), "text").text = plain(distractor)
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

# qformat_gift::escapedchar_pre() (question/format/gift/format.php) undoes exactly these escapes.
_GIFT_SPECIAL = re.compile(r"([\\~=#{}:])")
# parse_text_with_format() takes a leading [moodle], [html], [plain] or [markdown] as the text's
# format and removes it; GIFT has no escape for it.
_GIFT_FORMAT_MARKER = re.compile(r"\[(moodle|html|plain|markdown)\]")


def gift_escape(text: str) -> str:
    return _GIFT_SPECIAL.sub(r"\\\1", " ".join(text.split()))


class _GiftChecks:
    """Collects the texts GIFT cannot carry, so that none is written broken."""

    def __init__(self):
        self.problems: list[Problem] = []

    def format_marker(self, it: Item, at: tuple, text: str) -> None:
        marker = _GIFT_FORMAT_MARKER.match(" ".join(text.split()))
        if marker:
            self.problems.append(it.problem(at, _(
                "GIFT reads a leading {marker} as the text's format and removes it, and has no way to escape it: "
                "reword the beginning of the text, or export to Moodle XML").format(marker=marker.group(0))))

    def matching_term(self, it: Item, at: tuple, text: str) -> None:
        if "->" in text:
            self.problems.append(it.problem(at, _(
                "GIFT splits a matching pair at its first '->', so a term cannot contain '->': "
                "reword the term, or export to Moodle XML")))

    def ordering_item(self, it: Item, at: tuple, text: str) -> None:
        # qtype_ordering::import_from_gift() keeps each item line as written: no GIFT escape is undone,
        # '}' ends the question, '####' starts the general feedback and a line starting '//' is a comment.
        if "}" in text or "\\" in text or "####" in text or text.startswith("//"):
            self.problems.append(it.problem(at, _(
                "Moodle reads the items of a GIFT ordering question without escapes, so an item cannot contain "
                "'}}', a backslash or '####', nor begin with '//': reword the item, use --ordering matching, "
                "or export to Moodle XML")))


def gift(all_items: list[Item], ordering: str = "native", notes: list[str] | None = None) -> str:
    checks = _GiftChecks()
    lines, category, ordering_as_matching = [], None, 0
    for it in all_items:
        q = it.question
        if it.module != category:
            category = it.module
            # The category line is read without undoing escapes, so the path is written as it is.
            lines += [f"$CATEGORY: {category_path(it)}", ""]
        # The question text is written with [markdown], so a format marker in the text itself stays text.
        head = f"::{q.id}::[markdown]{gift_escape(q.prompt)} {{"
        checks.format_marker(it, ("explanation",), q.explanation)  # the general feedback starts with it
        general = f"####{gift_escape(it.general_feedback)}"
        if q.type == "true_false":
            right = next(c for c in it.choices if c.correct)
            wrong = next(c for c in it.choices if not c.correct)
            for choice in (right, wrong):
                checks.format_marker(it, choice.at, choice.feedback)
            # TRUE/FALSE, then the feedback for a wrong answer, then for a right one (split_truefalse_comment)
            lines.append(f"{head}{'TRUE' if q.key else 'FALSE'}#{gift_escape(wrong.feedback)}#{gift_escape(right.feedback)}")
        elif it.kind == "choice":
            lines.append(head)
            for choice, fraction in zip(it.choices, fractions(it)):
                checks.format_marker(it, choice.at + ("text",), choice.text)
                checks.format_marker(it, choice.at + ("feedback",), choice.feedback)
                if q.type == "single_choice":
                    mark = "=" if choice.correct else "~"
                else:
                    mark = f"~%{fraction}%"  # answerweightparser(): percent, divided by 100
                lines.append(f"\t{mark}{gift_escape(choice.text)}#{gift_escape(choice.feedback)}")
        elif q.type == "ordering" and ordering == "native":
            # Moodle 4.4's ordering GIFT syntax (qtype_ordering::import_from_gift):
            # {>count selecttype layouttype gradingtype showgrading numberingstyle, then one item a line}.
            # All six settings are written, so that no optional one can swallow the start of the first item.
            lines.append(f"{head}>{len(it.pairs)} ALL VERTICAL ALL_OR_NOTHING SHOW none")
            for pair in it.pairs:
                text = " ".join(plain(pair.right).split())  # items are imported in Moodle's auto-format
                checks.ordering_item(it, pair.at + ("text",), text)
                lines.append(f"\t{text}")
        else:
            lines.append(head)
            ordering_as_matching += q.type == "ordering"
            for pair in it.pairs:
                checks.format_marker(it, pair.at + ("text",), pair.left)
                checks.matching_term(it, pair.at + ("text",), pair.left)
                lines.append(f"\t={gift_escape(pair.left)} -> {gift_escape(plain(pair.right))}")
            for distractor in it.distractors:
                # An empty term is a distractor: qformat_gift reads "= -> text" as subquestion "" and answer "text".
                lines.append(f"\t= -> {gift_escape(plain(distractor))}")
        lines += [f"\t{general}", "}", ""]
    if checks.problems:
        raise ExportError(checks.problems)
    if ordering_as_matching and notes is not None:
        notes.append(_("GIFT cannot switch shuffling off: Moodle may show the ”Position N” rows of the {count} "
                       "ordering question(s) in random order. Moodle XML keeps them in order.").format(
            count=ordering_as_matching))
    return "\n".join(lines)


# -- QTI 1.2 for Canvas ----------------------------------------------------------------------

def _mattext(parent, text: str, html: bool = True) -> None:
    material = ET.SubElement(parent, "material")
    if html:
        ET.SubElement(material, "mattext", {"texttype": "text/html"}).text = str(inline(text))
    else:
        ET.SubElement(material, "mattext", {"texttype": "text/plain"}).text = plain(text)


def _field(parent, label: str, entry: str) -> None:
    element = ET.SubElement(parent, "qtimetadatafield")
    ET.SubElement(element, "fieldlabel").text = label
    ET.SubElement(element, "fieldentry").text = entry


def _feedback(parent, ident: str, text: str) -> None:
    fb = ET.SubElement(parent, "itemfeedback", {"ident": ident})
    _mattext(ET.SubElement(fb, "flow_mat"), text)


def _display_feedback(condition, ident: str) -> None:
    ET.SubElement(condition, "displayfeedback", {"feedbacktype": "Response", "linkrefid": ident})


def qti_item(parent, it: Item, true_false: str = "native") -> None:
    q = it.question
    swedish_tf = q.type == "true_false" and true_false == "swedish"
    kind = {"single_choice": "multiple_choice_question", "multiple_choice": "multiple_answers_question",
            "true_false": "multiple_choice_question" if swedish_tf else "true_false_question"}.get(
        q.type, "matching_question")
    element = ET.SubElement(parent, "item", {"ident": q.id, "title": q.id})
    meta = ET.SubElement(ET.SubElement(element, "itemmetadata"), "qtimetadata")
    _field(meta, "question_type", kind)
    _field(meta, "points_possible", "1.0")
    presentation = ET.SubElement(element, "presentation")
    _mattext(presentation, q.prompt)
    processing = ET.SubElement(element, "resprocessing")
    outcomes = ET.SubElement(processing, "outcomes")
    ET.SubElement(outcomes, "decvar", {"maxvalue": "100", "minvalue": "0", "varname": "SCORE", "vartype": "Decimal"})
    # The general feedback is shown by a rule that always holds, as Canvas's own export does
    # (other_respcondition in lib/cc/qti/qti_items.rb); continue="Yes" so that scoring goes on.
    condition = ET.SubElement(processing, "respcondition", {"continue": "Yes"})
    ET.SubElement(ET.SubElement(condition, "conditionvar"), "other")
    _display_feedback(condition, "general_fb")
    if it.kind == "choice":
        response = ET.SubElement(presentation, "response_lid", {
            "ident": "response1", "rcardinality": "Multiple" if q.type == "multiple_choice" else "Single"})
        render = ET.SubElement(response, "render_choice")
        for choice in it.choices:
            # Canvas keeps a true/false question only if its two answers read "true" and "false"
            # (ChoiceInteraction#process_true_false_question, gems/plugins/qti_exporter/lib/qti/choice_interaction.rb),
            # and then shows them as "True" and "False" whatever they said.
            if q.type == "true_false" and not swedish_tf:
                label = "True" if choice.id == "sant" else "False"
            else:
                label = choice.text
            _mattext(ET.SubElement(render, "response_label", {"ident": choice.id}), label)
        for choice in it.choices:  # feedback for each choice
            condition = ET.SubElement(processing, "respcondition", {"continue": "Yes"})
            ET.SubElement(ET.SubElement(condition, "conditionvar"), "varequal", {"respident": "response1"}).text = choice.id
            _display_feedback(condition, f"{choice.id}_fb")
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
        # Canvas reads the menu of the first response as the matches (AssociateInteraction#get_canvas_matches,
        # associate_interaction.rb), its match ids from the digits of the label idents; distractors are
        # matches that no pair's rule names. Matches are plain text in Canvas.
        targets = [p.right for p in it.pairs] + it.distractors
        for pair in it.pairs:
            response = ET.SubElement(presentation, "response_lid", {"ident": f"response_{pair.id}"})
            _mattext(response, pair.left)
            render = ET.SubElement(response, "render_choice")
            for n, target in enumerate(targets, 1):
                _mattext(ET.SubElement(render, "response_label", {"ident": f"t{n}"}), target, html=False)
        share = f"{100 / len(it.pairs):.2f}"
        for n, pair in enumerate(it.pairs, 1):
            # continue="Yes": QTI 1.2 stops at the first rule that holds unless it says to go on, so
            # without it a standards-following player scores only one pair (the QTI migration tool
            # turns each further rule into a responseElseIf of the first).
            condition = ET.SubElement(processing, "respcondition", {"continue": "Yes"})
            ET.SubElement(ET.SubElement(condition, "conditionvar"), "varequal",
                          {"respident": f"response_{pair.id}"}).text = f"t{n}"
            # Canvas links a pair to its match only through a rule that adds to SCORE (get_canvas_answers)
            ET.SubElement(condition, "setvar", {"action": "Add", "varname": "SCORE"}).text = share
    _feedback(element, "general_fb", it.general_feedback)


def qti_bank(module_items: list[Item], true_false: str = "native") -> str:
    """One module as a question bank: an <objectbank> with its bank_title, the shape of Canvas's own bank export
    (generate_bank in lib/cc/qti/qti_generator.rb). The QTI migration tool gives every item in it the
    metadata question_bank = bank_title (QTIObjectBank, BankTitle and QTIItem in lib/imsqtiv1.py), which
    Canvas's AssessmentItemConverter#parse_instructure_metadata turns into the question's bank."""
    first = module_items[0]
    root = ET.Element("questestinterop", {"xmlns": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"})
    bank = ET.SubElement(root, "objectbank", {"ident": first.module})
    # The bank title must come before the items: the migration tool reads it as it reaches each item.
    _field(ET.SubElement(bank, "qtimetadata"), "bank_title", first.title or first.module)
    for it in module_items:
        qti_item(bank, it, true_false)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def qti_manifest(modules: list[str]) -> str:
    manifest = ET.Element("manifest", {"identifier": "s3kurs-manifest", "xmlns": "http://www.imsglobal.org/xsd/imscp_v1p1"})
    metadata = ET.SubElement(manifest, "metadata")
    ET.SubElement(metadata, "schema").text = "IMS Content"
    ET.SubElement(metadata, "schemaversion").text = "1.1.3"
    ET.SubElement(manifest, "organizations")
    resources = ET.SubElement(manifest, "resources")
    for module in modules:
        resource = ET.SubElement(resources, "resource", {"identifier": module, "type": "imsqti_xmlv1p2"})
        ET.SubElement(resource, "file", {"href": f"s3kurs/{module}.xml"})
    ET.indent(manifest)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(manifest, encoding="unicode") + "\n"


def qti(all_items: list[Item], true_false: str = "native") -> bytes:
    """A QTI 1.2 package (zip with imsmanifest.xml) with one question bank per module and no quiz:
    Canvas makes a quiz only from an <assessment>, so the teacher builds quizzes from the banks."""
    by_module: dict[str, list[Item]] = {}
    for it in all_items:
        by_module.setdefault(it.module, []).append(it)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("imsmanifest.xml", qti_manifest(list(by_module)))
        for module, module_items in by_module.items():
            archive.writestr(f"s3kurs/{module}.xml", qti_bank(module_items, true_false))
    return buffer.getvalue()


# -- CSV ------------------------------------------------------------------------------------

CSV_COLUMNS = {  # key -> header (English msgid; the table shows the Swedish)
    "module": "Module", "id": "Question id", "type": "Question type", "difficulty": "Difficulty",
    "goals": "Learning goals", "tags": "Tags", "prompt": "Question text", "explanation": "Explanation",
    "source": "Source", "lesson": "Lesson", "part": "Part", "part_id": "Part id", "text": "Part text",
    "match": "Matched with", "correct": "Correct", "points": "Share of points", "feedback": "Feedback",
}


def decimal_comma(value: float) -> str:
    """A number as a Swedish spreadsheet reads it: decimal comma, hyphen-minus, at most 7 decimals."""
    text = f"{value:.7f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text.replace(".", ",")


def csv_headers() -> list[str]:
    return [_(header) for header in CSV_COLUMNS.values()]


def to_csv(all_items: list[Item]) -> str:
    """A table for a Swedish spreadsheet (semicolons, decimal comma, UTF-8 with a byte-order mark), like the
    project's other CSV files: one row per choice, pair or distractor, the question's columns on every row.
    "Share of points" is the share Moodle gives (negative: taken away). No learning platform imports it."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(csv_headers())
    keys = list(CSV_COLUMNS)
    for it in all_items:
        q = it.question
        common = {"module": it.module, "id": q.id, "type": q.type, "difficulty": q.difficulty,
                  "goals": " ".join(q.goals), "tags": " ".join(q.tags), "prompt": q.prompt,
                  "explanation": q.explanation, "source": it.source, "lesson": q.lesson}
        rows = []
        if it.choices:
            for choice, fraction in zip(it.choices, fractions(it)):
                rows.append({"part": "choice", "part_id": choice.id, "text": choice.text, "correct": int(choice.correct),
                             "points": decimal_comma(float(fraction) / 100), "feedback": choice.feedback})
        share = decimal_comma(1 / len(it.pairs)) if it.pairs else ""
        for pair in it.pairs:
            rows.append({"part": "pair", "part_id": pair.id, "text": pair.left, "match": pair.right, "correct": 1,
                         "points": share, "feedback": pair.feedback})
        for distractor in it.distractors:
            rows.append({"part": "distractor", "match": distractor, "correct": 0, "points": "0"})
        for row in rows:
            row = {**common, **row}
            writer.writerow([row.get(k, "") for k in keys])
    return "\ufeff" + out.getvalue()  # a byte-order mark, so that spreadsheets read å, ä and ö right


def export(bank, fmt: str, modules=(), *, project=None, ordering: str = "native", qti_true_false: str = "native",
           notes: list[str] | None = None) -> str | bytes:
    """The chosen modules (default: all) in *fmt*. Raises ExportError for texts the format cannot carry;
    appends advice for the user to *notes*. *project* gives the readable references."""
    if ordering not in ORDERING_MODES or qti_true_false not in QTI_TRUE_FALSE_MODES:
        raise ValueError(f"ordering must be one of {ORDERING_MODES}, qti_true_false one of {QTI_TRUE_FALSE_MODES}")
    all_items = items(bank, modules, project)
    if fmt == "moodle-xml":
        return moodle_xml(all_items, ordering)
    if fmt == "gift":
        return gift(all_items, ordering, notes)
    if fmt == "qti":
        return qti(all_items, qti_true_false)
    if fmt == "csv":
        return to_csv(all_items)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
