"""The site as a zip, opened from the file system; and the print stylesheet."""
from __future__ import annotations

import json
import shutil
import zipfile

import pytest

from conftest import answer_form

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def unzipped(course_site, tmp_path_factory):
    """What `make site-zip` makes, unpacked somewhere else."""
    archive = shutil.make_archive(str(tmp_path_factory.mktemp("zip") / "s3kurs-webbplats"), "zip", course_site)
    target = tmp_path_factory.mktemp("unzipped")
    zipfile.ZipFile(archive).extractall(target)
    return target


def test_the_unzipped_site_works_from_file_urls(unzipped, page):
    page.goto((unzipped / "index.html").as_uri())
    page.wait_for_url("**/book/index.html")
    assert page.locator("h1").inner_text().startswith("Smart specialisering")
    # navigation
    page.locator("nav.bd-docs-nav a", has_text="Modul 2").first.click()
    page.wait_for_url("**/book/modul-2.html")
    # search
    page.goto((unzipped / "search.html").as_uri() + "?q=kraftsamla")
    page.wait_for_selector("#search-results li", timeout=15000)
    assert page.locator("#search-results li").count() >= 1
    # a quiz, and progress that the progress page shows
    page.goto((unzipped / "notebooks" / "modul-4-testa-dig-sjalv.html").as_uri())
    page.wait_for_selector("[data-s3k-quiz][data-ready=true]")
    data = json.loads(page.locator("script.s3k-data").text_content())
    form = page.locator("form.s3k-question").first
    assert answer_form(form, data["questions"][form.get_attribute("data-question")]) == "correct"
    page.goto((unzipped / "book" / "min-progress.html").as_uri())
    page.wait_for_selector("[data-s3k-progress][data-ready=true]")
    assert page.locator("tr[data-module='modul-4'] .s3k-right").inner_text() == "1"
    assert all(u.startswith(("file://", "data:")) for u in page.requests), [u for u in page.requests if not u.startswith("file:")]
    assert page.errors == []


def test_a_lesson_prints_cleanly(course_site, serve, page):
    server = serve(course_site)
    page.goto(server.url("book/modul-1.html"))
    page.wait_for_selector("[data-s3k-quiz][data-ready=true]")
    page.emulate_media(media="print")
    for hidden in (".bd-sidebar-primary", ".bd-header", ".prev-next-area", "footer", ".s3k-actions", ".theme-switch-button"):
        for element in page.locator(hidden).all():
            assert not element.is_visible(), hidden
    assert page.locator("h1").is_visible() and page.locator("figure img").first.is_visible()
    link = page.locator("#main-content a[href^='http']").first
    assert link.evaluate("a => getComputedStyle(a, '::after').content").startswith('" (http')
    question = page.locator("form.s3k-question").first
    assert question.locator("legend").is_visible() and question.locator("input, select").first.is_visible()
    assert not question.locator(".s3k-feedback").is_visible()
    text = page.locator("#main-content").inner_text()
    assert "Rätt svar" not in text and "Förklaring:" not in text
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
