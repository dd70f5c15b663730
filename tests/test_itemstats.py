"""Item statistics (s3kurs.itemstats, `s3kurs results summarize`) on constructed groups whose
figures are worked out by hand below: a question everyone gets right, one only the strongest get
right, one answered at random, a group of 3 and a group of 40."""
from __future__ import annotations

import json
import math
import random
from fractions import Fraction

import pytest

from s3kurs import cli, itemstats, results
from s3kurs.bank import load_bank
from s3kurs.project import Project

from conftest import ROOT

BANK = load_bank(project=Project.find(ROOT))[0]
M1 = [q.id for q in BANK.modules["modul-1"].questions]
WHEN = "2026-11-28T09:00:00.000Z"

# -- a group of 3: three questions ------------------------------------------------------------------
#   learner   q1 q2 q3   score
#   1          1  1  1     3
#   2          1  1  0     2
#   3          1  0  0     1
# q1: everyone right. q2: rest scores (q1+q3) 2,1,1 against answers 1,1,0:
#     n=3, Σx=2, Σy=4, Σxy=3, Σy²=6: N = 3·3 − 2·4 = 1, D = (3·2 − 2²)(3·6 − 4²) = 2·2 = 4, r = 1/2.
# q3: rest scores 2,2,1 against 1,0,0: N = 3·2 − 1·5 = 1, D = (3 − 1)(3·9 − 25) = 4, r = 1/2.
# KR-20: k=3, Σcᵢ(n−cᵢ) = 0 + 2 + 2 = 4, n·ΣT² − (ΣT)² = 3·14 − 36 = 6: 3/2 · (1 − 4/6) = 1/2.
THREE = [[1, 1, 1], [1, 1, 0], [1, 0, 0]]


# -- a group of 40: four ability levels of 10 learners, five questions ---------------------------------
#   A: everyone right.               B: only the strongest (level 3) right.
#   C: at random, 5 of 10 right at every level.   D: right from level 1.   E: right from level 2.
# B: Σx=10, Σy (rest) = 40+20+30+20 = 110, Σxy = 10·3 + 5 = 35 (rest at level 3 is 3 + C),
#    Σy² = 25 + 65 + 125 + 125 = 340 (rest 1+C, 2+C, 3+C, 3+C per level, half with C=1):
#    N = 40·35 − 10·110 = 300, D = (40·10 − 100)(40·340 − 110²) = 300·1500, r = 1/√5 = 0,447…
# C: its answers are spread alike over every level, and the rest score depends on the level only: r = 0.
# D: r = 1/√5 as for B (mirror image); E: N = 400, D = 400·1200, r = 1/√3 = 0,577…
# KR-20: c = 40, 10, 20, 30, 20: Σc(n−c) = 1400; scores 1+C, 2+C, 3+C, 4+C per level:
#    ΣT = 120, ΣT² = 420, n·ΣT² − (ΣT)² = 2400: 5/4 · (1 − 1400/2400) = 25/48 = 0,52…
# Scores: 1 (5), 2 (10), 3 (10), 4 (10), 5 (5).
def forty() -> list[list[int]]:
    return [[1, int(level == 3), int(j < 5), int(level >= 1), int(level >= 2)]
            for level in range(4) for j in range(10)]


def test_group_of_three():
    assert [itemstats.discrimination(THREE, i) for i in range(3)] == [
        None, itemstats.Correlation(1, 4), itemstats.Correlation(1, 4)]
    assert itemstats.Correlation(1, 4).hundredths == 50
    assert itemstats.kr20(THREE) == Fraction(1, 2)
    assert itemstats.distribution(THREE) == [0, 1, 1, 1]
    test = itemstats.analyse(["q1", "q2", "q3"], [dict(zip(["q1", "q2", "q3"], map(bool, row))) for row in THREE])
    assert [(i.n, i.right, i.facility) for i in test.items] == [(3, 3, 100), (3, 2, 66), (3, 1, 33)]
    assert [i.flags for i in test.items] == [["too-easy"], [], []]
    assert test.few and all(i.few and i.few_complete for i in test.items)  # under 10: marked, still given
    assert test.kr20_hundredths == 50


def test_group_of_forty():
    rows = forty()
    index = [itemstats.discrimination(rows, i) for i in range(5)]
    assert index[0] is None                                            # everyone right: nothing to correlate
    assert index[1] == itemstats.Correlation(300, 300 * 1500)          # only the strongest: 1/√5
    assert index[1].hundredths == 44 and index[1].value == pytest.approx(1 / math.sqrt(5))
    assert index[2].numerator == 0 and index[2].hundredths == 0        # at random
    assert index[3].hundredths == 44
    assert index[4] == itemstats.Correlation(400, 400 * 1200) and index[4].hundredths == 57
    assert itemstats.kr20(rows) == Fraction(25, 48)
    assert itemstats.distribution(rows) == [0, 5, 10, 10, 10, 5]
    ids = list("ABCDE")
    test = itemstats.analyse(ids, [dict(zip(ids, map(bool, row))) for row in rows])
    assert [(i.facility, i.flags) for i in test.items] == [
        (100, ["too-easy"]), (25, []), (50, ["no-discrimination"]), (75, []), (50, [])]
    assert not test.few and test.learners == 40 and test.kr20_hundredths == 52


def test_the_figures_agree_with_numpy():
    numpy = pytest.importorskip("numpy")
    rng = random.Random(3)
    for _ in range(50):
        n, k = rng.randrange(3, 40), rng.randrange(2, 8)
        rows = [[int(rng.random() < 0.3 + 0.1 * j) for j in range(k)] for _learner in range(n)]
        matrix = numpy.array(rows)
        scores = matrix.sum(axis=1)
        for i in range(k):
            index = itemstats.discrimination(rows, i)
            rest = scores - matrix[:, i]
            if matrix[:, i].std() == 0 or rest.std() == 0:
                assert index is None
            else:
                r = numpy.corrcoef(matrix[:, i], rest)[0, 1]
                assert index.value == pytest.approx(r)
                assert index.hundredths == math.floor(100 * r + 1e-12) or abs(100 * r - round(100 * r)) < 1e-9
        kr = itemstats.kr20(rows)
        if scores.var() == 0:
            assert kr is None
        else:
            p = matrix.mean(axis=0)
            assert float(kr) == pytest.approx(k / (k - 1) * (1 - (p * (1 - p)).sum() / scores.var()))


def test_an_item_only_the_weakest_get_right_discriminates_the_wrong_way():
    rows = [[int(level >= 1), int(level >= 2), int(level == 0)] for level in range(4) for _ in range(5)]
    test = itemstats.analyse(["a", "b", "c"], [dict(zip("abc", map(bool, row))) for row in rows])
    weakest = test.items[2]
    assert weakest.discrimination.numerator < 0 and weakest.discrimination.hundredths < 0
    assert weakest.flags == ["negative-discrimination"]


def test_rounding_down_is_exact():
    assert itemstats.Correlation(-1, 4).hundredths == -50        # exactly −0,50
    assert itemstats.Correlation(-1, 3).hundredths == -58        # −0,577… shown as −0,58
    assert itemstats.Correlation(1, 3).hundredths == 57
    assert itemstats.Correlation(1, 25).hundredths == 20         # exactly 0,20: not under it
    assert itemstats.hundredths_down(Fraction(-1, 300)) == -1
    assert results.coefficient(-1) == "−0,01" and results.coefficient(5) == "0,05" and results.coefficient(None) == "–"


@pytest.mark.parametrize("right, n, flag", [(95, 100, ["too-easy"]), (94, 100, []), (20, 100, []),
                                            (19, 100, ["too-hard"]), (0, 3, ["too-hard"])])
def test_facility_thresholds(right, n, flag):
    assert itemstats.flags(n, right, None) == flag


def test_no_figure_without_variation():
    assert itemstats.correlation([1, 1, 1], [0, 1, 2]) is None
    assert itemstats.kr20([[1, 0], [1, 0]]) is None        # everyone has the same score
    assert itemstats.kr20([[1, 0, 1]]) is None              # one learner
    assert itemstats.kr20([[1], [0]]) is None               # one question


def test_learners_who_skipped_a_question_count_in_its_facility_only():
    answers = [{"a": True, "b": True}, {"a": False, "b": False}, {"a": True}]
    test = itemstats.analyse(["a", "b"], answers)
    assert [(i.n, i.right) for i in test.items] == [(3, 2), (2, 1)]
    assert test.learners == 2 and all(i.complete == 2 for i in test.items)
    assert test.distribution == [1, 0, 1]


# -- `s3kurs results summarize` on results files ----------------------------------------------------

def results_file(path, answers: dict[str, bool], finals=()):
    data = {"format": "s3kurs-results", "formatVersion": 2, "bankVersion": BANK.version, "exported": WHEN,
            "finalTests": list(finals),
            "questions": [{"id": qid, "module": BANK.module_map()[qid], "hash": BANK.hashes[qid],
                           "firstAttemptCorrect": right, "attempts": 1, "firstAnswered": WHEN, "lastAnswered": WHEN}
                          for qid, right in answers.items()]}
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def final(answers: dict[str, bool], group="malmö", seed=1):
    return {"when": WHEN, "seed": seed, "group": group, "score": sum(answers.values()), "total": len(answers),
            "passed": False, "modules": {},
            "answers": [{"id": qid, "hash": BANK.hashes[qid], "correct": right} for qid, right in answers.items()]}


def group_of_forty(folder):
    """Module 1 answered in full by 40 learners: the first five questions as in `forty()`
    (A = M1[0] … E = M1[4]), every other question right. All 40 took the same final test
    (group malmö) on B, C and D; one more learner took another form alone."""
    paths = []
    for number, row in enumerate(forty()):
        answers = {qid: True for qid in M1}
        answers.update({qid: bool(x) for qid, x in zip(M1[:5], row)})
        form = {qid: answers[qid] for qid in M1[1:4]}
        paths.append(results_file(folder / f"l{number}.json", answers, [final(form), final(form, seed=2)]))
    paths.append(results_file(folder / "alone.json", {M1[0]: True}, [final({M1[5]: True, M1[6]: False}, group="umeå")]))
    return paths


def summarize_json(capsys, paths) -> dict:
    assert cli.main(["results", "summarize", *map(str, paths), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_summarize_json_group_of_forty(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    data = summarize_json(capsys, group_of_forty(tmp_path))
    page = data["modules"]["modul-1"]["quiz_page"]
    assert page["learners"] == 40 and page["questions"] == M1
    # k questions: the k − 5 that everyone gets right add nothing to Σc(n−c) or the spread of the
    # scores, so KR-20 = k/(k−1) · (1 − 1400/2400) (with k = 20: 100/228 = 0,4386…)
    k = len(M1)
    assert page["kr20"] == pytest.approx(k / (k - 1) * (1 - 1400 / 2400), abs=1e-4)
    assert page["kr20_hundredths"] == int(100 * k / (k - 1) * (1 - 1400 / 2400))
    assert page["distribution"][k - 4:] == [5, 10, 10, 10, 5] and sum(page["distribution"]) == 40
    items = {item["id"]: item for item in page["items"]}
    a, b, c, d, e = (items[qid] for qid in M1[:5])
    assert (a["facility_percent"], a["discrimination"], a["flags"]) == (100, None, ["too-easy"])
    assert (b["facility_percent"], b["discrimination_hundredths"], b["flags"]) == (25, 44, [])
    assert (c["facility_percent"], c["discrimination_hundredths"], c["flags"]) == (50, 0, ["no-discrimination"])
    assert d["discrimination_hundredths"] == 44 and e["discrimination_hundredths"] == 57
    assert not b["few_answers"] and not b["few_complete"]
    # the shared final test: B, C, D. c = 10, 20, 30: Σc(n−c) = 1000; scores C, 1+C, 1+C, 2+C per level:
    # n·ΣT² − (ΣT)² = 40·120 − 60² = 1200; KR-20 = 3/2 · (1 − 1000/1200) = 1/4. The second attempt
    # at the same form does not count again.
    [form] = data["final_tests"]
    assert (form["group"], form["learners"], form["kr20_hundredths"]) == ("malmö", 40, 25)
    assert form["distribution"] == [5, 15, 15, 5] and form["questions"] == sorted(M1[1:4])
    assert data["final_tests_unshared"] == 1
    assert data["thresholds"]["min_answers"] == 10
    assert all(key.isascii() for key in json.dumps(data["thresholds"]))


def test_summarize_table_group_of_three(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    rows = [[1, 1, 1], [1, 1, 0], [1, 0, 0]]
    paths = []
    for number, row in enumerate(rows):
        answers = {qid: True for qid in M1}
        answers.update({qid: bool(x) for qid, x in zip(M1[:3], row)})
        paths.append(results_file(tmp_path / f"l{number}.json", answers))
    chart = tmp_path / "c.png"
    assert cli.main(["results", "summarize", *map(str, paths), "--chart", str(chart)]) == 0
    out = capsys.readouterr().out
    assert "Svar    Rätt på första försöket    Alla frågor   KR-20" in out
    row = next(line for line in out.splitlines() if line.startswith(M1[1] + " "))
    assert "66 %*" in row and "0,50*" in row                     # shown, and marked
    first = next(line for line in out.splitlines() if line.startswith(M1[0] + " "))
    assert "för lätt" in first and "för få svar för att dra slutsatser" in first
    assert "* färre än 10 svar: för få svar för att dra slutsatser" in out
    k = len(M1)
    assert f"modul-1      {k - 2}:1  {k - 1}:1  {k}:1" in out       # scores k − 2, k − 1 and k of k
    assert chart.read_bytes().startswith(b"\x89PNG")
    data = summarize_json(capsys, paths)
    page = data["modules"]["modul-1"]["quiz_page"]
    # scores k, k − 1, k − 2: KR-20 = k/(k−1) · (1 − 4/6) (with k = 20: 20/57 = 0,350…)
    assert page["kr20_hundredths"] == int(100 * k / (k - 1) / 3) and page["few_answers"] is True
