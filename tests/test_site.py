"""The whole built site as a Swedish public-sector site: every page in headless Chromium.

Requests stay on the local server and none fails; axe (WCAG 2.0/2.1 A and AA) finds nothing
in light or dark mode, also after answering; every quiz can be completed with the keyboard
alone; pages reflow at 320 px and 200 % zoom and survive WCAG's text-spacing overrides;
every page is Swedish with one h1, a working skip link and alt text; pages stay light."""
from __future__ import annotations

import json

import pytest

from conftest import active, answer_form, axe_violations, focus_into, wrong_values

pytestmark = pytest.mark.browser

TEXT_SPACING = """* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }"""
BUDGET_BYTES, BUDGET_REQUESTS = 1_000_000, 25


@pytest.fixture(scope="module")
def site(course_site, serve):
    pages = sorted(p.relative_to(course_site).as_posix() for p in course_site.rglob("*.html")
                   if "_static" not in p.parts and p != course_site / "index.html")  # that one only redirects
    return serve(course_site), pages


def visit(page, server, path):
    failed = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(server.url(path))
    page.wait_for_load_state("load")
    return failed


def quiz_pages(site):
    server, pages = site
    return [p for p in pages if p.startswith("notebooks/") or p.startswith("book/modul-") or p == "book/slutprov.html"]


def test_the_site_has_the_pages_a_public_body_needs(site):
    _, pages = site
    for needed in ("book/tillganglighet.html", "book/integritet.html", "404.html", "book/min-progress.html",
                   "book/slutprov.html", "search.html"):
        assert needed in pages


def test_every_page_is_local_and_complete(site, page):
    server, pages = site
    for path in pages:
        failed = visit(page, server, path)
        assert failed == [], (path, failed)
    assert [u for u in page.requests if not server.is_local(u)] == []
    assert page.errors == []


def test_every_page_is_swedish_with_one_h1_alt_text_a_skip_link_and_the_report_link(site, browser):
    server, pages = site
    for path in pages:
        page = browser.new_page()  # a fresh page, so that the first Tab starts at the top
        visit(page, server, path)
        assert page.evaluate("document.documentElement.lang") == "sv", path
        assert page.locator("h1").count() == 1, path
        assert page.locator("img:not([alt])").count() == 0, path
        assert page.locator("img[alt='']").count() == 0, path
        if path == "404.html":
            continue
        assert page.locator("footer a", has_text="Rapportera ett fel i kursen").count() == 1, path
        assert page.locator(".theme-switch-button .theme-switch:visible").count() == 1, path  # one colour-mode icon
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('.skip-link') !== null"), path
        assert page.evaluate("document.activeElement.textContent.trim()") == "Hoppa till huvudinnehållet"
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('#main-content') !== null"), path
        page.close()


def assert_axe_finds_nothing(page, path: str) -> None:
    violations = axe_violations(page)
    assert violations == [], (path, [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations])


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_axe_finds_nothing_on_any_page(site, browser, mode):
    server, pages = site
    context = browser.new_context(color_scheme=mode)
    page = context.new_page()
    for path in pages:
        page.goto(server.url(path))
        page.wait_for_load_state("load")
        assert page.evaluate("document.documentElement.dataset.theme") == mode, path
        assert_axe_finds_nothing(page, path)
    context.close()


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_axe_finds_nothing_after_answering(site, browser, mode):
    server, _ = site
    context = browser.new_context(color_scheme=mode)
    page = context.new_page()
    for path in quiz_pages(site):
        page.goto(server.url(path))
        page.wait_for_selector("[data-s3k-quiz][data-ready=true]")
        start = page.locator(".s3k-final-start")
        if start.count():
            start.click()
        for form in page.locator("form.s3k-question:not([hidden])").all()[:2]:
            data = json.loads(page.locator("script.s3k-data").first.text_content())["questions"][form.get_attribute("data-question")]
            answer_form(form, data, wrong_values(data, form.get_attribute("data-type")))
        assert_axe_finds_nothing(page, path)
    context.close()


# -- every quiz with the keyboard alone ------------------------------------------------

def keyboard_answer(page, form_id: str, q: dict) -> None:
    form = f"#{form_id}"
    kind = page.get_attribute(form, "data-type")
    focus_into(page, form)
    assert active(page, "el.matches(':focus-visible')"), form_id
    if kind in ("single_choice", "true_false"):
        values = page.eval_on_selector_all(f"{form} input", "els => els.map(e => e.value)")
        page.keyboard.press("Space")
        for _ in range(values.index(q["key"][0])):
            page.keyboard.press("ArrowDown")
    elif kind == "multiple_choice":
        values = page.eval_on_selector_all(f"{form} input", "els => els.map(e => e.value)")
        for i, value in enumerate(values):
            if value in q["key"]:
                page.keyboard.press("Space")
            if i < len(values) - 1:
                page.keyboard.press("Tab")
    else:
        selects = page.locator(f"{form} select").all()
        for i, select in enumerate(selects):
            if kind == "ordering":
                target = q["key"][i]
            else:
                term = select.get_attribute("data-term")
                target = next(k.split("=", 1)[1] for k in q["key"] if k.startswith(term + "="))
            options = select.evaluate("s => Array.from(s.options).map(o => o.value)")
            for _ in range(options.index(target)):
                page.keyboard.press("ArrowDown")
            assert select.evaluate("s => s.value") == target
            if i < len(selects) - 1:
                page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert active(page, "el.classList.contains('s3k-check')"), form_id
    page.keyboard.press("Enter")
    feedback = page.locator(f"{form} .s3k-feedback")
    assert feedback.get_attribute("data-verdict") == "correct", form_id
    assert feedback.get_attribute("aria-live") == "polite" and "Rätt svar!" in feedback.inner_text()
    assert active(page, "el.classList.contains('s3k-retry') && el.matches(':focus-visible')"), form_id


def test_every_quiz_can_be_completed_with_the_keyboard_alone(site, page):
    server, _ = site
    # every page starts unanswered (a page shows questions answered on earlier pages as answered)
    page.context.add_init_script("try { localStorage.clear(); } catch (e) {}")
    completed = 0
    for path in quiz_pages(site):
        page.goto(server.url(path))
        page.wait_for_selector("[data-s3k-quiz][data-ready=true]")
        for section in page.locator("[data-s3k-quiz]").all():
            data = json.loads(section.locator("script.s3k-data").text_content())
            if data.get("final"):
                focus_into(page, ".s3k-final-controls")
                page.keyboard.press("Enter")
            forms = section.locator("form.s3k-question:not([hidden])").evaluate_all("fs => fs.map(f => f.id)")
            for form_id in forms:
                keyboard_answer(page, form_id, data["questions"][page.get_attribute(f"#{form_id}", "data-question")])
                completed += 1
            if data.get("final"):
                assert "Resultat: 24 av 24 rätt (100 %)" in section.locator(".s3k-final-result").inner_text()
            else:
                assert section.locator(".s3k-score").inner_text() == f"Poäng: {len(forms)} av {len(forms)}"
    assert completed >= 120 + 18 + 24
    assert page.errors == []


# -- reflow, zoom and text spacing -----------------------------------------------------

OVERFLOW = """() => {
  const wide = document.documentElement.scrollWidth > window.innerWidth + 1;
  const clipped = [];
  for (const el of document.querySelectorAll('#main-content *, .bd-sidebar-primary *, header *, footer *')) {
    const cs = getComputedStyle(el);
    if (cs.display === 'none' || cs.visibility === 'hidden' || !el.getClientRects().length) continue;
    if (el.closest('.visually-hidden, .skip-link, .pst-scrollable-table-container, .s3k-certificate')) continue;  // hidden or scrollable by design
    if (['hidden', 'clip'].includes(cs.overflowX) && el.scrollWidth > el.clientWidth + 1 && el.textContent.trim()) clipped.push(el.tagName + '.' + el.className);
    if (['hidden', 'clip'].includes(cs.overflowY) && el.scrollHeight > el.clientHeight + 1 && el.textContent.trim()) clipped.push(el.tagName + '.' + el.className);
  }
  const images = Array.from(document.querySelectorAll('#main-content img')).filter(i => i.getBoundingClientRect().right > window.innerWidth + 1).length;
  return {wide, clipped: clipped.slice(0, 5), images};
}"""


@pytest.mark.parametrize("width,spacing", [(320, False), (640, False), (320, True)], ids=["320px", "200-percent", "text-spacing"])
def test_pages_reflow_without_sideways_scrolling_or_clipping(site, browser, width, spacing):
    server, pages = site
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    for path in pages:
        page.goto(server.url(path))
        page.wait_for_load_state("load")
        if spacing:
            page.add_style_tag(content=TEXT_SPACING)
        assert page.evaluate(OVERFLOW) == {"wide": False, "clipped": [], "images": 0}, path
    context.close()


# -- light pages -----------------------------------------------------------------------

@pytest.mark.parametrize("path", ["book/modul-1.html", "notebooks/modul-1-testa-dig-sjalv.html", "book/index.html"])
def test_pages_stay_within_the_budget(site, page, path):
    server, _ = site
    sizes = []
    page.on("requestfinished", lambda r: sizes.append(len(r.response().body())))
    page.goto(server.url(path))
    page.wait_for_load_state("networkidle")
    assert len(sizes) <= BUDGET_REQUESTS, len(sizes)
    assert sum(sizes) <= BUDGET_BYTES, sum(sizes)
