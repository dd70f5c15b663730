"""The books build with zero warnings, and the output is what the extension promises."""
from __future__ import annotations

import re

import pytest

from conftest import sphinx_warnings

pytestmark = pytest.mark.build  # every test here builds a book


def test_fixture_book_pages(mini_site):
    lesson = (mini_site / "book" / "lektion.html").read_text(encoding="utf-8")
    index = (mini_site / "book" / "index.html").read_text(encoding="utf-8")
    # the quiz assets only where there is a quiz
    assert "s3kurs-quiz.js" in lesson and "s3kurs-quiz.css" in lesson
    assert "s3kurs-quiz.js" not in index and "s3kurs-quiz.css" not in index
    assert (mini_site / "_static" / "s3kurs-quiz.js").is_file()
    # the results-file validator, generated from the JSON Schemas at build time
    assert "resultsValidator" in (mini_site / "_static" / "s3kurs-results-validator.js").read_text(encoding="utf-8")
    # links from the quiz to the lesson are resolved by Sphinx's label table
    assert '<a href="#mini-avsnitt">' in lesson
    # goals with anchors, the review date, the page's sources
    assert re.search(r'<li id="mini-g1">', lesson)
    assert "Senast granskad: 28 november 2026" in lesson
    assert "Exempelverket" in lesson.split("Källor för lektionen")[1]
    # one fieldset per question; raw HTML is refused by the validator (tests/test_validator.py), and an
    # escaped angle bracket (\<b>) in a prompt is shown as text
    assert lesson.count("<fieldset>") == 5
    assert "&lt;b&gt;inte fet&lt;/b&gt;" in lesson and "<b>inte fet" not in lesson
    # no thebe anywhere
    assert "thebe" not in lesson.lower()


def test_course_builds_without_warnings(course_build):
    assert course_build.returncode == 0, course_build.stdout[-3000:] + course_build.stderr[-3000:]
    assert sphinx_warnings(course_build) == []


def test_course_site_is_swedish_and_self_contained(course_site):
    for page in sorted(p for p in course_site.rglob("*.html") if "_static" not in p.parts):
        html = page.read_text(encoding="utf-8")
        if 'http-equiv="Refresh"' in html:
            continue  # the root redirect
        assert '<html lang="sv"' in html, page
        assert "Skip to main content" not in html and "Hoppa till huvudinnehållet" in html, page
        assert "Sök i kursen" in html, page
        for english in ("Toggle primary sidebar", 'aria-label="Main"', 'aria-label="Page"', "Link to this heading",
                        "Back to top", "Color mode", "System Settings", "Fig. "):
            assert english not in html, (page, english)
        assert not re.search(r'<(script|link|img|iframe)[^>]+(src|href)="(https?:)?//', html), page
        for banned in ("require.min.js", "require.js", "html-manager", "embed-amd", "thebe", "launch-buttons"):
            assert banned not in html.lower(), (page, banned)


def test_glossary_and_references_pages_exist(course_site):
    glossary = (course_site / "book" / "ordlista.html").read_text(encoding="utf-8")
    references = (course_site / "book" / "kallor.html").read_text(encoding="utf-8")
    assert "<h1>Ordlista" in glossary and 'glossary"' in glossary
    assert "<h1>Källor" in references and "Foray" in references


def test_a_notebook_quiz_follows_the_bank_not_the_execution_cache(mini_project):
    """Executed notebooks are cached by their code; a changed question must still reach the page."""
    from conftest import build_book

    first = build_book(mini_project)
    assert first.returncode == 0, sphinx_warnings(first)
    page = mini_project / "_build" / "html" / "book" / "testa.html"
    assert "Vilket är <em>rätt</em>?" in page.read_text(encoding="utf-8")
    bank = mini_project / "quizzes" / "mini.yml"
    bank.write_text(bank.read_text(encoding="utf-8").replace("Vilket är *rätt*?", "Vilket svar stämmer?"), encoding="utf-8")
    second = build_book(mini_project)
    assert second.returncode == 0, sphinx_warnings(second)
    assert "testa.ipynb: Using cached notebook" in second.stdout + second.stderr  # not executed again
    html = page.read_text(encoding="utf-8")
    assert "Vilket svar stämmer?" in html and "Vilket är <em>rätt</em>?" not in html
