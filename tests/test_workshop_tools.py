"""The four workshop exercises as browser tools on their pages (issue 12 §1), the rules they share
with the notebooks, and the tie wording (issue 15).

- The rules in Python: ties, rounding, names (empty, too long, taken, HTML), own obstacles, empty cells.
- The notebook widgets: the group's own obstacles, and messages for names that cannot be used.
- The same rows, findings and CSV text in Python and in the browser, on generated input.
- Each tool in Chromium, from file:// and over http, with the keyboard alone: filled in, chart and
  findings change, CSV/SVG/PNG downloaded and read back, kept across a reload, "Börja om",
  bad input, blocked storage, the findings announced once the input settles, print, axe, weight.
"""
from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from s3kurs.project import Project
from s3kurs.workshop import actor_mapping, obstacle_analysis, prioritisation
from s3kurs.workshop.exercises import STRINGS, catalogue, clean_name, name_key
from s3kurs.workshop.output import csv_text
from s3kurs.workshop.page import TOOL_STRINGS, tool_data

from conftest import ROOT, active, axe_violations, focus_into

PROJECT = Project.find(ROOT)
SCALE, EXERCISES = catalogue(PROJECT)
SECTIONS = PROJECT.sections
PAGES = {"self_assessment": "ovning-sjalvskattning", "prioritisation": "ovning-prioritering",
         "actor_mapping": "ovning-aktorskartlaggning", "obstacle_analysis": "ovning-hinderanalys"}
BOM = "\ufeff"


# -- the rules in Python ---------------------------------------------------------------

def test_prioritisation_says_what_a_tie_means_instead_of_naming_one_criterion_twice():
    ex = EXERCISES["prioritisation"]
    lines = ex.findings({"Skog": (0, 0, 0, 0)})
    assert lines == ["Skog: summa 0. Samma poäng på alla kriterier (0)."]
    assert ex.findings({"Vård": (3, 3, 3, 3)})[0] == "Vård: summa 12. Samma poäng på alla kriterier (3)."
    assert ex.findings({"Batterier": (5, 5, 2, 2)})[0] == (
        "Batterier: summa 14. Starkast på styrkor och kritisk massa (5), svagast på omställning och förankring (2).")
    assert ex.findings({"Turism": (4, 1, 4, 4)})[0] == (
        "Turism: summa 13. Starkast på styrkor, omställning och förankring (4), svagast på kritisk massa (1).")
    assert "Starkast på styrkor (0), svagast på styrkor (0)" not in " ".join(ex.findings({"Noll": (0, 0, 0, 0)}))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 5), min_size=4, max_size=4))
def test_no_criterion_is_ever_both_the_strongest_and_the_weakest(scores):
    ex = EXERCISES["prioritisation"]
    line = ex.findings({"Område": tuple(scores)})[0]
    match = re.search(r"Starkast på (.+) \(\d\), svagast på (.+) \(\d\)\.$", line)
    if match:
        strongest = set(re.split(r", | och ", match[1]))
        weakest = set(re.split(r", | och ", match[2]))
        assert not strongest & weakest, line
    else:
        assert "Samma poäng på alla kriterier" in line and len(set(scores)) == 1


def test_self_assessment_names_every_strongest_step_and_rounds_means_down():
    ex = EXERCISES["self_assessment"]
    scores = {s.name: (3, 3, 3) for s in ex.steps} | {"Analys": (4, 4, 3), "Vision": (3, 4, 4)}
    assert ex.findings(scores, SECTIONS)[0] == "Starkast: Analys och Vision (medel 3,6)."  # 11/3 = 3,66… rounded down
    assert ex.rows(scores)[0]["Medel"] == "3,6"
    same = {s.name: (4, 4, 4) for s in ex.steps}
    assert ex.findings(same, SECTIONS) == ["Alla steg har samma medel (4,0).",
                                           "Inget steg har ett medel under 3,0. Fråga er vad som behövs för att nå 5."]
    low = {s.name: (2, 2, 2) for s in ex.steps}
    assert [line.split(" (")[0] for line in ex.findings(low, SECTIONS)] == [f"Svagt: {s.name}" for s in ex.steps]
    # just below the limit is weak: 8/3 = 2,66… < 3
    assert [s.name for s in ex.weak_steps(scores | {"Policymix": (3, 3, 2)})] == ["Policymix"]


def test_names_are_checked_the_same_way_for_areas_actors_and_own_obstacles():
    ex = EXERCISES["actor_mapping"]
    limit = ex.max_name_length
    assert ex.name_problem("") == ex.name_problem(" \u00a0\t") == "Skriv ett namn."
    assert ex.name_problem("a" * limit) is None
    assert ex.name_problem("a" * (limit + 1)) == f"Namnet är för långt: högst {limit} tecken (nu {limit + 1})."
    assert ex.name_problem(" regionen ", ["Regionen"]) == "”regionen” finns redan i listan. Skriv ett annat namn."
    composed, decomposed = "Sk\u00e5ne", "Ska\u030ane"
    assert name_key(composed) == name_key(decomposed) and ex.name_problem(decomposed, [composed])
    assert clean_name(decomposed) == composed and len(clean_name("e\u0301" * limit)) == limit
    assert ex.name_problem("<b>Fet</b> & <script>x</script>") is None  # shown as text, never as HTML
    assert {e.max_name_length for e in EXERCISES.values() if hasattr(e, "max_name_length")} == {limit}


def test_areas_count_once_with_a_usable_name():
    ex = EXERCISES["prioritisation"]
    areas = [("Skog", (5, 4, 1, 4)), ("  ", (5, 5, 5, 5)), ("skog ", (1, 1, 1, 1)), ("x" * 61, (5, 5, 5, 5)),
             ("Vård", (2, 2, 5, 3)), ("", (0, 0, 0, 0))]
    assert [name for name, _ in ex.ranking(areas)] == ["Skog", "Vård"]
    assert ex.problems(areas) == [None, "Skriv ett namn.", "”skog” finns redan i listan. Skriv ett annat namn.",
                                  "Namnet är för långt: högst 60 tecken (nu 61).", None, None]
    many = [(f"Område {n}", (n % 6, 0, 0, 0)) for n in range(7)]
    assert len(ex.ranking(many)) == ex.max_areas
    assert ex.problems(many)[-2:] == [f"Högst {ex.max_areas}. Ta bort ett innan ni lägger till ett nytt."] * 2


def test_ties_keep_the_order_they_were_entered_in():
    prio = EXERCISES["prioritisation"]
    assert [n for n, _ in prio.ranking([("B", (1, 1, 1, 1)), ("A", (2, 1, 0, 1)), ("C", (4, 0, 0, 0))])] == ["B", "A", "C"]
    obstacles = EXERCISES["obstacle_analysis"]
    scores = obstacles.with_own((2, 0, 2, 0, 0, 0, 2), [("Eget", 2)])
    assert [item.name for item, _ in obstacles.ranking(scores)][:4] == [
        "För breda prioriteringar", "Process bara på papperet", "Svag utvärdering", "Eget"]


def test_the_groups_own_obstacles_are_ranked_with_the_seven():
    ex = EXERCISES["obstacle_analysis"]
    own = [("Ingen äger strategin", 5), ("kortsiktighet", 4), ("", 3), ("Data saknas", 4)]
    scores = ex.with_own((1, 0, 0, 0, 0, 3, 0), own)
    assert list(scores)[7:] == ["Ingen äger strategin", "Data saknas"]  # a taken or empty name is left out
    rows = ex.rows(scores)
    assert rows[0] == {"Rang": 1, "Hinder": "Ingen äger strategin", "Poäng": 5, "Tecken": ""}
    lines = ex.findings(scores, SECTIONS)
    assert lines[0] == "1. Ingen äger strategin (5). Gruppens eget hinder: skriv ner vad ni har sett."
    assert lines[1] == "2. Data saknas (4). Gruppens eget hinder: skriv ner vad ni har sett."
    assert lines[2].startswith("3. Kortsiktighet (3). Läs mer: ") and lines[3].startswith("Så rapporterar ni hinder:")
    too_many = [(f"Hinder {n}", 1) for n in range(ex.max_own + 2)]
    assert len(ex.with_own(ex.example, too_many)) == len(ex.obstacles) + ex.max_own
    assert ex.own_problem("Ett till", [n for n, _ in too_many[:ex.max_own]]).startswith(f"Högst {ex.max_own}.")
    assert ex.own_problem("Svag utvärdering", []) == "”Svag utvärdering” finns redan i listan. Skriv ett annat namn."


def test_actor_mapping_names_the_empty_cells_too():
    ex = EXERCISES["actor_mapping"]
    lines = ex.findings(ex.example)
    assert "Andra tomma rutor: Forskning (Nationell), Näringsliv (Nationell), Näringsliv (Andra regioner)." in lines
    full = [(f"Aktör {h}{lv}", h, lv) for h in ex.helix_names for lv in ex.level_names]
    assert ex.findings(full) == ["Antal aktörer: 16.", "Alla fyra delar av helixen är med.", "Alla nivåer är med.",
                                 "Alla rutor har minst en aktör."]
    diagonal = [(f"Aktör {i}", h, lv) for i, (h, lv) in enumerate(zip(ex.helix_names, ex.level_names))]
    assert ex.findings(diagonal)[3].startswith("Tomma rutor: Forskning (Regional), Näringsliv (Regional)")


def test_the_csv_text_is_what_the_notebook_saves(tmp_path):
    from s3kurs.workshop.output import save

    ex = EXERCISES["prioritisation"]
    rows = ex.rows([("Skog; trä", (5, 4, 1, 4)), ('Vård "nära"', (2, 2, 5, 3))])
    text = csv_text(rows)
    assert text.splitlines()[1:] == ['1;"Skog; trä";5;4;1;4;14', '2;"Vård ""nära""";2;2;5;3;12']
    assert "\r\n" in text and csv_text([]) == "Tomt\r\n"
    saved = save("prioritisation", b"", rows, tmp_path)[1]
    assert saved.read_bytes() == (BOM + text).encode("utf-8")


def test_the_page_data_carries_the_exercise_and_its_words():
    assert not set(STRINGS) & set(TOOL_STRINGS), "the rules' and the tool's string names must not clash"
    for key, ex in EXERCISES.items():
        data = tool_data(ex, PROJECT, lambda label: f"x.html#{label}")
        assert data["exercise"] == ex.model_dump(mode="json") and data["key"] == key
        assert set(data["sections"]) == ex.labels | ({ex.report} if key == "obstacle_analysis" else set())
        assert all(text and "{" not in name for name, text in data["strings"].items())
        assert data["strings"]["reset"] == "Börja om" and data["strings"]["noObstacles"] == "Inga hinder har fått poäng ännu."


# -- the notebook widgets ----------------------------------------------------------------

@pytest.fixture
def saved(tmp_path, monkeypatch):
    monkeypatch.setenv("S3KURS_OUTPUT", str(tmp_path / "resultat"))
    return tmp_path / "resultat"


def test_the_obstacle_widget_takes_the_groups_own_obstacles(saved):
    widget = obstacle_analysis()
    widget.sliders[5].value = 3
    widget.own_name.value = "Ingen äger strategin"
    widget.own_button.click()
    assert widget.own_name.value == "" and widget.own_problem.value == ""
    name, slider = widget.own[0]
    slider.value = 5
    assert "1. Ingen äger strategin (5). Gruppens eget hinder" in widget.findings.value
    for bad, message in [("", "Skriv ett namn."), ("ingen äger strategin", "finns redan i listan"),
                         ("Kortsiktighet", "finns redan i listan"), ("x" * 61, "högst 60 tecken")]:
        assert widget.add(bad) is False and message in widget.own_problem.value and 'role="alert"' in widget.own_problem.value
    assert widget.add("<b>Fet</b>", 4) is True
    assert "&lt;b&gt;Fet&lt;/b&gt; (4)" in widget.findings.value and "<b>Fet</b>" not in widget.findings.value
    with open(widget.save()[1], encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    assert rows[0]["Hinder"] == "Ingen äger strategin" and rows[0]["Tecken"] == "" and len(rows) == 9
    widget.own_box.children[0].children[1].click()  # "Ta bort Ingen äger strategin"
    assert [n for n, _ in widget.own] == ["<b>Fet</b>"] and "Ingen äger" not in widget.findings.value


def test_the_prioritisation_and_actor_widgets_say_what_is_wrong_with_a_name(saved):
    widget = prioritisation()
    (first, _), (second, second_scores) = widget.areas[:2]
    first.value, second.value = "Skog", " skog"
    assert "finns redan i listan" in widget.area_messages[1].value and widget.area_messages[0].value == ""
    second.value = ""
    second_scores[0].value = 2
    assert "Skriv ett namn." in widget.area_messages[1].value
    actors = actor_mapping()
    assert actors.add("Regionen", "Offentlig sektor", "Regional") is True
    assert actors.add("REGIONEN ", "Forskning", "EU") is False and "finns redan" in actors.problem.value
    assert actors.add("   ") is False and "Skriv ett namn." in actors.problem.value
    assert actors.actors == [("Regionen", "Offentlig sektor", "Regional")]


# -- Python and the browser agree ------------------------------------------------------

ALPHABET = list("abcxyzåäöÅÄÖ <>&\"';/ß") + ["\u0301", "İ", "\u00a0", "\t", "\u2003"]
POOL = ["Skog", "skog", " SKOG ", "Sk\u00e5ne", "Ska\u030ane", "<b>Vård</b>", "", "   ", "a" * 60, "a" * 61,
        "Straße", "STRASSE", "Kortsiktighet", "Svag utvärdering"]
names = st.one_of(st.sampled_from(POOL), st.text(st.sampled_from(ALPHABET), max_size=66))
scores = st.integers(SCALE.min, SCALE.max)


def inputs(key: str):
    ex = EXERCISES[key]
    if key == "self_assessment":
        return st.builds(lambda rows: {"scores": rows}, st.lists(st.lists(scores, min_size=len(ex.factors), max_size=len(ex.factors)),
                                                                  min_size=len(ex.steps), max_size=len(ex.steps)))
    if key == "prioritisation":
        area = st.tuples(names, st.lists(scores, min_size=len(ex.criteria), max_size=len(ex.criteria)))
        return st.builds(lambda areas: {"areas": [list(a) for a in areas]}, st.lists(area, max_size=ex.max_areas + 2))
    if key == "actor_mapping":
        actor = st.tuples(names, st.sampled_from(ex.helix_names), st.sampled_from(ex.level_names))
        return st.builds(lambda actors: {"actors": valid_actors(ex, actors)}, st.lists(actor, max_size=45))
    own = st.lists(st.tuples(names, scores), max_size=ex.max_own + 2)
    return st.builds(lambda s, o: {"scores": s, "own": [list(x) for x in o]},
                     st.lists(scores, min_size=len(ex.obstacles), max_size=len(ex.obstacles)), own)


def valid_actors(ex, actors) -> list[list[str]]:
    """Actors as the tool adds them: a usable name, each once."""
    kept = []
    for name, helix, level in actors:
        if ex.name_problem(name, [a[0] for a in kept]) is None:
            kept.append([clean_name(name), helix, level])
    return kept


def python_result(key: str, given: dict) -> dict:
    ex = EXERCISES[key]
    if key == "self_assessment":
        data = {step.name: tuple(row) for step, row in zip(ex.steps, given["scores"])}
    elif key == "prioritisation":
        data = [(name, tuple(s)) for name, s in given["areas"]]
    elif key == "actor_mapping":
        data = [tuple(a) for a in given["actors"]]
    else:
        data = ex.with_own(tuple(given["scores"]), [tuple(o) for o in given["own"]])
    rows = ex.rows(data)
    return {"columns": list(rows[0]) if rows else None, "rows": [[str(v) for v in r.values()] for r in rows],
            "findings": ex.findings(data, SECTIONS), "csv": BOM + csv_text(rows)}


def edge_cases(key: str) -> list[dict]:
    ex = EXERCISES[key]
    if key == "self_assessment":
        return [{"scores": [list(ex.example[s.name]) for s in ex.steps]},
                {"scores": [[0, 0, 0]] * 6}, {"scores": [[5, 5, 5]] * 6}, {"scores": [[3, 3, 2]] * 3 + [[2, 3, 3]] * 3},
                {"scores": [[4, 4, 3], [3, 4, 4], [1, 0, 0], [0, 0, 1], [3, 3, 3], [2, 3, 3]]}]
    if key == "prioritisation":
        return [{"areas": [[n, list(s)] for n, s in ex.example.items()]}, {"areas": []},
                {"areas": [["Ett område", [0, 0, 0, 0]]]}, {"areas": [["Ett område", [3, 3, 3, 3]]]},
                {"areas": [["A", [5, 5, 2, 2]], ["B", [2, 5, 5, 2]], ["b", [1, 1, 1, 1]], ["C", [4, 4, 3, 3]]]},
                {"areas": [[f"Område {n}", [n % 6, 5 - n % 6, 2, 2]] for n in range(7)]}]
    if key == "actor_mapping":
        many = [[f"Aktör {n}", h, lv] for n, (h, lv) in enumerate((h, lv) for h in ex.helix_names for lv in ex.level_names)]
        return [{"actors": [list(a) for a in ex.example]}, {"actors": []}, {"actors": many},
                {"actors": [[f"A{n}", helix, level] for n, (_, helix, level) in enumerate((many * 3)[:40])]},
                {"actors": [["Bara en", ex.helix_names[0], ex.level_names[0]]]}]
    return [{"scores": list(ex.example), "own": []}, {"scores": [0] * 7, "own": []},
            {"scores": [0] * 7, "own": [["Eget", 0]]}, {"scores": [3] * 7, "own": [["Eget hinder", 3], ["eget hinder", 5]]},
            {"scores": [1, 0, 5, 2, 0, 3, 0], "own": [["Ingen äger strategin", 5], ["<i>Data</i> saknas", 4],
                                                    ["Kortsiktighet", 5], ["", 2], ["x" * 61, 5]]}]


@pytest.fixture(scope="module")
def served(course_site, serve):
    return serve(course_site)


def load_tool(page, url: str, key: str) -> None:
    page.goto(url)
    page.wait_for_selector(f"[data-s3k-workshop='{key}'][data-ready=true]")


def browser_result(page, key: str, given: dict) -> dict:
    return page.evaluate("([k, input]) => { const t = S3kurs.workshop.tools[k]; t.load(input); return t.snapshot(); }",
                         [key, given])


@pytest.mark.browser
@pytest.mark.parametrize("key", list(PAGES))
def test_python_and_the_browser_give_the_same_rows_findings_and_csv(served, page, key):
    load_tool(page, served.url(f"book/{PAGES[key]}.html"), key)

    def agree(given):
        expected, got = python_result(key, given), browser_result(page, key, given)
        assert got["rows"] == expected["rows"], given
        assert got["findings"] == expected["findings"], given
        assert got["csv"] == expected["csv"], given
        if expected["columns"]:
            assert got["columns"] == expected["columns"]
        # and the browser's own rules, without the page's table, say the same
        computed = page.evaluate("([k, input]) => S3kurs.workshop.compute("
                                 "JSON.parse(document.querySelector('.s3k-ws-data').textContent), input)", [key, given])
        assert computed["findings"] == expected["findings"] and computed["csv"] == expected["csv"]

    for case in edge_cases(key):
        agree(case)

    @settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
    @given(inputs(key))
    def generated(given):
        agree(given)

    generated()
    assert page.errors == []


@pytest.mark.browser
def test_the_browser_tool_says_what_a_tie_means(served, page):
    load_tool(page, served.url("book/ovning-prioritering.html"), "prioritisation")
    got = browser_result(page, "prioritisation", {"areas": [["Noll", [0, 0, 0, 0]], ["Lika", [5, 5, 2, 2]]]})
    assert got["findings"] == ["Lika: summa 14. Starkast på styrkor och kritisk massa (5), svagast på omställning och förankring (2).",
                               "Noll: summa 0. Samma poäng på alla kriterier (0)."]
    assert "svagast på styrkor (0)" not in " ".join(got["findings"])


# -- each tool in the browser, with the keyboard alone ---------------------------------

def tab_and_type(page, *values: str) -> None:
    """Type each value in the focused field and Tab to the next (Tab selects a field's text)."""
    for value in values:
        page.keyboard.type(value)
        page.keyboard.press("Tab")


def fill_self_assessment(page):
    focus_into(page, "#s3k-ws-self_assessment-s0-f0")
    values = [[4, 3, 3], [3, 3, 3], [4, 2, 3], [1, 4, 2], [2, 2, 3], [2, 1, 0]]
    tab_and_type(page, *(str(v) for row in values for v in row))
    return {"scores": values}


def fill_prioritisation(page):
    focus_into(page, "#s3k-ws-prioritisation-a0-name")
    tab_and_type(page, "Skogsbaserade material", "5", "4", "4", "4")
    assert active(page, "el.classList.contains('s3k-ws-remove')")
    page.keyboard.press("Tab")
    assert active(page, "el.classList.contains('s3k-ws-add-area')")
    page.keyboard.press("Enter")
    assert active(page, "el.id") == "s3k-ws-prioritisation-a1-name"
    tab_and_type(page, "<b>Vård</b> & omsorg", "3", "2", "5", "3")
    return {"areas": [["Skogsbaserade material", [5, 4, 4, 4]], ["<b>Vård</b> & omsorg", [3, 2, 5, 3]]]}


def fill_actor_mapping(page):
    focus_into(page, "#s3k-ws-actor_mapping-name")
    page.keyboard.type("Regionen")
    page.keyboard.press("Enter")  # the first part of the helix and the first level
    assert active(page, "el.id") == "s3k-ws-actor_mapping-name"
    page.keyboard.type("Universitetet")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # Forskning
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # Nationell
    page.keyboard.press("Tab")
    assert active(page, "el.classList.contains('s3k-ws-add-button')")
    page.keyboard.press("Enter")
    return {"actors": [["Regionen", "Offentlig sektor", "Regional"], ["Universitetet", "Forskning", "Nationell"]]}


def fill_obstacle_analysis(page):
    focus_into(page, "#s3k-ws-obstacle_analysis-o0")
    tab_and_type(page, "4", "3", "2", "3", "4", "5", "1")
    assert active(page, "el.id") == "s3k-ws-obstacle_analysis-own"
    page.keyboard.type("Ingen äger strategin")
    page.keyboard.press("Enter")
    assert active(page, "el.id") == "s3k-ws-obstacle_analysis-own0"
    page.keyboard.type("5")
    return {"scores": [4, 3, 2, 3, 4, 5, 1], "own": [["Ingen äger strategin", 5]]}


FILL = {"self_assessment": fill_self_assessment, "prioritisation": fill_prioritisation,
        "actor_mapping": fill_actor_mapping, "obstacle_analysis": fill_obstacle_analysis}


def download(page, selector: str):
    """Reach the button with Tab and press Enter; the downloaded file's bytes."""
    focus_into(page, selector)
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    return info.value.suggested_filename, open(info.value.path(), "rb").read()


@pytest.mark.browser
@pytest.mark.parametrize("where", ["file", "http"])
@pytest.mark.parametrize("key", list(PAGES))
def test_each_tool_works_with_the_keyboard_alone(course_site, served, browser, key, where):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    url = (course_site / "book" / f"{PAGES[key]}.html").as_uri() if where == "file" else served.url(f"book/{PAGES[key]}.html")
    load_tool(page, url, key)
    tool = f"[data-s3k-workshop='{key}']"
    chart = lambda: page.locator(f"{tool} .s3k-ws-chart").inner_html()  # noqa: E731
    findings = lambda: page.locator(f"{tool} .s3k-ws-findings").inner_text()  # noqa: E731
    before = chart(), findings()

    entered = FILL[key](page)
    state = page.evaluate(f"S3kurs.workshop.tools['{key}'].input()")
    assert {k: state[k] for k in entered} == entered
    assert chart() != before[0] and findings() != before[1]
    expected = python_result(key, page.evaluate(f"S3kurs.workshop.tools['{key}'].input()"))
    assert page.locator(f"{tool} .s3k-ws-findings li").all_inner_texts() == expected["findings"]
    assert page.locator(f"{tool} .s3k-ws-chart svg title").count() >= 1
    if key == "prioritisation":  # a name with HTML is shown as text, never run
        assert page.locator(f"{tool} b").count() == 0 and "<b>Vård</b> & omsorg" in findings()

    name, data = download(page, f"{tool} .s3k-ws-csv")
    assert re.fullmatch(rf"{key.replace('_', '-')}-\d{{8}}-\d{{6}}\.csv", name), name  # as the notebook names it
    assert data.startswith(BOM.encode("utf-8")) and data.decode("utf-8") == expected["csv"]
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert table == [expected["columns"]] + expected["rows"]  # the CSV read back is the table on the page
    _, svg = download(page, f"{tool} .s3k-ws-svg")
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg" and root.find("{http://www.w3.org/2000/svg}title") is not None
    size = (int(root.get("width")), int(root.get("height")))
    _, png = download(page, f"{tool} .s3k-ws-png")
    with Image.open(io.BytesIO(png)) as image:
        image.load()
        assert image.format == "PNG" and image.size == size

    kept = page.evaluate(f"S3kurs.workshop.tools['{key}'].input()")
    page.reload()
    page.wait_for_selector(f"{tool}[data-ready=true]")
    assert page.evaluate(f"S3kurs.workshop.tools['{key}'].input()") == kept
    assert page.locator(f"{tool} .s3k-ws-findings li").all_inner_texts() == expected["findings"]
    assert page.locator(f"{tool} .s3k-ws-storage-note").is_hidden()

    # "Börja om" with the keyboard: confirmed, everything removed, also after a reload
    page.once("dialog", lambda d: d.accept())
    focus_into(page, f"{tool} .s3k-ws-reset")
    page.keyboard.press("Enter")
    blank = page.evaluate(f"S3kurs.workshop.tools['{key}'].input()")
    assert blank != kept and page.locator(f"{tool} .s3k-ws-announce").inner_text() == "Allt är borttaget. Ni kan börja om."
    assert active(page, "el.closest('.s3k-ws-inputs') !== null")
    page.reload()
    page.wait_for_selector(f"{tool}[data-ready=true]")
    assert page.evaluate(f"S3kurs.workshop.tools['{key}'].input()") == blank

    local = (lambda u: u.startswith(("file://", "data:", "blob:"))) if where == "file" else served.is_local
    assert [u for u in requests if not local(u)] == []
    assert errors == []
    context.close()


@pytest.mark.browser
def test_the_findings_are_announced_once_the_input_settles(served, page):
    load_tool(page, served.url("book/ovning-hinderanalys.html"), "obstacle_analysis")
    page.evaluate("""() => { window.announced = [];
      new MutationObserver(() => window.announced.push(document.querySelector('.s3k-ws-announce').textContent))
        .observe(document.querySelector('.s3k-ws-announce'), {childList: true, characterData: true, subtree: true}); }""")
    focus_into(page, "#s3k-ws-obstacle_analysis-o5")
    for _ in range(4):  # four steps up, quickly: one announcement afterwards, not four
        page.keyboard.press("ArrowUp")
    assert page.evaluate("S3kurs.workshop.tools.obstacle_analysis.input().scores[5]") == 4
    assert page.evaluate("window.announced") == []
    page.wait_for_timeout(1500)
    said = page.evaluate("window.announced")
    assert len(said) == 1 and said[0].startswith("1. Kortsiktighet (4). Läs mer:")
    assert page.locator(".s3k-ws-announce").get_attribute("role") == "status"
    page.wait_for_timeout(1200)
    assert len(page.evaluate("window.announced")) == 1  # nothing new, nothing said again


@pytest.mark.browser
def test_bad_input_gets_a_clear_message(served, page):
    load_tool(page, served.url("book/ovning-aktorskartlaggning.html"), "actor_mapping")
    field, error = "#s3k-ws-actor_mapping-name", "#s3k-ws-actor_mapping-name-error"
    for typed, message in [("   ", "Skriv ett namn."), ("x" * 61, "Namnet är för långt: högst 60 tecken (nu 61)."),
                           ("Regionen", None), (" regionen", "”regionen” finns redan i listan. Skriv ett annat namn.")]:
        page.fill(field, typed)
        page.press(field, "Enter")
        if message:
            assert page.locator(error).inner_text() == message and page.get_attribute(field, "aria-invalid") == "true"
            assert page.locator(".s3k-ws-announce").inner_text() == message
            assert active(page, "el.id") == field[1:]
        else:
            assert page.locator(error).is_hidden()
    assert page.evaluate("S3kurs.workshop.tools.actor_mapping.input().actors.length") == 1
    assert error[1:] in page.get_attribute(field, "aria-describedby").split()

    load_tool(page, served.url("book/ovning-sjalvskattning.html"), "self_assessment")
    score = "#s3k-ws-self_assessment-s0-f0"
    page.fill(score, "3")
    page.fill(score, "7")
    assert page.locator(f"{score}-error").inner_text() == "Skriv ett heltal från 0 till 5."
    assert page.get_attribute(score, "aria-invalid") == "true"
    assert page.evaluate("S3kurs.workshop.tools.self_assessment.input().scores[0][0]") == 3  # the last good score counts
    page.fill(score, "")
    page.locator(score).blur()
    assert page.locator(f"{score}-error").is_visible()
    page.fill(score, "2")
    assert page.locator(f"{score}-error").is_hidden() and page.get_attribute(score, "aria-invalid") is None

    load_tool(page, served.url("book/ovning-prioritering.html"), "prioritisation")
    page.fill("#s3k-ws-prioritisation-a0-c0", "4")
    assert page.locator("#s3k-ws-prioritisation-a0-name-error").inner_text() == "Skriv ett namn."
    page.fill("#s3k-ws-prioritisation-a0-name", '<img src=x onerror="window.ran=1">')
    assert page.locator("#s3k-ws-prioritisation-a0-name-error").is_hidden()
    assert page.evaluate("window.ran") is None and page.locator(".s3k-ws img").count() == 0
    assert '<img src=x onerror="window.ran=1">: summa 4.' in page.locator(".s3k-ws-findings").inner_text()
    for _ in range(EXERCISES["prioritisation"].max_areas):
        page.locator(".s3k-ws-add-area").click()
    assert page.locator(".s3k-ws-area").count() == 5
    assert "Högst 5." in page.locator(".s3k-ws-announce").inner_text()
    assert page.errors == []


@pytest.mark.browser
def test_a_browser_that_blocks_storage_still_works_until_the_page_is_closed(served, browser):
    context = browser.new_context()
    context.add_init_script("""Object.defineProperty(window, 'localStorage', {get() {
        throw new DOMException('The operation is insecure.', 'SecurityError'); }});""")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(e.stack or str(e)))
    load_tool(page, served.url("book/ovning-hinderanalys.html"), "obstacle_analysis")
    assert page.locator(".s3k-ws-storage-note").is_visible()
    page.fill("#s3k-ws-obstacle_analysis-o2", "5")
    assert page.locator(".s3k-ws-findings li").first.inner_text().startswith("1. Process bara på papperet (5).")
    page.fill("#s3k-ws-obstacle_analysis-own", "Eget")
    page.press("#s3k-ws-obstacle_analysis-own", "Enter")
    assert page.locator(".s3k-ws-own input").count() == 1
    page.reload()
    page.wait_for_selector("[data-s3k-workshop][data-ready=true]")
    assert page.evaluate("S3kurs.workshop.tools.obstacle_analysis.input()") == {"scores": [0] * 7, "own": []}
    # the theme's own colour-mode script fails without storage (as test_progress notes); ours must not
    assert [e for e in errors if "s3kurs" in e] == []
    context.close()


@pytest.mark.browser
def test_the_print_view_shows_the_result_without_the_inputs(served, page):
    page.add_init_script("window.print = () => { window.printed = document.body.className; };")
    load_tool(page, served.url("book/ovning-prioritering.html"), "prioritisation")
    page.locator(".s3k-ws-example").click()
    page.locator(".s3k-ws-print").click()
    assert "s3k-ws-printing" in page.evaluate("window.printed")
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert "s3k-ws-printing" not in page.evaluate("document.body.className")
    page.emulate_media(media="print")
    for hidden in (".s3k-ws-inputs", ".s3k-ws-actions", ".s3k-ws-privacy"):
        assert page.locator(hidden).is_hidden(), hidden
    for shown in (".s3k-ws-chart svg", ".s3k-ws-findings", ".s3k-ws-table table"):
        assert page.locator(shown).is_visible(), shown
    assert page.pdf(format="A4").startswith(b"%PDF")


@pytest.mark.browser
@pytest.mark.parametrize("mode", ["light", "dark"])
def test_axe_finds_nothing_in_the_filled_in_tools(served, browser, mode):
    context = browser.new_context(color_scheme=mode)
    page = context.new_page()
    page.on("dialog", lambda d: d.accept())
    for key, name in PAGES.items():
        load_tool(page, served.url(f"book/{name}.html"), key)
        page.locator(".s3k-ws-example").click()
        if key != "actor_mapping":
            page.locator(".s3k-ws input[type=number]").first.fill("9")  # a message on the page too
        if key in ("actor_mapping", "obstacle_analysis"):
            page.locator(".s3k-ws-add-button").click()  # an empty name: a message
        violations = axe_violations(page)
        assert violations == [], (name, [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations])
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("name", list(PAGES.values()))
def test_each_exercise_page_stays_within_the_budget(served, page, name):
    sizes = []
    page.on("requestfinished", lambda r: sizes.append(len(r.response().body())))
    page.goto(served.url(f"book/{name}.html"))
    page.wait_for_load_state("networkidle")
    assert len(sizes) <= 25, len(sizes)
    assert sum(sizes) <= 1_000_000, sum(sizes)
    assert [u for u in page.requests if not served.is_local(u)] == []


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 640], ids=["320px", "200-percent"])
def test_the_filled_in_tools_reflow_without_sideways_scrolling(served, browser, width):
    from test_site import OVERFLOW, TEXT_SPACING

    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    long_name = "Ett mycket långt namn på ett eget hinder som gruppen har skrivit in"[:60]
    for key, name in PAGES.items():
        load_tool(page, served.url(f"book/{name}.html"), key)
        page.locator(".s3k-ws-example").click()
        if key == "obstacle_analysis":
            page.fill("#s3k-ws-obstacle_analysis-own", long_name)
            page.press("#s3k-ws-obstacle_analysis-own", "Enter")
        page.add_style_tag(content=TEXT_SPACING)
        page.wait_for_timeout(300)  # the chart is redrawn for its room
        assert page.evaluate(OVERFLOW) == {"wide": False, "clipped": [], "images": 0}, name
        svg = page.locator(".s3k-ws-chart svg")
        assert svg.get_attribute("width") == "400", name  # the narrow drawing, scaled to the room it has
        assert svg.bounding_box()["width"] <= width
    context.close()
