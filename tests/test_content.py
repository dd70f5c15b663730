"""The lessons: structure, length, readability (LIX), glossary and figures."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from s3kurs.project import goal_blocks

from conftest import ROOT

MODULES = sorted(ROOT.glob("book/modul-*.md"))
ABBREVIATIONS = ("t.ex.", "bl.a.", "s.k.", "m.m.", "o.s.v.", "d.v.s.", "dvs.", "m.fl.", "t.o.m.", "fr.o.m.", "ca.", "resp.", "jfr.")
WORD = re.compile(r"[0-9A-Za-zÀ-ÖØ-öø-ÿ]+(?:[-–][0-9A-Za-zÀ-ÖØ-öø-ÿ]+)*")
SENTENCE_END = re.compile(r"[.!?:]+(?=\s|$)")
BLOCKS = ["p", "li", "h1", "h2", "h3", "h4", "dt", "dd", "td", "th"]


def lesson_blocks(html: str) -> list[str]:
    """The text blocks of a lesson body: no quizzes, code, navigation or reference list."""
    soup = BeautifulSoup(html, "html.parser")
    body = soup.select_one("article.bd-article")
    for selector in ["section.s3k-quiz", "pre", "script", ".s3k-sources", "ul.s3k-sources", ".headerlink",
                     "#m1-kallor, [id$='-kallor']", ".s3k-reviewed"]:
        for node in body.select(selector):
            node.decompose()
    blocks = []
    for node in body.find_all(BLOCKS):
        if node.find(BLOCKS):  # count the innermost blocks only
            continue
        text = " ".join(node.get_text(" ").split())
        if text:
            blocks.append(text)
    return blocks


def lix(blocks: list[str]) -> tuple[float, int]:
    words, sentences = [], 0
    for block in blocks:
        for abbreviation in ABBREVIATIONS:
            block = block.replace(abbreviation, abbreviation.replace(".", ""))
        found = WORD.findall(block)
        if not found:
            continue
        words += found
        sentences += max(1, len(SENTENCE_END.findall(block)))  # a heading or list item is a sentence
    long_words = sum(1 for w in words if len(w.replace("-", "")) > 6)
    return len(words) / sentences + 100 * long_words / len(words), len(words)


def test_lix_counts_like_the_definition():
    value, words = lix(["Kort text här. Regionen prioriterar innovation."])
    assert words == 6 and value == pytest.approx(6 / 2 + 100 * 3 / 6)
    # "t.ex." does not end a sentence; "exempel" and "regioner" are long words
    value, words = lix(["Ett exempel, t.ex. om regioner."])
    assert words == 5 and value == pytest.approx(5 / 1 + 100 * 2 / 5)
    # headings and list items without a full stop are sentences too
    value, words = lix(["En rubrik", "ett listord"])
    assert words == 4 and value == pytest.approx(4 / 2 + 100 * 1 / 4)


@pytest.fixture(scope="module")
def measured(course_site):
    return {path.stem: lix(lesson_blocks((course_site / "book" / f"{path.stem}.html").read_text(encoding="utf-8")))
            for path in MODULES}


def test_every_module_has_a_lesson_and_a_question_file():
    lessons = {p.stem for p in MODULES}
    banks = {p.stem for p in ROOT.glob("quizzes/modul-*.yml")}
    assert lessons == banks and len(lessons) >= 6


def test_readability_and_length(measured):
    report = {name: (round(value, 1), words) for name, (value, words) in measured.items()}
    for name, (value, words) in measured.items():
        assert value <= 50, f"{name}: LIX {value:.1f} is over 50 ({report})"
        assert words >= 2000, f"{name}: {words} words, fewer than 2,000 ({report})"
    assert sum(w for _, w in measured.values()) >= 15000, report


@pytest.mark.parametrize("path", MODULES, ids=[p.stem for p in MODULES])
def test_every_lesson_has_its_parts(path):
    text = path.read_text(encoding="utf-8")
    n = path.stem.split("-")[1]
    blocks = list(goal_blocks(text))
    assert len(blocks) == 1, "one {learning-goals} block at the top"
    ids = [line.split(":")[0].strip() for line in blocks[0][1] if line.strip()]
    assert ids and all(re.fullmatch(rf"m{n}-g\d+", i) for i in ids), ids
    assert re.search(r"^## Sammanfattning", text, re.M)
    assert re.search(r"^## Reflektionsfrågor", text, re.M)
    assert "```{module-sources}" in text
    assert re.search(r"```\{last-reviewed\} \d{4}-\d{2}-\d{2}", text)
    assert re.search(r"```\{figure\}", text) and ":alt:" in text and "Figuren i text" in text
    assert re.search(r"(?i)exempel", text), "a worked example or case"
    for heading in re.finditer(r"^(## .+)$", text, re.M):
        before = text[: heading.start()].rstrip().splitlines()[-1]
        assert re.fullmatch(r"\([a-z0-9-]+\)=", before), f"no label above {heading.group(1)!r}"


def glossary_entries() -> list[list[str]]:
    """Each glossary entry's term lines: the course's term first, then any other names
    (e.g. the English one) that link to the same entry."""
    text = (ROOT / "book" / "ordlista.md").read_text(encoding="utf-8")
    body = text.split("```{glossary}", 1)[1].split("```", 1)[0]
    entries, previous_was_term = [], False
    for line in body.splitlines():
        is_term = bool(line.strip()) and not line.startswith((" ", ":"))
        if is_term:
            (entries[-1].append if previous_was_term else lambda t: entries.append([t]))(line.strip())
        previous_was_term = is_term
    return entries


def glossary_terms() -> list[str]:
    return [term for entry in glossary_entries() for term in entry]


def used_terms() -> set[str]:
    used = set()
    for path in ROOT.glob("book/*.md"):
        for match in re.finditer(r"\{term\}`([^`]+)`", path.read_text(encoding="utf-8")):
            target = match.group(1)
            inner = re.search(r"<([^>]+)>\s*$", target)
            used.add((inner.group(1) if inner else target).strip().lower())
    return used


def test_every_glossary_term_is_used_and_every_used_term_defined():
    terms = {t.lower() for t in glossary_terms()}
    main_terms = {entry[0].lower() for entry in glossary_entries()}
    used = used_terms()
    assert used - terms == set(), "used with {term} but not in the glossary"
    # an entry's other names (second term lines) need not be used
    assert {t for t in main_terms if t not in used and not any(
        t == e[0].lower() and any(o.lower() in used for o in e[1:]) for e in glossary_entries())} == set(), \
        "in the glossary but never used with {term}"


@pytest.mark.parametrize("path", sorted(ROOT.glob("book/figurer/*.svg")), ids=lambda p: p.name)
def test_figures_are_accessible_and_self_contained(path):
    text = path.read_text(encoding="utf-8")
    root = ET.fromstring(text)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img" and root.get("viewBox")
    assert root.find(f"{ns}title") is not None and root.find(f"{ns}desc") is not None
    assert "<script" not in text and not re.search(r"(href|src)=\"(https?:)?//", text)
    assert "@import" not in text and "url(http" not in text
