"""The score and pass rule has one definition (s3kurs/scoring.py); the browser applies it with the
rule's numbers from the page data (s3kurs-core.js). Both give the same verdict and figures for
every score of every final-test size, so a second copy cannot drift."""
from __future__ import annotations

import json
import shutil
import subprocess

from s3kurs import scoring

from conftest import ROOT

CORE = ROOT / "s3kurs" / "static" / "s3kurs-core.js"
TOTALS = [4 * m for m in range(1, 13)]  # the final test has four questions per module


def in_browser_core(expression: str, data):
    """Evaluate *expression* (with `S` = the core and `data` = *data*) in Node.js."""
    script = ("global.window = {}; require(process.argv[1]); const S = window.S3kurs;"
              "const data = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
              f"console.log(JSON.stringify({expression}));")
    done = subprocess.run([shutil.which("node"), "-e", script, str(CORE)], input=json.dumps(data),
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_pass_and_percentage_agree_for_every_score_and_total():
    cases = [(score, total) for total in TOTALS for score in range(total + 1)]
    browser = in_browser_core("data.cases.map(([s, t]) => [S.passed(s, t, data.rule), S.percent(s, t)])",
                              {"cases": cases, "rule": scoring.rule()})
    python = [[scoring.passed(s, t), scoring.percent(s, t)] for s, t in cases]
    assert browser == python


def test_a_failing_score_never_shows_the_pass_mark():
    for total in TOTALS + [44]:
        for score in range(total + 1):
            shown = scoring.percent(score, total)
            assert scoring.passed(score, total) == (shown >= 80), (score, total)
    assert scoring.percent(35, 44) == 79 and not scoring.passed(35, 44)
    assert scoring.percent(15, 24) == 62


def test_means_are_rounded_down_the_same_way():
    samples = [[3, 4, 4], [0], [5, 5, 4], [1, 2], [2, 2, 3], [0, 0, 1], list(range(6)), [4] * 7 + [3]]
    browser = in_browser_core("data.map(v => S.meanText(v))", samples)
    assert browser == [scoring.mean_text(v) for v in samples]
    assert scoring.mean_text([3, 4, 4]) == "3,6" and scoring.decimal(23) == "2,3"
