"""The trainers' summary: `s3kurs results summarize` and the page "Sammanställ gruppens resultat"
read the same files (results files of both versions, exercise CSV files, good and bad) and give
the same figures and the same one-line reasons; the item statistics agree to the last digit;
the page works with the keyboard, by drag and drop and from file://, sends nothing anywhere,
passes axe in light and dark mode and stays within the page budget."""
from __future__ import annotations

import csv
import io
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from s3kurs import exam, itemstats, results
from s3kurs.bank import load_bank
from s3kurs.cli import exercise_formats
from s3kurs.project import Project
from s3kurs.workshop.exercises import catalogue

from conftest import ROOT, active, axe_violations, focus_into

PROJECT = Project.find(ROOT)
BANK = load_bank(project=PROJECT)[0]
SCALE, EXERCISES = catalogue(PROJECT)
FORMATS = exercise_formats(PROJECT)
MODULE_OF = BANK.module_map()
IDS = sorted(BANK.hashes)
WHEN = "2026-11-28T09:00:00.000Z"
PAGE = "book/sammanstall.html"
STATIC = ROOT / "s3kurs" / "static"


# -- files ----------------------------------------------------------------------------------------------

def results_json(answers: dict[str, bool], finals=(), version: int = 2, **override) -> bytes:
    def question(qid, right):
        entry = {"id": qid, "module": MODULE_OF.get(qid, "modul-9"), "firstAttemptCorrect": right, "attempts": 1,
                 "firstAnswered": WHEN, "lastAnswered": WHEN}
        return {**entry, "hash": BANK.hashes.get(qid, "00000000")} if version == 2 else entry

    data = {"format": "s3kurs-results", "formatVersion": version, "bankVersion": BANK.version, "exported": WHEN,
            "questions": [question(q, r) for q, r in answers.items()], "finalTests": list(finals)}
    data.update(override)
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def final(answers: dict[str, bool], group: str | None = None, seed: int = 1) -> dict:
    score = sum(answers.values())
    attempt = {"when": WHEN, "seed": seed, "score": score, "total": len(answers), "passed": scoring_passed(score, len(answers)),
               "modules": {}, "answers": [{"id": q, "hash": BANK.hashes[q], "correct": r} for q, r in answers.items()]}
    if group is not None:
        attempt["group"] = group
    return attempt


def scoring_passed(score: int, total: int) -> bool:
    from s3kurs import scoring

    return scoring.passed(score, total)


def csv_bytes(rows: list[list], bom: bool = True, newline: str = "\r\n") -> bytes:
    """A CSV file as the exercises write it (workshop/output.py): semicolons, minimal quoting."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator=newline)
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def exercise_csv(key: str, data) -> bytes:
    rows = EXERCISES[key].rows(data)
    return csv_bytes([list(rows[0]), *[list(r.values()) for r in rows]])


def obstacles_csv(scores: list[tuple[str, int]]) -> bytes:
    signs = {o.name: o.sign for o in EXERCISES["obstacle_analysis"].obstacles}
    ranked = sorted(scores, key=lambda pair: -pair[1])
    return csv_bytes([FORMATS["obstacle_analysis"]["header"],
                      *[[i, name, score, signs.get(name, "")] for i, (name, score) in enumerate(ranked, 1)]])


def good_and_bad_files() -> list[tuple[str, bytes]]:
    """A group's files with every kind of problem a file can have (the order matters: it is the order
    of the reasons and of first appearances)."""
    m1 = [q.id for q in BANK.modules["modul-1"].questions]
    m2 = [q.id for q in BANK.modules["modul-2"].questions]
    seed = exam.group_seed("malmö")
    drawn = [q.id for q in exam.draw({m: c.questions for m, c in BANK.modules.items()}, seed)]
    rng = random.Random(12)
    files = []
    for n in range(12):
        answers = {q: rng.random() < 0.3 + n / 20 for q in m1 + m2 if rng.random() < 0.9}
        finals = [final({q: rng.random() < 0.4 + n / 20 for q in drawn}, group=["Malmö", " malmö", "MALMÖ"][n % 3], seed=seed)]
        files.append((f"deltagare-{n}.json", results_json(answers, finals, exported=f"2026-11-28T10:00:{n:02d}.000Z")))
    files.append(("v1.json", results_json({m1[0]: True, m1[1]: False, "m9-borttagen": True}, version=1,
                                          finalTests=[{"when": WHEN, "score": 3, "total": 4, "passed": False, "modules": {}}])))
    changed = json.loads(results_json({m1[0]: True, m1[2]: True}))
    changed["questions"][1]["hash"] = "12345678"
    files.append(("andrad.json", json.dumps(changed).encode()))
    files.append(("deltagare-0.json", files[0][1]))                        # the same file twice
    files.append(("kopia-av-0.json", files[0][1]))                         # a copy under another name counts
    good = results_json({m1[0]: True})
    files += [
        ("tom.json", b""), ("blanksteg.json", b" \r\n\t "), ("binar.json", bytes(range(256))),
        ("trasig.json", b'{"format": "s3kurs-results", "formatVersion": 2, '), ("nan.json", b'{"format": NaN}'),
        ("lista.json", b"[1, 2]"), ("annan.json", b'{"hello": "world"}'),
        ("version3.json", results_json({}, formatVersion=3)), ("versionstext.json", results_json({}, formatVersion="2")),
        ("versionslista.json", results_json({}, formatVersion=[2])), ("version-sant.json", results_json({}, formatVersion=True)),
        ("version-saknas.json", json.dumps({"format": "s3kurs-results"}).encode()),
        ("extra.json", results_json({m1[0]: True}, extra=1)),
        ("hash-saknas.json", json.dumps({**json.loads(good), "questions": [{"id": m1[0]}]}).encode()),
        ("flera-fel.json", json.dumps({**json.loads(good), "exported": "igår", "finalTests": [
            {**final({m1[0]: True}), "seed": -1, "modules": {"FEL NYCKEL": {"score": 1, "total": 1}}}]}).encode()),
        ("tom-grupp.json", json.dumps({**json.loads(good), "finalTests": [final({m1[0]: True}, group="")]}).encode()),
        ("gammal-bank.json", results_json({m1[0]: True}, version=1, bankVersion="000000000000")),
        ("stor.json", b"{" + b" " * results.MAX_BYTES + b"}"),
        ("stor.csv", b"x" * (results.MAX_BYTES + 1)),
    ]
    # exercise files: the worked examples, others, and every way a row can break
    sa, pr = EXERCISES["self_assessment"], EXERCISES["prioritisation"]
    files += [
        ("self-assessment-1.csv", exercise_csv("self_assessment", sa.example)),
        ("self-assessment-2.csv", exercise_csv("self_assessment", {s.name: (rng.randint(0, 5), rng.randint(0, 5),
                                                                            rng.randint(0, 5)) for s in sa.steps})),
        ("prioritisation-1.csv", exercise_csv("prioritisation", pr.example)),
        ("prioritisation-2.csv", exercise_csv("prioritisation", {"Rymd; med semikolon": (5, 5, 5, 5),
                                                                 "skogsbaserade MATERIAL": (1, 2, 3, 4)})),
        ("prioritisation-3.csv", csv_bytes([FORMATS["prioritisation"]["header"], [1, 'Ett "citerat"\nområde', 2, 2, 2, 2, 8]],
                                           bom=False, newline="\n")),
        ("actor-mapping-1.csv", exercise_csv("actor_mapping", EXERCISES["actor_mapping"].example)),
        ("actor-mapping-2.csv", exercise_csv("actor_mapping", [("Föreningen", "Civilsamhälle", "EU")] * 3)),
        ("obstacle-analysis-1.csv", exercise_csv("obstacle_analysis", EXERCISES["obstacle_analysis"].example)),
        ("obstacle-analysis-2.csv", obstacles_csv([("Brist på tid", 5), ("Kortsiktighet", 4), ("Svag utvärdering", 0),
                                                   ("brist på tid ", 2)][:3] + [("Ingen mötesplats", 3)])),
        ("obstacle-analysis-3.csv", obstacles_csv([("Ingen mötesplats", 1), ("För breda prioriteringar", 5)])),
    ]
    header = FORMATS["self_assessment"]["header"]
    example = [[step, *scores, "x"] for step, scores in sa.example.items()]
    files += [
        ("binar.csv", b"\xff\xfe" + "Steg".encode("utf-16-le")),
        ("tomt.csv", csv_bytes([["Tomt"]])),
        ("bara-rubrik.csv", csv_bytes([header])),
        ("kolumner.csv", csv_bytes([header, example[0][:-1]])),
        ("poang-6.csv", csv_bytes([header, [example[0][0], 6, 1, 1, "x"], *example[1:]])),
        ("poang-decimal.csv", csv_bytes([header, [example[0][0], "3,5", 1, 1, "x"], *example[1:]])),
        ("okant-steg.csv", csv_bytes([header, ["Analysen", 1, 1, 1, "x"], *example[1:]])),
        ("steg-saknas.csv", csv_bytes([header, *example[:-1]])),
        ("steg-tva-ganger.csv", csv_bytes([header, *example, example[0]])),
        ("citat.csv", csv_bytes([header]) + b'"Analys"x;1;1;1;x\r\n'),
        ("citat-oavslutat.csv", csv_bytes([header]) + b'"Analys;1;1;1;x\r\n'),
        ("tomt-omrade.csv", csv_bytes([FORMATS["prioritisation"]["header"], [1, "  ", 1, 1, 1, 1, 4]])),
        ("omrade-tva-ganger.csv", csv_bytes([FORMATS["prioritisation"]["header"], [1, "Rymd", 1, 1, 1, 1, 4],
                                             [2, " RYMD", 1, 1, 1, 1, 4]])),
        ("summa.csv", csv_bytes([FORMATS["prioritisation"]["header"], [1, "Rymd", 1, 1, 1, 1, 5]])),
        ("helix.csv", csv_bytes([FORMATS["actor_mapping"]["header"], ["Regionen", "Offentlig", "Regional"]])),
        ("aktor-utan-namn.csv", csv_bytes([FORMATS["actor_mapping"]["header"], ["", "Forskning", "EU"]])),
        ("hinder-tva-ganger.csv", obstacles_csv([("Kortsiktighet", 4), ("KORTSIKTIGHET", 2)])),
    ]
    return files


# -- Python ----------------------------------------------------------------------------------------------

def test_csv_records_are_read_as_the_csv_module_writes_them():
    assert results.parse_csv('a;b\r\n"c;d";"e""f"\n"g\nh";\r') == ([["a", "b"], ["c;d", 'e"f'], ["g\nh", ""]], 0)
    assert results.parse_csv("a;;\n\nb") == ([["a", "", ""], [""], ["b"]], 0)
    assert results.parse_csv('"a"b') == (None, 1) and results.parse_csv('x\n"a') == (None, 2)
    assert results.parse_csv("") == ([], 0) and results.parse_csv('""') == ([[""]], 0)


def test_exercise_figures_per_item(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name, content in [("a.csv", obstacles_csv([("Kortsiktighet", 1), ("Egen idé", 4)])),
                          ("b.csv", obstacles_csv([("Kortsiktighet", 4), ("egen IDÉ ", 2)])),
                          ("c.csv", obstacles_csv([("Kortsiktighet", 5)]))]:
        Path(name).write_bytes(content)
    summary = results.summarise(["a.csv", "b.csv", "c.csv"], BANK, FORMATS)
    assert summary.skipped == [] and len(summary.exercise_files) == 3
    items = {tuple(i["label"]): i for i in summary.exercises["obstacle_analysis"].as_json()["items"]}
    # 1, 4, 5: mean 10/3 = 3,3 (rounded down); sd √(26/9) = 1,69… -> 1,6 (rounded down, not up)
    assert items[("Kortsiktighet",)] == {"label": ["Kortsiktighet"], "n": 3, "mean_tenths": 33, "mean": "3,3", "min": 1,
                                         "max": 5, "sd_tenths": 16, "sd": "1,6"}
    assert items[("Egen idé",)]["n"] == 2 and items[("Egen idé",)]["mean"] == "3,0"   # named as first written
    assert [i["label"][0] for i in summary.exercises["obstacle_analysis"].as_json()["items"]] == ["Kortsiktighet", "Egen idé"]


def test_the_command_reads_exercise_files_alone(tmp_path):
    (tmp_path / "p.csv").write_bytes(exercise_csv("prioritisation", EXERCISES["prioritisation"].example))
    (tmp_path / "fel.csv").write_bytes(b"hej")
    result = subprocess.run([sys.executable, "-m", "s3kurs.cli", "results", "summarize", "p.csv", "fel.csv"],
                            cwd=tmp_path, capture_output=True, text=True, env={**os.environ, "S3KURS_ROOT": str(ROOT)})
    assert result.returncode == 0, result.stderr
    assert result.stderr == "fel.csv: första raden har inte kolumnerna från någon av kursens övningar; hoppas över\n"
    assert "Övningar från 1 fil(er)." in result.stdout and "Skogsbaserade material" in result.stdout
    assert "Resultat från" not in result.stdout and not (tmp_path / "resultat.png").exists()


# -- Python and the browser's code (Node.js) agree -------------------------------------------------------

NODE_SUMMARY = """global.window = global;
global.document = { readyState: "complete", querySelectorAll: () => [] };
const [core, validator, summary] = process.argv.slice(1);
require(core); require(validator); require(summary);
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = input.cases.map(c => c.kind === "analyse"
  ? S3kurs.summary.analyse(c.ids, c.learners, input.info.thresholds)
  : S3kurs.summary.compute(input.info, c.files.map(f => ({ name: f.name, bytes: Buffer.from(f.bytes, "base64") }))));
process.stdout.write(JSON.stringify(out));
"""


@pytest.fixture(scope="module")
def validator_js(tmp_path_factory) -> Path:
    from s3kurs.sphinxext.assets import GENERATOR, SCHEMAS

    out = tmp_path_factory.mktemp("validator") / "validator.js"
    subprocess.run([shutil.which("node"), str(GENERATOR), str(out), *map(str, SCHEMAS)], cwd=ROOT, check=True)
    return out


def in_browser_code(validator_js: Path, cases: list[dict]) -> list[dict]:
    import base64

    for case in cases:
        for f in case.get("files", ()):
            f["bytes"] = base64.b64encode(f["bytes"]).decode("ascii")
    info = results.page_data(BANK, FORMATS)
    result = subprocess.run([shutil.which("node"), "-e", NODE_SUMMARY, str(STATIC / "s3kurs-core.js"), str(validator_js),
                             str(STATIC / "s3kurs-summary.js")], input=json.dumps({"info": info, "cases": cases}),
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def in_python(tmp_path: Path, files: list[tuple[str, bytes]], monkeypatch) -> dict:
    """`results summarize --json` on *files*, written to *tmp_path* and named as the page names them."""
    folder = tmp_path / f"set{len(list(tmp_path.iterdir()))}"
    folder.mkdir()
    for name, content in files:
        (folder / name).write_bytes(content)
    monkeypatch.chdir(folder)
    summary = results.summarise([name for name, _ in files], BANK, FORMATS)
    return json.loads(json.dumps(results.as_json(summary, BANK, results.statistics(summary, BANK)), ensure_ascii=False))


def test_good_and_bad_files_give_the_same_figures_and_reasons(tmp_path, monkeypatch, validator_js):
    files = good_and_bad_files()
    [browser] = in_browser_code(validator_js, [{"kind": "files", "files": [{"name": n, "bytes": b} for n, b in files]}])
    python = in_python(tmp_path, files, monkeypatch)
    assert browser["skipped"] == python["skipped"]
    assert browser == python
    assert python["files"] == 15 and python["exercise_files"] == 10 and len(python["skipped"]) == 37
    reasons = "\n".join(python["skipped"])
    for expected in ["deltagare-0.json: samma fil som deltagare-0.json (samma namn och innehåll)",
                     "blanksteg.json: filen är tom", "nan.json: inte giltig JSON", "lista.json: ingen resultatfil från s3kurs",
                     'versionstext.json: formatversion "2"', "versionslista.json: formatversion [2]",
                     "version-sant.json: formatversion true", "version-saknas.json: formatversion null",
                     "extra.json: följer inte formatet för resultatfiler vid översta nivån",
                     "hash-saknas.json: följer inte formatet för resultatfiler vid questions/0",
                     "flera-fel.json: följer inte formatet för resultatfiler vid exported",
                     "tom-grupp.json: följer inte formatet för resultatfiler vid finalTests/0/group",
                     "stor.csv: filen är större än 5 000 000 byte", "binar.csv: ingen text i UTF-8",
                     "tomt.csv: första raden har inte kolumnerna", "bara-rubrik.csv: inga rader under kolumnnamnen",
                     "kolumner.csv: rad 2 har 4 kolumner, inte 5", "poang-6.csv: rad 2, kolumn 2: ”6” är ingen poäng från 0 till 5",
                     "poang-decimal.csv: rad 2, kolumn 2: ”3,5” är ingen poäng", "okant-steg.csv: rad 2: ”Analysen” är inte något av: Analys, ",
                     "steg-saknas.csv: ”Uppföljning och utvärdering” saknas", "steg-tva-ganger.csv: ”Analys” finns mer än en gång",
                     "citat.csv: ingen läsbar CSV-fil (ett citattecken på fel ställe på rad 2)",
                     "citat-oavslutat.csv: ingen läsbar CSV-fil", "tomt-omrade.csv: rad 2: namnet är tomt",
                     "omrade-tva-ganger.csv: ” RYMD” finns mer än en gång", "summa.csv: rad 2: summan ”5” är inte summan av poängen (4)",
                     "helix.csv: rad 2: ”Offentlig” är inte något av", "aktor-utan-namn.csv: rad 2: namnet är tomt",
                     "hinder-tva-ganger.csv: ”KORTSIKTIGHET” finns mer än en gång"]:
        assert expected in reasons, expected
    assert all(line.endswith("hoppas över") for line in python["skipped"])
    # the group's final test: three spellings of one code, one form; a copy under another name counts
    [form] = python["final_tests"]
    assert form["group"] == "malmö" and form["learners"] == 13
    areas = [item["label"] for item in python["exercises"]["prioritisation"]["items"] if item["label"][1] == "Summa"]
    assert areas[0] == ["Rymd; med semikolon", "Summa"] and ["Skogsbaserade material", "Summa"] in areas
    assert ['Ett "citerat"\nområde', "Summa"] in areas
    own = [item["label"][0] for item in python["exercises"]["obstacle_analysis"]["items"]][7:]
    assert own == ["Brist på tid", "Ingen mötesplats"]


@st.composite
def file_sets(draw) -> list[tuple[str, bytes]]:
    """A group's files: results files (either version, answers to questions changed since, final tests
    with and without group codes) and exercise files with random scores, names and own obstacles."""
    files = []
    codes = ["Malmö", "malmö", "Umeå", None]
    forms = [sorted(draw(st.sets(st.sampled_from(IDS), min_size=2, max_size=6))) for _ in range(2)]
    for n in range(draw(st.integers(0, 14))):
        answers = draw(st.dictionaries(st.sampled_from(IDS), st.booleans(), max_size=40))
        version = draw(st.sampled_from([1, 2, 2, 2]))
        finals = []
        if version == 2:
            for _ in range(draw(st.integers(0, 2))):
                form = draw(st.sampled_from(forms))
                finals.append(final({q: draw(st.booleans()) for q in form}, group=draw(st.sampled_from(codes))))
        data = json.loads(results_json(answers, finals, version=version, exported=f"2026-11-28T10:{n:02d}:00.000Z"))
        if version == 2 and data["questions"] and draw(st.booleans()):
            data["questions"][0]["hash"] = "abcdef12"
        if version == 1:
            data["finalTests"] = []
        files.append((f"r{n}.json", json.dumps(data).encode()))
    score = st.integers(SCALE.min, SCALE.max)
    names = st.sampled_from(["Rymd", "rymd", "Skog", "Vård", "Turism", "Batterier"])
    for n in range(draw(st.integers(0, 4))):
        areas = draw(st.dictionaries(names, st.tuples(score, score, score, score), min_size=1, max_size=4))
        keys = {exam.group_code(a) for a in areas}
        if len(keys) == len(areas):
            files.append((f"p{n}.csv", exercise_csv("prioritisation", areas)))
    for n in range(draw(st.integers(0, 3))):
        steps = {s.name: (draw(score), draw(score), draw(score)) for s in EXERCISES["self_assessment"].steps}
        files.append((f"s{n}.csv", exercise_csv("self_assessment", steps)))
    helix = st.sampled_from(FORMATS["actor_mapping"]["helices"])
    level = st.sampled_from(FORMATS["actor_mapping"]["levels"])
    for n in range(draw(st.integers(0, 3))):
        actors = draw(st.lists(st.tuples(st.sampled_from(["A", "B", "C"]), helix, level), min_size=1, max_size=8))
        files.append((f"a{n}.csv", exercise_csv("actor_mapping", actors)))
    for n in range(draw(st.integers(0, 3))):
        scores = [(o, draw(score)) for o in FORMATS["obstacle_analysis"]["obstacles"]]
        scores += [(own, draw(score)) for own in draw(st.sets(st.sampled_from(["Egen 1", "Egen 2", "Egen 3"]), max_size=2))]
        files.append((f"o{n}.csv", obstacles_csv(scores)))
    return draw(st.permutations(files))


def test_generated_groups_give_the_same_figures(tmp_path, monkeypatch, validator_js):
    cases = []

    @settings(max_examples=40, deadline=None)
    @given(file_sets())
    def collect(files):
        cases.append(files)

    collect()
    assert len(cases) == 40 and sum(len(files) for files in cases) > 200
    assert {name[0] for files in cases for name, _ in files} == {"r", "p", "s", "a", "o"}  # every kind of file
    browser = in_browser_code(validator_js, [{"kind": "files", "files": [{"name": n, "bytes": b} for n, b in files]}
                                             for files in cases])
    for files, from_browser in zip(cases, browser):
        assert from_browser == in_python(tmp_path, files, monkeypatch), [name for name, _ in files]


def random_test(rng: random.Random, learners: int, questions: int, skip: float) -> tuple[list[str], list[dict]]:
    ids = [f"q{i}" for i in range(questions)]
    rows = []
    for _ in range(learners):
        ability = rng.random()
        rows.append({q: rng.random() < ability for q in ids if rng.random() >= skip})
    return ids, [r for r in rows if r]


def test_item_statistics_agree_to_the_last_digit(validator_js):
    """Facility, discrimination (exact hundredths and the rounded value), flags, KR-20 and the score
    distribution, from itemstats.py and from the page's code, for small and large groups."""
    rng = random.Random(7)
    tests = [random_test(rng, rng.choice([2, 3, 5, 12, 40, 200, 1500]), rng.choice([2, 3, 6, 24]), rng.choice([0, 0, .1]))
             for _ in range(150)]
    tests.append((["a", "b"], [{"a": True, "b": True}, {"a": True, "b": True}]))          # no variation
    tests.append((["a", "b", "c"], [dict(zip("abc", map(bool, row))) for row in [[1, 1, 1], [1, 1, 0], [1, 0, 0]]]))
    browser = in_browser_code(validator_js, [{"kind": "analyse", "ids": ids, "learners": learners} for ids, learners in tests])
    for (ids, learners), from_browser in zip(tests, browser):
        assert from_browser == itemstats.analyse(ids, learners).as_json()


# -- the page ------------------------------------------------------------------------------------------



def write_files(folder: Path, files: list[tuple[str, bytes]]) -> list[Path]:
    folder.mkdir(exist_ok=True)
    paths = []
    for name, content in files:
        path = folder / name
        path.write_bytes(content)
        paths.append(path)
    return paths


def command_json(folder: Path, names: list[str]) -> tuple[dict, list[str]]:
    result = subprocess.run([sys.executable, "-m", "s3kurs.cli", "results", "summarize", *names, "--json"], cwd=folder,
                            capture_output=True, text=True, env={**os.environ, "S3KURS_ROOT": str(ROOT)})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout), result.stderr.splitlines()


def open_page(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("[data-s3k-summary][data-ready=true]")


def loaded(page, count: int) -> dict:
    page.wait_for_function(f"(() => {{ const s = document.querySelector('[data-s3k-summary]');"
                           f" return s.dataset.files == '{count}' && !s.dataset.busy; }})()")
    return page.evaluate("document.querySelector('[data-s3k-summary]').s3kSummary")


def drop(page, files: list[tuple[str, bytes]]) -> None:
    """Drag and drop *files* onto the page's box, as a file manager does."""
    import base64

    payload = [{"name": name, "data": base64.b64encode(content).decode("ascii")} for name, content in files]
    page.evaluate("""(files) => {
      const transfer = new DataTransfer();
      files.forEach(f => transfer.items.add(new File([Uint8Array.from(atob(f.data), c => c.charCodeAt(0))], f.name)));
      const box = document.querySelector('.s3k-drop');
      box.dispatchEvent(new DragEvent('dragenter', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      box.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      box.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }""", payload)


@pytest.mark.browser
def test_the_page_and_the_command_agree_on_good_and_bad_files(course_site, serve, page, tmp_path):
    server = serve(course_site)
    files = [(n, b) for n, b in good_and_bad_files() if not n.startswith("stor")]  # 5 MB each: read by the tests above
    paths = write_files(tmp_path / "filer", files)
    # the first half with the file button, chosen with the keyboard; the rest dropped on the box
    half = len(files) // 2
    open_page(page, server.url(PAGE))
    # Playwright turns on catching the file dialog without waiting for it (expect_file_chooser
    # races a key press that is quicker than a click): turned on here, before the Tab presses
    page.on("filechooser", lambda _chooser: None)
    focus_into(page, ".s3k-summary-choose")
    assert active(page, "el.matches(':focus-visible')")
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Enter")
    assert chooser.value.is_multiple()
    chooser.value.set_files([str(p) for p in paths[:half]])
    loaded(page, half)
    drop(page, files[half:])
    shown = loaded(page, len(files))
    expected, stderr = command_json(tmp_path / "filer", [n for n, _ in files])
    assert shown == expected
    assert page.locator(".s3k-summary-skipped-files li").all_inner_texts() == stderr == expected["skipped"]
    assert page.locator(".s3k-summary-status").inner_text() == f"Lästa filer: {15 + 10}. Överhoppade filer: {len(stderr)}."
    assert page.locator(".s3k-summary-read-files summary").inner_text() == "Lästa filer: 25"
    # what the tables show: the first module, the least often right question, an exercise item
    first_module = next(iter(expected["modules"].values()))
    row = page.locator(".s3k-summary-output table").first.locator("tbody tr").first
    assert row.locator("td").nth(1).inner_text() == f"{first_module['percent']} %"
    items = expected["exercises"]["obstacle_analysis"]["items"]
    obstacles = page.locator("h3", has_text="Hinderanalys").locator("xpath=following-sibling::div[1]")
    cells = obstacles.locator("tbody tr").first.locator("th, td").all_inner_texts()
    assert cells == [items[0]["label"][0], str(items[0]["n"]), items[0]["mean"], str(items[0]["min"]),
                     str(items[0]["max"]), items[0]["sd"]]
    assert "Inget laddas upp." in page.locator(".s3k-summary-private").inner_text()
    # remove them all, and start again
    page.locator(".s3k-summary-clear").click()
    loaded(page, 0)
    assert page.locator(".s3k-summary-output").inner_text() == ""
    assert page.locator(".s3k-summary-status").inner_text() == "Filerna är borttagna från sidan."
    assert active(page, "el.classList.contains('s3k-summary-choose')")
    assert page.errors == [] and [u for u in page.requests if not server.is_local(u)] == []


@pytest.mark.browser
@pytest.mark.parametrize("mode", ["light", "dark"])
def test_axe_finds_nothing_with_the_files_shown(course_site, serve, browser, tmp_path, mode):
    server = serve(course_site)
    files = [(n, b) for n, b in good_and_bad_files() if not n.startswith("stor")]
    paths = write_files(tmp_path / "filer", files)
    for width in (1280, 320):
        context = browser.new_context(color_scheme=mode, viewport={"width": width, "height": 900})
        page = context.new_page()
        open_page(page, server.url(PAGE))
        assert page.evaluate("document.documentElement.dataset.theme") == mode
        page.set_input_files("#s3k-summary-input", [str(p) for p in paths])
        loaded(page, len(files))
        page.locator(".s3k-summary-read-files summary").click()
        violations = axe_violations(page)
        assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), width
        context.close()


@pytest.mark.browser
def test_the_page_works_from_the_file_system(course_site, page, tmp_path):
    files = good_and_bad_files()[:3] + [("p.csv", exercise_csv("prioritisation", EXERCISES["prioritisation"].example))]
    paths = write_files(tmp_path / "filer", files)
    open_page(page, (course_site / PAGE).as_uri())
    page.set_input_files("#s3k-summary-input", [str(p) for p in paths])
    shown = loaded(page, len(files))
    assert shown["files"] == 3 and shown["exercise_files"] == 1 and shown["skipped"] == []
    assert page.errors == [] and all(u.startswith("file://") for u in page.requests), page.requests


@pytest.mark.browser
@pytest.mark.parametrize("path", [PAGE, "book/min-progress.html"])
def test_the_pages_stay_within_the_budget(course_site, serve, page, path):
    server = serve(course_site)
    sizes = []
    page.on("requestfinished", lambda r: sizes.append(len(r.response().body())))
    page.goto(server.url(path))
    page.wait_for_load_state("networkidle")
    assert len(sizes) <= 25 and sum(sizes) <= 1_000_000, (len(sizes), sum(sizes))
    assert [u for u in page.requests if not server.is_local(u)] == []
    print(f"{path}: {len(sizes)} requests, {sum(sizes)} bytes")
