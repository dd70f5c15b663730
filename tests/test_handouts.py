"""Printed handouts and answer keys (`s3kurs handouts`, `make handouts`): the PDFs are read back
with pypdf and compared with the lesson sources, the glossary and the question bank."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from s3kurs import handouts
from s3kurs.bank import require_bank
from s3kurs.markup import plain
from s3kurs.model import Matching, Ordering, SingleChoice, TrueFalse
from s3kurs.project import Project

from conftest import ROOT

PROJECT = Project.find(ROOT)
BANK = require_bank(PROJECT)
MODULES = sorted(BANK.modules)
ROLE = re.compile(r"\{(?P<name>[a-z:]+)\}`(?P<body>[^`]*)`")


def run_cli(*args: str, cwd: Path = ROOT, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "s3kurs.cli", "handouts", *args], capture_output=True, text=True,
                          cwd=cwd, env={**os.environ, "S3KURS_ROOT": str(cwd), **env})


def norm(text: str) -> str:
    """Text for comparing with a PDF's: ligatures and quotes unified, soft hyphens and all
    whitespace removed (the PDF breaks lines anywhere)."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    text = re.sub(r"[”“„″]", '"', re.sub(r"[’‘]", "'", text))
    return re.sub(r"\s+", "", text)


def pieces(markdown: str) -> list[str]:
    """The visible text of MyST source, split where a citation stands (the site prints it as
    e.g. "[Foray, 2015]"); a {term} role becomes its text."""
    def term_text(match):
        body = match["body"]
        return body.split("<")[0].strip() if "<" in body else body
    parts = re.split(r"\{cite[a-z:]*\}`[^`]*`", markdown)
    parts = [ROLE.sub(lambda m: term_text(m) if m["name"] == "term" else m["body"], part) for part in parts]
    return [norm(plain(part.strip(" .,;"))) for part in parts if len(part.strip(" .,;")) > 3]


def source(module: str) -> str:
    return (ROOT / "book" / f"{module}.md").read_text(encoding="utf-8")


def summary_items(module: str) -> list[str]:
    text = source(module)
    label = f"(m{module.rsplit('-', 1)[-1]}-sammanfattning)="
    block = text[text.index(label) + len(label):]
    block = block[: re.search(r"^\(.+\)=\s*$", block, re.M).start()]
    return [line[2:] for line in block.splitlines() if line.startswith("- ")]


def glossary() -> dict[str, str]:
    """Term -> definition (MyST) from book/ordlista.md. Term lines that follow each other name
    one entry (e.g. "Fyrfaldig helix" and "Quadruple helix"); only the first is returned."""
    text = (ROOT / "book" / "ordlista.md").read_text(encoding="utf-8")
    body = text[text.index("```{glossary}"):].split("\n```", 1)[0].splitlines()[1:]
    entries, term, defining = {}, None, False
    for line in body:
        if line and not line.startswith((" ", ":")):
            if defining or term is None:
                term = line.strip()
                entries[term] = ""
            ALIASES[line.strip().lower()] = term
            defining = False
        elif term and line.strip():
            entries[term] += " " + line.strip()
            defining = True
    return entries


ALIASES: dict[str, str] = {}  # any term line, in lower case -> the entry's first term


def terms_used(module: str) -> set[str]:
    """The glossary entries that the module page refers to with {term} (matched as Sphinx does, ignoring case)."""
    glossary()
    names = ALIASES
    used = set()
    for match in ROLE.finditer(source(module)):
        if match["name"] == "term":
            body = match["body"]
            target = body[body.rindex("<") + 1: body.rindex(">")] if "<" in body else body
            used.add(names[target.strip().lower()])
    return used


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def chunks(text: str, questions) -> dict[str, str]:
    """Each question's part of a document: from its prompt to the next question's prompt."""
    starts = []
    at = 0
    for q in questions:
        at = text.find(norm(plain(q.prompt)), at)
        assert at >= 0, f"the prompt of {q.id} is missing"
        starts.append(at)
    ends = starts[1:] + [len(text)]
    return {q.id: text[start:end] for q, start, end in zip(questions, starts, ends)}


def choice_labels(q) -> list[tuple[str, bool, str]]:
    """(visible text, right?, feedback) for each option of a choice or true/false question."""
    if isinstance(q, TrueFalse):
        return [("Sant", q.key, q.feedback.sant), ("Falskt", not q.key, q.feedback.falskt)]
    keys = set(q.key_ids if isinstance(q, SingleChoice) else q.key)
    return [(o.text, o.id in keys, o.feedback) for o in q.options]


@pytest.fixture(scope="module")
def printed(course_site, tmp_path_factory) -> dict[str, dict[str, str]]:
    """All handouts and answer keys, printed by the command line from the freshly built site:
    module -> {"utdelning": text, "facit": text} (normalised)."""
    output = tmp_path_factory.mktemp("utskrifter")
    result = run_cli("--output", str(output))
    assert result.returncode == 0, result.stderr
    expected = [output / f"{m}-{kind}.pdf" for m in MODULES for kind in handouts.KINDS]
    assert result.stdout.split() == [str(p) for p in expected]
    texts = {m: {kind: norm(pdf_text(output / f"{m}-{kind}.pdf")) for kind in handouts.KINDS} for m in MODULES}
    texts["_output"] = output
    return texts


@pytest.mark.browser
@pytest.mark.parametrize("module", MODULES)
def test_handout_has_title_key_points_and_terms(printed, module):
    text = printed[module]["utdelning"]
    title = re.search(r"^# (.+)$", source(module), re.M)[1]
    assert norm(title) in text
    for heading in ("Utdelning", "Viktigast att komma ihåg", "Ord att kunna", "Frågor", "Sida 1 av"):
        assert norm(heading) in text or norm(heading.upper()) in text, heading
    items = summary_items(module)
    assert items, f"no summary in book/{module}.md"
    for item in items:
        for piece in pieces(item):
            assert piece in text, f"key point missing: {piece}"
    entries = glossary()
    used = terms_used(module)
    assert used, f"book/{module}.md uses no glossary term"
    for term in used:
        assert norm(term) in text, term
        for piece in pieces(entries[term]):
            assert piece in text, f"definition of {term} missing: {piece}"
    for term in set(entries) - used:  # only the module's own terms
        assert pieces(entries[term])[0] not in text, f"{term} is not used in {module} but is in its handout"
    assert "{cite" not in text and "{term" not in text and "`" not in text


@pytest.mark.browser
@pytest.mark.parametrize("module", MODULES)
def test_handout_has_every_question_and_no_answers(printed, module):
    text = printed[module]["utdelning"]
    questions = BANK.modules[module].questions
    parts = chunks(text, questions)
    for n, q in enumerate(questions, start=1):
        part = parts[q.id]
        assert part.startswith(norm(plain(q.prompt))) and norm(f"Fråga {n}.") in text
        shown = [label for label, _right, _feedback in choice_labels(q)] if not isinstance(q, (Ordering, Matching)) \
            else [o.text for o in q.options] + [t.text for t in getattr(q, "targets", [])]
        for label in shown:
            assert norm(plain(label)) in part, f"{q.id}: {label}"
        feedbacks = [q.feedback.sant, q.feedback.falskt] if isinstance(q, TrueFalse) else [o.feedback for o in q.options]
        for secret in [q.explanation, *feedbacks]:
            if any(norm(plain(secret)) in norm(plain(label)) for label in shown):
                continue  # e.g. a matching pair's feedback that repeats a description
            assert norm(plain(secret)) not in text, f"{q.id}: the handout gives away {secret!r}"
    assert norm("rätt svar") not in text.lower() and norm("Rätt ordning") not in text
    assert norm("Förklaring:") not in text


@pytest.mark.browser
@pytest.mark.parametrize("module", MODULES)
def test_answer_key_has_the_right_answers_and_feedback(printed, module):
    text = printed[module]["facit"]
    assert norm("Facit") in text and norm(BANK.modules[module].title) in text
    questions = BANK.modules[module].questions
    parts = chunks(text, questions)
    for q in questions:
        part = parts[q.id]
        for piece in [norm(plain(q.explanation)), norm("Förklaring:"), norm("Källa:")]:
            assert piece in part, f"{q.id}: {piece}"
        if isinstance(q, Ordering):
            by_id = {o.id: o for o in q.options}
            at = part.index(norm("Rätt ordning:"))
            for oid in q.key:  # the items in the right order, each with its feedback
                at = part.index(norm(plain(by_id[oid].text)), at)
                assert norm(plain(by_id[oid].feedback)) in part[at:]
        elif isinstance(q, Matching):
            targets = {t.id: t.text for t in q.targets}
            for o in q.options:
                assert norm(f"{plain(o.text)} → {plain(targets[q.key[o.id]])}") in part, f"{q.id}: {o.id}"
                assert norm(plain(o.feedback)) in part
        else:
            for label, right, feedback in choice_labels(q):
                marked = norm(f"{plain(label)} (rätt svar)") in part
                assert marked == right, f"{q.id}: {label!r} should {'' if right else 'not '}be marked right"
                assert norm(plain(feedback)) in part


@pytest.mark.browser
def test_pdfs_are_a4_with_titles(printed):
    for module in MODULES:
        for kind in handouts.KINDS:
            reader = PdfReader(printed["_output"] / f"{module}-{kind}.pdf")
            box = reader.pages[0].mediabox
            assert float(box.width) == pytest.approx(595.3, abs=1.5)  # A4 in points (Chromium rounds up)
            assert float(box.height) == pytest.approx(841.9, abs=1.5)
            assert reader.metadata.title.startswith(BANK.modules[module].title)


@pytest.mark.browser
def test_handout_pages_fetch_nothing(printed, page):
    """The HTML that Chromium prints is self-contained: opened on its own, it requests nothing else."""
    for path in sorted(printed["_output"].glob("*.html")):
        html = path.read_text(encoding="utf-8")
        assert not re.search(r"<link|<script|<img|src=|@import|url\(", html), path.name
        page.requests.clear()
        page.goto(path.as_uri())
        assert page.requests == [path.as_uri()], path.name


def test_the_order_on_paper_gives_nothing_away():
    for q in BANK.questions:
        if isinstance(q, Ordering):
            assert [i["position"] for i in handouts.layout(q)["items"]] != list(range(1, len(q.options) + 1)), q.id
        if isinstance(q, Matching):
            letters = [t["letter"] for t in handouts.layout(q)["terms"]]
            assert letters != sorted(letters) or len(set(letters)) < len(letters), q.id


# -- clear errors ---------------------------------------------------------------------------

def _one_line_error(result: subprocess.CompletedProcess, code: int, *words: str) -> None:
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    for word in words:
        assert word in result.stderr


@pytest.mark.parametrize("with_output", [False, True])
def test_clear_error_when_the_site_is_not_built(mini_project, tmp_path, with_output):
    args = ("--output", str(tmp_path / "ut")) if with_output else ()
    result = run_cli(*args, cwd=mini_project)
    _one_line_error(result, 1, "Webbplatsen är inte byggd", "make book")
    assert not (tmp_path / "ut").exists() and not (mini_project / "_build").exists()


def test_clear_error_for_an_unknown_module(mini_project):
    _one_line_error(run_cli("--module", "modul-9", cwd=mini_project), 2, "modul-9", "mini")


def test_clear_error_when_chromium_is_missing(mini_project, tmp_path):
    (mini_project / "_build" / "html").mkdir(parents=True)
    (mini_project / "_build" / "html" / "index.html").write_text("<!DOCTYPE html>", encoding="utf-8")
    result = run_cli("--output", str(tmp_path / "ut"), cwd=mini_project, S3KURS_CHROMIUM=str(tmp_path / "no-chromium"))
    _one_line_error(result, 1, "Chromium finns inte", "apt-get install chromium")
    assert not (tmp_path / "ut").exists()
