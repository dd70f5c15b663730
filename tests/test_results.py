"""`s3kurs results summarize`: a group's results files become a table and a chart; bad files
are reported in one line each and skipped."""
from __future__ import annotations

import json
import subprocess
import sys

from s3kurs.bank import load_bank
from s3kurs.project import Project

from conftest import ROOT

BANK = load_bank(project=Project.find(ROOT))[0]


def results_file(path, answers: dict[str, bool], **override):
    data = {"format": "s3kurs-results", "formatVersion": 1, "bankVersion": BANK.version,
            "exported": "2026-11-28T10:00:00.000Z", "finalTests": [],
            "questions": [{"id": qid, "module": BANK.module_map()[qid], "firstAttemptCorrect": right, "attempts": 1,
                           "firstAnswered": "2026-11-28T09:00:00.000Z", "lastAnswered": "2026-11-28T09:00:00.000Z"}
                          for qid, right in answers.items()]}
    data.update(override)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def summarize(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "s3kurs.cli", "results", "summarize", *map(str, args)],
                          cwd=cwd, capture_output=True, text=True)


def test_a_group_is_summarised_and_bad_files_are_skipped(tmp_path):
    m1 = [q.id for q in BANK.modules["modul-1"].questions]
    good = [results_file(tmp_path / "a.json", {m1[0]: True, m1[1]: False}),
            results_file(tmp_path / "b.json", {m1[0]: True, m1[1]: False, m1[2]: True}),
            results_file(tmp_path / "c.json", {m1[0]: False})]
    bad = {
        "empty.json": b"",
        "corrupt.json": b'{"format": "s3kurs-results", "formatVersion": 1, ',
        "binary.json": bytes(range(256)),
        "other.json": json.dumps({"hello": "world"}).encode(),
    }
    for name, content in bad.items():
        (tmp_path / name).write_bytes(content)
    old_format = results_file(tmp_path / "old.json", {m1[0]: True}, formatVersion=0)
    old_bank = results_file(tmp_path / "oldbank.json", {m1[0]: True}, bankVersion="000000000000")
    damaged = results_file(tmp_path / "damaged.json", {}, questions=[{"id": 3}])
    chart = tmp_path / "diagram.png"
    result = summarize(*good, *(tmp_path / n for n in bad), old_format, old_bank, damaged, "--chart", chart)
    assert result.returncode == 0, result.stderr
    skipped = result.stderr.strip().splitlines()
    assert len(skipped) == 7 and all(line.endswith("skipped") for line in skipped)
    assert any("empty.json: the file is empty" in line for line in skipped)
    assert any("corrupt.json: not valid JSON" in line for line in skipped)
    assert any("other.json: not an s3kurs results file" in line for line in skipped)
    assert any("old.json: format version 0" in line for line in skipped)
    assert any("oldbank.json: from question bank '000000000000'" in line for line in skipped)
    assert any("damaged.json: the list of questions is damaged" in line for line in skipped)
    assert "Traceback" not in result.stderr
    out = result.stdout
    assert "Resultat från 3 fil(er)." in out
    assert "modul-1          6" in out and " 50%" in out          # 3 of 6 right at the first attempt
    lines = out.splitlines()
    start = lines.index("Frågor att prata om först (lägst andel rätt först):") + 2
    order = [line.split()[0] for line in lines[start:lines.index("", start)]]
    assert order[0] == m1[1] and order[-1] == m1[2]               # 0 % first, 100 % last
    assert chart.read_bytes().startswith(b"\x89PNG")


def test_no_readable_file_is_an_error_not_a_crash(tmp_path):
    (tmp_path / "x.json").write_text("not json", encoding="utf-8")
    result = summarize(tmp_path / "x.json", tmp_path / "missing.json", "--chart", tmp_path / "c.png")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "missing.json: cannot be read" in result.stderr and "No results file could be read." in result.stderr
