"""The pseudo-locale test (issue 14 §5): with catalogues whose every translation is marked
⟦…⟧ (made here from the real `s3kurs.po` and `argparse.po`, pointed to by S3KURS_CATALOGUE), every
command of the command line (help, usage errors, error paths) and every rendering (quiz, final test,
progress, workshop pages, handouts, widgets, charts, the built fixture book) shows only marked text,
apart from data.

A line passes when what is left of it outside the marks is data. The allow-list, by kind:
- numbers, punctuation and file paths (anything with a "/");
- the words of the files the command or page reads: the question bank and the exercise data
  (ids, YAML field names, the course's own texts, which are content, not UI strings);
- the learner's own input (here: the group code and the area names the tests type in);
- `IDENTIFIERS`: command names, option names and choices of the command line, and the few codes
  that are identifiers by design (question types in the CSV, KR-20).
Marks may span lines (argparse wraps long help texts) and nest (a translated value inside a
translated message).
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import ipywidgets as w
import matplotlib
import matplotlib.figure
import matplotlib.text
import pytest
from babel.messages.pofile import read_po, write_po
from bs4 import BeautifulSoup

from s3kurs import cli, export, granska, handouts, i18n, render_html, scorm
from s3kurs.bank import load_bank, question_hash
from s3kurs.model import LEVELS
from s3kurs.project import Project

from conftest import MINI, ROOT, build_book, sphinx_warnings

OPEN, CLOSE = "⟦", "⟧"
WORD = re.compile(r"[^\W\d_][^\W_]*")
IDENTIFIERS = {
    # the command line: prog, commands, options, choices
    "s3kurs", "validate", "granska", "stats", "results", "summarize", "export", "handouts", "ny", "modul", "h", "help", "json",
    "strict", "chart", "format", "output", "module", "ordering", "qti", "true", "false",
    *(word for choice in (*export.FORMATS, *scorm.FORMATS, *export.ORDERING_MODES, *export.QTI_TRUE_FALSE_MODES)
      for word in WORD.findall(choice)),
    # codes that are identifiers by design: granska's rule ids, the question types and the CSV's part codes,
    # a statistic's name
    *(word for rule in granska.RULES for word in WORD.findall(rule)), *LEVELS,
    "single", "choice", "multiple", "matching", "pair", "distractor", "kr",
}
GROUP = "malmö"        # what a learner types in: a group code, area names
AREAS = ("Besöksnäring", "Grön stål")


def mark(text: str) -> str:
    """⟦text⟧, with leading and trailing white space left outside (so lines stay lines)."""
    core = text.strip()
    if not core:
        return text
    start = text.index(core)
    return f"{text[:start]}{OPEN}{core}{CLOSE}{text[start + len(core):]}"


@pytest.fixture(scope="module")
def pseudo_catalogue(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("pseudo") / "LC_MESSAGES"
    folder.mkdir()
    for domain in (i18n.DOMAIN, i18n.ARGPARSE_DOMAIN):
        with (i18n.LOCALE_DIR / i18n.LANGUAGE / "LC_MESSAGES" / f"{domain}.po").open("rb") as handle:
            catalog = read_po(handle, locale=i18n.LANGUAGE)
        for message in catalog:
            if message.id:
                message.string = (tuple(map(mark, message.string)) if isinstance(message.string, tuple)
                                  else mark(message.string))
        with (folder / f"{domain}.po").open("wb") as handle:
            write_po(handle, catalog)
    return folder / f"{i18n.DOMAIN}.po"


@pytest.fixture
def pseudo(pseudo_catalogue, monkeypatch):
    monkeypatch.setenv("S3KURS_CATALOGUE", str(pseudo_catalogue))
    monkeypatch.delenv("S3KURS_ROOT", raising=False)
    assert i18n._("Check") == f"{OPEN}Rätta{CLOSE}"
    return pseudo_catalogue


# -- what counts as marked ---------------------------------------------------------------------

def outside_marks(parts: list[str]) -> list[str]:
    """For each part (a line, or a text node of a page), its characters outside every mark; the
    marks are counted across the parts in order."""
    depth, out = 0, []
    for part in parts:
        kept = []
        for char in part:
            if char == OPEN:
                depth += 1
            elif char == CLOSE:
                depth = max(depth - 1, 0)
            elif depth == 0:
                kept.append(char)
        out.append("".join(kept))
    return out


def vocabulary(*paths: Path, extra=()) -> set[str]:
    """The words of the data a command or page reads (every file under *paths*)."""
    words = set(IDENTIFIERS) | {w.lower() for text in extra for w in WORD.findall(text)}
    for path in paths:
        for file in ([path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())):
            words |= {w.lower() for w in WORD.findall(file.read_text(encoding="utf-8", errors="replace"))}
    return words


def unmarked(parts: list[str], words: set[str]) -> list[str]:
    """The parts whose text outside the marks is more than data."""
    bad = []
    for part, rest in zip(parts, outside_marks(parts)):
        rest = re.sub(r"\S*[/\\]\S*", " ", rest)  # file paths
        if any(word.lower() not in words for word in WORD.findall(rest)):
            bad.append(part)
    return bad


def lines_of(text: str) -> list[str]:
    return text.splitlines()


def visible_texts(html: str) -> list[str]:
    """The text nodes of a page (not scripts or styles) and the attributes a reader meets (alt,
    title, aria-label, placeholder), in document order."""
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style"]):
        hidden.decompose()
    texts = []
    for element in soup.descendants:
        if isinstance(element, str):
            if element.strip() and type(element).__name__ in ("NavigableString", "CData"):
                texts.append(str(element))
        else:
            texts += [element[a] for a in ("alt", "title", "aria-label", "placeholder") if element.get(a)]
    return texts


# -- the command line ------------------------------------------------------------------------

BROKEN = """\
module: mini
title: Minikurs
questions:
  - id: Fråga 1
    type: single_choice
    promt: Vilket är rätt?
    prompt: Se [sidan](javascript:alert(1)).
    options:
      - id: a
        text: Rätt
        feedback: Ja, [läs mer](data:text/html,hej).
      - id: a
        text: <em>Fel</em>
        feedback: Nej, se <https://example.org>.
    key: z
    explanation: Förklaring med [en länk](modul-1.html#x) och [e-post](mailto:a@b.se).
    lesson: finns-inte
    source: okand2000
    goals: [mini-g9]
    difficulty: svår
    level: recall
    enemies: [finns-inte]
"""


def run(project: Path, argv: list[str], monkeypatch, capsys) -> tuple[int, str]:
    monkeypatch.chdir(project)
    try:
        code = cli.main(argv)
    except SystemExit as exc:
        code = exc.code
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.fixture
def project(mini_project) -> Path:
    """The fixture course with the real course's workshop data, whose links point at lessons the
    fixture does not have (problems for `validate` to report)."""
    (mini_project / "data").mkdir()
    for name in ("exercises.yml", "plans.yml"):
        shutil.copy(ROOT / "data" / name, mini_project / "data" / name)
    return mini_project


HELP = [["--help"], *([command, "--help"] for command in ("validate", "granska", "stats", "results", "export",
                                                            "ny-modul", "handouts")), ["results", "summarize", "--help"]]
USAGE_ERRORS = [[], ["validera"], ["stats", "--djson"], ["export"], ["export", "--format", "pdf"],
                ["export", "--format"], ["results"], ["results", "summarize"], ["granska", "--strict=ja"],
                ["ny-modul", "sju", "Titel"], ["ny-modul", "7"]]


@pytest.mark.parametrize("argv", HELP + USAGE_ERRORS, ids=lambda argv: " ".join(argv) or "(nothing)")
def test_help_and_usage_errors_are_marked(pseudo, project, monkeypatch, capsys, argv):
    code, shown = run(project, argv, monkeypatch, capsys)
    assert code == (0 if "--help" in argv else 2)
    assert OPEN in shown
    assert unmarked(lines_of(shown), vocabulary()) == []


def test_validate_granska_and_stats_are_marked(pseudo, project, monkeypatch, capsys):
    words = vocabulary(project / "quizzes", project / "data")
    outputs = {}
    for argv in (["validate", "quizzes/mini.yml"], ["stats"], ["granska"], ["granska", "--strict"],
                 ["validate"],  # with the workshop data, whose lesson links the fixture lacks
                 ["validate", "quizzes/saknas.yml"]):
        outputs[" ".join(argv)] = run(project, argv, monkeypatch, capsys)
    assert outputs["validate quizzes/mini.yml"][0] == 0 and outputs["validate"][0] == 1
    assert outputs["validate quizzes/saknas.yml"][0] == 1
    for name, (_code, shown) in outputs.items():
        assert shown.strip(), name
        assert unmarked(lines_of(shown), words) == [], name
    # granska --json: keys stay English, messages and rule titles are marked
    code, shown = run(project, ["granska", "--json"], monkeypatch, capsys)
    report = json.loads(shown)
    assert report["findings"] and all(f["message"].startswith(OPEN) for f in report["findings"])
    assert all(rule["title"].startswith(OPEN) for rule in report["rules"].values())


def test_a_broken_bank_gets_marked_problem_lines(pseudo, project, monkeypatch, capsys):
    (project / "quizzes" / "mini.yml").write_text(BROKEN, encoding="utf-8")
    (project / "quizzes" / "alias.yml").write_text("module: alias\ntitle: &t Alias\nquestions: *t\n", encoding="utf-8")
    (project / "quizzes" / "tom.yml").write_text("", encoding="utf-8")
    (project / "quizzes" / "binar.yml").write_bytes(b"\x00\x01")
    words = vocabulary(project / "quizzes", project / "data")
    for argv in (["validate"], ["stats"], ["granska"], ["export", "--format", "csv"], ["handouts"],
                 ["results", "summarize", "x.json"]):
        code, shown = run(project, argv, monkeypatch, capsys)
        assert code == 1, argv
        lines = lines_of(shown)
        assert len(lines) > 5 and unmarked(lines, words) == [], argv
    code, shown = run(project, ["validate"], monkeypatch, capsys)
    for expected in ("<em>", "javascript:alert(1)", "data:text/html,hej", "<https://example.org>"):
        assert expected in shown
    assert "modul-1.html#x" not in shown and "mailto:a@b.se" not in shown  # a relative link and e-mail are fine


def test_export_and_handouts_are_marked(pseudo, project, monkeypatch, capsys, tmp_path):
    words = vocabulary(project / "quizzes", project / "data", ROOT / "book" / "references.bib",
                       project / "book" / "references.bib")
    runs = [["export", "--format", "csv"], ["export", "--format", "gift", "--module", "modul-9"],
            ["export", "--format", "gift", "--output", str(tmp_path / "mini.gift")],
            ["handouts"], ["handouts", "--module", "modul-9"]]
    for argv in runs:
        code, shown = run(project, argv, monkeypatch, capsys)
        assert shown.strip(), argv
        assert unmarked(lines_of(shown.lstrip("\ufeff")), words) == [], argv
    # a text GIFT cannot carry: the problem lines and the summary
    mini = project / "quizzes" / "mini.yml"
    mini.write_text(mini.read_text(encoding="utf-8").replace("text: Hund", "text: Hund -> valp"), encoding="utf-8")
    code, shown = run(project, ["export", "--format", "gift"], monkeypatch, capsys)
    assert code == 1 and unmarked(lines_of(shown), words | vocabulary(mini)) == []


def test_a_new_module_that_exists_is_marked(pseudo, project, monkeypatch, capsys):
    code, shown = run(project, ["ny-modul", "1", "Finns"], monkeypatch, capsys)
    assert code == 1 and unmarked(lines_of(shown), vocabulary(project / "book")) == []


def test_outside_a_checkout_is_marked(pseudo, tmp_path, monkeypatch, capsys):
    code, shown = run(tmp_path, ["validate"], monkeypatch, capsys)
    assert code == 2 and unmarked(lines_of(shown), vocabulary()) == []


def figure_texts(figure) -> list[str]:
    return [t.get_text() for t in figure.findobj(matplotlib.text.Text) if t.get_text().strip()]


def test_results_summary_and_its_chart_are_marked(pseudo, project, monkeypatch, capsys, tmp_path):
    bank = load_bank(project=Project.find(project))[0]
    when = "2026-11-28T09:00:00.000Z"
    ids = [q.id for q in bank.questions]

    def results_file(name: str, right: set[str]) -> Path:
        answers = [{"id": qid, "module": "mini", "hash": question_hash(bank.get(qid)), "firstAttemptCorrect": qid in right,
                    "attempts": 1, "firstAnswered": when, "lastAnswered": when} for qid in ids]
        final = {"when": when, "seed": 1, "group": GROUP, "score": len(right), "total": len(ids),
                 "passed": len(right) >= 4, "modules": {"mini": {"score": len(right), "total": len(ids)}},
                 "answers": [{"id": a["id"], "hash": a["hash"], "correct": a["firstAttemptCorrect"]} for a in answers]}
        data = {"format": "s3kurs-results", "formatVersion": 2, "bankVersion": bank.version, "exported": when,
                "questions": answers, "finalTests": [final]}
        path = tmp_path / name
        path.write_text(json.dumps(data), encoding="utf-8")
        return path

    files = [results_file(f"deltagare-{i}.json", set(ids[:i])) for i in range(1, 6)]
    (tmp_path / "trasig.json").write_text('{"format": "s3kurs-results", ', encoding="utf-8")
    (tmp_path / "annan.json").write_text('{"format": "annat"}', encoding="utf-8")
    (tmp_path / "v9.json").write_text('{"format": "s3kurs-results", "formatVersion": 9}', encoding="utf-8")
    figures = []
    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", lambda self, *a, **k: figures.append(self))
    code, shown = run(project, ["results", "summarize", *map(str, files), str(tmp_path / "trasig.json"),
                                str(tmp_path / "annan.json"), str(tmp_path / "v9.json"), str(tmp_path / "saknas.json"),
                                "--chart", str(tmp_path / "diagram.png")], monkeypatch, capsys)
    words = vocabulary(project / "quizzes", extra=[GROUP])
    assert code == 0 and unmarked(lines_of(shown), words) == []
    assert len(figures) == 1 and unmarked(figure_texts(figures[0]), words) == []
    code, shown = run(project, ["results", "summarize", str(tmp_path / "trasig.json")], monkeypatch, capsys)
    assert code == 1 and unmarked(lines_of(shown), words) == []


# -- the renderings ------------------------------------------------------------------------------

def link(label: str) -> str:
    return f"lektion.html#{label}"


def test_quiz_final_test_and_progress_pages_are_marked(pseudo):
    project = Project.find(MINI)
    bank = load_bank(project=project)[0]
    words = vocabulary(MINI / "quizzes", MINI / "book" / "references.bib")
    pages = {"quiz": render_html.render_quiz(bank.questions, "q", None, project.short_citation, bank, link),
             "final": render_html.render_final_test(bank, "slutprov", project.short_citation, link),
             "progress": render_html.render_progress(bank, link, "Minikurs")}
    for name, html in pages.items():
        texts = visible_texts(html)
        assert texts and unmarked(texts, words) == [], name
        # what the scripts show comes from the page data: marked too
        data = json.loads(BeautifulSoup(html, "html.parser").select_one("script[type='application/json']").string)
        assert all(text.startswith(OPEN) for text in data["strings"].values()), name
        for question in data.get("questions", {}).values():
            assert unmarked([question["source"]], words) == [] and question["labels"], name


def test_workshop_pages_charts_and_widgets_are_marked(pseudo, monkeypatch):
    from s3kurs.workshop import charts, exercises, page, widgets

    project = Project.find(ROOT)
    monkeypatch.chdir(ROOT)
    scale, catalogue = exercises.catalogue(project)
    words = vocabulary(ROOT / "data" / "exercises.yml", extra=[*project.sections.values(), *AREAS])
    for key, exercise in catalogue.items():
        html = page.render_items(exercise.items(), project, with_scale=True) + page.render_example(exercise, project)
        assert unmarked(visible_texts(html), words) == [], key
        figure = charts.draw(exercise, exercise.example, scale.max)
        assert unmarked(figure_texts(figure), words) == [], key
        live = widgets.WIDGETS[type(exercise)](exercise, scale, project.sections)
        if key == "prioritisation":
            for (name, _sliders), area in zip(live.areas, AREAS):
                name.value = area
        if key == "actor_mapping":
            live.add(AREAS[0], exercise.helix_names[0], exercise.level_names[0])
        assert unmarked(widget_texts(live.box), words) == [], key


def widget_texts(widget) -> list[str]:
    """What a learner reads in an ipywidgets tree: labels, button texts, options, HTML."""
    texts = []
    for attribute in ("description", "placeholder", "tooltip"):
        value = getattr(widget, attribute, None)
        if isinstance(value, str) and value.strip():
            texts.append(value)
    if isinstance(widget, (w.HTML, w.HTMLMath)):
        texts += visible_texts(widget.value)
    labels = getattr(widget, "_options_labels", None)
    if labels:
        texts += [label for label in labels if label.strip()]
    for child in getattr(widget, "children", ()):
        texts += widget_texts(child)
    return texts


def test_the_quiz_widgets_are_marked(pseudo):
    from s3kurs.widget import FinalTestWidget, QuizWidget

    project = Project.find(MINI)
    bank = load_bank(project=project)[0]
    words = vocabulary(MINI / "quizzes", MINI / "book" / "references.bib")
    quiz = QuizWidget(bank.questions, "Minikurs", seed=1, cite=project.short_citation)
    first, second, third = quiz.cards[:3]
    first.grade()                       # no answer yet
    second.answer(second.question.key)  # right
    second.grade()
    third.show_answer()
    assert unmarked(widget_texts(quiz.box), words) == []
    final = FinalTestWidget(bank.questions, bank.module_map(), {"mini": "Minikurs"}, seed=1,
                            cite=project.short_citation)
    for card in final.cards:
        card.show_answer()
    assert unmarked(widget_texts(final.box), words) == []


def test_the_handouts_are_marked(pseudo):
    project = Project.find(MINI)
    bank = load_bank(project=project)[0]
    text = handouts.ModuleText("mini", "Minikurs", handouts.Markup("<p>Det viktigaste.</p>"),
                               [handouts.Term("Kluster", handouts.Markup("Företag nära varandra."))])
    words = vocabulary(MINI / "quizzes", MINI / "book" / "references.bib",
                       extra=["Minikurs", "Det viktigaste", "Kluster Företag nära varandra"])
    for answers in (False, True):
        html = handouts.render(text, bank.questions, project, answers=answers)
        footer = handouts.footer("Minikurs", "Minikurs", answers)
        assert unmarked(visible_texts(html) + visible_texts(footer), words) == []


@pytest.fixture(scope="module")
def pseudo_site(pseudo_catalogue, tmp_path_factory) -> Path:
    """The fixture book built with the marked catalogue."""
    source = tmp_path_factory.mktemp("pseudo-site") / "mini"
    shutil.copytree(MINI, source)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("S3KURS_CATALOGUE", str(pseudo_catalogue))
        result = build_book(source)
    assert result.returncode == 0 and not sphinx_warnings(result), "\n".join(sphinx_warnings(result))
    return source / "_build" / "html"


@pytest.mark.build
def test_the_built_fixture_book_is_marked(pseudo_site):
    """Everything the course's extension puts on the lesson page: the quiz, the learning goals'
    heading, the review date, the footer link. The theme's own strings come from Sphinx's
    catalogues, not from s3kurs.po, and are not checked here."""
    html = (pseudo_site / "book" / "lektion.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    parts = [*soup.select("section.s3k-quiz"), *soup.select(".s3k-goals > .admonition-title"),
             *soup.select(".s3k-reviewed"), *soup.select(".s3k-report")]
    assert len(parts) == 4
    words = vocabulary(MINI / "quizzes", MINI / "book")
    for part in parts:
        assert unmarked(visible_texts(str(part)), words) == [], str(part)[:200]


@pytest.mark.build
@pytest.mark.browser
def test_what_the_quiz_script_shows_is_marked(pseudo_site, serve, page):
    """The lines the browser shows after a check without an answer, a wrong answer and "show the
    correct answer": feedback, verdicts, score line (the page's visible text, hidden parts left out)."""
    from conftest import answer_form, wrong_values

    page.goto(serve(pseudo_site).url("book/lektion.html"))
    quiz = page.locator("section.s3k-quiz").first
    data = json.loads(quiz.locator("script.s3k-data").text_content())["questions"]
    first, second = quiz.locator("form.s3k-question").nth(0), quiz.locator("form.s3k-question").nth(1)
    first.locator(".s3k-check").click()
    assert first.locator(".s3k-feedback").get_attribute("data-verdict") == "incomplete"
    qid = second.get_attribute("data-question")
    assert answer_form(second, data[qid], wrong_values(data[qid], second.get_attribute("data-type"))) == "incorrect"
    second.locator(".s3k-reveal").click()
    words = vocabulary(MINI / "quizzes", MINI / "book")
    lines = [line for line in quiz.inner_text().splitlines() if line.strip()]
    assert any(OPEN in line for line in lines) and unmarked(lines, words) == []
    assert page.errors == []
