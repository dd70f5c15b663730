"""Printable handouts: per module a handout (questions without answers) and an answer key, as A4 PDF.

The module's title, its summary ("Sammanfattning") and the glossary terms it uses are read from
the built site (`_build/html`), where Sphinx has already resolved the MyST roles and citations;
the questions come from the bank. Each document becomes one self-contained HTML file (CSS
inline, nothing fetched from anywhere), which Debian's Chromium prints to PDF through
Playwright. Playwright is a dev dependency: it is imported only when printing.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urldefrag

from bs4 import BeautifulSoup
from markupsafe import Markup

from .chromium import CHROMIUM, CHROMIUM_ARGS
from .i18n import _
from .markup import inline
from .model import Matching, Ordering, SingleChoice, TrueFalse
from .project import Project
from .templating import template

STATIC = Path(__file__).parent / "static"
KINDS = ("utdelning", "facit")  # file name suffixes: the handout and its answer key
LETTERS = "ABCDEFGHIJKLMNOP"
# What survives of the site's HTML in a handout: text structure, emphasis, and links to other sites.
KEEP_TAGS = {"p", "ul", "ol", "li", "em", "strong", "code", "a", "br", "sub", "sup", "blockquote"}


class HandoutError(Exception):
    """A problem the user can fix; the message is one line, for the command line."""


@dataclass
class Term:
    name: str
    definition: Markup


@dataclass
class ModuleText:
    """What a handout takes from the built module page."""
    module: str
    title: str
    summary: Markup
    terms: list[Term] = field(default_factory=list)


# -- reading the built site --------------------------------------------------------------

def site_dir(project: Project) -> Path:
    return project.root / "_build" / "html"


def default_output(project: Project) -> Path:
    return project.root / "_build" / "utskrifter"


def page_of(project: Project, module: str) -> str:
    """The module page's path in the site, e.g. "book/modul-1.html": the page with the label `(module)=`."""
    label = f"({module})="
    for path in project.lesson_files():
        if any(line.strip() == label for line in path.read_text(encoding="utf-8").splitlines()):
            return path.relative_to(project.root).with_suffix(".html").as_posix()
    raise HandoutError(_("No page in book/ has the label ({module})=: add it above the module's title.").format(module=module))


def _soup(path: Path) -> BeautifulSoup:
    """The parsed page (kept while the file is unchanged: the glossary page serves every module)."""
    return _parse(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=32)
def _parse(path: Path, _mtime: int) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def clean(element) -> Markup:
    """The element's content as simple HTML: no ids, classes, anchors or links within the site.

    Citations keep their visible text, e.g. "[Foray, 2015]"; links to other sites keep their
    address (printed after the link text by the print style)."""
    fragment = BeautifulSoup(str(element), "html.parser")
    for anchor in fragment.select("a.headerlink"):
        anchor.decompose()
    for tag in fragment.find_all(True):
        href = tag.get("href", "") if tag.name == "a" else ""
        if tag.name not in KEEP_TAGS or (tag.name == "a" and not href.startswith(("http://", "https://"))):
            tag.unwrap()
        else:
            tag.attrs = {"href": href} if href else {}
    return Markup(str(fragment).strip())


def _text(element) -> str:
    """The element's visible text on one line, without its "#" anchor (the parsed page is left as it is)."""
    copy = BeautifulSoup(str(element), "html.parser")
    for anchor in copy.select("a.headerlink"):
        anchor.decompose()
    return re.sub(r"\s+", " ", copy.get_text(" ")).strip()


def read_module(site: Path, page: str, module: str) -> ModuleText:
    """Title, summary and glossary terms of a module, from its built page."""
    path = site / page
    if not path.is_file():
        raise HandoutError(_("The built site has no page {page}: run 'make book' first.").format(page=page))
    soup = _soup(path)
    article = soup.find("article") or soup
    heading = article.find("h1")
    label = f"m{module.rsplit('-', 1)[-1]}-sammanfattning"
    marker = article.find(id=label)
    section = marker if marker is not None and marker.name == "section" else (marker.find_parent("section") if marker else None)
    if heading is None or section is None:
        raise HandoutError(_("{page} has no section ({label})= with the module's summary.").format(page=page, label=label))
    body = [child for child in section.find_all(recursive=False) if child.name not in ("h2", "h3", "span")]
    summary = Markup("\n").join(clean(child) for child in body)
    return ModuleText(module, _text(heading), summary, _terms(path, article))


def _terms(page_path: Path, article) -> list[Term]:
    """The glossary entries the page links to with {term}, in the order they first appear."""
    terms, seen = [], set()
    for link in article.find_all("a", href=True):
        target, fragment = urldefrag(link["href"])
        if not fragment.startswith("term-") or not target:
            continue
        glossary = (page_path.parent / target).resolve()
        key = (glossary, unquote(fragment))
        if key in seen:
            continue
        seen.add(key)
        entry = _soup(glossary).find("dt", id=key[1]) if glossary.is_file() else None
        definition = entry.find_next_sibling("dd") if entry else None
        if definition is None:
            raise HandoutError(_("The glossary has no entry for the link {href}: build the site again with 'make book'.")
                               .format(href=link["href"]))
        terms.append(Term(_text(entry), clean(definition)))
    return terms


# -- the questions on paper ---------------------------------------------------------------

def _shuffled(items: list, seed: str, gives_away=lambda order: False) -> list:
    """A fixed shuffle (the same on every build) that, where possible, does not give the answer away."""
    for attempt in range(20):
        result = list(items)
        random.Random(f"{seed}/{attempt}" if attempt else seed).shuffle(result)
        if len(result) < 2 or not gives_away(result):
            return result
    return result


def _ascending(values: list) -> bool:
    return all(a < b for a, b in zip(values, values[1:]))


def layout(question) -> dict:
    """How a question is printed: the options in a fixed shuffled order (as the site shuffles
    them), with a letter each, and for every option whether and where it is right."""
    if isinstance(question, TrueFalse):
        correct = "sant" if question.key else "falskt"
        options = [{"letter": None, "text": Markup.escape(_(label)), "correct": value == correct,
                    "feedback": inline(getattr(question.feedback, value))}
                   for value, label in (("sant", "True"), ("falskt", "False"))]
        return {"kind": "choice", "shape": "circle", "options": options}
    if isinstance(question, Ordering):
        by_id = {o.id: o for o in question.options}
        order = _shuffled(question.key, question.id, lambda order: order == question.key)
        items = [{"letter": LETTERS[i], "text": inline(by_id[oid].text), "position": question.key.index(oid) + 1,
                  "feedback": inline(by_id[oid].feedback)} for i, oid in enumerate(order)]
        letters = {item_id: LETTERS[i] for i, item_id in enumerate(order)}
        solution = [{"letter": letters[oid], "text": inline(by_id[oid].text), "feedback": inline(by_id[oid].feedback)}
                    for oid in question.key]
        return {"kind": "ordering", "items": items, "solution": solution}
    if isinstance(question, Matching):
        # the descriptions' letters, read down the terms, should not run A, B, C ...
        order = _shuffled([t.id for t in question.targets], question.id,
                          lambda order: _ascending([order.index(question.key[o.id]) for o in question.options]))
        texts = {t.id: t.text for t in question.targets}
        letters = {tid: LETTERS[i] for i, tid in enumerate(order)}
        targets = [{"letter": letters[tid], "text": inline(texts[tid])} for tid in order]
        terms = [{"number": i + 1, "text": inline(o.text), "letter": letters[question.key[o.id]],
                  "target": inline(texts[question.key[o.id]]), "feedback": inline(o.feedback)}
                 for i, o in enumerate(question.options)]
        return {"kind": "matching", "terms": terms, "targets": targets,
                "unused": len(question.targets) > len(question.options)}
    keys = set(question.key_ids if isinstance(question, SingleChoice) else question.key)
    order = _shuffled(question.options, question.id)
    options = [{"letter": LETTERS[i], "text": inline(o.text), "correct": o.id in keys, "feedback": inline(o.feedback)}
               for i, o in enumerate(order)]
    return {"kind": "choice", "shape": "circle" if isinstance(question, SingleChoice) else "square", "options": options}


def instructions() -> dict[str, str]:
    return {
        "single_choice": _("Mark one answer."),
        "multiple_choice": _("Mark every answer that is correct."),
        "true_false": _("Is the statement true or false? Mark one answer."),
        "ordering": _("Write the number of each item's place in its box, 1 for the first."),
        "matching": _("Write the letter of the matching description in each term's box."),
    }


def source_text(question, project: Project) -> str:
    text = project.short_citation(question.source.key)
    return f"{text}, {question.source.detail}" if question.source.detail else text


# -- rendering -----------------------------------------------------------------------------

def stylesheet() -> Markup:
    """The site's print rules followed by the handout's own, to be inlined in the page."""
    css = "\n".join((STATIC / name).read_text(encoding="utf-8") for name in ("s3kurs-print.css", "s3kurs-handout.css"))
    return Markup(css.replace("</", "<\\/"))


def render(text: ModuleText, questions, project: Project, *, answers: bool) -> str:
    """One document as a self-contained HTML page: the handout, or with *answers* the answer key."""
    course = str(project.config.get("title") or "s3kurs")
    items = [{"number": i + 1, "q": q, **layout(q), "source": source_text(q, project)} for i, q in enumerate(questions)]
    return template("handout.html").render(
        course=course, module=text, questions=items, answers=answers, instructions=instructions(), css=stylesheet())


def footer(course: str, title: str, answers: bool) -> str:
    """Chromium's page footer: course, module and document left, page number right."""
    what = Markup.escape(_("Answer key") if answers else _("Handout"))
    page = Markup(_("Page {n} of {total}").format(n='<span class="pageNumber"></span>',
                                                  total='<span class="totalPages"></span>'))
    return str(Markup(
        '<div style="font-family: sans-serif; font-size: 8pt; width: 100%; margin: 0 18mm; display: flex; '
        'justify-content: space-between; color: #000;"><span>{} · {} · {}</span><span>{}</span></div>'
    ).format(course, title, what, page))


# -- printing ------------------------------------------------------------------------------

def _playwright():
    """Playwright's sync API, or HandoutError when Chromium or Playwright is missing."""
    if not CHROMIUM.is_file():
        raise HandoutError(_("Chromium was not found at {path}: install it with 'apt-get install chromium' "
                             "or set S3KURS_CHROMIUM.").format(path=CHROMIUM))
    try:
        from playwright import sync_api
    except ImportError:
        raise HandoutError(_("Playwright is missing: install the development tools with "
                             "'pip install -e \".[dev]\"' (make setup does).")) from None
    return sync_api


def print_pdfs(documents: list[tuple[str, str, Path]]) -> None:
    """Print each (html, footer, pdf path) with Debian's Chromium; nothing is fetched from the network."""
    sync_api = _playwright()
    sync_playwright, PlaywrightError = sync_api.sync_playwright, sync_api.Error
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                context = browser.new_context()
                context.route("**/*", lambda route: route.abort())  # the pages are self-contained
                page = context.new_page()
                for html, foot, pdf in documents:
                    page.set_content(html, wait_until="load")
                    page.pdf(path=str(pdf), format="A4", print_background=True, display_header_footer=True,
                             header_template="<span></span>", footer_template=foot,
                             margin={"top": "18mm", "bottom": "20mm", "left": "18mm", "right": "18mm"})
            finally:
                browser.close()
    except PlaywrightError as exc:
        raise HandoutError(_("Chromium could not print the handouts: {error}").format(
            error=str(exc).strip().splitlines()[0])) from None


def build(project: Project, bank, modules=(), output: Path | None = None) -> list[Path]:
    """Write modul-N-utdelning.{html,pdf} and modul-N-facit.{html,pdf} for the given modules
    (default: all) to *output*; returns the PDF paths."""
    site = site_dir(project)
    if not (site / "index.html").is_file():
        raise HandoutError(_("The site is not built ({site} is missing): run 'make book' first.").format(site=site))
    _playwright()  # fail before writing anything
    output = Path(output) if output else default_output(project)
    course = str(project.config.get("title") or "s3kurs")
    documents = []
    for module in modules or sorted(bank.modules):
        text = read_module(site, page_of(project, module), module)
        questions = bank.modules[module].questions
        for kind, answers in zip(KINDS, (False, True)):
            documents.append((render(text, questions, project, answers=answers), footer(course, text.title, answers),
                              output / f"{module}-{kind}.pdf"))
    output.mkdir(parents=True, exist_ok=True)
    for html, _foot, pdf in documents:
        pdf.with_suffix(".html").write_text(html, encoding="utf-8")
    print_pdfs(documents)
    return [pdf for _html, _foot, pdf in documents]
