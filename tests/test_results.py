"""`s3kurs results summarize`: a group's results files become a table and a chart; bad files
are reported in one line each and skipped; version 1 and version 2 files are both read."""
from __future__ import annotations

import json
import subprocess
import sys

from s3kurs import results
from s3kurs.bank import load_bank
from s3kurs.project import Project

from conftest import ROOT

BANK = load_bank(project=Project.find(ROOT))[0]
M1 = [q.id for q in BANK.modules["modul-1"].questions]
WHEN = "2026-11-28T09:00:00.000Z"


def results_file(path, answers: dict[str, bool], version: int = 2, finals=(), **override):
    def question(qid, right):
        entry = {"id": qid, "module": BANK.module_map()[qid], "firstAttemptCorrect": right, "attempts": 1,
                 "firstAnswered": WHEN, "lastAnswered": WHEN}
        return {**entry, "hash": BANK.hashes[qid]} if version == 2 else entry

    data = {"format": "s3kurs-results", "formatVersion": version, "bankVersion": BANK.version,
            "exported": "2026-11-28T10:00:00.000Z", "finalTests": list(finals),
            "questions": [question(qid, right) for qid, right in answers.items()]}
    data.update(override)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def summarize(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "s3kurs.cli", "results", "summarize", *map(str, args)],
                          cwd=cwd, capture_output=True, text=True)


def test_a_group_is_summarised_and_bad_files_are_skipped(tmp_path):
    good = [results_file(tmp_path / "a.json", {M1[0]: True, M1[1]: False}),
            results_file(tmp_path / "b.json", {M1[0]: True, M1[1]: False, M1[2]: True}),
            results_file(tmp_path / "c.json", {M1[0]: False}, version=1)]
    bad = {
        "empty.json": b"",
        "corrupt.json": b'{"format": "s3kurs-results", "formatVersion": 2, ',
        "binary.json": bytes(range(256)),
        "other.json": json.dumps({"hello": "world"}).encode(),
    }
    for name, content in bad.items():
        (tmp_path / name).write_bytes(content)
    old_format = results_file(tmp_path / "old.json", {M1[0]: True}, formatVersion=0)
    old_bank = results_file(tmp_path / "oldbank.json", {M1[0]: True}, version=1, bankVersion="000000000000")
    damaged = results_file(tmp_path / "damaged.json", {}, questions=[{"id": 3}])
    chart = tmp_path / "diagram.png"
    result = summarize(*good, *(tmp_path / n for n in bad), old_format, old_bank, damaged, "--chart", chart)
    assert result.returncode == 0, result.stderr
    skipped = result.stderr.strip().splitlines()
    assert len(skipped) == 7 and all(line.endswith("hoppas över") for line in skipped), skipped
    assert any("empty.json: filen är tom" in line for line in skipped)
    assert any("corrupt.json: inte giltig JSON" in line for line in skipped)
    assert any("other.json: ingen resultatfil från s3kurs" in line for line in skipped)
    assert any("old.json: formatversion 0, det här verktyget läser versionerna 1, 2" in line for line in skipped)
    assert any("oldbank.json: en fil i version 1 från frågebanken 000000000000" in line for line in skipped)
    assert any("damaged.json: följer inte formatet för resultatfiler vid questions/0" in line for line in skipped)
    assert "Traceback" not in result.stderr
    out = result.stdout
    assert "Resultat från 3 fil(er)." in out
    assert "modul-1          6" in out and " 50 %" in out          # 3 of 6 right at the first attempt
    lines = out.splitlines()
    start = lines.index("Frågor att prata om först (lägst andel rätt först):") + 2
    order = [line.split()[0] for line in lines[start:lines.index("", start)]]
    assert order[0] == M1[1] and order[-1] == M1[2]               # 0 % first, 100 % last
    assert chart.read_bytes().startswith(b"\x89PNG")


def test_answers_to_changed_questions_are_left_out_and_counted(tmp_path):
    # a version 2 file from an older bank: one answer's question has changed since (its hash differs)
    path = results_file(tmp_path / "a.json", {M1[0]: True, M1[1]: True}, bankVersion="000000000000")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["questions"][1]["hash"] = "00000000"
    data["finalTests"] = [{"when": WHEN, "seed": 7, "group": "malmö", "score": 1, "total": 2, "passed": False,
                           "modules": {"modul-1": {"score": 1, "total": 2}},
                           "answers": [{"id": M1[0], "hash": BANK.hashes[M1[0]], "correct": True},
                                       {"id": "m1-borttagen", "hash": "12345678", "correct": False}]}]
    path.write_text(json.dumps(data), encoding="utf-8")
    learner, problem = results.read(path, BANK)
    assert problem is None
    assert learner.first == {M1[0]: True} and learner.ignored == 2
    assert learner.finals[0].group == "malmö" and learner.finals[0].answers == [(M1[0], True)]
    result = summarize(path, "--chart", tmp_path / "c.png")
    assert "2 svar på frågor som har ändrats eller tagits bort sedan dess räknades inte med." in result.stdout


def test_no_readable_file_is_an_error_not_a_crash(tmp_path):
    (tmp_path / "x.json").write_text("not json", encoding="utf-8")
    result = summarize(tmp_path / "x.json", tmp_path / "missing.json", "--chart", tmp_path / "c.png")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "missing.json: kan inte läsas" in result.stderr and "Ingen resultatfil gick att läsa." in result.stderr
