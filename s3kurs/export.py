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
  Moodle has no feedback per pair, so in every format the pairs' feedback is added to the
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
import html
import io
import re
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .bank import Problem, question_label
from .i18n import N_, _
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
        return f"{self._feedback_body} {self._source_line}"

    @property
    def general_feedback_html(self) -> str:
        """The same as HTML; the source line, the same for many questions, is rendered once."""
        return f"{_html(self._feedback_body)} {_source_html(self._source_line)}"

    @property
    def _feedback_body(self) -> str:
        if self.kind != "pairs":
            return self.question.explanation
        return " ".join([self.question.explanation, *(f"{p.left}: {p.feedback}" for p in self.pairs)])

    @property
    def _source_line(self) -> str:
        return f"{_('Source')}: {self.source_md or self.question.source.key}"

    @property
    def ordering_items(self) -> list[str]:
        """An ordering question's items in the right order."""
        return [p.right for p in self.pairs]

    def problem(self, at: tuple, message: str) -> Problem:
        path = ("questions", self.index, *at)
        line = self.lines.line_of(path) if self.lines is not None else None
        label = f"questions[{self.index}]"
        for part in at:
            label += f"[{part}]" if isinstance(part, int) else f".{part}"
        return Problem(self.where, line, question_label(label, self.question.id), message)


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
        from pybtex.backends.plaintext import Backend
        from pybtex.richtext import Text

        title = Text.from_latex(entry.fields.get("title", "")).render(Backend()).strip().rstrip(".")
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


# Texts without any of these characters come out of markup.inline() as the text itself, HTML-escaped:
# no inline rule the course enables (emphasis, backticks, link, escape, entity, newline) can start
# without one of them. Most texts have none, and skipping the parser keeps large exports fast;
# tests/test_export.py checks that both ways give the same result for every text of the bank.
_MARKUP = re.compile(r'[*_`\[\]\\&\n\r<>"!]')


def _html(text: str) -> str:
    return str(inline(text)) if _MARKUP.search(text) else text


def _plain(text: str) -> str:
    return plain(text) if _MARKUP.search(text) else text


@lru_cache(maxsize=1024)
def _source_html(line: str) -> str:
    return str(inline(line))


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
        keys = set(q.key_ids)
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
    chosen = [f for f in bank.files if not modules or f.content.module in modules]
    return [item(f.content.module, q, references=references, title=f.content.title, where=where, index=i, lines=f.loaded)
            for f, where in zip(chosen, [_shown(f.path, project) for f in chosen])
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
        raise ExportError([item.problem(("key",), _("{share} % is not a grade Moodle accepts").format(share=share))])
    return values


# -- XML text ---------------------------------------------------------------------------------
# Both XML formats are written as escaped text: building and serialising ElementTree trees took most
# of the time of a large export (Canvas's matching format repeats the whole menu for every pair).

def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attrs(attrs: dict) -> str:
    """ name="value" … for a start tag."""
    out = ""
    for name, value in attrs.items():
        value = str(value)
        if "&" in value or "<" in value or ">" in value or '"' in value:
            value = _esc(value).replace('"', "&quot;")
        out += f' {name}="{value}"'
    return out


_INDENT = tuple("  " * depth for depth in range(64))


class _Xml:
    """Indented XML written line by line; *attrs* are ready-made attribute strings (see _attrs)."""

    def __init__(self, declaration: bool = True):
        self.lines: list[str] = ['<?xml version="1.0" encoding="UTF-8"?>'] if declaration else []
        self.depth = 0

    def open(self, tag: str, attrs: str = "") -> None:
        self.lines.append(f"{_INDENT[self.depth]}<{tag}{attrs}>")
        self.depth += 1

    def close(self, tag: str) -> None:
        self.depth -= 1
        self.lines.append(f"{_INDENT[self.depth]}</{tag}>")

    def leaf(self, tag: str, text: str | None = None, attrs: str = "") -> None:
        if text is None:
            self.lines.append(f"{_INDENT[self.depth]}<{tag}{attrs}/>")
        else:
            self.lines.append(f"{_INDENT[self.depth]}<{tag}{attrs}>{_esc(text)}</{tag}>")

    def raw(self, lines: list[str]) -> None:
        """Lines written before (at depth 0), indented to the current depth."""
        indent = _INDENT[self.depth]
        self.lines.extend(indent + line for line in lines)

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


_MARKDOWN = _attrs({"format": "markdown"})
_HTML = _attrs({"texttype": "text/html"})
_PLAIN = _attrs({"texttype": "text/plain"})


# -- Moodle XML -------------------------------------------------------------------------

def _moodle_text(xml: _Xml, tag: str, text: str, markdown: bool = True, attrs: str = "") -> None:
    """<tag format="markdown"><text>…</text></tag>, Moodle's text field."""
    xml.open(tag, (_MARKDOWN if markdown else "") + attrs)
    xml.leaf("text", text)
    xml.close(tag)


def category_path(it: Item) -> str:
    """$course$/s3kurs/<module title>: one question category per module, named as the module.

    A slash inside a name is written twice (qformat_default::assemble_category_path, question/format.php).
    """
    return "$course$/s3kurs/" + (it.title or it.module).replace("/", "//")


def moodle_xml(all_items: list[Item], ordering: str = "native") -> str:
    xml = _Xml()
    xml.open("quiz")
    category = None
    for it in all_items:
        q = it.question
        if it.module != category:
            category = it.module
            xml.open("question", ' type="category"')
            _moodle_text(xml, "category", category_path(it), markdown=False)
            xml.close("question")
        native_ordering = q.type == "ordering" and ordering == "native"
        kind = {"single_choice": "multichoice", "multiple_choice": "multichoice", "true_false": "truefalse"}.get(
            q.type, "ordering" if native_ordering else "matching")
        xml.open("question", f' type="{kind}"')
        _moodle_text(xml, "name", q.id, markdown=False)
        _moodle_text(xml, "questiontext", q.prompt)
        _moodle_text(xml, "generalfeedback", it.general_feedback)
        xml.leaf("idnumber", q.id)
        xml.leaf("defaultgrade", "1")
        xml.leaf("penalty", "0")
        if kind == "multichoice":
            xml.leaf("single", "true" if q.type == "single_choice" else "false")
            xml.leaf("shuffleanswers", "true")
            xml.leaf("answernumbering", "none")
        if it.kind == "choice":
            # qformat_xml::import_answer() reads fraction as a percentage and divides it by 100;
            # import_truefalse() matches the answer texts 'true' and 'false'.
            for choice, fraction in zip(it.choices, fractions(it)):
                text = ("true" if choice.id == "sant" else "false") if q.type == "true_false" else choice.text
                xml.open("answer", (_MARKDOWN if q.type != "true_false" else "") + f' fraction="{fraction}"')
                xml.leaf("text", text)
                _moodle_text(xml, "feedback", choice.feedback)
                xml.close("answer")
        elif native_ordering:
            # qtype_ordering::import_from_xml() (question/type/ordering/questiontype.php): without these
            # elements it falls back to RANDOM selection of 6 items and RELATIVE (partial) grading.
            # The answers' order is the right order; their fraction is only a sort key and is reset on save.
            xml.leaf("layouttype", "VERTICAL")
            xml.leaf("selecttype", "ALL")
            xml.leaf("selectcount", str(len(it.pairs)))
            xml.leaf("gradingtype", "ALL_OR_NOTHING")
            xml.leaf("showgrading", "SHOW")
            xml.leaf("numberingstyle", "none")
            for n, text in enumerate(it.ordering_items, 1):
                _moodle_text(xml, "answer", text, attrs=f' fraction="{n}"')
        else:
            # qtype_match shuffles the rows (stems) only when shuffleanswers is on; the choices in
            # each row's menu are always shuffled. "Plats 1" … must stay in order.
            xml.leaf("shuffleanswers", "false" if q.type == "ordering" else "true")
            # import_match() keeps the answer as plain text
            for left, right in [*((p.left, p.right) for p in it.pairs), *(("", d) for d in it.distractors)]:
                xml.open("subquestion", _MARKDOWN)
                xml.leaf("text", left)
                xml.open("answer")
                xml.leaf("text", _plain(right))
                xml.close("answer")
                xml.close("subquestion")
        xml.open("tags")
        for name in [*q.tags, *q.goals, f"difficulty-{q.difficulty}"]:
            _moodle_text(xml, "tag", name, markdown=False)
        xml.close("tags")
        xml.close("question")
    xml.close("quiz")
    return xml.text()


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
                # Items are imported in Moodle's auto-format, which reads HTML: plain text, & < > as entities.
                text = html.escape(" ".join(_plain(pair.right).split()), quote=False)
                checks.ordering_item(it, pair.at + ("text",), text)
                lines.append(f"\t{text}")
        else:
            lines.append(head)
            ordering_as_matching += q.type == "ordering"
            for pair in it.pairs:
                checks.format_marker(it, pair.at + ("text",), pair.left)
                checks.matching_term(it, pair.at + ("text",), pair.left)
                lines.append(f"\t={gift_escape(pair.left)} -> {gift_escape(_plain(pair.right))}")
            for distractor in it.distractors:
                # An empty term is a distractor: qformat_gift reads "= -> text" as subquestion "" and answer "text".
                lines.append(f"\t= -> {gift_escape(_plain(distractor))}")
        lines += [f"\t{general}", "}", ""]
    if checks.problems:
        raise ExportError(checks.problems)
    if ordering_as_matching and notes is not None:
        notes.append(_("GIFT cannot switch shuffling off: Moodle may show the ”Position N” rows of the {count} "
                       "ordering question(s) in random order. Moodle XML keeps them in order.").format(
            count=ordering_as_matching))
    return "\n".join(lines)


# -- QTI 1.2 for Canvas ----------------------------------------------------------------------

def _mattext(xml: _Xml, content: str, texttype: str = _HTML) -> None:
    """<material><mattext>, on one line (the most frequent element: kept cheap)."""
    xml.lines.append(f"{_INDENT[xml.depth]}<material><mattext{texttype}>{_esc(content)}</mattext></material>")


def _field(xml: _Xml, label: str, entry: str) -> None:
    xml.lines.append(f"{_INDENT[xml.depth]}<qtimetadatafield><fieldlabel>{_esc(label)}</fieldlabel>"
                     f"<fieldentry>{_esc(entry)}</fieldentry></qtimetadatafield>")


def _feedback(xml: _Xml, ident: str, content: str) -> None:
    xml.open("itemfeedback", _attrs({"ident": ident}))
    xml.open("flow_mat")
    _mattext(xml, content)
    xml.close("flow_mat")
    xml.close("itemfeedback")


def _condition(xml: _Xml, cont: str, condition: list[str], feedback: str | None = None, setvar: tuple | None = None):
    """<respcondition continue=…>: *condition* are the lines inside <conditionvar>."""
    xml.open("respcondition", f' continue="{cont}"')
    xml.open("conditionvar")
    xml.raw(condition)
    xml.close("conditionvar")
    if setvar:
        xml.leaf("setvar", setvar[1], f' action="{setvar[0]}" varname="SCORE"')
    if feedback:
        xml.leaf("displayfeedback", None, _attrs({"feedbacktype": "Response", "linkrefid": feedback}))
    xml.close("respcondition")


def _varequal(respident: str, value: str) -> str:
    return f'<varequal respident="{_esc(respident)}">{_esc(value)}</varequal>'


def qti_item(xml: _Xml, it: Item, true_false: str = "native") -> None:
    q = it.question
    swedish_tf = q.type == "true_false" and true_false == "swedish"
    kind = {"single_choice": "multiple_choice_question", "multiple_choice": "multiple_answers_question",
            "true_false": "multiple_choice_question" if swedish_tf else "true_false_question"}.get(
        q.type, "matching_question")
    xml.open("item", _attrs({"ident": q.id, "title": q.id}))
    xml.open("itemmetadata")
    xml.open("qtimetadata")
    _field(xml, "question_type", kind)
    _field(xml, "points_possible", "1.0")
    xml.close("qtimetadata")
    xml.close("itemmetadata")
    xml.open("presentation")
    _mattext(xml, _html(q.prompt))
    if it.kind == "choice":
        xml.open("response_lid", f' ident="response1" rcardinality="{"Multiple" if q.type == "multiple_choice" else "Single"}"')
        xml.open("render_choice")
        for choice in it.choices:
            # Canvas keeps a true/false question only if its two answers read "true" and "false"
            # (ChoiceInteraction#process_true_false_question, gems/plugins/qti_exporter/lib/qti/choice_interaction.rb),
            # and then shows them as "True" and "False" whatever they said.
            if q.type == "true_false" and not swedish_tf:
                label = "True" if choice.id == "sant" else "False"
            else:
                label = choice.text
            xml.open("response_label", _attrs({"ident": choice.id}))
            _mattext(xml, _html(label))
            xml.close("response_label")
        xml.close("render_choice")
        xml.close("response_lid")
    else:
        # Canvas reads the menu of the first response as the matches (AssociateInteraction#get_canvas_matches,
        # associate_interaction.rb), its match ids from the digits of the label idents; distractors are
        # matches that no pair's rule names. Matches are plain text in Canvas. The menu is the same for
        # every pair, so it is written once and repeated.
        menu = _Xml(declaration=False)
        menu.open("render_choice")
        for n, target in enumerate([p.right for p in it.pairs] + it.distractors, 1):
            menu.open("response_label", f' ident="t{n}"')
            _mattext(menu, _plain(target), _PLAIN)
            menu.close("response_label")
        menu.close("render_choice")
        for pair in it.pairs:
            xml.open("response_lid", _attrs({"ident": f"response_{pair.id}"}))
            _mattext(xml, _html(pair.left))
            xml.raw(menu.lines)
            xml.close("response_lid")
    xml.close("presentation")
    xml.open("resprocessing")
    xml.open("outcomes")
    xml.leaf("decvar", None, ' maxvalue="100" minvalue="0" varname="SCORE" vartype="Decimal"')
    xml.close("outcomes")
    # The general feedback is shown by a rule that always holds, as Canvas's own export does
    # (other_respcondition in lib/cc/qti/qti_items.rb); continue="Yes" so that scoring goes on.
    _condition(xml, "Yes", ["<other/>"], feedback="general_fb")
    if it.kind == "choice":
        for choice in it.choices:  # feedback for each choice
            _condition(xml, "Yes", [_varequal("response1", choice.id)], feedback=f"{choice.id}_fb")
        if q.type == "multiple_choice":
            condition = ["<and>", *(f"  {_varequal('response1', c.id)}" if c.correct else
                                    f"  <not>{_varequal('response1', c.id)}</not>" for c in it.choices), "</and>"]
        else:
            condition = [_varequal("response1", next(c.id for c in it.choices if c.correct))]
        _condition(xml, "No", condition, setvar=("Set", "100"))
    else:
        share = f"{100 / len(it.pairs):.2f}"
        for n, pair in enumerate(it.pairs, 1):
            # continue="Yes": QTI 1.2 stops at the first rule that holds unless it says to go on, so
            # without it a standards-following player scores only one pair (the QTI migration tool
            # turns each further rule into a responseElseIf of the first). Canvas links a pair to its
            # match only through a rule that adds to SCORE (get_canvas_answers).
            _condition(xml, "Yes", [_varequal(f"response_{pair.id}", f"t{n}")], setvar=("Add", share))
    xml.close("resprocessing")
    if it.kind == "choice":
        for choice in it.choices:
            _feedback(xml, f"{choice.id}_fb", _html(choice.feedback))
    _feedback(xml, "general_fb", it.general_feedback_html)
    xml.close("item")


def qti_bank(module_items: list[Item], true_false: str = "native") -> str:
    """One module as a question bank: an <objectbank> with its bank_title, the shape of Canvas's own bank export
    (generate_bank in lib/cc/qti/qti_generator.rb). The QTI migration tool gives every item in it the
    metadata question_bank = bank_title (QTIObjectBank, BankTitle and QTIItem in lib/imsqtiv1.py), which
    Canvas's AssessmentItemConverter#parse_instructure_metadata turns into the question's bank."""
    first = module_items[0]
    xml = _Xml()
    xml.open("questestinterop", ' xmlns="http://www.imsglobal.org/xsd/ims_qtiasiv1p2"')
    xml.open("objectbank", _attrs({"ident": first.module}))
    # The bank title must come before the items: the migration tool reads it as it reaches each item.
    xml.open("qtimetadata")
    _field(xml, "bank_title", first.title or first.module)
    xml.close("qtimetadata")
    for it in module_items:
        qti_item(xml, it, true_false)
    xml.close("objectbank")
    xml.close("questestinterop")
    return xml.text()


def qti_manifest(modules: list[str]) -> str:
    xml = _Xml()
    xml.open("manifest", ' identifier="s3kurs-manifest" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"')
    xml.open("metadata")
    xml.leaf("schema", "IMS Content")
    xml.leaf("schemaversion", "1.1.3")
    xml.close("metadata")
    xml.leaf("organizations")
    xml.open("resources")
    for module in modules:
        xml.open("resource", _attrs({"identifier": module, "type": "imsqti_xmlv1p2"}))
        xml.leaf("file", None, _attrs({"href": f"s3kurs/{module}.xml"}))
        xml.close("resource")
    xml.close("resources")
    xml.close("manifest")
    return xml.text()


def qti(all_items: list[Item], true_false: str = "native") -> bytes:
    """A QTI 1.2 package (zip with imsmanifest.xml) with one question bank per module and no quiz:
    Canvas makes a quiz only from an <assessment>, so the teacher builds quizzes from the banks."""
    by_module: dict[str, list[Item]] = {}
    for it in all_items:
        by_module.setdefault(it.module, []).append(it)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:  # fast; text packs well anyway
        archive.writestr("imsmanifest.xml", qti_manifest(list(by_module)))
        for module, module_items in by_module.items():
            archive.writestr(f"s3kurs/{module}.xml", qti_bank(module_items, true_false))
    return buffer.getvalue()


# -- CSV ------------------------------------------------------------------------------------

CSV_COLUMNS = {  # key -> header (English msgid; the table shows the Swedish)
    "module": N_("Module"), "id": N_("Question id"), "type": N_("Question type"), "difficulty": N_("Difficulty"),
    "goals": N_("Learning goals"), "tags": N_("Tags"), "prompt": N_("Question text"), "explanation": N_("Explanation"),
    "source": N_("Source"), "lesson": N_("Lesson"), "part": N_("Part"), "part_id": N_("Part id"), "text": N_("Part text"),
    "match": N_("Matched with"), "correct": N_("Correct"), "points": N_("Share of points"), "feedback": N_("Feedback"),
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
    appends advice for the user to *notes*. *project* (default: the checkout of the bank's files) gives
    the readable references."""
    if ordering not in ORDERING_MODES or qti_true_false not in QTI_TRUE_FALSE_MODES:
        raise ValueError(f"ordering must be one of {ORDERING_MODES}, qti_true_false one of {QTI_TRUE_FALSE_MODES}")
    if project is None and bank.files:  # the checkout the questions come from, for the references
        from .project import Project, ProjectNotFound

        try:
            project = Project.find(Path(bank.files[0].path).parent)
        except ProjectNotFound:
            pass
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
